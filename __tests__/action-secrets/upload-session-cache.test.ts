import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CacheService } from '../../src/action/token-cache.js'
import { decryptAccessToken, deriveCacheKey } from '../../src/action/token-cache.js'
import { createActionsUploadSessions, deriveSessionKey, openSessions, sealSessions, uploadSessionKeyPrefix } from '../../src/action/upload-session-cache.js'
import { MemoryLogger } from '../../src/logger.js'
import { directoryCache } from './directory-cache.js'

const SECRET = 'client-secret-of-the-app-0001'
const URL_ = 'https://open-upload.tiktokapis.com/video/?upload_id=1&upload_token=secret-token'
const NOW = new Date('2026-11-25T12:00:00Z')
const LATER = '2026-11-25T13:00:00.000Z'
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tiktok-upload-sessions-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('sealed upload sessions', () => {
  const key = deriveSessionKey(SECRET, 'brand-us')
  const set = { p_1: { uploadUrl: URL_, expiresAt: LATER, bytesSent: 5 } }

  it('round-trip; nothing readable in the entry; another secret, account or a flipped bit opens nothing', () => {
    const sealed = sealSessions(key, 'brand-us', set)
    expect(JSON.stringify(sealed)).not.toContain('upload')
    expect(openSessions(key, 'brand-us', sealed)).toEqual(set)
    expect(openSessions(deriveSessionKey('another-secret', 'brand-us'), 'brand-us', sealed)).toBeUndefined()
    expect(openSessions(key, 'brand-br', sealed)).toBeUndefined()
    const b = Buffer.from(sealed.ciphertext, 'base64')
    b[0] ^= 1
    expect(openSessions(key, 'brand-us', { ...sealed, ciphertext: b.toString('base64') })).toBeUndefined()
    for (const junk of [undefined, null, 'x', {}, { v: 1 }]) expect(openSessions(key, 'brand-us', junk)).toBeUndefined()
  })

  it('one cache\'s key never opens the other\'s entry, though both derive from the same client secret', () => {
    const sealed = sealSessions(key, 'brand-us', set)
    expect(deriveCacheKey(SECRET, 'brand-us').equals(key)).toBe(false)
    expect(openSessions(deriveCacheKey(SECRET, 'brand-us'), 'brand-us', sealed)).toBeUndefined()
    // a session entry dressed as an access-token entry does not open either: the associated data differ
    expect(decryptAccessToken(key, 'brand-us', { ...sealed, v: 1, expiresAt: LATER })).toBeUndefined()
  })

  it('the cache key names repository, account and app by a hash only', () => {
    const p = uploadSessionKeyPrefix('acme/videos', 'brand-us', 'aw1234clientkey')
    expect(p).toMatch(/^tiktok-publish-upload-[0-9a-f]{16}-$/)
    expect(p).not.toBe(uploadSessionKeyPrefix('acme/videos', 'brand-br', 'aw1234clientkey'))
  })
})

describe('createActionsUploadSessions', () => {
  const credentials = (account: string) => (account === 'brand-us' ? { clientKey: 'aw1234clientkey', clientSecret: SECRET } : undefined)

  it('a later job finds the session the dead job saved, and not once it was deleted or expired', async () => {
    const service = directoryCache(join(dir, 'service'))
    const job1 = createActionsUploadSessions({ repo: 'acme/videos', credentials, logger: new MemoryLogger(), dir: join(dir, 'run1'), runId: '1.1', service, now: () => NOW })
    await job1.put('p_1', { uploadUrl: URL_, expiresAt: LATER }, 'brand-us')
    expect(service.keys).toHaveLength(1)
    expect(await readdir(join(dir, 'run1'))).toEqual([])

    const job2 = createActionsUploadSessions({ repo: 'acme/videos', credentials, logger: new MemoryLogger(), dir: join(dir, 'run2'), runId: '2.1', service, now: () => NOW })
    expect(await job2.get('p_1', 'brand-us')).toEqual({ uploadUrl: URL_, expiresAt: LATER })
    expect(await job2.get('p_1')).toBeUndefined()
    await job2.delete('p_1', 'brand-us')
    const job3 = createActionsUploadSessions({ repo: 'acme/videos', credentials, logger: new MemoryLogger(), dir: join(dir, 'run3'), runId: '3.1', service, now: () => NOW })
    expect(await job3.get('p_1', 'brand-us')).toBeUndefined()

    await job3.put('p_2', { uploadUrl: URL_, expiresAt: LATER }, 'brand-us')
    const expired = createActionsUploadSessions({ repo: 'acme/videos', credentials, logger: new MemoryLogger(), dir: join(dir, 'run4'), runId: '4.1', service, now: () => new Date(LATER) })
    expect(await expired.get('p_2', 'brand-us')).toBeUndefined()
  })

  it('progress is kept with a later save, without waiting for it', async () => {
    const service = directoryCache(join(dir, 'service'))
    const job = createActionsUploadSessions({ repo: 'acme/videos', credentials, logger: new MemoryLogger(), dir: join(dir, 'run'), runId: '1.1', service, now: () => NOW })
    await job.put('p_1', { uploadUrl: URL_, expiresAt: LATER }, 'brand-us')
    job.progress!('p_1', 5_242_880, 'brand-us')
    await job.put('p_2', { uploadUrl: URL_, expiresAt: LATER }, 'brand-us')
    const last = service.keys[service.keys.length - 1]!
    await copyFile(join(dir, 'service', encodeURIComponent(last)), join(dir, 'entry.json'))
    const { readFile } = await import('node:fs/promises')
    const opened = openSessions(deriveSessionKey(SECRET, 'brand-us'), 'brand-us', JSON.parse(await readFile(join(dir, 'entry.json'), 'utf8')))
    expect(opened?.p_1.bytesSent).toBe(5_242_880)
    expect(opened?.p_2.bytesSent).toBe(0)
  })

  it('a stand-in without isFeatureAvailable that fails, or no cache at all: one info line, misses, no throw', async () => {
    const l = new MemoryLogger()
    const service: CacheService = {
      restoreCache: async () => {
        throw new Error('Cache service responded with 400 at https://blob.example/x?sig=SECRETSIG')
      },
      saveCache: async () => {
        throw new Error('boom')
      }
    }
    const s = createActionsUploadSessions({ repo: 'acme/videos', credentials, logger: l, dir, service })
    await s.put('p_1', { uploadUrl: URL_, expiresAt: LATER }, 'brand-us')
    expect(await s.get('p_1', 'brand-us')).toBeUndefined()
    expect(l.lines).toHaveLength(1)
    expect(l.lines[0]).toContain('Upload sessions are not kept between jobs (the Actions cache failed: Error: Cache service responded with 400')
    expect(l.lines[0]).not.toContain('SECRETSIG')

    const none = new MemoryLogger()
    let calls = 0
    const off = createActionsUploadSessions({ repo: 'acme/videos', credentials, logger: none, dir, service: { isFeatureAvailable: () => false, restoreCache: async () => (calls++, undefined), saveCache: async () => (calls++, 1) } })
    await off.put('p_1', { uploadUrl: URL_, expiresAt: LATER }, 'brand-us')
    expect(await off.get('p_1', 'brand-us')).toBeUndefined()
    expect(calls).toBe(0)
    expect(none.lines).toEqual(['Upload sessions are not kept between jobs (no Actions cache service is available to this run); a job that dies mid-upload is finished once its upload URL expires instead.'])
  })
})
