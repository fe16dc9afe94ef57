import { failpoint } from '../failpoint.js'
import type { Post, PostTarget } from '../manifest/model.js'
import { recordedVideo, type MediaFacts } from '../media/index.js'
import type { PlanAction } from '../plan/index.js'
import { isPublicAccount, publicAccountRefusal } from '../plan/public-account.js'
import { claim, initiated } from '../state/transitions/record.js'
import { planChunks } from '../tiktok/upload.js'
import { block, initFailed } from './engine-outcomes.js'
import { poll } from './engine-poll.js'
import { UPLOAD_URL_LIFETIME_MS, type EngineRun } from './engine-run.js'
import { upload } from './engine-upload.js'
import { publishPhoto, type PhotoHost } from './photo.js'
import { ServedChecks } from './served.js'

/*
 * A new init. Order: creator checks → claim (durable) → init → publish_id
 * (durable) → upload → poll. Nothing reaches TikTok before the claim is saved,
 * and no byte is sent before the publish_id is.
 */

type Source = 'FILE_UPLOAD' | 'PULL_FROM_URL'

export async function publish(run: EngineRun, action: PlanAction, creatorUsername?: string): Promise<void> {
  const { post: postId, account } = action
  const post = run.post(postId)
  const target = run.target(post, account)
  if (refusedForPublicAccount(run, action, target)) return
  if (post.video.kind === 'photos') return publishPhoto(photoHost(run), action, post, target, run.auth.get(account)!.token, creatorUsername)
  const facts = post.video.kind === 'file' ? run.o.media.get(postId) : undefined
  if (post.video.kind === 'file' && !facts) throw new Error(`no media facts for ${postId}`)
  const source: Source = post.video.kind === 'file' ? 'FILE_UPLOAD' : 'PULL_FROM_URL'
  if (refusedByCreator(run, action, target, facts)) return

  if (!(await claimPair(run, action, target, source, facts))) return
  const init = await sendInit(run, action, post, target, facts)
  if (!init) return
  failpoint('after-init')
  if (post.video.kind === 'file') {
    // kept before the publish_id is checkpointed, so that any run that finds
    // this publish_id in state can also find the URL to finish its upload
    const expiresAt = new Date(run.now().getTime() + UPLOAD_URL_LIFETIME_MS).toISOString()
    await run.uploads.put(init.publishId, { uploadUrl: init.uploadUrl!, expiresAt }, account)
  }
  run.setRecord(postId, account, initiated(run.record(postId, account)!, { publishId: init.publishId, videoSize: facts?.sizeBytes }, run.now()))
  // the publish_id is durable before the first byte goes out: a crash from here
  // on resumes this publish_id and never initiates the pair again
  await run.checkpoint(`init ${postId}/${account}`)
  failpoint('after-publish-id')
  run.o.logger.info(`${postId} → ${account}: initiated (${target.mode}, ${source})`)

  if (post.video.kind === 'file') {
    const uploaded = await upload(run, action, init.uploadUrl!)
    if (uploaded === 'failed') return
    if (uploaded === 'reinit') {
      // the upload died and TikTok holds no complete copy: a new init, now
      run.o.logger.info(`${postId} → ${account}: the upload cannot go on; initiating it again`)
      await publish(run, action, creatorUsername)
      return
    }
  }
  await poll(run, postId, account, creatorUsername)
}

/**
 * TikTok refuses a direct post to a public account from an unaudited app
 * (unaudited_client_can_only_post_to_private_accounts). Refused here, nothing
 * is recorded, so making the account private is the whole fix and no
 * `resolve` is ever needed.
 */
function refusedForPublicAccount(run: EngineRun, action: PlanAction, target: PostTarget): boolean {
  const known = run.accountState(action.account)?.creator
  const app = run.o.manifest.apps[run.o.manifest.accounts[action.account].app]
  if (target.mode !== 'direct' || !known || !app || app.audited || !isPublicAccount(known)) return false
  block(run, action, publicAccountRefusal(action.account, known.nickname, app.name), 'creator_public')
  return true
}

/** What the creator's live settings rule out for a direct post: a privacy not offered, a video too long. */
function refusedByCreator(run: EngineRun, action: PlanAction, target: PostTarget, facts: MediaFacts | undefined): boolean {
  const creator = run.accountState(action.account)?.creator
  if (target.mode !== 'direct' || !creator) return false
  if (target.privacy && !creator.privacy_level_options.includes(target.privacy)) {
    block(run, action, `privacy ${target.privacy} is not offered by @${creator.nickname} (${creator.privacy_level_options.join(', ')})`, 'privacy_level_option_mismatch')
    return true
  }
  if (facts && facts.durationSec > creator.max_video_post_duration_sec) {
    block(run, action, `the video lasts ${facts.durationSec.toFixed(1)} s; @${creator.nickname} may post at most ${creator.max_video_post_duration_sec} s`, 'duration_check_failed')
    return true
  }
  return false
}

/** The claim, made durable before TikTok is asked; false when another run owns the pair. */
async function claimPair(run: EngineRun, action: PlanAction, target: PostTarget, source: Source, facts: MediaFacts | undefined): Promise<boolean> {
  const { post, account } = action
  const previous = run.record(post, account)
  run.setRecord(
    post,
    account,
    claim(previous, {
      now: run.now(),
      runId: run.o.runId,
      fingerprint: action.fingerprint ?? previous?.fingerprint ?? '',
      source,
      mode: target.mode,
      privacy: target.privacy,
      caption: target.caption,
      approvedBy: run.o.approvedBy,
      video: facts ? recordedVideo(facts) : undefined
    })
  )
  await run.checkpoint(`claim ${post}/${account}`)
  failpoint('after-claim')
  // A sink that merged another run's state (the Action's rejected push) may
  // have kept that run's claim instead of ours: then that run owns the pair.
  if (run.record(post, account)?.run_id !== run.o.runId) {
    run.outcome({ post, account, status: 'deferred', message: 'another run claimed this post first; it is left to that run' })
    return false
  }
  return true
}

/** The init request; undefined when TikTok refused it (the failure is recorded). */
async function sendInit(
  run: EngineRun,
  action: PlanAction,
  post: Post,
  target: PostTarget,
  facts: MediaFacts | undefined
): Promise<{ publishId: string; uploadUrl?: string } | undefined> {
  const creator = run.accountState(action.account)?.creator
  // interactions the creator disabled are sent disabled, whatever the manifest says
  const allow = {
    comments: target.allow.comments && !creator?.comment_disabled,
    duet: target.allow.duet && !creator?.duet_disabled,
    stitch: target.allow.stitch && !creator?.stitch_disabled
  }
  const video = post.video
  if (video.kind === 'photos') throw new Error(`${post.id} is a photo post, initiated by the photo branch`)
  const chunkPlan = facts ? planChunks(facts.sizeBytes, run.o.chunkSizeBytes) : undefined
  const sourceInfo =
    video.kind === 'file'
      ? { source: 'FILE_UPLOAD' as const, videoSize: facts!.sizeBytes, chunkSize: chunkPlan!.chunkSize, totalChunkCount: chunkPlan!.totalChunkCount }
      : { source: 'PULL_FROM_URL' as const, videoUrl: video.url }
  try {
    return await run.authed(action.account, (token) =>
      target.mode === 'inbox'
        ? run.o.client.initInboxUpload(token, { sourceInfo })
        : run.o.client.initDirectPost(token, {
            postInfo: {
              title: target.caption,
              privacyLevel: target.privacy!,
              disableComment: !allow.comments,
              disableDuet: !allow.duet,
              disableStitch: !allow.stitch,
              videoCoverTimestampMs: post.coverMs,
              brandContentToggle: post.disclose.brandedContent,
              brandOrganicToggle: post.disclose.yourBrand,
              isAigc: post.disclose.aiGenerated
            },
            sourceInfo
          })
    )
  } catch (error) {
    run.passStop(error)
    await initFailed(run, action, sourceInfo.source, error)
    return undefined
  }
}

const hosts = new WeakMap<EngineRun, PhotoHost>()

/** The photo branch (./photo.ts) works through these. */
export function photoHost(run: EngineRun): PhotoHost {
  let host = hosts.get(run)
  if (!host) {
    host = {
      now: () => run.now(),
      runId: run.o.runId,
      approvedBy: run.o.approvedBy,
      client: run.o.client,
      logger: run.o.logger,
      served: new ServedChecks({ rewrite: run.o.servedRewrite }),
      facts: (post) => run.o.photos?.get(post),
      creator: (account) => run.accountState(account)?.creator,
      record: (post, account) => run.record(post, account),
      setRecord: (post, account, record) => run.setRecord(post, account, record),
      checkpoint: (label) => run.checkpoint(label),
      outcome: (o) => run.outcome(o),
      block: (action, message, code) => block(run, action, message, code),
      initFailed: (action, error) => initFailed(run, action, 'PULL_FROM_URL', error),
      poll: (post, account, _token, username) => poll(run, post, account, username)
    }
    hosts.set(run, host)
  }
  return host
}
