import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { manifestYaml } from '../helpers/workspace.js'
import { CLIENT_KEY, CLIENT_SECRET, post, PUBLIC, world, type World } from './apply-world.js'
import { git, makeRepo, repositoryPayload, runAction } from './harness.js'

/**
 * Merging is the consent to publish. GitHub lets a workflow be dispatched on
 * any branch: `apply` there would publish a manifest nobody reviewed with the
 * repository's secrets. It must stop before any secret is read or any token
 * is refreshed, and say why.
 */
describe('apply on a branch other than the default one', () => {
  let w: World
  beforeAll(async () => {
    w = await world()
  })
  afterAll(async () => {
    await w.emulator.close()
    await w.github.close()
  })

  async function featureBranch() {
    const repo = await makeRepo({ 'tiktok.yml': manifestYaml({ accounts: ['brand-us', 'brand-br'], defaults: PUBLIC, posts: post('a', ['brand-us']) }) })
    git(repo.seed, 'checkout', '-q', '-b', 'unreviewed')
    await writeFile(path.join(repo.seed, 'tiktok.yml'), manifestYaml({ accounts: ['brand-us', 'brand-br'], defaults: PUBLIC, posts: post('a', ['brand-us']) + post('b', ['brand-us', 'brand-br']) }))
    git(repo.seed, 'commit', '-qam', 'publish b without review')
    git(repo.seed, 'push', '-q', 'origin', 'unreviewed')
    const ws = repo.clone(`ws-dispatch-${Math.random().toString(36).slice(2, 8)}`, 'unreviewed')
    return { repo, ws, sha: git(ws, 'rev-parse', 'HEAD').trim() }
  }

  /** a workflow_dispatch run on branch `unreviewed` */
  const dispatch = (ws: string, sha: string, given: Record<string, string>) =>
    runAction({
      workspace: ws,
      eventName: 'workflow_dispatch',
      event: { ref: 'refs/heads/unreviewed', inputs: {}, repository: repositoryPayload() },
      sha,
      ref: 'refs/heads/unreviewed',
      apiUrl: w.github.url,
      inputs: given,
      env: { TIKTOK_REFRESH_BRAND_BR: w.seeds['brand-br'] }
    })
  const inputs = (extra: Record<string, string> = {}) => ({
    'api-base-url': w.emulator.url,
    'github-token': w.github.commentToken,
    'secrets-token': w.github.secretsToken,
    secrets: JSON.stringify({ TIKTOK_CLIENT_KEY: CLIENT_KEY, TIKTOK_CLIENT_SECRET: CLIENT_SECRET, TIKTOK_REFRESH_BRAND_US: w.seeds['brand-us'] }),
    ...extra
  })

  it('a workflow_dispatch publishes nothing and touches no token', async () => {
    const { repo, ws, sha } = await featureBranch()
    const heads = git(repo.bare, 'for-each-ref', '--format=%(refname) %(objectname)')
    const ledger = w.emulator.ledger.length
    const github = w.github.seen.length
    const run = await dispatch(ws, sha, inputs())
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::apply publishes only from the repository's default branch, `main`.*this run is on branch `unreviewed` \(workflow_dispatch\)/)
    expect(run.stdout).toContain('no token was touched')
    expect(run.outputs.published).toBe('[]')
    // not one request to TikTok, none to GitHub's secrets or comments, nothing pushed
    expect(w.emulator.ledger.slice(ledger)).toEqual([])
    expect(w.emulator.posts()).toEqual([])
    expect(w.github.seen.slice(github)).toEqual([])
    expect(git(repo.bare, 'for-each-ref', '--format=%(refname) %(objectname)')).toBe(heads)
    // the secrets were never even masked: nothing read them
    expect(run.stdout).not.toContain(`::add-mask::${w.seeds['brand-br']}`)
  })

  it('a push to that branch is refused the same way; dry-run still shows the plan', async () => {
    const { ws, sha } = await featureBranch()
    const ledger = w.emulator.ledger.length
    const push = { ref: 'refs/heads/unreviewed', after: sha, repository: repositoryPayload() }
    const run = await runAction({ workspace: ws, eventName: 'push', event: push, sha, ref: 'refs/heads/unreviewed', apiUrl: w.github.url, inputs: inputs() })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::apply publishes only from/)
    const dry = await runAction({ workspace: ws, eventName: 'push', event: push, sha, ref: 'refs/heads/unreviewed', apiUrl: w.github.url, inputs: inputs({ 'dry-run': 'true' }) })
    expect(dry.code).toBe(0)
    expect((JSON.parse(dry.outputs.plan) as { post: string }[]).map((a) => a.post).sort()).toEqual(['a', 'b', 'b'])
    expect(w.emulator.ledger.slice(ledger)).toEqual([])
  })

  it('publishes from the branch the apply-branch input names', async () => {
    const { repo, ws, sha } = await featureBranch()
    const run = await dispatch(ws, sha, inputs({ 'apply-branch': 'unreviewed' }))
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect((JSON.parse(run.outputs.published) as unknown[]).length).toBe(3)
    expect(repo.show('unreviewed', 'tiktok.state.json')).toBeDefined()
  })
})
