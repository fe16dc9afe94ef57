import { formatDuration } from '../duration.js'
import type { AccountConfig, AppConfig, Manifest, Post, PostMode, PostTarget } from '../manifest/model.js'
import type { MediaFacts } from '../media/types.js'
import type { State, StateRecord } from '../state/schema.js'
import { fingerprint } from '../state/records.js'
import { classifyFailure, isAppWideCap, type FailClassification } from '../tiktok/fail-reasons.js'
import { formatLocal, localDateKey, nextLocalMidnight, nextWindowOpen } from './time.js'
import { isPublicAccount } from './public-account.js'
import { checkCreator, CREATOR_CHECK_CODES } from './creator.js'

/*
 * The planner is pure: the same manifest, state, media facts and `now` give a
 * deep-equal plan. It reads no clock and no file, so a pull request's plan and
 * the run that follows the merge agree, and every rule is testable at any date.
 */

export type PlanActionKind = 'publish' | 'resume' | 'retry' | 'wait' | 'done' | 'blocked' | 'changed' | 'orphaned'
export const PLAN_ACTION_KINDS: readonly PlanActionKind[] = ['publish', 'resume', 'retry', 'wait', 'done', 'blocked', 'changed', 'orphaned']

/** The limits a pair can wait on; the first one that refuses `now` names the wait. */
export const LIMIT_CODES = ['scheduled', 'hold', 'backoff', 'window', 'min_gap', 'posts_per_day', 'daily_cap', 'pending_share_cap', 'app_account_cap'] as const
export type LimitCode = (typeof LIMIT_CODES)[number]

/** Every machine reason the planner gives, by the kinds that carry it. */
export const PLAN_CODES = [
  // resume: a claim with no publish_id, settled before anything else
  'reconcile',
  // blocked
  'unknown',
  'media_missing',
  'attempts_exhausted',
  'fix_media',
  'needs_person',
  ...CREATOR_CHECK_CODES,
  // wait (posts_per_day: 0 blocks)
  ...LIMIT_CODES,
  // orphaned
  'post_removed',
  'account_removed'
] as const
export type PlanCode = (typeof PLAN_CODES)[number]

export interface PlanAction {
  post: string
  account: string
  kind: PlanActionKind
  /** a sentence for people */
  reason: string
  /** a machine reason, e.g. 'scheduled', 'window', 'min_gap', 'hold', 'backoff', 'creator_privacy' */
  code?: PlanCode
  /**
   * orphaned only: TikTok still has the post in flight and the account is
   * still in the manifest, so apply polls it to its end (see hasWork)
   */
  inFlight?: true
  /** ISO instant, for wait: the earliest time every rule allows it */
  earliest?: string
  fingerprint?: string
  mode?: PostMode
  warnings: string[]
}

export interface Plan {
  actions: PlanAction[]
  now: string
  summary: Record<PlanActionKind, number>
}

/** What the plan reads of a video's facts: its identity, and its length for the creator's limit. */
export type PlanMediaFacts = Pick<MediaFacts, 'digest'> & Partial<Pick<MediaFacts, 'durationSec'>>

export interface PlanInput {
  manifest: Manifest
  state: State
  /** by post id; a URL video needs no entry (its URL is part of the fingerprint) */
  media: ReadonlyMap<string, PlanMediaFacts>
  now: Date
  options?: {
    /** inits of one pair before a retryable failure needs a person; default 5 */
    maxAttempts?: number
    /** only accounts this returns true for are planned (--accounts, --shard) */
    accounts?: (name: string) => boolean
  }
}

/** This tool's conservative daily direct-post ceiling per account: TikTok's own cap (shared by all apps) varies by creator and has no published number. */
export const DIRECT_POSTS_PER_DAY = 15
/** This tool's conservative ceiling of inbox drafts per account in any 24 h: TikTok refuses when too many are pending, without a published number. */
export const INBOX_DRAFTS_PER_24H = 5
/** Accounts an unaudited app may direct-post to in any 24 h (TikTok's rule; the plan counts inbox drafts too, to be safe). */
export const UNAUDITED_ACCOUNTS_PER_24H = 5
/** Older creator info is shown with a warning: the creator may have changed settings. */
export const CREATOR_CACHE_MAX_AGE_MS = 7 * 86_400_000
export const DEFAULT_MAX_ATTEMPTS = 5

const H24 = 86_400_000
const MINUTE = 60_000

/**
 * One init on an account: from state, planned now by this plan, or projected
 * (the earliest time of a pair this plan makes wait). Projections make the
 * plan a schedule: pairs are placed greedily in manifest order, so a later pair
 * is never shown at the same moment as an earlier one its limits exclude.
 */
interface Init {
  time: number
  mode: PostMode
  /** the post of an init this plan makes or expects */
  post?: string
  projected?: boolean
}

/** Inits kept sorted by time, so every limit reads only the span it needs. */
class Ledger<T extends { time: number }> {
  private readonly items: T[] = []
  add(item: T): void {
    // after any equal times: order stays the order of insertion (deterministic)
    let lo = 0
    let hi = this.items.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.items[mid].time <= item.time) lo = mid + 1
      else hi = mid
    }
    this.items.splice(lo, 0, item)
  }
  /** items with lo < time <= hi, by time */
  between(lo: number, hi: number): T[] {
    return this.items.slice(this.firstAfter(lo), this.firstAfter(hi))
  }
  private firstAfter(time: number): number {
    let lo = 0
    let hi = this.items.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.items[mid].time <= time) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

interface Limit {
  code: LimitCode
  /** undefined when `t` is allowed; else the earliest instant worth checking again, and why */
  check(t: number): Refusal | undefined
}

interface Refusal {
  until: number
  why: string
  /** the sentence already names `until` (no need to repeat the time) */
  namesUntil?: boolean
}

const iso = (ms: number): string => new Date(ms).toISOString()

function parseTime(s: string | undefined): number | undefined {
  if (s === undefined) return undefined
  const ms = Date.parse(s)
  return Number.isNaN(ms) ? undefined : ms
}

/**
 * When a record took (or may have taken) a slot at TikTok. A claim without an
 * init may still have reached TikTok (a run died mid-call), so it counts too:
 * over-counting only delays a post, under-counting could break a cap.
 */
function initTime(r: StateRecord): number | undefined {
  const initiated = parseTime(r.initiated_at)
  if (initiated !== undefined) return initiated
  if (r.status === 'claimed' || r.status === 'unknown') return parseTime(r.claimed_at) ?? parseTime(r.updated_at)
  return undefined
}

function has<T>(o: Record<string, T>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key)
}

function failureOf(r: StateRecord): FailClassification & { code: string } {
  if (!r.error) return { code: 'unrecorded', class: 'retryable', advice: 'it failed without a recorded reason; the next run retries it' }
  const known = classifyFailure(r.error.code)
  return { code: r.error.code, class: r.error.class ?? known.class, advice: known.advice }
}

export function plan(input: PlanInput): Plan {
  const { manifest, state, media } = input
  const now = input.now.getTime()
  const maxAttempts = input.options?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS
  const selected = input.options?.accounts ?? (() => true)

  // Every account's inits, from every record in state (orphans included: a
  // post removed from the manifest still used its slot at TikTok). Older ones
  // than any limit looks back (a local day, 24 h, the longest min_gap) are left out.
  const maxGap = Math.max(0, ...Object.values(manifest.accounts).map((a) => a.limits.minGapMs ?? 0))
  const horizon = now - Math.max(2 * H24, maxGap)
  const inits = new Map<string, Ledger<Init>>()
  const initsOf = (account: string): Ledger<Init> => {
    let ledger = inits.get(account)
    if (!ledger) inits.set(account, (ledger = new Ledger()))
    return ledger
  }
  // Per app, which account initiated when (for the unaudited app's account cap).
  const byApp = new Map<string, Ledger<{ time: number; key: string }>>()
  const addInit = (account: string, init: Init): void => {
    initsOf(account).add(init)
    const app = has(manifest.accounts, account) ? manifest.accounts[account].app : undefined
    if (app === undefined) return
    let ledger = byApp.get(app)
    if (!ledger) byApp.set(app, (ledger = new Ledger()))
    ledger.add({ time: init.time, key: account })
  }
  for (const post of Object.keys(state.posts).sort()) {
    for (const account of Object.keys(state.posts[post]).sort()) {
      const r = state.posts[post][account]
      const time = initTime(r)
      if (time !== undefined && time > horizon) addInit(account, { time, mode: r.mode ?? 'direct' })
    }
  }
  function activeHold(name: string): { from: string; until: number; reason: string } | undefined {
    const hold = has(state.accounts, name) ? state.accounts[name].hold : undefined
    const until = parseTime(hold?.until)
    if (!hold || until === undefined || until <= now) return undefined
    return { from: name, until, reason: hold.reason }
  }
  // computed once per app: looking through every account of the app for every
  // pair made plans of many accounts quadratic
  const appHolds = new Map<string, Array<{ from: string; until: number; reason: string }>>()
  function appWideHolds(app: string): Array<{ from: string; until: number; reason: string }> {
    let list = appHolds.get(app)
    if (!list) {
      list = (accountsOfApp.get(app) ?? []).map(activeHold).filter((h): h is NonNullable<typeof h> => !!h && isAppWideCap(h.reason))
      appHolds.set(app, list)
    }
    return list
  }
  /** per account and mode: where the last pair's search for a time ended (see earliestAllowed) */
  const searchFrom = new Map<string, number>()
  const accountsOfApp = new Map<string, string[]>()
  for (const a of Object.values(manifest.accounts).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))) {
    accountsOfApp.set(a.app, [...(accountsOfApp.get(a.app) ?? []), a.name])
  }
  // Every zone's offset is a multiple of 15 minutes and changes on a quarter
  // hour, so one 15-minute bucket has one local date: caching by bucket number
  // spares an Intl call (and a string key) for nearly every lookup.
  const dayKeys = new Map<string, Map<number, string>>()
  const dayOf = (ms: number, tz: string): string => {
    let byBucket = dayKeys.get(tz)
    if (!byBucket) dayKeys.set(tz, (byBucket = new Map()))
    const bucket = Math.floor(ms / 900_000)
    let day = byBucket.get(bucket)
    if (day === undefined) byBucket.set(bucket, (day = localDateKey(ms, tz)))
    return day
  }

  const actions: PlanAction[] = []
  for (const post of manifest.posts) {
    for (const target of post.targets) {
      if (!selected(target.account)) continue
      const action = planPair(post, target)
      actions.push(action)
      // Later pairs see this one's slot: caps, spacing and daily counts include it.
      if (action.kind === 'publish' || action.kind === 'retry') {
        addInit(target.account, { time: now, mode: target.mode, post: post.id })
      } else if (action.kind === 'wait' && action.earliest) {
        addInit(target.account, { time: Date.parse(action.earliest), mode: target.mode, post: post.id, projected: true })
      }
    }
  }
  actions.push(...orphans())

  const summary = Object.fromEntries(PLAN_ACTION_KINDS.map((k) => [k, 0])) as Record<PlanActionKind, number>
  for (const a of actions) summary[a.kind]++
  return { actions, now: iso(now), summary }

  function planPair(post: Post, target: PostTarget): PlanAction {
    const account = target.account
    const base = { post: post.id, account, mode: target.mode }
    const record = has(state.posts, post.id) && has(state.posts[post.id], account) ? state.posts[post.id][account] : undefined
    // A URL video is not read before TikTok pulls it: its URL stands for its content.
    const facts = media.get(post.id) ?? (post.video.kind === 'url' ? { digest: '' } : undefined)
    const fp = facts ? fingerprint(post, target, facts.digest) : undefined

    if (record && (record.status === 'published' || record.status === 'inbox')) {
      const where = record.status === 'published' ? `published${record.video_id ? ` as video ${record.video_id}` : ''}` : "delivered to the creator's TikTok inbox"
      if (fp === undefined) {
        return { ...base, kind: 'done', reason: `${where}; no media facts, so changes to the video were not checked`, warnings: [] }
      }
      if (record.fingerprint === fp) return { ...base, kind: 'done', reason: where, warnings: [] }
      return {
        ...base,
        kind: 'changed',
        reason: `${where}, and the post changed since: TikTok cannot edit a published post; give the new version a new post id to publish it`,
        warnings: []
      }
    }
    if (record?.status === 'processing') {
      const warnings = fp !== undefined && record.fingerprint !== fp ? ['the post changed while TikTok was processing the earlier version; that version is the one being posted'] : []
      return {
        ...base,
        kind: 'resume',
        reason: `in flight at TikTok (publish_id ${record.publish_id ?? 'not recorded'}); keep polling its status`,
        warnings
      }
    }
    if (record?.status === 'claimed') {
      if (record.publish_id !== undefined) {
        return { ...base, kind: 'resume', reason: `initiated at TikTok (publish_id ${record.publish_id}); keep polling its status`, warnings: [] }
      }
      return {
        ...base,
        kind: 'resume',
        code: 'reconcile',
        reason: 'claimed by an earlier run that stopped before saving a publish_id; reconcile it before anything else',
        warnings: []
      }
    }
    if (record?.status === 'unknown') {
      return {
        ...base,
        kind: 'blocked',
        code: 'unknown',
        reason: `a run stopped after claiming it and TikTok may have it: check the account, then settle with \`tiktok-publish resolve ${post.id} ${account} --published VIDEO_ID | --not-published\``,
        warnings: []
      }
    }
    if (fp === undefined) {
      return {
        ...base,
        kind: 'blocked',
        code: 'media_missing',
        reason: 'no media facts for this video (it was not read), so it cannot be published',
        warnings: []
      }
    }

    let kind: 'publish' | 'retry' = 'publish'
    let backoffUntil: number | undefined
    const notes: string[] = []
    if (record?.status === 'failed') {
      const failure = failureOf(record)
      const changed = record.fingerprint !== fp
      const said = `${failure.code}${record.error?.message ? `: ${record.error.message}` : ''}`
      if (failure.class === 'retryable') {
        // A changed post, or a person's `resolve --not-published`, earns a fresh try.
        const cleared = changed || record.error?.code === 'not_published'
        if (record.attempts >= maxAttempts && !cleared) {
          return {
            ...base,
            kind: 'blocked',
            code: 'attempts_exhausted',
            reason: `failed ${record.attempts} times (last: ${said}); ${failure.advice.split(';')[0]}; after checking, run \`tiktok-publish resolve ${post.id} ${account} --not-published\` to try again`,
            warnings: []
          }
        }
        kind = 'retry'
        backoffUntil = parseTime(record.next_attempt_at)
        notes.push(
          record.attempts < maxAttempts
            ? `attempt ${record.attempts + 1} of ${maxAttempts} after ${said}`
            : `another attempt after ${said} (${changed ? 'the post changed' : 'a person checked the account'})`
        )
      } else if (failure.code === 'unaudited_client_can_only_post_to_private_accounts' && !changed) {
        // TikTok refused the init outright, so nothing was posted: once a
        // creator_info asked after the refusal shows the account private, it
        // goes out again with no `resolve`; until then it waits as a public
        // account's post does (and each run asks TikTok again)
        const entry = has(state.accounts, account) ? state.accounts[account] : undefined
        const checked = parseTime(entry?.checked_at)
        const privateSince = entry?.creator && !isPublicAccount(entry.creator) && checked !== undefined && checked > (parseTime(record.updated_at) ?? Infinity)
        if (!privateSince) {
          return { ...base, kind: 'blocked', code: 'creator_public', reason: `TikTok refused it because the account was public (${failure.code}); ${failure.advice}; the next run asks TikTok again and posts it once the account is private`, warnings: [] }
        }
        notes.push('TikTok refused it earlier because the account was public; the account is private now')
      } else if (failure.class === 'cap') {
        // A cap is not a failure: the pair is planned as if new, and waits on holds and limits.
        notes.push(`TikTok refused it earlier for a cap (${failure.code})`)
      } else if (!changed) {
        return {
          ...base,
          kind: 'blocked',
          code: failure.class,
          reason: `${said} — ${failure.advice}${failure.class === 'needs_person' ? `; then run \`tiktok-publish resolve ${post.id} ${account} --not-published\` to let it be posted` : ''}`,
          warnings: []
        }
      } else {
        notes.push(`the post changed since it failed (${failure.code}); the new version is posted`)
      }
    }

    const accountConfig = manifest.accounts[account] as AccountConfig | undefined
    const app = accountConfig ? (manifest.apps[accountConfig.app] as AppConfig | undefined) : undefined
    const tz = accountConfig?.timezone ?? 'UTC'

    const creator = creatorChecks(target, facts!)
    if (creator.blocked) return { ...base, kind: 'blocked', ...creator.blocked, warnings: creator.warnings }
    const warnings = [...creator.warnings]
    if (target.mode === 'inbox') {
      warnings.push('inbox draft: TikTok takes no caption for drafts, so the creator must paste the caption when finishing the post in the TikTok app')
    } else if (app && !app.audited) {
      warnings.push(`app ${app.name} is not audited by TikTok: the post is visible only to the creator (SELF_ONLY) and the account must be set to private`)
    }

    const limits = limitsFor(post, target, accountConfig, app, backoffUntil)
    if ('blocked' in limits) return { ...base, kind: 'blocked', ...limits.blocked, warnings }
    // Reservations only ever add refusals, so a later pair of the same account
    // and mode cannot fit before the earliest time the pair before it found:
    // its search starts there, which keeps a long queue linear, not quadratic.
    const cursorKey = `${account}\u0000${target.mode}`
    const outcome = earliestAllowed(now, limits.list, searchFrom.get(cursorKey))
    if (outcome.earliest !== undefined) searchFrom.set(cursorKey, outcome.earliest)
    const what = target.mode === 'inbox' ? `upload as a draft to ${account}'s TikTok inbox` : `post to ${account}${target.privacy ? ` as ${target.privacy}` : ''}`
    const lead = notes.length ? `${notes.join('; ')}; ` : ''
    if (!outcome.first) {
      return { ...base, kind, reason: `${lead}${what} now`, fingerprint: fp, warnings }
    }
    if (outcome.earliest === undefined) {
      return {
        ...base,
        kind: 'wait',
        code: outcome.first.code,
        reason: `${lead}${outcome.first.why}; no time in the coming weeks satisfies every limit`,
        fingerprint: fp,
        warnings
      }
    }
    return {
      ...base,
      kind: 'wait',
      code: outcome.first.code,
      earliest: iso(outcome.earliest),
      reason:
        outcome.first.namesUntil && outcome.first.until === outcome.earliest
          ? `${lead}${outcome.first.why}; then ${what}`
          : `${lead}${outcome.first.why}; then ${what} at ${iso(outcome.earliest)} (${formatLocal(outcome.earliest, tz)})`,
      fingerprint: fp,
      warnings
    }
  }

  function creatorChecks(
    target: PostTarget,
    facts: PlanMediaFacts
  ): ReturnType<typeof checkCreator> {
    // creator_info is a direct-post call (scope video.publish); drafts are finished in the app.
    if (target.mode !== 'direct') return { warnings: [] }
    const account = target.account
    const entry = has(state.accounts, account) ? state.accounts[account] : undefined
    const creator = entry?.creator
    if (!creator) return { warnings: [`no creator info cached for ${account} yet; checked on the first apply`] }
    const warnings: string[] = []
    const checked = parseTime(entry?.checked_at)
    if (checked === undefined || now - checked > CREATOR_CACHE_MAX_AGE_MS) {
      warnings.push(
        `creator info for ${creator.nickname} (${account}) was ${checked === undefined ? 'cached without a check time' : `checked ${formatDuration(now - checked)} ago`}; it is checked again before posting`
      )
    }
    const accountConfig = has(manifest.accounts, account) ? manifest.accounts[account] : undefined
    const app = accountConfig && has(manifest.apps, accountConfig.app) ? manifest.apps[accountConfig.app] : undefined
    const result = checkCreator({ target, creator, app, facts })
    return { ...result, warnings: [...warnings, ...result.warnings] }
  }

  function limitsFor(
    post: Post,
    target: PostTarget,
    accountConfig: AccountConfig | undefined,
    app: AppConfig | undefined,
    backoffUntil: number | undefined
  ): { list: Limit[] } | { blocked: { code: 'posts_per_day'; reason: string } } {
    const account = target.account
    const tz = accountConfig?.timezone ?? 'UTC'
    const limits = accountConfig?.limits ?? {}
    const mine = initsOf(account)
    const list: Limit[] = []
    const local = (ms: number): string => formatLocal(ms, tz)

    const at = post.at?.getTime()
    if (at !== undefined) {
      list.push({ code: 'scheduled', check: (t) => (t < at ? { until: at, why: `scheduled for ${iso(at)} (${local(at)})`, namesUntil: true } : undefined) })
    }
    // An app-wide cap recorded on any account of the app holds all of them.
    const holds: Array<{ from: string; until: number; reason: string }> = []
    const own = activeHold(account)
    if (own) holds.push(own)
    if (accountConfig) holds.push(...appWideHolds(accountConfig.app).filter((h) => h.from !== account))
    if (holds.length) {
      const longest = holds.reduce((a, b) => (b.until > a.until ? b : a))
      const whose = longest.from === account ? account : `every account of app ${accountConfig?.app} (recorded on ${longest.from})`
      list.push({
        code: 'hold',
        check: (t) =>
          t < longest.until
            ? { until: longest.until, why: `${whose} is held after TikTok answered ${longest.reason}, until ${iso(longest.until)} (${local(longest.until)})`, namesUntil: true }
            : undefined
      })
    }
    if (backoffUntil !== undefined) {
      list.push({
        code: 'backoff',
        check: (t) => (t < backoffUntil ? { until: backoffUntil, why: `backing off until ${iso(backoffUntil)} (${local(backoffUntil)})`, namesUntil: true } : undefined)
      })
    }
    const window = limits.window
    if (window) {
      list.push({
        code: 'window',
        check: (t) => {
          const open = nextWindowOpen(t, tz, window)
          return open > t ? { until: open, why: `outside ${account}'s posting window ${window.text} (${tz})` } : undefined
        }
      })
    }
    // With min_gap, a later post on the same account waits for the gap after
    // the one planned before it: the engine runs a plan's publishes in order
    // and sleeps through a gap only when the run's time budget allows, so a
    // plan promises at most one new post per account and run. The gap holds on
    // both sides of a slot expected later, too.
    const gap = limits.minGapMs
    if (gap !== undefined && gap > 0) {
      list.push({
        code: 'min_gap',
        check: (t) => {
          const near = mine.between(t - gap, t + gap - 1)
          if (!near.length) return undefined
          const clash = near[near.length - 1]
          const prior = clash.projected
            ? `${clash.post}, expected at ${iso(clash.time)}`
            : clash.post
              ? `${clash.post}, planned earlier in this run`
              : `the last post at ${iso(clash.time)}`
          return { until: clash.time + gap, why: `${account} keeps min_gap ${formatDuration(gap)} from ${prior}` }
        }
      })
    }
    const perDay = limits.postsPerDay
    if (perDay !== undefined) {
      if (perDay <= 0) {
        return { blocked: { code: 'posts_per_day', reason: `posts_per_day is ${perDay} for ${account}: nothing may be posted there` } }
      }
      list.push(dailyLimit('posts_per_day', perDay, () => true, `${account} reached its posts_per_day of ${perDay}`))
    }
    if (target.mode === 'direct') {
      list.push(
        dailyLimit('daily_cap', DIRECT_POSTS_PER_DAY, (i) => i.mode === 'direct', `${account} reached ${DIRECT_POSTS_PER_DAY} direct posts today, this tool's conservative daily ceiling (TikTok's own cap varies by creator and has no published number)`)
      )
    } else {
      list.push({
        code: 'pending_share_cap',
        check: (t) => {
          const drafts = mine
            .between(t - H24, t + H24)
            .filter((i) => i.mode === 'inbox')
            .map((i, n) => ({ key: String(n), time: i.time }))
          const over = rollingOver(t, drafts, undefined, INBOX_DRAFTS_PER_24H)
          if (!over) return undefined
          return {
            until: over.until,
            why:
              over.at === t
                ? `${account} has ${over.keys.length} inbox drafts from the last 24 h; this tool keeps at most ${INBOX_DRAFTS_PER_24H} pending per 24 h, a conservative default (TikTok refuses when too many are pending)`
                : `${account} expects ${over.keys.length} inbox drafts in the 24 h up to ${iso(over.at)}; this tool keeps at most ${INBOX_DRAFTS_PER_24H} pending per 24 h, a conservative default (TikTok refuses when too many are pending)`
          }
        }
      })
    }
    if (app && !app.audited) {
      list.push({
        code: 'app_account_cap',
        check: (t) => {
          const posting = byApp.get(app.name)?.between(t - H24, t + H24) ?? []
          const over = rollingOver(t, posting, account, UNAUDITED_ACCOUNTS_PER_24H)
          if (!over) return undefined
          return {
            until: over.until,
            why: `app ${app.name} is not audited, and ${over.keys.length} of its accounts (${over.keys.join(', ')}) ${over.at === t ? 'posted in the last 24 h' : `are expected to post in the 24 h up to ${iso(over.at)}`}; TikTok lets an unaudited app direct-post for ${UNAUDITED_ACCOUNTS_PER_24H} accounts per 24 h (this tool counts inbox drafts too)`
          }
        }
      })
    }
    return { list }

    function dailyLimit(code: LimitCode, max: number, counts: (i: Init) => boolean, why: string): Limit {
      return {
        code,
        check: (t) => {
          const day = dayOf(t, tz)
          // a local day is at most 25 h long: only inits that close can share it
          const n = mine.between(t - 26 * 3_600_000, t + 26 * 3_600_000).filter((i) => counts(i) && dayOf(i.time, tz) === day).length
          return n >= max ? { until: nextLocalMidnight(t, tz), why: `${why} on ${day} (${tz})` } : undefined
        }
      }
    }
  }

  function orphans(): PlanAction[] {
    const out: PlanAction[] = []
    const targeted = new Map(manifest.posts.map((p) => [p.id, new Set(p.targets.map((t) => t.account))]))
    for (const post of Object.keys(state.posts).sort()) {
      const accounts = targeted.get(post)
      for (const account of Object.keys(state.posts[post]).sort()) {
        if (accounts?.has(account) || !selected(account)) continue
        const r = state.posts[post][account]
        const gone = accounts ? `${account} is no longer a target of ${post}` : `${post} is no longer in the manifest`
        let fate: string
        if (r.status === 'published' || r.status === 'inbox') fate = 'it stays on TikTok (the API cannot delete a post); its record is kept'
        else if (r.status === 'processing' || (r.status === 'claimed' && r.publish_id))
          fate = `TikTok still has it in flight (publish_id ${r.publish_id}); its record is kept`
        else fate = `its ${r.status} record is kept`
        // still polled to its end, so the state says what became of it; with
        // its account gone there is no token to ask TikTok with
        const inFlight = r.status === 'processing' && !!r.publish_id && has(manifest.accounts, account)
        out.push({
          post,
          account,
          kind: 'orphaned',
          code: accounts ? 'account_removed' : 'post_removed',
          reason: `${gone}; ${fate}`,
          ...(r.mode ? { mode: r.mode } : {}),
          ...(inFlight ? { inFlight: true as const } : {}),
          warnings: []
        })
      }
    }
    return out
  }
}

/**
 * Whether one more event at `t` (of key `self`; undefined: a key of its own)
 * makes more than `max` distinct keys in some rolling 24 h that contains `t`.
 * Only windows ending at `t` or at a later event can change, so those are the
 * ones checked. Returns where to look next: when the window ending at `t` is
 * full, the moment its oldest key drops out; when a later window is, just
 * after that window's end.
 */
function rollingOver(
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
 * limit that refused `now` names the wait.
 */
function earliestAllowed(now: number, limits: Limit[], start = now): { earliest?: number; first?: Refusal & { code: LimitCode } } {
  let first: (Refusal & { code: LimitCode }) | undefined
  for (const limit of limits) {
    const refusal = limit.check(now)
    if (refusal && refusal.until > now) {
      first = { code: limit.code, ...refusal }
      break
    }
  }
  if (!first) return { earliest: now }
  let t = Math.max(now, start)
  for (let round = 0; round < 500; round++) {
    let moved = false
    for (const limit of limits) {
      const refusal = limit.check(t)
      if (refusal && refusal.until > t) {
        first ??= { code: limit.code, ...refusal }
        t = refusal.until
        moved = true
        break
      }
    }
    if (!moved) return { earliest: t, first }
  }
  return { first }
}
