import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { manifestYaml } from '../helpers/workspace.js'
import { apply, CLIENT_KEY, CLIENT_SECRET, post, remoteState, world, type World } from './apply-world.js'
import { git, makeRepo, repositoryPayload, runAction, type Repo } from './harness.js'

/**
 * Keep-alive in the Action, against the emulator and a fake GitHub, with the
 * spawned runs' clock moved forward (later-clock.cjs) as far as the emulator's.
 */

const DAY = 86_400_000
const LATER_CLOCK = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'action-reliability', 'later-clock.cjs')
const laterBy = (ms: number): Record<string, string> => (ms ? { NODE_OPTIONS: `--require ${LATER_CLOCK}`, TIKTOK_TEST_CLOCK_OFFSET_MS: String(ms) } : {})
const SECRET = { 'brand-us': 'TIKTOK_REFRESH_BRAND_US', 'brand-br': 'TIKTOK_REFRESH_BRAND_BR' } as const

/** A run with the refresh tokens as the repository secrets hold them now. */
function run(w: World, repo: Repo, o: { eventName?: string; offsetMs: number; secretsToken?: string }) {
  const now = (a: keyof typeof SECRET) => w.github.secret(SECRET[a]) ?? w.seeds[a]
  return apply(w, repo, {
    eventName: o.eventName,
    inputs: {
      secrets: JSON.stringify({ TIKTOK_CLIENT_KEY: CLIENT_KEY, TIKTOK_CLIENT_SECRET: CLIENT_SECRET, TIKTOK_REFRESH_BRAND_US: now('brand-us') }),
      ...(o.secretsToken !== undefined ? { 'secrets-token': o.secretsToken } : {})
    },
    env: { TIKTOK_REFRESH_BRAND_BR: now('brand-br'), ...laterBy(o.offsetMs) }
  })
}

function prPlan(w: World, repo: Repo, offsetMs: number) {
  const ws = repo.clone(`ws-pr-${offsetMs}`)
  return runAction({
    workspace: ws,
    eventName: 'pull_request',
    event: { number: 4, pull_request: { number: 4, base: { ref: 'main' } }, repository: repositoryPayload() },
    sha: git(ws, 'rev-parse', 'HEAD').trim(),
    ref: 'refs/pull/4/merge',
    apiUrl: w.github.url,
    // a pull request's plan has no secrets at all
    inputs: { 'github-token': w.github.commentToken },
    env: laterBy(offsetMs)
  })
}

const refreshesOf = (w: World, account: string) => w.emulator.ledger.filter((l) => l.kind === 'refresh' && l.open_id === w.openIds[account])

describe('the Action keeps idle accounts alive', () => {
  let w: World
  afterEach(async () => {
    await w?.emulator.close()
    await w?.github.close()
  })

  it('records every rotation, renews an idle account on a scheduled run, and writes the rotated token to its secret', async () => {
    w = await world()
    const repo = await makeRepo({ 'tiktok.yml': manifestYaml({ accounts: ['brand-us', 'brand-br'], posts: post('a', ['brand-us']) }) })
    const first = await run(w, repo, { offsetMs: 0 })
    expect(first.code).toBe(0)
    // brand-us refreshed to publish; brand-br is idle and its expiry unknown, so keep-alive learns it
    let state = remoteState(repo)
    for (const account of ['brand-us', 'brand-br'] as const) {
      const expires = Date.parse(state.accounts[account].refresh_expires_at!)
      expect(Math.abs(expires - (Date.now() + 180 * DAY))).toBeLessThan(10 * 60_000)
      expect(w.github.secret(SECRET[account])).toBe(w.emulator.currentRefreshToken(w.openIds[account]))
    }
    expect(first.summary).toMatch(/brand-br\*\*: idle, so its refresh token was renewed/)

    // 155 days on, a scheduled run has nothing to post: both tokens are within 30 days of expiry
    w.emulator.advance(155 * DAY)
    const later = await run(w, repo, { eventName: 'schedule', offsetMs: 155 * DAY })
    expect(later.code).toBe(0)
    expect(later.outputs['state-changed']).toBe('true')
    state = remoteState(repo)
    for (const account of ['brand-us', 'brand-br'] as const) {
      expect(refreshesOf(w, account).map((l) => l.code)).toEqual(['ok', 'ok'])
      expect(w.github.secret(SECRET[account])).toBe(w.emulator.currentRefreshToken(w.openIds[account]))
      const expires = Date.parse(state.accounts[account].refresh_expires_at!)
      expect(Math.abs(expires - (Date.now() + 335 * DAY))).toBeLessThan(10 * 60_000)
    }
    expect(later.summary).toMatch(/brand-us\*\*: idle, so its refresh token was renewed/)
    // and the day after: nothing due, no TikTok call, no commit
    const head = git(repo.bare, 'rev-parse', 'main').trim()
    const ledger = w.emulator.ledger.length
    const quiet = await run(w, repo, { eventName: 'schedule', offsetMs: 156 * DAY })
    expect(quiet.code).toBe(0)
    expect(w.emulator.ledger.length).toBe(ledger)
    expect(git(repo.bare, 'rev-parse', 'main').trim()).toBe(head)
  }, 120_000)

  it('without secrets-token, or with keep-alive off, it renews nothing and warns 14 days ahead in the summary and in a pull request\'s plan', async () => {
    w = await world()
    const yml = manifestYaml({ accounts: ['brand-us', 'brand-br'], posts: post('a', ['brand-us', 'brand-br']) }).replace(
      '    refresh_token: TIKTOK_REFRESH_BRAND_BR',
      '    refresh_token: TIKTOK_REFRESH_BRAND_BR\n    keep_alive: off'
    )
    const repo = await makeRepo({ 'tiktok.yml': yml })
    expect((await run(w, repo, { offsetMs: 0 })).code).toBe(0)

    // day 160: brand-us is due for keep-alive but the workflow lost its secrets-token
    w.emulator.advance(160 * DAY)
    const blocked = await run(w, repo, { eventName: 'schedule', offsetMs: 160 * DAY, secretsToken: '' })
    expect(blocked.code).toBe(0)
    expect(blocked.stdout).toMatch(/keep-alive: brand-us is due .* without `secrets-token`/)
    expect(remoteState(repo).accounts['brand-us'].keep_alive_blocked).toMatchObject({ reason: 'secrets_token_missing' })
    // 20 days are left: no warning yet, in the summary or the plan
    expect(blocked.summary).not.toMatch(/refresh token of account/)
    expect(refreshesOf(w, 'brand-us')).toHaveLength(1)

    // day 167: 13 days left. The pull request's plan, which has no secrets, warns for both
    w.emulator.advance(7 * DAY)
    const plan = await prPlan(w, repo, 167 * DAY)
    expect(plan.code).toBe(0)
    const comment = w.github.comments.map((c) => c.body).join('\n')
    expect(comment).toMatch(/refresh token of account brand-us expires on \d{4}-\d\d-\d\d \(in 13 days\) and the workflow has no `secrets-token`/)
    expect(comment).toMatch(/refresh token of account brand-br expires on \d{4}-\d\d-\d\d \(in 13 days\) and keep_alive is off/)
    // and so does the scheduled run's job summary
    const summary = (await run(w, repo, { eventName: 'schedule', offsetMs: 167 * DAY, secretsToken: '' })).summary
    expect(summary).toMatch(/brand-us\*\*: the refresh token of account brand-us expires on/)
    expect(summary).toMatch(/brand-br\*\*: the refresh token of account brand-br expires on .* keep\\_alive is off/)
    // nothing was renewed behind the user's back
    expect(refreshesOf(w, 'brand-us')).toHaveLength(1)
    expect(refreshesOf(w, 'brand-br')).toHaveLength(1)

    // the secrets-token is back: the next scheduled run renews brand-us and lifts the block
    const back = await run(w, repo, { eventName: 'schedule', offsetMs: 168 * DAY })
    expect(back.code).toBe(0)
    expect(refreshesOf(w, 'brand-us').map((l) => l.code)).toEqual(['ok', 'ok'])
    expect(remoteState(repo).accounts['brand-us'].keep_alive_blocked).toBeUndefined()
    expect(back.summary).not.toMatch(/account brand-us expires/)
    expect(back.summary).toMatch(/account brand-br expires/)
  }, 120_000)
})
