import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'undici'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { UserError } from '../../src/errors.js'
import { MemoryLogger } from '../../src/logger.js'
import { TikTokClient } from '../../src/tiktok/client.js'
import { TikTokAuthError } from '../../src/tiktok/errors.js'
import { buildAuthorizeUrl, createPkce, defaultTokenStorePath, FileTokenStore, pkceChallenge, TokenManager } from '../../src/tiktok/tokens.js'
import { FakeClock, LeakWatch, rejection } from './helpers.js'

const watch = new LeakWatch()
watch.secret('emu_client_secret')
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tiktok-tokens-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})
afterAll(() => {
  expect(watch.count).toBeGreaterThan(0)
  expect(watch.leaks()).toEqual([])
})

describe('FileTokenStore', () => {
  it('lives outside the repository: $TIKTOK_PUBLISH_TOKEN_STORE, else the user config dir', () => {
    expect(defaultTokenStorePath({ TIKTOK_PUBLISH_TOKEN_STORE: '/x/t.json' })).toBe('/x/t.json')
    expect(defaultTokenStorePath({ XDG_CONFIG_HOME: '/home/u/.cfg' })).toBe('/home/u/.cfg/tiktok-publish/tokens.json')
    expect(defaultTokenStorePath({})).toMatch(/\.config\/tiktok-publish\/tokens\.json$/)
  })

  it('keeps tokens per account in a 0600 file written atomically, leaving no temp files', async () => {
    const path = join(dir, 'deep', 'tokens.json')
    const store = new FileTokenStore({ path })
    const a = watch.secret('rft.account-a-000000000001')
    const b = watch.secret('rft.account-b-000000000002')
    const exp = new Date('2027-05-01T00:00:00Z')
    await Promise.all([store.saveRefreshToken('a', a, { expiresAt: exp }), store.saveRefreshToken('b', b, { expiresAt: exp })])
    await store.saveAccessToken('a', watch.secret('act.account-a-000000000003'), new Date('2026-11-25T14:00:00Z'))
    expect(await store.getRefreshToken('a')).toBe(a)
    expect(await store.getRefreshToken('b')).toBe(b)
    expect(await store.getRefreshToken('c')).toBeUndefined()
    expect(await store.getAccessToken('a')).toEqual({ token: 'act.account-a-000000000003', expiresAt: new Date('2026-11-25T14:00:00Z') })
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect((await stat(join(dir, 'deep'))).mode & 0o777).toBe(0o700)
    expect(await readdir(join(dir, 'deep'))).toEqual(['tokens.json'])
    const file = JSON.parse(await readFile(path, 'utf8'))
    expect(file.accounts.a.refresh_expires_at).toBe('2027-05-01T00:00:00.000Z')
  })

  it('caches no access token when told not to', async () => {
    const store = new FileTokenStore({ path: join(dir, 't.json'), cacheAccessTokens: false })
    await store.saveAccessToken('a', 'act.zzzzzzzzzzzz', new Date())
    expect(await store.getAccessToken('a')).toBeUndefined()
  })

  it('refuses a file that is not a token file without printing its content', async () => {
    const path = join(dir, 't.json')
    const inside = watch.secret('rft.leaked-if-echoed-123456')
    await writeFile(path, `{"tokens": "${inside}"`)
    const err = await rejection(new FileTokenStore({ path }).getRefreshToken('a'), watch)
    expect(err).toBeInstanceOf(UserError)
    expect(err.message).toContain(path)
    expect(err.fix).toMatch(/tiktok-publish auth/)
  })

  it('reports an unwritable location as an error', async () => {
    await writeFile(join(dir, 'file-not-dir'), 'x')
    const blocked = new FileTokenStore({ path: join(dir, 'file-not-dir', 't.json') })
    await expect(blocked.saveRefreshToken('a', 'rft.second-value-002', { expiresAt: new Date() })).rejects.toThrow(/ENOTDIR|EEXIST/)
  })

  it('keeps every account when many writes race within one process', async () => {
    const store = new FileTokenStore({ path: join(dir, 't.json') })
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.saveRefreshToken(`acct${i}`, `rft.value-${i}-xxxxxxxx`, { expiresAt: new Date() })))
    for (let i = 0; i < 20; i++) expect(await store.getRefreshToken(`acct${i}`)).toBe(`rft.value-${i}-xxxxxxxx`)
  })
})

describe('PKCE', () => {
  it('makes a fresh verifier of 43–128 unreserved characters and its HEX sha256 challenge', () => {
    const p = createPkce()
    expect(p.verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/)
    expect(p.challenge).toBe(createHash('sha256').update(p.verifier).digest('hex'))
    expect(p.challenge).toMatch(/^[0-9a-f]{64}$/)
    expect(p.method).toBe('S256')
    expect(createPkce().verifier).not.toBe(p.verifier)
  })

  it('builds the authorize URL with every parameter TikTok wants', () => {
    const url = new URL(buildAuthorizeUrl({ clientKey: 'ck', scopes: ['user.info.basic', 'video.publish'], redirectUri: 'http://127.0.0.1:8123/cb', state: 'st', challenge: 'ab12' }))
    expect(url.origin + url.pathname).toBe('https://www.tiktok.com/v2/auth/authorize/')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_key: 'ck',
      scope: 'user.info.basic,video.publish',
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:8123/cb',
      state: 'st',
      code_challenge: 'ab12',
      code_challenge_method: 'S256'
    })
  })

  describe('against the emulator', () => {
    let emu: Emulator
    let client: TikTokClient
    beforeEach(async () => {
      emu = await startEmulator({ port: 0 })
      client = new TikTokClient({ baseUrl: emu.url })
    })
    afterEach(async () => {
      await client.close()
      await emu.close()
    })

    async function authorize(challenge: string): Promise<string> {
      const url = buildAuthorizeUrl({ baseAuthUrl: `${emu.url}/v2/auth/authorize/`, clientKey: 'emu_client_key', scopes: ['user.info.basic', 'video.publish'], redirectUri: 'http://127.0.0.1:8123/cb', state: 'st-1', challenge })
      const res = await request(url)
      await res.body.dump()
      expect(res.statusCode).toBe(302)
      const to = new URL(String(res.headers.location))
      expect(to.searchParams.get('state')).toBe('st-1')
      return watch.secret(to.searchParams.get('code')!)
    }

    it('exchanges a code with the matching verifier, and a wrong verifier is refused', async () => {
      const pkce = createPkce()
      watch.secret(pkce.verifier)
      const g = await client.exchangeCode({ clientKey: 'emu_client_key', clientSecret: 'emu_client_secret', code: await authorize(pkce.challenge), redirectUri: 'http://127.0.0.1:8123/cb', codeVerifier: pkce.verifier })
      watch.secret(g.accessToken)
      watch.secret(g.refreshToken)
      expect(g.scope).toEqual(['user.info.basic', 'video.publish'])
      expect((await client.userInfo(g.accessToken)).openId).toBe(g.openId)

      const other = createPkce()
      const err = await rejection(
        client.exchangeCode({ clientKey: 'emu_client_key', clientSecret: 'emu_client_secret', code: await authorize(pkceChallenge(other.verifier)), redirectUri: 'http://127.0.0.1:8123/cb', codeVerifier: watch.secret('w'.repeat(64)) }),
        watch
      )
      expect(err).toBeInstanceOf(TikTokAuthError)
      expect(err.transient).toBe(false)
    })
  })
})

describe('TokenManager without a refresh token', () => {
  it('says which account lacks one and how to get it, before any network call', async () => {
    const tm = new TokenManager({
      client: { refreshToken: () => Promise.reject(new Error('must not be called')) },
      store: new FileTokenStore({ path: join(dir, 't.json') }),
      clock: new FakeClock(),
      logger: new MemoryLogger()
    })
    const err = await rejection(tm.accessTokenFor({ name: 'brand_mx', clientKey: 'ck', clientSecret: 'cs-secret-value' }), watch)
    expect(err).toBeInstanceOf(UserError)
    expect(err.message).toContain('brand_mx')
    expect(err.fix).toContain('tiktok-publish auth --account brand_mx')
  })
})
