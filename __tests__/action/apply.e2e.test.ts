import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseState, serializeState } from '../../src/state/index.js'
import { manifestYaml } from '../helpers/workspace.js'
import { apply, CLIENT_KEY, CLIENT_SECRET, issuedAccessTokens, post, PUBLIC, remoteState, world, type World } from './apply-world.js'
import { git, makeRepo, repositoryPayload, runAction } from './harness.js'
import { startHoldProxy } from '../helpers/hold-proxy.js'

describe('the Action on push and schedule (apply)', () => {
  let w: World
  afterEach(async () => {
    await w?.emulator.close()
    await w?.github.close()
  })

  it('publishes, pushes the state, writes rotated refresh tokens to secrets, sets outputs, and leaks no secret anywhere', async () => {
    w = await world()
    const repo = await makeRepo({ 'tiktok.yml': manifestYaml({ accounts: ['brand-us', 'brand-br'], defaults: PUBLIC, posts: post('a', ['brand-us', 'brand-br']) }) })
    const initialSeeds = Object.values(w.seeds)
    const approved = git(repo.bare, 'rev-parse', 'main').trim()
    const run = await apply(w, repo)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)

    // state on the remote
    const state = remoteState(repo)
    for (const account of ['brand-us', 'brand-br']) {
      const r = state.posts.a[account]
      expect(r.status).toBe('published')
      expect(r.video_id).toMatch(/^\d+$/)
      expect(r.approved_by).toBe(approved)
    }
    expect(git(repo.bare, 'log', '--format=%an %s', 'main')).toMatch(/github-actions\[bot\] tiktok-publish: /)

    // outputs
    const published = JSON.parse(run.outputs.published) as { post: string; account: string; publish_id: string; video_id: string; url: string }[]
    expect(published.map((p) => p.account).sort()).toEqual(['brand-br', 'brand-us'])
    for (const p of published) {
      expect(p.video_id).toBe(state.posts.a[p.account].video_id)
      expect(p.publish_id).toBe(state.posts.a[p.account].publish_id)
    }
    expect(run.outputs['state-changed']).toBe('true')
    expect((JSON.parse(run.outputs.plan) as { action: string }[]).map((a) => a.action)).toEqual(['publish', 'publish'])
    expect(run.summary).toContain('| Post | Account | Status | TikTok link | publish_id | Error |')
    expect(run.summary).toContain('2 published')

    // rotated refresh tokens are in the repository secrets, exactly as TikTok now holds them
    for (const account of ['brand-us', 'brand-br']) {
      const secretName = account === 'brand-us' ? 'TIKTOK_REFRESH_BRAND_US' : 'TIKTOK_REFRESH_BRAND_BR'
      const current = w.emulator.currentRefreshToken(w.openIds[account])
      expect(current).toBeDefined()
      expect(current).not.toBe(w.seeds[account])
      expect(w.github.secret(secretName)).toBe(current)
    }

    // a rerun has nothing due: no TikTok call, no commit
    const head = git(repo.bare, 'rev-parse', 'main').trim()
    const ledgerBefore = w.emulator.ledger.length
    const again = await apply(w, repo, { inputs: { secrets: JSON.stringify({ TIKTOK_CLIENT_KEY: CLIENT_KEY, TIKTOK_CLIENT_SECRET: CLIENT_SECRET, TIKTOK_REFRESH_BRAND_US: w.github.secret('TIKTOK_REFRESH_BRAND_US')! }) } })
    expect(again.code).toBe(0)
    expect(again.outputs.published).toBe('[]')
    expect(again.outputs['state-changed']).toBe('false')
    expect(git(repo.bare, 'rev-parse', 'main').trim()).toBe(head)
    expect(w.emulator.ledger.length).toBe(ledgerBefore)

    // a plan run that (wrongly) receives the secrets too: its comment must not carry them either
    const pr = repo.clone('ws-pr')
    const prRun = await runAction({
      workspace: pr,
      eventName: 'pull_request',
      event: { number: 3, pull_request: { number: 3, base: { ref: 'main' } }, repository: repositoryPayload() },
      sha: git(pr, 'rev-parse', 'HEAD').trim(),
      ref: 'refs/pull/3/merge',
      apiUrl: w.github.url,
      inputs: { 'github-token': w.github.commentToken, secrets: JSON.stringify({ TIKTOK_CLIENT_SECRET: CLIENT_SECRET, TIKTOK_REFRESH_BRAND_US: w.seeds['brand-us'] }) }
    })
    expect(prRun.code).toBe(0)
    expect(w.github.comments).toHaveLength(1)

    // no secret value anywhere a person or a later run can read
    const secrets = [
      ...initialSeeds,
      ...Object.values(w.openIds).map((id) => w.emulator.currentRefreshToken(id)!),
      ...issuedAccessTokens(w.emulator),
      CLIENT_SECRET,
      w.github.secretsToken,
      w.github.commentToken
    ]
    expect(issuedAccessTokens(w.emulator).length).toBeGreaterThanOrEqual(4)
    const history = git(repo.bare, 'log', '-p', '--all')
    const runs = [run, again, prRun]
    const places: Record<string, string> = {
      'pushed commits': history,
      'PR comments': w.github.comments.map((c) => c.body).join('\n'),
      ...Object.fromEntries(
        runs.flatMap((r, i) => [
          // ::add-mask:: is how the runner learns what to mask; it never shows that line
          [`stdout ${i}`, r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n')],
          [`stderr ${i}`, r.stderr],
          [`summary ${i}`, r.summary],
          [`outputs ${i}`, JSON.stringify(r.outputs)]
        ])
      )
    }
    for (const secret of secrets) {
      for (const [where, text] of Object.entries(places)) {
        if (text.includes(secret)) throw new Error(`a secret value (${secret.slice(0, 4)}…) appears in ${where}`)
      }
    }
    // and each one the first run handled was masked the moment it was known
    const masked = new Set(run.stdout.split('\n').filter((l) => l.startsWith('::add-mask::')).map((l) => l.slice('::add-mask::'.length)))
    for (const secret of [...initialSeeds, ...Object.values(w.openIds).map((id) => w.github.secret(id === w.openIds['brand-us'] ? 'TIKTOK_REFRESH_BRAND_US' : 'TIKTOK_REFRESH_BRAND_BR')!), CLIENT_SECRET, w.github.secretsToken]) {
      expect(masked.has(secret)).toBe(true)
    }
    expect(issuedAccessTokens(w.emulator).filter((t) => masked.has(t)).length).toBeGreaterThanOrEqual(2)
  })

  it('merges with a commit that lands on the branch mid-run: both records survive', async () => {
    w = await world()
    const repo = await makeRepo({ 'tiktok.yml': manifestYaml({ accounts: ['brand-us', 'brand-br'], defaults: PUBLIC, posts: post('a', ['brand-us']) }) })
    const other = repo.clone('other')
    let raced = false
    // the run's first status fetch waits at the proxy until the other commit has landed:
    // the claim is already pushed, the publish_id and the final status are not, and the
    // run cannot push them first however slowly the machine runs the other side
    const proxy = await startHoldProxy(w.emulator.url)
    const status = proxy.hold('POST', '/v2/post/publish/status/fetch/')
    const run = await apply(w, repo, {
      inputs: { 'api-base-url': proxy.url },
      during: async () => {
        await status.arrived
        try {
          for (let attempt = 0; attempt < 20 && !raced; attempt++) {
            git(other, 'fetch', '-q', 'origin', 'main')
            git(other, 'reset', '-q', '--hard', 'origin/main')
            const file = path.join(other, 'tiktok.state.json')
            const s = parseState(await readFile(file, 'utf8'), file)
            const theirs = { ...s, serial: s.serial + 1, posts: { ...s.posts, elsewhere: { 'brand-br': { status: 'published' as const, fingerprint: 'f', attempts: 1, video_id: '7400000000000000001', updated_at: new Date().toISOString() } } } }
            await writeFile(file, serializeState(theirs))
            await writeFile(path.join(other, 'notes.txt'), 'someone else was here\n')
            git(other, 'add', '-A')
            git(other, 'commit', '-qm', 'another run')
            try {
              git(other, 'push', '-q', 'origin', 'HEAD:main')
              raced = true
            } catch {
              // the Action pushed in between: start again from its commit
            }
          }
        } finally {
          // the run goes on even when the racing side failed, so the test ends with its error
          status.release()
        }
      }
    }).finally(() => proxy.close())
    expect(raced).toBe(true)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const state = remoteState(repo)
    expect(state.posts.a['brand-us'].status).toBe('published')
    expect(state.posts.elsewhere['brand-br'].video_id).toBe('7400000000000000001')
    expect(repo.show('main', 'notes.txt')).toBe('someone else was here\n')
    expect(git(repo.bare, 'log', '--format=%B', 'main')).toContain('Merged record by record')
    expect(w.emulator.ledger.filter((l) => l.kind === 'init' && l.code === 'ok')).toHaveLength(1)
  })

  it('on a schedule publishes the post whose time has come and leaves a later one waiting', async () => {
    w = await world()
    const posts = post('due', ['brand-us'], '    at: 2020-01-01T00:00:00Z\n') + post('b', ['brand-us'], '    at: 2099-06-01T12:00:00Z\n')
    const repo = await makeRepo({ 'tiktok.yml': manifestYaml({ accounts: ['brand-us', 'brand-br'], defaults: PUBLIC, posts }) })
    const run = await apply(w, repo, { eventName: 'schedule' })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const state = remoteState(repo)
    expect(state.posts.due['brand-us'].status).toBe('published')
    expect(state.posts.b).toBeUndefined()
    const plan = JSON.parse(run.outputs.plan) as { post: string; action: string; earliest?: string }[]
    expect(plan.find((a) => a.post === 'b')).toMatchObject({ action: 'wait', earliest: '2099-06-01T12:00:00.000Z' })
    expect((JSON.parse(run.outputs.published) as { post: string }[]).map((p) => p.post)).toEqual(['due'])
    expect(w.emulator.posts()).toHaveLength(1)
    expect(run.summary).toMatch(/b → brand\\?-us\*\* \(wait\)/)
  })
})
