import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import sodium from 'libsodium-wrappers'
import { request } from 'undici'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { runCli, tempDir, writeManifest } from './helpers.js'

const appEnv = { TIKTOK_CLIENT_KEY: 'emu_client_key', TIKTOK_CLIENT_SECRET: 'emu_client_secret' }

/** The "browser": opens the authorize URL, takes TikTok's 302, follows it to the loopback callback. */
async function browse(authorizeUrl: string, rewrite: (callback: URL) => URL = (u) => u): Promise<{ status: number; body: string }> {
  const approve = await request(authorizeUrl)
  await approve.body.dump()
  expect(approve.statusCode).toBe(302)
  const location = new URL(String(approve.headers.location))
  const res = await request(rewrite(location).toString())
  return { status: res.statusCode, body: await res.body.text() }
}

function authorizedOpenIds(emu: Emulator): string[] {
  return emu.ledger.filter((e) => e.kind === 'authorize' && e.code === 'ok').map((e) => e.open_id!)
}

describe('tiktok-publish auth', () => {
  let emu: Emulator
  let dir: string
  let store: string
  beforeEach(async () => {
    emu = await startEmulator({ config: { rate_limits: false } })
    dir = await tempDir('auth')
    store = path.join(dir, 'state-home', 'tokens.json')
    await writeManifest(dir, { accounts: ['brand-us'] })
  })
  afterEach(async () => {
    await emu.close()
  })

  const argv = (...extra: string[]) => ['auth', '--account', 'brand-us', '--no-open', '--api-base-url', emu.url, '--token-store', store, ...extra]

  it('authorizes through the loopback callback, stores the refresh token and never prints it', async () => {
    const run = runCli(argv(), appEnv, dir)
    const url = await run.line(/^http/)
    expect(url.startsWith(`${emu.url}/v2/auth/authorize/?`)).toBe(true)
    const q = new URL(url).searchParams
    expect(q.get('scope')).toBe('user.info.basic,video.publish,video.upload,video.list')
    expect(q.get('code_challenge')).toMatch(/^[0-9a-f]{64}$/)
    expect(q.get('code_challenge_method')).toBe('S256')
    expect(q.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    expect(run.err()).toContain(`port ${new URL(q.get('redirect_uri')!).port}`)

    const page = await browse(url)
    expect(page.status).toBe(200)
    expect(page.body).toContain('You can close this tab')
    expect(await run.exit).toBe(0)

    const [openId] = authorizedOpenIds(emu)
    const file = JSON.parse(await readFile(store, 'utf8')) as { accounts: Record<string, { refresh_token: string; access_token: string }> }
    const saved = file.accounts['brand-us']!
    expect(saved.refresh_token).toBe(emu.currentRefreshToken(openId!))
    expect((await stat(store)).mode & 0o777).toBe(0o600)

    const out = run.out()
    expect(out).toContain('scopes granted: user.info.basic, video.publish, video.upload, video.list')
    expect(out).toContain('display name: emu_creator')
    expect(out).toMatch(/privacy options: PUBLIC_TO_EVERYONE/)
    expect(out).toContain(`refresh token stored in ${store} under account brand-us`)
    for (const secret of [saved.refresh_token, saved.access_token, appEnv.TIKTOK_CLIENT_SECRET]) {
      expect(out).not.toContain(secret)
      expect(run.err()).not.toContain(secret)
    }
  })

  it('names the features a scope left out disables', async () => {
    const run = runCli(argv('--scopes', 'video.upload,user.info.basic'), appEnv, dir)
    const page = await browse(await run.line(/^http/))
    expect(page.status).toBe(200)
    expect(await run.exit).toBe(0)
    const out = run.out()
    expect(out).toContain('scopes granted: user.info.basic, video.upload')
    expect(out).toContain('video.publish not granted: no direct posts')
    expect(out).toContain('video.list not granted: no reconciliation of interrupted pull-from-URL posts')
    // creator info needs video.publish: not asked for
    expect(emu.ledger.some((e) => e.kind === 'creator_info')).toBe(false)
  })

  it('refuses a callback whose state does not match, and stores nothing', async () => {
    const run = runCli(argv(), appEnv, dir)
    const page = await browse(await run.line(/^http/), (u) => {
      u.searchParams.set('state', 'forged-state')
      return u
    })
    expect(page.status).toBe(400)
    expect(page.body).toContain('state does not match')
    expect(await run.exit).toBe(1)
    expect(run.err()).toMatch(/state that does not match/)
    await expect(stat(store)).rejects.toThrow()
    expect(emu.ledger.some((e) => e.kind === 'token')).toBe(false)
  })

  it('reports a declined authorization (error=access_denied) clearly', async () => {
    const run = runCli(argv(), appEnv, dir)
    const url = new URL(await run.line(/^http/))
    const callback = new URL(url.searchParams.get('redirect_uri')!)
    callback.searchParams.set('error', 'access_denied')
    callback.searchParams.set('error_description', 'The user denied the request')
    callback.searchParams.set('state', url.searchParams.get('state')!)
    const res = await request(callback.toString())
    expect(res.statusCode).toBe(400)
    expect(await res.body.text()).toContain('access_denied')
    expect(await run.exit).toBe(1)
    expect(run.err()).toContain('declined in TikTok (access_denied)')
    expect(run.err()).toContain('choose Authorize')
    await expect(stat(store)).rejects.toThrow()
  })

  it('names a missing client secret before any network call', async () => {
    const run = runCli(argv(), { TIKTOK_CLIENT_KEY: 'emu_client_key' }, dir)
    expect(await run.exit).toBe(1)
    expect(run.err()).toContain('secret TIKTOK_CLIENT_SECRET (app main) is not set')
    expect(run.out()).toBe('')
    expect(emu.ledger).toHaveLength(0)
  })

  it("uses TikTok's authorize page for TikTok's API, and the emulator's for TIKTOK_API_BASE_URL", async () => {
    const real = runCli(['auth', '--account', 'brand-us', '--no-open', '--token-store', store], appEnv, dir)
    const url = new URL(await real.line(/^http/))
    expect(url.origin + url.pathname).toBe('https://www.tiktok.com/v2/auth/authorize/')
    // end it from the "browser" side without any request to TikTok
    const callback = new URL(url.searchParams.get('redirect_uri')!)
    callback.searchParams.set('error', 'access_denied')
    callback.searchParams.set('state', url.searchParams.get('state')!)
    await (await request(callback.toString())).body.dump()
    expect(await real.exit).toBe(1)

    const viaEnv = runCli(['auth', '--account', 'brand-us', '--no-open', '--token-store', store], { ...appEnv, TIKTOK_API_BASE_URL: emu.url }, dir)
    expect((await browse(await viaEnv.line(/^http/))).status).toBe(200)
    expect(await viaEnv.exit).toBe(0)
  })

  it('authorizes an account not yet in the manifest when --app names its app', async () => {
    const run = runCli(['auth', '--account', 'brand-new', '--app', 'main', '--no-open', '--api-base-url', emu.url, '--token-store', store], appEnv, dir)
    expect((await browse(await run.line(/^http/))).status).toBe(200)
    expect(await run.exit).toBe(0)
    expect(run.out()).toContain('next: add account brand-new (app: main) to tiktok.yml')
    const file = JSON.parse(await readFile(store, 'utf8')) as { accounts: Record<string, { refresh_token: string }> }
    expect(file.accounts['brand-new']!.refresh_token).toBe(emu.currentRefreshToken(authorizedOpenIds(emu)[0]!))

    const unknown = runCli(['auth', '--account', 'brand-other', '--no-open', '--api-base-url', emu.url, '--token-store', store], appEnv, dir)
    expect(await unknown.exit).toBe(1)
    expect(unknown.err()).toContain('account brand-other is not in tiktok.yml')
  })

  it('gives up after --timeout when no browser comes', async () => {
    const run = runCli(argv('--timeout', '100ms'), appEnv, dir)
    await run.line(/^http/)
    expect(await run.exit).toBe(1)
    expect(run.err()).toContain('no answer from TikTok within 100ms')
  })

  describe('--github-secret', () => {
    let github: Server
    let githubUrl: string
    const secrets = new Map<string, string>()
    const seenAuth: string[] = []

    beforeAll(async () => {
      await sodium.ready
      const keys = sodium.crypto_box_keypair()
      github = createServer((req, res) => {
        seenAuth.push(String(req.headers.authorization))
        let body = ''
        req.on('data', (d: Buffer) => (body += d.toString()))
        req.on('end', () => {
          if (req.method === 'GET' && req.url === '/repos/acme/videos/actions/secrets/public-key') {
            res.writeHead(200, { 'content-type': 'application/json' })
            res.end(JSON.stringify({ key_id: 'k1', key: sodium.to_base64(keys.publicKey, sodium.base64_variants.ORIGINAL) }))
            return
          }
          const m = /^\/repos\/acme\/videos\/actions\/secrets\/([A-Z0-9_]+)$/.exec(req.url ?? '')
          if (req.method === 'PUT' && m) {
            const { encrypted_value, key_id } = JSON.parse(body) as { encrypted_value: string; key_id: string }
            expect(key_id).toBe('k1')
            const sealed = sodium.from_base64(encrypted_value, sodium.base64_variants.ORIGINAL)
            secrets.set(m[1]!, sodium.to_string(sodium.crypto_box_seal_open(sealed, keys.publicKey, keys.privateKey)))
            res.writeHead(201).end()
            return
          }
          res.writeHead(404).end('{"message":"Not Found"}')
        })
      })
      await new Promise<void>((r) => github.listen(0, '127.0.0.1', () => r()))
      githubUrl = `http://127.0.0.1:${(github.address() as AddressInfo).port}`
    })
    afterAll(async () => {
      await new Promise<void>((r) => github.close(() => r()))
    })

    it('writes the refresh token to the repository secret, sealed, and keeps no local copy', async () => {
      const env = { ...appEnv, GITHUB_API_URL: githubUrl, GITHUB_TOKEN: 'ghs_fake_token_for_test' }
      const run = runCli(argv('--github-secret', 'TIKTOK_REFRESH_BRAND_US', '--repo', 'acme/videos'), env, dir)
      const page = await browse(await run.line(/^http/))
      expect(page.status).toBe(200)
      expect(await run.exit).toBe(0)
      const [openId] = authorizedOpenIds(emu)
      expect(secrets.get('TIKTOK_REFRESH_BRAND_US')).toBe(emu.currentRefreshToken(openId!))
      expect(seenAuth.every((a) => a === 'Bearer ghs_fake_token_for_test')).toBe(true)
      expect(run.out()).toContain('refresh token stored in repository secret TIKTOK_REFRESH_BRAND_US of acme/videos')
      await expect(stat(store)).rejects.toThrow()
      for (const text of [run.out(), run.err()]) {
        expect(text).not.toContain(secrets.get('TIKTOK_REFRESH_BRAND_US'))
        expect(text).not.toContain('ghs_fake_token_for_test')
      }
    })

    it('checks GitHub access before the browser step', async () => {
      const env = { ...appEnv, GITHUB_API_URL: githubUrl, GITHUB_TOKEN: 'ghs_fake_token_for_test' }
      const run = runCli(argv('--github-secret', 'TIKTOK_REFRESH_BRAND_US', '--repo', 'acme/other'), env, dir)
      expect(await run.exit).toBe(1)
      expect(run.out()).toBe('')
      expect(run.err()).toMatch(/404/)
      expect(emu.ledger).toHaveLength(0)
    })
  })
})
