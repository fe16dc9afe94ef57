import { createHash } from 'node:crypto'
import { request } from 'undici'
import { call, useEmulator } from './helpers.js'

const VERIFIER = 'verifier-0123456789-abcdefghijklmnopqrstuvwxyz.~_ABC'
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('hex')
const REDIRECT = 'http://127.0.0.1:5678/callback'

describe('emulator OAuth', () => {
  const { emu } = useEmulator()

  async function authorize(params: Record<string, string>): Promise<{ status: number; location: URL | undefined; text: string }> {
    const q = new URLSearchParams({
      client_key: 'emu_client_key',
      scope: 'user.info.basic,video.publish',
      response_type: 'code',
      redirect_uri: REDIRECT,
      state: 'csrf-1',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
      ...params
    })
    const res = await request(`${emu().url}/v2/auth/authorize/?${q}`)
    const text = await res.body.text()
    const loc = res.headers.location as string | undefined
    return { status: res.statusCode, location: loc ? new URL(loc) : undefined, text }
  }

  function codeGrant(code: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      client_key: 'emu_client_key',
      client_secret: 'emu_client_secret',
      code,
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
      ...extra
    }
  }

  it('approves at once and redirects with code, state and scopes; the code grant with the right verifier gives tokens', async () => {
    const a = await authorize({ username: 'maria' })
    expect(a.status).toBe(302)
    expect(a.location!.origin + a.location!.pathname).toBe(REDIRECT)
    expect(a.location!.searchParams.get('state')).toBe('csrf-1')
    expect(a.location!.searchParams.get('scopes')).toBe('user.info.basic,video.publish')
    const code = a.location!.searchParams.get('code')!
    expect(code).toBeTruthy()

    const t = await call(emu(), 'POST', '/v2/oauth/token/', { form: codeGrant(code) })
    expect(t.status).toBe(200)
    expect(Object.keys(t.json).sort()).toEqual(['access_token', 'expires_in', 'open_id', 'refresh_expires_in', 'refresh_token', 'scope', 'token_type'])
    expect(t.json).toMatchObject({ expires_in: 7200, refresh_expires_in: 15552000, token_type: 'Bearer', scope: 'user.info.basic,video.publish' })
    expect(emu().currentRefreshToken(t.json.open_id)).toBe(t.json.refresh_token)

    const info = await call(emu(), 'POST', '/v2/post/publish/creator_info/query/', { token: t.json.access_token, body: {} })
    expect(info.status).toBe(200)
    expect(info.json.data.creator_username).toBe('maria')
    expect(info.json.error).toEqual({ code: 'ok', message: '', log_id: expect.any(String) })
    expect(emu().ledger.some((e) => e.kind === 'authorize' && e.code === 'ok' && e.open_id === t.json.open_id)).toBe(true)
  })

  it('signs in one account per username, however often the authorize page is opened', async () => {
    const grant = async (params: Record<string, string>): Promise<string> => {
      const a = await authorize(params)
      const t = await call(emu(), 'POST', '/v2/oauth/token/', { form: codeGrant(a.location!.searchParams.get('code')!) })
      expect(t.status).toBe(200)
      return t.json.open_id as string
    }
    const first = await grant({})
    expect(await grant({})).toBe(first)
    expect(await grant({ username: 'emu_creator' })).toBe(first)
    const maria = await grant({ username: 'maria' })
    expect(maria).not.toBe(first)
    expect(await grant({ username: 'maria' })).toBe(maria)
    const accounts = (await call(emu(), 'GET', '/_emulator/accounts')).json.accounts as { username: string }[]
    expect(accounts.map((a) => a.username).sort()).toEqual(['emu_creator', 'maria'])
  })

  it('requires PKCE of a desktop app (a loopback redirect_uri), as TikTok does', async () => {
    const q = new URLSearchParams({ client_key: 'emu_client_key', scope: 'video.publish', response_type: 'code', redirect_uri: REDIRECT, state: 's' })
    const res = await request(`${emu().url}/v2/auth/authorize/?${q}`)
    await res.body.dump()
    const loc = new URL(res.headers.location as string)
    expect(loc.searchParams.get('error')).toBe('invalid_request')
    expect(loc.searchParams.get('error_description')).toContain('code_challenge is required')
    expect(loc.searchParams.get('code')).toBeNull()
  })

  it('makes the signed-in account private with private=true, and keeps the choice per account', async () => {
    const a = await authorize({ username: 'quiet', private: 'true' })
    const t = await call(emu(), 'POST', '/v2/oauth/token/', { form: codeGrant(a.location!.searchParams.get('code')!) })
    const info = await call(emu(), 'POST', '/v2/post/publish/creator_info/query/', { token: t.json.access_token, body: {} })
    expect(info.json.data.privacy_level_options).not.toContain('PUBLIC_TO_EVERYONE')
    expect(info.json.data.duet_disabled).toBe(true)
  })

  it('refuses a verifier that does not hash (hex SHA-256) to the challenge', async () => {
    const a = await authorize({})
    const t = await call(emu(), 'POST', '/v2/oauth/token/', {
      form: codeGrant(a.location!.searchParams.get('code')!, { code_verifier: VERIFIER + 'x' })
    })
    expect(t.status).toBe(400)
    expect(t.json).toEqual({ error: 'invalid_grant', error_description: expect.stringContaining('code_verifier'), log_id: expect.any(String) })
  })

  it('refuses a base64url challenge (TikTok desktop uses hex)', async () => {
    const b64 = createHash('sha256').update(VERIFIER).digest('base64url')
    const a = await authorize({ code_challenge: b64 })
    expect(a.status).toBe(302)
    expect(a.location!.searchParams.get('error')).toBe('invalid_request')
    expect(a.location!.searchParams.get('code')).toBeNull()
  })

  it('a code works once, and only with the redirect_uri it was issued for', async () => {
    const a = await authorize({})
    const code = a.location!.searchParams.get('code')!
    const wrong = await call(emu(), 'POST', '/v2/oauth/token/', { form: codeGrant(code, { redirect_uri: 'http://127.0.0.1:5678/other' }) })
    expect(wrong.json.error).toBe('invalid_grant')
    // the failed attempt consumed it as well, as single-use codes do
    const again = await call(emu(), 'POST', '/v2/oauth/token/', { form: codeGrant(code) })
    expect(again.json.error).toBe('invalid_grant')

    const b = await authorize({})
    const code2 = b.location!.searchParams.get('code')!
    expect((await call(emu(), 'POST', '/v2/oauth/token/', { form: codeGrant(code2) })).status).toBe(200)
    const reuse = await call(emu(), 'POST', '/v2/oauth/token/', { form: codeGrant(code2) })
    expect(reuse.json.error).toBe('invalid_grant')
  })

  it('bad client_key is a 400; bad response_type and unknown scope redirect with error and state', async () => {
    const bad = await authorize({ client_key: 'nope' })
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.text).error).toBe('invalid_client')
    const rt = await authorize({ response_type: 'token' })
    expect(rt.status).toBe(302)
    expect(rt.location!.searchParams.get('error')).toBe('unsupported_response_type')
    expect(rt.location!.searchParams.get('state')).toBe('csrf-1')
    const sc = await authorize({ scope: 'video.publish,video.delete' })
    expect(sc.location!.searchParams.get('error')).toBe('invalid_scope')
  })

  it('wrong client secret is invalid_client; unknown grant type is unsupported_grant_type; JSON body is invalid_request', async () => {
    const { refresh_token } = emu().addAccount()
    const secret = await call(emu(), 'POST', '/v2/oauth/token/', {
      form: { client_key: 'emu_client_key', client_secret: 'wrong', grant_type: 'refresh_token', refresh_token }
    })
    expect(secret.json.error).toBe('invalid_client')
    const grant = await call(emu(), 'POST', '/v2/oauth/token/', {
      form: { client_key: 'emu_client_key', client_secret: 'emu_client_secret', grant_type: 'password' }
    })
    expect(grant.json.error).toBe('unsupported_grant_type')
    const json = await call(emu(), 'POST', '/v2/oauth/token/', {
      body: { client_key: 'emu_client_key', client_secret: 'emu_client_secret', grant_type: 'refresh_token', refresh_token }
    })
    expect(json.json.error).toBe('invalid_request')
  })

  it('refresh tokens rotate: the new one works, the old one is dead at once', async () => {
    const { open_id, refresh_token: first } = emu().addAccount({ refresh_token: 'seeded-refresh-token-1' })
    expect(first).toBe('seeded-refresh-token-1')
    const form = (rt: string): Record<string, string> => ({
      client_key: 'emu_client_key',
      client_secret: 'emu_client_secret',
      grant_type: 'refresh_token',
      refresh_token: rt
    })
    const r1 = await call(emu(), 'POST', '/v2/oauth/token/', { form: form(first) })
    expect(r1.status).toBe(200)
    expect(r1.json.open_id).toBe(open_id)
    const second = r1.json.refresh_token as string
    expect(second).not.toBe(first)
    expect(emu().currentRefreshToken(open_id)).toBe(second)

    const old = await call(emu(), 'POST', '/v2/oauth/token/', { form: form(first) })
    expect(old.json.error).toBe('invalid_grant')
    expect(emu().ledger.some((e) => e.kind === 'violation' && e.code === 'invalid_grant')).toBe(true)

    const r2 = await call(emu(), 'POST', '/v2/oauth/token/', { form: form(second) })
    expect(r2.status).toBe(200)
    expect(emu().ledger.filter((e) => e.kind === 'refresh').map((e) => e.code)).toEqual(['ok', 'invalid_grant', 'ok'])
  })

  it('access tokens expire after access_token_ttl_sec on the emulator clock', async () => {
    const { access_token } = emu().addAccount()
    const ok = await call(emu(), 'GET', '/v2/user/info/?fields=open_id', { token: access_token })
    expect(ok.status).toBe(200)
    emu().advance(7200 * 1000 - 1)
    expect((await call(emu(), 'GET', '/v2/user/info/?fields=open_id', { token: access_token })).status).toBe(200)
    emu().advance(1)
    const expired = await call(emu(), 'GET', '/v2/user/info/?fields=open_id', { token: access_token })
    expect(expired.status).toBe(401)
    expect(expired.json).toEqual({ data: {}, error: { code: 'access_token_invalid', message: expect.any(String), log_id: expect.any(String) } })
    // expiry is the normal life of a token, not a client mistake
    expect(emu().ledger.some((e) => e.kind === 'violation')).toBe(false)
  })

  it('unknown or missing tokens are access_token_invalid', async () => {
    const r = await call(emu(), 'POST', '/v2/post/publish/creator_info/query/', { token: 'act.nope', body: {} })
    expect(r.status).toBe(401)
    expect(r.json.error.code).toBe('access_token_invalid')
    const none = await call(emu(), 'POST', '/v2/post/publish/creator_info/query/', { body: {} })
    expect(none.json.error.code).toBe('access_token_invalid')
  })

  it('refresh tokens expire after refresh_token_ttl_sec', async () => {
    const { refresh_token } = emu().addAccount()
    emu().advance(15552000 * 1000)
    const r = await call(emu(), 'POST', '/v2/oauth/token/', {
      form: { client_key: 'emu_client_key', client_secret: 'emu_client_secret', grant_type: 'refresh_token', refresh_token }
    })
    expect(r.json.error).toBe('invalid_grant')
  })

  it('scopes are enforced on every endpoint', async () => {
    const { access_token } = emu().addAccount({ scopes: ['user.info.basic'] })
    for (const [method, path] of [
      ['POST', '/v2/post/publish/creator_info/query/'],
      ['POST', '/v2/post/publish/video/init/'],
      ['POST', '/v2/post/publish/inbox/video/init/'],
      ['POST', '/v2/post/publish/status/fetch/'],
      ['POST', '/v2/video/list/?fields=id'],
      ['POST', '/v2/video/query/?fields=id']
    ] as const) {
      const r = await call(emu(), method, path, { token: access_token, body: {} })
      expect([path, r.status, r.json.error.code]).toEqual([path, 401, 'scope_not_authorized'])
    }
    const ok = await call(emu(), 'GET', '/v2/user/info/?fields=open_id,display_name', { token: access_token })
    expect(ok.status).toBe(200)
    const listOnly = emu().addAccount({ scopes: ['video.list'] })
    const noInfo = await call(emu(), 'GET', '/v2/user/info/?fields=open_id', { token: listOnly.access_token })
    expect(noInfo.json.error.code).toBe('scope_not_authorized')
  })

  it('revoke kills the access and refresh tokens', async () => {
    const { access_token, refresh_token } = emu().addAccount()
    const r = await call(emu(), 'POST', '/v2/oauth/revoke/', {
      form: { client_key: 'emu_client_key', client_secret: 'emu_client_secret', token: access_token }
    })
    expect(r.status).toBe(200)
    expect(r.text).toBe('')
    expect((await call(emu(), 'GET', '/v2/user/info/?fields=open_id', { token: access_token })).status).toBe(401)
    const rf = await call(emu(), 'POST', '/v2/oauth/token/', {
      form: { client_key: 'emu_client_key', client_secret: 'emu_client_secret', grant_type: 'refresh_token', refresh_token }
    })
    expect(rf.json.error).toBe('invalid_grant')
  })
})
