import { parseJsonLossless } from '../../src/json.js'
import { call, pollUntilFinal, uploadSmallPost, useEmulator } from './helpers.js'

describe('emulator Display API', () => {
  const { emu } = useEmulator({ config: { rate_limits: false, processing_polls: 0 } })

  async function publish(token: string, title: string, privacy = 'PUBLIC_TO_EVERYONE'): Promise<string> {
    const id = await uploadSmallPost(emu(), token, { title, privacy_level: privacy })
    const seen = await pollUntilFinal(emu(), token, id)
    expect(seen.at(-1)!.json.data.status).toBe('PUBLISH_COMPLETE')
    return emu().posts().find((p) => p.publish_id === id)!.video_id!
  }

  it('video/list: newest first, int64 ids as raw numbers, share_url, requested fields only, paging', async () => {
    const { access_token } = emu().addAccount({ username: 'brand' })
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push(await publish(access_token, `post ${i}`))
    const r = await call(emu(), 'POST', '/v2/video/list/?fields=id,title,create_time,share_url', { token: access_token, body: { max_count: 2 } })
    expect(r.status).toBe(200)
    for (const id of ids.slice(1)) expect(r.text).toContain(`"id":${id}`)
    const data = (parseJsonLossless(r.text) as { data: { videos: Array<Record<string, unknown>>; cursor: number; has_more: boolean } }).data
    expect(data.videos.map((v) => v.id)).toEqual([ids[2], ids[1]])
    expect(data.videos[0]).toEqual({
      id: ids[2],
      title: 'post 2',
      create_time: expect.any(Number),
      share_url: `https://www.tiktok.com/@brand/video/${ids[2]}`
    })
    expect(data.has_more).toBe(true)
    const next = await call(emu(), 'POST', '/v2/video/list/?fields=id', { token: access_token, body: { max_count: 2, cursor: data.cursor } })
    const page2 = parseJsonLossless(next.text) as { data: { videos: Array<{ id: string }>; has_more: boolean } }
    expect(page2.data.videos.map((v) => v.id)).toEqual([ids[0]])
    expect(page2.data.has_more).toBe(false)
  })

  it('video/list and video/query show only public posts; publicaly_available_post_id only for a public post', async () => {
    const { access_token } = emu().addAccount({ username: 'mixed' })
    const byPrivacy: Record<string, string> = {}
    const publicIds: Record<string, string[]> = {}
    for (const privacy of ['SELF_ONLY', 'MUTUAL_FOLLOW_FRIENDS', 'PUBLIC_TO_EVERYONE']) {
      const publishId = await uploadSmallPost(emu(), access_token, { title: privacy, privacy_level: privacy })
      const seen = await pollUntilFinal(emu(), access_token, publishId)
      expect(seen.at(-1)!.json.data.status).toBe('PUBLISH_COMPLETE')
      const data = (parseJsonLossless(seen.at(-1)!.text) as { data: { publicaly_available_post_id: unknown[] } }).data
      publicIds[privacy] = data.publicaly_available_post_id.map(String)
      byPrivacy[privacy] = emu().posts().find((p) => p.publish_id === publishId)!.video_id!
    }
    // every one of them is posted at TikTok…
    expect(Object.values(byPrivacy).every((id) => /^\d+$/.test(id))).toBe(true)
    // …but only the public one has a public id, and only it is listed
    expect(publicIds).toEqual({ SELF_ONLY: [], MUTUAL_FOLLOW_FRIENDS: [], PUBLIC_TO_EVERYONE: [byPrivacy.PUBLIC_TO_EVERYONE] })
    const list = await call(emu(), 'POST', '/v2/video/list/?fields=id,title', { token: access_token, body: { max_count: 20 } })
    expect(list.json.data.videos.map((v: { title: string }) => v.title)).toEqual(['PUBLIC_TO_EVERYONE'])
    expect(list.json.data.has_more).toBe(false)
    const query = await call(emu(), 'POST', '/v2/video/query/?fields=id,title', { token: access_token, body: { filters: { video_ids: Object.values(byPrivacy) } } })
    expect(query.json.data.videos.map((v: { title: string }) => v.title)).toEqual(['PUBLIC_TO_EVERYONE'])
  })

  it('video/list only lists the token owner’s videos and checks max_count and fields', async () => {
    const a = emu().addAccount()
    const b = emu().addAccount()
    await publish(a.access_token, 'a')
    const rb = await call(emu(), 'POST', '/v2/video/list/?fields=id', { token: b.access_token, body: {} })
    expect(rb.json.data.videos).toEqual([])
    const tooMany = await call(emu(), 'POST', '/v2/video/list/?fields=id', { token: a.access_token, body: { max_count: 21 } })
    expect([tooMany.status, tooMany.json.error.code]).toEqual([400, 'invalid_param'])
    const noFields = await call(emu(), 'POST', '/v2/video/list/', { token: a.access_token, body: {} })
    expect(noFields.json.error.code).toBe('invalid_param')
    const badField = await call(emu(), 'POST', '/v2/video/list/?fields=id,secret_sauce', { token: a.access_token, body: {} })
    expect(badField.json.error.code).toBe('invalid_param')
    const twenty = await call(emu(), 'POST', '/v2/video/list/?fields=id', { token: a.access_token, body: { max_count: 20 } })
    expect(twenty.status).toBe(200)
  })

  it('a post whose status is never fetched still publishes after a minute, so reconciliation via video/list works', async () => {
    await emu().close()
    const { startEmulator } = await import('../../src/emulator/index.js')
    let t = Date.UTC(2026, 0, 1)
    const e = await startEmulator({ now: () => t, config: { processing_polls: 5 } })
    try {
      const { access_token } = e.addAccount()
      await uploadSmallPost(e, access_token, { title: 'lost publish id' })
      const before = await call(e, 'POST', '/v2/video/list/?fields=id,title', { token: access_token, body: {} })
      expect(before.json.data.videos).toEqual([])
      t += 60_000
      const after = await call(e, 'POST', '/v2/video/list/?fields=id,title', { token: access_token, body: {} })
      expect(after.json.data.videos.map((v: { title: string }) => v.title)).toEqual(['lost publish id'])
    } finally {
      await e.close()
    }
  })

  it('video/query: filters.video_ids (raw int64 in the request too), at most 20', async () => {
    const { access_token } = emu().addAccount()
    const id = await publish(access_token, 'q')
    // the id as a bare JSON number beyond 2^53, written by hand as a lossless client would
    const r = await call(emu(), 'POST', '/v2/video/query/?fields=id,title', { token: access_token, body: `{"filters":{"video_ids":[${id}]}}` })
    expect(r.status).toBe(200)
    expect(r.text).toContain(`"id":${id}`)
    const asString = await call(emu(), 'POST', '/v2/video/query/?fields=id', { token: access_token, body: { filters: { video_ids: [id, '1'] } } })
    expect(asString.text).toContain(`"id":${id}`)
    expect(asString.json.data.videos).toHaveLength(1)
    const tooMany = await call(emu(), 'POST', '/v2/video/query/?fields=id', { token: access_token, body: { filters: { video_ids: Array.from({ length: 21 }, (_, i) => String(i)) } } })
    expect(tooMany.json.error.code).toBe('invalid_param')
  })

  it('user/info returns the requested fields under data.user', async () => {
    const { access_token, open_id } = emu().addAccount({ nickname: 'Nick' })
    const r = await call(emu(), 'GET', '/v2/user/info/?fields=open_id,union_id,avatar_url,display_name', { token: access_token })
    expect(r.json).toEqual({
      data: { user: { open_id, union_id: expect.any(String), avatar_url: expect.stringMatching(/^https:/), display_name: 'Nick' } },
      error: { code: 'ok', message: '', log_id: expect.any(String) }
    })
  })

  it('display endpoints allow 600 requests a minute per endpoint', async () => {
    await emu().close()
    const { startEmulator } = await import('../../src/emulator/index.js')
    const e = await startEmulator({ config: { rate_limits: { display: 3 } } })
    try {
      const { access_token } = e.addAccount()
      for (let i = 0; i < 3; i++) expect((await call(e, 'GET', '/v2/user/info/?fields=open_id', { token: access_token })).status).toBe(200)
      expect((await call(e, 'GET', '/v2/user/info/?fields=open_id', { token: access_token })).json.error.code).toBe('rate_limit_exceeded')
      // each display endpoint has its own window
      expect((await call(e, 'POST', '/v2/video/list/?fields=id', { token: access_token, body: {} })).status).toBe(200)
    } finally {
      await e.close()
    }
  })
})
