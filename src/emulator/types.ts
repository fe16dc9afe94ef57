/** Public shapes of the TikTok API emulator. */

export interface EmulatorApp {
  client_key: string
  client_secret: string
  /** default true */
  audited?: boolean
  pull_prefixes?: string[]
}

export interface EmulatorAccountSpec {
  /** client_key; default the first app */
  app?: string
  username?: string
  nickname?: string
  /** default ['user.info.basic','video.publish','video.upload','video.list'] */
  scopes?: string[]
  /** private accounts offer FOLLOWER_OF_CREATOR, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY and have duet/stitch disabled */
  private?: boolean
  /** seed a known refresh token value (demo, rehearsals) */
  refresh_token?: string
  /** default 600 */
  max_video_post_duration_sec?: number
  comment_disabled?: boolean
  duet_disabled?: boolean
  stitch_disabled?: boolean
  /** direct posts per 24 h; default 15 */
  daily_post_cap?: number
}

export type RateLimitedEndpoint = 'init' | 'status' | 'creator_info' | 'display'

export interface EmulatorConfig {
  apps?: EmulatorApp[]
  accounts?: EmulatorAccountSpec[]
  /** default 7200 */
  access_token_ttl_sec?: number
  /** default 15552000 (180 days) */
  refresh_token_ttl_sec?: number
  /** status fetches a post stays PROCESSING_* after its upload or pull finished; default 1 */
  processing_polls?: number
  /** per-minute per token; default TikTok's (6, 30, 20, 600); false = off */
  rate_limits?: boolean | Partial<Record<RateLimitedEndpoint, number>>
  /** URL prefix → replacement; PULL_FROM_URL fetches the rewritten URL */
  pull_rewrite?: Record<string, string>
  /** default 5 per creator per 24 h */
  pending_share_cap?: number
  /** default 5 distinct posting users per unaudited app per 24 h */
  unaudited_account_cap?: number
  /** accounts the authorize page creates are set to private (default false; `emulator --unaudited` sets it) */
  authorize_private?: boolean
}

export interface EmulatorOptions {
  /** 0 = any free port */
  port?: number
  /** default 127.0.0.1 */
  host?: string
  config?: EmulatorConfig
  /** ms epoch; default Date.now */
  now?: () => number
}

export type LedgerKind =
  | 'token'
  | 'refresh'
  | 'authorize'
  | 'creator_info'
  | 'init'
  | 'inbox_init'
  | 'content_init'
  | 'chunk'
  | 'upload_complete'
  | 'status'
  | 'video_list'
  | 'video_query'
  | 'user_info'
  | 'published'
  | 'violation'
  | 'fault'

export interface LedgerEntry {
  /** emulator clock, ms epoch */
  at: number
  kind: LedgerKind
  open_id?: string
  publish_id?: string
  /** TikTok error code, or 'ok' */
  code?: string
  detail?: string
}

export type FaultEndpoint =
  | 'token'
  | 'creator_info'
  | 'init'
  | 'inbox_init'
  | 'content_init'
  | 'status'
  | 'chunk'
  | 'video_list'
  | 'video_query'
  | 'user_info'
  | '*'

interface FaultBase {
  /** default '*' */
  endpoint?: FaultEndpoint
  open_id?: string
  /** default 1; Infinity allowed */
  times?: number
}

export type Fault = FaultBase &
  (
    | { kind: 'http_error'; status: 500 | 502 | 503 }
    | { kind: 'rate_limit'; retry_after_sec?: number }
    | { kind: 'latency'; ms: number }
    | { kind: 'drop' }
    | { kind: 'malformed_json' }
    /** a proxy's HTML "502 Bad Gateway" page in place of TikTok's answer; TikTok did act on the request */
    | { kind: 'html_page' }
    | { kind: 'error_code'; status: number; code: string; message?: string }
    | { kind: 'fail_post'; fail_reason: string }
    | { kind: 'stuck'; polls: number }
  )

export type PostStatus = 'PROCESSING_UPLOAD' | 'PROCESSING_DOWNLOAD' | 'SEND_TO_USER_INBOX' | 'PUBLISH_COMPLETE' | 'FAILED'

export interface EmulatorPost {
  publish_id: string
  open_id: string
  mode: 'direct' | 'inbox'
  source: 'FILE_UPLOAD' | 'PULL_FROM_URL'
  status: PostStatus
  fail_reason?: string
  /** int64 as a decimal string */
  video_id?: string
  title?: string
  privacy_level?: string
  disable_comment?: boolean
  disable_duet?: boolean
  disable_stitch?: boolean
  bytes_received: number
  video_size?: number
  /** hex sha256 of the bytes received, once complete */
  sha256?: string
  /** seconds, when the media was an MP4 whose duration could be read */
  duration_sec?: number
  created_at: number
  /** photo posts (content/init) */
  media_type?: 'PHOTO'
  photo_title?: string
  photo_images?: string[]
  photo_cover_index?: number
  /** hex sha256 of each image pulled, in order, once all arrived */
  photo_sha256?: string[]
  auto_add_music?: boolean
}

export interface IssuedTokens {
  open_id: string
  refresh_token: string
  access_token: string
}

export interface Emulator {
  /** 'http://127.0.0.1:PORT' */
  url: string
  port: number
  close(): Promise<void>
  ledger: LedgerEntry[]
  addApp(app: EmulatorApp): void
  addAccount(spec?: EmulatorAccountSpec): IssuedTokens
  currentRefreshToken(open_id: string): string | undefined
  inject(fault: Fault): void
  clearFaults(): void
  /** moves the emulator's own clock forward */
  advance(ms: number): void
  posts(): EmulatorPost[]
}
