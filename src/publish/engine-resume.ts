import type { PlanAction } from '../plan/index.js'
import { fingerprint, type StateRecord } from '../state/index.js'
import { isPhotoRecord } from '../state/transitions/photo.js'
import { claimedAt, claimPrivacy, settleBeforeList, settleWithList, type ListCheck } from '../state/transitions/reconcile.js'
import { releaseInterruptedClaim } from '../state/transitions/retry.js'
import { TikTokApiError } from '../tiktok/errors.js'
import { photoHost, publish } from './engine-init.js'
import { poll, uploadState } from './engine-poll.js'
import type { EngineRun } from './engine-run.js'
import { upload } from './engine-upload.js'
import { reconcilePhoto } from './photo.js'

/*
 * Pairs an earlier run left in flight: a publish_id to poll (an upload to
 * finish first while its URL lives), or a claim without a publish_id to
 * reconcile. Nothing here initiates a pair TikTok may already have.
 */

/** answers to video/list that the next run would get again: the claim goes to a person at once */
const LIST_REFUSALS = new Set(['scope_not_authorized', 'scope_permission_missed'])

/** A pair TikTok already has (publish_id saved), or a claim whose run died. */
export async function resume(run: EngineRun, action: PlanAction, token: string, scopes: string[] | undefined, creatorUsername?: string): Promise<void> {
  const { post, account } = action
  const record = run.record(post, account)!
  if (!record.publish_id) {
    await reconcile(run, action, record, token, scopes)
    return
  }
  const inManifest = run.o.manifest.posts.some((p) => p.id === post)
  if (record.source === 'FILE_UPLOAD' && inManifest) {
    // an upload the previous run left half done is finished while its URL lives
    const session = await run.uploads.get(record.publish_id, account)
    if (session && Date.parse(session.expiresAt) > run.now().getTime() + 60_000) {
      try {
        const status = await run.authed(account, (t) => run.o.client.fetchStatus(t, record.publish_id!))
        if (status.status === 'PROCESSING_UPLOAD' && uploadState(status, run.videoSize(post, record)) !== 'complete') {
          run.o.logger.info(`${post} → ${account}: finishing an upload an earlier run left half done`)
          const uploaded = await upload(run, action, session.uploadUrl)
          if (uploaded === 'failed') return
          if (uploaded === 'reinit') {
            await publish(run, action, creatorUsername)
            return
          }
        }
      } catch (error) {
        run.passStop(error)
        run.outcome({ post, account, status: 'processing', publish_id: record.publish_id, message: `status unknown for now (${run.classify(error).message}); polled again next run` })
        return
      }
    }
  }
  await poll(run, post, account, creatorUsername)
}

/**
 * A claim an earlier run left without a publish_id. The decisions are the
 * pure transitions in state/transitions/reconcile.ts; this only gathers
 * their inputs. The list is asked only where it could ever show the post.
 */
async function reconcile(run: EngineRun, action: PlanAction, record: StateRecord, token: string, scopes: string[] | undefined): Promise<void> {
  const { post, account } = action
  const manifestPost = run.o.manifest.posts.find((p) => p.id === post)
  const target = manifestPost?.targets.find((t) => t.account === account)
  if (isPhotoRecord(record)) {
    const match = manifestPost?.video.kind === 'photos' && target ? { caption: target.caption, title: manifestPost.video.title } : undefined
    return reconcilePhoto(photoHost(run), action, record, match, token, scopes)
  }
  if (record.source !== 'PULL_FROM_URL') {
    // FILE_UPLOAD: the publish_id is saved before any byte is sent, so a claim
    // without one never reached TikTok's upload and cannot become a post
    await releaseAndInitAgain(run, action, record)
    return
  }
  const current = manifestPost && target ? fingerprint(manifestPost, target, run.o.media.get(post)?.digest ?? '') : undefined
  const ctx = { post, account, now: run.now(), scopes, privacy: claimPrivacy(record, { privacy: target?.privacy, fingerprint: current }) }
  let settled = settleBeforeList(record, ctx)
  if (!settled) {
    let check: ListCheck
    try {
      const found = target ? await findVideo(run, token, target.caption, claimedAt(record)) : undefined
      check = found ? { kind: 'found', videoId: found.id, url: found.shareUrl } : { kind: 'not_found' }
    } catch (error) {
      check =
        error instanceof TikTokApiError && LIST_REFUSALS.has(error.code)
          ? { kind: 'refused', code: error.code }
          : { kind: 'failed', message: run.classify(error).message }
    }
    settled = settleWithList(record, { ...ctx, now: run.now() }, check)
  }
  if (settled.status === 'claimed') {
    run.outcome({ post, account, status: 'claimed', message: settled.message })
    return
  }
  run.setRecord(post, account, settled.record)
  if (settled.status === 'published') {
    run.outcome({ post, account, status: 'published', video_id: settled.record.video_id, url: settled.record.url, message: settled.message })
  } else if (settled.status === 'unknown') {
    run.outcome({ post, account, status: 'unknown', message: settled.message, error: { code: 'unknown', class: 'needs_person' } })
    run.o.logger.warn(`${post} → ${account}: ${settled.message}`)
  } else {
    run.outcome({ post, account, status: 'deferred', message: settled.message })
  }
  await run.checkpoint(`reconcile ${post}/${account}`)
}

/**
 * A FILE_UPLOAD claim whose run died before the init's answer was saved: the
 * claim is released and, unless something stops new inits for the account,
 * the pair is initiated again in this run rather than the next.
 */
async function releaseAndInitAgain(run: EngineRun, action: PlanAction, record: StateRecord): Promise<void> {
  const { post, account } = action
  run.setRecord(post, account, releaseInterruptedClaim(record, run.now()))
  await run.checkpoint(`release ${post}/${account}`)
  const postConfig = run.o.manifest.posts.find((p) => p.id === post)
  const blocked = run.initBlocked(account) ?? (!postConfig?.targets.some((t) => t.account === account) ? 'no longer in the manifest' : undefined)
  if (blocked) {
    run.outcome({ post, account, status: 'deferred', message: `an interrupted claim was released (no upload had started); ${blocked}` })
    return
  }
  run.o.logger.info(`${post} → ${account}: an interrupted claim was released (no upload had started); initiating it again`)
  await publish(run, action, run.usernames.get(account))
}

async function findVideo(run: EngineRun, token: string, caption: string, after: number): Promise<{ id: string; shareUrl?: string } | undefined> {
  let cursor: number | string | undefined
  // videos are newest first: stop once older than the claim
  for (let page = 0; page < 10; page++) {
    const list = await run.o.client.listVideos(token, { cursor, maxCount: 20 })
    for (const v of list.videos) {
      const created = (v.createTime ?? 0) * 1000
      if (created && created < after - 60_000) return undefined
      if ((v.title ?? '') === caption) return { id: v.id, shareUrl: v.shareUrl }
    }
    if (!list.hasMore) return undefined
    cursor = list.cursor
  }
  return undefined
}
