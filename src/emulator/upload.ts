import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ChunkPlan } from '../tiktok/chunks.js'
import { MINUTE, type Core, type PostState } from './core.js'
import type { FaultBox } from './faults.js'
import { randomToken, sendReply, type Reply } from './http.js'
import { Mp4DurationSniffer } from './mp4.js'
import type { PostStore } from './posts.js'

/*
 * FILE_UPLOAD: the chunk PUTs to the upload_url an init answered. Chunks come
 * in order, each exactly where the declared layout puts it; the upload_url
 * dies an hour after init. The emulator keeps no bytes: a count, a SHA-256
 * and the MP4's duration.
 */

const UPLOAD_URL_TTL = 60 * MINUTE
const VIDEO_TYPES = new Set(['video/mp4', 'video/quicktime', 'video/webm'])

export class Uploads {
  /** open uploads by upload_id */
  readonly byId = new Map<string, PostState>()

  constructor(
    private readonly core: Core,
    private readonly faults: FaultBox,
    private readonly posts: PostStore
  ) {}

  /** Opens the upload of a FILE_UPLOAD post, laid out as init declared it. */
  open(post: PostState, videoSize: number, plan: ChunkPlan): void {
    post.video_size = videoSize
    const id = randomToken('', 16)
    post.upload = { id, videoSize, plan, next: 0, expires_at: this.core.now() + UPLOAD_URL_TTL, hash: createHash('sha256'), sniffer: new Mp4DurationSniffer() }
    this.byId.set(id, post)
  }

  /** the upload_url init answers */
  uploadUrl(post: PostState): string | undefined {
    return post.upload && `${this.core.url}/video/?upload_id=${post.upload.id}&upload_token=${randomToken('', 8)}`
  }

  async putChunk(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const core = this.core
    const post = this.byId.get(url.searchParams.get('upload_id') ?? '')
    const early = async (reply: Reply, violation = true): Promise<void> => {
      core.recordOutcome('chunk', reply, violation)
      // Read and discard the chunk first: answering mid-body makes the client see
      // EPIPE or a reset instead of the status it has to act on.
      await drain(req)
      if (!res.destroyed) sendReply(res, reply)
    }
    if (!post || !post.upload) return early(core.envelopeError(404, 'not_found', 'no upload has this upload_id'))
    const up = post.upload
    const ids = { open_id: post.open_id, publish_id: post.publish_id }
    const faulted = await this.faults.apply('chunk', post.open_id, false)
    if (faulted.reply) return early({ ...faulted.reply, ...ids }, false)
    const total = up.videoSize
    const progress = (): Record<string, string> => ({
      'content-range': post.bytes_received > 0 ? `bytes 0-${post.bytes_received - 1}/${total}` : `bytes */${total}`
    })
    if (core.now() > up.expires_at) {
      return early(core.envelopeError(403, 'upload_url_expired', 'the upload_url expired one hour after init: call init again', ids))
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
    if (!VIDEO_TYPES.has(type)) {
      return early(core.envelopeError(400, 'invalid_file_upload', `Content-Type must be video/mp4, video/quicktime or video/webm, not ${type || 'missing'}`, ids))
    }
    const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers['content-range'] ?? '')
    if (!m) return early(core.envelopeError(400, 'invalid_param', 'Content-Range must be "bytes FIRST-LAST/TOTAL"', { ...ids, headers: progress() }))
    const [first, last, whole] = [Number(m[1]), Number(m[2]), Number(m[3])]
    const count = up.plan.totalChunkCount
    if (up.next >= count) {
      return early(core.envelopeError(416, 'range_not_satisfiable', 'the upload is already complete', { ...ids, headers: progress() }))
    }
    const want = up.plan.chunks[up.next]!
    if (whole !== total || first !== want.first || last !== want.last) {
      const message = `expected chunk ${up.next + 1}/${count} as bytes ${want.first}-${want.last}/${total}, got ${m[0]}`
      return early(core.envelopeError(416, 'range_not_satisfiable', message, { ...ids, headers: progress() }))
    }
    const declared = req.headers['content-length']
    const length = last - first + 1
    if (declared === undefined || Number(declared) !== length) {
      return early(core.envelopeError(400, 'invalid_param', `Content-Length (${declared ?? 'missing'}) must equal the chunk's ${length} bytes`, { ...ids, headers: progress() }))
    }
    // Hash into copies so a chunk cut short leaves the upload exactly where it was.
    const hash = up.hash.copy()
    const sniffer = cloneSniffer(up.sniffer)
    let received = 0
    try {
      for await (const chunk of req) {
        received += (chunk as Buffer).length
        hash.update(chunk as Buffer)
        sniffer.feed(chunk as Buffer)
      }
    } catch {
      core.record({ kind: 'chunk', ...ids, code: 'aborted', detail: `chunk ${up.next + 1} cut off after ${received} bytes` })
      return
    }
    if (received !== length) {
      const reply = core.envelopeError(400, 'invalid_param', `received ${received} bytes, Content-Length said ${length}`, { ...ids, headers: progress() })
      core.recordOutcome('chunk', reply, true)
      return sendReply(res, reply)
    }
    up.hash = hash
    up.sniffer = sniffer
    up.next++
    post.bytes_received += received
    const complete = up.next === count
    const reply: Reply = { status: complete ? 201 : 206, body: '', headers: progress(), code: 'ok', ...ids, detail: `bytes ${first}-${last}/${total}` }
    core.recordOutcome('chunk', reply, false)
    if (complete) {
      post.sha256 = up.hash.digest('hex')
      this.posts.mediaComplete(post, up.sniffer)
      core.record({ kind: 'upload_complete', ...ids, code: 'ok', detail: `${total} bytes sha256 ${post.sha256}` })
    }
    if (faulted.mode === 'html') return sendReply(res, reply, 'html')
    res.writeHead(reply.status, { ...reply.headers, 'content-length': '0' })
    if (faulted.mode === 'drop') res.socket?.destroy()
    else res.end()
  }
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolveDrain) => {
    if (req.readableEnded) return resolveDrain()
    req.on('end', () => resolveDrain())
    req.on('error', () => resolveDrain())
    req.on('close', () => resolveDrain())
    req.resume()
  })
}

function cloneSniffer(s: Mp4DurationSniffer): Mp4DurationSniffer {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(s) as object) as Mp4DurationSniffer, s)
  // moovParts is the only mutable collection; its buffers are never written after being pushed.
  const parts = (s as unknown as { moovParts: Buffer[] }).moovParts
  ;(copy as unknown as { moovParts: Buffer[] }).moovParts = [...parts]
  return copy
}
