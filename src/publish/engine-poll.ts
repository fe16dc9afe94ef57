import { failpoint } from '../failpoint.js'
import { polled, uploadAbandoned } from '../state/transitions/record.js'
import type { StateRecord } from '../state/index.js'
import { classifyFailReason } from '../rules/rulebook.js'
import { holdForCap } from './engine-outcomes.js'
import { UPLOAD_URL_LIFETIME_MS, type EngineRun, type OutcomeStatus } from './engine-run.js'

const DEFAULT_POLL_MS = [1000, 2000, 3000, 5000, 8000, 10000]

type Status = Awaited<ReturnType<EngineRun['o']['client']['fetchStatus']>>

/**
 * Whether TikTok holds every byte of an upload. TikTok reports
 * PROCESSING_UPLOAD both while bytes are missing and while a finished upload
 * is processed; only uploaded_bytes tells them apart.
 */
export function uploadState(status: { uploadedBytes?: number }, size: number | undefined): 'complete' | 'incomplete' | 'unknown' {
  if (status.uploadedBytes === undefined || size === undefined) return 'unknown'
  return status.uploadedBytes >= size ? 'complete' : 'incomplete'
}

/**
 * Polls a publish_id until TikTok's answer is final (saved, then reported) or
 * the run's time is up (the next run polls on). A poll that fails leaves the
 * pair processing: it is TikTok's, whatever became of it.
 */
export async function poll(run: EngineRun, post: string, account: string, creatorUsername?: string): Promise<void> {
  const intervals = run.o.pollIntervalsMs ?? DEFAULT_POLL_MS
  let i = 0
  for (;;) {
    const record = run.record(post, account)!
    let status: Status
    failpoint('before-poll')
    try {
      status = await run.authed(account, (t) => run.o.client.fetchStatus(t, record.publish_id!))
    } catch (error) {
      run.passStop(error)
      const c = run.classify(error)
      run.outcome({ post, account, status: 'processing', publish_id: record.publish_id, message: `status unknown for now (${c.message}); polled again next run` })
      return
    }
    const step = settle(run, post, account, record, status, creatorUsername)
    if (step === 'left') return
    if (step === 'final') break
    if (!run.timeLeft()) {
      run.outcome({ post, account, status: 'processing', publish_id: record.publish_id, message: 'still processing at TikTok; the next run resumes polling' })
      return
    }
    await run.o.clock.sleep(intervals[Math.min(i++, intervals.length - 1)])
  }
  failpoint('before-final-save')
  await run.checkpoint(`final ${post}/${account}`)
  failpoint('after-final-save')
}

/**
 * One status answer: `final` when the record took its end (to be saved),
 * `left` when the pair stays in flight for a later run, `wait` to poll again.
 */
function settle(run: EngineRun, post: string, account: string, record: StateRecord, status: Status, creatorUsername?: string): 'final' | 'left' | 'wait' {
  if (status.status === 'PUBLISH_COMPLETE') {
    const videoId = status.publicPostIds[0]
    const url = videoId && creatorUsername ? `https://www.tiktok.com/@${creatorUsername}/video/${videoId}` : undefined
    run.setRecord(post, account, polled(record, { status: 'PUBLISH_COMPLETE', videoId, url }, run.now()))
    run.outcome({ post, account, status: 'published', publish_id: record.publish_id, video_id: videoId, url })
    run.o.logger.info(`${post} → ${account}: published${videoId ? ` (video ${videoId})` : ''}`)
    return 'final'
  }
  if (status.status === 'SEND_TO_USER_INBOX') {
    run.setRecord(post, account, polled(record, { status: 'SEND_TO_USER_INBOX' }, run.now()))
    run.outcome({ post, account, status: 'inbox', publish_id: record.publish_id, message: 'sent to the creator\'s TikTok inbox: paste the caption and post it in the app' })
    run.o.logger.info(`${post} → ${account}: in the creator's inbox`)
    return 'final'
  }
  if (status.status === 'FAILED') {
    const reason = status.failReason ?? 'unknown'
    const c = classifyFailReason(reason)
    if (c.class === 'cap') holdForCap(run, account, reason)
    run.setRecord(post, account, polled(record, { status: 'FAILED', failure: { code: reason, message: 'TikTok reported the post FAILED', class: c.class } }, run.now()))
    const outcome: OutcomeStatus = c.class === 'cap' ? 'deferred' : 'failed'
    run.outcome({ post, account, status: outcome, publish_id: record.publish_id, message: `TikTok: ${reason}. ${c.advice}`, error: { code: reason, class: c.class } })
    run.o.logger.error(`${post} → ${account}: TikTok said FAILED (${reason}). ${c.advice}`)
    return 'final'
  }
  const finished = run.uploaded.has(record.publish_id!) || record.uploaded_at !== undefined
  if (status.status !== 'PROCESSING_UPLOAD' || record.source !== 'FILE_UPLOAD' || finished) return 'wait'
  const bytes = uploadState(status, run.videoSize(post, record))
  return bytes === 'complete' ? 'wait' : unfinishedUpload(run, post, account, record, bytes)
}

/**
 * An earlier run stopped mid-upload and its upload URL is not at hand
 * (another machine, or it expired): nobody can finish this upload, so polling
 * would wait for nothing. Once the URL has expired the publish_id can never
 * complete, and a new init is safe.
 */
function unfinishedUpload(run: EngineRun, post: string, account: string, record: StateRecord, state: 'incomplete' | 'unknown'): 'final' | 'left' {
  const expires = new Date(record.initiated_at ?? record.updated_at).getTime() + UPLOAD_URL_LIFETIME_MS
  if (state === 'unknown') {
    // without TikTok's byte count a finished upload cannot be told from an
    // abandoned one, and a new init could post the video twice: keep waiting
    run.outcome({ post, account, status: 'processing', publish_id: record.publish_id, message: 'still uploading or processing at TikTok; the next run checks again' })
    return 'left'
  }
  if (run.now().getTime() < expires) {
    run.outcome({ post, account, status: 'processing', publish_id: record.publish_id, message: `an earlier run stopped mid-upload; its upload URL expires at ${new Date(expires).toISOString()}, after which the post is initiated again` })
    return 'left'
  }
  run.setRecord(post, account, uploadAbandoned(record, run.now()))
  run.outcome({ post, account, status: 'deferred', publish_id: record.publish_id, message: 'an abandoned upload was released; the post is initiated again on the next run' })
  return 'final'
}
