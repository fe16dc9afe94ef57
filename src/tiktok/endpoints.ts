import type { z } from 'zod'
import type { Endpoint } from './errors.js'
import type { LimitClass } from './rate-limit.js'
import type { VideoListData } from './schemas.js'
import type { SourceInfo, VideoInfo } from './types.js'

/**
 * The endpoints the client calls, how each may be repeated, and the words its
 * messages use: the what of every call, apart from the request loop in
 * client.ts that decides when to send, repeat or give up.
 */

const VIDEO_FIELDS = 'id,title,video_description,create_time,share_url,cover_image_url,duration'
const USER_FIELDS = 'open_id,union_id,avatar_url,display_name'

export interface EndpointSpec {
  endpoint: Endpoint
  method: 'GET' | 'POST'
  path: string
  limit?: LimitClass
  /** human name for messages */
  label: string
  /**
   * `once`: a call that creates something at TikTok and has no idempotency key.
   * Repeating it after TikTok may have acted would create a second post.
   * `unstarted`: a FILE_UPLOAD init; what it may have created cannot become a
   * post without the upload_url its lost answer carried, so it is repeated
   * like a read.
   */
  repeat: 'safe' | 'once' | 'unstarted'
}

export const ENDPOINTS = {
  creator_info: { endpoint: 'creator_info', method: 'POST', path: '/v2/post/publish/creator_info/query/', limit: 'creator_info', label: 'creator info query', repeat: 'safe' },
  video_init: { endpoint: 'video_init', method: 'POST', path: '/v2/post/publish/video/init/', limit: 'init', label: 'direct post init', repeat: 'once' },
  inbox_init: { endpoint: 'inbox_init', method: 'POST', path: '/v2/post/publish/inbox/video/init/', limit: 'init', label: 'inbox upload init', repeat: 'once' },
  content_init: { endpoint: 'content_init', method: 'POST', path: '/v2/post/publish/content/init/', limit: 'init', label: 'photo post init', repeat: 'once' },
  status: { endpoint: 'status', method: 'POST', path: '/v2/post/publish/status/fetch/', limit: 'status', label: 'status fetch', repeat: 'safe' },
  // Cancelling twice is harmless, so it may be repeated.
  cancel: { endpoint: 'cancel', method: 'POST', path: '/v2/post/publish/cancel/', label: 'cancel', repeat: 'safe' },
  user_info: { endpoint: 'user_info', method: 'GET', path: `/v2/user/info/?fields=${USER_FIELDS}`, limit: 'display', label: 'user info', repeat: 'safe' },
  video_list: { endpoint: 'video_list', method: 'POST', path: `/v2/video/list/?fields=${VIDEO_FIELDS}`, limit: 'display', label: 'video list', repeat: 'safe' },
  video_query: { endpoint: 'video_query', method: 'POST', path: `/v2/video/query/?fields=${VIDEO_FIELDS}`, limit: 'display', label: 'video query', repeat: 'safe' }
} as const satisfies Record<string, EndpointSpec>

export const TOKEN_PATH = '/v2/oauth/token/'

export function oauthMessage(what: string, code: string, desc: string | undefined, logId: string | undefined, attempts: number): string {
  const tail = `${desc ? ` (${desc})` : ''}; log_id ${logId ?? 'none'}.`
  switch (code) {
    case 'invalid_grant':
      return `${what} was refused: invalid_grant${tail} The refresh token is expired, revoked or was already rotated: authorize the account again.`
    case 'invalid_client':
    case 'unauthorized_client':
      return `${what} was refused: ${code}${tail} Check the app's client key and client secret.`
    case 'server_error':
    case 'temporarily_unavailable':
      return `${what} failed: TikTok answered ${code} ${attempts} times${tail} Try again later.`
    default:
      return `${what} was refused: ${code}${tail}`
  }
}

/** An init endpoint as it may be repeated for this source (see "Exactly-once and retries"). */
export function initSpec(spec: EndpointSpec, source: SourceInfo): EndpointSpec {
  return source.source === 'FILE_UPLOAD' ? { ...spec, repeat: 'unstarted' } : spec
}

export function sourceInfoBody(s: SourceInfo): Record<string, unknown> {
  if (s.source === 'FILE_UPLOAD') {
    return { source: 'FILE_UPLOAD', video_size: s.videoSize, chunk_size: s.chunkSize, total_chunk_count: s.totalChunkCount }
  }
  return { source: 'PULL_FROM_URL', video_url: s.videoUrl }
}

export function videoInfo(v: z.output<typeof VideoListData>['videos'][number]): VideoInfo {
  return {
    id: v.id,
    title: v.title,
    videoDescription: v.video_description,
    createTime: v.create_time,
    shareUrl: v.share_url,
    coverImageUrl: v.cover_image_url,
    duration: v.duration
  }
}
