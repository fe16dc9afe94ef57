import type { SourceLocation } from '../errors.js'

/**
 * The normalized manifest: what the loader produces after validation, includes,
 * defaults and per-account overrides are resolved. Plan and engine read only this.
 */
export type PrivacyLevel = 'PUBLIC_TO_EVERYONE' | 'MUTUAL_FOLLOW_FRIENDS' | 'FOLLOWER_OF_CREATOR' | 'SELF_ONLY'
export const PRIVACY_LEVELS: readonly PrivacyLevel[] = [
  'PUBLIC_TO_EVERYONE',
  'MUTUAL_FOLLOW_FRIENDS',
  'FOLLOWER_OF_CREATOR',
  'SELF_ONLY'
]
export type PostMode = 'direct' | 'inbox'

export interface AppConfig {
  name: string
  /** Secret NAMES (env var / repository secret), never values. */
  clientKeySecret: string
  clientSecretSecret: string
  audited: boolean
  pullPrefixes: string[]
  /** where the repository's files are served (ends with `/`): `media/a.jpg` is pulled from `<mediaBaseUrl>media/a.jpg` */
  mediaBaseUrl?: string
  location: SourceLocation
}

export interface AccountLimits {
  postsPerDay?: number
  /** milliseconds */
  minGapMs?: number
  /** local minutes since midnight, [start, end); end may be < start to wrap midnight */
  window?: { startMinute: number; endMinute: number; text: string }
}

export interface AccountConfig {
  name: string
  app: string
  refreshTokenSecret: string
  /** IANA time zone, default UTC */
  timezone: string
  limits: AccountLimits
  /**
   * `keep_alive`: how close to its expiry an idle account's refresh token is
   * renewed, in ms, or 'off'. Undefined means the default (DEFAULT_KEEP_ALIVE_MS).
   */
  keepAlive?: number | 'off'
  location: SourceLocation
}

/** An idle account's refresh token is renewed when it expires within this. */
export const DEFAULT_KEEP_ALIVE_MS = 30 * 86_400_000

/**
 * What a post carries: a video file (FILE_UPLOAD), a video URL (PULL_FROM_URL),
 * or a photo carousel (TikTok's content/init, always pulled from URLs).
 */
export type VideoSource =
  | { kind: 'file'; /** as written, relative to the repository root */ path: string; /** absolute, resolved */ absPath: string }
  | { kind: 'url'; url: string }
  | PhotoSet

/** One image of a photo post: a repository file served at the app's media_base_url, or an https URL. */
export type PhotoImage = (
  | { kind: 'file'; /** as written, relative to the repository root */ path: string; /** absolute, resolved */ absPath: string }
  | { kind: 'url'; url: string }
) & {
  /** where the entry is written, for errors about this image */
  location: SourceLocation
}

export interface PhotoSet {
  kind: 'photos'
  /** 1–35, in carousel order */
  images: PhotoImage[]
  /** index into images (TikTok's photo_cover_index) */
  cover: number
  /** TikTok's photo title (≤ 90 UTF-16 units); the caption is the description */
  title: string
  autoAddMusic: boolean
}

export interface Interactions {
  comments: boolean
  duet: boolean
  stitch: boolean
}

export interface Disclosure {
  yourBrand: boolean
  brandedContent: boolean
  aiGenerated: boolean
}

/** One (post, account) pair after defaults, overrides and per-account captions. */
export interface PostTarget {
  account: string
  caption: string
  mode: PostMode
  /** undefined only for inbox mode (TikTok takes no privacy for drafts) */
  privacy?: PrivacyLevel
  allow: Interactions
  /** photo posts: the URL TikTok pulls for each image, through this account's app's media_base_url */
  photoUrls?: string[]
}

export interface Post {
  id: string
  video: VideoSource
  at?: Date
  coverMs?: number
  disclose: Disclosure
  targets: PostTarget[]
  /** where the post's entry starts (file of the include it came from) */
  location: SourceLocation
  /** where `video:` is written, for media errors (missing file, LFS pointer, limits) */
  videoLocation?: SourceLocation
}

export interface Manifest {
  /** absolute path of the main manifest file */
  file: string
  /** absolute path of the repository root that video paths resolve against */
  root: string
  apps: Record<string, AppConfig>
  accounts: Record<string, AccountConfig>
  /** in manifest order (main file first, then includes in sorted path order) */
  posts: Post[]
  /** absolute paths of every manifest file read: the main file, then includes in sorted order */
  files?: string[]
}
