import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { FileTokenStore } from '../../src/tiktok/tokens.js'
import { makeWorkspace, manifestYaml, secretEnvName } from '../helpers/workspace.js'
import { runMain, type CliResult } from '../reliability/cli.js'
import { FakeClock } from '../tiktok/helpers.js'

/**
 * TikTok's refresh tokens live 180 days (the emulator's default, as at TikTok)
 * and only a refresh renews them. These tests run `tiktok-publish apply` once
 * per simulated day against the emulator, with one fake clock moving both, and
 * check that an idle account survives (keep-alive), and that with keep-alive
 * off the plan, the run's output and `status` warn 14 days ahead and the run
 * after the expiry names the account that needs `auth`.
 */

const DAY = 86_400_000
const START = Date.parse('2026-12-01T09:00:00Z')
const CLIENT_KEY = 'emu_client_key'
const CLIENT_SECRET = 'emu_client_secret'

function manifest(accounts: Record<string, string>, posts = ''): string {
  return manifestYaml({ accounts: Object.keys(accounts), accountFields: accounts, posts })
}

const post = (id: string, account: string) => `  - id: ${id}\n    video: media/a.mp4\n    caption: "${id}"\n    accounts: [${account}]`

interface World {
  clock: FakeClock
  emulator: Emulator
  env: Record<string, string>
  openIds: Record<string, string>
  ws: { dir: string; manifestPath: string; statePath: string }
  storePath: string
  cli(args: string[]): Promise<CliResult>
  day(n: number): void
  state(): Promise<{ accounts: Record<string, { refresh_expires_at?: string }>; posts: Record<string, Record<string, { status: string }>> }>
  stored(account: string): Promise<string | undefined>
  refreshes(account: string): { at: number; code?: string; detail?: string }[]
}

async function world(accounts: Record<string, string>, posts = ''): Promise<World> {
  const clock = new FakeClock(START)
  const emulator = await startEmulator({ now: () => clock.ms, config: { rate_limits: false, processing_polls: 0 } })
  const env: Record<string, string> = { TIKTOK_CLIENT_KEY: CLIENT_KEY, TIKTOK_CLIENT_SECRET: CLIENT_SECRET, TIKTOK_PUBLISH_POLL_MS: '10' }
  const openIds: Record<string, string> = {}
  for (const name of Object.keys(accounts)) {
    const t = emulator.addAccount({ username: name, nickname: name })
    env[secretEnvName(name)] = t.refresh_token
    openIds[name] = t.open_id
  }
  const ws = await makeWorkspace(manifest(accounts, posts))
  const storePath = path.join(await mkdtemp(path.join(tmpdir(), 'tiktok-publish-keepalive-')), 'tokens.json')
  env.TIKTOK_API_BASE_URL = emulator.url
  env.TIKTOK_PUBLISH_TOKEN_STORE = storePath
  return {
    clock,
    emulator,
    env,
    openIds,
    ws,
    storePath,
    cli: (args) => runMain(args, env, ws.dir, clock),
    day: (n) => clock.advance(START + n * DAY - clock.ms),
    state: async () => JSON.parse(await readFile(ws.statePath, 'utf8')),
    stored: async (account) => {
      try {
        return JSON.parse(await readFile(storePath, 'utf8')).accounts[account]?.refresh_token
      } catch {
        return undefined
      }
    },
    refreshes: (account) => emulator.ledger.filter((l) => l.kind === 'refresh' && l.open_id === openIds[account])
  }
}

describe('keep-alive: an idle account through 200 days of daily runs', () => {
  let w: World | undefined
  afterEach(async () => w?.emulator.close())

  it('is renewed before its token expires, each rotation is saved, no rotated-away token is presented, and it publishes on day 200', async () => {
    // `bystander` is idle too, but outside --accounts: no run may touch it
    w = await world({ seasonal: '', bystander: '' })
    const renewedOn: number[] = []
    for (let day = 0; day < 200; day++) {
      w.day(day)
      const before = w.refreshes('seasonal').length
      const r = await w.cli(['apply', '--accounts', 'seasonal'])
      expect({ day, code: r.code, stderr: r.stderr }).toEqual({ day, code: 0, stderr: expect.any(String) })
      const after = w.refreshes('seasonal')
      if (after.length === before) continue
      renewedOn.push(day)
      expect(after).toHaveLength(before + 1)
      // the rotation is saved: the store holds the token TikTok now considers
      // live, and the state holds its expiry (180 days from the renewal)
      expect(await w.stored('seasonal')).toBe(w.emulator.currentRefreshToken(w.openIds.seasonal))
      expect((await w.state()).accounts.seasonal.refresh_expires_at).toBe(new Date(START + (day + 180) * DAY).toISOString())
      expect(r.stderr).toContain('keep-alive: renewed the refresh token of idle account seasonal')
    }
    // the first run learns the date; the next renewal comes 30 days before it lapses
    expect(renewedOn).toEqual([0, 150])

    // day 200: a post arrives and is published with the token kept alive
    w.day(200)
    await writeFile(w.ws.manifestPath, manifest({ seasonal: '', bystander: '' }, post('comeback', 'seasonal')))
    const r = await w.cli(['apply', '--accounts', 'seasonal'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/comeback\s+seasonal\s+published/)
    expect((await w.state()).posts.comeback.seasonal.status).toBe('published')

    // every refresh TikTok saw presented the live token: none refused, none rotated away
    const all = w.refreshes('seasonal')
    expect(all.length).toBe(3)
    expect(all.every((l) => l.code === 'ok')).toBe(true)
    expect(w.emulator.ledger.filter((l) => l.kind === 'violation' || l.code === 'invalid_grant')).toEqual([])
    // outside --accounts: never refreshed, never recorded
    expect(w.refreshes('bystander')).toEqual([])
    expect((await w.state()).accounts.bystander).toBeUndefined()
  }, 120_000)

  it('without keep-alive (off), the same account is dead by day 200: the test above depends on keep-alive', async () => {
    w = await world({ seasonal: 'keep_alive: off' })
    // one refresh on day 0 (the first post), then nothing for 200 days
    await writeFile(w.ws.manifestPath, manifest({ seasonal: 'keep_alive: off' }, post('opening', 'seasonal')))
    expect((await w.cli(['apply'])).code).toBe(0)
    await writeFile(w.ws.manifestPath, manifest({ seasonal: 'keep_alive: off' }, `${post('opening', 'seasonal')}\n${post('comeback', 'seasonal')}`))
    w.day(200)
    const r = await w.cli(['apply'])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/comeback\s+seasonal\s+failed .*invalid_grant/)
    expect(w.refreshes('seasonal').map((l) => l.detail ?? l.code)).toEqual(['ok', 'expired refresh token presented'])
  })
})

describe('keep-alive meets trouble', () => {
  let w: World | undefined
  afterEach(async () => w?.emulator.close())

  it('goes through the one client: a 503 on the token endpoint is retried with back-off, and the token renewed once', async () => {
    w = await world({ seasonal: '' })
    expect((await w.cli(['apply'])).code).toBe(0)
    w.day(151)
    w.emulator.inject({ endpoint: 'token', kind: 'http_error', status: 503 })
    const sleepsBefore = w.clock.sleeps.length
    const r = await w.cli(['apply'])
    expect(r.code).toBe(0)
    expect(w.emulator.ledger.filter((l) => l.kind === 'fault' && l.detail?.startsWith('token:'))).toHaveLength(1)
    expect(w.emulator.ledger.filter((l) => l.kind === 'refresh').at(-1)?.code).toBe('ok')
    expect(w.clock.sleeps.length).toBeGreaterThan(sleepsBefore)
    expect(w.refreshes('seasonal').filter((l) => l.code === 'ok')).toHaveLength(2)
    expect(await w.stored('seasonal')).toBe(w.emulator.currentRefreshToken(w.openIds.seasonal))
  })

  it('a run without the app\'s secrets says it cannot renew the idle account, and goes on (exit 0)', async () => {
    w = await world({ seasonal: '' })
    const { TIKTOK_CLIENT_SECRET: _dropped, ...env } = w.env
    const r = await runMain(['apply'], env, w.ws.dir, w.clock)
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/warning: keep-alive: cannot renew the refresh token of idle account seasonal: secret TIKTOK_CLIENT_SECRET .* is not set/)
    expect(w.refreshes('seasonal')).toEqual([])
  })

  it('a token already dead: the run exits 1 and names the account and `auth`, and renews nothing else', async () => {
    w = await world({ seasonal: '', steady: '' })
    expect((await w.cli(['apply'])).code).toBe(0)
    // the runs stopped for half a year; steady's token is renewed by hand meanwhile (a later date)
    w.day(181)
    const r = await w.cli(['apply', '--accounts', 'seasonal'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/error: keep-alive could not renew the refresh token of account seasonal: .*invalid_grant[^]*fix: run `tiktok-publish auth --account seasonal`/)
    expect(r.stderr.match(/could not renew/g)).toHaveLength(1)
    expect(r.stderr).toMatch(/warning: the refresh token of account seasonal expired on 2027-05-30: run `tiktok-publish auth --account seasonal`/)
    expect(w.refreshes('seasonal').map((l) => l.detail ?? l.code)).toEqual(['ok', 'expired refresh token presented'])
    expect(w.refreshes('steady')).toHaveLength(1)
  })
})

describe('keep-alive off: warned 14 days ahead, named after the expiry', () => {
  let w: World | undefined
  afterEach(async () => w?.emulator.close())

  it('plan, apply and status warn from 14 days before the expiry; the run after it says the account needs auth', async () => {
    w = await world({ dormant: 'keep_alive: off', lively: '' }, post('opening', 'dormant'))
    expect((await w.cli(['apply'])).code).toBe(0)
    const expiry = new Date(START + 180 * DAY).toISOString()
    expect((await w.state()).accounts.dormant.refresh_expires_at).toBe(expiry)
    const warning = /warning: the refresh token of account dormant expires on 2027-05-30 \(in 14 days\) and keep_alive is off, so no run renews it: run `tiktok-publish auth --account dormant`/

    // scheduled runs (every fifth day, then daily near the mark): silent up to 15 days before the expiry
    for (let day = 5; day <= 165; day += day < 155 ? 5 : 1) {
      w.day(day)
      const r = await w.cli(['apply'])
      expect(r.code).toBe(0)
      expect(r.stderr).not.toContain('warning: the refresh token of account dormant')
    }
    for (const cmd of [['plan'], ['status', '--offline']]) {
      const r = await w.cli(cmd)
      expect(r.stdout + r.stderr).not.toMatch(/refresh token of account dormant/)
    }

    // 14 days before: in the plan, the run's output and status
    w.day(166)
    const plan = await w.cli(['plan'])
    expect(plan.stdout).toMatch(warning)
    const planJson = JSON.parse((await w.cli(['plan', '--json'])).stdout)
    expect(planJson.account_warnings).toEqual([expect.objectContaining({ account: 'dormant', reason: 'keep_alive_off', expires_at: expiry })])
    const run = await w.cli(['apply'])
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(warning)
    expect((await w.cli(['status', '--offline'])).stdout).toMatch(warning)
    // keep-alive off means off: the warning did not renew the token
    expect(w.refreshes('dormant')).toHaveLength(1)
    // the account with keep-alive on is never warned about: runs keep it alive
    expect(plan.stdout + run.stderr).not.toMatch(/account lively/)

    // the day after the expiry: the run names the account and the fix
    w.day(181)
    const late = await w.cli(['apply'])
    expect(late.stderr).toMatch(/warning: the refresh token of account dormant expired on 2027-05-30: run `tiktok-publish auth --account dormant` to authorize it again/)
    expect((await w.cli(['status', '--offline'])).stdout).toMatch(/account dormant expired on 2027-05-30/)
    expect(w.refreshes('dormant')).toHaveLength(1)

    // `auth` stores a new token with its expiry in the token store: the next
    // run learns the date from there, and the warning is gone
    await new FileTokenStore({ path: w.storePath }).saveRefreshToken('dormant', 'rft.after-auth', { expiresAt: new Date(START + 361 * DAY) })
    const after = await w.cli(['apply'])
    expect(after.code).toBe(0)
    expect(after.stderr).not.toMatch(/account dormant/)
    expect((await w.state()).accounts.dormant.refresh_expires_at).toBe(new Date(START + 361 * DAY).toISOString())
    expect((await w.cli(['plan'])).stdout).not.toMatch(/account dormant/)
    expect(w.refreshes('dormant')).toHaveLength(1)
  }, 120_000)
})
