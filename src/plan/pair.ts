import { formatDuration } from '../duration.js'
import type { AccountConfig, AppConfig, Post, PostMode, PostTarget } from '../manifest/model.js'
import type { StateRecord } from '../state/schema.js'
import { fingerprint } from '../state/records.js'
import { classifyFailure, NOT_PUBLISHED, type FailClassification } from '../rules/rulebook.js'
import { checkCreator, type CreatorCheck } from './creator.js'
import { has, parseTime, type Ledgers } from './ledger.js'
import { earliestAllowed, limitsFor, type AccountModeLimits, type Holds, type Limit } from './limits.js'
import { isPublicAccount } from './public-account.js'
import { formatLocal, isoInstant } from './time.js'
import { CREATOR_CACHE_MAX_AGE_MS, type PlanAction, type PlanInput } from './types.js'

/*
 * One (post, account) pair, in named steps: what its record already settled,
 * what an earlier failure allows, what the creator allows, and when every
 * limit allows it.
 */

/** What planning every pair reads: the inputs, and what earlier pairs reserved. */
export interface PlanContext {
  manifest: PlanInput['manifest']
  state: PlanInput['state']
  media: PlanInput['media']
  now: number
  maxAttempts: number
  ledgers: Ledgers
  holds: Holds
  /** per account and mode: where the last pair's search for a time ended (see earliestAllowed) */
  searchFrom: Map<string, number>
  /** each account's limits per mode, built for its first pair */
  limits: Map<string, AccountModeLimits>
  /** sentences many pairs share, made once */
  texts: Map<string, string>
}

interface Base {
  post: string
  account: string
  mode: PostMode
}

const iso = isoInstant

export function planPair(ctx: PlanContext, post: Post, target: PostTarget): PlanAction {
  const account = target.account
  const base: Base = { post: post.id, account, mode: target.mode }
  const record = has(ctx.state.posts, post.id) && has(ctx.state.posts[post.id], account) ? ctx.state.posts[post.id][account] : undefined
  // A URL video is not read before TikTok pulls it: its URL stands for its content.
  const facts = ctx.media.get(post.id) ?? (post.video.kind === 'url' ? { digest: '' } : undefined)
  const fp = facts ? fingerprint(post, target, facts.digest) : undefined

  const recorded = fromRecord(base, record, fp)
  if (recorded) return recorded
  if (fp === undefined) {
    return { ...base, kind: 'blocked', code: 'media_missing', reason: 'no media facts for this video (it was not read), so it cannot be published', warnings: [] }
  }
  const failure = record?.status === 'failed' ? afterFailure(ctx, base, record, fp) : { kind: 'publish' as const, notes: [] }
  if ('action' in failure) return failure.action

  const accountConfig = ctx.manifest.accounts[account] as AccountConfig | undefined
  const app = accountConfig ? (ctx.manifest.apps[accountConfig.app] as AppConfig | undefined) : undefined
  const creator = creatorStep(ctx, target, facts!)
  if (creator.blocked) return { ...base, kind: 'blocked', ...creator.blocked, warnings: creator.warnings }
  const warnings = creator.warnings
  if (target.mode === 'inbox') {
    warnings.push('inbox draft: TikTok takes no caption for drafts, so the creator must paste the caption when finishing the post in the TikTok app')
  } else if (app && !app.audited) {
    warnings.push(`app ${app.name} is not audited by TikTok: the post is visible only to the creator (SELF_ONLY) and the account must be set to private`)
  }
  const limits = limitsFor({ post, account, mode: target.mode, accountConfig, app, backoffUntil: failure.backoffUntil, holds: ctx.holds, ledgers: ctx.ledgers, cache: ctx.limits })
  if ('blocked' in limits) return { ...base, kind: 'blocked', ...limits.blocked, warnings }
  return schedule(ctx, base, target, { kind: failure.kind, notes: failure.notes, list: limits.list, fp, warnings, tz: accountConfig?.timezone ?? 'UTC' })
}

/** A record that settles the pair whatever the limits say: done, changed, in flight, or unknown. */
function fromRecord(base: Base, record: StateRecord | undefined, fp: string | undefined): PlanAction | undefined {
  if (!record) return undefined
  if (record.status === 'published' || record.status === 'inbox') {
    const where = record.status === 'published' ? `published${record.video_id ? ` as video ${record.video_id}` : ''}` : "delivered to the creator's TikTok inbox"
    if (fp === undefined) return { ...base, kind: 'done', reason: `${where}; no media facts, so changes to the video were not checked`, warnings: [] }
    if (record.fingerprint === fp) return { ...base, kind: 'done', reason: where, warnings: [] }
    return {
      ...base,
      kind: 'changed',
      reason: `${where}, and the post changed since: TikTok cannot edit a published post; give the new version a new post id to publish it`,
      warnings: []
    }
  }
  if (record.status === 'processing') {
    const warnings = fp !== undefined && record.fingerprint !== fp ? ['the post changed while TikTok was processing the earlier version; that version is the one being posted'] : []
    return { ...base, kind: 'resume', reason: `in flight at TikTok (publish_id ${record.publish_id ?? 'not recorded'}); keep polling its status`, warnings }
  }
  if (record.status === 'claimed') {
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
  if (record.status === 'unknown') {
    return {
      ...base,
      kind: 'blocked',
      code: 'unknown',
      reason: `a run stopped after claiming it and TikTok may have it: check the account, then settle with \`tiktok-publish resolve ${base.post} ${base.account} --published VIDEO_ID | --not-published\``,
      warnings: []
    }
  }
  return undefined
}

function failureOf(r: StateRecord): FailClassification & { code: string } {
  if (!r.error) return { code: 'unrecorded', class: 'retryable', advice: 'it failed without a recorded reason; the next run retries it' }
  const known = classifyFailure(r.error.code)
  return { code: r.error.code, class: r.error.class ?? known.class, advice: known.advice }
}

type AfterFailure = { action: PlanAction } | { kind: 'publish' | 'retry'; backoffUntil?: number; notes: string[] }

/** A failed record: tried again (now or after its back-off), planned as new, or blocked until a person acts. */
function afterFailure(ctx: PlanContext, base: Base, record: StateRecord, fp: string): AfterFailure {
  const { post, account } = base
  const failure = failureOf(record)
  const changed = record.fingerprint !== fp
  const said = `${failure.code}${record.error?.message ? `: ${record.error.message}` : ''}`
  if (failure.class === 'retryable') {
    // A changed post, or a person's `resolve --not-published`, earns a fresh try.
    const cleared = changed || record.error?.code === NOT_PUBLISHED
    if (record.attempts >= ctx.maxAttempts && !cleared) {
      return {
        action: {
          ...base,
          kind: 'blocked',
          code: 'attempts_exhausted',
          reason: `failed ${record.attempts} times (last: ${said}); ${failure.advice.split(';')[0]}; after checking, run \`tiktok-publish resolve ${post} ${account} --not-published\` to try again`,
          warnings: []
        }
      }
    }
    const note =
      record.attempts < ctx.maxAttempts
        ? `attempt ${record.attempts + 1} of ${ctx.maxAttempts} after ${said}`
        : `another attempt after ${said} (${changed ? 'the post changed' : 'a person checked the account'})`
    return { kind: 'retry', backoffUntil: parseTime(record.next_attempt_at), notes: [note] }
  }
  if (failure.code === 'unaudited_client_can_only_post_to_private_accounts' && !changed) {
    // TikTok refused the init outright, so nothing was posted: once a
    // creator_info asked after the refusal shows the account private, it
    // goes out again with no `resolve`; until then it waits as a public
    // account's post does (and each run asks TikTok again)
    const entry = has(ctx.state.accounts, account) ? ctx.state.accounts[account] : undefined
    const checked = parseTime(entry?.checked_at)
    const privateSince = entry?.creator && !isPublicAccount(entry.creator) && checked !== undefined && checked > (parseTime(record.updated_at) ?? Infinity)
    if (!privateSince) {
      return {
        action: {
          ...base,
          kind: 'blocked',
          code: 'creator_public',
          reason: `TikTok refused it because the account was public (${failure.code}); ${failure.advice}; the next run asks TikTok again and posts it once the account is private`,
          warnings: []
        }
      }
    }
    return { kind: 'publish', notes: ['TikTok refused it earlier because the account was public; the account is private now'] }
  }
  // A cap is not a failure: the pair is planned as if new, and waits on holds and limits.
  if (failure.class === 'cap') return { kind: 'publish', notes: [`TikTok refused it earlier for a cap (${failure.code})`] }
  if (changed) return { kind: 'publish', notes: [`the post changed since it failed (${failure.code}); the new version is posted`] }
  return {
    action: {
      ...base,
      kind: 'blocked',
      code: failure.class,
      reason: `${said} — ${failure.advice}${failure.class === 'needs_person' ? `; then run \`tiktok-publish resolve ${post} ${account} --not-published\` to let it be posted` : ''}`,
      warnings: []
    }
  }
}

/** One string per account, however many of its pairs carry it (a plan of 100k pairs keeps them all). */
function noCreatorYet(ctx: PlanContext, account: string): string {
  let text = ctx.texts.get(account)
  if (text === undefined) ctx.texts.set(account, (text = `no creator info cached for ${account} yet; checked on the first apply`))
  return text
}

/** The creator checks on the cached creator info, with a warning when it is missing or old. */
function creatorStep(ctx: PlanContext, target: PostTarget, facts: { durationSec?: number }): CreatorCheck {
  // creator_info is a direct-post call (scope video.publish); drafts are finished in the app.
  if (target.mode !== 'direct') return { warnings: [] }
  const account = target.account
  const entry = has(ctx.state.accounts, account) ? ctx.state.accounts[account] : undefined
  const creator = entry?.creator
  if (!creator) return { warnings: [noCreatorYet(ctx, account)] }
  const warnings: string[] = []
  const checked = parseTime(entry?.checked_at)
  if (checked === undefined || ctx.now - checked > CREATOR_CACHE_MAX_AGE_MS) {
    warnings.push(
      `creator info for ${creator.nickname} (${account}) was ${checked === undefined ? 'cached without a check time' : `checked ${formatDuration(ctx.now - checked)} ago`}; it is checked again before posting`
    )
  }
  const accountConfig = has(ctx.manifest.accounts, account) ? ctx.manifest.accounts[account] : undefined
  const app = accountConfig && has(ctx.manifest.apps, accountConfig.app) ? ctx.manifest.apps[accountConfig.app] : undefined
  const result = checkCreator({ target, creator, app, facts })
  warnings.push(...result.warnings)
  return result.blocked ? { blocked: result.blocked, warnings } : { warnings }
}

interface Schedulable {
  kind: 'publish' | 'retry'
  notes: string[]
  list: Limit[]
  fp: string
  warnings: string[]
  tz: string
}

/**
 * Now, or the earliest instant every limit allows, and why not sooner. The
 * pair takes that slot in its account's ledger, so later pairs see it: caps,
 * spacing and daily counts include it.
 */
function schedule(ctx: PlanContext, base: Base, target: PostTarget, s: Schedulable): PlanAction {
  const { now } = ctx
  const { post, account, mode } = base
  const cursorKey = `${account}\u0000${mode}`
  const outcome = earliestAllowed(now, s.list, ctx.searchFrom.get(cursorKey))
  if (outcome.earliest !== undefined) ctx.searchFrom.set(cursorKey, outcome.earliest)
  const what = mode === 'inbox' ? `upload as a draft to ${account}'s TikTok inbox` : `post to ${account}${target.privacy ? ` as ${target.privacy}` : ''}`
  const lead = s.notes.length ? `${s.notes.join('; ')}; ` : ''
  if (!outcome.first) {
    ctx.ledgers.add(account, { time: now, mode, post })
    return { post, account, mode, kind: s.kind, reason: `${lead}${what} now`, fingerprint: s.fp, warnings: s.warnings }
  }
  const first = outcome.first
  const why = first.limit.why(now)
  if (outcome.earliest === undefined) {
    return { post, account, mode, kind: 'wait', code: first.limit.code, reason: `${lead}${why.text}; no time in the coming weeks satisfies every limit`, fingerprint: s.fp, warnings: s.warnings }
  }
  const earliest = outcome.earliest
  ctx.ledgers.add(account, { time: earliest, mode, post, projected: true })
  return {
    post,
    account,
    mode,
    kind: 'wait',
    code: first.limit.code,
    earliest: iso(earliest),
    reason:
      why.namesUntil && first.until === earliest
        ? `${lead}${why.text}; then ${what}`
        : `${lead}${why.text}; then ${what} at ${iso(earliest)} (${formatLocal(earliest, s.tz)})`,
    fingerprint: s.fp,
    warnings: s.warnings
  }
}
