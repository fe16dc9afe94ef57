import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator, type Emulator, type EmulatorConfig } from '../../src/emulator/index.js'
import { MemoryLogger } from '../../src/logger.js'
import { UserError } from '../../src/errors.js'
import { TikTokClient } from '../../src/tiktok/client.js'
import { TikTokApiError, TikTokAuthError, UploadUrlExpiredError } from '../../src/tiktok/errors.js'
import { FileTokenStore, TokenManager, type TokenStore } from '../../src/tiktok/tokens.js'
import { planChunks, uploadFile, MiB } from '../../src/tiktok/upload.js'
import { FakeClock, LeakWatch, rejection } from './helpers.js'
import { classifyErrorCode } from '../../src/rules/rulebook.js'

const APP = { clientKey: 'emu_client_key', clientSecret: 'emu_client_secret' }
const watch = new LeakWatch()
watch.secret(APP.clientSecret)

let clock: FakeClock
let emu: Emulator
let client: TikTokClient
let logger: MemoryLogger
let dir: string

async function setup(config: EmulatorConfig = {}): Promise<void> {
  clock = new FakeClock()
  emu = await startEmulator({ port: 0, now: () => clock.ms, config })
  logger = new MemoryLogger()
  client = new TikTokClient({ baseUrl: emu.url, clock, random: () => 0.5, logger })
}

function account() {
  const a = emu.addAccount({ username: 'brand_us', nickname: 'Brand US' })
  watch.secret(a.access_token)
  watch.secret(a.refresh_token)
  return a
}

const ledger = (kind: string) => emu.ledger.filter((e) => e.kind === kind)

/**
 * The emulator applies every pending fault of an endpoint to its next request,
 * so faults meant for consecutive attempts are injected one by one: the next
 * one whenever the client backs off.
 */
function inSequence(faults: Parameters<Emulator['inject']>[0][]): void {
  const queue = [...faults]
  emu.inject(queue.shift()!)
  clock.onSleep = () => {
    const next = queue.shift()
    if (next) emu.inject(next)
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tiktok-client-'))
  await setup()
})

afterEach(async () => {
  watch.lines(logger.lines)
  await client.close()
  await emu.close()
  await rm(dir, { recursive: true, force: true })
})

afterAll(() => {
  // Every error and log line of this file, printed in full, holds no token or secret.
  expect(watch.count).toBeGreaterThan(0)
  expect(watch.leaks()).toEqual([])
})

function manager(store: TokenStore, secrets: string[] = []): TokenManager {
  return new TokenManager({ client, store, clock, logger, onSecret: (v) => secrets.push(watch.secret(v)) })
}

describe('tokens against the emulator', () => {
  it('refreshes, saves the rotated refresh token to the file store before use, and the old one is dead', async () => {
    const a = account()
    const store = new FileTokenStore({ path: join(dir, 'cfg', 'tiktok-publish', 'tokens.json') })
    const masked: string[] = []
    const tm = manager(store, masked)
    const token = await tm.accessTokenFor({ name: 'brand', ...APP, seedRefreshToken: a.refresh_token })

    const rotated = emu.currentRefreshToken(a.open_id)!
    watch.secret(rotated)
    expect(rotated).not.toBe(a.refresh_token)
    expect(await store.getRefreshToken('brand')).toBe(rotated)
    expect(masked).toEqual(expect.arrayContaining([a.refresh_token, rotated, token]))
    expect((await stat(store.path)).mode & 0o777).toBe(0o600)
    expect((await stat(join(dir, 'cfg', 'tiktok-publish'))).mode & 0o777).toBe(0o700)
    const onDisk = JSON.parse(await readFile(store.path, 'utf8'))
    expect(onDisk.accounts.brand.refresh_token).toBe(rotated)

    // The token works, and the old refresh token no longer does.
    const info = await client.creatorInfo(token)
    expect(info.nickname).toBe('Brand US')
    const dead = await rejection(client.refreshToken({ ...APP, refreshToken: a.refresh_token }), watch)
    expect(dead).toBeInstanceOf(TikTokAuthError)
    expect(dead.error).toBe('invalid_grant')
    expect(dead.grantDead).toBe(true)

    // A second ask reuses the token; a new run reads it from the store.
    expect(await tm.accessTokenFor({ name: 'brand', ...APP })).toBe(token)
    const nextRun = manager(store)
    expect(await nextRun.accessTokenFor({ name: 'brand', ...APP, seedRefreshToken: a.refresh_token })).toBe(token)
    expect(ledger('refresh').filter((e) => e.code === 'ok')).toHaveLength(1)

    // Close to expiry, it refreshes with the STORED token (the seed is dead by now).
    clock.advance(2 * 3600_000 - 4 * 60_000)
    const later = await nextRun.accessTokenFor({ name: 'brand', ...APP, seedRefreshToken: a.refresh_token })
    watch.secret(later)
    expect(later).not.toBe(token)
    expect(await store.getRefreshToken('brand')).toBe(emu.currentRefreshToken(a.open_id))
    expect((await client.userInfo(later)).openId).toBe(a.open_id)
  })

  it('serializes concurrent refreshes of one account into one', async () => {
    const a = account()
    const store = new FileTokenStore({ path: join(dir, 'tokens.json'), cacheAccessTokens: false })
    const tm = manager(store)
    const tokens = await Promise.all(
      Array.from({ length: 5 }, () => tm.accessTokenFor({ name: 'brand', ...APP, seedRefreshToken: a.refresh_token }))
    )
    expect(new Set(tokens).size).toBe(1)
    expect(ledger('refresh')).toHaveLength(1)
    expect(ledger('refresh')[0]!.code).toBe('ok')
    await client.creatorInfo(tokens[0]!)
  })

  it.each([
    ['with cached access tokens: the second takes the first\'s access token', true, 1],
    ['without: the second refreshes with the rotated token the first saved', false, 2]
  ])('two processes on one token store refresh one account one at a time (%s)', async (_name, cache, refreshes) => {
    const a = account()
    const path = join(dir, 'tokens.json')
    // two stores and two managers on one file: what two processes share
    const [one, two] = [new FileTokenStore({ path, cacheAccessTokens: cache }), new FileTokenStore({ path, cacheAccessTokens: cache })]
    const seed = { name: 'brand', ...APP, seedRefreshToken: a.refresh_token }
    const tokens = await Promise.all([manager(one).accessTokenFor(seed), manager(two).accessTokenFor(seed)])
    for (const t of tokens) watch.secret(t)
    // no rotated-away refresh token was ever presented
    expect(ledger('refresh').map((e) => e.code)).toEqual(Array(refreshes).fill('ok'))
    expect(await one.getRefreshToken('brand')).toBe(emu.currentRefreshToken(a.open_id))
    for (const t of tokens) expect((await client.userInfo(t)).openId).toBe(a.open_id)
    expect((await readdir(dir)).filter((f) => f.endsWith('.lock'))).toEqual([])
  })

  it('after invalid_grant, uses the newer refresh token another run saved meanwhile instead of asking for auth', async () => {
    const a = account()
    const path = join(dir, 'tokens.json')
    const file = new FileTokenStore({ path, cacheAccessTokens: false })
    let raced = false
    // a store without the refresh lock (as an older release has): another run
    // rotates the token between this run's read and its refresh
    const store: TokenStore = {
      getRefreshToken: async (name) => {
        const token = await file.getRefreshToken(name)
        if (!raced) {
          raced = true
          watch.secret(await manager(new FileTokenStore({ path, cacheAccessTokens: false })).accessTokenFor({ name, ...APP, seedRefreshToken: a.refresh_token }))
        }
        return token
      },
      saveRefreshToken: (name, token, meta) => file.saveRefreshToken(name, token, meta)
    }
    const token = await manager(store).accessTokenFor({ name: 'brand', ...APP, seedRefreshToken: a.refresh_token })
    watch.secret(token)
    expect(ledger('refresh').map((e) => e.code)).toEqual(['ok', 'invalid_grant', 'ok'])
    expect((await client.userInfo(token)).openId).toBe(a.open_id)
    expect(await file.getRefreshToken('brand')).toBe(emu.currentRefreshToken(a.open_id))
    expect(logger.lines.join('\n')).toMatch(/the token store now holds a newer one \(another run rotated it\)/)
  })

  it('returns no access token when the rotated refresh token cannot be saved', async () => {
    const a = account()
    const masked: string[] = []
    let saves = 0
    const store: TokenStore = {
      getRefreshToken: async () => undefined,
      saveRefreshToken: async () => {
        saves++
        throw new Error('disk full')
      }
    }
    const tm = manager(store, masked)
    const err = await rejection(tm.accessTokenFor({ name: 'brand', ...APP, seedRefreshToken: a.refresh_token }), watch)
    expect(err).toBeInstanceOf(UserError)
    expect(err.message).toMatch(/rotated the refresh token for brand but it could not be saved: disk full; the old token no longer works/)
    expect(err.fix).toContain('tiktok-publish auth --account brand')
    expect(saves).toBe(3)
    // The new token was masked even though it is lost, and nothing was cached.
    const rotated = emu.currentRefreshToken(a.open_id)!
    expect(masked).toContain(rotated)
    const again = await rejection(tm.accessTokenFor({ name: 'brand', ...APP, seedRefreshToken: a.refresh_token }), watch)
    expect(again).toBeInstanceOf(UserError)
    expect(again.message).toMatch(/invalid_grant/)
  })

  it('turns invalid_grant into a user error naming the account and the fix', async () => {
    account()
    const store = new FileTokenStore({ path: join(dir, 'tokens.json') })
    const err = await rejection(manager(store).accessTokenFor({ name: 'brand_br', ...APP, seedRefreshToken: watch.secret('rft.not-a-real-token-000') }), watch)
    expect(err).toBeInstanceOf(UserError)
    expect(err.message).toContain('brand_br')
    expect(err.fix).toContain('tiktok-publish auth --account brand_br')
  })

  it('warns when the refresh token expires within 14 days', async () => {
    await client.close()
    await emu.close()
    await setup({ refresh_token_ttl_sec: 10 * 86400 })
    const a = account()
    await manager(new FileTokenStore({ path: join(dir, 'tokens.json') })).accessTokenFor({ name: 'brand', ...APP, seedRefreshToken: a.refresh_token })
    expect(logger.lines.filter((l) => l.startsWith('warning:'))).toEqual([expect.stringMatching(/refresh token of TikTok account brand expires in 10 day/)])
  })

  it('retries a refresh only on an explicit server_error; a lost answer is ambiguous and not retried', async () => {
    const a = account()
    emu.inject({ endpoint: 'token', kind: 'http_error', status: 500 })
    const g = await client.refreshToken({ ...APP, refreshToken: a.refresh_token })
    watch.secret(g.accessToken)
    watch.secret(g.refreshToken)
    expect(g.openId).toBe(a.open_id)
    expect(g.scope).toEqual(expect.arrayContaining(['video.publish', 'video.upload']))
    expect(ledger('refresh').map((e) => e.code)).toEqual(['server_error', 'ok'])

    emu.inject({ endpoint: 'token', kind: 'drop' })
    const err = await rejection(client.refreshToken({ ...APP, refreshToken: g.refreshToken }), watch)
    expect(err).toBeInstanceOf(TikTokAuthError)
    expect(err.ambiguous).toBe(true)
    expect(err.transient).toBe(true)
    expect(ledger('refresh')).toHaveLength(3)
    // Why it must not be retried: TikTok rotated the token although we never saw the new one.
    expect(emu.currentRefreshToken(a.open_id)).not.toBe(g.refreshToken)
    watch.secret(emu.currentRefreshToken(a.open_id)!)
  })

  it('reports an expired access token as access_token_invalid, and invalidate() gets a new one', async () => {
    const a = account()
    const tm = manager(new FileTokenStore({ path: join(dir, 'tokens.json'), cacheAccessTokens: false }))
    const acct = { name: 'brand', ...APP, seedRefreshToken: a.refresh_token }
    const token = await tm.accessTokenFor(acct)
    // TikTok revoked it early (the cache still thinks it is valid).
    emu.inject({ endpoint: 'creator_info', kind: 'error_code', status: 401, code: 'access_token_invalid' })
    const err = await rejection(client.creatorInfo(token), watch)
    expect(err).toBeInstanceOf(TikTokApiError)
    expect(err.code).toBe('access_token_invalid')
    expect(err.retryable).toBe(false)
    expect(err.ambiguous).toBe(false)
    // what to do is the rulebook's word, said once by whoever reports it; the client only names the code
    expect(classifyErrorCode(err.code).advice).toMatch(/refreshed/)
    tm.invalidate('brand')
    const fresh = await tm.accessTokenFor(acct)
    watch.secret(fresh)
    expect(fresh).not.toBe(token)
  })
  it('withAccessToken refreshes once when TikTok calls the cached token invalid, bypassing the stale stored copy', async () => {
    const a = account()
    const store = new FileTokenStore({ path: join(dir, 'tokens.json') })
    const acct = { name: 'brand', ...APP, seedRefreshToken: a.refresh_token }
    const first = await manager(store).accessTokenFor(acct)
    const tm = manager(store)
    emu.inject({ endpoint: 'creator_info', kind: 'error_code', status: 401, code: 'access_token_invalid' })
    const used: string[] = []
    const info = await tm.withAccessToken(acct, (t) => {
      used.push(t)
      return client.creatorInfo(t)
    })
    expect(info.nickname).toBe('Brand US')
    expect(used).toHaveLength(2)
    expect(used[0]).toBe(first)
    expect(used[1]).not.toBe(first)
    watch.secret(used[1]!)
    expect(ledger('refresh').filter((e) => e.code === 'ok')).toHaveLength(2)
    expect((await store.getAccessToken('brand'))!.token).toBe(used[1])
  })

  it('masks and saves the rotated token before the access token is handed out', async () => {
    const a = account()
    const events: string[] = []
    const inner = new FileTokenStore({ path: join(dir, 'tokens.json') })
    const store: TokenStore = {
      getRefreshToken: (n) => inner.getRefreshToken(n),
      saveRefreshToken: async (n, t, m) => {
        events.push(`save:${t === emu.currentRefreshToken(a.open_id)}`)
        await inner.saveRefreshToken(n, t, m)
      }
    }
    const tm = new TokenManager({ client, store, clock, logger, onSecret: (v) => events.push(`mask:${v === a.refresh_token ? 'old-refresh' : v === emu.currentRefreshToken(a.open_id) ? 'new-refresh' : 'access'}`) })
    const token = await tm.accessTokenFor({ name: 'brand', ...APP, seedRefreshToken: a.refresh_token })
    watch.secret(token)
    watch.secret(emu.currentRefreshToken(a.open_id)!)
    events.push('returned')
    expect(events).toEqual(['mask:old-refresh', 'mask:access', 'mask:new-refresh', 'save:true', 'returned'])
  })
})

describe('posting against the emulator', () => {
  async function video(size: number): Promise<{ path: string; sha256: string }> {
    const path = join(dir, 'clip.mp4')
    const bytes = randomBytes(size)
    await writeFile(path, bytes)
    return { path, sha256: createHash('sha256').update(bytes).digest('hex') }
  }

  it('uploads an 11 MB file in chunks to 201, reaches PUBLISH_COMPLETE, and keeps int64 ids exact', async () => {
    const a = account()
    const size = 11 * MiB + 12_345
    const v = await video(size)
    const info = await client.creatorInfo(a.access_token)
    expect(info.privacyLevelOptions).toContain('PUBLIC_TO_EVERYONE')
    const plan = planChunks(size, 5 * MiB)
    expect(plan.totalChunkCount).toBe(2)
    const init = await client.initDirectPost(a.access_token, {
      postInfo: { title: 'Hello #tiktok', privacyLevel: 'PUBLIC_TO_EVERYONE', disableComment: true, disableDuet: true, disableStitch: true },
      sourceInfo: { source: 'FILE_UPLOAD', videoSize: size, chunkSize: plan.chunkSize, totalChunkCount: plan.totalChunkCount }
    })
    expect(init.publishId).toMatch(/^v_pub_file~/)
    expect(init.uploadUrl).toBeDefined()
    const progress: number[] = []
    const result = await uploadFile({
      uploadUrl: init.uploadUrl!,
      filePath: v.path,
      size,
      mimeType: 'video/mp4',
      chunkPlan: plan,
      clock,
      onProgress: (n) => progress.push(n)
    })
    expect(result).toEqual({ requests: 2, resumed: false })
    expect(progress).toEqual([5 * MiB, size])
    const post = emu.posts().find((p) => p.publish_id === init.publishId)!
    expect(post.sha256).toBe(v.sha256)
    expect(post.title).toBe('Hello #tiktok')

    let status = await client.fetchStatus(a.access_token, init.publishId)
    for (let i = 0; i < 5 && status.status !== 'PUBLISH_COMPLETE'; i++) status = await client.fetchStatus(a.access_token, init.publishId)
    expect(status.status).toBe('PUBLISH_COMPLETE')
    const videoId = emu.posts().find((p) => p.publish_id === init.publishId)!.video_id!
    expect(BigInt(videoId)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER))
    expect(status.publicPostIds).toEqual([videoId])

    const list = await client.listVideos(a.access_token, { maxCount: 20 })
    expect(list.videos.map((x) => x.id)).toEqual([videoId])
    expect(list.videos[0]!.shareUrl).toContain(videoId)
    const queried = await client.queryVideos(a.access_token, [videoId])
    expect(queried.map((x) => x.id)).toEqual([videoId])
  })

  it('sends an inbox upload that ends in SEND_TO_USER_INBOX', async () => {
    const a = account()
    const size = 1_000_000
    const v = await video(size)
    const plan = planChunks(size)
    const init = await client.initInboxUpload(a.access_token, {
      sourceInfo: { source: 'FILE_UPLOAD', videoSize: size, chunkSize: plan.chunkSize, totalChunkCount: plan.totalChunkCount }
    })
    await uploadFile({ uploadUrl: init.uploadUrl!, filePath: v.path, size, mimeType: 'video/mp4', chunkPlan: plan, clock })
    let status = await client.fetchStatus(a.access_token, init.publishId)
    for (let i = 0; i < 5 && status.status.startsWith('PROCESSING'); i++) status = await client.fetchStatus(a.access_token, init.publishId)
    expect(status.status).toBe('SEND_TO_USER_INBOX')
    expect(status.publicPostIds).toEqual([])
  })

  it('repeats a chunk refused with 503 or 429 and completes the upload', async () => {
    const a = account()
    const size = 16 * MiB
    const v = await video(size)
    const plan = planChunks(size, 5 * MiB)
    const init = await client.initDirectPost(a.access_token, {
      postInfo: { privacyLevel: 'SELF_ONLY' },
      sourceInfo: { source: 'FILE_UPLOAD', videoSize: size, chunkSize: plan.chunkSize, totalChunkCount: plan.totalChunkCount }
    })
    // (A dropped chunk answer, which makes the retry meet a 416, is tested against
    // a scripted server: the emulator closes the socket on early answers, which
    // races with a streamed body and shows up as EPIPE instead of the 416.)
    inSequence([
      { endpoint: 'chunk', kind: 'http_error', status: 503 },
      { endpoint: 'chunk', kind: 'rate_limit', retry_after_sec: 4 }
    ])
    const result = await uploadFile({ uploadUrl: init.uploadUrl!, filePath: v.path, size, mimeType: 'video/mp4', chunkPlan: plan, clock, random: () => 0.5, logger })
    expect(result.requests).toBe(5)
    expect(ledger('chunk').map((e) => e.code)).toEqual(['internal_error', 'rate_limit_exceeded', 'ok', 'ok', 'ok'])
    expect(emu.posts()[0]!.sha256).toBe(v.sha256)
  })

  it('stops with a typed error when the upload_url expired', async () => {
    const a = account()
    // Small, so the emulator's early answer cannot race the body (see above).
    const size = 100_000
    const v = await video(size)
    const plan = planChunks(size)
    const init = await client.initDirectPost(a.access_token, {
      postInfo: { privacyLevel: 'SELF_ONLY' },
      sourceInfo: { source: 'FILE_UPLOAD', videoSize: size, chunkSize: plan.chunkSize, totalChunkCount: plan.totalChunkCount }
    })
    clock.advance(3600_000 + 1000)
    const err = await rejection(uploadFile({ uploadUrl: init.uploadUrl!, filePath: v.path, size, mimeType: 'video/mp4', chunkPlan: plan, clock }), watch)
    expect(err).toBeInstanceOf(UploadUrlExpiredError)
    expect(err.message).toBe('upload_url expired (it lives one hour): the post must be initiated again.')
    expect(err.retryable).toBe(false)
    expect(err.message).not.toContain(init.uploadUrl)
  })

  it('survives 500, 429, a drop and malformed JSON on status', async () => {
    const a = account()
    const init = await client.initDirectPost(a.access_token, {
      postInfo: { privacyLevel: 'SELF_ONLY' },
      sourceInfo: { source: 'FILE_UPLOAD', videoSize: 1000, chunkSize: 1000, totalChunkCount: 1 }
    })
    inSequence([
      { endpoint: 'status', kind: 'http_error', status: 500 },
      { endpoint: 'status', kind: 'rate_limit', retry_after_sec: 3 },
      { endpoint: 'status', kind: 'drop' },
      { endpoint: 'status', kind: 'malformed_json' }
    ])
    const s = await client.fetchStatus(a.access_token, init.publishId)
    expect(s.status).toBe('PROCESSING_UPLOAD')
    expect(ledger('status')).toHaveLength(5)
    expect(clock.sleeps).toContain(3000)
    expect(logger.lines.filter((l) => l.includes('retrying'))).toHaveLength(4)
  })

  it('gives up on status after the configured attempts, as a retryable error', async () => {
    const a = account()
    const c = new TikTokClient({ baseUrl: emu.url, clock, random: () => 0, retry: { attempts: 3 } })
    emu.inject({ endpoint: 'status', kind: 'http_error', status: 502, times: 100 })
    const err = await rejection(c.fetchStatus(a.access_token, 'v_pub_file~v2-1.1'), watch)
    await c.close()
    expect(err).toBeInstanceOf(TikTokApiError)
    expect(err.retryable).toBe(true)
    expect(err.ambiguous).toBe(false)
    expect(err.httpStatus).toBe(502)
    expect(ledger('status')).toHaveLength(3)
  })

  it('repeats a FILE_UPLOAD init after a 500, a drop, a malformed answer or a proxy page; the unanswered ones never get a byte', async () => {
    const a = account()
    const body = {
      postInfo: { privacyLevel: 'SELF_ONLY' },
      sourceInfo: { source: 'FILE_UPLOAD' as const, videoSize: 1000, chunkSize: 1000, totalChunkCount: 1 }
    }
    const kept: string[] = []
    for (const [i, fault] of ([
      { endpoint: 'init', kind: 'http_error', status: 500 },
      { endpoint: 'init', kind: 'drop' },
      { endpoint: 'init', kind: 'malformed_json' },
      { endpoint: 'init', kind: 'html_page' }
    ] as const).entries()) {
      emu.inject(fault)
      const init = await client.initDirectPost(a.access_token, body)
      kept.push(init.publishId)
      expect(ledger('init')).toHaveLength(2 * (i + 1))
    }
    // the dropped, malformed and proxied ones did create posts at TikTok, but
    // their upload_url never arrived: they stay without a byte and never publish
    const lost = emu.posts().filter((p) => !kept.includes(p.publish_id))
    expect(lost).toHaveLength(3)
    expect(lost.every((p) => p.bytes_received === 0 && p.status === 'PROCESSING_UPLOAD')).toBe(true)
  })

  it('does not retry a PULL_FROM_URL init after a 500, a drop or a malformed answer: one init each, flagged ambiguous', async () => {
    emu.addApp({ client_key: 'pull_app', client_secret: 'pull_app_secret', pull_prefixes: ['https://cdn.example.com/'] })
    const a = emu.addAccount({ app: 'pull_app' })
    const body = {
      postInfo: { privacyLevel: 'SELF_ONLY' },
      sourceInfo: { source: 'PULL_FROM_URL' as const, videoUrl: 'https://cdn.example.com/a.mp4' }
    }
    for (const [i, fault] of ([
      { endpoint: 'init', kind: 'http_error', status: 500 },
      { endpoint: 'init', kind: 'drop' },
      { endpoint: 'init', kind: 'malformed_json' }
    ] as const).entries()) {
      emu.inject(fault)
      const err = await rejection(client.initDirectPost(a.access_token, body), watch)
      expect(err).toBeInstanceOf(TikTokApiError)
      expect(err.ambiguous).toBe(true)
      expect(err.retryable).toBe(false)
      expect(err.endpoint).toBe('video_init')
      expect(err.message).toMatch(/may or may not have been created/)
      expect(ledger('init')).toHaveLength(i + 1)
    }
    // The dropped and the malformed ones did create posts: a retry would have doubled them.
    expect(emu.posts().filter((p) => p.open_id === a.open_id)).toHaveLength(2)
  })

  it('retries an init refused with 429, and a definite refusal is not ambiguous', async () => {
    const a = account()
    const body = {
      postInfo: { privacyLevel: 'SELF_ONLY' },
      sourceInfo: { source: 'FILE_UPLOAD' as const, videoSize: 1000, chunkSize: 1000, totalChunkCount: 1 }
    }
    emu.inject({ endpoint: 'init', kind: 'rate_limit', retry_after_sec: 2 })
    await client.initDirectPost(a.access_token, body)
    expect(ledger('init').map((e) => e.code)).toEqual(['rate_limit_exceeded', 'ok'])
    expect(emu.posts()).toHaveLength(1)
    expect(clock.sleeps).toContain(2000)

    emu.inject({ endpoint: 'init', kind: 'error_code', status: 403, code: 'spam_risk_too_many_posts' })
    const err = await rejection(client.initDirectPost(a.access_token, body), watch)
    expect(err.code).toBe('spam_risk_too_many_posts')
    expect(err.ambiguous).toBe(false)
    expect(err.httpStatus).toBe(403)
    expect(err.logId).toBeTruthy()
    expect(err.message).toContain(err.logId)
  })

  it('paces inits to 6 a minute so the emulator never refuses one', async () => {
    const a = emu.addAccount({ daily_post_cap: 100 })
    watch.secret(a.access_token)
    const t0 = clock.ms
    for (let i = 0; i < 16; i++) {
      await client.initDirectPost(a.access_token, {
        postInfo: { privacyLevel: 'SELF_ONLY' },
        sourceInfo: { source: 'FILE_UPLOAD', videoSize: 1000, chunkSize: 1000, totalChunkCount: 1 }
      })
    }
    const inits = ledger('init')
    expect(inits).toHaveLength(16)
    expect(inits.every((e) => e.code === 'ok')).toBe(true)
    expect(clock.ms - t0).toBe(120_000)
  })
})
