import { ApiError, DAY, privacyOptions, PUBLIC_PRIVACY, type Account, type ApiContext, type AppState, type Core } from './core.js'
import { declaredUpload, type DeclaredUpload } from './chunks.js'
import { Int64, type Reply } from './http.js'
import { photoInit, type PhotoEmulatorHost } from './photo.js'
import type { PostStore } from './posts.js'
import type { Pulls } from './pull.js'
import type { Uploads } from './upload.js'
import type { EmulatorPost } from './types.js'

/*
 * The Content Posting API's writes and its status: video/init (direct),
 * inbox/video/init (drafts), content/init (photo posts, see ./photo.ts) and
 * status/fetch, with TikTok's checks in TikTok's order: the source, the post
 * info, privacy for an unaudited app, then the caps.
 */

type VideoSource = { source: 'FILE_UPLOAD'; upload: DeclaredUpload } | { source: 'PULL_FROM_URL'; url: string }

export class Posting {
  constructor(
    private readonly core: Core,
    private readonly posts: PostStore,
    private readonly uploads: Uploads,
    private readonly pulls: Pulls
  ) {}

  directInit({ account, body }: ApiContext): Reply {
    const app = this.app(account)
    const pi = body.post_info
    if (!pi || typeof pi !== 'object' || Array.isArray(pi)) throw new ApiError(400, 'invalid_param', 'post_info is required')
    const p = pi as Record<string, unknown>
    const source = parseSource(body, app)
    if (typeof p.privacy_level !== 'string' || p.privacy_level === '') throw new ApiError(400, 'invalid_param', 'post_info.privacy_level is required')
    if (p.title !== undefined && typeof p.title !== 'string') throw new ApiError(400, 'invalid_param', 'post_info.title must be a string')
    const title = (p.title as string | undefined) ?? ''
    if (title.length > 2200) throw new ApiError(400, 'invalid_param', `post_info.title is ${title.length} UTF-16 code units; the limit is 2200`)
    for (const key of ['disable_duet', 'disable_comment', 'disable_stitch', 'brand_content_toggle', 'brand_organic_toggle', 'is_aigc'] as const) {
      if (p[key] !== undefined && typeof p[key] !== 'boolean') throw new ApiError(400, 'invalid_param', `post_info.${key} must be a boolean`)
    }
    if (p.video_cover_timestamp_ms !== undefined && !Number.isInteger(p.video_cover_timestamp_ms)) {
      throw new ApiError(400, 'invalid_param', 'post_info.video_cover_timestamp_ms must be an integer')
    }
    checkDirectPrivacy(app, account, p.privacy_level, p.brand_content_toggle === true)
    this.checkCaps(account, 'direct')
    return this.startVideo(account, 'direct', source, {
      title,
      privacy_level: p.privacy_level,
      disable_comment: (p.disable_comment as boolean | undefined) ?? false,
      disable_duet: (p.disable_duet as boolean | undefined) ?? false,
      disable_stitch: (p.disable_stitch as boolean | undefined) ?? false
    })
  }

  inboxInit({ account, body }: ApiContext): Reply {
    const source = parseSource(body, this.app(account))
    this.checkCaps(account, 'inbox')
    return this.startVideo(account, 'inbox', source, {})
  }

  contentInit({ account, body }: ApiContext): Reply {
    const { publish_id } = photoInit(this.photoHost(account), body)
    return this.core.envelope({ publish_id }, { publish_id, detail: 'PHOTO PULL_FROM_URL' })
  }

  statusFetch({ account, body }: ApiContext): Reply {
    const id = body.publish_id
    if (typeof id !== 'string' || id === '') throw new ApiError(400, 'invalid_param', 'publish_id is required')
    const post = this.posts.byId.get(id)
    if (!post) throw new ApiError(400, 'invalid_publish_id', 'no post has this publish_id', id)
    if (post.open_id !== account.open_id) {
      throw new ApiError(400, 'token_not_authorized_for_specified_publish_id', 'this publish_id belongs to another user', id)
    }
    this.posts.settle(post, true)
    const data: Record<string, unknown> = { status: post.status }
    if (post.status === 'FAILED') data.fail_reason = post.fail_reason
    // only a public post has a publicly available id; private, friends' and followers' posts report none
    data.publicaly_available_post_id =
      post.status === 'PUBLISH_COMPLETE' && post.privacy_level === PUBLIC_PRIVACY && post.video_id ? [new Int64(post.video_id)] : []
    data.uploaded_bytes = post.source === 'FILE_UPLOAD' ? post.bytes_received : 0
    data.downloaded_bytes = post.downloaded_bytes
    return this.core.envelope(data, { publish_id: id, detail: post.status })
  }

  private app(account: Account): AppState {
    return this.core.apps.get(account.app)!
  }

  /** A video post made, its upload opened or its pull started, answered with what init returns. */
  private startVideo(account: Account, mode: 'direct' | 'inbox', source: VideoSource, info: Partial<EmulatorPost>): Reply {
    const fromFile = source.source === 'FILE_UPLOAD'
    const post = this.posts.create(account, mode, fromFile ? 'video_file' : 'video_url', mode === 'direct' ? 'init' : 'inbox_init', info)
    if (source.source === 'FILE_UPLOAD') this.uploads.open(post, source.upload.videoSize, source.upload.plan)
    else this.pulls.startVideo(post, source.url)
    const data: Record<string, unknown> = { publish_id: post.publish_id }
    const uploadUrl = this.uploads.uploadUrl(post)
    if (uploadUrl) data.upload_url = uploadUrl
    const plan = post.upload?.plan
    const detail = plan ? `FILE_UPLOAD ${post.upload!.videoSize} bytes in ${plan.totalChunkCount} chunk(s) of ${plan.chunkSize}` : 'PULL_FROM_URL'
    return this.core.envelope(data, { publish_id: post.publish_id, detail })
  }

  /** TikTok's caps, video and photo alike: daily direct posts or pending drafts per creator, then posting users per unaudited app. */
  private checkCaps(account: Account, mode: 'direct' | 'inbox'): void {
    const recent = this.posts.recent(account.open_id, mode).length
    if (mode === 'direct' && recent >= account.daily_post_cap) {
      throw new ApiError(403, 'spam_risk_too_many_posts', `the creator reached the daily post cap (${account.daily_post_cap})`)
    }
    const pendingCap = this.core.config.pending_share_cap ?? 5
    if (mode === 'inbox' && recent >= pendingCap) {
      throw new ApiError(403, 'spam_risk_too_many_pending_share', `the creator has ${pendingCap} pending inbox shares in the last 24 h`)
    }
    const app = this.app(account)
    if (app.audited) return
    const since = this.core.now() - DAY
    const posters = new Set([...this.posts.byId.values()].filter((p) => p.client_key === app.client_key && p.created_at > since).map((p) => p.open_id))
    const cap = this.core.config.unaudited_account_cap ?? 5
    if (!posters.has(account.open_id) && posters.size >= cap) {
      throw new ApiError(403, 'reached_active_user_cap', `this unaudited app already had ${posters.size} posting users in the last 24 h (cap ${cap})`)
    }
  }

  private photoHost(account: Account): PhotoEmulatorHost {
    const app = this.app(account)
    return {
      app,
      account,
      checkDirectPrivacy: (privacy, brandContent) => checkDirectPrivacy(app, account, privacy, brandContent),
      checkCaps: (mode) => this.checkCaps(account, mode),
      createPost: (mode, info) => {
        const post = this.posts.create(account, mode, 'photo', 'content_init', info)
        return {
          publish_id: post.publish_id,
          received: (bytes) => this.posts.pulled(post, bytes),
          markReady: (failReason, sha256) => {
            if (failReason !== undefined && post.fail_pending === undefined) post.fail_pending = failReason
            if (sha256) post.photo_sha256 = sha256
            post.ready_at = this.core.now()
          }
        }
      },
      fetch: (url, onChunk) => this.pulls.fetch(url, onChunk),
      track: (pull) => this.pulls.track(pull),
      record: (e) => this.core.record({ ...e, open_id: account.open_id }),
      error: (status, code, message) => new ApiError(status, code, message)
    }
  }
}

/** A direct post's privacy, video and photo alike: an unaudited app posts SELF_ONLY to private accounts only. */
function checkDirectPrivacy(app: AppState, account: Account, privacy: string, brandContent: boolean): void {
  if (!app.audited && !account.private) {
    throw new ApiError(403, 'unaudited_client_can_only_post_to_private_accounts', 'this app is not audited: the account must be set to private')
  }
  const options = privacyOptions(account)
  if (!options.includes(privacy)) {
    throw new ApiError(403, 'privacy_level_option_mismatch', `privacy_level ${privacy} is not one of the creator's options (${options.join(', ')})`)
  }
  if (!app.audited && privacy !== 'SELF_ONLY') throw new ApiError(403, 'privacy_level_option_mismatch', 'this app is not audited: only SELF_ONLY is allowed')
  if (brandContent && privacy === 'SELF_ONLY') throw new ApiError(400, 'invalid_param', 'branded content (brand_content_toggle) cannot be SELF_ONLY')
}

function parseSource(body: Record<string, unknown>, app: AppState): VideoSource {
  const si = body.source_info
  if (!si || typeof si !== 'object' || Array.isArray(si)) throw new ApiError(400, 'invalid_param', 'source_info is required')
  const s = si as Record<string, unknown>
  if (s.source === 'FILE_UPLOAD') {
    const upload = declaredUpload(s)
    if ('problem' in upload) throw new ApiError(400, 'invalid_param', upload.problem)
    return { source: 'FILE_UPLOAD', upload }
  }
  if (s.source === 'PULL_FROM_URL') {
    if (typeof s.video_url !== 'string') throw new ApiError(400, 'invalid_param', 'source_info.video_url is required for PULL_FROM_URL')
    const videoUrl = s.video_url
    let u: URL
    try {
      u = new URL(videoUrl)
    } catch {
      throw new ApiError(400, 'invalid_param', 'source_info.video_url is not a URL')
    }
    if (u.protocol !== 'https:') throw new ApiError(400, 'invalid_param', 'source_info.video_url must be https')
    const isIp = /^[\d.]+$/.test(u.hostname) || u.hostname.startsWith('[')
    if (isIp || !app.pull_prefixes.some((p) => videoUrl.startsWith(p))) {
      throw new ApiError(403, 'url_ownership_unverified', 'video_url is not under a URL prefix verified for this app')
    }
    return { source: 'PULL_FROM_URL', url: videoUrl }
  }
  throw new ApiError(400, 'invalid_param', 'source_info.source must be FILE_UPLOAD or PULL_FROM_URL')
}
