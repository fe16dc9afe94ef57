import { formatDuration } from '../duration.js'
import type { AccountConfig, AppConfig, Manifest, Post, PostMode } from '../manifest/model.js'
import type { State } from '../state/schema.js'
import { isAppWideCap } from '../rules/rulebook.js'
import { H24, has, parseTime, type AccountInits, type Ledgers } from './ledger.js'
import { formatLocal, isoInstant, localDateKey, nextLocalMidnight, nextWindowOpen } from './time.js'
import { DIRECT_POSTS_PER_DAY, INBOX_DRAFTS_PER_24H, UNAUDITED_ACCOUNTS_PER_24H, type LimitCode } from './types.js'

/*
 * Every limit a pair waits on, each a named step: the schedule, a hold after a
 * TikTok cap, a retry's back-off, the posting window, min_gap, the daily
 * counts, the inbox's pending drafts and the unaudited app's accounts per 24 h.
 * A limit answers "not at t, look again at u" cheaply; the sentence saying why
 * is built only for the one limit that names the wait.
 */

const MINUTE = 60_000

export interface Limit {
  code: LimitCode
  /** undefined when `t` is allowed; else the earliest instant worth checking again */
  check(t: number): number | undefined
  /** why `t` is refused, for the one refusal a wait is named after */
  why(t: number): Why
}

export interface Why {
  text: string
  /** the sentence already names the instant the limit lifts (no need to repeat the time) */
  namesUntil?: boolean
}

const iso = isoInstant

interface Hold {
  from: string
  until: number
  reason: string
}

/** The holds TikTok's caps left in the state, still running at `now`. */
export class Holds {
  // computed once per app: looking through every account of the app for every
  // pair made plans of many accounts quadratic
  private readonly appWideByApp = new Map<string, Hold[]>()
  private readonly accountsOfApp = new Map<string, string[]>()

  constructor(
    private readonly manifest: Manifest,
    private readonly state: State,
    private readonly now: number
  ) {
    const sorted = Object.values(manifest.accounts).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    for (const a of sorted) {
      const list = this.accountsOfApp.get(a.app)
      if (list) list.push(a.name)
      else this.accountsOfApp.set(a.app, [a.name])
    }
  }

  active(name: string): Hold | undefined {
    const hold = has(this.state.accounts, name) ? this.state.accounts[name].hold : undefined
    const until = parseTime(hold?.until)
    if (!hold || until === undefined || until <= this.now) return undefined
    return { from: name, until, reason: hold.reason }
  }

  /** An app-wide cap recorded on any account of the app holds all of them. */
  appWide(app: string): Hold[] {
    let list = this.appWideByApp.get(app)
    if (!list) {
      list = []
      for (const name of this.accountsOfApp.get(app) ?? []) {
        const h = this.active(name)
        if (h && isAppWideCap(h.reason)) list.push(h)
      }
      this.appWideByApp.set(app, list)
    }
    return list
  }
}

/** What the limits of one pair read. */
export interface PairLimitsInput {
  post: Post
  account: string
  mode: PostMode
  accountConfig: AccountConfig | undefined
  app: AppConfig | undefined
  /** a retryable failure's next_attempt_at */
  backoffUntil: number | undefined
  holds: Holds
  ledgers: Ledgers
  /** the limits of an account and mode, built once: they read the ledgers as they grow */
  cache: Map<string, AccountModeLimits>
}

type PerDayBlock = { code: 'posts_per_day'; reason: string }

/** An account's limits for one mode, the same for every pair: its hold, then window, spacing and counts. */
export interface AccountModeLimits {
  hold?: Limit
  rest: Limit[]
  blocked?: PerDayBlock
}

/** The pair's limits in the order they name a wait, or why nothing may ever be posted there. */
export function limitsFor(p: PairLimitsInput): { list: Limit[] } | { blocked: PerDayBlock } {
  const tz = p.accountConfig?.timezone ?? 'UTC'
  const key = `${p.account}\u0000${p.mode}`
  let account = p.cache.get(key)
  if (!account) p.cache.set(key, (account = accountModeLimits(p, tz)))
  if (account.blocked) return { blocked: account.blocked }
  const list: Limit[] = []
  const scheduled = scheduledLimit(p.post, tz)
  if (scheduled) list.push(scheduled)
  if (account.hold) list.push(account.hold)
  const backoff = backoffLimit(p.backoffUntil, tz)
  if (backoff) list.push(backoff)
  for (const limit of account.rest) list.push(limit)
  return { list }
}

function accountModeLimits(p: PairLimitsInput, tz: string): AccountModeLimits {
  const limits = p.accountConfig?.limits ?? {}
  const mine = p.ledgers.of(p.account)
  const rest: Limit[] = []
  const push = (limit: Limit | undefined): void => {
    if (limit) rest.push(limit)
  }
  const hold = holdLimit(p, tz)
  push(windowLimit(p.account, tz, limits.window))
  push(minGapLimit(p.account, mine, limits.minGapMs))
  const perDay = limits.postsPerDay
  if (perDay !== undefined) {
    if (perDay <= 0) {
      return { rest, blocked: { code: 'posts_per_day', reason: `posts_per_day is ${perDay} for ${p.account}: nothing may be posted there` } }
    }
    rest.push(dailyLimit('posts_per_day', perDay, mine, false, `${p.account} reached its posts_per_day of ${perDay}`))
  }
  if (p.mode === 'direct') {
    rest.push(
      dailyLimit('daily_cap', DIRECT_POSTS_PER_DAY, mine, true, `${p.account} reached ${DIRECT_POSTS_PER_DAY} direct posts today, this tool's conservative daily ceiling (TikTok's own cap varies by creator and has no published number)`)
    )
  } else {
    rest.push(pendingShareLimit(p.account, mine))
  }
  if (p.app && !p.app.audited) rest.push(appAccountLimit(p.account, p.app, p.ledgers))
  return { ...(hold ? { hold } : {}), rest }
}

function scheduledLimit(post: Post, tz: string): Limit | undefined {
  const at = post.at?.getTime()
  if (at === undefined) return undefined
  return {
    code: 'scheduled',
    check: (t) => (t < at ? at : undefined),
    why: () => ({ text: `scheduled for ${iso(at)} (${formatLocal(at, tz)})`, namesUntil: true })
  }
}

function holdLimit(p: PairLimitsInput, tz: string): Limit | undefined {
  const holds: Hold[] = []
  const own = p.holds.active(p.account)
  if (own) holds.push(own)
  if (p.accountConfig) for (const h of p.holds.appWide(p.accountConfig.app)) if (h.from !== p.account) holds.push(h)
  if (!holds.length) return undefined
  const longest = holds.reduce((a, b) => (b.until > a.until ? b : a))
  const whose = longest.from === p.account ? p.account : `every account of app ${p.accountConfig?.app} (recorded on ${longest.from})`
  return {
    code: 'hold',
    check: (t) => (t < longest.until ? longest.until : undefined),
    why: () => ({
      text: `${whose} is held after TikTok answered ${longest.reason}, until ${iso(longest.until)} (${formatLocal(longest.until, tz)})`,
      namesUntil: true
    })
  }
}

function backoffLimit(until: number | undefined, tz: string): Limit | undefined {
  if (until === undefined) return undefined
  return {
    code: 'backoff',
    check: (t) => (t < until ? until : undefined),
    why: () => ({ text: `backing off until ${iso(until)} (${formatLocal(until, tz)})`, namesUntil: true })
  }
}

function windowLimit(account: string, tz: string, window: AccountConfig['limits']['window']): Limit | undefined {
  if (!window) return undefined
  return {
    code: 'window',
    check: (t) => {
      const open = nextWindowOpen(t, tz, window)
      return open > t ? open : undefined
    },
    why: () => ({ text: `outside ${account}'s posting window ${window.text} (${tz})` })
  }
}

/**
 * With min_gap, a later post on the same account waits for the gap after the
 * one planned before it: the engine runs a plan's publishes in order and sleeps
 * through a gap only when the run's time budget allows, so a plan promises at
 * most one new post per account and run. The gap holds on both sides of a slot
 * expected later, too.
 */
function minGapLimit(account: string, mine: AccountInits, gap: number | undefined): Limit | undefined {
  if (gap === undefined || gap <= 0) return undefined
  const clashAt = (t: number) => mine.inits.lastBetween(t - gap, t + gap - 1)
  return {
    code: 'min_gap',
    check: (t) => {
      const clash = clashAt(t)
      return clash ? clash.time + gap : undefined
    },
    why: (t) => {
      const clash = clashAt(t)!
      const prior = clash.projected
        ? `${clash.post}, expected at ${iso(clash.time)}`
        : clash.post
          ? `${clash.post}, planned earlier in this run`
          : `the last post at ${iso(clash.time)}`
      return { text: `${account} keeps min_gap ${formatDuration(gap)} from ${prior}` }
    }
  }
}

function dailyLimit(code: LimitCode, max: number, mine: AccountInits, directOnly: boolean, why: string): Limit {
  const tz = mine.timezone
  return {
    code,
    check: (t) => (mine.onDayOf(t, directOnly) >= max ? nextLocalMidnight(t, tz) : undefined),
    why: (t) => ({ text: `${why} on ${localDateKey(t, tz)} (${tz})` })
  }
}

function pendingShareLimit(account: string, mine: AccountInits): Limit {
  const overAt = (t: number) => {
    const drafts = mine.inits
      .between(t - H24, t + H24)
      .filter((i) => i.mode === 'inbox')
      .map((i, n) => ({ key: String(n), time: i.time }))
    return rollingOver(t, drafts, undefined, INBOX_DRAFTS_PER_24H)
  }
  return rollingLimit('pending_share_cap', overAt, (over, t) =>
    over.at === t
      ? `${account} has ${over.keys.length} inbox drafts from the last 24 h; this tool keeps at most ${INBOX_DRAFTS_PER_24H} pending per 24 h, a conservative default (TikTok refuses when too many are pending)`
      : `${account} expects ${over.keys.length} inbox drafts in the 24 h up to ${iso(over.at)}; this tool keeps at most ${INBOX_DRAFTS_PER_24H} pending per 24 h, a conservative default (TikTok refuses when too many are pending)`
  )
}

function appAccountLimit(account: string, app: AppConfig, ledgers: Ledgers): Limit {
  const overAt = (t: number) => rollingOver(t, ledgers.ofApp(app.name)?.between(t - H24, t + H24) ?? [], account, UNAUDITED_ACCOUNTS_PER_24H)
  return rollingLimit(
    'app_account_cap',
    overAt,
    (over, t) =>
      `app ${app.name} is not audited, and ${over.keys.length} of its accounts (${over.keys.join(', ')}) ${over.at === t ? 'posted in the last 24 h' : `are expected to post in the 24 h up to ${iso(over.at)}`}; TikTok lets an unaudited app direct-post for ${UNAUDITED_ACCOUNTS_PER_24H} accounts per 24 h (this tool counts inbox drafts too)`
  )
}

type RollingOver = NonNullable<ReturnType<typeof rollingOver>>

/** A limit of distinct keys per rolling 24 h: refused while `overAt` finds a full window, and said by `text`. */
function rollingLimit(code: LimitCode, overAt: (t: number) => RollingOver | undefined, text: (over: RollingOver, t: number) => string): Limit {
  return { code, check: (t) => overAt(t)?.until, why: (t) => ({ text: text(overAt(t)!, t) }) }
}

/**
 * Whether one more event at `t` (of key `self`; undefined: a key of its own)
 * makes more than `max` distinct keys in some rolling 24 h that contains `t`.
 * Only windows ending at `t` or at a later event can change, so those are the
 * ones checked. Returns where to look next: when the window ending at `t` is
 * full, the moment its oldest key drops out; when a later window is, just
 * after that window's end.
 */
export function rollingOver(
  t: number,
  events: Array<{ key: string; time: number }>,
  self: string | undefined,
  max: number
): { until: number; at: number; keys: string[] } | undefined {
  // `events` come sorted by time: slide one window across the ends.
  const ends = [t, ...events.filter((e) => e.time > t && e.time < t + H24).map((e) => e.time)]
  const count = new Map<string, number>()
  let head = 0
  let tail = 0
  for (const end of ends) {
    for (; head < events.length && events[head].time <= end; head++) count.set(events[head].key, (count.get(events[head].key) ?? 0) + 1)
    for (; tail < head && events[tail].time <= end - H24; tail++) {
      const n = count.get(events[tail].key)! - 1
      if (n) count.set(events[tail].key, n)
      else count.delete(events[tail].key)
    }
    if ((self !== undefined && count.has(self)) || count.size < max) continue
    const keys = [...count.keys()].sort()
    if (end === t) {
      const latest = new Map<string, number>()
      for (let i = tail; i < head; i++) latest.set(events[i].key, events[i].time)
      const times = [...latest.values()].sort((a, b) => a - b)
      return { until: times[times.length - max] + H24, at: end, keys }
    }
    return { until: end + MINUTE, at: end, keys }
  }
  return undefined
}

/**
 * Moves `t` forward until every limit allows it. Each limit only ever pushes
 * later, so the loop reaches the earliest instant all of them accept. The first
 * limit that refuses `now` names the wait. Reservations only ever add refusals,
 * so the search may start where the previous pair of the same account and mode
 * ended (`start`): that keeps a long queue linear, not quadratic.
 */
export function earliestAllowed(now: number, limits: Limit[], start = now): { earliest?: number; first?: { limit: Limit; until: number } } {
  let first: { limit: Limit; until: number } | undefined
  for (const limit of limits) {
    const until = limit.check(now)
    if (until !== undefined && until > now) {
      first = { limit, until }
      break
    }
  }
  if (!first) return { earliest: now }
  let t = Math.max(now, start)
  for (let round = 0; round < 500; round++) {
    let moved = false
    for (const limit of limits) {
      const until = limit.check(t)
      if (until !== undefined && until > t) {
        t = until
        moved = true
        break
      }
    }
    if (!moved) return { earliest: t, first }
  }
  return { first }
}
