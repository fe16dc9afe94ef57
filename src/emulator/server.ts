import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serveAdmin } from './admin.js'
import { ApiGate, type ApiRoute } from './api.js'
import { parseEmulatorConfig } from './config.js'
import { Core } from './core.js'
import { Display } from './display.js'
import { FaultBox } from './faults.js'
import { sendReply } from './http.js'
import { OAuth } from './oauth.js'
import { Posting } from './posting.js'
import { PostStore } from './posts.js'
import { Pulls } from './pull.js'
import { Uploads } from './upload.js'
import type { Emulator, EmulatorAccountSpec, EmulatorApp, EmulatorOptions, EmulatorPost, Fault, IssuedTokens, LedgerEntry } from './types.js'

/**
 * The emulator's HTTP server: it routes each request to its product area
 * (OAuth, posting, upload, pull, display, admin; faults apply across them)
 * and is the `Emulator` tests and the CLI drive.
 */
export class EmulatorServer implements Emulator {
  port = 0
  private readonly server: Server
  private readonly core: Core
  private readonly faults: FaultBox
  private readonly oauth: OAuth
  private readonly postStore: PostStore
  private readonly pulls: Pulls
  private readonly uploadArea: Uploads
  private readonly gate: ApiGate
  private readonly routes: Record<string, ApiRoute>

  constructor(private readonly options: EmulatorOptions) {
    this.core = new Core(parseEmulatorConfig(options.config ?? {}), options.now ?? Date.now)
    const apps = this.core.config.apps?.length ? this.core.config.apps : [{ client_key: 'emu_client_key', client_secret: 'emu_client_secret', audited: true }]
    for (const app of apps) this.core.addApp(app)
    this.faults = new FaultBox(this.core)
    this.oauth = new OAuth(this.core, this.faults)
    this.postStore = new PostStore(this.core, this.faults)
    this.pulls = new Pulls(this.core, this.postStore)
    this.uploadArea = new Uploads(this.core, this.faults, this.postStore)
    this.gate = new ApiGate(this.core, this.oauth, this.faults)
    const posting = new Posting(this.core, this.postStore, this.uploadArea, this.pulls)
    const display = new Display(this.core, this.postStore)
    this.routes = {
      'POST /v2/post/publish/creator_info/query/': { name: 'creator_info', scopes: ['video.publish'], rate: 'creator_info', handler: (c) => display.creatorInfo(c) },
      'POST /v2/post/publish/video/init/': { name: 'init', scopes: ['video.publish'], rate: 'init', handler: (c) => posting.directInit(c) },
      'POST /v2/post/publish/inbox/video/init/': { name: 'inbox_init', scopes: ['video.upload'], rate: 'init', handler: (c) => posting.inboxInit(c) },
      'POST /v2/post/publish/content/init/': { name: 'content_init', scopes: ['video.publish', 'video.upload'], rate: 'init', handler: (c) => posting.contentInit(c) },
      'POST /v2/post/publish/status/fetch/': { name: 'status', scopes: ['video.upload', 'video.publish'], rate: 'status', handler: (c) => posting.statusFetch(c) },
      'POST /v2/video/list/': { name: 'video_list', scopes: ['video.list'], rate: 'display', handler: (c) => display.videoList(c) },
      'POST /v2/video/query/': { name: 'video_query', scopes: ['video.list'], rate: 'display', handler: (c) => display.videoQuery(c) },
      'GET /v2/user/info/': { name: 'user_info', scopes: ['user.info.basic'], rate: 'display', handler: (c) => display.userInfo(c) }
    }
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendReply(res, this.core.envelopeError(500, 'internal_error', `emulator bug: ${(error as Error).message}`))
        else res.destroy()
      })
    })
  }

  /** 'http://127.0.0.1:PORT' once listening */
  get url(): string {
    return this.core.url
  }

  get ledger(): LedgerEntry[] {
    return this.core.ledger
  }

  // The tables below are read by tests through a cast (the secret scan gathers
  // every token and upload id handed out; some tests flip an account private).
  get accounts() {
    return this.core.accounts
  }

  get accessTokens() {
    return this.oauth.accessTokens
  }

  get refreshTokens() {
    return this.oauth.refreshTokens
  }

  get uploads() {
    return this.uploadArea.byId
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
    this.core.url = `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`
    for (const spec of this.core.config.accounts ?? []) this.addAccount(spec)
  }

  async close(): Promise<void> {
    await this.pulls.close()
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
  }

  now(): number {
    return this.core.now()
  }

  advance(ms: number): void {
    this.core.advance(ms)
  }

  addApp(app: EmulatorApp): void {
    this.core.addApp(app)
  }

  addAccount(spec: EmulatorAccountSpec = {}): IssuedTokens {
    return this.oauth.addAccount(spec)
  }

  currentRefreshToken(open_id: string): string | undefined {
    return this.oauth.currentRefreshToken(open_id)
  }

  inject(fault: Fault): void {
    this.faults.inject(fault)
  }

  clearFaults(): void {
    this.faults.clear()
  }

  posts(): EmulatorPost[] {
    return this.postStore.snapshot()
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid')
    const path = url.pathname
    const method = req.method ?? 'GET'
    if (path.startsWith('/_emulator/')) return serveAdmin(this, { core: this.core, faults: this.faults }, req, res, method, path)
    if (method === 'PUT' && path === '/video/') return this.uploadArea.putChunk(req, res, url)
    if (method === 'GET' && path === '/v2/auth/authorize/') return this.oauth.authorize(req, res, url)
    if (method === 'POST' && path === '/v2/oauth/token/') return this.oauth.token(req, res)
    if (method === 'POST' && path === '/v2/oauth/revoke/') return this.oauth.revoke(req, res)
    const route = this.routes[`${method} ${path}`]
    if (!route) {
      req.resume()
      return sendReply(res, this.core.envelopeError(404, 'not_found', `no such endpoint: ${method} ${path}`))
    }
    return this.gate.serve(route, req, res, url)
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const server = new EmulatorServer(options)
  await server.listen()
  return server
}
