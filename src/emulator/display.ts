import { ApiError, privacyOptions, PUBLIC_PRIVACY, type Account, type ApiContext, type Core, type PostState } from './core.js'
import { Int64, type Reply } from './http.js'
import type { PostStore } from './posts.js'

/*
 * What a client reads about the creator and the creator's videos:
 * creator_info (Content Posting API), user/info, video/list and video/query
 * (Display API), with int64 ids as raw JSON numbers as TikTok writes them.
 */

const VIDEO_FIELDS = new Set([
  'id',
  'create_time',
  'cover_image_url',
  'share_url',
  'video_description',
  'duration',
  'height',
  'width',
  'title',
  'embed_html',
  'embed_link',
  'like_count',
  'comment_count',
  'share_count',
  'view_count'
])
const USER_FIELDS = new Set(['open_id', 'union_id', 'avatar_url', 'avatar_url_100', 'avatar_large_url', 'display_name'])

export class Display {
  constructor(
    private readonly core: Core,
    private readonly posts: PostStore
  ) {}

  creatorInfo({ account }: ApiContext): Reply {
    return this.core.envelope({
      creator_avatar_url: avatarUrl(account),
      creator_username: account.username,
      creator_nickname: account.nickname,
      privacy_level_options: privacyOptions(account),
      comment_disabled: account.comment_disabled,
      duet_disabled: account.duet_disabled,
      stitch_disabled: account.stitch_disabled,
      max_video_post_duration_sec: account.max_video_post_duration_sec
    })
  }

  userInfo({ account, url }: ApiContext): Reply {
    const fields = requestedFields(url, USER_FIELDS)
    const avatar = avatarUrl(account)
    const all: Record<string, unknown> = {
      open_id: account.open_id,
      union_id: account.union_id,
      avatar_url: avatar,
      avatar_url_100: avatar,
      avatar_large_url: avatar,
      display_name: account.nickname
    }
    return this.core.envelope({ user: Object.fromEntries(fields.map((f) => [f, all[f]])) })
  }

  videoList({ account, body, url }: ApiContext): Reply {
    const fields = requestedFields(url, VIDEO_FIELDS)
    const max = body.max_count ?? 10
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 20) throw new ApiError(400, 'invalid_param', 'max_count must be an integer from 1 to 20')
    const cursorRaw = body.cursor
    let cursor = Infinity
    if (cursorRaw !== undefined && cursorRaw !== null && cursorRaw !== 0) {
      const c = Number(cursorRaw)
      if (!Number.isFinite(c)) throw new ApiError(400, 'invalid_param', 'cursor must be a number from a previous response')
      cursor = c
    }
    const all = this.publicVideos(account.open_id).filter((p) => p.published_at! < cursor)
    const page = all.slice(0, max)
    const hasMore = all.length > page.length
    return this.core.envelope(
      {
        videos: page.map((p) => videoObject(p, account, fields)),
        cursor: page.length ? page[page.length - 1]!.published_at! : 0,
        has_more: hasMore
      },
      { detail: `${page.length} video(s)` }
    )
  }

  videoQuery({ account, body, url }: ApiContext): Reply {
    const fields = requestedFields(url, VIDEO_FIELDS)
    const filters = body.filters as Record<string, unknown> | undefined
    const ids = filters && typeof filters === 'object' ? filters.video_ids : undefined
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 20) throw new ApiError(400, 'invalid_param', 'filters.video_ids must list 1 to 20 ids')
    const wanted = new Set(ids.map((x) => String(x)))
    const videos = this.publicVideos(account.open_id).filter((p) => wanted.has(p.video_id!))
    return this.core.envelope({ videos: videos.map((p) => videoObject(p, account, fields)), cursor: 0, has_more: false }, { detail: `${videos.length} video(s)` })
  }

  /**
   * What video/list and video/query show: the account's PUBLIC posts only, as
   * TikTok documents ("the given user's public TikTok video posts"). A
   * SELF_ONLY, followers' or friends' post exists at TikTok but never appears,
   * so a client can never read the list's silence as "not posted".
   */
  private publicVideos(open_id: string): PostState[] {
    const list = [...this.posts.byId.values()].filter((p) => p.open_id === open_id && p.mode === 'direct')
    for (const p of list) this.posts.settle(p, false)
    return list
      .filter((p) => p.status === 'PUBLISH_COMPLETE' && p.privacy_level === PUBLIC_PRIVACY)
      .sort((a, b) => b.published_at! - a.published_at!)
  }
}

function avatarUrl(account: Account): string {
  return `https://emulator.invalid/avatar/${encodeURIComponent(account.username)}.jpeg`
}

function requestedFields(url: URL, allowed: Set<string>): string[] {
  const raw = url.searchParams.get('fields')
  if (!raw) throw new ApiError(400, 'invalid_param', 'the fields query parameter is required')
  const fields = raw
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
  const bad = fields.find((f) => !allowed.has(f))
  if (bad) throw new ApiError(400, 'invalid_param', `unknown field ${bad}`)
  return fields
}

function videoObject(post: PostState, account: Account, fields: string[]): Record<string, unknown> {
  const share = `https://www.tiktok.com/@${account.username}/video/${post.video_id}`
  const all: Record<string, unknown> = {
    id: new Int64(post.video_id!),
    create_time: Math.floor(post.published_at! / 1000),
    cover_image_url: `https://emulator.invalid/cover/${post.video_id}.jpeg`,
    share_url: share,
    video_description: post.title ?? '',
    duration: Math.round(post.duration_sec ?? 0),
    height: 1920,
    width: 1080,
    title: post.title ?? '',
    embed_html: `<blockquote class="tiktok-embed" cite="${share}"></blockquote>`,
    embed_link: `https://www.tiktok.com/player/v1/${post.video_id}`,
    like_count: 0,
    comment_count: 0,
    share_count: 0,
    view_count: 0
  }
  return Object.fromEntries(fields.map((f) => [f, all[f]]))
}
