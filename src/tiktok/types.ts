import type { Dispatcher } from 'undici'
import type { Clock } from '../clock.js'
import type { Logger } from '../logger.js'
import type { Random, RetryOptions } from './backoff.js'
import type { HttpTimeouts } from './http.js'
import type { LimitClass, RateLimiter } from './rate-limit.js'

/** What the TikTok client takes and returns, in the project's own names (TikTok's are snake_case). */

export interface TokenGrant {
  accessToken: string
  /** seconds */
  expiresIn: number
  refreshToken: string
  /** seconds */
  refreshExpiresIn: number
  openId: string
  scope: string[]
}

export interface CreatorInfo {
  avatarUrl?: string
  username?: string
  nickname?: string
  privacyLevelOptions: string[]
  commentDisabled: boolean
  duetDisabled: boolean
  stitchDisabled: boolean
  maxVideoPostDurationSec?: number
  logId?: string
}

export interface PostInfo {
  title?: string
  privacyLevel: string
  disableDuet?: boolean
  disableComment?: boolean
  disableStitch?: boolean
  videoCoverTimestampMs?: number
  brandContentToggle?: boolean
  brandOrganicToggle?: boolean
  isAigc?: boolean
}

export type SourceInfo =
  | { source: 'FILE_UPLOAD'; videoSize: number; chunkSize: number; totalChunkCount: number }
  | { source: 'PULL_FROM_URL'; videoUrl: string }

/** A photo post (content/init): TikTok pulls every image from its URL. */
export interface PhotoPostArgs {
  mode: 'DIRECT_POST' | 'MEDIA_UPLOAD'
  title?: string
  description?: string
  /** required for DIRECT_POST */
  privacyLevel?: string
  disableComment?: boolean
  autoAddMusic?: boolean
  brandContentToggle?: boolean
  brandOrganicToggle?: boolean
  isAigc?: boolean
  images: string[]
  coverIndex: number
}

export interface InitResult {
  publishId: string
  uploadUrl?: string
  logId?: string
}

export type PublishStatus =
  | 'PROCESSING_UPLOAD'
  | 'PROCESSING_DOWNLOAD'
  | 'SEND_TO_USER_INBOX'
  | 'PUBLISH_COMPLETE'
  | 'FAILED'
  | (string & {})

export interface StatusResult {
  status: PublishStatus
  failReason?: string
  /** int64 ids as decimal strings, exact */
  publicPostIds: string[]
  uploadedBytes?: number
  downloadedBytes?: number
  logId?: string
}

export interface VideoInfo {
  /** int64 as a decimal string, exact */
  id: string
  title?: string
  videoDescription?: string
  /** unix seconds */
  createTime?: number
  shareUrl?: string
  coverImageUrl?: string
  duration?: number
}

export interface VideoListResult {
  videos: VideoInfo[]
  /** pass back verbatim for the next page */
  cursor?: number | string
  hasMore: boolean
  logId?: string
}

export interface UserInfo {
  openId?: string
  unionId?: string
  avatarUrl?: string
  displayName?: string
}

export interface TikTokClientOptions {
  /** default https://open.tiktokapis.com; a path prefix and trailing slashes are fine */
  baseUrl?: string
  /** default: an own keep-alive Agent, closed by close() */
  dispatcher?: Dispatcher
  clock?: Clock
  random?: Random
  retry?: Partial<RetryOptions>
  /** false turns pacing off (for servers without limits); partial objects override single classes */
  rateLimits?: Partial<Record<LimitClass, number>> | false
  rateLimitMarginMs?: number
  /** share one limiter between clients that share tokens */
  limiter?: RateLimiter
  timeouts?: HttpTimeouts
  logger?: Logger
}
