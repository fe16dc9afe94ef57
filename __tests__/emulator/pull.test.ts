import { createHash, randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { call, pollUntilFinal, type Res } from './helpers.js'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { until } from '../helpers/until.js'

describe('emulator PULL_FROM_URL', () => {
  const video = randomBytes(200_000)
  let origin: Server
  let originUrl: string
  let emu: Emulator
  let release: () => void = () => undefined

  beforeAll(async () => {
    origin = createServer((req, res) => {
      if (req.url === '/tiktok/clip.mp4') {
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(video.length) })
        res.end(video)
      } else if (req.url === '/tiktok/slow.mp4') {
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(video.length) })
        res.write(video.subarray(0, 1000))
        release = () => res.end(video.subarray(1000))
      } else if (req.url === '/tiktok/moved.mp4') {
        res.writeHead(302, { location: '/tiktok/clip.mp4' })
        res.end()
      } else {
        res.writeHead(404)
        res.end()
      }
    })
    await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r))
    originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}/`
  })
  afterAll(async () => {
    await new Promise((r) => origin.close(r))
  })
  beforeEach(async () => {
    emu = await startEmulator({
      config: {
        apps: [{ client_key: 'k', client_secret: 's', pull_prefixes: ['https://cdn.example.com/tiktok/'] }],
        pull_rewrite: { 'https://cdn.example.com/': originUrl },
        rate_limits: false
      }
    })
  })
  afterEach(async () => {
    await emu.close()
  })

  const init = (token: string, video_url: string, inbox = false): Promise<Res> =>
    call(emu, 'POST', inbox ? '/v2/post/publish/inbox/video/init/' : '/v2/post/publish/video/init/', {
      token,
      body: inbox
        ? { source_info: { source: 'PULL_FROM_URL', video_url } }
        : { post_info: { privacy_level: 'PUBLIC_TO_EVERYONE', title: 'pulled' }, source_info: { source: 'PULL_FROM_URL', video_url } }
    })

  /** Polls until the download has ended, however long the machine takes to serve it. */
  async function pollPatiently(token: string, publish_id: string): Promise<Res[]> {
    const seen: Res[] = []
    await until(async () => {
      const batch = await pollUntilFinal(emu, token, publish_id, 1)
      seen.push(...batch)
      return ['PUBLISH_COMPLETE', 'SEND_TO_USER_INBOX', 'FAILED'].includes(batch[0]!.json.data.status)
    }, `${publish_id} ends`)
    return seen
  }

  it('fetches the rewritten URL under a verified prefix and publishes; no upload_url', async () => {
    const { access_token } = emu.addAccount()
    const r = await init(access_token, 'https://cdn.example.com/tiktok/clip.mp4')
    expect(r.status).toBe(200)
    expect(Object.keys(r.json.data)).toEqual(['publish_id'])
    expect(r.json.data.publish_id).toMatch(/^v_pub_url~v2-1\.\d+$/)
    const seen = await pollPatiently(access_token, r.json.data.publish_id)
    const statuses = seen.map((s) => s.json.data.status)
    expect(statuses.at(-1)).toBe('PUBLISH_COMPLETE')
    expect(statuses.every((s: string) => s === 'PROCESSING_DOWNLOAD' || s === 'PUBLISH_COMPLETE')).toBe(true)
    expect(seen.at(-1)!.json.data.downloaded_bytes).toBe(video.length)
    const post = emu.posts()[0]!
    expect(post.sha256).toBe(createHash('sha256').update(video).digest('hex'))
    expect(post.source).toBe('PULL_FROM_URL')
  })

  it('is PROCESSING_DOWNLOAD while the download runs', async () => {
    const { access_token } = emu.addAccount()
    const r = await init(access_token, 'https://cdn.example.com/tiktok/slow.mp4')
    const publish_id = r.json.data.publish_id
    let mid: Res | undefined
    await until(async () => {
      mid = await call(emu, 'POST', '/v2/post/publish/status/fetch/', { token: access_token, body: { publish_id } })
      return mid.json.data.downloaded_bytes === 1000
    }, 'the first 1000 bytes are downloaded')
    expect(mid!.json.data).toMatchObject({ status: 'PROCESSING_DOWNLOAD', downloaded_bytes: 1000, uploaded_bytes: 0 })
    // however often it is polled, an unfinished download does not complete
    for (let i = 0; i < 3; i++) {
      const again = await call(emu, 'POST', '/v2/post/publish/status/fetch/', { token: access_token, body: { publish_id } })
      expect(again.json.data.status).toBe('PROCESSING_DOWNLOAD')
    }
    release()
    const seen = await pollPatiently(access_token, publish_id)
    expect(seen.at(-1)!.json.data).toMatchObject({ status: 'PUBLISH_COMPLETE', downloaded_bytes: video.length })
  })

  it('inbox uploads can pull too', async () => {
    const { access_token } = emu.addAccount()
    const r = await init(access_token, 'https://cdn.example.com/tiktok/clip.mp4', true)
    const seen = await pollPatiently(access_token, r.json.data.publish_id)
    expect(seen.at(-1)!.json.data.status).toBe('SEND_TO_USER_INBOX')
  })

  it('a URL outside the verified prefixes is url_ownership_unverified; http and IP hosts are refused', async () => {
    const { access_token } = emu.addAccount()
    const other = await init(access_token, 'https://cdn.example.com/other/clip.mp4')
    expect([other.status, other.json.error.code]).toEqual([403, 'url_ownership_unverified'])
    const ip = await init(access_token, 'https://127.0.0.1/tiktok/clip.mp4')
    expect(ip.json.error.code).toBe('url_ownership_unverified')
    const http = await init(access_token, 'http://cdn.example.com/tiktok/clip.mp4')
    expect([http.status, http.json.error.code]).toEqual([400, 'invalid_param'])
  })

  it('a 404 or a redirect ends FAILED video_pull_failed', async () => {
    const { access_token } = emu.addAccount()
    for (const path of ['missing.mp4', 'moved.mp4']) {
      const r = await init(access_token, `https://cdn.example.com/tiktok/${path}`)
      expect(r.status).toBe(200)
      const seen = await pollPatiently(access_token, r.json.data.publish_id)
      expect(seen.at(-1)!.json.data).toMatchObject({ status: 'FAILED', fail_reason: 'video_pull_failed', downloaded_bytes: 0 })
    }
  })
})
