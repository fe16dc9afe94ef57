import type { CreatorInfo as CachedCreator } from '../state/schema.js'
import type { Logger } from '../logger.js'
import type { Post, PostTarget } from '../manifest/model.js'
import type { PhotoFacts } from '../media/image.js'
import type { PlanAction } from '../plan/index.js'
import type { StateRecord } from '../state/index.js'
import { claimPhoto, photoFound, photoInitiated, photoNotFound } from '../state/transitions/photo.js'
import type { TikTokClient } from '../tiktok/client.js'
import { failpoint } from '../failpoint.js'
import type { PairOutcome } from './engine-run.js'
import type { ServedChecks } from './served.js'

/*
 * The engine's photo branch: served bytes checked, claim (durable), content/init,
 * publish_id (durable), then the engine's ordinary polling. The order is the
 * video pull's, and so is the rule for a claim whose publish_id was lost.
 */

/** What the photo branch borrows from the engine's run. */
export interface PhotoHost {
  now(): Date
  runId: string
  approvedBy?: string
  client: TikTokClient
  logger: Logger
  served: ServedChecks
  facts(post: string): PhotoFacts | undefined
  creator(account: string): CachedCreator | undefined
  record(post: string, account: string): StateRecord | undefined
  setRecord(post: string, account: string, record: StateRecord): void
  checkpoint(label: string): Promise<void>
  outcome(o: PairOutcome): void
  block(action: PlanAction, message: string, code: string): void
  initFailed(action: PlanAction, error: unknown): Promise<void>
  poll(post: string, account: string, token: string, creatorUsername?: string): Promise<void>
}

/** The URLs of the images TikTok would pull that do not serve the committed bytes yet; empty when all do. */
export async function staleImages(host: PhotoHost, post: Post, target: PostTarget): Promise<string[]> {
  if (post.video.kind !== 'photos') return []
  const facts = host.facts(post.id)
  const urls = target.photoUrls ?? []
  if (!facts || urls.length !== post.video.images.length) return ['the images were not read, so their served copies cannot be checked']
  const checks = facts.images.map(async (image, i) => {
    if (image.kind !== 'file') return undefined // an https image is pulled as it is: nothing committed to compare with
    const r = await host.served.check(urls[i]!, image.digest)
    return r.ok ? undefined : r.reason
  })
  return (await Promise.all(checks)).filter((r): r is string => r !== undefined)
}

export async function publishPhoto(host: PhotoHost, action: PlanAction, post: Post, target: PostTarget, token: string, creatorUsername?: string): Promise<void> {
  const { post: postId, account } = action
  if (post.video.kind !== 'photos') throw new Error(`${postId} is not a photo post`)
  const photos = post.video
  const urls = target.photoUrls ?? []
  const creator = host.creator(account)
  if (target.mode === 'direct' && creator && target.privacy && !creator.privacy_level_options.includes(target.privacy)) {
    host.block(action, `privacy ${target.privacy} is not offered by @${creator.nickname} (${creator.privacy_level_options.join(', ')})`, 'privacy_level_option_mismatch')
    return
  }

  // Before anything is claimed: a late deploy makes the post wait, and costs nothing at TikTok.
  const stale = await staleImages(host, post, target)
  if (stale.length) {
    const message = `waits for a later run: ${stale.join('; ')}`
    host.logger.warn(`${postId} → ${account}: ${message}`)
    host.outcome({ post: postId, account, status: 'deferred', message, error: { code: 'photo_not_served', class: 'retryable' } })
    return
  }

  const previous = host.record(postId, account)
  host.setRecord(
    postId,
    account,
    claimPhoto(previous, {
      now: host.now(),
      runId: host.runId,
      fingerprint: action.fingerprint ?? previous?.fingerprint ?? '',
      mode: target.mode,
      photoCount: photos.images.length,
      caption: target.caption,
      approvedBy: host.approvedBy
    })
  )
  await host.checkpoint(`claim ${postId}/${account}`)
  failpoint('after-claim')
  // a sink that merged another run's state may have kept that run's claim: then that run owns the pair
  if (host.record(postId, account)?.run_id !== host.runId) {
    host.outcome({ post: postId, account, status: 'deferred', message: 'another run claimed this post first; it is left to that run' })
    return
  }

  const comments = target.allow.comments && !creator?.comment_disabled
  let publishId: string
  try {
    ;({ publishId } = await host.client.initPhotoPost(token, {
      mode: target.mode === 'inbox' ? 'MEDIA_UPLOAD' : 'DIRECT_POST',
      title: photos.title || undefined,
      description: target.caption,
      privacyLevel: target.mode === 'direct' ? target.privacy : undefined,
      disableComment: !comments,
      autoAddMusic: photos.autoAddMusic,
      brandContentToggle: post.disclose.brandedContent,
      brandOrganicToggle: post.disclose.yourBrand,
      isAigc: post.disclose.aiGenerated,
      images: urls,
      coverIndex: photos.cover
    }))
  } catch (error) {
    await host.initFailed(action, error)
    return
  }
  failpoint('after-init')
  host.setRecord(postId, account, photoInitiated(host.record(postId, account)!, publishId, host.now()))
  // durable before polling: from here a crash resumes this publish_id, never a new init
  await host.checkpoint(`init ${postId}/${account}`)
  failpoint('after-publish-id')
  host.logger.info(`${postId} → ${account}: initiated (${photos.images.length} photos, ${target.mode})`)
  await host.poll(postId, account, token, creatorUsername)
}

/**
 * A photo claim whose publish_id was lost (the run died during content/init, or
 * TikTok's answer was lost). The account's public list can show the post; it
 * can never show that TikTok does not have it (a private post is never listed).
 */
export async function reconcilePhoto(
  host: PhotoHost,
  action: PlanAction,
  record: StateRecord,
  match: { caption?: string; title?: string } | undefined,
  token: string,
  scopes: string[] | undefined
): Promise<void> {
  const { post, account } = action
  const hint = `check the account in TikTok, then run \`tiktok-publish resolve ${post} ${account} --published VIDEO_ID\` or \`--not-published\``
  const unknown = async (why: string) => {
    const next = photoNotFound(record, why, hint, host.now())
    host.setRecord(post, account, next)
    host.outcome({ post, account, status: 'unknown', message: next.error!.message, error: { code: 'unknown', class: 'needs_person' } })
    host.logger.warn(`${post} → ${account}: ${next.error!.message}`)
    await host.checkpoint(`unknown ${post}/${account}`)
  }
  if (scopes && !scopes.includes('video.list')) return unknown('a run stopped after sending this photo post to TikTok, and the account did not grant video.list to look for it')
  if (!match || (!match.caption && !match.title)) return unknown('a run stopped after sending this photo post to TikTok, and the post has no caption or title to look for it by')
  const claimedAt = Date.parse(record.claimed_at ?? record.updated_at)
  let found: { id: string; shareUrl?: string } | undefined
  try {
    let cursor: number | string | undefined
    search: for (let page = 0; page < 10; page++) {
      const list = await host.client.listVideos(token, { cursor, maxCount: 20 })
      for (const v of list.videos) {
        const created = (v.createTime ?? 0) * 1000
        if (created && created < claimedAt - 60_000) break search // newest first: older than the claim
        const texts = [v.title ?? '', v.videoDescription ?? '']
        if ((match.caption && texts.includes(match.caption)) || (match.title && texts.includes(match.title))) {
          found = { id: v.id, shareUrl: v.shareUrl }
          break search
        }
      }
      if (!list.hasMore) break
      cursor = list.cursor
    }
  } catch (error) {
    host.outcome({ post, account, status: 'claimed', message: `reconciliation failed: ${(error as Error).message}; tried again next run` })
    return
  }
  if (!found) return unknown('a run stopped after sending this photo post to TikTok, and it is not among the account\'s public posts (a private post never is)')
  host.setRecord(post, account, photoFound(record, { videoId: found.id, url: found.shareUrl }, host.now()))
  host.outcome({ post, account, status: 'published', video_id: found.id, url: found.shareUrl, message: 'found on the account by reconciliation' })
  await host.checkpoint(`reconcile ${post}/${account}`)
}
