import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { FIXTURES } from '../helpers/workspace.js'
import { call, type Res } from './helpers.js'
import { until } from '../helpers/until.js'

/** content/init with media_type PHOTO: the emulator really pulls every image from a local site. */
describe('emulator photo posts (content/init)', () => {
  const PREFIX = 'https://media.example.test/media/'
  let site: Server
  let siteUrl: string
  let emu: Emulator

  beforeAll(async () => {
    const files: Record<string, string> = { 'a.jpg': 'photo-a.jpg', 'c.webp': 'photo-c.webp', 'p.png': 'photo.png', 'big.jpg': 'photo-2000.jpg' }
    site = createServer((req, res) => {
      const name = (req.url ?? '').replace('/media/', '')
      if (name === 'moved.jpg') {
        res.writeHead(301, { location: '/media/a.jpg' })
        res.end()
        return
      }
      const file = files[name]
      if (!file) {
        res.writeHead(404)
        res.end()
        return
      }
      res.writeHead(200)
      res.end(readFileSync(path.join(FIXTURES, file)))
    })
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r))
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`
  })
  afterAll(async () => {
    await new Promise((r) => site.close(r))
  })
  beforeEach(async () => {
    emu = await startEmulator({
      config: {
        apps: [{ client_key: 'k', client_secret: 's', pull_prefixes: [PREFIX] }],
        pull_rewrite: { 'https://media.example.test/': siteUrl },
        rate_limits: false
      }
    })
  })
  afterEach(async () => {
    await emu.close()
  })

  const body = (images: string[], o: { mode?: string; post?: Record<string, unknown>; cover?: number } = {}) => ({
    media_type: 'PHOTO',
    post_mode: o.mode ?? 'DIRECT_POST',
    post_info: { title: 'Looks', description: 'Two looks #spring', privacy_level: 'SELF_ONLY', ...o.post },
    source_info: { source: 'PULL_FROM_URL', photo_images: images.map((i) => PREFIX + i), photo_cover_index: o.cover ?? 0 }
  })
  const init = (token: string, b: unknown): Promise<Res> => call(emu, 'POST', '/v2/post/publish/content/init/', { token, body: b })

  /** Polls until the pull has ended, however long the machine takes to serve the images. */
  async function final(token: string, publish_id: string): Promise<Res> {
    let r: Res | undefined
    await until(async () => {
      r = await call(emu, 'POST', '/v2/post/publish/status/fetch/', { token, body: { publish_id } })
      return ['PUBLISH_COMPLETE', 'SEND_TO_USER_INBOX', 'FAILED'].includes(r.json.data.status)
    }, `${publish_id} ends`)
    return r!
  }

  it('pulls every image, publishes, and records no violation', async () => {
    const { access_token } = emu.addAccount()
    const r = await init(access_token, body(['a.jpg', 'c.webp'], { cover: 1 }))
    expect(r.status).toBe(200)
    expect(r.json.data.publish_id).toMatch(/^p_pub_url~v2-1\.\d+$/)
    const done = await final(access_token, r.json.data.publish_id)
    expect(done.json.data.status).toBe('PUBLISH_COMPLETE')
    expect(done.json.data.publicaly_available_post_id).toEqual([]) // SELF_ONLY: no public id
    const post = emu.posts()[0]!
    expect(post).toMatchObject({ media_type: 'PHOTO', photo_cover_index: 1, photo_title: 'Looks', title: 'Two looks #spring' })
    expect(post.photo_sha256).toHaveLength(2)
    expect(emu.ledger.filter((l) => l.kind === 'violation')).toEqual([])
    expect(emu.ledger.find((l) => l.kind === 'content_init')).toMatchObject({ code: 'ok' })
  })

  it.each([
    ['a PNG', ['a.jpg', 'p.png'], 'file_format_check_failed'],
    ['a 2000 px image', ['big.jpg'], 'picture_size_check_failed'],
    ['a 404', ['gone.jpg'], 'photo_pull_failed'],
    ['a redirect (TikTok follows none)', ['moved.jpg'], 'photo_pull_failed']
  ])('fails a post whose images hold %s', async (_what, images, reason) => {
    const { access_token } = emu.addAccount()
    const r = await init(access_token, body(images))
    expect(r.status).toBe(200)
    const done = await final(access_token, r.json.data.publish_id)
    expect(done.json.data).toMatchObject({ status: 'FAILED', fail_reason: reason })
  })

  it.each([
    ['a URL outside the verified prefixes', body(['a.jpg']).source_info, 403, 'url_ownership_unverified', { photo_images: ['https://elsewhere.example.test/a.jpg'] }],
    ['no cover index', body(['a.jpg']).source_info, 400, 'invalid_param', { photo_cover_index: undefined }],
    ['36 images', body(['a.jpg']).source_info, 400, 'invalid_param', { photo_images: Array.from({ length: 36 }, () => `${PREFIX}a.jpg`) }],
    ['FILE_UPLOAD', body(['a.jpg']).source_info, 400, 'invalid_param', { source: 'FILE_UPLOAD' }]
  ])('refuses %s', async (_what, source, status, code, change) => {
    const { access_token } = emu.addAccount()
    const r = await init(access_token, { ...body(['a.jpg']), source_info: { ...source, ...change } })
    expect([r.status, r.json.error.code]).toEqual([status, code])
    expect(emu.posts()).toEqual([])
  })

  it('a title over 90 units and duet settings are refused; privacy is required for direct posts only', async () => {
    const { access_token } = emu.addAccount()
    expect((await init(access_token, body(['a.jpg'], { post: { title: 'x'.repeat(91) } }))).json.error.code).toBe('invalid_param')
    expect((await init(access_token, body(['a.jpg'], { post: { disable_duet: true } }))).json.error.code).toBe('invalid_param')
    expect((await init(access_token, body(['a.jpg'], { post: { privacy_level: undefined } }))).json.error.code).toBe('invalid_param')
    const draft = await init(access_token, body(['a.jpg'], { mode: 'MEDIA_UPLOAD', post: { privacy_level: undefined } }))
    expect(draft.status).toBe(200)
    expect((await final(access_token, draft.json.data.publish_id)).json.data.status).toBe('SEND_TO_USER_INBOX')
  })

  it('needs video.publish for DIRECT_POST and video.upload for MEDIA_UPLOAD', async () => {
    const { access_token } = emu.addAccount({ scopes: ['user.info.basic', 'video.upload'] })
    expect((await init(access_token, body(['a.jpg']))).json.error.code).toBe('scope_not_authorized')
    expect((await init(access_token, body(['a.jpg'], { mode: 'MEDIA_UPLOAD' }))).status).toBe(200)
  })

  it('photo drafts and video drafts share the 5 pending shares; direct photo posts count toward the daily cap', async () => {
    const { access_token } = emu.addAccount({ daily_post_cap: 2 })
    for (let i = 0; i < 4; i++) {
      const v = await call(emu, 'POST', '/v2/post/publish/inbox/video/init/', { token: access_token, body: { source_info: { source: 'PULL_FROM_URL', video_url: `${PREFIX}a.jpg` } } })
      expect(v.status).toBe(200)
    }
    expect((await init(access_token, body(['a.jpg'], { mode: 'MEDIA_UPLOAD' }))).status).toBe(200)
    const sixth = await init(access_token, body(['a.jpg'], { mode: 'MEDIA_UPLOAD' }))
    expect([sixth.status, sixth.json.error.code]).toEqual([403, 'spam_risk_too_many_pending_share'])

    expect((await init(access_token, body(['a.jpg']))).status).toBe(200)
    expect((await init(access_token, body(['c.webp']))).status).toBe(200)
    const third = await init(access_token, body(['a.jpg']))
    expect([third.status, third.json.error.code]).toEqual([403, 'spam_risk_too_many_posts'])
  })

  it('takes fail_post faults aimed at content_init', async () => {
    const { access_token, open_id } = emu.addAccount()
    emu.inject({ kind: 'fail_post', endpoint: 'content_init', open_id, fail_reason: 'spam_risk_text' })
    const r = await init(access_token, body(['a.jpg']))
    expect((await final(access_token, r.json.data.publish_id)).json.data).toMatchObject({ status: 'FAILED', fail_reason: 'spam_risk_text' })
  })
})
