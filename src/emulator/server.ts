import { createHash, type Hash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { request as undiciRequest } from 'undici'
import { parseJsonLossless } from '../json.js'
import { checkChunkPlan, chunkRange, type ChunkPlan } from './chunks.js'
import { accountSpecSchema, appSchema, DEFAULT_SCOPES, describeZodError, KNOWN_SCOPES, parseEmulatorConfig, parseFault } from './config.js'
import { BodyTooLarge, Int64, newLogId, randomToken, readSmallBody, sendReply, toJsonText, type Reply, type SendMode } from './http.js'
import { Mp4DurationSniffer } from './mp4.js'
import { PHOTO_POST_FIELDS, photoInit, type PhotoEmulatorHost } from './photo.js'
import type {
  Emulator,
  EmulatorAccountSpec,
  EmulatorApp,
  EmulatorConfig,
  EmulatorOptions,
  EmulatorPost,
  Fault,
  FaultEndpoint,
  IssuedTokens,
  LedgerEntry,
  LedgerKind,
  PostStatus,
  RateLimitedEndpoint
} from './types.js'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const UPLOAD_URL_TTL = 60 * MINUTE
const CODE_TTL = 10 * MINUTE
/** who the authorize page signs in as when the URL names nobody (`&username=NAME` picks another creator) */
export const DEFAULT_AUTHORIZE_USERNAME = 'emu_creator'
/** A post that is not stuck publishes on its own this long after processing starts, so reconciliation without polling works. */
const AUTO_FINALIZE_MS = MINUTE
const DEFAULT_RATES: Record<RateLimitedEndpoint, number> = { init: 6, status: 30, creator_info: 20, display: 600 }
const VIDEO_TYPES = new Set(['video/mp4', 'video/quicktime', 'video/webm'])
const PUBLIC_OPTIONS = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY']
const PRIVATE_OPTIONS = ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY']
const PUBLIC_PRIVACY = 'PUBLIC_TO_EVERYONE'
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

interface AppState extends Required<Pick<EmulatorApp, 'client_key' | 'client_secret'>> {
  audited: boolean
  pull_prefixes: string[]
}

interface Account {
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

interface AccessToken {
  open_id: string
  client_key: string
  expires_at: number
}

interface RefreshToken {
  open_id: string
  client_key: string
  expires_at: number
}

interface AuthCode {
  open_id: string
  client_key: string
  redirect_uri: string
  challenge?: string
  expires_at: number
}

interface UploadState {
  id: string
  plan: ChunkPlan
  next: number
  expires_at: number
  hash: Hash
  sniffer: Mp4DurationSniffer
}

interface PostState extends EmulatorPost {
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

interface StoredFault {
  fault: Fault
  left: number
}

type ApiName = Exclude<FaultEndpoint, '*' | 'token' | 'chunk'>

interface ApiRoute {
  name: ApiName
  scopes: string[]
  rate: RateLimitedEndpoint
  handler: (ctx: ApiContext) => Reply | Promise<Reply>
}

interface ApiContext {
  account: Account
  token: AccessToken
  body: Record<string, unknown>
  url: URL
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly publish_id?: string
  ) {
    super(message)
  }
}

export class EmulatorServer implements Emulator {
  url = ''
  port = 0
  readonly ledger: LedgerEntry[] = []
  private server: Server
  private readonly baseNow: () => number
  private offset = 0
  private readonly config: EmulatorConfig
  private readonly apps = new Map<string, AppState>()
  private readonly accounts = new Map<string, Account>()
  private readonly accessTokens = new Map<string, AccessToken>()
  private readonly refreshTokens = new Map<string, RefreshToken>()
  /** refresh tokens a rotation replaced, by open_id: presenting one is told apart in the ledger */
  private readonly rotatedAway = new Map<string, string>()
  private readonly codes = new Map<string, AuthCode>()
  private readonly postsById = new Map<string, PostState>()
  private readonly uploads = new Map<string, string>()
  private readonly rateWindows = new Map<string, number[]>()
  private faults: StoredFault[] = []
  private readonly pulls = new Set<Promise<void>>()
  private readonly abort = new AbortController()
  private accountSeq = 0
  private publishSeq = 0
  private videoSeq = 0
  private lastPublishedAt = 0
  private readonly routes: Record<string, ApiRoute>

  constructor(private readonly options: EmulatorOptions) {
    this.baseNow = options.now ?? Date.now
    this.config = parseEmulatorConfig(options.config ?? {})
    const apps = this.config.apps?.length ? this.config.apps : [{ client_key: 'emu_client_key', client_secret: 'emu_client_secret', audited: true }]
    for (const app of apps) this.addApp(app)
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          sendReply(res, this.envelopeError(500, 'internal_error', `emulator bug: ${(error as Error).message}`))
        } else res.destroy()
      })
    })
    this.routes = {
      'POST /v2/post/publish/creator_info/query/': { name: 'creator_info', scopes: ['video.publish'], rate: 'creator_info', handler: (c) => this.creatorInfo(c) },
      'POST /v2/post/publish/video/init/': { name: 'init', scopes: ['video.publish'], rate: 'init', handler: (c) => this.directInit(c) },
      'POST /v2/post/publish/inbox/video/init/': { name: 'inbox_init', scopes: ['video.upload'], rate: 'init', handler: (c) => this.inboxInit(c) },
      'POST /v2/post/publish/content/init/': {
        name: 'content_init',
        scopes: ['video.publish', 'video.upload'],
        rate: 'init',
        handler: (c) => this.contentInit(c)
      },
      'POST /v2/post/publish/status/fetch/': { name: 'status', scopes: ['video.upload', 'video.publish'], rate: 'status', handler: (c) => this.statusFetch(c) },
      'POST /v2/video/list/': { name: 'video_list', scopes: ['video.list'], rate: 'display', handler: (c) => this.videoList(c) },
      'POST /v2/video/query/': { name: 'video_query', scopes: ['video.list'], rate: 'display', handler: (c) => this.videoQuery(c) },
      'GET /v2/user/info/': { name: 'user_info', scopes: ['user.info.basic'], rate: 'display', handler: (c) => this.userInfo(c) }
    }
  }

  async listen(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1'
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(this.options.port ?? 0, host, () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    this.port = (this.server.address() as AddressInfo).port
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`
    for (const spec of this.config.accounts ?? []) this.addAccount(spec)
  }

  async close(): Promise<void> {
    this.abort.abort()
    await Promise.allSettled([...this.pulls])
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
  }

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

  addAccount(spec: EmulatorAccountSpec = {}): IssuedTokens {
    const s = accountSpecSchema.parse(spec)
    const appKey = s.app ?? [...this.apps.keys()][0]
    if (!appKey || !this.apps.has(appKey)) throw new Error(`addAccount: unknown app ${JSON.stringify(s.app)}`)
    if (s.refresh_token !== undefined && this.refreshTokens.has(s.refresh_token)) throw new Error('addAccount: that refresh token is already in use')
    const unknownScope = (s.scopes ?? []).find((x) => !KNOWN_SCOPES.has(x))
    if (unknownScope) throw new Error(`addAccount: unknown scope ${unknownScope}`)
    const n = ++this.accountSeq
    const open_id = randomToken(`-000emu${n}`, 8)
    const isPrivate = s.private ?? false
    const account: Account = {
      open_id,
      union_id: randomToken('union.', 8),
      app: appKey,
      username: s.username ?? `emu_creator_${n}`,
      nickname: s.nickname ?? s.username ?? `Emulated Creator ${n}`,
      scopes: s.scopes ?? [...DEFAULT_SCOPES],
      private: isPrivate,
      max_video_post_duration_sec: s.max_video_post_duration_sec ?? 600,
      comment_disabled: s.comment_disabled ?? false,
      duet_disabled: isPrivate || (s.duet_disabled ?? false),
      stitch_disabled: isPrivate || (s.stitch_disabled ?? false),
      daily_post_cap: s.daily_post_cap ?? 15
    }
    this.accounts.set(open_id, account)
    const refresh_token = s.refresh_token ?? randomToken('rft.')
    this.setRefreshToken(account, refresh_token)
    const access_token = this.issueAccessToken(account)
    return { open_id, refresh_token, access_token }
  }

  /** A creator switching the account to private (or public) in the TikTok app; a private account has duet and stitch off. */
  setPrivate(account: Account, value: boolean): void {
    account.private = value
    if (value) {
      account.duet_disabled = true
      account.stitch_disabled = true
    }
  }

  currentRefreshToken(open_id: string): string | undefined {
    return this.accounts.get(open_id)?.refresh_token
  }

  inject(fault: Fault): void {
    const parsed = parseFault(fault)
    this.faults.push({ fault: parsed, left: parsed.times ?? 1 })
  }

  clearFaults(): void {
    this.faults = []
  }

  posts(): EmulatorPost[] {
    for (const p of this.postsById.values()) this.settle(p, false)
    return [...this.postsById.values()].map((p) => {
      const out: EmulatorPost = {
        publish_id: p.publish_id,
        open_id: p.open_id,
        mode: p.mode,
        source: p.source,
        status: p.status,
        bytes_received: p.bytes_received,
        created_at: p.created_at
      }
      for (const key of ['fail_reason', 'video_id', 'title', 'privacy_level', 'disable_comment', 'disable_duet', 'disable_stitch', 'video_size', 'sha256', 'duration_sec'] as const) {
        if (p[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = p[key]
      }
      for (const key of PHOTO_POST_FIELDS) if (p[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = p[key]
      return out
    })
  }

  // ---------------------------------------------------------------- plumbing

  private record(entry: Omit<LedgerEntry, 'at'>): void {
    const clean: LedgerEntry = { at: this.now(), kind: entry.kind }
    if (entry.open_id !== undefined) clean.open_id = entry.open_id
    if (entry.publish_id !== undefined) clean.publish_id = entry.publish_id
    if (entry.code !== undefined) clean.code = entry.code
    if (entry.detail !== undefined) clean.detail = entry.detail
    this.ledger.push(clean)
  }

  /** One ledger entry per request; refusals the client could have avoided are also logged as violations. */
  private recordOutcome(kind: LedgerKind, reply: Reply, violation: boolean): void {
    this.record({ kind, open_id: reply.open_id, publish_id: reply.publish_id, code: reply.code, detail: reply.detail })
    if (violation && reply.status >= 400 && reply.status < 500) {
      this.record({ kind: 'violation', open_id: reply.open_id, publish_id: reply.publish_id, code: reply.code, detail: `${kind}: ${reply.detail ?? ''}`.trim() })
    }
  }

  private envelope(data: unknown, extra: Partial<Reply> = {}): Reply {
    return {
      status: 200,
      body: toJsonText({ data, error: { code: 'ok', message: '', log_id: newLogId(this.now()) } }),
      code: 'ok',
      ...extra
    }
  }

  private envelopeError(status: number, code: string, message: string, extra: Partial<Reply> = {}): Reply {
    return {
      status,
      body: toJsonText({ data: {}, error: { code, message, log_id: newLogId(this.now()) } }),
      code,
      detail: message,
      ...extra
    }
  }

  private flatError(status: number, error: string, description: string, extra: Partial<Reply> = {}): Reply {
    return {
      status,
      body: toJsonText({ error, error_description: description, log_id: newLogId(this.now()) }),
      code: error,
      detail: description,
      ...extra
    }
  }

  /**
   * Consumes at most one matching fault per group (delay, response, transport,
   * fail, stuck), oldest first, so two queued faults hit two requests.
   */
  private takeFaults(endpoint: FaultEndpoint, open_id: string | undefined, kinds: Fault['kind'][]): Fault[] {
    const group = (k: Fault['kind']): string =>
      k === 'http_error' || k === 'rate_limit' || k === 'error_code' ? 'response' : k === 'drop' || k === 'malformed_json' || k === 'html_page' ? 'transport' : k
    const taken: Fault[] = []
    const used = new Set<string>()
    for (const f of this.faults) {
      if (f.left <= 0 || !kinds.includes(f.fault.kind) || used.has(group(f.fault.kind))) continue
      const ep = f.fault.endpoint ?? '*'
      if (ep !== '*' && ep !== endpoint) continue
      if (f.fault.open_id !== undefined && f.fault.open_id !== open_id) continue
      f.left--
      used.add(group(f.fault.kind))
      taken.push(f.fault)
    }
    this.faults = this.faults.filter((f) => f.left > 0)
    return taken
  }

  /** Applies transport faults around `produce`. Returns the send mode for the reply. */
  private async applyFaults(
    endpoint: FaultEndpoint,
    open_id: string | undefined,
    flat: boolean
  ): Promise<{ reply?: Reply; mode: SendMode }> {
    const taken = this.takeFaults(endpoint, open_id, ['latency', 'http_error', 'rate_limit', 'error_code', 'drop', 'malformed_json', 'html_page'])
    let mode: SendMode = 'normal'
    let reply: Reply | undefined
    for (const f of taken) {
      this.record({ kind: 'fault', open_id, code: f.kind, detail: `${endpoint}: ${JSON.stringify(f)}` })
      if (f.kind === 'latency') await new Promise((r) => setTimeout(r, f.ms))
      else if (f.kind === 'drop') mode = 'drop'
      else if (f.kind === 'malformed_json') mode = 'malformed'
      else if (f.kind === 'html_page') mode = 'html'
      else if (!reply) {
        if (f.kind === 'http_error') {
          reply = flat
            ? this.flatError(f.status, 'server_error', 'injected server error')
            : this.envelopeError(f.status, 'internal_error', 'injected server error')
        } else if (f.kind === 'rate_limit') {
          const headers: Record<string, string> = f.retry_after_sec !== undefined ? { 'retry-after': String(f.retry_after_sec) } : {}
          reply = flat
            ? this.flatError(429, 'rate_limit_exceeded', 'injected rate limit', { headers })
            : this.envelopeError(429, 'rate_limit_exceeded', 'injected rate limit', { headers })
        } else if (f.kind === 'error_code') {
          const msg = f.message ?? `injected ${f.code}`
          reply = flat ? this.flatError(f.status, f.code, msg) : this.envelopeError(f.status, f.code, msg)
        }
      }
    }
    if (reply) reply.open_id = open_id
    return { reply, mode }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid')
    const path = url.pathname
    const method = req.method ?? 'GET'
    if (path.startsWith('/_emulator/')) return this.admin(req, res, method, path)
    if (method === 'PUT' && path === '/video/') return this.uploadChunk(req, res, url)
    if (method === 'GET' && path === '/v2/auth/authorize/') return this.authorize(req, res, url)
    if (method === 'POST' && path === '/v2/oauth/token/') return this.token(req, res)
    if (method === 'POST' && path === '/v2/oauth/revoke/') return this.revoke(req, res)
    const route = this.routes[`${method} ${path}`]
    if (!route) {
      req.resume()
      return sendReply(res, this.envelopeError(404, 'not_found', `no such endpoint: ${method} ${path}`))
    }
    return this.api(route, req, res, url)
  }

  private async api(route: ApiRoute, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let raw: string
    try {
      raw = await readSmallBody(req)
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendReply(res, this.envelopeError(413, 'invalid_param', error.message))
      throw error
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
    const tokenInfo = bearer ? this.accessTokens.get(bearer) : undefined
    const faulted = await this.applyFaults(route.name, tokenInfo?.open_id, false)
    if (faulted.reply) {
      this.recordOutcome(route.name, faulted.reply, false)
      return sendReply(res, faulted.reply, faulted.mode)
    }
    const reply = this.apiReply(route, bearer, tokenInfo, raw, url)
    const settled = await reply
    this.recordOutcome(route.name, settled, !(settled.code === 'access_token_invalid' && tokenInfo !== undefined))
    sendReply(res, settled, faulted.mode)
  }

  private async apiReply(route: ApiRoute, bearer: string | undefined, tokenInfo: AccessToken | undefined, raw: string, url: URL): Promise<Reply> {
    if (!bearer || !tokenInfo) {
      return this.envelopeError(401, 'access_token_invalid', bearer ? 'the access token is unknown' : 'missing Authorization: Bearer header')
    }
    const open_id = tokenInfo.open_id
    if (tokenInfo.expires_at <= this.now()) {
      return this.envelopeError(401, 'access_token_invalid', 'the access token has expired', { open_id })
    }
    const account = this.accounts.get(open_id)
    if (!account) return this.envelopeError(401, 'access_token_invalid', 'the access token is unknown')
    if (!route.scopes.some((s) => account.scopes.includes(s))) {
      return this.envelopeError(401, 'scope_not_authorized', `the user did not authorize the scope ${route.scopes.join(' or ')}`, { open_id })
    }
    const limit = this.rateLimit(route.rate)
    if (limit !== undefined) {
      const key = `${bearer}|${route.rate === 'display' ? route.name : route.rate}`
      const now = this.now()
      const window = (this.rateWindows.get(key) ?? []).filter((t) => t > now - MINUTE)
      if (window.length >= limit) {
        this.rateWindows.set(key, window)
        return this.envelopeError(429, 'rate_limit_exceeded', `more than ${limit} ${route.name} requests per minute for this token`, { open_id })
      }
      window.push(now)
      this.rateWindows.set(key, window)
    }
    let body: Record<string, unknown> = {}
    if (route.name !== 'user_info') {
      let parsed: unknown
      try {
        parsed = raw.trim() === '' ? {} : parseJsonLossless(raw)
      } catch {
        return this.envelopeError(400, 'invalid_param', 'the request body is not valid JSON', { open_id })
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return this.envelopeError(400, 'invalid_param', 'the request body must be a JSON object', { open_id })
      }
      body = parsed as Record<string, unknown>
    }
    try {
      const reply = await route.handler({ account, token: tokenInfo, body, url })
      reply.open_id ??= open_id
      return reply
    } catch (error) {
      if (error instanceof ApiError) return this.envelopeError(error.status, error.code, error.message, { open_id, publish_id: error.publish_id })
      throw error
    }
  }

  private rateLimit(endpoint: RateLimitedEndpoint): number | undefined {
    const cfg = this.config.rate_limits
    if (cfg === false) return undefined
    if (cfg === undefined || cfg === true) return DEFAULT_RATES[endpoint]
    return cfg[endpoint] ?? DEFAULT_RATES[endpoint]
  }

  // ---------------------------------------------------------------- OAuth

  private setRefreshToken(account: Account, value: string): void {
    if (account.refresh_token) {
      this.refreshTokens.delete(account.refresh_token)
      this.rotatedAway.set(account.refresh_token, account.open_id)
    }
    account.refresh_token = value
    this.refreshTokens.set(value, {
      open_id: account.open_id,
      client_key: account.app,
      expires_at: this.now() + (this.config.refresh_token_ttl_sec ?? 15_552_000) * 1000
    })
  }

  private issueAccessToken(account: Account): string {
    const token = randomToken('act.')
    this.accessTokens.set(token, {
      open_id: account.open_id,
      client_key: account.app,
      expires_at: this.now() + (this.config.access_token_ttl_sec ?? 7200) * 1000
    })
    return token
  }

  private authorize(req: IncomingMessage, res: ServerResponse, url: URL): void {
    req.resume()
    const q = url.searchParams
    const clientKey = q.get('client_key') ?? ''
    const redirect = q.get('redirect_uri') ?? ''
    const fail400 = (error: string, description: string): void => {
      const reply = this.flatError(400, error, description)
      this.recordOutcome('authorize', reply, true)
      sendReply(res, reply)
    }
    if (!this.apps.has(clientKey)) return fail400('invalid_client', 'unknown client_key')
    let target: URL
    try {
      target = new URL(redirect)
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('scheme')
    } catch {
      return fail400('invalid_request', 'redirect_uri is missing or not an http(s) URL')
    }
    const state = q.get('state')
    const redirectError = (error: string, description: string): void => {
      target.searchParams.set('error', error)
      target.searchParams.set('error_description', description)
      if (state !== null) target.searchParams.set('state', state)
      this.recordOutcome('authorize', { status: 302, body: '', code: error, detail: description }, true)
      res.writeHead(302, { location: target.toString(), 'content-length': '0' })
      res.end()
    }
    if (q.get('response_type') !== 'code') return redirectError('unsupported_response_type', 'response_type must be code')
    const scopes = (q.get('scope') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    if (scopes.length === 0) return redirectError('invalid_scope', 'scope is required')
    const unknown = scopes.find((s) => !KNOWN_SCOPES.has(s))
    if (unknown) return redirectError('invalid_scope', `unknown scope ${unknown}`)
    const challenge = q.get('code_challenge') ?? undefined
    const method = q.get('code_challenge_method')
    // TikTok requires PKCE of desktop apps, whose redirect is a loopback address
    if (challenge === undefined && isLoopback(target)) {
      return redirectError('invalid_request', 'code_challenge is required: a desktop app (loopback redirect_uri) must use PKCE')
    }
    if (challenge !== undefined && method !== 'S256') return redirectError('invalid_request', 'code_challenge_method must be S256')
    if (challenge !== undefined && !/^[0-9a-fA-F]{64}$/.test(challenge)) {
      return redirectError('invalid_request', 'code_challenge must be the hex SHA-256 of the code verifier')
    }
    // One TikTok user signs in, however often the page is opened: the same
    // username (the default creator when none is given) is the same account.
    const username = q.get('username') || DEFAULT_AUTHORIZE_USERNAME
    const privateParam = q.get('private')
    const makePrivate = privateParam === null ? this.config.authorize_private ?? false : privateParam === 'true'
    const existing = [...this.accounts.values()].find((a) => a.app === clientKey && a.username === username)
    if (existing) {
      existing.scopes = scopes
      if (privateParam !== null) this.setPrivate(existing, makePrivate)
    }
    const created = existing ? { open_id: existing.open_id } : this.addAccount({ app: clientKey, scopes, username, private: makePrivate })
    const code = randomToken('code.')
    this.codes.set(code, {
      open_id: created.open_id,
      client_key: clientKey,
      redirect_uri: redirect,
      challenge: challenge?.toLowerCase(),
      expires_at: this.now() + CODE_TTL
    })
    target.searchParams.set('code', code)
    target.searchParams.set('scopes', scopes.join(','))
    if (state !== null) target.searchParams.set('state', state)
    this.record({ kind: 'authorize', open_id: created.open_id, code: 'ok', detail: `scopes ${scopes.join(',')}` })
    res.writeHead(302, { location: target.toString(), 'content-length': '0' })
    res.end()
  }

  private async readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
    const raw = await readSmallBody(req)
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
    if (type !== 'application/x-www-form-urlencoded') return undefined
    return new URLSearchParams(raw)
  }

  private async token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await this.readForm(req)
    const grant = form?.get('grant_type') ?? ''
    const kind: LedgerKind = grant === 'refresh_token' ? 'refresh' : 'token'
    const presented = form?.get('refresh_token') ?? undefined
    const faultOpenId = presented ? this.refreshTokens.get(presented)?.open_id : undefined
    const faulted = await this.applyFaults('token', faultOpenId, true)
    if (faulted.reply) {
      this.recordOutcome(kind, faulted.reply, false)
      return sendReply(res, faulted.reply, faulted.mode)
    }
    const reply = this.tokenReply(form, grant)
    this.recordOutcome(kind, reply, true)
    sendReply(res, reply, faulted.mode)
  }

  private tokenReply(form: URLSearchParams | undefined, grant: string): Reply {
    if (!form) return this.flatError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded')
    const app = this.apps.get(form.get('client_key') ?? '')
    if (!app || app.client_secret !== form.get('client_secret')) return this.flatError(401, 'invalid_client', 'client_key or client_secret is wrong')
    if (grant === 'authorization_code') {
      const code = form.get('code') ?? ''
      const entry = this.codes.get(code)
      if (!entry || entry.client_key !== app.client_key || entry.expires_at <= this.now()) {
        return this.flatError(400, 'invalid_grant', 'the authorization code is invalid, expired or already used')
      }
      this.codes.delete(code)
      if (form.get('redirect_uri') !== entry.redirect_uri) {
        return this.flatError(400, 'invalid_grant', 'redirect_uri does not match the one used to authorize', { open_id: entry.open_id })
      }
      if (entry.challenge !== undefined) {
        const verifier = form.get('code_verifier') ?? ''
        if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) {
          return this.flatError(400, 'invalid_request', 'code_verifier must be 43-128 characters of [A-Za-z0-9-._~]', { open_id: entry.open_id })
        }
        if (createHash('sha256').update(verifier).digest('hex') !== entry.challenge) {
          return this.flatError(400, 'invalid_grant', 'code_verifier does not match code_challenge', { open_id: entry.open_id })
        }
      }
      const account = this.accounts.get(entry.open_id)
      if (!account) return this.flatError(400, 'invalid_grant', 'the account no longer exists')
      this.setRefreshToken(account, randomToken('rft.'))
      return this.tokenSuccess(account)
    }
    if (grant === 'refresh_token') {
      const presented = form.get('refresh_token') ?? ''
      const entry = this.refreshTokens.get(presented)
      const retiredFor = this.rotatedAway.get(presented)
      if (retiredFor !== undefined) {
        // TikTok says no more than invalid_grant; the ledger's detail says which case it was
        return this.flatError(400, 'invalid_grant', 'the refresh token is invalid, expired or already rotated', { open_id: retiredFor, detail: 'rotated-away refresh token presented' })
      }
      if (entry && entry.expires_at <= this.now()) {
        return this.flatError(400, 'invalid_grant', 'the refresh token is invalid, expired or already rotated', { open_id: entry.open_id, detail: 'expired refresh token presented' })
      }
      if (!entry || entry.client_key !== app.client_key) {
        return this.flatError(400, 'invalid_grant', 'the refresh token is invalid, expired or already rotated', { open_id: entry?.open_id })
      }
      const account = this.accounts.get(entry.open_id)
      if (!account) return this.flatError(400, 'invalid_grant', 'the account no longer exists')
      // Rotation: the presented token dies the moment a new one is issued.
      this.setRefreshToken(account, randomToken('rft.'))
      return this.tokenSuccess(account)
    }
    return this.flatError(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token')
  }

  private tokenSuccess(account: Account): Reply {
    const access = this.issueAccessToken(account)
    return {
      status: 200,
      body: toJsonText({
        access_token: access,
        expires_in: this.config.access_token_ttl_sec ?? 7200,
        open_id: account.open_id,
        refresh_expires_in: this.config.refresh_token_ttl_sec ?? 15_552_000,
        refresh_token: account.refresh_token,
        scope: account.scopes.join(','),
        token_type: 'Bearer'
      }),
      code: 'ok',
      open_id: account.open_id
    }
  }

  private async revoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await this.readForm(req)
    const app = this.apps.get(form?.get('client_key') ?? '')
    if (!form || !app || app.client_secret !== form.get('client_secret')) {
      return sendReply(res, this.flatError(401, 'invalid_client', 'client_key or client_secret is wrong'))
    }
    const token = this.accessTokens.get(form.get('token') ?? '')
    if (token) {
      for (const [k, v] of this.accessTokens) if (v.open_id === token.open_id) this.accessTokens.delete(k)
      const account = this.accounts.get(token.open_id)
      if (account?.refresh_token) this.refreshTokens.delete(account.refresh_token)
      if (account) account.refresh_token = undefined
    }
    res.writeHead(200, { 'content-length': '0' })
    res.end()
  }

  // ---------------------------------------------------------------- posting

  private creatorInfo({ account }: ApiContext): Reply {
    return this.envelope({
      creator_avatar_url: `https://emulator.invalid/avatar/${encodeURIComponent(account.username)}.jpeg`,
      creator_username: account.username,
      creator_nickname: account.nickname,
      privacy_level_options: account.private ? PRIVATE_OPTIONS : PUBLIC_OPTIONS,
      comment_disabled: account.comment_disabled,
      duet_disabled: account.duet_disabled,
      stitch_disabled: account.stitch_disabled,
      max_video_post_duration_sec: account.max_video_post_duration_sec
    })
  }

  private recentPosts(open_id: string, mode: 'direct' | 'inbox'): PostState[] {
    const since = this.now() - DAY
    return [...this.postsById.values()].filter((p) => p.open_id === open_id && p.mode === mode && p.created_at > since && p.status !== 'FAILED')
  }

  private checkActiveUserCap(account: Account): void {
    const app = this.apps.get(account.app)
    if (!app || app.audited) return
    const since = this.now() - DAY
    const posters = new Set([...this.postsById.values()].filter((p) => p.client_key === app.client_key && p.created_at > since).map((p) => p.open_id))
    const cap = this.config.unaudited_account_cap ?? 5
    if (!posters.has(account.open_id) && posters.size >= cap) {
      throw new ApiError(403, 'reached_active_user_cap', `this unaudited app already had ${posters.size} posting users in the last 24 h (cap ${cap})`)
    }
  }

  private parseSource(body: Record<string, unknown>, app: AppState): { source: 'FILE_UPLOAD'; plan: ChunkPlan } | { source: 'PULL_FROM_URL'; url: string } {
    const si = body.source_info
    if (!si || typeof si !== 'object' || Array.isArray(si)) throw new ApiError(400, 'invalid_param', 'source_info is required')
    const s = si as Record<string, unknown>
    if (s.source === 'FILE_UPLOAD') {
      const problem = checkChunkPlan(s)
      if (problem) throw new ApiError(400, 'invalid_param', problem)
      return { source: 'FILE_UPLOAD', plan: { video_size: s.video_size as number, chunk_size: s.chunk_size as number, total_chunk_count: s.total_chunk_count as number } }
    }
    if (s.source === 'PULL_FROM_URL') {
      if (typeof s.video_url !== 'string') throw new ApiError(400, 'invalid_param', 'source_info.video_url is required for PULL_FROM_URL')
      let u: URL
      try {
        u = new URL(s.video_url)
      } catch {
        throw new ApiError(400, 'invalid_param', 'source_info.video_url is not a URL')
      }
      if (u.protocol !== 'https:') throw new ApiError(400, 'invalid_param', 'source_info.video_url must be https')
      const isIp = /^[\d.]+$/.test(u.hostname) || u.hostname.startsWith('[')
      if (isIp || !app.pull_prefixes.some((p) => s.video_url !== undefined && (s.video_url as string).startsWith(p))) {
        throw new ApiError(403, 'url_ownership_unverified', 'video_url is not under a URL prefix verified for this app')
      }
      return { source: 'PULL_FROM_URL', url: s.video_url }
    }
    throw new ApiError(400, 'invalid_param', 'source_info.source must be FILE_UPLOAD or PULL_FROM_URL')
  }

  private directInit({ account, body }: ApiContext): Reply {
    const app = this.apps.get(account.app)!
    const pi = body.post_info
    if (!pi || typeof pi !== 'object' || Array.isArray(pi)) throw new ApiError(400, 'invalid_param', 'post_info is required')
    const p = pi as Record<string, unknown>
    const source = this.parseSource(body, app)
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
    if (!app.audited && !account.private) {
      throw new ApiError(403, 'unaudited_client_can_only_post_to_private_accounts', 'this app is not audited: the account must be set to private')
    }
    const options = account.private ? PRIVATE_OPTIONS : PUBLIC_OPTIONS
    if (!options.includes(p.privacy_level)) {
      throw new ApiError(403, 'privacy_level_option_mismatch', `privacy_level ${p.privacy_level} is not one of the creator's options (${options.join(', ')})`)
    }
    if (!app.audited && p.privacy_level !== 'SELF_ONLY') {
      throw new ApiError(403, 'privacy_level_option_mismatch', 'this app is not audited: only SELF_ONLY is allowed')
    }
    if (p.brand_content_toggle === true && p.privacy_level === 'SELF_ONLY') {
      throw new ApiError(400, 'invalid_param', 'branded content (brand_content_toggle) cannot be SELF_ONLY')
    }
    if (this.recentPosts(account.open_id, 'direct').length >= account.daily_post_cap) {
      throw new ApiError(403, 'spam_risk_too_many_posts', `the creator reached the daily post cap (${account.daily_post_cap})`)
    }
    this.checkActiveUserCap(account)
    const post = this.createPost(account, 'direct', source, {
      title,
      privacy_level: p.privacy_level,
      disable_comment: (p.disable_comment as boolean | undefined) ?? false,
      disable_duet: (p.disable_duet as boolean | undefined) ?? false,
      disable_stitch: (p.disable_stitch as boolean | undefined) ?? false
    })
    return this.initReply(post)
  }

  private inboxInit({ account, body }: ApiContext): Reply {
    const app = this.apps.get(account.app)!
    const source = this.parseSource(body, app)
    const cap = this.config.pending_share_cap ?? 5
    if (this.recentPosts(account.open_id, 'inbox').length >= cap) {
      throw new ApiError(403, 'spam_risk_too_many_pending_share', `the creator has ${cap} pending inbox shares in the last 24 h`)
    }
    this.checkActiveUserCap(account)
    return this.initReply(this.createPost(account, 'inbox', source, {}))
  }

  /** Photo posts: the endpoint itself lives in ./photo.ts. */
  private contentInit({ account, body }: ApiContext): Reply {
    const { publish_id } = photoInit(this.photoHost(account), body)
    return this.envelope({ publish_id }, { publish_id, detail: 'PHOTO PULL_FROM_URL' })
  }

  private photoHost(account: Account): PhotoEmulatorHost {
    return {
      now: () => this.now(),
      app: this.apps.get(account.app)!,
      account,
      privacyOptions: account.private ? PRIVATE_OPTIONS : PUBLIC_OPTIONS,
      pendingShareCap: this.config.pending_share_cap ?? 5,
      recentPosts: (mode) => this.recentPosts(account.open_id, mode).length,
      checkActiveUserCap: () => this.checkActiveUserCap(account),
      takePostFaults: () => this.takeFaults('content_init', account.open_id, ['fail_post', 'stuck']),
      createPost: (mode, info, faults) => {
        const publish_id = `p_pub_url~v2-1.${7_312_000_000_000_000n + BigInt(++this.publishSeq)}`
        const extra = faults.reduce((sum, f) => sum + (f.kind === 'stuck' ? f.polls : 0), 0)
        for (const f of faults) this.record({ kind: 'fault', open_id: account.open_id, publish_id, code: f.kind, detail: JSON.stringify(f) })
        const post: PostState = {
          publish_id,
          open_id: account.open_id,
          client_key: account.app,
          mode,
          source: 'PULL_FROM_URL',
          status: 'PROCESSING_DOWNLOAD',
          bytes_received: 0,
          downloaded_bytes: 0,
          created_at: this.now(),
          pending_polls: (this.config.processing_polls ?? 1) + extra,
          stuck: extra > 0,
          ...info
        }
        const fail = faults.find((f) => f.kind === 'fail_post')
        if (fail && fail.kind === 'fail_post') post.fail_pending = fail.fail_reason
        this.postsById.set(publish_id, post)
        return {
          publish_id,
          received: (bytes) => {
            post.downloaded_bytes += bytes
            post.bytes_received += bytes
          },
          markReady: (failReason, sha256) => {
            if (failReason !== undefined && post.fail_pending === undefined) post.fail_pending = failReason
            if (sha256) post.photo_sha256 = sha256
            post.ready_at = this.now()
          }
        }
      },
      fetch: async (url, onChunk) => {
        const res = await undiciRequest(this.rewrite(url), { method: 'GET', signal: this.abort.signal })
        if (res.statusCode !== 200) {
          await res.body.dump()
          throw new Error(`HTTP ${res.statusCode}`)
        }
        for await (const chunk of res.body) onChunk(chunk as Buffer)
      },
      track: (pull) => {
        const running: Promise<void> = pull.finally(() => this.pulls.delete(running))
        this.pulls.add(running)
      },
      record: (e) => this.record({ ...e, open_id: account.open_id }),
      error: (status, code, message) => new ApiError(status, code, message)
    }
  }

  private initReply(post: PostState): Reply {
    const data: Record<string, unknown> = { publish_id: post.publish_id }
    if (post.upload) data.upload_url = `${this.url}/video/?upload_id=${post.upload.id}&upload_token=${randomToken('', 8)}`
    const detail =
      post.source === 'FILE_UPLOAD' && post.upload
        ? `FILE_UPLOAD ${post.upload.plan.video_size} bytes in ${post.upload.plan.total_chunk_count} chunk(s) of ${post.upload.plan.chunk_size}`
        : 'PULL_FROM_URL'
    return this.envelope(data, { publish_id: post.publish_id, detail })
  }

  private createPost(
    account: Account,
    mode: 'direct' | 'inbox',
    source: { source: 'FILE_UPLOAD'; plan: ChunkPlan } | { source: 'PULL_FROM_URL'; url: string },
    info: Partial<EmulatorPost>
  ): PostState {
    const n = ++this.publishSeq
    const publish_id = `${source.source === 'FILE_UPLOAD' ? 'v_pub_file' : 'v_pub_url'}~v2-1.${7_312_000_000_000_000n + BigInt(n)}`
    const postFaults = this.takeFaults(mode === 'direct' ? 'init' : 'inbox_init', account.open_id, ['fail_post', 'stuck'])
    const fail = postFaults.find((f) => f.kind === 'fail_post')
    const extra = postFaults.reduce((sum, f) => sum + (f.kind === 'stuck' ? f.polls : 0), 0)
    for (const f of postFaults) this.record({ kind: 'fault', open_id: account.open_id, publish_id, code: f.kind, detail: JSON.stringify(f) })
    const post: PostState = {
      publish_id,
      open_id: account.open_id,
      client_key: account.app,
      mode,
      source: source.source,
      status: source.source === 'FILE_UPLOAD' ? 'PROCESSING_UPLOAD' : 'PROCESSING_DOWNLOAD',
      bytes_received: 0,
      downloaded_bytes: 0,
      created_at: this.now(),
      pending_polls: (this.config.processing_polls ?? 1) + extra,
      stuck: extra > 0,
      ...info
    }
    if (fail && fail.kind === 'fail_post') post.fail_pending = fail.fail_reason
    if (source.source === 'FILE_UPLOAD') {
      post.video_size = source.plan.video_size
      const id = randomToken('', 16)
      post.upload = { id, plan: source.plan, next: 0, expires_at: this.now() + UPLOAD_URL_TTL, hash: createHash('sha256'), sniffer: new Mp4DurationSniffer() }
      this.uploads.set(id, publish_id)
    } else {
      post.pull = { done: false, failed: false, hash: createHash('sha256'), sniffer: new Mp4DurationSniffer() }
      const running = this.runPull(post, source.url).finally(() => this.pulls.delete(running))
      this.pulls.add(running)
    }
    this.postsById.set(publish_id, post)
    return post
  }

  private rewrite(url: string): string {
    for (const [from, to] of Object.entries(this.config.pull_rewrite ?? {})) {
      if (url.startsWith(from)) return to + url.slice(from.length)
    }
    return url
  }

  private async runPull(post: PostState, url: string): Promise<void> {
    const pull = post.pull!
    try {
      // undici's request() never follows redirects, which is what TikTok requires (a 3xx invalidates the URL).
      const res = await undiciRequest(this.rewrite(url), { method: 'GET', signal: this.abort.signal })
      if (res.statusCode !== 200) {
        await res.body.dump()
        throw new Error(`HTTP ${res.statusCode}`)
      }
      for await (const chunk of res.body) {
        const b = chunk as Buffer
        post.downloaded_bytes += b.length
        post.bytes_received += b.length
        pull.hash.update(b)
        pull.sniffer.feed(b)
      }
      post.video_size = post.downloaded_bytes
      post.sha256 = pull.hash.digest('hex')
      this.mediaComplete(post, pull.sniffer)
    } catch (error) {
      pull.failed = true
      this.record({ kind: 'fault', open_id: post.open_id, publish_id: post.publish_id, code: 'video_pull_failed', detail: (error as Error).message })
    } finally {
      pull.done = true
    }
  }

  private mediaComplete(post: PostState, sniffer: Mp4DurationSniffer): void {
    post.ready_at = this.now()
    if (sniffer.durationSec !== undefined) {
      post.duration_sec = sniffer.durationSec
      const account = this.accounts.get(post.open_id)
      if (account && sniffer.durationSec > account.max_video_post_duration_sec && post.fail_pending === undefined) {
        post.fail_pending = 'duration_check_failed'
      }
    }
  }

  /** Moves a post towards its final status; `poll` says a status fetch is driving it. */
  private settle(post: PostState, poll: boolean): void {
    if (post.status === 'FAILED' || post.status === 'PUBLISH_COMPLETE' || post.status === 'SEND_TO_USER_INBOX') return
    if (post.pull?.failed) return this.finish(post, 'video_pull_failed')
    if (post.ready_at === undefined) return
    if (poll && post.pending_polls > 0) {
      post.pending_polls--
      return
    }
    if (!poll && (post.stuck ? post.pending_polls > 0 : post.pending_polls > 0 && this.now() - post.ready_at < AUTO_FINALIZE_MS)) return
    this.finish(post, post.fail_pending)
  }

  private finish(post: PostState, failReason: string | undefined): void {
    let status: PostStatus
    if (failReason !== undefined) {
      status = 'FAILED'
      post.fail_reason = failReason
    } else if (post.mode === 'direct') {
      status = 'PUBLISH_COMPLETE'
      post.published_at = Math.max(this.now(), this.lastPublishedAt + 1)
      this.lastPublishedAt = post.published_at
      post.video_id = (7_312_345_678_901_234_567n + BigInt(++this.videoSeq) * 7_919n).toString()
    } else status = 'SEND_TO_USER_INBOX'
    post.status = status
    this.record({ kind: 'published', open_id: post.open_id, publish_id: post.publish_id, code: failReason ?? 'ok', detail: status })
  }

  private statusFetch({ account, body }: ApiContext): Reply {
    const id = body.publish_id
    if (typeof id !== 'string' || id === '') throw new ApiError(400, 'invalid_param', 'publish_id is required')
    const post = this.postsById.get(id)
    if (!post) throw new ApiError(400, 'invalid_publish_id', 'no post has this publish_id', id)
    if (post.open_id !== account.open_id) {
      throw new ApiError(400, 'token_not_authorized_for_specified_publish_id', 'this publish_id belongs to another user', id)
    }
    this.settle(post, true)
    const data: Record<string, unknown> = { status: post.status }
    if (post.status === 'FAILED') data.fail_reason = post.fail_reason
    // only a public post has a publicly available id; private, friends' and followers' posts report none
    data.publicaly_available_post_id =
      post.status === 'PUBLISH_COMPLETE' && post.privacy_level === PUBLIC_PRIVACY && post.video_id ? [new Int64(post.video_id)] : []
    data.uploaded_bytes = post.source === 'FILE_UPLOAD' ? post.bytes_received : 0
    data.downloaded_bytes = post.downloaded_bytes
    return this.envelope(data, { publish_id: id, detail: post.status })
  }

  // ---------------------------------------------------------------- upload

  private async uploadChunk(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const id = url.searchParams.get('upload_id') ?? ''
    const post = this.postsById.get(this.uploads.get(id) ?? '')
    const early = async (reply: Reply, violation = true): Promise<void> => {
      this.recordOutcome('chunk', reply, violation)
      // Read and discard the chunk first: answering mid-body makes the client see
      // EPIPE or a reset instead of the status it has to act on.
      await drain(req)
      if (!res.destroyed) sendReply(res, reply)
    }
    if (!post || !post.upload) return early(this.envelopeError(404, 'not_found', 'no upload has this upload_id'))
    const up = post.upload
    const ids = { open_id: post.open_id, publish_id: post.publish_id }
    const faulted = await this.applyFaults('chunk', post.open_id, false)
    if (faulted.reply) return early({ ...faulted.reply, ...ids }, false)
    const total = up.plan.video_size
    const progress = (): Record<string, string> => ({
      'content-range': post.bytes_received > 0 ? `bytes 0-${post.bytes_received - 1}/${total}` : `bytes */${total}`
    })
    if (this.now() > up.expires_at) {
      return early(this.envelopeError(403, 'upload_url_expired', 'the upload_url expired one hour after init: call init again', ids))
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
    if (!VIDEO_TYPES.has(type)) {
      return early(this.envelopeError(400, 'invalid_file_upload', `Content-Type must be video/mp4, video/quicktime or video/webm, not ${type || 'missing'}`, ids))
    }
    const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers['content-range'] ?? '')
    if (!m) return early(this.envelopeError(400, 'invalid_param', 'Content-Range must be "bytes FIRST-LAST/TOTAL"', { ...ids, headers: progress() }))
    const [first, last, whole] = [Number(m[1]), Number(m[2]), Number(m[3])]
    if (up.next >= up.plan.total_chunk_count) {
      return early(this.envelopeError(416, 'range_not_satisfiable', 'the upload is already complete', { ...ids, headers: progress() }))
    }
    const [wantFirst, wantLast] = chunkRange(up.plan, up.next)
    if (whole !== total || first !== wantFirst || last !== wantLast) {
      return early(
        this.envelopeError(416, 'range_not_satisfiable', `expected chunk ${up.next + 1}/${up.plan.total_chunk_count} as bytes ${wantFirst}-${wantLast}/${total}, got ${m[0]}`, {
          ...ids,
          headers: progress()
        })
      )
    }
    const declared = req.headers['content-length']
    const length = last - first + 1
    if (declared === undefined || Number(declared) !== length) {
      return early(this.envelopeError(400, 'invalid_param', `Content-Length (${declared ?? 'missing'}) must equal the chunk's ${length} bytes`, { ...ids, headers: progress() }))
    }
    // Hash into copies so a chunk cut short leaves the upload exactly where it was.
    const hash = up.hash.copy()
    const sniffer = cloneSniffer(up.sniffer)
    let count = 0
    try {
      for await (const chunk of req) {
        count += (chunk as Buffer).length
        hash.update(chunk as Buffer)
        sniffer.feed(chunk as Buffer)
      }
    } catch {
      this.record({ kind: 'chunk', ...ids, code: 'aborted', detail: `chunk ${up.next + 1} cut off after ${count} bytes` })
      return
    }
    if (count !== length) {
      const reply = this.envelopeError(400, 'invalid_param', `received ${count} bytes, Content-Length said ${length}`, { ...ids, headers: progress() })
      this.recordOutcome('chunk', reply, true)
      return sendReply(res, reply)
    }
    up.hash = hash
    up.sniffer = sniffer
    up.next++
    post.bytes_received += count
    const complete = up.next === up.plan.total_chunk_count
    const reply: Reply = {
      status: complete ? 201 : 206,
      body: '',
      headers: progress(),
      code: 'ok',
      ...ids,
      detail: `bytes ${first}-${last}/${total}`
    }
    this.recordOutcome('chunk', reply, false)
    if (complete) {
      post.sha256 = up.hash.digest('hex')
      this.mediaComplete(post, up.sniffer)
      this.record({ kind: 'upload_complete', ...ids, code: 'ok', detail: `${total} bytes sha256 ${post.sha256}` })
    }
    if (faulted.mode === 'html') return sendReply(res, reply, 'html')
    res.writeHead(reply.status, { ...reply.headers, 'content-length': '0' })
    if (faulted.mode === 'drop') res.socket?.destroy()
    else res.end()
  }

  // ---------------------------------------------------------------- display

  private fields(url: URL, allowed: Set<string>): string[] {
    const raw = url.searchParams.get('fields')
    if (!raw) throw new ApiError(400, 'invalid_param', 'the fields query parameter is required')
    const fields = raw.split(',').map((f) => f.trim()).filter(Boolean)
    const bad = fields.find((f) => !allowed.has(f))
    if (bad) throw new ApiError(400, 'invalid_param', `unknown field ${bad}`)
    return fields
  }

  /**
   * What video/list and video/query show: the account's PUBLIC posts only, as
   * TikTok documents ("the given user's public TikTok video posts"). A
   * SELF_ONLY, followers' or friends' post exists at TikTok but never appears,
   * so a client can never read the list's silence as "not posted".
   */
  private publicVideos(open_id: string): PostState[] {
    const list = [...this.postsById.values()].filter((p) => p.open_id === open_id && p.mode === 'direct')
    for (const p of list) this.settle(p, false)
    return list
      .filter((p) => p.status === 'PUBLISH_COMPLETE' && p.privacy_level === PUBLIC_PRIVACY)
      .sort((a, b) => b.published_at! - a.published_at!)
  }

  private videoObject(post: PostState, account: Account, fields: string[]): Record<string, unknown> {
    const all: Record<string, unknown> = {
      id: new Int64(post.video_id!),
      create_time: Math.floor(post.published_at! / 1000),
      cover_image_url: `https://emulator.invalid/cover/${post.video_id}.jpeg`,
      share_url: `https://www.tiktok.com/@${account.username}/video/${post.video_id}`,
      video_description: post.title ?? '',
      duration: Math.round(post.duration_sec ?? 0),
      height: 1920,
      width: 1080,
      title: post.title ?? '',
      embed_html: `<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@${account.username}/video/${post.video_id}"></blockquote>`,
      embed_link: `https://www.tiktok.com/player/v1/${post.video_id}`,
      like_count: 0,
      comment_count: 0,
      share_count: 0,
      view_count: 0
    }
    return Object.fromEntries(fields.map((f) => [f, all[f]]))
  }

  private videoList({ account, body, url }: ApiContext): Reply {
    const fields = this.fields(url, VIDEO_FIELDS)
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
    return this.envelope(
      {
        videos: page.map((p) => this.videoObject(p, account, fields)),
        cursor: page.length ? page[page.length - 1]!.published_at! : 0,
        has_more: hasMore
      },
      { detail: `${page.length} video(s)` }
    )
  }

  private videoQuery({ account, body, url }: ApiContext): Reply {
    const fields = this.fields(url, VIDEO_FIELDS)
    const filters = body.filters as Record<string, unknown> | undefined
    const ids = filters && typeof filters === 'object' ? filters.video_ids : undefined
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 20) throw new ApiError(400, 'invalid_param', 'filters.video_ids must list 1 to 20 ids')
    const wanted = new Set(ids.map((x) => String(x)))
    const videos = this.publicVideos(account.open_id).filter((p) => wanted.has(p.video_id!))
    return this.envelope({ videos: videos.map((p) => this.videoObject(p, account, fields)), cursor: 0, has_more: false }, { detail: `${videos.length} video(s)` })
  }

  private userInfo({ account, url }: ApiContext): Reply {
    const fields = this.fields(url, USER_FIELDS)
    const avatar = `https://emulator.invalid/avatar/${encodeURIComponent(account.username)}.jpeg`
    const all: Record<string, unknown> = {
      open_id: account.open_id,
      union_id: account.union_id,
      avatar_url: avatar,
      avatar_url_100: avatar,
      avatar_large_url: avatar,
      display_name: account.nickname
    }
    return this.envelope({ user: Object.fromEntries(fields.map((f) => [f, all[f]])) })
  }

  // ---------------------------------------------------------------- admin

  private async admin(req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
    const json = (status: number, value: unknown): void => sendReply(res, { status, body: JSON.stringify(value), code: 'ok' })
    let body: unknown = {}
    try {
      const raw = await readSmallBody(req)
      body = raw.trim() ? JSON.parse(raw) : {}
    } catch (error) {
      return json(400, { error: `body is not JSON: ${(error as Error).message}` })
    }
    try {
      const route = `${method} ${path.replace(/\/$/, '')}`
      switch (route) {
        case 'POST /_emulator/faults': {
          const list = Array.isArray(body) ? body : [body]
          const parsed = list.map((f) => parseFault(f))
          for (const f of parsed) this.inject(f)
          return json(200, { injected: parsed.length })
        }
        case 'GET /_emulator/faults':
          return json(200, { faults: this.faults.map((f) => ({ ...f.fault, times: f.left === Infinity ? 'Infinity' : f.left })) })
        case 'DELETE /_emulator/faults':
          this.clearFaults()
          return json(200, { cleared: true })
        case 'POST /_emulator/accounts':
          return json(200, this.addAccount(body as EmulatorAccountSpec))
        case 'GET /_emulator/accounts':
          return json(200, {
            accounts: [...this.accounts.values()].map((a) => ({ open_id: a.open_id, username: a.username, app: a.app, scopes: a.scopes, private: a.private, refresh_token: a.refresh_token }))
          })
        case 'POST /_emulator/apps':
          this.addApp(body as EmulatorApp)
          return json(200, { added: (body as EmulatorApp).client_key })
        case 'GET /_emulator/ledger':
          return json(200, { ledger: this.ledger })
        case 'GET /_emulator/posts':
          return json(200, { posts: this.posts() })
        case 'POST /_emulator/advance': {
          const ms = (body as { ms?: unknown }).ms
          if (typeof ms !== 'number') return json(400, { error: 'body must be {"ms": NUMBER}' })
          this.advance(ms)
          return json(200, { now: this.now() })
        }
        default:
          return json(404, { error: `no admin endpoint ${method} ${path}` })
      }
    } catch (error) {
      const message = error instanceof Error && 'issues' in error ? describeZodError(error as never) : (error as Error).message
      return json(400, { error: message })
    }
  }
}

function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]'
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolveDrain) => {
    if (req.readableEnded) return resolveDrain()
    req.on('end', () => resolveDrain())
    req.on('error', () => resolveDrain())
    req.on('close', () => resolveDrain())
    req.resume()
  })
}

function cloneSniffer(s: Mp4DurationSniffer): Mp4DurationSniffer {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(s) as object) as Mp4DurationSniffer, s)
  // moovParts is the only mutable collection; its buffers are never written after being pushed.
  const parts = (s as unknown as { moovParts: Buffer[] }).moovParts
  ;(copy as unknown as { moovParts: Buffer[] }).moovParts = [...parts]
  return copy
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const server = new EmulatorServer(options)
  await server.listen()
  return server
}
