import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  cacheKeyPrefix,
  createActionsAccessTokenCache,
  decryptAccessToken,
  deriveCacheKey,
  encryptAccessToken,
  type CacheService
} from '../../src/action/token-cache.js'
import { MemoryLogger } from '../../src/logger.js'
import { directoryCache } from './directory-cache.js'
import { freePort, LeakWatch } from '../tiktok/helpers.js'

const watch = new LeakWatch()
const SECRET = watch.secret('client-secret-of-the-app-0001')
const TOKEN = watch.secret('act.cached-access-token-000000001')
const EXP = new Date('2026-11-26T12:00:00Z')
let dir: string
const loggers: MemoryLogger[] = []

function logger(): MemoryLogger {
  const l = new MemoryLogger()
  loggers.push(l)
  return l
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tiktok-token-cache-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})
afterAll(() => {
  for (const l of loggers) watch.lines(l.lines)
  expect(watch.count).toBeGreaterThan(0)
  expect(watch.leaks()).toEqual([])
})

describe('access token encryption', () => {
  const key = deriveCacheKey(SECRET, 'brand-us')

  it('round-trips and keeps the token out of the entry', () => {
    const entry = encryptAccessToken(key, 'brand-us', TOKEN, EXP)
    expect(JSON.stringify(entry)).not.toContain(TOKEN)
    expect(JSON.stringify(entry)).not.toContain(SECRET)
    expect(Object.keys(entry).sort()).toEqual(['ciphertext', 'expiresAt', 'iv', 'tag', 'v'])
    expect(decryptAccessToken(key, 'brand-us', entry)).toEqual({ token: TOKEN, expiresAt: EXP })
    // A fresh IV every time.
    expect(encryptAccessToken(key, 'brand-us', TOKEN, EXP).iv).not.toBe(entry.iv)
  })

  it('derives the key with HKDF-SHA256 from the client secret, the fixed salt and the account', async () => {
    const { hkdfSync } = await import('node:crypto')
    expect(key.equals(Buffer.from(hkdfSync('sha256', SECRET, 'tiktok-publish access-token cache v1', 'brand-us', 32)))).toBe(true)
    expect(key).toHaveLength(32)
    expect(deriveCacheKey(SECRET, 'brand-br').equals(key)).toBe(false)
  })

  it('does not open with another client secret or for another account', () => {
    const entry = encryptAccessToken(key, 'brand-us', TOKEN, EXP)
    expect(decryptAccessToken(deriveCacheKey('another-client-secret-0002', 'brand-us'), 'brand-us', entry)).toBeUndefined()
    expect(decryptAccessToken(deriveCacheKey(SECRET, 'brand-br'), 'brand-br', entry)).toBeUndefined()
    // Right key, wrong account label: the account is authenticated data too.
    expect(decryptAccessToken(key, 'brand-br', entry)).toBeUndefined()
  })

  it('keeps the granted scopes sealed with the token; an entry of one kind never opens as the other', () => {
    const scopes = ['user.info.basic', 'video.publish']
    const entry = encryptAccessToken(key, 'brand-us', TOKEN, EXP, scopes)
    expect(entry.v).toBe(2)
    expect(JSON.stringify(entry)).not.toContain(TOKEN)
    expect(JSON.stringify(entry)).not.toContain('video.publish')
    expect(decryptAccessToken(key, 'brand-us', entry)).toEqual({ token: TOKEN, expiresAt: EXP, scopes })
    // a sealed scope list cannot be passed off as a bare token, nor a bare token as a scope list
    expect(decryptAccessToken(key, 'brand-us', { ...entry, v: 1 })).toBeUndefined()
    expect(decryptAccessToken(key, 'brand-us', { ...encryptAccessToken(key, 'brand-us', TOKEN, EXP), v: 2 })).toBeUndefined()
    expect(decryptAccessToken(key, 'brand-br', entry)).toBeUndefined()
  })

  it('refuses any tampering, including a longer life', () => {
    const entry = encryptAccessToken(key, 'brand-us', TOKEN, EXP)
    const flip = (b64: string) => {
      const b = Buffer.from(b64, 'base64')
      b[0] = b[0]! ^ 1
      return b.toString('base64')
    }
    expect(decryptAccessToken(key, 'brand-us', { ...entry, ciphertext: flip(entry.ciphertext) })).toBeUndefined()
    expect(decryptAccessToken(key, 'brand-us', { ...entry, tag: flip(entry.tag) })).toBeUndefined()
    expect(decryptAccessToken(key, 'brand-us', { ...entry, iv: flip(entry.iv) })).toBeUndefined()
    expect(decryptAccessToken(key, 'brand-us', { ...entry, expiresAt: '2027-11-26T12:00:00.000Z' })).toBeUndefined()
  })

  it('treats garbage as a miss, never a crash', () => {
    for (const junk of [undefined, null, 42, 'x', {}, { v: 1 }, { v: 1, iv: 'AA', tag: 'AA', ciphertext: 'AA', expiresAt: 'soon' }, { v: 2 }]) {
      expect(decryptAccessToken(key, 'brand-us', junk)).toBeUndefined()
    }
  })
})

describe('cache keys', () => {
  it('name repository, account and app by a hash, never by the values', () => {
    const p = cacheKeyPrefix('acme/videos', 'brand-us', 'aw1234clientkey')
    expect(p).toMatch(/^tiktok-publish-token-[0-9a-f]{16}-$/)
    expect(cacheKeyPrefix('acme/videos', 'brand-us', 'aw1234clientkey')).toBe(p)
    expect(new Set([p, cacheKeyPrefix('acme/other', 'brand-us', 'aw1234clientkey'), cacheKeyPrefix('acme/videos', 'brand-br', 'aw1234clientkey'), cacheKeyPrefix('acme/videos', 'brand-us', 'other')]).size).toBe(4)
  })
})

describe('createActionsAccessTokenCache', () => {
  const credentials = (account: string) => (account === 'brand-us' ? { clientKey: 'aw1234clientkey', clientSecret: SECRET } : undefined)

  it('a later run restores the newest entry of the account; the stored bytes hold no token', async () => {
    const service = directoryCache(join(dir, 'service'))
    const now = () => new Date('2026-11-25T12:00:00Z')
    const run1 = createActionsAccessTokenCache({ repo: 'acme/videos', credentials, logger: logger(), dir: join(dir, 'run1'), runId: '100.1', service, now })
    await run1.put('brand-us', watch.secret('act.older-token-0000000000001'), new Date('2026-11-26T10:00:00Z'))
    await run1.put('brand-us', TOKEN, EXP)
    expect(service.keys).toHaveLength(2)
    for (const k of service.keys) expect(k.startsWith(cacheKeyPrefix('acme/videos', 'brand-us', 'aw1234clientkey'))).toBe(true)
    // Nothing is left on the runner's disk.
    expect(await readdir(join(dir, 'run1'))).toEqual([])
    for (const f of await readdir(join(dir, 'service'))) expect(await readFile(join(dir, 'service', f), 'utf8')).not.toContain('act.')

    const run2 = createActionsAccessTokenCache({ repo: 'acme/videos', credentials, logger: logger(), dir: join(dir, 'run2'), runId: '101.1', service, now })
    expect(await run2.get('brand-us')).toEqual({ token: TOKEN, expiresAt: EXP })
    expect(await run2.get('unknown-account')).toBeUndefined()
  })

  it('the scopes granted with the token come back with it in a later run', async () => {
    const service = directoryCache(join(dir, 'service'))
    const now = () => new Date('2026-11-25T12:00:00Z')
    const run1 = createActionsAccessTokenCache({ repo: 'acme/videos', credentials, logger: logger(), dir: join(dir, 'run1'), runId: '100.1', service, now })
    await run1.put('brand-us', TOKEN, EXP, ['video.publish', 'video.list'])
    const run2 = createActionsAccessTokenCache({ repo: 'acme/videos', credentials, logger: logger(), dir: join(dir, 'run2'), runId: '101.1', service, now })
    expect(await run2.get('brand-us')).toEqual({ token: TOKEN, expiresAt: EXP, scopes: ['video.publish', 'video.list'] })
  })

  it('an expired entry, or one sealed with an old client secret, is a miss', async () => {
    const service = directoryCache(join(dir, 'service'))
    const old = createActionsAccessTokenCache({ repo: 'acme/videos', credentials: () => ({ clientKey: 'aw1234clientkey', clientSecret: 'rotated-away-secret-0003' }), logger: logger(), dir, runId: '1.1', service })
    await old.put('brand-us', TOKEN, EXP)
    const l = logger()
    const fresh = createActionsAccessTokenCache({ repo: 'acme/videos', credentials, logger: l, dir, runId: '2.1', service, now: () => new Date('2026-11-25T12:00:00Z') })
    expect(await fresh.get('brand-us')).toBeUndefined()
    expect(l.lines.join('\n')).toContain('does not open')

    await fresh.put('brand-us', TOKEN, EXP)
    const later = createActionsAccessTokenCache({ repo: 'acme/videos', credentials, logger: logger(), dir, runId: '3.1', service, now: () => new Date('2026-11-26T12:00:01Z') })
    expect(await later.get('brand-us')).toBeUndefined()
  })

  it('without a cache service (isFeatureAvailable false): one info line, no throw, misses', async () => {
    const l = logger()
    let calls = 0
    const service: CacheService = {
      isFeatureAvailable: () => false,
      restoreCache: async () => (calls++, undefined),
      saveCache: async () => (calls++, 1)
    }
    const c = createActionsAccessTokenCache({ repo: 'acme/videos', credentials, logger: l, dir, service })
    expect(await c.get('brand-us')).toBeUndefined()
    await c.put('brand-us', TOKEN, EXP)
    expect(await c.get('brand-us')).toBeUndefined()
    expect(calls).toBe(0)
    expect(l.lines).toHaveLength(1)
    expect(l.lines[0]).toMatch(/not cached between runs \(no Actions cache service/)
  })

  it('with a stand-in that lacks isFeatureAvailable and fails: one info line, no throw', async () => {
    const l = logger()
    const service: CacheService = {
      restoreCache: async () => {
        throw new Error('Cache service responded with 400 at https://blob.example/x?sig=SECRETSIG')
      },
      saveCache: async () => {
        throw new Error('boom')
      }
    }
    const c = createActionsAccessTokenCache({ repo: 'acme/videos', credentials, logger: l, dir, service })
    expect(await c.get('brand-us')).toBeUndefined()
    await c.put('brand-us', TOKEN, EXP)
    expect(l.lines).toHaveLength(1)
    expect(l.lines[0]).toContain('the Actions cache failed: Error: Cache service responded with 400')
    expect(l.lines[0]).not.toContain('SECRETSIG')
  })

  it('writes its entry at one path whatever $RUNNER_TEMP says, since the path is part of the cache version', async () => {
    const saved = process.env.RUNNER_TEMP
    const service = directoryCache(join(dir, 'service'))
    const now = () => new Date('2026-11-25T12:00:00Z')
    try {
      // two runners whose $RUNNER_TEMP differ, as self-hosted runners' do
      process.env.RUNNER_TEMP = join(dir, 'runner-a')
      await createActionsAccessTokenCache({ repo: 'acme/videos', credentials, logger: logger(), runId: '1.1', service, now }).put('brand-us', TOKEN, EXP)
      process.env.RUNNER_TEMP = join(dir, 'runner-b')
      expect(await createActionsAccessTokenCache({ repo: 'acme/videos', credentials, logger: logger(), runId: '2.1', service, now }).get('brand-us')).toEqual({ token: TOKEN, expiresAt: EXP })
    } finally {
      if (saved === undefined) delete process.env.RUNNER_TEMP
      else process.env.RUNNER_TEMP = saved
    }
    expect(service.paths).toHaveLength(2)
    expect(new Set(service.paths).size).toBe(1)
    expect(service.paths[0]!.startsWith(join(tmpdir(), 'tiktok-publish-token-cache'))).toBe(true)
  })

  describe('the real @actions/cache', () => {
    const saved = { ...process.env }
    afterEach(() => {
      for (const k of ['ACTIONS_CACHE_URL', 'ACTIONS_RESULTS_URL', 'ACTIONS_CACHE_SERVICE_V2', 'ACTIONS_RUNTIME_TOKEN']) {
        if (saved[k] === undefined) delete process.env[k]
        else process.env[k] = saved[k]
      }
    })

    it('outside GitHub Actions: one info line, no throw', async () => {
      for (const k of ['ACTIONS_CACHE_URL', 'ACTIONS_RESULTS_URL', 'ACTIONS_CACHE_SERVICE_V2']) delete process.env[k]
      const l = logger()
      const c = createActionsAccessTokenCache({ repo: 'acme/videos', credentials, logger: l, dir })
      expect(await c.get('brand-us')).toBeUndefined()
      await c.put('brand-us', TOKEN, EXP)
      expect(l.lines).toEqual(['Access tokens are not cached between runs (no Actions cache service is available to this run); each run refreshes them instead.'])
    })

    it('with a cache service that cannot be reached: misses and carries on', async () => {
      const port = await freePort()
      process.env.ACTIONS_CACHE_SERVICE_V2 = 'true'
      process.env.ACTIONS_RESULTS_URL = `http://127.0.0.1:${port}/`
      process.env.ACTIONS_RUNTIME_TOKEN = 'runtime-token-for-test'
      const l = logger()
      const c = createActionsAccessTokenCache({ repo: 'acme/videos', credentials, logger: l, dir })
      const out: string[] = []
      const write = process.stdout.write.bind(process.stdout)
      // @actions/cache reports through workflow commands on stdout; keep them off the test output.
      process.stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof process.stdout.write
      try {
        expect(await c.get('brand-us')).toBeUndefined()
        await c.put('brand-us', TOKEN, EXP)
      } finally {
        process.stdout.write = write
      }
      watch.lines(out)
      // The real client went to the local address and failed there.
      expect(out.join('')).toContain(`http://127.0.0.1:${port}/twirp/`)
      expect(l.lines).toEqual(['Access tokens are not cached between runs (the Actions cache did not accept the entry); each run refreshes them instead.'])
      expect(await readdir(dir)).toEqual([])
    })
  })
})
