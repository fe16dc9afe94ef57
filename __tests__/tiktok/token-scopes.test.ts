import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { MemoryLogger } from '../../src/logger.js'
import { TikTokClient } from '../../src/tiktok/client.js'
import { FileTokenStore, TokenManager } from '../../src/tiktok/tokens.js'
import { FakeClock } from './helpers.js'

/** Scopes travel with the token: the engine needs them to know what it may ask TikTok. */
describe('TokenManager: the scopes granted with the access token', () => {
  let emulator: Emulator
  let dir: string
  beforeEach(async () => {
    emulator = await startEmulator({ config: { rate_limits: false } })
    dir = await mkdtemp(join(tmpdir(), 'tiktok-scopes-'))
  })
  afterEach(async () => {
    await emulator.close()
    await rm(dir, { recursive: true, force: true })
  })

  function manager(store: FileTokenStore, clock: FakeClock) {
    const client = new TikTokClient({ baseUrl: emulator.url, clock, rateLimits: false })
    return { tm: new TokenManager({ client, store, clock, logger: new MemoryLogger() }), client }
  }

  it('come from the refresh grant, are kept in the token store, and come back with the stored token in a later process', async () => {
    const granted = ['user.info.basic', 'video.publish', 'video.upload']
    const { refresh_token } = emulator.addAccount({ scopes: granted })
    const path = join(dir, 'tokens.json')
    const clock = new FakeClock()
    const account = { name: 'brand-us', clientKey: 'emu_client_key', clientSecret: 'emu_client_secret', seedRefreshToken: refresh_token }

    const first = manager(new FileTokenStore({ path }), clock)
    expect(first.tm.scopesOf('brand-us')).toBeUndefined()
    await first.tm.accessTokenFor(account)
    expect(first.tm.scopesOf('brand-us')?.sort()).toEqual([...granted].sort())
    await first.client.close()
    expect(JSON.parse(await readFile(path, 'utf8')).accounts['brand-us'].scopes.sort()).toEqual([...granted].sort())

    // a later run: the stored access token is used (no refresh) and its scopes with it
    const refreshes = emulator.ledger.filter((l) => l.kind === 'refresh').length
    const second = manager(new FileTokenStore({ path }), clock)
    await second.tm.accessTokenFor(account)
    expect(emulator.ledger.filter((l) => l.kind === 'refresh').length).toBe(refreshes)
    expect(second.tm.scopesOf('brand-us')?.sort()).toEqual([...granted].sort())
    await second.client.close()
  })

  it('a stored token saved without scopes (an older store) does not claim any: they are unknown', async () => {
    const path = join(dir, 'tokens.json')
    const store = new FileTokenStore({ path })
    await store.saveAccessToken('brand-us', 'act.stored-without-scopes-0001', new Date(Date.parse('2026-11-26T12:00:00Z')))
    const { tm, client } = manager(store, new FakeClock())
    expect(await tm.accessTokenFor({ name: 'brand-us', clientKey: 'emu_client_key', clientSecret: 'emu_client_secret' })).toBe('act.stored-without-scopes-0001')
    expect(tm.scopesOf('brand-us')).toBeUndefined()
    await client.close()
  })
})
