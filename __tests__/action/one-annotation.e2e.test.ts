import { manifestYaml } from '../helpers/workspace.js'
import { git, makeRepo, repositoryPayload, runAction } from './harness.js'

/**
 * A user error is one annotation at its file and line, with its fix once: the
 * step fails without core.setFailed saying it all a second time.
 */
describe('the Action on a manifest with mistakes', () => {
  const annotations = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('::error'))

  async function planWith(posts: string) {
    const repo = await makeRepo({ 'tiktok.yml': manifestYaml({ accounts: ['brand-us'], posts }) })
    const ws = repo.clone('ws')
    const sha = git(ws, 'rev-parse', 'HEAD').trim()
    const event = { number: 3, pull_request: { number: 3, base: { ref: 'main' } }, repository: repositoryPayload() }
    // no github-token: the run stops at the manifest, before any call to GitHub or TikTok
    return runAction({ workspace: ws, eventName: 'pull_request', event, sha, ref: 'refs/pull/3/merge', apiUrl: 'http://127.0.0.1:9', inputs: {} })
  }

  it('one mistake: exactly one error annotation, its fix said once, exit 1, no "bug"', async () => {
    const r = await planWith('  - id: spring\n    video: media/a.mp4\n    captoin: "typo"\n    accounts: [brand-us]\n')
    expect(r.code).toBe(1)
    const errors = annotations(r.stdout)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^::error title=tiktok-publish,file=tiktok\.yml,line=\d+,col=\d+::.*captoin/)
    expect(errors[0].match(/fix:/g)).toHaveLength(1)
    expect(r.stdout).not.toContain('This is a bug')
  }, 60_000)

  it('two mistakes: two annotations, one per mistake, and the summary lists both', async () => {
    const r = await planWith('  - id: spring\n    video: media/a.mp4\n    captoin: "typo"\n    accounts: [brand-us]\n  - id: Bad Id\n    video: media/b.mp4\n    caption: "b"\n    accounts: [brand-us]\n')
    expect(r.code).toBe(1)
    const errors = annotations(r.stdout)
    expect(errors).toHaveLength(2)
    expect(errors.filter((e) => e.includes('captoin'))).toHaveLength(1)
    expect(errors.filter((e) => e.includes('Bad Id'))).toHaveLength(1)
    expect(r.summary).toContain('2 problem(s) to fix')
  }, 60_000)
})
