import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { Command } from 'commander'
import { request } from 'undici'
import { registerEmulatorCommand, serveEmulator } from '../../src/cli/emulator.js'
import type { CliContext } from '../../src/cli/main.js'
import { isUserError } from '../../src/errors.js'

function context(cwd: string): { ctx: CliContext; out: () => string; err: () => string; firstLine: Promise<string> } {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let o = ''
  let e = ''
  let resolveLine: (s: string) => void = () => undefined
  const firstLine = new Promise<string>((r) => (resolveLine = r))
  stdout.on('data', (d: Buffer) => {
    o += d.toString()
    if (o.includes('\n')) resolveLine(o.split('\n')[0]!)
  })
  stderr.on('data', (d: Buffer) => (e += d.toString()))
  return { ctx: { stdout, stderr, env: {}, cwd, exitCode: 0 }, out: () => o, err: () => e, firstLine }
}

describe('tiktok-publish emulator command', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'emu-cli-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('prints the base URL first, serves until SIGTERM, then closes', async () => {
    const { ctx, out, err, firstLine } = context(dir)
    const program = new Command('tiktok-publish').exitOverride()
    registerEmulatorCommand(program, ctx)
    const running = program.parseAsync(['emulator', '--port', '0'], { from: 'user' })
    const url = await firstLine
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(err()).toContain('/_emulator/accounts')
    expect(err()).toContain('emu_client_key')

    const seeded = await request(`${url}/_emulator/accounts`, { method: 'POST', body: '{"username":"cli"}' })
    const tokens = (await seeded.body.json()) as { access_token: string }
    const info = await request(`${url}/v2/user/info/?fields=display_name`, { headers: { authorization: `Bearer ${tokens.access_token}` } })
    expect(((await info.body.json()) as { data: { user: { display_name: string } } }).data.user.display_name).toBe('cli')

    let settled = false
    void running.then(() => (settled = true))
    await new Promise((r) => setTimeout(r, 20))
    expect(settled).toBe(false)
    process.emit('SIGTERM')
    await running
    await expect(request(`${url}/_emulator/ledger`)).rejects.toThrow()
    expect(out().split('\n')[0]).toBe(url)
  })

  it('--unaudited: an unaudited app whose authorize page signs in a private account', async () => {
    const { ctx, err, firstLine } = context(dir)
    let stop: () => void = () => undefined
    const stopped = new Promise<void>((r) => (stop = r))
    const running = serveEmulator({ port: '0', unaudited: true }, ctx, stopped)
    const url = await firstLine
    expect(err()).toContain('emu_client_key (unaudited')
    expect(err()).toContain('private account')
    const verifier = 'v'.repeat(50)
    const challenge = createHash('sha256').update(verifier).digest('hex')
    const redirect = 'http://127.0.0.1:5678/callback'
    const q = new URLSearchParams({ client_key: 'emu_client_key', scope: 'user.info.basic,video.publish', response_type: 'code', redirect_uri: redirect, state: 's', code_challenge: challenge, code_challenge_method: 'S256' })
    const approve = await request(`${url}/v2/auth/authorize/?${q}`)
    await approve.body.dump()
    const code = new URL(approve.headers.location as string).searchParams.get('code')!
    const form = new URLSearchParams({ client_key: 'emu_client_key', client_secret: 'emu_client_secret', code, grant_type: 'authorization_code', redirect_uri: redirect, code_verifier: verifier })
    const token = await request(`${url}/v2/oauth/token/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() })
    const { access_token } = (await token.body.json()) as { access_token: string }
    const info = await request(`${url}/v2/post/publish/creator_info/query/`, { method: 'POST', headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' }, body: '{}' })
    const options = ((await info.body.json()) as { data: { privacy_level_options: string[] } }).data.privacy_level_options
    expect(options).toEqual(expect.arrayContaining(['SELF_ONLY']))
    expect(options).not.toContain('PUBLIC_TO_EVERYONE')
    // and a public post is refused, as TikTok refuses it for an unaudited app
    const init = await request(`${url}/v2/post/publish/video/init/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ post_info: { privacy_level: 'FOLLOWER_OF_CREATOR' }, source_info: { source: 'FILE_UPLOAD', video_size: 1000, chunk_size: 1000, total_chunk_count: 1 } })
    })
    expect(((await init.body.json()) as { error: { code: string } }).error.code).toBe('privacy_level_option_mismatch')
    stop()
    await running
  })

  it('loads a YAML config: apps, seeded accounts with known refresh tokens, limits', async () => {
    const file = join(dir, 'emulator.yml')
    await writeFile(
      file,
      [
        'apps:',
        '  - client_key: rehearsal_key',
        '    client_secret: rehearsal_secret',
        '    audited: false',
        'accounts:',
        '  - username: brand',
        '    private: true',
        '    refresh_token: seeded-refresh',
        'rate_limits: false',
        ''
      ].join('\n')
    )
    const { ctx, firstLine, err } = context(dir)
    let stop: () => void = () => undefined
    const running = serveEmulator({ port: '0', config: 'emulator.yml' }, ctx, new Promise<void>((r) => (stop = r)))
    const url = await firstLine
    expect(err()).toContain('rehearsal_key (unaudited')
    expect(err()).not.toContain('rehearsal_secret')
    const res = await request(`${url}/v2/oauth/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_key: 'rehearsal_key', client_secret: 'rehearsal_secret', grant_type: 'refresh_token', refresh_token: 'seeded-refresh' }).toString()
    })
    expect(res.statusCode).toBe(200)
    await res.body.text()
    stop()
    await running
  })

  it('refuses a bad config with a user error naming the field', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ apps: [{ client_key: 'k' }], rate_limits: { init: -1 } }))
    const { ctx } = context(dir)
    const error = await serveEmulator({ config: 'bad.json' }, ctx, Promise.resolve()).catch((e: unknown) => e)
    expect(isUserError(error)).toBe(true)
    expect((error as Error).message).toContain('apps.0.client_secret')
    expect((error as Error).message).toContain('rate_limits')
    const missing = await serveEmulator({ config: 'nope.yml' }, ctx, Promise.resolve()).catch((e: unknown) => e)
    expect(isUserError(missing)).toBe(true)
    const typo = await serveEmulator({ port: '80a' }, ctx, Promise.resolve()).catch((e: unknown) => e)
    expect(isUserError(typo)).toBe(true)
  })
})
