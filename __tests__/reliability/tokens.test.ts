import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import path from 'node:path'
import { isUserError } from '../../src/errors.js'
import { acquireLock } from '../../src/lockfile.js'
import { runLockPath } from '../../src/state/run-lock.js'
import type { ApplyResult } from '../../src/publish/run.js'
import { makeWorkspace, secretEnvName } from '../helpers/workspace.js'
import { haveBundle, looksLikeACrash, runBundle, runMain, type CliResult } from './cli.js'
import { apply, harness, manifest, type Harness } from './harness.js'
import { startHoldProxy, type HoldProxy } from '../helpers/hold-proxy.js'

/**
 * Refresh tokens rotate at TikTok: a refresh returns a new token and kills the
 * old one. These tests race two runs on one account, break the token store
 * after TikTok rotated, and let the refresh token expire, and check that every
 * outcome is either success or an error naming the account — never a silent
 * loss, never a post twice, and the store always ends with the live token.
 */

const finalStatuses = new Set(['PUBLISH_COMPLETE', 'SEND_TO_USER_INBOX'])
const okInits = (h: Harness) => h.emulator.ledger.filter((l) => l.kind === 'init' && l.code === 'ok').length
const finals = (h: Harness) => h.emulator.posts().filter((p) => finalStatuses.has(p.status))

const onePost = (id: string) => `  - id: ${id}\n    video: media/a.mp4\n    caption: "${id}"\n    accounts: all`

/**
 * What a losing in-process run may say: only that its state write lost the
 * race (two applyRun calls in one process share no run lock; the CLI takes
 * one, see below). The refresh is serialised by the token store's lock, so
 * no outcome is ever a refused refresh token.
 */
function checkLoser(result: PromiseSettledResult<ApplyResult>): string {
  if (result.status === 'rejected') {
    expect(isUserError(result.reason)).toBe(true)
    const message = (result.reason as Error).message
    expect(message).toMatch(/state changed on disk since it was loaded|another tiktok-publish is writing|refusing to overwrite .*: it belongs to another state/)
    return 'state conflict'
  }
  for (const o of result.value.outcomes) {
    if (o.status === 'published') continue
    if (o.status === 'deferred') continue
    throw new Error(`unexpected outcome ${o.post} → ${o.account}: ${o.status} ${o.message ?? ''}`)
  }
  return result.value.outcomes.map((o) => o.status).join(',') || 'nothing to do'
}

/** Refreshes TikTok refused: a rotated-away refresh token was presented. */
const deadRefreshes = (h: Harness) => h.emulator.ledger.filter((l) => l.kind === 'refresh' && l.code !== 'ok')

async function storedRefresh(h: Harness, file = h.tokenStorePath): Promise<string | undefined> {
  return JSON.parse(await readFile(file, 'utf8')).accounts['brand-us']?.refresh_token
}

describe('two runs at once for one account, one token store, one state', () => {
  let h: Harness
  afterEach(async () => h?.emulator.close())

  it('in one process with two token managers: one wins, the other stops precisely; nothing posted twice, the store keeps the live token', async () => {
    h = await harness(['brand-us'])
    const ws = await makeWorkspace(manifest({ posts: onePost('one') }))
    const seen: string[] = []
    // round 1: no access token cached, both refresh at once; round 2: a
    // cached access token lets both reach the claim
    for (const round of [1, 2]) {
      if (round === 2) await writeFile(ws.manifestPath, manifest({ posts: `${onePost('one')}\n${onePost('two')}` }))
      const results = await Promise.allSettled([apply(h, ws.manifestPath), apply(h, ws.manifestPath)])
      seen.push(...results.map(checkLoser))
      expect(deadRefreshes(h)).toEqual([])
      // the store holds the token TikTok considers live, whoever won
      expect(await storedRefresh(h)).toBe(h.emulator.currentRefreshToken(h.openIds['brand-us']))
      // a run after the race finishes whatever the loser left
      const after = await apply(h, ws.manifestPath)
      expect(after.failed).toBe(false)
      expect(finals(h)).toHaveLength(round)
      expect(okInits(h)).toBe(round)
    }
    expect(seen.length).toBe(4)
  })

  const bundle = haveBundle ? it : it.skip
  bundle('as two real `tiktok-publish apply` processes started at once with no state file: one runs, the other stands aside; no dead token, no post twice', async () => {
    const accounts = ['brand-us', 'brand-br']
    h = await harness(accounts)
    const posts = ['one', 'two', 'three']
    const ws = await makeWorkspace(manifest({ posts: posts.map(onePost).join('\n'), accounts }))
    const env = {
      ...h.env,
      TIKTOK_API_BASE_URL: h.emulator.url,
      TIKTOK_PUBLISH_TOKEN_STORE: h.tokenStorePath,
      TIKTOK_PUBLISH_POLL_MS: '20,40',
      HOME: tmpdir()
    }
    // --lock-wait 0: the one that finds the state held stands aside at once
    const results = await Promise.all([runBundle(['apply', '--lock-wait', '0'], env, ws.dir), runBundle(['apply', '--lock-wait', '0'], env, ws.dir)])
    for (const r of results) {
      expect(looksLikeACrash(r.stdout + r.stderr)).toBe(false)
      expect(r.code).toBe(0)
    }
    const stood = results.filter((r) => /stood aside/.test(r.stdout))
    // the holder finished before the other looked (a slow start) is the only other way
    expect(stood.length).toBeLessThanOrEqual(1)
    for (const r of stood) {
      expect(r.stdout).toMatch(/another tiktok-publish apply holds the state .*tiktok\.state\.json \(pid \d+ on host \S+ since \d{4}-\d\d-\d\dT[^)]*\); this run stood aside after waiting 0 s: nothing was refreshed, sent or written/)
    }
    expect(deadRefreshes(h)).toEqual([])
    expect(await storedRefresh(h)).toBe(h.emulator.currentRefreshToken(h.openIds['brand-us']))
    // one more run, then every pair is published exactly once
    const last = await runBundle(['apply'], env, ws.dir)
    expect(last.code).toBe(0)
    expect(finals(h)).toHaveLength(posts.length * accounts.length)
    expect(okInits(h)).toBe(posts.length * accounts.length)
    expect(deadRefreshes(h)).toEqual([])
    const state = JSON.parse(await readFile(ws.statePath, 'utf8'))
    for (const p of posts) for (const a of accounts) expect(state.posts[p][a].status).toBe('published')
    expect((await readdir(ws.dir)).filter((f) => f.endsWith('.lock'))).toEqual([])
  })

  it('a run that finds the state held by a live run stands aside at once with --lock-wait 0: exit 0, names the holder, touches nothing', async () => {
    h = await harness(['brand-us'])
    const ws = await makeWorkspace(manifest({ posts: onePost('one') }))
    const env = { ...h.env, TIKTOK_API_BASE_URL: h.emulator.url, TIKTOK_PUBLISH_TOKEN_STORE: h.tokenStorePath, TIKTOK_PUBLISH_POLL_MS: '20' }
    // this test process plays the run that holds the state
    const holder = await acquireLock(runLockPath(ws.statePath), { waitMs: 0, staleMs: 60_000, purpose: 'apply' })
    const r = await runMain(['apply', '--lock-wait', '0'], env, ws.dir)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`(pid ${process.pid} on host ${hostname()} since ${holder.held!.holder.since}); this run stood aside`)
    expect(h.emulator.ledger).toEqual([])
    await expect(readFile(ws.statePath, 'utf8')).rejects.toThrow()
    const json = await runMain(['apply', '--lock-wait', '0', '--json'], env, ws.dir)
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toEqual([])
    expect(json.stderr).toMatch(/stood aside/)
    await holder.held!.release()
    const after = await runMain(['apply'], env, ws.dir)
    expect(after.code).toBe(0)
    expect(finals(h)).toHaveLength(1)
  })

  it('a lock left by a run that was killed is taken over: the next run says so and publishes', async () => {
    h = await harness(['brand-us'])
    const ws = await makeWorkspace(manifest({ posts: onePost('one') }))
    const env = { ...h.env, TIKTOK_API_BASE_URL: h.emulator.url, TIKTOK_PUBLISH_TOKEN_STORE: h.tokenStorePath, TIKTOK_PUBLISH_POLL_MS: '20' }
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
    await new Promise((r) => child.on('close', r))
    await writeFile(runLockPath(ws.statePath), JSON.stringify({ pid: child.pid, host: hostname(), since: '2026-01-01T00:00:00.000Z', nonce: 'killed', purpose: 'apply' }))
    const r = await runMain(['apply', '--lock-wait', '0'], env, ws.dir)
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(new RegExp(`taking over the state lock .* left by pid ${child.pid} on host .*: its holder \\(pid ${child.pid}\\) no longer runs`))
    expect(finals(h)).toHaveLength(1)
    expect((await readdir(ws.dir)).filter((f) => f.endsWith('.lock'))).toEqual([])
  })
})

describe('a token store write that fails after TikTok rotated the token', () => {
  let h: Harness
  let proxy: HoldProxy | undefined
  afterEach(async () => {
    await proxy?.close()
    await h?.emulator.close()
  })

  /**
   * The store is fine when the run reads it; while the refresh is held on its
   * way to TikTok its directory is replaced by a plain file, so the write of
   * the rotated token fails. Running as root, a read-only directory would not
   * stop the write; this does. The refresh goes on only once the store is
   * broken, however long that takes on a loaded machine.
   */
  async function run(): Promise<{ result: CliResult; ws: { dir: string; statePath: string }; seed: string }> {
    h = await harness(['brand-us'])
    proxy = await startHoldProxy(h.emulator.url)
    const refresh = proxy.hold('POST', '/v2/oauth/token/')
    const ws = await makeWorkspace(manifest({ posts: onePost('one') }))
    const storeDir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-store-'))
    const env = { ...h.env, TIKTOK_API_BASE_URL: proxy.url, TIKTOK_PUBLISH_TOKEN_STORE: path.join(storeDir, 'tokens.json'), TIKTOK_PUBLISH_POLL_MS: '20' }
    const running = runMain(['apply'], env, ws.dir)
    // a run that ends without refreshing fails the assertions below rather than hanging here
    await Promise.race([refresh.arrived, running])
    await rename(storeDir, `${storeDir}.moved`)
    await writeFile(storeDir, 'not a directory\n')
    refresh.release()
    return { result: await running, ws, seed: h.env[secretEnvName('brand-us')] }
  }

  it('stops that account with exit 1, names it, starts nothing, and prints no token', async () => {
    const { result, ws, seed } = await run()
    const text = result.stdout + result.stderr
    expect(result.code).toBe(1)
    expect(looksLikeACrash(text)).toBe(false)
    expect(text).toMatch(/TikTok rotated the refresh token for brand-us but it could not be saved/)
    // TikTok did rotate: the seed is dead, and the new token was never used
    const live = h.emulator.currentRefreshToken(h.openIds['brand-us'])!
    expect(live).not.toBe(seed)
    expect(h.emulator.ledger.filter((l) => l.kind === 'creator_info' || l.kind === 'init')).toHaveLength(0)
    for (const secret of [seed, live]) expect(text).not.toContain(secret)
    // no claim was left for a person to settle
    const state = await readFile(ws.statePath, 'utf8').then(JSON.parse).catch(() => ({ posts: {} }))
    expect(state.posts.one).toBeUndefined()
  })

  // the UserError's fix must reach the person, not only its message
  it('tells the person to run `tiktok-publish auth` for the account', async () => {
    const { result } = await run()
    expect(result.stdout + result.stderr).toMatch(/tiktok-publish auth --account brand-us/)
  })
})

describe('a dead refresh token', () => {
  let h: Harness
  afterEach(async () => h?.emulator.close())

  const cases: Array<[string, (h: Harness) => void]> = [
    ['expired (past refresh_expires_in)', (x) => x.emulator.advance(181 * 24 * 60 * 60_000)],
    ['refused with invalid_grant', (x) => x.emulator.inject({ endpoint: 'token', kind: 'error_code', status: 400, code: 'invalid_grant', message: 'refresh token is invalid' })]
  ]

  it.each(cases)('%s: the account fails with a precise error, nothing claimed, nothing sent', async (_name, kill) => {
    h = await harness(['brand-us'])
    const ws = await makeWorkspace(manifest({ posts: onePost('one') }))
    kill(h)
    const result = await apply(h, ws.manifestPath)
    expect(result.failed).toBe(true)
    expect(result.outcomes).toHaveLength(1)
    expect(result.outcomes[0]).toMatchObject({ post: 'one', account: 'brand-us', status: 'failed', error: { code: 'token', class: 'needs_person' } })
    expect(result.outcomes[0].message).toMatch(/TikTok refused the refresh token of account brand-us \(invalid_grant\): it expired, was revoked, or was already used/)
    expect(h.emulator.ledger.filter((l) => l.kind === 'init' || l.kind === 'creator_info')).toHaveLength(0)
    const state = JSON.parse(await readFile(ws.statePath, 'utf8'))
    expect(state.posts.one).toBeUndefined()
    expect(result.outcomes[0].message).toMatch(/tiktok-publish auth --account brand-us/)
    expect(result.outcomes[0].message).not.toContain(h.env[secretEnvName('brand-us')])
  })

  it('through the CLI: exit 1 and the account named, no stack trace', async () => {
    h = await harness(['brand-us'])
    const ws = await makeWorkspace(manifest({ posts: onePost('one') }))
    h.emulator.advance(181 * 24 * 60 * 60_000)
    const store = path.join(await mkdtemp(path.join(tmpdir(), 'tiktok-publish-store-')), 'tokens.json')
    const r = await runMain(['apply'], { ...h.env, TIKTOK_API_BASE_URL: h.emulator.url, TIKTOK_PUBLISH_TOKEN_STORE: store }, ws.dir)
    expect(r.code).toBe(1)
    expect(looksLikeACrash(r.stdout + r.stderr)).toBe(false)
    expect(r.stdout).toMatch(/one\s+brand-us\s+failed .*invalid_grant/)
    expect(r.stdout + r.stderr).toMatch(/tiktok-publish auth --account brand-us/)
  })
})
