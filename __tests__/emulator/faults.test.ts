import { request } from 'undici'
import { call, directBody, fileUpload, pollUntilFinal, putChunk, uploadSmallPost, useEmulator } from './helpers.js'
import { until } from '../helpers/until.js'

const INIT = '/v2/post/publish/video/init/'
const STATUS = '/v2/post/publish/status/fetch/'

describe('emulator faults', () => {
  const { emu } = useEmulator({ config: { rate_limits: false } })
  const init = (token: string) => call(emu(), 'POST', INIT, { token, body: directBody(fileUpload(10)) })

  it('http_error answers the status with an internal_error envelope, `times` times, then recovers', async () => {
    const { access_token } = emu().addAccount()
    emu().inject({ endpoint: 'init', kind: 'http_error', status: 503, times: 2 })
    const a = await init(access_token)
    expect([a.status, a.json.error.code]).toEqual([503, 'internal_error'])
    expect((await init(access_token)).status).toBe(503)
    expect((await init(access_token)).status).toBe(200)
    expect(emu().posts()).toHaveLength(1)
    expect(emu().ledger.filter((e) => e.kind === 'fault').map((e) => e.code)).toEqual(['http_error', 'http_error'])
    // injected failures are not the client's fault
    expect(emu().ledger.some((e) => e.kind === 'violation')).toBe(false)
  })

  it('faults only hit their endpoint and open_id', async () => {
    const a = emu().addAccount()
    const b = emu().addAccount()
    emu().inject({ endpoint: 'status', kind: 'http_error', status: 500, open_id: a.open_id, times: Infinity })
    expect((await init(a.access_token)).status).toBe(200)
    const id = await uploadSmallPost(emu(), b.access_token)
    expect((await call(emu(), 'POST', STATUS, { token: b.access_token, body: { publish_id: id } })).status).toBe(200)
    for (let i = 0; i < 3; i++) expect((await call(emu(), 'POST', STATUS, { token: a.access_token, body: { publish_id: 'x' } })).status).toBe(500)
    emu().clearFaults()
    expect((await call(emu(), 'POST', STATUS, { token: a.access_token, body: { publish_id: 'x' } })).json.error.code).toBe('invalid_publish_id')
  })

  it('token endpoint faults use the flat OAuth error shape', async () => {
    const { refresh_token } = emu().addAccount()
    emu().inject({ endpoint: 'token', kind: 'http_error', status: 502 })
    const form = { client_key: 'emu_client_key', client_secret: 'emu_client_secret', grant_type: 'refresh_token', refresh_token }
    const r = await call(emu(), 'POST', '/v2/oauth/token/', { form })
    expect(r.status).toBe(502)
    expect(r.json).toEqual({ error: 'server_error', error_description: expect.any(String), log_id: expect.any(String) })
    // the failed call did not rotate anything: the same refresh token still works
    expect((await call(emu(), 'POST', '/v2/oauth/token/', { form })).status).toBe(200)
  })

  it('rate_limit answers 429 rate_limit_exceeded, with Retry-After only when asked', async () => {
    const { access_token } = emu().addAccount()
    emu().inject({ endpoint: 'init', kind: 'rate_limit', retry_after_sec: 7 })
    emu().inject({ endpoint: 'init', kind: 'rate_limit' })
    const a = await init(access_token)
    expect([a.status, a.json.error.code, a.headers['retry-after']]).toEqual([429, 'rate_limit_exceeded', '7'])
    const b = await init(access_token)
    expect([b.status, b.headers['retry-after']]).toEqual([429, undefined])
    expect((await init(access_token)).status).toBe(200)
  })

  it('error_code answers any TikTok code with its status', async () => {
    const { access_token } = emu().addAccount()
    emu().inject({ endpoint: 'init', kind: 'error_code', status: 403, code: 'spam_risk_user_banned_from_posting', message: 'banned for now' })
    const r = await init(access_token)
    expect(r.status).toBe(403)
    expect(r.json.error).toEqual({ code: 'spam_risk_user_banned_from_posting', message: 'banned for now', log_id: expect.any(String) })
    expect(emu().posts()).toHaveLength(0)
  })

  it('latency delays the answer and then serves it normally', async () => {
    const { access_token } = emu().addAccount()
    emu().inject({ endpoint: 'init', kind: 'latency', ms: 400 })
    // The client gives up once the request is being held at the emulator, not after
    // a fixed 50 ms: on a busy machine the request may not even have arrived by then,
    // and an init cut off before its body was read never takes effect. The check that
    // sees the fault runs on a 5 ms timer of this process, due long before the 400 ms
    // one of the latency, so the abort always comes first.
    const ac = new AbortController()
    const answer = request(`${emu().url}${INIT}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify(directBody(fileUpload(10))),
      signal: ac.signal
    })
    await until(() => emu().ledger.some((l) => l.kind === 'fault' && l.code === 'latency'), 'the init is held by the latency')
    expect(emu().posts()).toHaveLength(0)
    ac.abort()
    await expect(answer).rejects.toThrow()
    // the delayed request still took effect once its latency passed
    await until(() => emu().posts().length > 0, 'the delayed init takes effect')
    expect(emu().posts()).toHaveLength(1)
    expect((await init(access_token)).status).toBe(200)
  })

  it('drop cuts the connection after half the body, after the request took effect', async () => {
    const { access_token } = emu().addAccount()
    emu().inject({ endpoint: 'init', kind: 'drop' })
    await expect(init(access_token)).rejects.toThrow()
    expect(emu().posts()).toHaveLength(1)
    expect((await init(access_token)).status).toBe(200)
  })

  it('malformed_json answers a body no JSON parser accepts, after the request took effect', async () => {
    const { access_token } = emu().addAccount()
    emu().inject({ endpoint: 'init', kind: 'malformed_json' })
    const r = await init(access_token)
    expect(r.status).toBe(200)
    expect(() => JSON.parse(r.text)).toThrow()
    expect(emu().posts()).toHaveLength(1)
  })

  it('chunk faults: a 503 on a chunk, then the same chunk goes through', async () => {
    const { access_token, open_id } = emu().addAccount()
    const r = await init(access_token)
    emu().inject({ endpoint: 'chunk', kind: 'http_error', status: 503, open_id })
    expect((await putChunk(r.json.data.upload_url, Buffer.alloc(10), 'bytes 0-9/10')).status).toBe(503)
    expect(emu().posts()[0]!.bytes_received).toBe(0)
    expect((await putChunk(r.json.data.upload_url, Buffer.alloc(10), 'bytes 0-9/10')).status).toBe(201)
  })

  it('fail_post makes the account’s next post end FAILED with the reason; the one after is fine', async () => {
    const { access_token, open_id } = emu().addAccount()
    const other = emu().addAccount()
    emu().inject({ kind: 'fail_post', fail_reason: 'spam_risk_text', open_id })
    const otherId = await uploadSmallPost(emu(), other.access_token)
    expect((await pollUntilFinal(emu(), other.access_token, otherId)).at(-1)!.json.data.status).toBe('PUBLISH_COMPLETE')
    const first = await uploadSmallPost(emu(), access_token)
    expect((await pollUntilFinal(emu(), access_token, first)).at(-1)!.json.data).toMatchObject({ status: 'FAILED', fail_reason: 'spam_risk_text' })
    const second = await uploadSmallPost(emu(), access_token)
    expect((await pollUntilFinal(emu(), access_token, second)).at(-1)!.json.data.status).toBe('PUBLISH_COMPLETE')
    expect(emu().ledger.find((e) => e.kind === 'published' && e.publish_id === first)!.code).toBe('spam_risk_text')
  })

  it('stuck keeps the next post processing N extra polls, even as time passes', async () => {
    const { access_token } = emu().addAccount()
    emu().inject({ kind: 'stuck', polls: 3 })
    const id = await uploadSmallPost(emu(), access_token)
    emu().advance(10 * 60_000)
    expect(emu().posts()[0]!.status).toBe('PROCESSING_UPLOAD')
    const statuses = (await pollUntilFinal(emu(), access_token, id)).map((r) => r.json.data.status)
    expect(statuses).toEqual(['PROCESSING_UPLOAD', 'PROCESSING_UPLOAD', 'PROCESSING_UPLOAD', 'PROCESSING_UPLOAD', 'PUBLISH_COMPLETE'])
  })

  it('inject refuses a malformed fault', () => {
    expect(() => emu().inject({ kind: 'http_error', status: 404 } as never)).toThrow()
    expect(() => emu().inject({ kind: 'teleport' } as never)).toThrow()
  })
})

describe('emulator admin API', () => {
  const { emu } = useEmulator({ config: { rate_limits: false } })

  it('seeds accounts, injects and clears faults, shows ledger and posts, advances the clock', async () => {
    const acc = await call(emu(), 'POST', '/_emulator/accounts', { body: { username: 'rehearsal', refresh_token: 'seed-rt', private: true } })
    expect(acc.status).toBe(200)
    expect(acc.json).toEqual({ open_id: expect.any(String), refresh_token: 'seed-rt', access_token: expect.any(String) })

    const f = await call(emu(), 'POST', '/_emulator/faults', { body: [{ endpoint: 'creator_info', kind: 'http_error', status: 500, times: 'Infinity' }] })
    expect(f.json).toEqual({ injected: 1 })
    expect((await call(emu(), 'GET', '/_emulator/faults')).json.faults).toEqual([{ endpoint: 'creator_info', kind: 'http_error', status: 500, times: 'Infinity' }])
    const token = acc.json.access_token
    expect((await call(emu(), 'POST', '/v2/post/publish/creator_info/query/', { token, body: {} })).status).toBe(500)
    expect((await call(emu(), 'POST', '/v2/post/publish/creator_info/query/', { token, body: {} })).status).toBe(500)
    expect((await call(emu(), 'DELETE', '/_emulator/faults')).status).toBe(200)
    expect((await call(emu(), 'POST', '/v2/post/publish/creator_info/query/', { token, body: {} })).status).toBe(200)

    await uploadSmallPost(emu(), token, { privacy_level: 'SELF_ONLY' })
    const posts = await call(emu(), 'GET', '/_emulator/posts')
    expect(posts.json.posts).toEqual([expect.objectContaining({ open_id: acc.json.open_id, mode: 'direct', source: 'FILE_UPLOAD', privacy_level: 'SELF_ONLY', bytes_received: 1000 })])
    const ledger = await call(emu(), 'GET', '/_emulator/ledger')
    expect(ledger.json.ledger.map((e: { kind: string }) => e.kind)).toEqual(['fault', 'creator_info', 'fault', 'creator_info', 'creator_info', 'init', 'chunk', 'upload_complete'])

    const adv = await call(emu(), 'POST', '/_emulator/advance', { body: { ms: 2 * 60 * 60 * 1000 } })
    expect(adv.status).toBe(200)
    expect((await call(emu(), 'POST', '/v2/post/publish/creator_info/query/', { token, body: {} })).json.error.code).toBe('access_token_invalid')
    const accounts = await call(emu(), 'GET', '/_emulator/accounts')
    expect(accounts.json.accounts[0]).toMatchObject({ username: 'rehearsal', refresh_token: 'seed-rt' })
  })

  it('refuses bad input with 400 and unknown admin paths with 404', async () => {
    expect((await call(emu(), 'POST', '/_emulator/faults', { body: { kind: 'nope' } })).status).toBe(400)
    expect((await call(emu(), 'POST', '/_emulator/faults', { body: '{not json' })).status).toBe(400)
    expect((await call(emu(), 'POST', '/_emulator/accounts', { body: { scopes: ['video.delete'] } })).status).toBe(400)
    expect((await call(emu(), 'POST', '/_emulator/accounts', { body: { colour: 'red' } })).status).toBe(400)
    expect((await call(emu(), 'POST', '/_emulator/advance', { body: {} })).status).toBe(400)
    expect((await call(emu(), 'GET', '/_emulator/nothing')).status).toBe(404)
  })

  it('unknown TikTok paths answer 404 in the envelope', async () => {
    const r = await call(emu(), 'POST', '/v2/post/publish/delete/', { body: {} })
    expect(r.status).toBe(404)
    expect(r.json.error.code).toBe('not_found')
  })
})
