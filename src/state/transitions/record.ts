import type { StateRecord } from '../schema.js'
import { failAttempt, type Failure } from './retry.js'

/*
 * The life of a video pair's record, as pure moves: the record and the facts
 * in, the next record out; the input is never modified. The engine calls these
 * and never builds a record by hand, so each move is tested without a server.
 *
 *   claim ──► initiated ──► uploaded (FILE_UPLOAD) ──► polled: published | inbox | failed
 *     │            │
 *     └─► failed / deferred (a refused init)     uploadAbandoned (a dead upload whose URL expired)
 *
 * A photo post moves through ./photo.ts, a claim whose answer was lost
 * through ./reconcile.ts, and the retry path's releases through ./retry.ts.
 * Each move stamps `updated_at` with its `now`.
 */

export type { Failure } from './retry.js'

export interface Claim {
  now: Date
  runId: string
  fingerprint: string
  source: 'FILE_UPLOAD' | 'PULL_FROM_URL'
  mode: 'direct' | 'inbox'
  /** the direct post's privacy; reconciliation needs it, since only a public post can ever be found again */
  privacy?: string
  /** inbox drafts: the caption to paste when finishing the post in the app */
  caption?: string
  /** the commit that approved the post */
  approvedBy?: string
  /** a file upload's video facts: kept so a later run knows the post done without the file */
  video?: StateRecord['video']
}

/**
 * A new attempt, made durable before TikTok is asked: what an earlier attempt
 * left (its publish_id, error, wait, upload) is cleared, and the attempt counted.
 */
export function claim(previous: StateRecord | undefined, c: Claim): StateRecord {
  return {
    ...(previous ?? {}),
    status: 'claimed',
    fingerprint: c.fingerprint,
    attempts: (previous?.attempts ?? 0) + 1,
    claimed_at: c.now.toISOString(),
    updated_at: c.now.toISOString(),
    run_id: c.runId,
    source: c.source,
    mode: c.mode,
    privacy: c.mode === 'direct' ? c.privacy : undefined,
    approved_by: c.approvedBy ?? previous?.approved_by,
    caption: c.mode === 'inbox' ? c.caption : undefined,
    video: c.video,
    publish_id: undefined,
    video_id: undefined,
    url: undefined,
    error: undefined,
    next_attempt_at: undefined,
    uploaded_at: undefined
  }
}

/**
 * TikTok accepted the init: the pair is only ever polled from here, never
 * initiated again on a guess. The size is kept so a later run can tell a
 * finished upload from an abandoned one.
 */
export function initiated(claimed: StateRecord, init: { publishId: string; videoSize?: number }, now: Date): StateRecord {
  if (claimed.status !== 'claimed') throw new Error(`a pair is initiated from a claim, not from ${claimed.status}`)
  return { ...claimed, status: 'processing', publish_id: init.publishId, initiated_at: now.toISOString(), updated_at: now.toISOString(), video_size: init.videoSize }
}

/** TikTok holds every byte of the upload: what is left is TikTok's processing. */
export function uploaded(record: StateRecord, now: Date): StateRecord {
  if (record.status !== 'processing' || record.source !== 'FILE_UPLOAD' || !record.publish_id) {
    throw new Error(`only a FILE_UPLOAD in processing with a publish_id is uploaded, not a ${record.source ?? ''} ${record.status} record`)
  }
  return { ...record, uploaded_at: now.toISOString(), updated_at: now.toISOString() }
}

/** TikTok's final answer to a status poll. */
export type PollAnswer =
  | { status: 'PUBLISH_COMPLETE'; videoId?: string; url?: string }
  | { status: 'SEND_TO_USER_INBOX' }
  | { status: 'FAILED'; failure: Failure }

/** The pair's end as TikTok's status reported it; a FAILED one is a failed attempt (see `failed`). */
export function polled(record: StateRecord, answer: PollAnswer, now: Date): StateRecord {
  if (!record.publish_id) throw new Error('only a record with a publish_id is polled')
  const at = now.toISOString()
  switch (answer.status) {
    case 'PUBLISH_COMPLETE':
      return { ...record, status: 'published', video_id: answer.videoId ?? record.video_id, url: answer.url ?? record.url, completed_at: at, updated_at: at, error: undefined }
    case 'SEND_TO_USER_INBOX':
      return { ...record, status: 'inbox', completed_at: at, updated_at: at, error: undefined }
    case 'FAILED':
      return failed(record, answer.failure, now)
  }
}

/**
 * A failed attempt: a retryable one is given the time it goes again, any
 * other class waits for a person or a change of the post. One formula for the
 * wait, in ./retry.ts.
 */
export function failed(record: StateRecord, failure: Failure, now: Date): StateRecord {
  return { ...failAttempt(record, failure, now), updated_at: now.toISOString() }
}

/**
 * TikTok refused the init for a cap (the account's or the app's). A refused
 * init is not an attempt at TikTok, so the claim's attempt is given back; the
 * pair waits for the plan's hold, not for a back-off of its own.
 */
export function deferred(record: StateRecord, cap: { code: string; message: string }, now: Date): StateRecord {
  return {
    ...record,
    status: record.publish_id ? record.status : 'failed',
    attempts: Math.max(0, record.attempts - 1),
    error: { code: cap.code, message: cap.message, class: 'cap' },
    updated_at: now.toISOString()
  }
}

/**
 * An upload an earlier run stopped in the middle of, whose upload URL has
 * expired: no one can finish it, TikTok holds fewer bytes than the video, and
 * the publish_id can never become a post. The pair is due for a new init now.
 */
export function uploadAbandoned(record: StateRecord, now: Date): StateRecord {
  if (record.source !== 'FILE_UPLOAD' || !record.publish_id) throw new Error('only a FILE_UPLOAD record with a publish_id has an upload to abandon')
  return {
    ...record,
    status: 'failed',
    error: { code: 'upload_abandoned', message: 'an earlier run stopped mid-upload and the upload URL expired; initiated again', class: 'retryable' },
    next_attempt_at: now.toISOString(),
    updated_at: now.toISOString()
  }
}
