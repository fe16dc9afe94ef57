import { randomBytes, createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { MemoryLogger } from '../../src/logger.js'
import { TikTokClient } from '../../src/tiktok/client.js'
import { TikTokApiError, TikTokAuthError } from '../../src/tiktok/errors.js'
import { joinUrl } from '../../src/tiktok/http.js'
import { planChunks, uploadFile, MiB } from '../../src/tiktok/upload.js'
import { FakeClock, LeakWatch, envelope, freePort, json, rejection, scriptedServer } from './helpers.js'

const watch = new LeakWatch()
/**
 * The header timeout of the tests where a request after the unanswered one
 * must be answered in time: 150 ms was too little for a local server on a
 * machine busy with other jobs (one more timeout, one more request, and the
 * count fails). The unanswered request costs this long in each such test.
 */
const ANSWERED_WITHIN_MS = 1000
const TOKEN = watch.secret('act.http-test-access-token-1234567890')
const SECRET = watch.secret('client-secret-abcdef-123456')
const REFRESH = watch.secret('rft.http-test-refresh-token-0987654321')
const NEW_ACCESS = watch.secret('act.new-access-token-from-refresh-111')
const NEW_REFRESH = watch.secret('rft.new-refresh-token-from-refresh-222')
const APP = { clientKey: 'ck_test', clientSecret: SECRET }
const loggers: MemoryLogger[] = []
const cleanups: (() => Promise<void>)[] = []

function clientFor(url: string, extra: Partial<ConstructorParameters<typeof TikTokClient>[0]> = {}): { client: TikTokClient; clock: FakeClock; logger: MemoryLogger } {
  const clock = new FakeClock()
  const logger = new MemoryLogger()
  loggers.push(logger)
  const client = new TikTokClient({ baseUrl: url, clock, random: () => 0.5, logger, ...extra })
  cleanups.push(() => client.close())
  return { client, clock, logger }
}

async function server(handler: Parameters<typeof scriptedServer>[0], port?: number) {
  const s = await scriptedServer(handler, port)
  cleanups.push(() => s.close())
  return s
}

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

afterAll(() => {
  for (const l of loggers) watch.lines(l.lines)
  expect(watch.count).toBeGreaterThan(0)
  expect(watch.leaks()).toEqual([])
})

const FILE_SOURCE = { source: 'FILE_UPLOAD' as const, videoSize: 1000, chunkSize: 1000, totalChunkCount: 1 }
const PULL_SOURCE = { source: 'PULL_FROM_URL' as const, videoUrl: 'https://cdn.example.com/a.mp4' }
const initOk = (res: Parameters<typeof json>[0]) => json(res, 200, envelope({ publish_id: 'v_pub_file~v2-1.1', upload_url: 'http://127.0.0.1:1/video/?upload_id=1' }))

describe('requests', () => {
  it('joins the base URL without slash bugs and sends the documented headers and body', async () => {
    expect(joinUrl('https://open.tiktokapis.com/', '/v2/x/')).toBe('https://open.tiktokapis.com/v2/x/')
    expect(joinUrl('http://h/prefix//', 'v2/x/')).toBe('http://h/prefix/v2/x/')
    const s = await server((_req, res) => initOk(res))
    const { client } = clientFor(`${s.url}/tiktok///`)
    const r = await client.initDirectPost(TOKEN, {
      postInfo: { title: 'Hi ☃ #tag', privacyLevel: 'SELF_ONLY', disableComment: true, videoCoverTimestampMs: 1500, isAigc: false },
      sourceInfo: { source: 'FILE_UPLOAD', videoSize: 12_000_000, chunkSize: 12_000_000, totalChunkCount: 1 }
    })
    expect(r).toEqual({ publishId: 'v_pub_file~v2-1.1', uploadUrl: 'http://127.0.0.1:1/video/?upload_id=1', logId: 'LOG123' })
    const req = s.seen[0]!
    expect(req.method).toBe('POST')
    expect(req.url).toBe('/tiktok/v2/post/publish/video/init/')
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(req.headers['content-type']).toBe('application/json; charset=UTF-8')
    expect(JSON.parse(req.body.toString('utf8'))).toEqual({
      post_info: { title: 'Hi ☃ #tag', privacy_level: 'SELF_ONLY', disable_comment: true, video_cover_timestamp_ms: 1500, is_aigc: false },
      source_info: { source: 'FILE_UPLOAD', video_size: 12_000_000, chunk_size: 12_000_000, total_chunk_count: 1 }
    })
  })

  it('keeps int64 ids and cursors exact through status, video list and query', async () => {
    const s = await server((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      if (req.url!.startsWith('/v2/post/publish/status/fetch/')) {
        res.end('{"data":{"status":"PUBLISH_COMPLETE","publicaly_available_post_id":[7312345678901234567, 42],"uploaded_bytes":1000},"error":{"code":"ok","message":"","log_id":"L"}}')
      } else if (req.url!.startsWith('/v2/video/list/')) {
        res.end('{"data":{"videos":[{"id":7312345678901239999,"title":"t","create_time":1795608000}],"cursor":9007199254740993123,"has_more":true},"error":{"code":"ok","message":"","log_id":"L"}}')
      } else {
        res.end('{"data":{"videos":[{"id":7312345678901239999}]},"error":{"code":"ok","message":"","log_id":"L"}}')
      }
    })
    const { client } = clientFor(s.url)
    const st = await client.fetchStatus(TOKEN, 'v_pub_file~v2-1.1')
    expect(st.publicPostIds).toEqual(['7312345678901234567', '42'])
    expect(JSON.parse(s.seen[0]!.body.toString())).toEqual({ publish_id: 'v_pub_file~v2-1.1' })
    const list = await client.listVideos(TOKEN, { maxCount: 50 })
    expect(list.videos[0]!.id).toBe('7312345678901239999')
    expect(list.cursor).toBe('9007199254740993123')
    expect(list.hasMore).toBe(true)
    await client.listVideos(TOKEN, { cursor: list.cursor })
    // The big cursor goes back as a JSON number with every digit; max_count is clamped to 20.
    expect(s.seen[1]!.body.toString()).toBe('{"max_count":20}')
    expect(s.seen[2]!.body.toString()).toBe('{"max_count":20,"cursor":9007199254740993123}')
    expect(s.seen[2]!.url).toMatch(/^\/v2\/video\/list\/\?fields=id,/)
    const q = await client.queryVideos(TOKEN, ['7312345678901239999'])
    expect(q.map((v) => v.id)).toEqual(['7312345678901239999'])
    expect(JSON.parse(s.seen[3]!.body.toString())).toEqual({ filters: { video_ids: ['7312345678901239999'] } })
  })

  it('reads Retry-After as an HTTP date on the injected clock', async () => {
    let n = 0
    const clockHolder: { clock?: FakeClock } = {}
    const s = await server((_req, res) => {
      if (n++ === 0) {
        const at = new Date(clockHolder.clock!.ms + 12_000).toUTCString()
        return json(res, 429, envelope({}, 'rate_limit_exceeded'), { 'retry-after': at })
      }
      json(res, 200, envelope({ status: 'PROCESSING_UPLOAD' }))
    })
    const { client, clock } = clientFor(s.url)
    clockHolder.clock = clock
    const t0 = clock.ms
    expect((await client.fetchStatus(TOKEN, 'p')).status).toBe('PROCESSING_UPLOAD')
    // toUTCString drops milliseconds, so the wait is 11–12 s.
    expect(clock.ms - t0).toBeGreaterThanOrEqual(11_000)
    expect(clock.ms - t0).toBeLessThanOrEqual(12_000)
    expect(s.seen).toHaveLength(2)
  })

  it('backs off on a 429 without Retry-After', async () => {
    let n = 0
    const s = await server((_req, res) => {
      if (n++ < 2) return json(res, 429, envelope({}, 'rate_limit_exceeded'))
      json(res, 200, envelope({ status: 'FAILED', fail_reason: 'spam_risk_text' }))
    })
    const { client, clock } = clientFor(s.url)
    const st = await client.fetchStatus(TOKEN, 'p')
    expect(st).toMatchObject({ status: 'FAILED', failReason: 'spam_risk_text', publicPostIds: [] })
    // Full jitter with random 0.5: half of 500 ms, then half of 1 s.
    expect(clock.sleeps).toEqual([250, 500])
  })

  it('retries a status fetch whose answer timed out', async () => {
    let n = 0
    const s = await server((_req, res) => {
      if (n++ === 0) return // never answer
      json(res, 200, envelope({ status: 'PUBLISH_COMPLETE', publicaly_available_post_id: [] }))
    })
    const { client } = clientFor(s.url, { timeouts: { headersTimeoutMs: ANSWERED_WITHIN_MS } })
    expect((await client.fetchStatus(TOKEN, 'p')).status).toBe('PUBLISH_COMPLETE')
    expect(s.seen).toHaveLength(2)
  })

  it('refuses a 4xx without the envelope with a clear, non-retryable error', async () => {
    const s = await server((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' })
      res.end('<html>not here</html>')
    })
    const { client } = clientFor(s.url)
    const err = await rejection(client.creatorInfo(TOKEN), watch)
    expect(err).toBeInstanceOf(TikTokApiError)
    expect(err.retryable).toBe(false)
    expect(err.httpStatus).toBe(404)
    expect(err.message).toMatch(/check the API base URL/)
    expect(s.seen).toHaveLength(1)
  })
})

describe('init exactly once', () => {
  it('retries an init whose connection was refused, since nothing reached the server', async () => {
    const port = await freePort()
    const { client, clock } = clientFor(`http://127.0.0.1:${port}`)
    let s: Awaited<ReturnType<typeof server>> | undefined
    clock.onSleep = async () => {
      s ??= await server((_req, res) => initOk(res), port)
    }
    const r = await client.initInboxUpload(TOKEN, { sourceInfo: FILE_SOURCE })
    expect(r.publishId).toBe('v_pub_file~v2-1.1')
    expect(s!.seen).toHaveLength(1)
    expect(s!.seen[0]!.url).toBe('/v2/post/publish/inbox/video/init/')
  })

  it('does not retry a PULL_FROM_URL init whose connection died after it was sent', async () => {
    const s = await server((_req, _res, raw) => {
      raw.socket.destroy()
    })
    const { client } = clientFor(s.url)
    const err = await rejection(client.initDirectPost(TOKEN, { postInfo: { privacyLevel: 'SELF_ONLY' }, sourceInfo: PULL_SOURCE }), watch)
    expect(err).toBeInstanceOf(TikTokApiError)
    expect(err.ambiguous).toBe(true)
    expect(err.code).toBe('network_error')
    expect(s.seen).toHaveLength(1)
  })

  it('does not retry a PULL_FROM_URL init whose answer timed out', async () => {
    const s = await server(() => undefined)
    const { client } = clientFor(s.url, { timeouts: { headersTimeoutMs: 150 } })
    const err = await rejection(client.initDirectPost(TOKEN, { postInfo: { privacyLevel: 'SELF_ONLY' }, sourceInfo: PULL_SOURCE }), watch)
    expect(err.ambiguous).toBe(true)
    expect(err.code).toBe('timeout')
    expect(s.seen).toHaveLength(1)
  })

  it('repeats a FILE_UPLOAD init whose connection died, whose answer timed out, or that got a proxy page', async () => {
    // what an unanswered FILE_UPLOAD init created never gets its upload_url, so it can never become a post
    let n = 0
    const s = await server((_req, res, raw) => {
      n++
      if (n === 1) {
        raw.socket.destroy()
      } else if (n === 3) {
        res.writeHead(502, { 'content-type': 'text/html' })
        res.end('<html><body>502 Bad Gateway</body></html>')
      } else if (n === 4) {
        initOk(res)
      }
      // n === 2: no answer at all, until the client's timeout
    })
    const { client } = clientFor(s.url, { timeouts: { headersTimeoutMs: ANSWERED_WITHIN_MS } })
    const r = await client.initDirectPost(TOKEN, { postInfo: { privacyLevel: 'SELF_ONLY' }, sourceInfo: FILE_SOURCE })
    expect(r.publishId).toBe('v_pub_file~v2-1.1')
    expect(s.seen).toHaveLength(4)
  })

  it('gives up on a FILE_UPLOAD init after the configured attempts as retryable, not ambiguous', async () => {
    const s = await server((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/html' })
      res.end('<html>busy</html>')
    })
    const { client } = clientFor(s.url, { retry: { attempts: 3 } })
    const err = await rejection(client.initInboxUpload(TOKEN, { sourceInfo: FILE_SOURCE }), watch)
    expect(err.ambiguous).toBe(false)
    expect(err.retryable).toBe(true)
    expect(err.message).not.toMatch(/not retried/)
    expect(s.seen).toHaveLength(3)
  })

  it('gives up on a refused connection after the configured attempts, not ambiguous', async () => {
    const port = await freePort()
    const { client, clock } = clientFor(`http://127.0.0.1:${port}`, { retry: { attempts: 3 } })
    const err = await rejection(client.initDirectPost(TOKEN, { postInfo: { privacyLevel: 'SELF_ONLY' }, sourceInfo: FILE_SOURCE }), watch)
    expect(err.ambiguous).toBe(false)
    expect(err.retryable).toBe(true)
    expect(err.message).toMatch(/ECONNREFUSED/)
    expect(clock.sleeps).toEqual([250, 500])
  })
})

describe('OAuth', () => {
  const grant = { access_token: NEW_ACCESS, expires_in: 7200, refresh_token: NEW_REFRESH, refresh_expires_in: 15_552_000, open_id: 'open-1', scope: 'user.info.basic,video.publish', token_type: 'Bearer' }

  it('posts the refresh grant form-encoded and maps the flat answer', async () => {
    const s = await server((_req, res) => json(res, 200, grant))
    const { client } = clientFor(s.url)
    const g = await client.refreshToken({ ...APP, refreshToken: REFRESH })
    expect(g).toEqual({ accessToken: NEW_ACCESS, expiresIn: 7200, refreshToken: NEW_REFRESH, refreshExpiresIn: 15_552_000, openId: 'open-1', scope: ['user.info.basic', 'video.publish'] })
    expect(s.seen[0]!.url).toBe('/v2/oauth/token/')
    expect(s.seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(Object.fromEntries(new URLSearchParams(s.seen[0]!.body.toString()))).toEqual({
      client_key: 'ck_test',
      client_secret: SECRET,
      grant_type: 'refresh_token',
      refresh_token: REFRESH
    })
  })

  it('exchanges a code with the PKCE verifier', async () => {
    const s = await server((_req, res) => json(res, 200, grant))
    const { client } = clientFor(s.url)
    await client.exchangeCode({ ...APP, code: 'code-xyz-123456', redirectUri: 'http://127.0.0.1:8123/callback', codeVerifier: 'v'.repeat(64) })
    expect(Object.fromEntries(new URLSearchParams(s.seen[0]!.body.toString()))).toEqual({
      client_key: 'ck_test',
      client_secret: SECRET,
      code: 'code-xyz-123456',
      grant_type: 'authorization_code',
      redirect_uri: 'http://127.0.0.1:8123/callback',
      code_verifier: 'v'.repeat(64)
    })
  })

  it('branches on the body: invalid_grant at HTTP 200 is dead, temporarily_unavailable is retried', async () => {
    let n = 0
    const s = await server((_req, res) => {
      n++
      if (n === 1) return json(res, 200, { error: 'temporarily_unavailable', error_description: 'busy', log_id: 'L1' })
      if (n === 2) return json(res, 200, grant)
      json(res, 200, { error: 'invalid_grant', error_description: 'Refresh token is invalid or expired.', log_id: 'L3' })
    })
    const { client } = clientFor(s.url)
    await client.refreshToken({ ...APP, refreshToken: REFRESH })
    expect(s.seen).toHaveLength(2)
    const err = await rejection(client.refreshToken({ ...APP, refreshToken: REFRESH }), watch)
    expect(err).toBeInstanceOf(TikTokAuthError)
    expect(err.grantDead).toBe(true)
    expect(err.transient).toBe(false)
    expect(err.logId).toBe('L3')
    expect(s.seen).toHaveLength(3)
  })

  it('does not retry a refresh whose answer is unreadable: TikTok may have rotated the token', async () => {
    const s = await server((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' })
      res.end('<html>bad gateway</html>')
    })
    const { client } = clientFor(s.url)
    const err = await rejection(client.refreshToken({ ...APP, refreshToken: REFRESH }), watch)
    expect(err.ambiguous).toBe(true)
    expect(err.transient).toBe(true)
    expect(err.grantDead).toBe(false)
    expect(err.message).toMatch(/may have rotated/)
    expect(s.seen).toHaveLength(1)
  })

  it('retries a refresh whose connection was refused', async () => {
    const port = await freePort()
    const { client, clock } = clientFor(`http://127.0.0.1:${port}`)
    let started = false
    clock.onSleep = async () => {
      if (!started) {
        started = true
        await server((_req, res) => json(res, 200, grant), port)
      }
    }
    expect((await client.refreshToken({ ...APP, refreshToken: REFRESH })).accessToken).toBe(NEW_ACCESS)
  })
})

describe('secrets never reach messages', () => {
  it('redacts tokens that a server echoes back into its error text', async () => {
    const s = await server((req, res) => {
      if (req.url === '/v2/oauth/token/') {
        return json(res, 400, { error: 'invalid_request', error_description: `bad form: ${req.body.toString()}`, log_id: 'L' })
      }
      json(res, 400, envelope({}, 'invalid_param', `bad header ${req.headers.authorization}`))
    })
    const { client } = clientFor(s.url)
    const e1 = await rejection(client.creatorInfo(TOKEN), watch)
    expect(e1.message).toContain('bad header Bearer ***')
    const e2 = await rejection(client.refreshToken({ ...APP, refreshToken: REFRESH }), watch)
    expect(e2.message).toContain('client_secret=***')
    expect(e2.message).toContain('refresh_token=***')
    expect(e2.errorDescription).not.toContain(SECRET)
  })
})

describe('chunk upload over HTTP', () => {
  async function file(size: number) {
    const dir = await mkdtemp(join(tmpdir(), 'tiktok-upload-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    const bytes = randomBytes(size)
    const path = join(dir, 'v.webm')
    await writeFile(path, bytes)
    return { path, bytes }
  }

  it('sends every byte exactly to a server that reads slowly (the reused read buffers never overwrite bytes still queued)', async () => {
    // A server that pauses on every body piece keeps the client's socket full, so
    // writes queue: a read buffer refilled too early would send wrong bytes.
    const size = 12 * MiB + 4321
    const f = await file(size)
    const plan = planChunks(size, 6 * MiB)
    const received: Buffer[] = []
    const srv = createServer((req, res) => {
      req.on('data', (d: Buffer) => {
        received.push(Buffer.from(d))
        req.pause()
        setTimeout(() => req.resume(), 1)
      })
      req.on('end', () => {
        const total = received.reduce((n, b) => n + b.length, 0)
        res.writeHead(total >= size ? 201 : 206, { 'content-range': `bytes 0-${total - 1}/${size}` })
        res.end()
      })
    })
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise<void>((r) => (srv.closeAllConnections(), srv.close(() => r()))))
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/video/?upload_id=slow`
    const result = await uploadFile({ uploadUrl: url, filePath: f.path, size, mimeType: 'video/webm', chunkPlan: plan, clock: new FakeClock() })
    expect(result).toEqual({ requests: 2, resumed: false })
    expect(createHash('sha256').update(Buffer.concat(received)).digest('hex')).toBe(createHash('sha256').update(f.bytes).digest('hex'))
  })

  /** A TikTok-like upload endpoint that reads every body before answering. */
  function uploadServer(size: number, plan: ReturnType<typeof planChunks>, faults: { dropAfterStore?: number[] } = {}) {
    const got: Buffer[] = []
    let held = 0
    let n = 0
    return server((req, res, raw) => {
      n++
      const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(req.headers['content-range']))!
      const first = Number(m[1])
      const range = () => (held ? `bytes 0-${held - 1}/${size}` : `bytes */${size}`)
      if (first !== held) {
        res.writeHead(416, { 'content-range': range() })
        res.end()
        return
      }
      got.push(req.body)
      held += req.body.length
      if (faults.dropAfterStore?.includes(n)) {
        raw.socket.destroy()
        return
      }
      res.writeHead(held === size ? 201 : 206, { 'content-range': range() })
      res.end()
    }).then((s) => ({ ...s, got, plan }))
  }

  it('streams each chunk with the documented headers and resumes after a lost answer via 416', async () => {
    const size = 11 * MiB + 3
    const f = await file(size)
    const plan = planChunks(size, 5 * MiB)
    const s = await uploadServer(size, plan, { dropAfterStore: [1] })
    const clock = new FakeClock()
    const logger = new MemoryLogger()
    loggers.push(logger)
    const url = `${s.url}/video/?upload_id=secret-upload-id-123456&sig=abcdef123456`
    watch.secret('secret-upload-id-123456&sig=abcdef123456')
    const progress: number[] = []
    const r = await uploadFile({ uploadUrl: url, filePath: f.path, size, mimeType: 'video/webm', chunkPlan: plan, clock, random: () => 0, logger, onProgress: (b) => progress.push(b) })
    expect(plan.totalChunkCount).toBe(2)
    expect(r).toEqual({ requests: 3, resumed: true })
    expect(Buffer.concat(s.got).equals(f.bytes)).toBe(true)
    // Chunk 1, its repeat (answered 416: TikTok already had it), then chunk 2 with the trailing bytes.
    expect(s.seen.map((q) => q.headers['content-range'])).toEqual([
      `bytes 0-${5 * MiB - 1}/${size}`,
      `bytes 0-${5 * MiB - 1}/${size}`,
      `bytes ${5 * MiB}-${size - 1}/${size}`
    ])
    expect(s.seen.map((q) => q.headers['content-length'])).toEqual([String(5 * MiB), String(5 * MiB), String(6 * MiB + 3)])
    expect(s.seen.every((q) => q.headers['content-type'] === 'video/webm')).toBe(true)
    expect(progress).toEqual([5 * MiB, size])
    expect(logger.lines.some((l) => l.includes('resuming at chunk 2'))).toBe(true)
  })

  it('refuses to resume from a position that is not a chunk boundary', async () => {
    const size = 10 * MiB
    const f = await file(size)
    const plan = planChunks(size, 5 * MiB)
    const s = await server((_req, res) => {
      res.writeHead(416, { 'content-range': `bytes 0-99/${size}` })
      res.end()
    })
    const err = await rejection(uploadFile({ uploadUrl: `${s.url}/video/`, filePath: f.path, size, mimeType: 'video/mp4', chunkPlan: plan, clock: new FakeClock() }), watch)
    expect(err.code).toBe('range_mismatch')
    expect(err.message).toMatch(/holds 100 bytes/)
  })

  it('stops at once on 404, and refuses a file whose size changed', async () => {
    const f = await file(2000)
    const s = await server((_req, res) => {
      res.writeHead(404)
      res.end()
    })
    const plan = planChunks(2000)
    const e1 = await rejection(uploadFile({ uploadUrl: `${s.url}/video/`, filePath: f.path, size: 2000, mimeType: 'video/mp4', chunkPlan: plan, clock: new FakeClock() }), watch)
    expect(e1.code).toBe('upload_not_found')
    expect(s.seen).toHaveLength(1)
    const e2 = await rejection(uploadFile({ uploadUrl: `${s.url}/video/`, filePath: f.path, size: 2001, mimeType: 'video/mp4', chunkPlan: planChunks(2001), clock: new FakeClock() }), watch)
    expect(e2.code).toBe('file_changed')
    expect(s.seen).toHaveLength(1)
  })

  it('treats a 403 as an expired upload_url and says what to do', async () => {
    const f = await file(3000)
    const s = await server((_req, res) => {
      res.writeHead(403)
      res.end()
    })
    const err = await rejection(uploadFile({ uploadUrl: `${s.url}/video/?upload_id=x`, filePath: f.path, size: 3000, mimeType: 'video/mp4', chunkPlan: planChunks(3000), clock: new FakeClock() }), watch)
    expect(err.name).toBe('UploadUrlExpiredError')
    expect(err.code).toBe('upload_url_expired')
    expect(s.seen).toHaveLength(1)
    expect(createHash('sha256').update(s.seen[0]!.body).digest('hex')).toBe(createHash('sha256').update(f.bytes).digest('hex'))
  })
})


describe('cancellation', () => {
  it('reports a PULL_FROM_URL init cancelled in flight as ambiguous, and a status fetch as the abort reason', async () => {
    const s = await server(() => undefined)
    const { client } = clientFor(s.url)
    const ac = new AbortController()
    const pending = client.initDirectPost(TOKEN, { postInfo: { privacyLevel: 'SELF_ONLY' }, sourceInfo: PULL_SOURCE, signal: ac.signal })
    while (s.seen.length === 0) await new Promise((r) => setTimeout(r, 5))
    ac.abort(new Error('run budget over'))
    const err = await rejection(pending, watch)
    expect(err).toBeInstanceOf(TikTokApiError)
    expect(err.ambiguous).toBe(true)
    expect(err.code).toBe('aborted')

    const ac2 = new AbortController()
    const p2 = client.fetchStatus(TOKEN, 'p', { signal: ac2.signal })
    while (s.seen.length === 1) await new Promise((r) => setTimeout(r, 5))
    ac2.abort(new Error('run budget over'))
    await expect(p2).rejects.toThrow('run budget over')
  })
})
