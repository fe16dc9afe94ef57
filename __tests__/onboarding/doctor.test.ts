import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { FileTokenStore } from '../../src/tiktok/tokens.js'
import { runCli, tempDir, writeManifest } from './helpers.js'

const appEnv = { TIKTOK_CLIENT_KEY: 'emu_client_key', TIKTOK_CLIENT_SECRET: 'emu_client_secret' }

describe('tiktok-publish doctor', () => {
  let emu: Emulator
  let dir: string
  let store: string
  beforeEach(async () => {
    emu = await startEmulator({ config: { rate_limits: false } })
    dir = await tempDir('doctor')
    store = path.join(dir, 'home', 'tokens.json')
  })
  afterEach(async () => {
    await emu.close()
  })
  const argv = (...extra: string[]) => ['doctor', '--api-base-url', emu.url, '--token-store', store, ...extra]

  it('says ok for a healthy account, and saves the rotated refresh token before anything else', async () => {
    await writeManifest(dir, { audited: true, accounts: ['brand-us'] })
    const seeded = emu.addAccount({ username: 'brandus', nickname: 'Brand US', refresh_token: 'seed-healthy-1' })
    const run = runCli(argv(), { ...appEnv, TIKTOK_REFRESH_BRAND_US: 'seed-healthy-1' }, dir)
    expect(await run.exit).toBe(0)

    const current = emu.currentRefreshToken(seeded.open_id)!
    expect(current).not.toBe('seed-healthy-1')
    expect(await new FileTokenStore({ path: store }).getRefreshToken('brand-us')).toBe(current)
    const out = run.out()
    expect(out).toMatch(/^ok +brand-us$/m)
    expect(out).toContain('secrets: TIKTOK_CLIENT_KEY set, TIKTOK_CLIENT_SECRET set, TIKTOK_REFRESH_BRAND_US set')
    expect(out).toContain(`the new one was saved to ${store} before anything else`)
    expect(out).toContain('no longer works')
    expect(out).toContain('scopes granted: user.info.basic, video.publish, video.upload, video.list')
    expect(out).toContain('creator: Brand US (@brandus); privacy options PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY; max duration 600 s')
    const file = await readFile(store, 'utf8')
    const access = (JSON.parse(file) as { accounts: Record<string, { access_token: string }> }).accounts['brand-us']!.access_token
    for (const secret of [current, access, 'seed-healthy-1', 'emu_client_secret']) {
      expect(out).not.toContain(secret)
      expect(run.err()).not.toContain(secret)
    }

    // a second run uses the token store, not the now-dead value in the environment
    const again = runCli(argv(), { ...appEnv, TIKTOK_REFRESH_BRAND_US: 'seed-healthy-1' }, dir)
    expect(await again.exit).toBe(0)
    expect(again.out()).toContain('refresh token from the token store')
  })

  it('flags a public account under an unaudited app, with the fix; inbox-only use of a public account is fine', async () => {
    await writeManifest(dir, { audited: false, accounts: ['brand-br', 'brand-inbox', 'brand-priv'], inbox: ['brand-inbox'] })
    const tokens = new FileTokenStore({ path: store })
    const far = { expiresAt: new Date(Date.now() + 86_400_000) }
    await tokens.saveRefreshToken('brand-br', emu.addAccount({ private: false, refresh_token: 'seed-br' }).refresh_token, far)
    await tokens.saveRefreshToken('brand-inbox', emu.addAccount({ private: false, refresh_token: 'seed-inbox' }).refresh_token, far)
    await tokens.saveRefreshToken('brand-priv', emu.addAccount({ private: true, refresh_token: 'seed-priv' }).refresh_token, far)

    const run = runCli(argv(), appEnv, dir)
    expect(await run.exit).toBe(1)
    const out = run.out()
    expect(out).toMatch(
      /^problem +brand-br: brand-br is a public TikTok account and app main is not audited, so TikTok refuses direct posts to it — fix: set the account to private in the TikTok app, or use mode: inbox$/m
    )
    expect(out).toMatch(/^ok +brand-inbox$/m)
    expect(out).toMatch(/^ok +brand-priv$/m)
  })

  it('reports a missing secret by name without calling TikTok', async () => {
    await writeManifest(dir, { accounts: ['brand-us', 'brand-new'] })
    emu.addAccount({ refresh_token: 'seed-x' })
    const run = runCli(argv(), { TIKTOK_CLIENT_KEY: 'emu_client_key', TIKTOK_REFRESH_BRAND_US: 'seed-x' }, dir)
    expect(await run.exit).toBe(1)
    expect(run.out()).toMatch(/^problem +brand-us: secret TIKTOK_CLIENT_SECRET \(app main\) is not set/m)
    expect(run.out()).toContain('TIKTOK_CLIENT_SECRET not set')
    expect(emu.ledger).toHaveLength(0)
  })

  it('reports an account with no refresh token anywhere, and a dead one', async () => {
    await writeManifest(dir, { accounts: ['brand-new', 'brand-dead'] })
    const run = runCli(argv(), { ...appEnv, TIKTOK_REFRESH_BRAND_DEAD: 'never-issued' }, dir)
    expect(await run.exit).toBe(1)
    expect(run.out()).toMatch(/^problem +brand-new: no refresh token: TIKTOK_REFRESH_BRAND_NEW is not set and the token store has none — fix: run `tiktok-publish auth --account brand-new` \(a token kept only in a GitHub secret/m)
    expect(run.out()).toMatch(/^problem +brand-dead: TikTok refused the refresh token of account brand-dead \(invalid_grant\).*tiktok-publish auth --account brand-dead/m)
  })
})
