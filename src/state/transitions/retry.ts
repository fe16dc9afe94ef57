import type { FailClass } from '../../rules/rulebook.js'
import type { StateRecord } from '../schema.js'

/**
 * Record moves of the retry path, as pure functions: a record and the facts in,
 * the next record out. The engine calls them instead of building records by
 * hand, so each move is tested here without a server.
 *
 * Attempts count what TikTok was asked to do and failed at. A claim given back
 * because the run died before TikTok's answer was saved, or an upload released
 * so it can be initiated again, returns its attempt: the next init is the same
 * attempt carried on, and a few unlucky kills cannot use up a pair's attempts.
 */

/** The first wait between runs after a retryable failure. */
export const RETRY_BASE_MS = 15 * 60 * 1000
/**
 * The longest wait between runs. Doubling from 15 minutes, a pair that met
 * three failures in a row waits an hour, not the four hours that multiplying
 * by four gave; an hourly schedule still retries it every run.
 */
export const RETRY_CAP_MS = 60 * 60 * 1000

/** How long a pair waits after its `attempts`-th failure: 15, 30, 60, 60 … minutes. */
export function retryDelayMs(attempts: number): number {
  const n = Math.max(0, Math.min(attempts, 20) - 1)
  return Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** n)
}

/** A failure TikTok's answer explained, as the record keeps it. */
export interface Failure {
  code: string
  message: string
  class: FailClass
  log_id?: string
}

/**
 * A failed attempt. A retryable one is given the time it goes again; any other
 * class waits for a person or a change of the post, so it gets none.
 */
export function failAttempt(record: StateRecord, failure: Failure, now: Date): StateRecord {
  return {
    ...record,
    status: 'failed',
    error: { code: failure.code, message: failure.message, class: failure.class, log_id: failure.log_id },
    next_attempt_at: failure.class === 'retryable' ? new Date(now.getTime() + retryDelayMs(record.attempts)).toISOString() : undefined
  }
}

/**
 * The one sentence a pair deferred after the run's own attempts carries: why,
 * and when it goes next. `why` is TikTok's answer as the client described it.
 */
export function deferredMessage(why: string, nextAttemptAt: string | undefined): string {
  const reason = why.trim().replace(/[.;:\s]+$/, '')
  if (!nextAttemptAt) return `${reason}.`
  return `${reason}. It goes again at ${nextAttemptAt.replace(/\.\d{3}Z$/, 'Z')}, in the first run from then.`
}

/**
 * A FILE_UPLOAD claim whose run died between the init and saving its answer.
 * The publish_id is saved before any byte is sent, so whatever that init
 * created received no byte and can never become a post: the claim is released
 * and the pair may be initiated again at once.
 */
export function releaseInterruptedClaim(record: StateRecord, now: Date): StateRecord {
  if (record.status !== 'claimed' || record.publish_id !== undefined || record.source === 'PULL_FROM_URL') {
    throw new Error(`only a FILE_UPLOAD claim without a publish_id can be released, not a ${record.source ?? ''} ${record.status} record`)
  }
  return {
    ...record,
    status: 'failed',
    attempts: Math.max(0, record.attempts - 1),
    error: { code: 'run_interrupted', message: 'the run stopped between claim and init; nothing reached TikTok', class: 'retryable' },
    next_attempt_at: now.toISOString()
  }
}

/**
 * A FILE_UPLOAD publish_id whose upload can no longer finish (TikTok answered
 * a chunk with 403 or 404, or a 416 that no resume could satisfy) and whose
 * bytes TikTok does not all hold: it can never become a post, so the pair is
 * released for a new init now. `uploadedBytes` is TikTok's own count; a caller
 * that does not have it must not release (a finished upload would post twice).
 */
export function releaseDeadUpload(record: StateRecord, facts: { uploadedBytes: number; videoSize: number; code: string; message: string }, now: Date): StateRecord {
  if (record.source !== 'FILE_UPLOAD' || !record.publish_id) throw new Error('only a FILE_UPLOAD record with a publish_id has an upload to release')
  if (facts.uploadedBytes >= facts.videoSize) {
    throw new Error(`TikTok holds all ${facts.videoSize} bytes of ${record.publish_id}: the upload is complete and must be polled, not released`)
  }
  return {
    ...record,
    status: 'failed',
    attempts: Math.max(0, record.attempts - 1),
    error: { code: facts.code, message: facts.message, class: 'retryable' },
    next_attempt_at: now.toISOString()
  }
}
