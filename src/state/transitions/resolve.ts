import { classifyFailure, NOT_PUBLISHED } from '../../rules/rulebook.js'
import type { RecordStatus, StateRecord } from '../schema.js'

/**
 * A person's verdict on a pair (`tiktok-publish resolve`), as a pure move:
 * the record and the verdict in, the next record out. The person looked at
 * the account in TikTok, which no run can do for a private post, so the
 * verdict wins over what the record said.
 */

/** What `resolve` accepts: pairs an interrupted run left unknown or claimed, and failed ones a person checked. */
export const RESOLVABLE_STATUSES: ReadonlySet<RecordStatus> = new Set(['unknown', 'claimed', 'failed'])

/** Marks a record a person settled: grow-only merging lets it replace the evidence it settles. */
export const RESOLVED_BY = 'person'

export type Verdict = { published: string } | { notPublished: true }

export function canResolve(record: StateRecord): boolean {
  return RESOLVABLE_STATUSES.has(record.status)
}

/**
 * `published`: the post is on the account with this video id; the pair is
 * done. `notPublished`: it is not there; the pair goes out in the next run,
 * with fresh attempts (the planner reads `not_published` as a person's word).
 */
export function resolved(record: StateRecord, verdict: Verdict, now: Date): StateRecord {
  if (!canResolve(record)) throw new Error(`a ${record.status} record cannot be resolved`)
  const at = now.toISOString()
  if ('published' in verdict) {
    return { ...record, status: 'published', video_id: verdict.published, error: undefined, next_attempt_at: undefined, completed_at: at, updated_at: at, resolved_by: RESOLVED_BY }
  }
  return {
    ...record,
    status: 'failed',
    error: { code: NOT_PUBLISHED, message: 'a person checked: not on the account', class: classifyFailure(NOT_PUBLISHED).class },
    next_attempt_at: at,
    updated_at: at,
    resolved_by: RESOLVED_BY
  }
}
