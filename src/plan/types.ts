import type { Manifest, PostMode } from '../manifest/model.js'
import type { MediaFacts } from '../media/types.js'
import type { State } from '../state/schema.js'
import { CREATOR_CHECK_CODES } from './creator.js'

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
/** inits of one pair before a retryable failure needs a person */
export const DEFAULT_MAX_ATTEMPTS = 5
