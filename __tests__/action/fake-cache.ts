import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * The Actions cache service as @actions/cache v2 speaks to it, on 127.0.0.1:
 * the Twirp JSON methods (GetCacheEntryDownloadURL, CreateCacheEntry,
 * FinalizeCacheEntryUpload) and the signed blob URLs the archive goes to and
 * comes from. Its rules are GitHub's: a key, once created, is never created
 * again; a lookup takes the exact primary key first, then each restore key as
 * a prefix, newest first; an entry is seen only once finalized, and only for
 * the same version (paths and compression).
 */
export interface CacheEntry {
  id: number
  key: string
  version: string
  blob?: Buffer
  finalized: boolean
}

export class FakeCacheService {
  url = ''
  readonly entries: CacheEntry[] = []
  readonly calls: string[] = []
  readonly runtimeToken = `rt_${randomBytes(8).toString('hex')}`
  private readonly sig = randomBytes(8).toString('hex')
  private server!: Server

  static async start(): Promise<FakeCacheService> {
    const f = new FakeCacheService()
    f.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => f.handle(req, Buffer.concat(chunks), res))
    })
    await new Promise<void>((r) => f.server.listen(0, '127.0.0.1', () => r()))
    f.url = `http://127.0.0.1:${(f.server.address() as AddressInfo).port}/`
    return f
  }

  /** What a job on GitHub's runner has in its environment for the cache. */
  env(): Record<string, string> {
    return { ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_RESULTS_URL: this.url, ACTIONS_RUNTIME_TOKEN: this.runtimeToken }
  }

  /** Saved and finalized keys, oldest first. */
  keys(prefix = ''): string[] {
    return this.entries.filter((e) => e.finalized && e.key.startsWith(prefix)).map((e) => e.key)
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => {
      this.server.closeAllConnections()
      this.server.close(() => r())
    })
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body)
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    res.end(text)
  }

  private handle(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url)
    const twirp = /^\/twirp\/github\.actions\.results\.api\.v1\.CacheService\/(\w+)$/.exec(url.pathname)
    if (twirp && req.method === 'POST') {
      if (req.headers.authorization !== `Bearer ${this.runtimeToken}`) return this.json(res, 401, { code: 'unauthenticated', msg: 'bad token' })
      const input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>
      this.calls.push(twirp[1])
      const version = String(input.version ?? '')
      switch (twirp[1]) {
        case 'GetCacheEntryDownloadURL': {
          const done = this.entries.filter((e) => e.finalized && e.version === version).reverse()
          const restoreKeys = (input.restoreKeys ?? input.restore_keys ?? []) as string[]
          const hit = done.find((e) => e.key === input.key) ?? restoreKeys.map((k) => done.find((e) => e.key.startsWith(k))).find(Boolean)
          if (!hit) return this.json(res, 200, { ok: false })
          return this.json(res, 200, { ok: true, signedDownloadUrl: `${this.url}blob/${hit.id}?sig=${this.sig}`, matchedKey: hit.key })
        }
        case 'CreateCacheEntry': {
          const key = String(input.key)
          if (this.entries.some((e) => e.key === key && e.version === version)) return this.json(res, 200, { ok: false, message: 'cache entry already exists' })
          const id = this.entries.length + 1
          this.entries.push({ id, key, version, finalized: false })
          return this.json(res, 200, { ok: true, signedUploadUrl: `${this.url}blob/${id}?sig=${this.sig}` })
        }
        case 'FinalizeCacheEntryUpload': {
          const e = this.entries.find((x) => x.key === input.key && x.version === version && !x.finalized)
          if (!e?.blob) return this.json(res, 200, { ok: false, message: 'nothing uploaded' })
          e.finalized = true
          return this.json(res, 200, { ok: true, entryId: String(e.id) })
        }
      }
      return this.json(res, 404, { code: 'bad_route', msg: 'no such method' })
    }
    const blob = /^\/blob\/(\d+)$/.exec(url.pathname)
    if (blob && url.searchParams.get('sig') === this.sig) {
      const e = this.entries.find((x) => x.id === Number(blob[1]))
      if (!e) return this.json(res, 404, {})
      if (req.method === 'PUT') {
        // Azure's Put Blob (the archive is far below the SDK's single-shot size)
        e.blob = body
        res.writeHead(201, { etag: `"${e.id}"`, 'last-modified': new Date().toUTCString(), 'x-ms-request-id': String(e.id), 'content-length': '0' })
        res.end()
        return
      }
      if (req.method === 'GET' && e.finalized && e.blob) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': e.blob.length })
        res.end(e.blob)
        return
      }
    }
    this.json(res, 404, { message: 'Not Found' })
  }
}
