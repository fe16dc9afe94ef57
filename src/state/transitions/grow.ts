import type { RecordStatus, State, StateRecord } from '../schema.js'
import { RESOLVABLE_STATUSES } from './resolve.js'

/**
 * Records are grow-only outside `resolve`. A record is the tool's evidence of
 * what TikTok holds for a pair; a commit that drops it or turns it back (a
 * merged pull request, a merge-conflict fix that took the older side) would
 * make the next run publish the video again. So a run merges the state it
 * loaded with the last state the tool itself wrote (`base`), record by
 * record, and never goes back.
 *
 * Pure: records and states in, records and states out.
 */

/** Evidence that a post exists or may exist at TikTok: never given up by a commit. */
export const PROTECTED_STATUSES: ReadonlySet<RecordStatus> = new Set(['published', 'processing', 'inbox', 'unknown'])

export type GrowReason = 'dropped' | 'went back'

export interface GrowDecision {
  record: StateRecord | undefined
  /** set when the base's record was kept over the working copy */
  kept?: GrowReason
}

const time = (iso: string | undefined): number => Date.parse(iso ?? '') || 0

/** A change `resolve` made to the base's record (it marks its records; see the CLI's resolve). */
export function isResolutionOf(working: StateRecord, base: StateRecord): boolean {
  return typeof working.resolved_by === 'string' && working.resolved_by !== '' && RESOLVABLE_STATUSES.has(base.status) && time(working.updated_at) >= time(base.updated_at)
}

/**
 * One pair: `base` is the record the tool last wrote, `working` the record
 * the run loaded. The working record wins unless it loses evidence the base
 * holds: a record the base protects stays as the base has it, unless the
 * working record is a resolution of it, the same evidence (status and
 * publish_id), a step forward on the same publish_id, or a newer publish_id
 * (a later init the base never saw: losing it could post twice).
 */
export function growRecord(base: StateRecord | undefined, working: StateRecord | undefined): GrowDecision {
  if (!base) return { record: working }
  if (!working) return { record: base, kept: 'dropped' }
  if (!PROTECTED_STATUSES.has(base.status)) return { record: working }
  if (isResolutionOf(working, base)) return { record: working }
  if (working.publish_id !== undefined && working.publish_id !== base.publish_id && time(working.updated_at) > time(base.updated_at)) return { record: working }
  if (working.status === base.status && working.publish_id === base.publish_id) return { record: working }
  const forward = base.status === 'processing' && (working.status === 'published' || working.status === 'inbox') && working.publish_id === base.publish_id
  if (forward) return { record: working }
  return { record: base, kept: 'went back' }
}

export interface KeptRecord {
  post: string
  account: string
  /** the record kept, as the tool last wrote it */
  status: RecordStatus
  publish_id?: string
  video_id?: string
  reason: GrowReason
  /** what the working copy had instead (absent when dropped) */
  working?: RecordStatus
}

export interface GrowResult {
  state: State
  kept: KeptRecord[]
}

/**
 * The working state grown by the base's records. Lineage and serial are the
 * working copy's when it exists (the file on disk must accept the next save),
 * the base's when the working file is gone. Account entries (creator cache,
 * holds) are the working copy's: TikTok is asked again about those.
 */
export function growState(base: State, working: State, workingExists = true): GrowResult {
  const kept: KeptRecord[] = []
  const posts: State['posts'] = {}
  const ids = [...new Set([...Object.keys(working.posts), ...Object.keys(base.posts)])]
  for (const post of ids) {
    const b = Object.prototype.hasOwnProperty.call(base.posts, post) ? base.posts[post] : {}
    const w = Object.prototype.hasOwnProperty.call(working.posts, post) ? working.posts[post] : {}
    const out: Record<string, StateRecord> = {}
    for (const account of [...new Set([...Object.keys(w), ...Object.keys(b)])]) {
      const bRec = Object.prototype.hasOwnProperty.call(b, account) ? b[account] : undefined
      const wRec = Object.prototype.hasOwnProperty.call(w, account) ? w[account] : undefined
      const d = growRecord(bRec, wRec)
      if (d.record) out[account] = d.record
      if (d.kept && bRec) {
        kept.push({
          post,
          account,
          status: bRec.status,
          publish_id: bRec.publish_id,
          video_id: bRec.video_id,
          reason: d.kept,
          working: wRec?.status
        })
      }
    }
    if (Object.keys(out).length) posts[post] = out
  }
  const shell = workingExists ? working : { ...working, lineage: base.lineage, serial: base.serial }
  return { state: kept.length ? { ...shell, accounts: workingExists ? working.accounts : base.accounts, posts } : workingExists ? working : base, kept }
}

/** One line per kept record, for logs and summaries. */
export function describeKept(k: KeptRecord): string {
  const id = k.publish_id ? `, publish_id ${k.publish_id}` : ''
  return k.reason === 'dropped' ? `${k.post} → ${k.account}: ${k.status}${id} (dropped by a commit)` : `${k.post} → ${k.account}: ${k.status}${id} (a commit turned it back to ${k.working})`
}
