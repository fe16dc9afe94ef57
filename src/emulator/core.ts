import type { Hash } from 'node:crypto'
import type { ChunkPlan } from '../tiktok/chunks.js'
import { appSchema } from './config.js'
import { newLogId, toJsonText, type Reply } from './http.js'
import type { Mp4DurationSniffer } from './mp4.js'
import type { EmulatorApp, EmulatorConfig, EmulatorPost, FaultEndpoint, LedgerEntry, LedgerKind } from './types.js'

/*
 * What every product area of the emulator shares: its clock, its configuration,
 * the apps and creators it knows, the ledger, and TikTok's two reply shapes
 * (the API's envelope, OAuth's flat error).
 */

export const MINUTE = 60_000
export const DAY = 24 * 60 * MINUTE
export const PUBLIC_PRIVACY = 'PUBLIC_TO_EVERYONE'
const PUBLIC_OPTIONS = [PUBLIC_PRIVACY, 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY']
const PRIVATE_OPTIONS = ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY']

export interface AppState extends Required<Pick<EmulatorApp, 'client_key' | 'client_secret'>> {
  audited: boolean
  pull_prefixes: string[]
}

export interface Account {
  open_id: string
  union_id: string
  app: string
  username: string
  nickname: string
  scopes: string[]
  private: boolean
  max_video_post_duration_sec: number
  comment_disabled: boolean
  duet_disabled: boolean
  stitch_disabled: boolean
  daily_post_cap: number
  refresh_token?: string
}

/** The privacy levels creator_info offers this creator, and the only ones a direct post may use. */
export function privacyOptions(account: Account): string[] {
  return account.private ? PRIVATE_OPTIONS : PUBLIC_OPTIONS
}

export interface UploadState {
  id: string
  videoSize: number
  plan: ChunkPlan
  /** index of the chunk expected next */
  next: number
  expires_at: number
  hash: Hash
  sniffer: Mp4DurationSniffer
}

export interface PostState extends EmulatorPost {
  client_key: string
  upload?: UploadState
  pull?: { done: boolean; failed: boolean; hash: Hash; sniffer: Mp4DurationSniffer }
  downloaded_bytes: number
  /** emulator time at which the media was fully received */
  ready_at?: number
  pending_polls: number
  stuck: boolean
  fail_pending?: string
  published_at?: number
}

/** The endpoints behind a bearer token (OAuth and the chunk PUT are answered apart). */
export type ApiName = Exclude<FaultEndpoint, '*' | 'token' | 'chunk'>

export interface ApiContext {
  account: Account
  body: Record<string, unknown>
  url: URL
}

/** Thrown by an endpoint: answered as TikTok's error envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly publish_id?: string
  ) {
    super(message)
  }
}

export class Core {
  readonly ledger: LedgerEntry[] = []
  readonly apps = new Map<string, AppState>()
  /** by open_id */
  readonly accounts = new Map<string, Account>()
  /** base URL once listening; upload URLs point here */
  url = ''
  private offset = 0

  constructor(
    readonly config: EmulatorConfig,
    private readonly baseNow: () => number
  ) {}

  now(): number {
    return this.baseNow() + this.offset
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('advance(ms) needs a non-negative number')
    this.offset += ms
  }

  addApp(app: EmulatorApp): void {
    const parsed = appSchema.parse(app)
    this.apps.set(parsed.client_key, {
      client_key: parsed.client_key,
      client_secret: parsed.client_secret,
      audited: parsed.audited ?? true,
      pull_prefixes: parsed.pull_prefixes ?? []
    })
  }

  record(entry: Omit<LedgerEntry, 'at'>): void {
    const clean: LedgerEntry = { at: this.now(), kind: entry.kind }
    if (entry.open_id !== undefined) clean.open_id = entry.open_id
    if (entry.publish_id !== undefined) clean.publish_id = entry.publish_id
    if (entry.code !== undefined) clean.code = entry.code
    if (entry.detail !== undefined) clean.detail = entry.detail
    this.ledger.push(clean)
  }

  /** One ledger entry per request; refusals the client could have avoided are also logged as violations. */
  recordOutcome(kind: LedgerKind, reply: Reply, violation: boolean): void {
    this.record({ kind, open_id: reply.open_id, publish_id: reply.publish_id, code: reply.code, detail: reply.detail })
    if (violation && reply.status >= 400 && reply.status < 500) {
      this.record({ kind: 'violation', open_id: reply.open_id, publish_id: reply.publish_id, code: reply.code, detail: `${kind}: ${reply.detail ?? ''}`.trim() })
    }
  }

  envelope(data: unknown, extra: Partial<Reply> = {}): Reply {
    return {
      status: 200,
      body: toJsonText({ data, error: { code: 'ok', message: '', log_id: newLogId(this.now()) } }),
      code: 'ok',
      ...extra
    }
  }

  envelopeError(status: number, code: string, message: string, extra: Partial<Reply> = {}): Reply {
    return {
      status,
      body: toJsonText({ data: {}, error: { code, message, log_id: newLogId(this.now()) } }),
      code,
      detail: message,
      ...extra
    }
  }

  flatError(status: number, error: string, description: string, extra: Partial<Reply> = {}): Reply {
    return {
      status,
      body: toJsonText({ error, error_description: description, log_id: newLogId(this.now()) }),
      code: error,
      detail: description,
      ...extra
    }
  }
}
