import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { request } from 'undici'
import { checkChunkPlan } from '../../src/emulator/index.js'
import { call, directBody, fileUpload, MB, pollUntilFinal, putChunk, useEmulator } from './helpers.js'
import { until } from '../helpers/until.js'

describe('emulator chunk rules at init', () => {
  const { emu } = useEmulator({ config: { rate_limits: false } })

  async function init(source: Record<string, unknown>): Promise<{ status: number; code: string; message: string }> {
    const { access_token } = emu().addAccount()
    const r = await call(emu(), 'POST', '/v2/post/publish/video/init/', { token: access_token, body: directBody(source) })
    return { status: r.status, code: r.json.error.code, message: r.json.error.message }
  }

  const cases: Array<[string, number, number, number, 'ok' | 'invalid_param']> = [
    ['tiny video, one chunk of its size', 1000, 1000, 1, 'ok'],
    ['5MB-1, one chunk of its size', 5 * MB - 1, 5 * MB - 1, 1, 'ok'],
    ['5MB-1 with a smaller chunk', 5 * MB - 1, 1 * MB, 4, 'invalid_param'],
    ['5MB-1 with total 2', 5 * MB - 1, 5 * MB - 1, 2, 'invalid_param'],
    ['exactly 5MB, one chunk', 5 * MB, 5 * MB, 1, 'ok'],
    ['exactly 5MB with a 5MB-1 chunk', 5 * MB, 5 * MB - 1, 1, 'invalid_param'],
    ['10MB in two 5MB chunks', 10 * MB, 5 * MB, 2, 'ok'],
    ['11MB: floor(11/5) = 2 chunks, the last takes 6MB', 11 * MB, 5 * MB, 2, 'ok'],
    ['11MB with total 3 (ceil) refused', 11 * MB, 5 * MB, 3, 'invalid_param'],
    // "MB" read both ways: chunks of 5 MiB to 64,000,000 bytes, a last one of at most 128,000,000
    ['exactly 64,000,000, one chunk', 64_000_000, 64_000_000, 1, 'ok'],
    ['a 64 MiB chunk refused (over the decimal 64 MB)', 200 * MB, 64 * MB, 3, 'invalid_param'],
    ['64 MiB as a single chunk refused (over 64,000,000: must be chunked)', 64 * MB, 64 * MB, 1, 'invalid_param'],
    ['chunk 64,000,001 refused', 100 * MB, 64_000_001, 1, 'invalid_param'],
    ['64,000,001 as a single chunk refused (must be chunked)', 64_000_001, 64_000_000, 1, 'invalid_param'],
    ['64,000,001 in two chunks', 64_000_001, 32_000_000, 2, 'ok'],
    ['last chunk up to 127,999,999 (64,000,000 + 63,999,999 trailing)', 191_999_999, 64_000_000, 2, 'ok'],
    ['a chunk of 5 MiB - 1 (the decimal 5 MB and more) refused', 20 * MB, 5 * MB - 1, 4, 'invalid_param'],
    ['chunk below 5MB for a large video', 20 * MB, 4 * MB, 5, 'invalid_param'],
    // with chunks of at least 5MB the 4GB limit binds before the 1000-chunk limit does
    ['exactly 4GB in 5MB chunks (819)', 4096 * MB, 5 * MB, 819, 'ok'],
    ['over 4GB refused', 4096 * MB + 1, 64_000_000, 67, 'invalid_param'],
    ['zero size refused', 0, 0, 0, 'invalid_param']
  ]

  it.each(cases)('%s', async (_name, size, chunk, total, expected) => {
    const r = await init(fileUpload(size, chunk, total))
    expect(r.code).toBe(expected)
    expect(r.status).toBe(expected === 'ok' ? 200 : 400)
  })

  it('the plan checker agrees with the endpoint and explains', () => {
    expect(checkChunkPlan({ video_size: 11 * MB, chunk_size: 5 * MB, total_chunk_count: 3 })).toMatch(/floor/)
    expect(checkChunkPlan({ video_size: 11 * MB, chunk_size: 5 * MB, total_chunk_count: 2 })).toBeUndefined()
  })

  it('missing or unknown source is invalid_param', async () => {
    expect((await init({ source: 'CARRIER_PIGEON' })).code).toBe('invalid_param')
    const { access_token } = emu().addAccount()
    const r = await call(emu(), 'POST', '/v2/post/publish/video/init/', { token: access_token, body: { post_info: { privacy_level: 'SELF_ONLY' } } })
    expect(r.json.error.code).toBe('invalid_param')
    const broken = await call(emu(), 'POST', '/v2/post/publish/video/init/', { token: access_token, body: '{"post_info": ' })
    expect([broken.status, broken.json.error.code]).toEqual([400, 'invalid_param'])
  })
})

describe('emulator PUT upload_url', () => {
  const { emu } = useEmulator({ config: { rate_limits: false } })
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'emu-upload-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  async function initFile(size: number, chunk = size, total = 1): Promise<{ token: string; uploadUrl: string; publishId: string }> {
    const { access_token } = emu().addAccount()
    const r = await call(emu(), 'POST', '/v2/post/publish/video/init/', { token: access_token, body: directBody(fileUpload(size, chunk, total)) })
    expect(r.status).toBe(200)
    expect(r.json.data.publish_id).toMatch(/^v_pub_file~v2-1\.\d+$/)
    expect(r.json.data.upload_url.startsWith(emu().url + '/')).toBe(true)
    return { token: access_token, uploadUrl: r.json.data.upload_url, publishId: r.json.data.publish_id }
  }

  it('one real multi-chunk upload of an 11 MB file streamed from disk: 206, then 201, sha256 kept', async () => {
    const size = 11 * MB
    const data = randomBytes(size)
    const file = join(dir, 'video.mp4')
    await writeFile(file, data)
    const { uploadUrl, publishId, token } = await initFile(size, 5 * MB, 2)

    const send = async (first: number, last: number) => {
      const res = await request(uploadUrl, {
        method: 'PUT',
        headers: { 'content-type': 'video/mp4', 'content-length': String(last - first + 1), 'content-range': `bytes ${first}-${last}/${size}` },
        body: createReadStream(file, { start: first, end: last })
      })
      await res.body.text()
      return { status: res.statusCode, range: res.headers['content-range'] }
    }
    expect(await send(0, 5 * MB - 1)).toEqual({ status: 206, range: `bytes 0-${5 * MB - 1}/${size}` })
    const mid = await call(emu(), 'POST', '/v2/post/publish/status/fetch/', { token, body: { publish_id: publishId } })
    expect(mid.json.data).toMatchObject({ status: 'PROCESSING_UPLOAD', uploaded_bytes: 5 * MB })
    expect(await send(5 * MB, size - 1)).toEqual({ status: 201, range: `bytes 0-${size - 1}/${size}` })

    const post = emu().posts().find((p) => p.publish_id === publishId)!
    expect(post.bytes_received).toBe(size)
    expect(post.sha256).toBe(createHash('sha256').update(data).digest('hex'))
    const kinds = emu().ledger.filter((e) => e.publish_id === publishId).map((e) => e.kind)
    expect(kinds).toEqual(['init', 'chunk', 'status', 'chunk', 'upload_complete'])
    const final = await pollUntilFinal(emu(), token, publishId)
    expect(final.at(-1)!.json.data.status).toBe('PUBLISH_COMPLETE')
  })

  it('chunks must come in order with the exact range: 416 carries the progress', async () => {
    const size = 10 * MB
    const { uploadUrl } = await initFile(size, 5 * MB, 2)
    const chunk = Buffer.alloc(5 * MB, 1)
    const early = await putChunk(uploadUrl, chunk, `bytes ${5 * MB}-${size - 1}/${size}`)
    expect(early.status).toBe(416)
    expect(early.range).toBe(`bytes */${size}`)
    const first = await putChunk(uploadUrl, chunk, `bytes 0-${5 * MB - 1}/${size}`)
    expect(first.status).toBe(206)
    const again = await putChunk(uploadUrl, chunk, `bytes 0-${5 * MB - 1}/${size}`)
    expect(again.status).toBe(416)
    expect(again.range).toBe(`bytes 0-${5 * MB - 1}/${size}`)
    const wrongTotal = await putChunk(uploadUrl, chunk, `bytes ${5 * MB}-${size - 1}/${size + 1}`)
    expect(wrongTotal.status).toBe(416)
    const last = await putChunk(uploadUrl, chunk, `bytes ${5 * MB}-${size - 1}/${size}`)
    expect(last.status).toBe(201)
    const extra = await putChunk(uploadUrl, Buffer.alloc(1), `bytes ${size}-${size}/${size}`)
    expect(extra.status).toBe(416)
    expect(emu().ledger.filter((e) => e.kind === 'violation').map((e) => e.code)).toEqual([
      'range_not_satisfiable',
      'range_not_satisfiable',
      'range_not_satisfiable',
      'range_not_satisfiable'
    ])
  })

  it('a large streamed chunk refused before its body is read still gets its status, not a reset', async () => {
    const size = 10 * MB
    const file = join(dir, 'ten.bin')
    await writeFile(file, Buffer.alloc(size, 9))
    const { uploadUrl } = await initFile(size, 5 * MB, 2)
    const stream = async (first: number, last: number) => {
      const res = await request(uploadUrl, {
        method: 'PUT',
        headers: { 'content-type': 'video/mp4', 'content-length': String(last - first + 1), 'content-range': `bytes ${first}-${last}/${size}` },
        body: createReadStream(file, { start: first, end: last })
      })
      await res.body.text()
      return [res.statusCode, res.headers['content-range']]
    }
    expect(await stream(5 * MB, size - 1)).toEqual([416, `bytes */${size}`])
    expect(await stream(0, 5 * MB - 1)).toEqual([206, `bytes 0-${5 * MB - 1}/${size}`])
    // a retried chunk the server already has: 416 tells where to resume
    expect(await stream(0, 5 * MB - 1)).toEqual([416, `bytes 0-${5 * MB - 1}/${size}`])
    emu().advance(60 * 60 * 1000 + 1)
    expect((await stream(5 * MB, size - 1))[0]).toBe(403)
  })

  it('the last chunk must take all trailing bytes', async () => {
    const size = 11 * MB
    const { uploadUrl } = await initFile(size, 5 * MB, 2)
    expect((await putChunk(uploadUrl, Buffer.alloc(5 * MB), `bytes 0-${5 * MB - 1}/${size}`)).status).toBe(206)
    const short = await putChunk(uploadUrl, Buffer.alloc(5 * MB), `bytes ${5 * MB}-${10 * MB - 1}/${size}`)
    expect(short.status).toBe(416)
  })

  it('malformed Content-Range is 400', async () => {
    const { uploadUrl } = await initFile(100)
    expect((await putChunk(uploadUrl, Buffer.alloc(100), 'bytes=0-99/100')).status).toBe(400)
    expect((await putChunk(uploadUrl, Buffer.alloc(100), 'bytes 0-99/100')).status).toBe(201)
  })

  it('Content-Type must be a video type', async () => {
    const { uploadUrl } = await initFile(100)
    for (const type of ['application/octet-stream', 'video/x-msvideo']) {
      const r = await putChunk(uploadUrl, Buffer.alloc(100), 'bytes 0-99/100', { 'content-type': type })
      expect(r.status).toBe(400)
    }
    for (const type of ['video/quicktime']) {
      expect((await putChunk(uploadUrl, Buffer.alloc(100), 'bytes 0-99/100', { 'content-type': type })).status).toBe(201)
    }
    const webm = await initFile(50)
    expect((await putChunk(webm.uploadUrl, Buffer.alloc(50), 'bytes 0-49/50', { 'content-type': 'video/webm' })).status).toBe(201)
  })

  it('Content-Length must equal the bytes of the range', async () => {
    const { uploadUrl } = await initFile(100)
    // 99 bytes declared and sent for a 100-byte range
    const r = await putChunk(uploadUrl, Buffer.alloc(99), 'bytes 0-99/100')
    expect(r.status).toBe(400)
    expect(r.text).toContain('Content-Length')
    expect((await putChunk(uploadUrl, Buffer.alloc(100), 'bytes 0-99/100')).status).toBe(201)
  })

  it('an unknown upload is 404', async () => {
    const r = await putChunk(`${emu().url}/video/?upload_id=nope`, Buffer.alloc(10), 'bytes 0-9/10')
    expect(r.status).toBe(404)
  })

  it('the upload_url expires one hour after init (403); within the hour it works', async () => {
    const a = await initFile(100)
    const b = await initFile(100)
    emu().advance(60 * 60 * 1000)
    expect((await putChunk(a.uploadUrl, Buffer.alloc(100), 'bytes 0-99/100')).status).toBe(201)
    emu().advance(1)
    expect((await putChunk(b.uploadUrl, Buffer.alloc(100), 'bytes 0-99/100')).status).toBe(403)
  })

  it('a chunk cut off mid-body changes nothing; the same chunk can be sent again', async () => {
    const size = 10 * MB
    const { uploadUrl, publishId } = await initFile(size, 5 * MB, 2)
    const ac = new AbortController()
    const body = Readable.from((async function* () {
      yield Buffer.alloc(MB, 3)
      await new Promise((r) => setTimeout(r, 20))
      ac.abort()
      yield Buffer.alloc(MB, 3)
    })())
    await expect(
      request(uploadUrl, {
        method: 'PUT',
        headers: { 'content-type': 'video/mp4', 'content-length': String(5 * MB), 'content-range': `bytes 0-${5 * MB - 1}/${size}` },
        body,
        signal: ac.signal
      })
    ).rejects.toThrow()
    await until(() => emu().ledger.some((e) => e.code === 'aborted'), 'the emulator sees the chunk cut off')
    expect(emu().posts().find((p) => p.publish_id === publishId)!.bytes_received).toBe(0)
    expect((await putChunk(uploadUrl, Buffer.alloc(5 * MB), `bytes 0-${5 * MB - 1}/${size}`)).status).toBe(206)
  })
})
