import type { StateRecord } from '../schema.js'

/**
 * Settling a claim an earlier run left without a publish_id (it stopped, or
 * the init's answer was lost, between the claim and saving TikTok's answer).
 *
 * The only evidence TikTok offers is /v2/video/list/, and it lists only the
 * account's PUBLIC posts, some of them hours late. So finding the post proves
 * it exists, while not finding it proves nothing: a claim is never released
 * for a new init on the list's silence. What the list cannot settle becomes
 * `unknown`, which stops the pair until a person checks the account and runs
 * `resolve`.
 *
 * Every function here is pure: record and inputs in, record out.
 */

/** How long a public post is looked for in the list before a person is asked: TikTok's pull gives up an hour after init, and moderation takes minutes. */
export const RECONCILE_WINDOW_MS = 2 * 60 * 60 * 1000

export interface ClaimContext {
  post: string
  account: string
  now: Date
  /** the privacy the claim was sent with (undefined: not known, or a draft) */
  privacy?: string
  /** scopes the account granted, when the token store knows them */
  scopes?: readonly string[]
}

/** What the account's video list said about the claimed post. */
export type ListCheck =
  | { kind: 'found'; videoId: string; url?: string }
  | { kind: 'not_found' }
  /** TikTok refused the list for a reason that will not pass (e.g. scope_not_authorized) */
  | { kind: 'refused'; code: string }
  /** the list could not be read this time (5xx, timeout, rate limit…) */
  | { kind: 'failed'; message: string }

export type SettledAs = 'published' | 'unknown' | 'claimed' | 'released'

export interface Settled {
  record: StateRecord
  status: SettledAs
  /** one sentence for the run's summary: what happened and what to do */
  message: string
}

/** The command a person runs once they have looked at the account. */
export function resolveCommand(post: string, account: string): string {
  return `tiktok-publish resolve ${post} ${account} --published VIDEO_ID (the digits at the end of the video's link) or --not-published`
}

/** When the claim was made (the moment TikTok could have received the init). */
export function claimedAt(record: StateRecord): number {
  return Date.parse(record.claimed_at ?? record.updated_at)
}

/** The privacy the claim went out with: the record's own, else the manifest's when the claim is of the same version. */
export function claimPrivacy(record: StateRecord, manifest: { privacy?: string; fingerprint?: string }): string | undefined {
  if (record.mode === 'inbox') return undefined
  if (typeof record.privacy === 'string') return record.privacy
  return manifest.fingerprint !== undefined && manifest.fingerprint === record.fingerprint ? manifest.privacy : undefined
}

/** claimed → unknown: TikTok may have the post and nothing here can tell; a person checks. */
export function claimToUnknown(record: StateRecord, ctx: Pick<ClaimContext, 'post' | 'account' | 'now'>, why: string): Settled {
  const message = `${why}: TikTok may have posted it, so it is not sent again. Check the account in the TikTok app, then run \`${resolveCommand(ctx.post, ctx.account)}\``
  return {
    status: 'unknown',
    message,
    record: { ...record, status: 'unknown', error: { code: 'unknown', message, class: 'needs_person' }, next_attempt_at: undefined, updated_at: ctx.now.toISOString() }
  }
}

/** claimed → published: the post is on the account's list. */
export function claimToPublished(record: StateRecord, found: { videoId: string; url?: string }, now: Date): Settled {
  return {
    status: 'published',
    message: 'found on the account by reconciliation',
    record: {
      ...record,
      status: 'published',
      video_id: found.videoId,
      url: found.url ?? record.url,
      error: undefined,
      next_attempt_at: undefined,
      completed_at: now.toISOString(),
      updated_at: now.toISOString()
    }
  }
}

/**
 * claimed → failed (retryable, due now): a FILE_UPLOAD claim without a
 * publish_id. Its publish_id is saved before any byte is sent, so TikTok never
 * received a byte of it and it can never become a post.
 */
export function releaseInterruptedUpload(record: StateRecord, now: Date): Settled {
  return {
    status: 'released',
    message: 'an interrupted claim was released (no upload had started); it is published on the next run',
    record: {
      ...record,
      status: 'failed',
      error: { code: 'run_interrupted', message: 'the run stopped between claim and init; nothing reached TikTok', class: 'retryable' },
      next_attempt_at: now.toISOString(),
      updated_at: now.toISOString()
    }
  }
}

/**
 * What can be settled before asking TikTok anything, or undefined when the
 * account's video list must be read. Decided by the claim alone, never by the
 * clock: a late run settles a private claim exactly as an early one does.
 */
export function settleBeforeList(record: StateRecord, ctx: ClaimContext): Settled | undefined {
  if (record.source !== 'PULL_FROM_URL') return releaseInterruptedUpload(record, ctx.now)
  if (record.mode === 'inbox') return claimToUnknown(record, ctx, 'an inbox draft sent by URL whose answer was lost never shows in the account\'s video list')
  if (ctx.privacy !== 'PUBLIC_TO_EVERYONE') {
    const seen = ctx.privacy ? `a ${ctx.privacy} post` : 'a post of unknown privacy'
    return claimToUnknown(record, ctx, `TikTok's video list shows only public posts, and this claim was ${seen} whose answer was lost`)
  }
  if (ctx.scopes && !ctx.scopes.includes('video.list')) {
    return claimToUnknown(record, ctx, `account ${ctx.account} did not grant video.list, so the run cannot look for the post (grant it with \`tiktok-publish auth --account ${ctx.account}\` for later claims)`)
  }
  return undefined
}

/** The claim after the account's video list was read (or could not be). */
export function settleWithList(record: StateRecord, ctx: ClaimContext, check: ListCheck): Settled {
  if (check.kind === 'found') return claimToPublished(record, check, ctx.now)
  if (check.kind === 'refused') {
    return claimToUnknown(record, ctx, `TikTok refused to list the videos of ${ctx.account} (${check.code}), so the run cannot look for the post`)
  }
  const deadline = claimedAt(record) + RECONCILE_WINDOW_MS
  const past = !(ctx.now.getTime() < deadline)
  if (check.kind === 'not_found') {
    if (past) return claimToUnknown(record, ctx, `not in the account's public video list ${RECONCILE_WINDOW_MS / 3_600_000} h after the claim, which does not prove TikTok never received it`)
    return {
      status: 'claimed',
      record,
      message: `not in the account's public video list yet (TikTok may still be processing it); the next run looks again, and from ${new Date(deadline).toISOString()} it is left for a person to check`
    }
  }
  if (past) return claimToUnknown(record, ctx, `the account's video list could not be read (${check.message}) and the claim is ${RECONCILE_WINDOW_MS / 3_600_000} h old`)
  return {
    status: 'claimed',
    record,
    message: `reconciliation failed: ${check.message}; the next run looks again, and from ${new Date(deadline).toISOString()} it is left for a person to check`
  }
}
