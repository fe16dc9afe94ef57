import { decryptAccessToken, deriveCacheKey, encryptAccessToken, type AccessTokenCache, type SealedAccessToken } from '../../src/action/token-cache.js'
import { assertCanRotate, createActionTokenStore, type ActionTokenStoreOptions } from '../../src/action/token-store.js'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { UserError } from '../../src/errors.js'
import { SecretWriteError } from '../../src/github/secrets.js'
import { MemoryLogger } from '../../src/logger.js'
import { TikTokClient } from '../../src/tiktok/client.js'
import { TokenManager, type AccountCredentials } from '../../src/tiktok/tokens.js'
import { FakeGitHub } from '../github/fake-github.js'
import { FakeClock, LeakWatch, rejection } from '../tiktok/helpers.js'

const watch = new LeakWatch()
const CLIENT_SECRET = watch.secret('emu_client_secret')
const WRITE = watch.secret('github_pat_11STOREWRITE000000000000000')
const READ = watch.secret('github_pat_11STOREREAD0000000000000000')
const NONE = watch.secret('ghs_STOREworkflowTOKEN0000000000000000')
const SECRET_NAME = 'TIKTOK_REFRESH_BRAND_US'
const ACCOUNT: AccountCredentials = { name: 'brand-us', clientKey: 'emu_client_key', clientSecret: CLIENT_SECRET }

let emu: Emulator
let client: TikTokClient
let gh: FakeGitHub
let clock: FakeClock
let logger: MemoryLogger
let masked: string[]
let openId: string
let initialRefresh: string
/** the repository's secrets as this run's `secrets` input saw them */
let runSecrets: Record<string, string>

beforeEach(async () => {
  emu = await startEmulator({ config: { rate_limits: false } })
  clock = new FakeClock()
  client = new TikTokClient({ baseUrl: emu.url, clock, rateLimits: false })
  gh = await FakeGitHub.start('acme', 'videos')
  gh.tokens.set(WRITE, { kind: 'write' })
  gh.tokens.set(READ, { kind: 'read' })
  gh.tokens.set(NONE, { kind: 'none' })
  const issued = emu.addAccount()
  openId = issued.open_id
  initialRefresh = watch.secret(issued.refresh_token)
  watch.secret(issued.access_token)
  runSecrets = { [SECRET_NAME]: initialRefresh }
  logger = new MemoryLogger()
  masked = []
})
afterEach(async () => {
  watch.lines(logger.lines)
  await client.close()
  await emu.close()
  await gh.close()
})
afterAll(() => {
  expect(watch.count).toBeGreaterThan(10)
  expect(watch.leaks()).toEqual([])
})

function options(over: Partial<ActionTokenStoreOptions> = {}): ActionTokenStoreOptions {
  return {
    secrets: (name) => runSecrets[name],
    accounts: { 'brand-us': { refreshTokenSecret: SECRET_NAME, clientKey: 'emu_client_key', clientSecret: CLIENT_SECRET } },
    repo: { owner: 'acme', repo: 'videos' },
    apiUrl: gh.url,
    secretsToken: WRITE,
    logger,
    clock,
    onSecret: (v) => {
      // Every value the Action masks is one the leak scan looks for.
      masked.push(watch.secret(v))
    },
    ...over
  }
}

function manager(opts: ActionTokenStoreOptions): TokenManager {
  return new TokenManager({ client, store: createActionTokenStore(opts), clock, logger, onSecret: opts.onSecret })
}

/** An AccessTokenCache on the exported sealing functions, without the Actions cache service. */
function sealedMapCache(): AccessTokenCache & { entries: Map<string, SealedAccessToken> } {
  const entries = new Map<string, SealedAccessToken>()
  const key = (account: string) => deriveCacheKey(CLIENT_SECRET, account)
  return {
    entries,
    async get(account) {
      return decryptAccessToken(key(account), account, entries.get(account))
    },
    async put(account, token, expiresAt) {
      entries.set(account, encryptAccessToken(key(account), account, token, expiresAt))
    }
  }
}

describe('the Action token store with TokenManager and the TikTok emulator', () => {
  it('a refresh rotates the token and the repository secret then holds exactly the live one, masked before it was sent', async () => {
    const opts = options()
    const seenPutsWhenMasked = new Map<string, number>()
    const onSecret = opts.onSecret
    opts.onSecret = (v) => {
      seenPutsWhenMasked.set(v, gh.puts().length)
      onSecret(v)
    }
    await assertCanRotate(opts)
    const tm = manager(opts)

    const access = await tm.accessTokenFor(ACCOUNT)
    const live = emu.currentRefreshToken(openId)!
    expect(live).not.toBe(initialRefresh)
    expect(gh.secret(SECRET_NAME)).toBe(live)
    expect(gh.puts()).toHaveLength(1)
    // The key read by the check served the write: one GET in all.
    expect(gh.seen.filter((s) => s.method === 'GET')).toHaveLength(1)
    expect(masked).toEqual(expect.arrayContaining([WRITE, initialRefresh, live, access]))
    expect(seenPutsWhenMasked.get(live)).toBe(0)
    // The access token handed out is one TikTok accepts.
    expect((await client.userInfo(access)).openId).toBe(openId)
    expect(logger.lines).toContain(`Saved the rotated refresh token of brand-us to the repository secret ${SECRET_NAME}.`)
  })

  it('a second refresh in the same run presents the newest token, not the stale input', async () => {
    const opts = options()
    await assertCanRotate(opts)
    const tm = manager(opts)
    await tm.accessTokenFor(ACCOUNT)
    const first = emu.currentRefreshToken(openId)!
    tm.invalidate('brand-us')
    await tm.accessTokenFor(ACCOUNT)
    const second = emu.currentRefreshToken(openId)!
    // The emulator would have answered invalid_grant to the stale input token.
    expect(second).not.toBe(first)
    expect(gh.secret(SECRET_NAME)).toBe(second)
    expect(gh.puts()).toHaveLength(2)
  })

  it('a later run reuses the cached access token: no refresh, no rotation, no secret write', async () => {
    const cache = sealedMapCache()
    const run1 = manager(options({ cache }))
    const access = await run1.accessTokenFor(ACCOUNT)
    const live = emu.currentRefreshToken(openId)!
    expect(JSON.stringify([...cache.entries.values()])).not.toContain(access)

    runSecrets = { [SECRET_NAME]: gh.secret(SECRET_NAME)! }
    const puts = gh.puts().length
    const run2 = manager(options({ cache }))
    expect(await run2.accessTokenFor(ACCOUNT)).toBe(access)
    expect(emu.currentRefreshToken(openId)).toBe(live)
    expect(gh.puts()).toHaveLength(puts)
  })

  it('a secret write that keeps failing: no access token is handed out, the hand-off opens to the live token, and the run does not refresh again', async () => {
    const cache = sealedMapCache()
    const opts = options({ cache })
    await assertCanRotate(opts)
    const tm = manager(opts)
    // 3 attempts per write, 3 writes by TokenManager: GitHub fails them all.
    for (let i = 0; i < 9; i++) gh.putFaults.push(502)
    let used = false
    const err = await rejection(
      tm.withAccessToken(ACCOUNT, async () => {
        used = true
      }),
      watch
    )
    expect(used).toBe(false)
    expect(cache.entries.size).toBe(0)
    expect(err).toBeInstanceOf(UserError)
    expect(err.cause).toBeInstanceOf(SecretWriteError)
    expect(gh.puts()).toHaveLength(9)
    expect(gh.secret(SECRET_NAME)).toBeUndefined()

    const live = emu.currentRefreshToken(openId)!
    expect(live).not.toBe(initialRefresh)
    // Each line a person copies stands alone.
    expect(err.message).toMatch(/^ {2}gh api .* -f key_id='\d+'$/m)
    expect(err.message).toMatch(/^ {2}encrypted_value: [A-Za-z0-9+/]+={0,2}$/m)
    expect(err.message).toContain(`-X PUT repos/acme/videos/actions/secrets/${SECRET_NAME} -f encrypted_value='`)
    const ev = /encrypted_value='([A-Za-z0-9+/=]+)'/.exec(err.message)![1]!
    const kid = /key_id='(\d+)'/.exec(err.message)![1]!
    expect(kid).toBe(gh.keyId)
    expect(gh.open(ev)).toBe(live)
    expect(err.message).not.toContain(live)
    expect(err.message).not.toContain(WRITE)

    // Another refresh would rotate away the token the hand-off holds.
    const again = await rejection(tm.accessTokenFor(ACCOUNT), watch)
    expect(again).toBeInstanceOf(UserError)
    expect(again.message).toContain('could not be written to the secret TIKTOK_REFRESH_BRAND_US')
    expect(emu.currentRefreshToken(openId)).toBe(live)
  })

  it('a read-only secrets token passes the check but its write is refused: the error names the permission and hands off', async () => {
    const opts = options({ secretsToken: READ })
    await assertCanRotate(opts)
    const err = await rejection(manager(opts).accessTokenFor(ACCOUNT), watch)
    expect(err).toBeInstanceOf(UserError)
    expect(err.message).toContain('it needs the `secrets: write` permission')
    expect(gh.open(err.cause.handOff.encryptedValue)).toBe(emu.currentRefreshToken(openId))
  })
})

describe('assertCanRotate', () => {
  it('without secrets-token: refuses and says how to make one', async () => {
    const err = await rejection(assertCanRotate(options({ secretsToken: undefined })), watch)
    expect(err).toBeInstanceOf(UserError)
    expect(err.message).toBe(
      'apply refreshes TikTok tokens, and TikTok rotates the refresh token on every refresh; without `secrets-token` the new one could not be saved and the account would be locked out.'
    )
    expect(err.fix).toContain('Secrets: read and write')
    expect(err.fix).toContain('secrets-token: ${{ secrets.TIKTOK_PUBLISH_SECRETS_TOKEN }}')
    expect(gh.seen).toHaveLength(0)
  })

  it('with the workflow GITHUB_TOKEN: refuses before any TikTok refresh', async () => {
    const err = await rejection(assertCanRotate(options({ secretsToken: NONE })), watch)
    expect(err).toBeInstanceOf(UserError)
    expect(err.message).toContain('cannot write secrets of acme/videos')
    expect(emu.currentRefreshToken(openId)).toBe(initialRefresh)
  })

  it('a store without secrets-token refuses to save a rotated token rather than drop it', async () => {
    const store = createActionTokenStore(options({ secretsToken: undefined }))
    const err = await rejection(store.saveRefreshToken('brand-us', watch.secret('rft.would-be-lost-000000001'), { expiresAt: new Date() }), watch)
    expect(err).toBeInstanceOf(UserError)
    expect(err.message).toContain('without `secrets-token`')
    // The same token coming back unrotated needs no write at all.
    await store.saveRefreshToken('brand-us', initialRefresh, { expiresAt: new Date() })
    expect(gh.seen).toHaveLength(0)
  })
})

describe('refresh tokens from the secrets input', () => {
  it('are masked the moment they are read; a missing secret is no token', async () => {
    const store = createActionTokenStore(options())
    expect(masked).toEqual([WRITE])
    expect(await store.getRefreshToken('brand-us')).toBe(initialRefresh)
    expect(masked).toEqual([WRITE, initialRefresh])
    runSecrets = {}
    expect(await store.getRefreshToken('brand-us')).toBeUndefined()
    const err = await rejection(manager(options()).accessTokenFor(ACCOUNT), watch)
    expect(err.message).toContain('No refresh token is known for TikTok account brand-us')
  })
})
