import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { emptyState, serializeState, setAccountState } from '../../src/state/index.js'
import { manifestYaml } from '../helpers/workspace.js'
import { FakeGitHubApi } from './fake-github.js'
import { git, makeRepo, repositoryPayload, runAction, type Repo } from './harness.js'

const MARKER = '<!-- tiktok-publish:plan:tiktok.yml -->'

function manifest(posts: string): string {
  return manifestYaml({ accounts: ['brand-us', 'brand-br'], posts })
}

const SPRING = `  - id: spring
    video: media/a.mp4
    caption: "Spring #spring"
    accounts: [brand-us]
    at: 2099-03-20T12:00:00Z
`
const SUMMER = `  - id: summer
    video: media/b.mp4
    caption: "Summer | sale <script>alert(1)</script> @octocat"
    accounts: [brand-us, brand-br]
    disclose: { branded_content: true }
    privacy: PUBLIC_TO_EVERYONE
`

describe('the Action on a pull request (plan)', () => {
  let emulator: Emulator
  let github: FakeGitHubApi
  let repo: Repo
  beforeAll(async () => {
    emulator = await startEmulator({ config: { rate_limits: false } })
    github = await FakeGitHubApi.start()
  })
  afterAll(async () => {
    await emulator.close()
    await github.close()
  })

  it('keeps one sticky comment with the plan, reads state from the base branch, and never calls TikTok', async () => {
    const base = setAccountState(emptyState('lineage-plan'), 'brand-us', {
      creator: { nickname: 'Brand US Official', privacy_level_options: ['PUBLIC_TO_EVERYONE', 'SELF_ONLY'], max_video_post_duration_sec: 600, comment_disabled: false, duet_disabled: false, stitch_disabled: false },
      checked_at: new Date().toISOString()
    })
    repo = await makeRepo({ 'tiktok.yml': manifest(SPRING), 'tiktok.state.json': serializeState(base) })
    // the pull request adds a post
    git(repo.seed, 'checkout', '-q', '-b', 'feature')
    await writeFile(path.join(repo.seed, 'tiktok.yml'), manifest(SPRING + SUMMER))
    git(repo.seed, 'commit', '-qam', 'add summer')
    git(repo.seed, 'push', '-q', 'origin', 'feature')
    const ws = repo.clone('ws-pr', 'feature')
    const sha = git(ws, 'rev-parse', 'HEAD').trim()
    // enough other comments that the plan's comment lands on a second page
    for (let i = 0; i < 105; i++) github.addComment(`unrelated comment ${i}`)

    const event = { action: 'synchronize', number: 7, pull_request: { number: 7, head: { ref: 'feature', sha }, base: { ref: 'main' } }, repository: repositoryPayload() }
    const run = () =>
      runAction({
        workspace: ws,
        eventName: 'pull_request',
        event,
        sha,
        ref: 'refs/pull/7/merge',
        apiUrl: github.url,
        inputs: { 'github-token': github.commentToken, 'api-base-url': emulator.url, manifest: 'tiktok.yml', commit: 'true', 'dry-run': 'false', 'time-budget': '20m' }
      })

    const first = await run()
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    const mine = () => github.comments.filter((c) => c.body.includes(MARKER))
    expect(mine()).toHaveLength(1)
    const body = mine()[0].body
    expect(body.startsWith(MARKER)).toBe(true)
    expect(body).toContain('Brand US Official')
    expect(body).toContain("Merging publishes these posts and agrees to TikTok's Music Usage Confirmation and Branded Content Policy.")
    expect(body).toContain('Paid partnership')
    expect(body).not.toMatch(/<script/i)
    expect(body).toContain('@\u200boctocat')
    expect(body).not.toContain('This pull request changes')

    const plan = JSON.parse(first.outputs.plan) as { post: string; account: string; action: string }[]
    expect(plan.map((a) => `${a.post}/${a.account}/${a.action}`).sort()).toEqual(['spring/brand-us/wait', 'summer/brand-br/publish', 'summer/brand-us/publish'])
    expect(first.outputs['state-changed']).toBe('false')
    expect(first.outputs.published).toBe('[]')
    expect(first.summary).toContain(MARKER)

    // the author edits the state file in the pull request: the rerun edits the same comment and says so
    const edited = setAccountState(base, 'brand-us', { ...base.accounts['brand-us'], creator: { ...base.accounts['brand-us'].creator!, nickname: 'Hand Edited' } })
    await writeFile(path.join(ws, 'tiktok.state.json'), serializeState({ ...edited, serial: 99 }))
    git(ws, 'commit', '-qam', 'edit state by hand')
    const second = await run()
    expect(second.code).toBe(0)
    expect(mine()).toHaveLength(1)
    expect(mine()[0].body).toContain('This pull request changes `tiktok.state.json`')
    expect(mine()[0].body).toContain('Brand US Official')
    expect(mine()[0].body).not.toContain('Hand Edited')
    expect(github.requests('POST', '/issues/7/comments')).toHaveLength(1)
    expect(github.requests('PATCH', '/issues/comments/')).toHaveLength(1)
    // the list was read page by page
    expect(github.requests('GET', 'page=2').length).toBeGreaterThanOrEqual(1)

    // a state branch that no apply has created yet: the plan reads the base branch's state instead
    const third = await runAction({
      workspace: ws,
      eventName: 'pull_request',
      event,
      sha,
      ref: 'refs/pull/7/merge',
      apiUrl: github.url,
      inputs: { 'github-token': github.commentToken, 'state-branch': 'tiktok-state' }
    })
    expect(third.code).toBe(0)
    expect(mine()).toHaveLength(1)
    expect(mine()[0].body).toContain('Brand US Official')
    expect(mine()[0].body).not.toContain('Hand Edited')
    expect(repo.show('tiktok-state', 'tiktok.state.json')).toBeUndefined()

    expect(emulator.ledger).toEqual([])
  })

  it('leaves a look-alike comment with the marker alone and keeps its own', async () => {
    const repo3 = await makeRepo({ 'tiktok.yml': manifest(SPRING) })
    const ws = repo3.clone('ws-hijack')
    const sha = git(ws, 'rev-parse', 'HEAD').trim()
    const event = { number: 9, pull_request: { number: 9, base: { ref: 'main' } }, repository: repositoryPayload() }
    const before = github.comments.length
    // someone comments first with the marker and a false plan; another App's bot quotes the marker too
    const forged = `${MARKER}\n### tiktok-publish plan\n\nMerging publishes nothing new.`
    const theirs = github.addComment(forged, 'mallory', 9)
    const quoted = github.addComment(`> ${MARKER}\nsomeone quoted the plan`, 'other-app[bot]', 9)
    const seen = github.seen.length
    const run = () => runAction({ workspace: ws, eventName: 'pull_request', event, sha, ref: 'refs/pull/9/merge', apiUrl: github.url, inputs: { 'github-token': github.commentToken } })
    const first = await run()
    expect(first.code).toBe(0)
    expect(first.stdout).not.toMatch(/::warning::.*pull-requests: write/)
    expect(theirs.body).toBe(forged)
    expect(quoted.body).toBe(`> ${MARKER}\nsomeone quoted the plan`)
    const ours = github.comments.slice(before).filter((c) => c.user.login === 'github-actions[bot]')
    expect(ours).toHaveLength(1)
    expect(ours[0].body.startsWith(MARKER)).toBe(true)
    expect(ours[0].body).not.toContain('Merging publishes nothing new.')
    expect(ours[0].body).toContain('spring')
    // nobody else's comment was ever written to
    const writes = github.seen.slice(seen).filter((r) => r.method === 'PATCH' || r.method === 'POST')
    expect(writes.filter((r) => r.method === 'PATCH')).toEqual([])
    // the next run edits its own comment, still not theirs
    const second = await run()
    expect(second.code).toBe(0)
    expect(github.comments.slice(before).filter((c) => c.user.login === 'github-actions[bot]')).toHaveLength(1)
    expect(github.requests('PATCH', `/issues/comments/${ours[0].id}`)).toHaveLength(1)
    expect(github.requests('PATCH', `/issues/comments/${theirs.id}`)).toHaveLength(0)
    expect(theirs.body).toBe(forged)
    expect(emulator.ledger).toEqual([])
  })

  it('turns a missing pull-requests permission into a warning, and a manifest error into an annotation and a failure', async () => {
    const repo2 = await makeRepo({ 'tiktok.yml': manifest(SPRING) })
    const ws = repo2.clone('ws-403')
    const sha = git(ws, 'rev-parse', 'HEAD').trim()
    const event = { number: 8, pull_request: { number: 8, base: { ref: 'main' } }, repository: repositoryPayload() }
    github.commentStatus = 403
    try {
      const denied = await runAction({ workspace: ws, eventName: 'pull_request', event, sha, ref: 'refs/pull/8/merge', apiUrl: github.url, inputs: { 'github-token': github.commentToken } })
      expect(denied.code).toBe(0)
      expect(denied.stdout).toMatch(/::warning::.*pull-requests: write/)
    } finally {
      github.commentStatus = undefined
    }

    await writeFile(path.join(ws, 'tiktok.yml'), manifest(SPRING).replace('caption: "Spring #spring"', 'captoin: "typo"'))
    const bad = await runAction({ workspace: ws, eventName: 'pull_request', event, sha, ref: 'refs/pull/8/merge', apiUrl: github.url, inputs: { 'github-token': github.commentToken } })
    expect(bad.code).toBe(1)
    expect(bad.stdout).toMatch(/::error title=tiktok-publish,file=tiktok\.yml,line=\d+,col=\d+::.*captoin/)
    expect(bad.stdout).not.toContain('this is a bug')
    expect(emulator.ledger).toEqual([])
  })
})
