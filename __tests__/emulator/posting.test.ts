import { parseJsonLossless } from '../../src/json.js'
import { call, directBody, freshAccessToken, fileUpload, pollUntilFinal, putChunk, uploadSmallPost, useEmulator } from './helpers.js'

const INIT = '/v2/post/publish/video/init/'
const INBOX = '/v2/post/publish/inbox/video/init/'
const STATUS = '/v2/post/publish/status/fetch/'

/** A minimal MP4 prefix: ftyp, then moov/mvhd (version 0) with the given duration. */
function mp4WithDuration(seconds: number, size: number): Buffer {
  const ftyp = Buffer.alloc(16)
  ftyp.writeUInt32BE(16, 0)
  ftyp.write('ftypisom', 4, 'latin1')
  const mvhd = Buffer.alloc(8 + 100)
  mvhd.writeUInt32BE(mvhd.length, 0)
  mvhd.write('mvhd', 4, 'latin1')
  mvhd.writeUInt32BE(1000, 8 + 12)
  mvhd.writeUInt32BE(seconds * 1000, 8 + 16)
  const moov = Buffer.alloc(8)
  moov.writeUInt32BE(8 + mvhd.length, 0)
  moov.write('moov', 4, 'latin1')
  const head = Buffer.concat([ftyp, moov, mvhd])
  const mdat = Buffer.alloc(size - head.length)
  mdat.writeUInt32BE(mdat.length, 0)
  mdat.write('mdat', 4, 'latin1')
  return Buffer.concat([head, mdat])
}

describe('emulator posting', () => {
  const { emu } = useEmulator()

  it('creator_info follows the account: public vs private options, private disables duet and stitch', async () => {
    const pub = emu().addAccount({ username: 'pub', nickname: 'Pub Lic', comment_disabled: true, max_video_post_duration_sec: 300 })
    const r = await call(emu(), 'POST', '/v2/post/publish/creator_info/query/', { token: pub.access_token, body: {} })
    expect(r.json.data).toEqual({
      creator_avatar_url: expect.stringMatching(/^https:\/\//),
      creator_username: 'pub',
      creator_nickname: 'Pub Lic',
      privacy_level_options: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
      comment_disabled: true,
      duet_disabled: false,
      stitch_disabled: false,
      max_video_post_duration_sec: 300
    })
    const priv = emu().addAccount({ private: true })
    const p = await call(emu(), 'POST', '/v2/post/publish/creator_info/query/', { token: priv.access_token, body: {} })
    expect(p.json.data).toMatchObject({
      privacy_level_options: ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
      duet_disabled: true,
      stitch_disabled: true,
      max_video_post_duration_sec: 600
    })
  })

  it('status goes PROCESSING_UPLOAD → (processing poll) → PUBLISH_COMPLETE with a raw int64 post id', async () => {
    const { access_token, open_id } = emu().addAccount({ username: 'brand' })
    const init = await call(emu(), 'POST', INIT, { token: access_token, body: directBody(fileUpload(1000)) })
    const publish_id = init.json.data.publish_id
    const before = await call(emu(), 'POST', STATUS, { token: access_token, body: { publish_id } })
    expect(before.json.data).toEqual({ status: 'PROCESSING_UPLOAD', publicaly_available_post_id: [], uploaded_bytes: 0, downloaded_bytes: 0 })
    expect((await putChunk(init.json.data.upload_url, Buffer.alloc(1000), 'bytes 0-999/1000')).status).toBe(201)
    const processing = await call(emu(), 'POST', STATUS, { token: access_token, body: { publish_id } })
    expect(processing.json.data.status).toBe('PROCESSING_UPLOAD')
    expect(processing.json.data.uploaded_bytes).toBe(1000)
    const done = await call(emu(), 'POST', STATUS, { token: access_token, body: { publish_id } })
    expect(done.json.data.status).toBe('PUBLISH_COMPLETE')

    const videoId = emu().posts()[0]!.video_id!
    expect(BigInt(videoId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true)
    // unquoted digits in the raw text, exactly as TikTok writes int64
    expect(done.text).toContain(`"publicaly_available_post_id":[${videoId}]`)
    expect((parseJsonLossless(done.text) as { data: { publicaly_available_post_id: string[] } }).data.publicaly_available_post_id).toEqual([videoId])
    expect(emu().ledger.some((e) => e.kind === 'published' && e.publish_id === publish_id && e.open_id === open_id && e.code === 'ok')).toBe(true)
  })

  it('SELF_ONLY posts complete with an empty publicaly_available_post_id', async () => {
    const { access_token } = emu().addAccount()
    const id = await uploadSmallPost(emu(), access_token, { privacy_level: 'SELF_ONLY' })
    const seen = await pollUntilFinal(emu(), access_token, id)
    expect(seen.at(-1)!.json.data).toMatchObject({ status: 'PUBLISH_COMPLETE', publicaly_available_post_id: [] })
    expect(emu().posts()[0]!.video_id).toMatch(/^\d{19}$/)
  })

  it('processing_polls: 0 publishes on the first poll after upload', async () => {
    await emu().close()
    const { startEmulator } = await import('../../src/emulator/index.js')
    const e = await startEmulator({ config: { processing_polls: 3 } })
    try {
      const { access_token } = e.addAccount()
      const id = await uploadSmallPost(e, access_token)
      const seen = await pollUntilFinal(e, access_token, id)
      expect(seen.map((r) => r.json.data.status)).toEqual(['PROCESSING_UPLOAD', 'PROCESSING_UPLOAD', 'PROCESSING_UPLOAD', 'PUBLISH_COMPLETE'])
    } finally {
      await e.close()
    }
    const z = await startEmulator({ config: { processing_polls: 0 } })
    try {
      const { access_token } = z.addAccount()
      const id = await uploadSmallPost(z, access_token)
      expect((await pollUntilFinal(z, access_token, id)).map((r) => r.json.data.status)).toEqual(['PUBLISH_COMPLETE'])
    } finally {
      await z.close()
    }
  })

  it('status: unknown publish_id, another user’s publish_id, missing publish_id', async () => {
    const a = emu().addAccount()
    const b = emu().addAccount()
    const id = await uploadSmallPost(emu(), a.access_token)
    const unknown = await call(emu(), 'POST', STATUS, { token: a.access_token, body: { publish_id: 'v_pub_file~v2-1.1' } })
    expect([unknown.status, unknown.json.error.code]).toEqual([400, 'invalid_publish_id'])
    const other = await call(emu(), 'POST', STATUS, { token: b.access_token, body: { publish_id: id } })
    expect([other.status, other.json.error.code]).toEqual([400, 'token_not_authorized_for_specified_publish_id'])
    const missing = await call(emu(), 'POST', STATUS, { token: a.access_token, body: {} })
    expect([missing.status, missing.json.error.code]).toEqual([400, 'invalid_param'])
  })

  it('privacy_level is required and must be one of the creator’s options', async () => {
    const priv = emu().addAccount({ private: true })
    const missing = await call(emu(), 'POST', INIT, { token: priv.access_token, body: { post_info: { title: 'x' }, source_info: fileUpload(10) } })
    expect([missing.status, missing.json.error.code]).toEqual([400, 'invalid_param'])
    const mismatch = await call(emu(), 'POST', INIT, { token: priv.access_token, body: directBody(fileUpload(10), { privacy_level: 'PUBLIC_TO_EVERYONE' }) })
    expect([mismatch.status, mismatch.json.error.code]).toEqual([403, 'privacy_level_option_mismatch'])
    const ok = await call(emu(), 'POST', INIT, { token: priv.access_token, body: directBody(fileUpload(10), { privacy_level: 'FOLLOWER_OF_CREATOR' }) })
    expect(ok.status).toBe(200)
    const pub = emu().addAccount()
    const follower = await call(emu(), 'POST', INIT, { token: pub.access_token, body: directBody(fileUpload(10), { privacy_level: 'FOLLOWER_OF_CREATOR' }) })
    expect(follower.json.error.code).toBe('privacy_level_option_mismatch')
    expect(emu().ledger.filter((e) => e.kind === 'violation').map((e) => e.code)).toEqual([
      'invalid_param',
      'privacy_level_option_mismatch',
      'privacy_level_option_mismatch'
    ])
  })

  it('title is at most 2200 UTF-16 code units', async () => {
    const { access_token } = emu().addAccount({ daily_post_cap: 100 })
    const emoji = '😀' // two UTF-16 units
    const atLimit = await call(emu(), 'POST', INIT, { token: access_token, body: directBody(fileUpload(10), { title: emoji.repeat(1100) }) })
    expect(atLimit.status).toBe(200)
    const over = await call(emu(), 'POST', INIT, { token: access_token, body: directBody(fileUpload(10), { title: emoji.repeat(1100) + 'a' }) })
    expect([over.status, over.json.error.code]).toEqual([400, 'invalid_param'])
  })

  it('branded content cannot be SELF_ONLY', async () => {
    const { access_token } = emu().addAccount()
    const bad = await call(emu(), 'POST', INIT, { token: access_token, body: directBody(fileUpload(10), { privacy_level: 'SELF_ONLY', brand_content_toggle: true }) })
    expect([bad.status, bad.json.error.code]).toEqual([400, 'invalid_param'])
    const ok = await call(emu(), 'POST', INIT, { token: access_token, body: directBody(fileUpload(10), { privacy_level: 'PUBLIC_TO_EVERYONE', brand_content_toggle: true }) })
    expect(ok.status).toBe(200)
  })

  it('the daily direct-post cap gives 403 spam_risk_too_many_posts until 24 h pass', async () => {
    const { access_token, open_id } = emu().addAccount({ daily_post_cap: 2 })
    let token = access_token
    const init = () => call(emu(), 'POST', INIT, { token, body: directBody(fileUpload(10)) })
    expect((await init()).status).toBe(200)
    expect((await init()).status).toBe(200)
    const third = await init()
    expect([third.status, third.json.error.code]).toEqual([403, 'spam_risk_too_many_posts'])
    emu().advance(24 * 60 * 60 * 1000 - 1)
    token = await freshAccessToken(emu(), open_id)
    expect((await init()).json.error.code).toBe('spam_risk_too_many_posts')
    emu().advance(1)
    expect((await init()).status).toBe(200)
  })

  it('the default daily cap is 15', async () => {
    await emu().close()
    const { startEmulator } = await import('../../src/emulator/index.js')
    const e = await startEmulator({ config: { rate_limits: false } })
    try {
      const { access_token } = e.addAccount()
      const codes: string[] = []
      for (let i = 0; i < 16; i++) {
        codes.push((await call(e, 'POST', INIT, { token: access_token, body: directBody(fileUpload(10)) })).json.error.code)
      }
      expect(codes.filter((c) => c === 'ok')).toHaveLength(15)
      expect(codes[15]).toBe('spam_risk_too_many_posts')
    } finally {
      await e.close()
    }
  })

  it('inbox uploads: source_info only, SEND_TO_USER_INBOX, 5 pending shares per 24 h', async () => {
    const { access_token, open_id } = emu().addAccount({ scopes: ['video.upload'] })
    const init = await call(emu(), 'POST', INBOX, { token: access_token, body: { source_info: fileUpload(10) } })
    expect(init.status).toBe(200)
    expect(Object.keys(init.json.data).sort()).toEqual(['publish_id', 'upload_url'])
    await putChunk(init.json.data.upload_url, Buffer.alloc(10), 'bytes 0-9/10')
    const seen = await pollUntilFinal(emu(), access_token, init.json.data.publish_id)
    expect(seen.at(-1)!.json.data).toMatchObject({ status: 'SEND_TO_USER_INBOX', publicaly_available_post_id: [] })
    for (let i = 0; i < 4; i++) {
      emu().advance(61_000) // stay under the init rate limit
      expect((await call(emu(), 'POST', INBOX, { token: access_token, body: { source_info: fileUpload(10) } })).status).toBe(200)
    }
    const sixth = await call(emu(), 'POST', INBOX, { token: access_token, body: { source_info: fileUpload(10) } })
    expect([sixth.status, sixth.json.error.code]).toEqual([403, 'spam_risk_too_many_pending_share'])
    emu().advance(24 * 60 * 60 * 1000)
    expect((await call(emu(), 'POST', INBOX, { token: await freshAccessToken(emu(), open_id), body: { source_info: fileUpload(10) } })).status).toBe(200)
    // inbox drafts are not published videos: the creator finishes them in the app
    expect(emu().posts().filter((p) => p.video_id !== undefined)).toEqual([])
    expect(emu().posts().every((p) => p.mode === 'inbox')).toBe(true)
  })

  it('rate limit: the 7th init in a minute is 429, and passes after advance(60 s)', async () => {
    const { access_token } = emu().addAccount()
    for (let i = 0; i < 6; i++) expect((await call(emu(), 'POST', INIT, { token: access_token, body: directBody(fileUpload(10)) })).status).toBe(200)
    const seventh = await call(emu(), 'POST', INIT, { token: access_token, body: directBody(fileUpload(10)) })
    expect([seventh.status, seventh.json.error.code]).toEqual([429, 'rate_limit_exceeded'])
    expect(seventh.headers['retry-after']).toBeUndefined()
    // inbox init shares the init budget
    expect((await call(emu(), 'POST', INBOX, { token: access_token, body: { source_info: fileUpload(10) } })).status).toBe(429)
    emu().advance(60_000)
    expect((await call(emu(), 'POST', INIT, { token: access_token, body: directBody(fileUpload(10)) })).status).toBe(200)
  })

  it('rate limit: status 30/min, per token', async () => {
    const a = emu().addAccount()
    const id = await uploadSmallPost(emu(), a.access_token)
    for (let i = 0; i < 30; i++) expect((await call(emu(), 'POST', STATUS, { token: a.access_token, body: { publish_id: id } })).status).toBe(200)
    expect((await call(emu(), 'POST', STATUS, { token: a.access_token, body: { publish_id: id } })).status).toBe(429)
    // a fresh token of the same account has its own window
    const r = await call(emu(), 'POST', '/v2/oauth/token/', {
      form: { client_key: 'emu_client_key', client_secret: 'emu_client_secret', grant_type: 'refresh_token', refresh_token: a.refresh_token }
    })
    expect((await call(emu(), 'POST', STATUS, { token: r.json.access_token, body: { publish_id: id } })).status).toBe(200)
  })

  // photo posts are emulated now (see photo.test.ts); an empty carousel is the client's mistake
  it('content/init with no photos answers a clear invalid_param', async () => {
    const { access_token } = emu().addAccount()
    const r = await call(emu(), 'POST', '/v2/post/publish/content/init/', {
      token: access_token,
      body: { media_type: 'PHOTO', post_mode: 'DIRECT_POST', post_info: { privacy_level: 'SELF_ONLY' }, source_info: { source: 'PULL_FROM_URL', photo_images: [], photo_cover_index: 0 } }
    })
    expect([r.status, r.json.error.code]).toEqual([400, 'invalid_param'])
    expect(r.json.error.message).toMatch(/photo_images must list 1 to 35 URLs/)
  })

  it('rate limit: creator_info 20/min per token', async () => {
    const { access_token } = emu().addAccount()
    const q = () => call(emu(), 'POST', '/v2/post/publish/creator_info/query/', { token: access_token, body: {} })
    for (let i = 0; i < 20; i++) expect((await q()).status).toBe(200)
    expect((await q()).json.error.code).toBe('rate_limit_exceeded')
    emu().advance(59_999)
    expect((await q()).status).toBe(429)
    emu().advance(1)
    expect((await q()).status).toBe(200)
  })

  it('duration check: an MP4 longer than max_video_post_duration_sec ends FAILED duration_check_failed', async () => {
    const { access_token } = emu().addAccount({ max_video_post_duration_sec: 60 })
    const upload = async (seconds: number) => {
      const data = mp4WithDuration(seconds, 4000)
      const init = await call(emu(), 'POST', INIT, { token: access_token, body: directBody(fileUpload(data.length)) })
      await putChunk(init.json.data.upload_url, data, `bytes 0-${data.length - 1}/${data.length}`)
      return (await pollUntilFinal(emu(), access_token, init.json.data.publish_id)).at(-1)!.json.data
    }
    expect(await upload(61)).toMatchObject({ status: 'FAILED', fail_reason: 'duration_check_failed' })
    expect(await upload(60)).toMatchObject({ status: 'PUBLISH_COMPLETE' })
    expect(emu().posts().map((p) => p.duration_sec)).toEqual([61, 60])
  })
})

describe('emulator unaudited apps', () => {
  const { emu } = useEmulator({
    config: {
      apps: [{ client_key: 'unaudited', client_secret: 's', audited: false }],
      rate_limits: false,
      unaudited_account_cap: 2
    }
  })

  it('a public account is refused; a private account may post SELF_ONLY only', async () => {
    const pub = emu().addAccount()
    const r = await call(emu(), 'POST', INIT, { token: pub.access_token, body: directBody(fileUpload(10), { privacy_level: 'SELF_ONLY' }) })
    expect([r.status, r.json.error.code]).toEqual([403, 'unaudited_client_can_only_post_to_private_accounts'])
    const priv = emu().addAccount({ private: true })
    const follower = await call(emu(), 'POST', INIT, { token: priv.access_token, body: directBody(fileUpload(10), { privacy_level: 'FOLLOWER_OF_CREATOR' }) })
    expect([follower.status, follower.json.error.code]).toEqual([403, 'privacy_level_option_mismatch'])
    const ok = await call(emu(), 'POST', INIT, { token: priv.access_token, body: directBody(fileUpload(10), { privacy_level: 'SELF_ONLY' }) })
    expect(ok.status).toBe(200)
  })

  it('more distinct posting users in 24 h than the cap → reached_active_user_cap; known posters continue', async () => {
    const users = [0, 1, 2].map(() => emu().addAccount({ private: true }))
    const post = (t: string) => call(emu(), 'POST', INIT, { token: t, body: directBody(fileUpload(10), { privacy_level: 'SELF_ONLY' }) })
    expect((await post(users[0]!.access_token)).status).toBe(200)
    expect((await post(users[1]!.access_token)).status).toBe(200)
    const third = await post(users[2]!.access_token)
    expect([third.status, third.json.error.code]).toEqual([403, 'reached_active_user_cap'])
    // inbox uploads count towards the same app-wide cap
    const inbox = await call(emu(), 'POST', INBOX, { token: users[2]!.access_token, body: { source_info: fileUpload(10) } })
    expect(inbox.json.error.code).toBe('reached_active_user_cap')
    expect((await post(users[0]!.access_token)).status).toBe(200)
    emu().advance(24 * 60 * 60 * 1000)
    expect((await post(await freshAccessToken(emu(), users[2]!.open_id, 'unaudited', 's'))).status).toBe(200)
  })
})
