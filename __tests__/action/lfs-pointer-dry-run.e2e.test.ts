/**
 * A checkout without Git LFS content holds pointers. The Action's dry run over
 * such a checkout, where the pointer's post is published, plans without the
 * video and without git-lfs (the pointer is committed here as a plain file).
 */
import path from 'node:path'
import { emptyState, serializeState, setRecord } from '../../src/state/index.js'
import { publishedFileRecord } from '../helpers/records.js'
import { FIXTURES, makeWorkspace, manifestYaml } from '../helpers/workspace.js'
import { git, makeRepo, repositoryPayload, runAction } from './harness.js'

const MANIFEST = manifestYaml({ accounts: ['brand-us'], posts: '  - id: a\n    video: media/a.mp4\n    caption: "Post a"\n    accounts: [brand-us]\n' })
const POINTER = path.join(FIXTURES, 'lfs-pointer.mp4')

describe('the Action over a Git LFS pointer of a published post', () => {
  it('a dry run plans it done, reading no video', async () => {
    // the record a run wrote when it published the video this pointer names
    const ws = await makeWorkspace(MANIFEST, { videos: { 'media/a.mp4': POINTER }, git: true })
    const { record } = await publishedFileRecord({ manifestPath: ws.manifestPath, dir: ws.dir, post: 'a', video: 'media/a.mp4' })
    const state = setRecord(emptyState(), 'a', 'brand-us', record)
    const repo = await makeRepo({ 'tiktok.yml': MANIFEST, 'tiktok.state.json': serializeState(state) }, { 'media/a.mp4': POINTER })
    const workspace = repo.clone('ws')
    const sha = git(workspace, 'rev-parse', 'HEAD').trim()
    const run = await runAction({
      workspace,
      eventName: 'schedule',
      event: { schedule: '*/15 * * * *', repository: repositoryPayload() },
      sha,
      ref: 'refs/heads/main',
      // a dry run makes no request: nothing listens here
      apiUrl: 'http://127.0.0.1:9',
      inputs: { 'dry-run': 'true', 'api-base-url': 'http://127.0.0.1:9' }
    })
    expect(run.stdout).not.toMatch(/::error::/)
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.plan!)).toEqual([expect.objectContaining({ post: 'a', account: 'brand-us', action: 'done' })])
    expect(run.stdout).not.toContain('Git LFS: fetching')
  })
})
