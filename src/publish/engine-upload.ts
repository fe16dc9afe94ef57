import { failpoint } from '../failpoint.js'
import type { PlanAction } from '../plan/index.js'
import type { StateRecord } from '../state/index.js'
import { uploaded } from '../state/transitions/record.js'
import { releaseDeadUpload } from '../state/transitions/retry.js'
import { TikTokApiError } from '../tiktok/errors.js'
import { planChunks, uploadFile } from '../tiktok/upload.js'
import { fail } from './engine-outcomes.js'
import type { EngineRun } from './engine-run.js'

/** New inits of one pair in one run after its upload died (403, 404, 416): bounded, so a broken upload host cannot loop. */
const REINITS_PER_RUN = 2
/** Chunk answers after which only TikTok's status tells whether the upload can go on. */
const DEAD_UPLOAD_CODES = new Set(['upload_url_expired', 'upload_not_found', 'range_mismatch'])

export type UploadEnd = 'done' | 'reinit' | 'failed'

/**
 * Streams the video. `done`: TikTok holds every byte. `reinit`: the upload
 * died (403, 404, or a 416 no resume satisfied), TikTok's status says it
 * holds an incomplete copy, and the pair was released for a new init in this
 * run. `failed`: a retryable failure was recorded for a later run.
 */
export async function upload(run: EngineRun, action: PlanAction, uploadUrl: string): Promise<UploadEnd> {
  const { post: postId, account } = action
  const post = run.post(postId)
  const facts = run.o.media.get(postId)!
  if (post.video.kind !== 'file') return 'done'
  const record = run.record(postId, account)!
  try {
    await uploadFile({
      uploadUrl,
      filePath: post.video.absPath,
      size: facts.sizeBytes,
      mimeType: facts.mimeType,
      chunkPlan: planChunks(facts.sizeBytes, run.o.chunkSizeBytes),
      clock: run.o.clock,
      beforeRequest: () => run.guard(),
      // a 416 without a usable Content-Range: TikTok's status says where the upload is
      askUploaded: async () => (await run.authed(account, (token) => run.o.client.fetchStatus(token, record.publish_id!))).uploadedBytes,
      logger: run.o.logger,
      onProgress: (sent: number, total: number) => {
        run.uploads.progress?.(record.publish_id!, sent, account)
        failpoint('upload-progress')
        run.o.onUploadProgress?.({ post: postId, account, sent, total })
      }
    })
    await run.uploads.delete(record.publish_id!, account)
    run.uploaded.add(record.publish_id!)
    run.setRecord(postId, account, uploaded(run.record(postId, account)!, run.now()))
    return 'done'
  } catch (error) {
    run.passStop(error)
    if (error instanceof TikTokApiError && DEAD_UPLOAD_CODES.has(error.code)) {
      const next = await afterDeadUpload(run, action, record, facts.sizeBytes, error)
      if (next !== 'failed') return next
    } else {
      // an upload that never completed can never publish, so the pair may be
      // initiated again later: it is a retryable failure, not an unknown
      await run.uploads.delete(record.publish_id!, account)
      const classified = run.classify(error)
      fail(run, action, classified.said, classified.error?.code ?? 'upload', 'retryable')
    }
    await run.checkpoint(`upload failed ${postId}/${account}`)
    return 'failed'
  }
}

/**
 * TikTok answered a chunk 403 (upload URL expired), 404 (no such upload) or a
 * 416 no resume could satisfy. Only TikTok's status can say whether a
 * complete upload exists: if it does, the publish_id is polled; if TikTok
 * holds fewer bytes than the video, that publish_id can never become a post
 * and the pair is initiated again in this run (a bounded number of times).
 */
async function afterDeadUpload(run: EngineRun, action: PlanAction, record: StateRecord, size: number, error: TikTokApiError): Promise<UploadEnd> {
  const { post, account } = action
  const key = `${post}\u0000${account}`
  let uploadedBytes: number | undefined
  try {
    uploadedBytes = (await run.authed(account, (token) => run.o.client.fetchStatus(token, record.publish_id!))).uploadedBytes
  } catch (statusError) {
    run.passStop(statusError)
    uploadedBytes = undefined
  }
  if (uploadedBytes !== undefined && uploadedBytes >= size) {
    await run.uploads.delete(record.publish_id!, account)
    run.uploaded.add(record.publish_id!)
    run.setRecord(post, account, uploaded(record, run.now()))
    return 'done'
  }
  await run.uploads.delete(record.publish_id!, account)
  const used = run.reinits.get(key) ?? 0
  if (uploadedBytes === undefined || used >= REINITS_PER_RUN || run.initBlocked(account) !== undefined) {
    // without TikTok's count a complete upload cannot be ruled out here; a
    // later run checks the status before anything else
    const why = uploadedBytes === undefined ? `${error.message} TikTok's status could not be read to see where the upload is` : error.message
    fail(run, action, why, error.code, 'retryable')
    return 'failed'
  }
  run.reinits.set(key, used + 1)
  run.setRecord(post, account, releaseDeadUpload(record, { uploadedBytes, videoSize: size, code: error.code, message: error.message }, run.now()))
  await run.checkpoint(`release upload ${post}/${account}`)
  return 'reinit'
}
