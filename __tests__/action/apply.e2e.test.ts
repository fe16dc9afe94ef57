import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { parseState, serializeState } from '../../src/state/index.js'
import { manifestYaml } from '../helpers/workspace.js'
import { FakeGitHubApi } from './fake-github.js'
import { git, makeRepo, repositoryPayload, runAction, type ActionRun, type Repo } from './harness.js'

const CLIENT_KEY = `ck_${randomBytes(6).toString('hex')}`
// public posts: TikTok gives SELF_ONLY posts no public video id
const PUBLIC = '  mode: direct\n  privacy: PUBLIC_TO_EVERYONE'
const CLIENT_SECRET = `cs_${randomBytes(16).toString('hex')}`

interface World {
  emulator: Emulator
  github: FakeGitHubApi
  openIds: Record<string, string>
  seeds: Record<string, string>
}

async function world(): Promise<World> {
  const emulator = await startEmulator({ config: { rate_limits: false, processing_polls: 0, apps: [{ client_key: CLIENT_KEY, client_secret: CLIENT_SECRET, audited: true }] } })
  const github = await FakeGitHubApi.start()
  const openIds: Record<string, string> = {}
  const seeds: Record<string, string> = {}
  for (const name of ['brand-us', 'brand-br']) {
    const t = emulator.addAccount({ username: name.replace('-', '_'), nickname: name.toUpperCase() })
    openIds[name] = t.open_id
    seeds[name] = t.refresh_token
  }
  return { emulator, github, openIds, seeds }
}

function post(id: string, accounts: string[], extra = ''): string {
  return `  - id: ${id}\n    video: media/${id === 'b' ? 'b' : 'a'}.mp4\n    caption: "Post ${id} #test"\n    accounts: [${accounts.join(', ')}]\n${extra}`
}

async function apply(
  w: World,
  repo: Repo,
  o: { workspace?: string; eventName?: string; inputs?: Record<string, string>; env?: Record<string, string>; during?: () => Promise<void> } = {}
): Promise<ActionRun> {
  const ws = o.workspace ?? repo.clone(`ws-${randomBytes(3).toString('hex')}`)
  const sha = git(ws, 'rev-parse', 'HEAD').trim()
  const eventName = o.eventName ?? 'push'
  const event = eventName === 'schedule' ? { schedule: '*/30 * * * *', repository: repositoryPayload() } : { ref: 'refs/heads/main', after: sha, repository: repositoryPayload() }
  return runAction({
    workspace: ws,
    eventName,
    event,
    sha,
    ref: 'refs/heads/main',
    apiUrl: w.github.url,
    inputs: {
      'api-base-url': w.emulator.url,
      'github-token': w.github.commentToken,
      'secrets-token': w.github.secretsToken,
      // one account's refresh token through the `secrets` input, the other through env
      secrets: JSON.stringify({ TIKTOK_CLIENT_KEY: CLIENT_KEY, TIKTOK_CLIENT_SECRET: CLIENT_SECRET, TIKTOK_REFRESH_BRAND_US: w.seeds['brand-us'] }),
      ...o.inputs
    },
    env: { TIKTOK_REFRESH_BRAND_BR: w.seeds['brand-br'], ...o.env },
    during: o.during
  })
}

function remoteState(repo: Repo) {
  const text = repo.show('main', 'tiktok.state.json')
  if (text === undefined) throw new Error('no state on the remote main')
  return parseState(text, 'main:tiktok.state.json')
}

/** Every access token the emulator has issued (kept private by the emulator; read here only to scan for leaks). */
function issuedAccessTokens(e: Emulator): string[] {
  return [...(e as unknown as { accessTokens: Map<string, unknown> }).accessTokens.keys()]
}

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
    const run = await apply(w, repo, {
      during: async () => {
        // wait for the first init at TikTok: the claim is already pushed, the publish_id and the final status are not
        for (let i = 0; i < 1500 && !w.emulator.ledger.some((l) => l.kind === 'init' && l.code === 'ok'); i++) await new Promise((r) => setTimeout(r, 10))
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
      }
    })
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

  it('fails before any TikTok call when the secrets-token is missing, and with commit: false keeps the state in the file', async () => {
    w = await world()
    const repo = await makeRepo({ 'tiktok.yml': manifestYaml({ accounts: ['brand-us', 'brand-br'], defaults: PUBLIC, posts: post('a', ['brand-us']) }) })
    const refused = await apply(w, repo, { inputs: { 'secrets-token': '' } })
    expect(refused.code).toBe(1)
    expect(refused.stdout).toMatch(/::error::.*secrets-token/)
    expect(w.emulator.ledger).toEqual([])

    const ws = repo.clone('ws-file')
    const head = git(repo.bare, 'rev-parse', 'main').trim()
    // GITHUB_API_URL cannot be overridden in a workflow; the rehearsal variable can
    const run = await apply(w, repo, { workspace: ws, inputs: { commit: 'false' }, env: { GITHUB_API_URL: 'http://127.0.0.1:9', TIKTOK_PUBLISH_GITHUB_API_URL: w.github.url } })
    expect(run.code).toBe(0)
    expect(run.outputs['state-changed']).toBe('true')
    const local = parseState(await readFile(path.join(ws, 'tiktok.state.json'), 'utf8'), 'local')
    expect(local.posts.a['brand-us'].status).toBe('published')
    expect(git(repo.bare, 'rev-parse', 'main').trim()).toBe(head)
    expect(w.github.secret('TIKTOK_REFRESH_BRAND_US')).toBe(w.emulator.currentRefreshToken(w.openIds['brand-us']))
  })

  it('keeps the state on its own branch, which plans then read; a dry run touches nothing', async () => {
    w = await world()
    const repo = await makeRepo({ 'tiktok.yml': manifestYaml({ accounts: ['brand-us', 'brand-br'], defaults: PUBLIC, posts: post('a', ['brand-us']) + post('b', ['brand-br']) }) })
    const mainBefore = git(repo.bare, 'rev-parse', 'main').trim()

    const dry = await apply(w, repo, { inputs: { 'dry-run': 'true', 'state-branch': 'tiktok-state' } })
    expect(dry.code).toBe(0)
    expect(w.emulator.ledger).toEqual([])
    expect(dry.outputs['state-changed']).toBe('false')
    expect((JSON.parse(dry.outputs.plan) as { action: string }[]).map((a) => a.action)).toEqual(['publish', 'publish'])
    expect(dry.summary).toContain('Dry run')
    expect(repo.show('tiktok-state', 'tiktok.state.json')).toBeUndefined()

    const run = await apply(w, repo, { inputs: { 'state-branch': 'tiktok-state' } })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(git(repo.bare, 'rev-parse', 'main').trim()).toBe(mainBefore)
    const state = parseState(repo.show('tiktok-state', 'tiktok.state.json')!, 'tiktok-state')
    expect(state.posts.a['brand-us'].status).toBe('published')
    expect(state.posts.b['brand-br'].status).toBe('published')

    const pr = repo.clone('ws-pr-branch')
    const planned = await runAction({
      workspace: pr,
      eventName: 'pull_request',
      event: { number: 4, pull_request: { number: 4, base: { ref: 'main' } }, repository: repositoryPayload() },
      sha: git(pr, 'rev-parse', 'HEAD').trim(),
      ref: 'refs/pull/4/merge',
      apiUrl: w.github.url,
      inputs: { 'github-token': w.github.commentToken, 'state-branch': 'tiktok-state' }
    })
    expect(planned.code).toBe(0)
    expect((JSON.parse(planned.outputs.plan) as { action: string }[]).map((a) => a.action)).toEqual(['done', 'done'])
    expect(w.github.comments[0].body).toContain('Merging publishes nothing new.')
  })
})
