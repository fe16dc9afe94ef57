import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { plan, renderPlanTable, type PlanAction } from '../../src/plan/index.js'
import { fingerprint, setAccountState, type State, type StateRecord } from '../../src/state/index.js'
import type { Manifest } from '../../src/manifest/model.js'
import { buildManifest, creator, mediaFor, rec, stateOf, withCreator, type AccountSpec, type PostSpec } from './builder.js'

const H = 3_600_000
const NOW = new Date('2026-06-10T12:00:00Z')
const iso = (ms: number): string => new Date(ms).toISOString()

function run(
  manifest: Manifest,
  state: State = stateOf([]),
  extra: { now?: Date; media?: Parameters<typeof mediaFor>[1]; maxAttempts?: number; accounts?: (n: string) => boolean } = {}
) {
  return plan({
    manifest,
    state,
    media: mediaFor(manifest, extra.media),
    now: extra.now ?? NOW,
    options: { maxAttempts: extra.maxAttempts, accounts: extra.accounts }
  })
}

function one(accounts: Record<string, AccountSpec>, posts: PostSpec[], state?: State, extra?: Parameters<typeof run>[2]) {
  const m = buildManifest({ accounts, posts })
  return { manifest: m, plan: run(m, state, extra) }
}

const fpOf = (m: Manifest, postId: string, account: string): string => {
  const post = m.posts.find((p) => p.id === postId)!
  return fingerprint(post, post.targets.find((t) => t.account === account)!, `sha256:${postId}`)
}

const find = (actions: PlanAction[], post: string, account = 'us'): PlanAction => actions.find((a) => a.post === post && a.account === account)!

describe('plan: one action per pair', () => {
  it('publishes a new post now, with its fingerprint and mode', () => {
    const { manifest, plan: p } = one({ us: {} }, [{ id: 'a', accounts: ['us'] }])
    expect(p.actions).toEqual([
      {
        post: 'a',
        account: 'us',
        kind: 'publish',
        mode: 'direct',
        reason: 'post to us as SELF_ONLY now',
        fingerprint: fpOf(manifest, 'a', 'us'),
        warnings: ['no creator info cached for us yet; checked on the first apply']
      }
    ])
    expect(p.now).toBe(NOW.toISOString())
    expect(p.summary).toEqual({ publish: 1, resume: 0, retry: 0, wait: 0, done: 0, blocked: 0, changed: 0, orphaned: 0 })
  })

  it('says plainly what an unaudited app means', () => {
    const m = buildManifest({ apps: { free: { audited: false } }, accounts: { us: {} }, posts: [{ id: 'a', accounts: ['us'] }] })
    const a = run(m).actions[0]
    expect(a.kind).toBe('publish')
    expect(a.warnings).toContain('app free is not audited by TikTok: the post is visible only to the creator (SELF_ONLY) and the account must be set to private')
  })

  it('marks an inbox draft so the creator knows to paste the caption', () => {
    const { plan: p } = one({ us: {} }, [{ id: 'a', accounts: ['us'], mode: 'inbox' }])
    const a = p.actions[0]
    expect(a.kind).toBe('publish')
    expect(a.mode).toBe('inbox')
    expect(a.reason).toBe("upload as a draft to us's TikTok inbox now")
    expect(a.warnings).toEqual([expect.stringContaining('the creator must paste the caption')])
  })

  it('keeps manifest order across posts and accounts', () => {
    const { plan: p } = one({ us: {}, br: {} }, [
      { id: 'z', accounts: ['us', 'br'] },
      { id: 'a', accounts: ['br'] }
    ])
    expect(p.actions.map((a) => `${a.post}/${a.account}`)).toEqual(['z/us', 'z/br', 'a/br'])
  })
})

describe('plan: records', () => {
  const m = buildManifest({ accounts: { us: {} }, posts: [{ id: 'a', accounts: ['us'] }] })
  const fp = fpOf(m, 'a', 'us')
  const with1 = (r: StateRecord) => run(m, stateOf([['a', 'us', r]])).actions[0]

  it('is done when published with the same fingerprint, and changed otherwise', () => {
    expect(with1(rec('published', { fingerprint: fp, video_id: '7312345678901234567' }))).toMatchObject({
      kind: 'done',
      reason: 'published as video 7312345678901234567'
    })
    expect(with1(rec('inbox', { fingerprint: fp })).kind).toBe('done')
    const changed = with1(rec('published', { fingerprint: 'other' }))
    expect(changed.kind).toBe('changed')
    expect(changed.reason).toContain('TikTok cannot edit a published post; give the new version a new post id to publish it')
  })

  it('is not "changed" when only the schedule moved', () => {
    const moved = buildManifest({ accounts: { us: {} }, posts: [{ id: 'a', accounts: ['us'], at: '2026-07-01T00:00:00Z' }] })
    expect(run(moved, stateOf([['a', 'us', rec('published', { fingerprint: fp })]])).actions[0].kind).toBe('done')
  })

  it('resumes a post in flight and reconciles a bare claim', () => {
    expect(with1(rec('processing', { publish_id: 'v_pub_1', fingerprint: fp }))).toMatchObject({ kind: 'resume', warnings: [] })
    expect(with1(rec('processing', { publish_id: 'v_pub_1', fingerprint: 'x' })).warnings).toHaveLength(1)
    const claimed = with1(rec('claimed', { attempts: 0, claimed_at: '2026-06-10T11:59:00Z' }))
    expect(claimed).toMatchObject({ kind: 'resume', code: 'reconcile' })
    expect(with1(rec('claimed', { publish_id: 'p' })).code).toBeUndefined()
  })

  it('blocks an unknown pair until a person settles it', () => {
    const a = with1(rec('unknown'))
    expect(a).toMatchObject({ kind: 'blocked', code: 'unknown' })
    expect(a.reason).toContain('`tiktok-publish resolve a us --published VIDEO_ID | --not-published`')
  })

  it('retries a retryable failure once its back-off elapsed', () => {
    const failed = (over: Partial<StateRecord>) =>
      rec('failed', { fingerprint: fp, attempts: 2, error: { code: 'internal', message: 'boom', class: 'retryable' }, ...over })
    const ready = with1(failed({ next_attempt_at: '2026-06-10T11:00:00Z' }))
    expect(ready).toMatchObject({ kind: 'retry', fingerprint: fp })
    expect(ready.reason).toContain('attempt 3 of 5 after internal: boom')
    const early = with1(failed({ next_attempt_at: '2026-06-10T12:30:00Z' }))
    expect(early).toMatchObject({ kind: 'wait', code: 'backoff', earliest: '2026-06-10T12:30:00.000Z', fingerprint: fp })
  })

  it('stops retrying after the maximum number of attempts', () => {
    const r = rec('failed', { fingerprint: fp, attempts: 5, error: { code: 'video_pull_failed', message: '' } })
    const a = with1(r)
    expect(a).toMatchObject({ kind: 'blocked', code: 'attempts_exhausted' })
    expect(a.reason).toContain('failed 5 times')
    expect(a.reason).toContain('reachable over https')
    expect(run(m, stateOf([['a', 'us', r]]), { maxAttempts: 6 }).actions[0].kind).toBe('retry')
    // a changed post, or a person who checked the account, earns a fresh try
    expect(with1({ ...r, fingerprint: 'previous' })).toMatchObject({ kind: 'retry', fingerprint: fp })
    const resolved = rec('failed', { fingerprint: fp, attempts: 5, error: { code: 'not_published', message: 'a person checked', class: 'retryable' }, next_attempt_at: '2026-06-10T12:00:00Z' })
    expect(with1(resolved)).toMatchObject({ kind: 'retry', reason: expect.stringContaining('another attempt after not_published: a person checked (a person checked the account)') })
  })

  it('blocks a media failure until the post changes', () => {
    const r = (f: string) => rec('failed', { fingerprint: f, error: { code: 'frame_rate_check_failed', message: 'fps' } })
    const same = with1(r(fp))
    expect(same).toMatchObject({ kind: 'blocked', code: 'fix_media' })
    expect(same.reason).toContain('23–60 fps')
    const changed = with1(r('previous'))
    expect(changed).toMatchObject({ kind: 'publish', fingerprint: fp })
    expect(changed.reason).toContain('the post changed since it failed')
    expect(with1(rec('failed', { fingerprint: fp, error: { code: 'spam_risk_text', message: '' } }))).toMatchObject({
      kind: 'blocked',
      code: 'fix_media',
      reason: expect.stringContaining('change the caption')
    })
  })

  it('blocks what needs a person, with the advice', () => {
    const a = with1(rec('failed', { fingerprint: fp, error: { code: 'auth_removed', message: '' } }))
    expect(a).toMatchObject({ kind: 'blocked', code: 'needs_person' })
    expect(a.reason).toContain('run `tiktok-publish auth`')
    const u = with1(rec('failed', { fingerprint: fp, error: { code: 'unaudited_client_can_only_post_to_private_accounts', message: '' } }))
    expect(u.reason).toContain('set the account to private in the TikTok app')
    expect(with1(rec('failed', { fingerprint: fp, error: { code: 'mystery', message: '' } })).reason).toContain('`mystery`')
    // a person who changed the post (say, its privacy) has acted: the new version is posted
    expect(with1(rec('failed', { fingerprint: 'before', error: { code: 'privacy_level_option_mismatch', message: '' } }))).toMatchObject({
      kind: 'publish',
      fingerprint: fp
    })
  })

  it('treats a cap failure like a new pair', () => {
    const a = with1(rec('failed', { fingerprint: fp, attempts: 9, error: { code: 'spam_risk_too_many_posts', message: '' } }))
    expect(a).toMatchObject({ kind: 'publish', fingerprint: fp })
  })

  it('blocks a file video whose media facts are missing; a URL video needs none', () => {
    const p = plan({ manifest: m, state: stateOf([]), media: new Map(), now: NOW })
    expect(p.actions[0]).toMatchObject({ kind: 'blocked', code: 'media_missing' })
    const url = buildManifest({ accounts: { us: {} }, posts: [{ id: 'u', accounts: ['us'], video: 'https://cdn.example.com/tiktok/u.mp4' }] })
    const q = plan({ manifest: url, state: stateOf([]), media: new Map(), now: NOW })
    const post = url.posts[0]
    expect(q.actions[0]).toMatchObject({ kind: 'publish', fingerprint: fingerprint(post, post.targets[0], '') })
    const published = stateOf([['u', 'us', rec('published', { fingerprint: fingerprint(post, post.targets[0], '') })]])
    expect(plan({ manifest: url, state: published, media: new Map(), now: NOW }).actions[0].kind).toBe('done')
  })
})

describe('plan: when', () => {
  it('waits for a scheduled time and publishes once it passed', () => {
    const { plan: p } = one({ us: {} }, [
      { id: 'later', accounts: ['us'], at: '2026-06-11T17:00:00Z' },
      { id: 'past', accounts: ['us'], at: '2026-06-10T11:00:00Z' }
    ])
    expect(find(p.actions, 'later')).toMatchObject({ kind: 'wait', code: 'scheduled', earliest: '2026-06-11T17:00:00.000Z' })
    expect(find(p.actions, 'later').reason).toBe('scheduled for 2026-06-11T17:00:00.000Z (2026-06-11 17:00 UTC); then post to us as SELF_ONLY')
    expect(find(p.actions, 'past').kind).toBe('publish')
  })

  it('waits out an account hold', () => {
    const held = setAccountState(stateOf([]), 'us', { hold: { until: '2026-06-11T00:00:00Z', reason: 'spam_risk_too_many_posts' } })
    const { plan: p } = one({ us: {}, br: {} }, [{ id: 'a', accounts: ['us', 'br'] }], held)
    expect(find(p.actions, 'a', 'us')).toMatchObject({ kind: 'wait', code: 'hold', earliest: '2026-06-11T00:00:00.000Z' })
    expect(find(p.actions, 'a', 'us').reason).toContain('spam_risk_too_many_posts')
    expect(find(p.actions, 'a', 'br').kind).toBe('publish')
    const expired = setAccountState(stateOf([]), 'us', { hold: { until: '2026-06-10T11:00:00Z', reason: 'x' } })
    expect(one({ us: {} }, [{ id: 'a', accounts: ['us'] }], expired).plan.actions[0].kind).toBe('publish')
  })

  it("holds every account of the app after reached_active_user_cap, and only this account's for other caps", () => {
    const m = buildManifest({
      apps: { main: { audited: true }, other: { audited: true } },
      accounts: { us: { app: 'main' }, br: { app: 'main' }, de: { app: 'other' } },
      posts: [{ id: 'a', accounts: ['us', 'br', 'de'] }]
    })
    const appWide = setAccountState(stateOf([]), 'us', { hold: { until: '2026-06-11T00:00:00Z', reason: 'reached_active_user_cap' } })
    const p = run(m, appWide)
    expect(find(p.actions, 'a', 'br')).toMatchObject({ kind: 'wait', code: 'hold', earliest: '2026-06-11T00:00:00.000Z' })
    expect(find(p.actions, 'a', 'br').reason).toContain('every account of app main (recorded on us)')
    expect(find(p.actions, 'a', 'us')).toMatchObject({ kind: 'wait', code: 'hold' })
    expect(find(p.actions, 'a', 'de').kind).toBe('publish')
    const perCreator = setAccountState(stateOf([]), 'us', { hold: { until: '2026-06-11T00:00:00Z', reason: 'spam_risk_too_many_posts' } })
    expect(find(run(m, perCreator).actions, 'a', 'br').kind).toBe('publish')
  })

  describe('window in America/New_York across DST switches', () => {
    const acc = { us: { timezone: 'America/New_York', window: '09:00-21:00' } }
    it.each([
      // 01:00 EST on the March switch day → 09:00 EDT = 13:00Z
      ['2026-03-08T06:00:00Z', '2026-03-08T13:00:00.000Z', '2026-03-08 09:00 America/New_York'],
      // 01:00 EDT on the November switch day → 09:00 EST = 14:00Z
      ['2026-11-01T05:00:00Z', '2026-11-01T14:00:00.000Z', '2026-11-01 09:00 America/New_York'],
      // 22:30 EDT the evening before the November switch → next morning 09:00 EST
      ['2026-11-01T02:30:00Z', '2026-11-01T14:00:00.000Z', '2026-11-01 09:00 America/New_York']
    ])('from %s', (now, earliest, local) => {
      const { plan: p } = one(acc, [{ id: 'a', accounts: ['us'] }], undefined, { now: new Date(now) })
      expect(p.actions[0]).toMatchObject({ kind: 'wait', code: 'window', earliest })
      expect(p.actions[0].reason).toContain("outside us's posting window 09:00-21:00 (America/New_York)")
      expect(p.actions[0].reason).toContain(local)
    })

    it('publishes inside the window', () => {
      const { plan: p } = one(acc, [{ id: 'a', accounts: ['us'] }], undefined, { now: new Date('2026-03-08T13:00:00Z') })
      expect(p.actions[0].kind).toBe('publish')
    })

    it('combines a schedule with the window', () => {
      // at 22:00 EDT: after the window closed → 09:00 EDT the next day
      const { plan: p } = one(acc, [{ id: 'a', accounts: ['us'], at: '2026-06-11T02:00:00Z' }])
      expect(p.actions[0]).toMatchObject({ kind: 'wait', code: 'scheduled', earliest: '2026-06-11T13:00:00.000Z' })
    })
  })

  it('handles a window wrapping midnight in Asia/Kolkata (+05:30)', () => {
    const { plan: p } = one({ in: { timezone: 'Asia/Kolkata', window: '22:00-02:00' } }, [{ id: 'a', accounts: ['in'] }])
    // 12:00Z is 17:30 IST → 22:00 IST is 16:30Z
    expect(find(p.actions, 'a', 'in')).toMatchObject({ kind: 'wait', code: 'window', earliest: '2026-06-10T16:30:00.000Z' })
  })

  it('counts posts_per_day by the local calendar day (Asia/Kolkata)', () => {
    const accounts = { in: { timezone: 'Asia/Kolkata', postsPerDay: 2 } }
    // local day 2026-06-10 IST runs 2026-06-09T18:30Z .. 2026-06-10T18:30Z
    const state = stateOf([
      ['old1', 'in', rec('published', { initiated_at: '2026-06-09T18:20:00Z' })], // 23:50 IST the day before
      ['old2', 'in', rec('published', { initiated_at: '2026-06-09T18:40:00Z' })], // 00:10 IST today
      ['old3', 'in', rec('processing', { initiated_at: '2026-06-10T08:00:00Z', publish_id: 'x' })]
    ])
    const { plan: p } = one(accounts, [{ id: 'a', accounts: ['in'] }], state)
    const a = find(p.actions, 'a', 'in')
    expect(a).toMatchObject({ kind: 'wait', code: 'posts_per_day', earliest: '2026-06-10T18:30:00.000Z' })
    expect(a.reason).toContain('posts_per_day of 2 on 2026-06-10 (Asia/Kolkata)')
    // one of today's records was the day before in local time: room for one more
    const fewer = stateOf([
      ['old1', 'in', rec('published', { initiated_at: '2026-06-09T18:20:00Z' })],
      ['old2', 'in', rec('published', { initiated_at: '2026-06-09T18:40:00Z' })]
    ])
    const q = one(accounts, [{ id: 'a', accounts: ['in'] }, { id: 'b', accounts: ['in'] }], fewer).plan
    expect(find(q.actions, 'a', 'in').kind).toBe('publish')
    // the second new post counts the first one planned in this run
    expect(find(q.actions, 'b', 'in')).toMatchObject({ kind: 'wait', code: 'posts_per_day', earliest: '2026-06-10T18:30:00.000Z' })
  })

  it('moves a full day past local midnight into the next window', () => {
    const accounts = { us: { timezone: 'America/New_York', postsPerDay: 1, window: '09:00-21:00' } }
    const state = stateOf([['old', 'us', rec('published', { initiated_at: '2026-06-10T11:00:00Z' })]]) // 07:00 EDT
    const { plan: p } = one(accounts, [{ id: 'a', accounts: ['us'] }], state, { now: new Date('2026-06-10T14:00:00Z') })
    expect(p.actions[0]).toMatchObject({ kind: 'wait', code: 'posts_per_day', earliest: '2026-06-11T13:00:00.000Z' })
  })

  it('keeps min_gap after the last post, and after a post planned earlier in this run', () => {
    const accounts = { us: { minGapMs: 2 * H } }
    const recent = stateOf([['old', 'us', rec('published', { initiated_at: '2026-06-10T11:00:00Z' })]])
    const { plan: p } = one(accounts, [{ id: 'a', accounts: ['us'] }], recent)
    expect(p.actions[0]).toMatchObject({ kind: 'wait', code: 'min_gap', earliest: '2026-06-10T13:00:00.000Z' })
    expect(p.actions[0].reason).toContain('us keeps min_gap 2h from the last post at 2026-06-10T11:00:00.000Z')

    const q = one(accounts, [{ id: 'a', accounts: ['us'] }, { id: 'b', accounts: ['us'] }, { id: 'c', accounts: ['us'] }]).plan
    expect(q.actions.map((a) => a.kind)).toEqual(['publish', 'wait', 'wait'])
    expect(find(q.actions, 'b')).toMatchObject({ code: 'min_gap', earliest: iso(NOW.getTime() + 2 * H) })
    expect(find(q.actions, 'b').reason).toContain('from a, planned earlier in this run')
    // c is placed after b's expected slot, not on top of it
    expect(find(q.actions, 'c')).toMatchObject({ code: 'min_gap', earliest: iso(NOW.getTime() + 4 * H) })
  })

  it('schedules waiting pairs around each other: a window, min_gap and posts_per_day together', () => {
    const accounts = { us: { timezone: 'America/New_York', window: '09:00-21:00', minGapMs: 2 * H, postsPerDay: 2 } }
    // 07:00 EDT: nothing may go before 09:00
    const { plan: p } = one(accounts, ['a', 'b', 'c'].map((id) => ({ id, accounts: ['us'] })), undefined, { now: new Date('2026-06-10T11:00:00Z') })
    expect(p.actions.map((a) => [a.post, a.code, a.earliest])).toEqual([
      ['a', 'window', '2026-06-10T13:00:00.000Z'], // 09:00 EDT
      ['b', 'window', '2026-06-10T15:00:00.000Z'], // 11:00 EDT, two hours after a
      ['c', 'window', '2026-06-11T13:00:00.000Z'] // the day is full: 09:00 EDT tomorrow
    ])
  })

  it('keeps the gap before a slot expected later: an earlier post in the manifest goes first', () => {
    const { plan: p } = one({ us: { minGapMs: 2 * H } }, [
      { id: 'a', accounts: ['us'], at: '2026-06-10T13:00:00Z' },
      { id: 'b', accounts: ['us'] }
    ])
    expect(find(p.actions, 'a')).toMatchObject({ kind: 'wait', code: 'scheduled', earliest: '2026-06-10T13:00:00.000Z' })
    expect(find(p.actions, 'b')).toMatchObject({ kind: 'wait', code: 'min_gap', earliest: '2026-06-10T15:00:00.000Z' })
    expect(find(p.actions, 'b').reason).toContain('from a, expected at 2026-06-10T13:00:00.000Z')
    // far enough ahead, it does not hold b back
    const later = one({ us: { minGapMs: 2 * H } }, [
      { id: 'a', accounts: ['us'], at: '2026-06-10T14:00:00Z' },
      { id: 'b', accounts: ['us'] }
    ]).plan
    expect(find(later.actions, 'b').kind).toBe('publish')
  })

  it("caps direct posts at TikTok's 15 per local day, inbox drafts not counted", () => {
    const records: Array<[string, string, StateRecord]> = []
    for (let i = 0; i < 15; i++) records.push([`d${i}`, 'us', rec('published', { mode: 'direct', initiated_at: iso(Date.parse('2026-06-10T01:00:00Z') + i * 60_000) })])
    const full = one({ us: {} }, [{ id: 'a', accounts: ['us'] }], stateOf(records)).plan
    expect(full.actions[0]).toMatchObject({ kind: 'wait', code: 'daily_cap', earliest: '2026-06-11T00:00:00.000Z' })
    expect(full.actions[0].reason).toContain("reached 15 direct posts today, this tool's conservative daily ceiling")
    // posts_per_day above 15 does not lift TikTok's cap
    expect(one({ us: { postsPerDay: 40 } }, [{ id: 'a', accounts: ['us'] }], stateOf(records)).plan.actions[0].code).toBe('daily_cap')
    // the 14 of today plus one planned: the 15th goes, the 16th waits
    const q = one({ us: {} }, [{ id: 'a', accounts: ['us'] }, { id: 'b', accounts: ['us'] }], stateOf(records.slice(1))).plan
    expect(q.actions.filter((a) => a.kind !== 'orphaned').map((a) => a.kind)).toEqual(['publish', 'wait'])
    // inbox drafts do not count toward the direct cap (only toward their own)
    const inbox = records.map(([p, a, r]) => [p, a, { ...r, mode: 'inbox' as const, initiated_at: '2026-06-09T01:00:00Z' }] as [string, string, StateRecord])
    expect(one({ us: {} }, [{ id: 'a', accounts: ['us'] }], stateOf(inbox)).plan.actions[0].kind).toBe('publish')
  })

  it('allows 5 pending inbox drafts per rolling 24 h', () => {
    const times = ['2026-06-09T13:00:00Z', '2026-06-09T14:00:00Z', '2026-06-09T15:00:00Z', '2026-06-10T01:00:00Z', '2026-06-10T02:00:00Z']
    const drafts = (n: number) => stateOf(times.slice(0, n).map((t, i) => [`i${i}`, 'us', rec('inbox', { mode: 'inbox', initiated_at: t })]))
    const full = one({ us: {} }, [{ id: 'a', accounts: ['us'], mode: 'inbox' }], drafts(5)).plan
    expect(full.actions[0]).toMatchObject({ kind: 'wait', code: 'pending_share_cap', earliest: '2026-06-10T13:00:00.000Z' })
    const q = one({ us: {} }, [{ id: 'a', accounts: ['us'], mode: 'inbox' }, { id: 'b', accounts: ['us'], mode: 'inbox' }], drafts(4)).plan
    expect(q.actions.filter((a) => a.kind !== 'orphaned').map((a) => a.kind)).toEqual(['publish', 'wait'])
    expect(find(q.actions, 'b')).toMatchObject({ code: 'pending_share_cap', earliest: '2026-06-10T13:00:00.000Z' })
    // a draft older than 24 h has dropped out
    const old = stateOf([['i', 'us', rec('inbox', { mode: 'inbox', initiated_at: '2026-06-09T11:59:00Z' })], ...times.slice(1).map((t, i) => [`i${i}`, 'us', rec('inbox', { mode: 'inbox', initiated_at: t })] as [string, string, StateRecord])])
    expect(one({ us: {} }, [{ id: 'a', accounts: ['us'], mode: 'inbox' }], old).plan.actions[0].kind).toBe('publish')
  })

  it('counts inbox drafts expected later in this plan toward the 24 h cap', () => {
    const state = stateOf(['09', '10', '11'].map((h, i) => [`i${i}`, 'us', rec('inbox', { mode: 'inbox', initiated_at: `2026-06-10T${h}:00:00Z` })]))
    const { plan: p } = one({ us: {} }, [
      { id: 'p1', accounts: ['us'], mode: 'inbox', at: '2026-06-10T14:00:00Z' },
      { id: 'p2', accounts: ['us'], mode: 'inbox', at: '2026-06-10T15:00:00Z' },
      { id: 'p3', accounts: ['us'], mode: 'inbox' }
    ], state)
    // a draft now would be the sixth in the 24 h ending at p2's slot: it waits until 09:00's draft drops out
    const p3 = find(p.actions, 'p3')
    expect(p3).toMatchObject({ kind: 'wait', code: 'pending_share_cap', earliest: '2026-06-11T09:00:00.000Z' })
    expect(p3.reason).toContain('us expects 5 inbox drafts in the 24 h up to 2026-06-10T15:00:00.000Z')
  })

  describe('unaudited app: 5 posting accounts per rolling 24 h', () => {
    const names = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']
    const accounts = Object.fromEntries(names.map((n) => [n, { app: 'free' }]))
    const manifestFor = (audited: boolean) =>
      buildManifest({ apps: { free: { audited } }, accounts, posts: [{ id: 'p', accounts: names }] })

    it('lets the first five post and holds the sixth for 24 h', () => {
      const p = run(manifestFor(false))
      expect(p.actions.map((a) => a.kind)).toEqual(['publish', 'publish', 'publish', 'publish', 'publish', 'wait'])
      expect(find(p.actions, 'p', 'a6')).toMatchObject({ code: 'app_account_cap', earliest: iso(NOW.getTime() + 24 * H) })
      expect(find(p.actions, 'p', 'a6').reason).toContain('app free is not audited, and 5 of its accounts (a1, a2, a3, a4, a5) posted in the last 24 h')
    })

    it('counts accounts from state, and lets an account already counted post again', () => {
      const state = stateOf(
        ['a1', 'a2', 'a3', 'a4', 'a5'].map((n, i) => [`old-${n}`, n, rec('published', { initiated_at: iso(Date.parse('2026-06-09T20:00:00Z') + i * H) })])
      )
      const m = buildManifest({ apps: { free: { audited: false } }, accounts, posts: [{ id: 'p', accounts: ['a6', 'a3'] }] })
      const p = run(m, state)
      expect(find(p.actions, 'p', 'a6')).toMatchObject({ kind: 'wait', code: 'app_account_cap', earliest: '2026-06-10T20:00:00.000Z' })
      expect(find(p.actions, 'p', 'a3').kind).toBe('publish')
    })

    it('does not let a new account post when five are expected within the next 24 h', () => {
      // a1..a4 posted yesterday evening; a5 is scheduled in 2 h; a6 now would make six in the 24 h up to a5's slot
      const state = stateOf(['a1', 'a2', 'a3', 'a4'].map((n) => [`old-${n}`, n, rec('published', { initiated_at: '2026-06-09T20:00:00Z' })]))
      const m = buildManifest({
        apps: { free: { audited: false } },
        accounts,
        posts: [
          { id: 'p5', accounts: ['a5'], at: '2026-06-10T14:00:00Z' },
          { id: 'p6', accounts: ['a6'] }
        ]
      })
      const p = run(m, state)
      expect(find(p.actions, 'p5', 'a5')).toMatchObject({ kind: 'wait', code: 'scheduled' })
      const a6 = find(p.actions, 'p6', 'a6')
      expect(a6).toMatchObject({ kind: 'wait', code: 'app_account_cap', earliest: '2026-06-10T20:00:00.000Z' })
      expect(a6.reason).toContain('are expected to post in the 24 h up to 2026-06-10T14:00:00.000Z')
    })

    it('does not limit an audited app', () => {
      expect(run(manifestFor(true)).summary.publish).toBe(6)
    })

    it('counts accounts outside the selected shard', () => {
      const p = run(manifestFor(false), stateOf([]), { accounts: (n) => n === 'a6' })
      expect(p.actions.map((a) => a.account)).toEqual(['a6'])
      expect(p.actions[0].kind).toBe('publish')
      const busy = stateOf(['a1', 'a2', 'a3', 'a4', 'a5'].map((n) => [`old-${n}`, n, rec('published', { initiated_at: '2026-06-10T10:00:00Z' })]))
      const q = run(manifestFor(false), busy, { accounts: (n) => n === 'a6' })
      expect(q.actions[0]).toMatchObject({ kind: 'wait', code: 'app_account_cap' })
    })
  })
})

describe('plan: creator cache', () => {
  const m = buildManifest({
    accounts: { us: {} },
    posts: [
      { id: 'ok', accounts: ['us'], privacy: 'SELF_ONLY', allow: { comments: true, duet: true } },
      { id: 'public', accounts: ['us'], privacy: 'PUBLIC_TO_EVERYONE' },
      { id: 'long', accounts: ['us'] },
      { id: 'draft', accounts: ['us'], mode: 'inbox' }
    ]
  })
  const state = withCreator(stateOf([]), 'us', creator({ max_video_post_duration_sec: 180 }), '2026-06-09T12:00:00Z')
  const p = run(m, state, { media: { long: { durationSec: 240 } } })

  it('blocks a privacy the creator does not offer, naming nickname and options', () => {
    expect(find(p.actions, 'public')).toMatchObject({
      kind: 'blocked',
      code: 'creator_privacy',
      reason: 'Brand US (us) offers privacy FOLLOWER_OF_CREATOR, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY, not PUBLIC_TO_EVERYONE: choose one of those for this post'
    })
  })

  it("blocks a video longer than the creator's maximum", () => {
    expect(find(p.actions, 'long')).toMatchObject({ kind: 'blocked', code: 'creator_duration' })
    expect(find(p.actions, 'long').reason).toContain('240 s; Brand US (us) may post at most 180 s')
  })

  it('warns about interactions the creator turned off, without blocking', () => {
    const a = find(p.actions, 'ok')
    expect(a.kind).toBe('publish')
    expect(a.warnings).toEqual(['Brand US (us) has duet turned off; the post is sent with it off'])
  })

  it('does not check creator info for inbox drafts', () => {
    expect(find(p.actions, 'draft').kind).toBe('publish')
  })

  it('warns when the cache is older than 7 days', () => {
    const stale = withCreator(stateOf([]), 'us', creator(), '2026-06-01T12:00:00Z')
    const a = find(run(m, stale).actions, 'ok')
    expect(a.kind).toBe('publish')
    expect(a.warnings).toContain('creator info for Brand US (us) was checked 9d ago; it is checked again before posting')
  })
})

describe('plan: orphans, filters, determinism', () => {
  const m = buildManifest({ accounts: { us: {}, br: {} }, posts: [{ id: 'b', accounts: ['us'] }] })
  const state = stateOf([
    ['z-gone', 'us', rec('published', { video_id: '1' })],
    ['a-gone', 'br', rec('processing', { publish_id: 'v_9' })],
    ['b', 'br', rec('failed', { error: { code: 'internal', message: '' } })],
    ['b', 'us', rec('claimed', { claimed_at: '2026-06-10T11:00:00Z' })]
  ])

  it('lists records missing from the manifest after the manifest pairs, sorted', () => {
    const p = run(m, state)
    expect(p.actions.map((a) => [a.post, a.account, a.kind, a.code])).toEqual([
      ['b', 'us', 'resume', 'reconcile'],
      ['a-gone', 'br', 'orphaned', 'post_removed'],
      ['b', 'br', 'orphaned', 'account_removed'],
      ['z-gone', 'us', 'orphaned', 'post_removed']
    ])
    expect(find(p.actions, 'z-gone').reason).toContain('the API cannot delete a post')
    expect(find(p.actions, 'a-gone', 'br').reason).toContain('publish_id v_9')
    expect(p.summary).toMatchObject({ resume: 1, orphaned: 3 })
  })

  it('plans only the selected accounts', () => {
    const p = run(m, state, { accounts: (n) => n === 'br' })
    expect(p.actions.map((a) => `${a.post}/${a.account}`)).toEqual(['a-gone/br', 'b/br'])
  })

  it('gives a deep-equal plan for the same inputs, whatever the key order of state', () => {
    const shuffled: State = JSON.parse(JSON.stringify({ ...state, posts: Object.fromEntries(Object.entries(state.posts).reverse()) }))
    const big = buildManifest({
      accounts: { us: { timezone: 'America/New_York', window: '09:00-21:00', minGapMs: H, postsPerDay: 3 }, br: { timezone: 'America/Sao_Paulo' } },
      posts: [
        { id: 'b', accounts: ['us', 'br'] },
        { id: 'c', accounts: ['us', 'br'], mode: 'inbox' },
        { id: 'd', accounts: ['br'], at: '2026-06-12T00:00:00Z' }
      ]
    })
    const first = run(big, state)
    const again = run(big, state)
    const reordered = run(big, shuffled)
    expect(again).toEqual(first)
    expect(reordered).toEqual(first)
    expect(JSON.stringify(reordered)).toBe(JSON.stringify(first))
  })

  it('does not modify its inputs', () => {
    const before = JSON.stringify(state)
    const manifestBefore = JSON.stringify(m)
    run(m, state)
    expect(JSON.stringify(state)).toBe(before)
    expect(JSON.stringify(m)).toBe(manifestBefore)
  })

  it('reads no clock: src/plan never calls Date.now() or new Date()', async () => {
    const dir = join(process.cwd(), 'src', 'plan')
    for (const f of await readdir(dir)) {
      const text = await readFile(join(dir, f), 'utf8')
      expect([f, /Date\.now\(|new Date\(\)|performance\.now|process\.hrtime/.test(text)]).toEqual([f, false])
    }
  })
})

describe('renderPlanTable', () => {
  it('shows each pair with when and why, warnings, and the caption an inbox creator pastes', () => {
    const m = buildManifest({
      accounts: { us: {}, br: {} },
      posts: [
        { id: 'spring', accounts: ['us'] },
        { id: 'draft', accounts: ['br'], mode: 'inbox', caption: 'Chegou a primavera #primavera' },
        { id: 'later', accounts: ['us'], at: '2026-06-11T17:00:00Z' }
      ]
    })
    const state = withCreator(stateOf([]), 'us', creator({ nickname: 'Brand' }), '2026-06-10T00:00:00Z')
    const p = run(m, state)
    const text = renderPlanTable(p, m, state)
    const lines = text.split('\n')
    expect(lines[0]).toMatch(/^POST\s+ACCOUNT\s+ACTION\s+WHEN\s+REASON$/)
    expect(lines[1]).toMatch(/^spring\s+us \(Brand\)\s+publish\s+now\s+post to us as SELF_ONLY now$/)
    expect(text).toContain('caption to paste: "Chegou a primavera #primavera"')
    expect(text).toMatch(/later\s+us \(Brand\)\s+wait scheduled\s+2026-06-11 17:00Z\s+scheduled for/)
    expect(text).toContain('2 publish, 1 wait (as of 2026-06-10T12:00:00.000Z)')
    // it ends with TikTok's consent line, as the pull-request comment does
    expect(lines.filter(Boolean).slice(-2)).toEqual([
      "Publishing these posts (apply, or merging the pull request) agrees to TikTok's Music Usage Confirmation.",
      '  https://www.tiktok.com/legal/page/global/music-usage-confirmation/en'
    ])
    // columns line up: REASON starts at the same offset on every row
    const col = lines[0].indexOf('REASON')
    for (const l of lines.slice(1, 4)) expect(l.slice(col - 2, col)).toBe('  ')
  })

  it('says so when there is nothing to plan', () => {
    const m = buildManifest({ accounts: { us: {} }, posts: [] })
    expect(renderPlanTable(run(m), m, stateOf([]))).toMatch(/^Nothing to plan/)
  })

  it('names the Branded Content Policy when a branded post goes out, and no consent when nothing does', () => {
    const m = buildManifest({ accounts: { us: {} }, posts: [{ id: 'paid', accounts: ['us'], privacy: 'PUBLIC_TO_EVERYONE' }] })
    m.posts[0]!.disclose.brandedContent = true
    const text = renderPlanTable(run(m), m, stateOf([]))
    expect(text).toContain("agrees to TikTok's Music Usage Confirmation and Branded Content Policy.")
    expect(text).toContain('https://www.tiktok.com/legal/page/global/bc-policy/en')
    const done = stateOf([['paid', 'us', rec('published', { fingerprint: 'an edit TikTok cannot apply' })]])
    const after = renderPlanTable(run(m, done), m, done)
    expect(after).not.toContain('Music Usage')
    expect(after.trimEnd().split('\n').at(-1)).toBe('Applying publishes nothing new.')
  })
})
