import { open, stat, type FileHandle } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { request, type Dispatcher } from 'undici'
import type { Clock } from '../clock.js'
import type { Logger } from '../logger.js'
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter, type Random, type RetryOptions } from './backoff.js'
import { TikTokApiError, UploadUrlExpiredError, redact } from './errors.js'
import { chunkLayout, MAX_CHUNK, MAX_CHUNKS, MAX_VIDEO_BYTES, MiB, MIN_CHUNK, type ChunkPlan } from './chunks.js'
import { createAgent, header, toNetworkError, type HttpTimeouts } from './http.js'

export { MiB, MIN_CHUNK, MAX_CHUNK, MAX_LAST_CHUNK, MAX_CHUNKS, MAX_VIDEO_BYTES, type ChunkPlan } from './chunks.js'

/**
 * Splits a video into TikTok chunks. The rules: total = floor(size / chunk);
 * every chunk MIN_CHUNK–MAX_CHUNK except the last, which takes the trailing
 * bytes (less than two chunks, so under MAX_LAST_CHUNK); under 5 MiB the whole
 * video is one chunk; over MAX_CHUNK it must be at least two chunks; 1–1000
 * chunks; at most 4 GiB.
 *
 * `preferredChunkSize` (default MAX_CHUNK, i.e. the fewest requests) is used as
 * is when the rules allow it and adjusted when they do not.
 */
export function planChunks(videoSize: number, preferredChunkSize: number = MAX_CHUNK): ChunkPlan {
  if (!Number.isSafeInteger(videoSize) || videoSize <= 0) {
    throw new RangeError(`A video of ${videoSize} bytes cannot be uploaded: the file is empty or its size is unknown.`)
  }
  if (videoSize > MAX_VIDEO_BYTES) {
    throw new RangeError(`The video is ${videoSize} bytes; TikTok accepts at most 4 GB (${MAX_VIDEO_BYTES} bytes). Compress or shorten it.`)
  }
  if (!Number.isSafeInteger(preferredChunkSize) || preferredChunkSize < MIN_CHUNK || preferredChunkSize > MAX_CHUNK) {
    throw new RangeError(`Chunk size ${preferredChunkSize} is outside TikTok's 5–64 MB (${MIN_CHUNK}–${MAX_CHUNK} bytes).`)
  }
  let chunkSize: number
  if (videoSize < MIN_CHUNK || videoSize <= Math.min(preferredChunkSize, MAX_CHUNK)) {
    chunkSize = videoSize
  } else {
    chunkSize = preferredChunkSize
    // Over MAX_CHUNK one chunk is not allowed: floor(size/2) gives exactly two
    // chunks, the second at most one byte larger, both within 32–64 MB.
    if (videoSize > MAX_CHUNK && Math.floor(videoSize / chunkSize) < 2) chunkSize = Math.floor(videoSize / 2)
  }
  const totalChunkCount = Math.floor(videoSize / chunkSize)
  if (totalChunkCount > MAX_CHUNKS) {
    throw new RangeError(`Chunk size ${chunkSize} would need ${totalChunkCount} chunks; TikTok allows at most ${MAX_CHUNKS}. Use a larger chunk size.`)
  }
  return chunkLayout(videoSize, chunkSize, totalChunkCount)
}

// Parses "bytes FIRST-LAST/TOTAL" or "bytes */TOTAL": how many bytes the server holds.
export function parseUploadedBytes(contentRange: string | undefined): { uploaded: number; total?: number } | undefined {
  if (!contentRange) return undefined
  const m = /^\s*bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)\s*$/i.exec(contentRange)
  if (!m) return undefined
  const total = m[3] === '*' ? undefined : Number(m[3])
  if (m[1] === undefined) return { uploaded: 0, total }
  if (Number(m[1]) !== 0) return undefined
  return { uploaded: Number(m[2]) + 1, total }
}

export interface UploadFileOptions {
  uploadUrl: string
  filePath: string
  size: number
  mimeType: string
  chunkPlan: ChunkPlan
  /** bytes TikTok has acknowledged so far */
  onProgress?: (uploadedBytes: number, totalBytes: number) => void
  clock: Clock
  signal?: AbortSignal
  dispatcher?: Dispatcher
  retry?: Partial<RetryOptions>
  random?: Random
  timeouts?: HttpTimeouts
  logger?: Logger
  /** called before each PUT; throwing stops the upload there (a run stopping after a failed save) */
  beforeRequest?: () => void
  /**
   * TikTok's own count of the bytes it holds (status/fetch `uploaded_bytes`),
   * asked when a 416 comes without a Content-Range that says where to resume.
   */
  askUploaded?: () => Promise<number | undefined>
}

export interface UploadResult {
  /** chunk PUTs sent, retries included */
  requests: number
  /** true when a 416 moved the upload to where TikTok already was */
  resumed: boolean
}

/**
 * Streams the file to TikTok's upload_url chunk by chunk, from disk, 1 MiB at a
 * time: memory stays flat whatever the size. A chunk is repeated on 5xx, 429 and
 * network failures (TikTok keeps the upload's progress, and a 416 tells where it
 * is, so repeating a chunk never duplicates bytes); 416 resumes at TikTok's
 * position, read from the answer's Content-Range or, failing that, from
 * TikTok's status (`askUploaded`); 403 means the one-hour upload_url expired
 * and 404 that TikTok has no such upload: the caller asks TikTok's status and
 * polls a complete upload or initiates again.
 */
export async function uploadFile(options: UploadFileOptions): Promise<UploadResult> {
  const { uploadUrl, filePath, size, mimeType, chunkPlan, clock, signal } = options
  const retry = { ...DEFAULT_RETRY, ...options.retry }
  const random = options.random ?? Math.random
  const secrets = [uploadUrl, new URL(uploadUrl).search.slice(1)]
  const ownAgent = options.dispatcher === undefined ? createAgent(options.timeouts) : undefined
  const dispatcher = options.dispatcher ?? ownAgent!
  const chunks = chunkPlan.chunks
  const fail = (message: string, o: { code: string; httpStatus?: number; retryable: boolean; cause?: unknown }) =>
    new TikTokApiError(redact(message, secrets), { ...o, endpoint: 'chunk' })

  const onDisk = await stat(filePath)
  if (onDisk.size !== size) {
    throw fail(`The video file changed since it was planned (${size} bytes expected, ${onDisk.size} on disk); plan it again.`, {
      code: 'file_changed',
      retryable: false
    })
  }
  if (chunks.length === 0 || chunks[chunks.length - 1]!.last !== size - 1) {
    throw fail(`The chunk plan does not cover the ${size}-byte file.`, { code: 'bad_chunk_plan', retryable: false })
  }

  let requests = 0
  let resumed = false
  let failures = 0
  let lastResumeTo = -1
  const file = await open(filePath, 'r')
  try {
    for (let i = 0; i < chunks.length; ) {
      const c = chunks[i]!
      const what = `Uploading chunk ${i + 1} of ${chunks.length}`
      const length = c.last - c.first + 1
      options.beforeRequest?.()
      requests++
      let status: number
      let contentRange: string | undefined
      let retryAfter: string | string[] | undefined
      try {
        const res = await request(uploadUrl, {
          method: 'PUT',
          headers: {
            'content-type': mimeType,
            'content-length': String(length),
            'content-range': `bytes ${c.first}-${c.last}/${size}`
          },
          // undici sends an async iterable body as it is; its types only name streams
          body: readRange(file, c.first, c.last) as unknown as Readable,
          dispatcher,
          signal,
          headersTimeout: options.timeouts?.headersTimeoutMs,
          bodyTimeout: options.timeouts?.bodyTimeoutMs
        })
        status = res.statusCode
        contentRange = header(res.headers, 'content-range')
        retryAfter = res.headers['retry-after']
        await res.body.dump({ limit: 1 * MiB }).catch(() => undefined)
      } catch (e) {
        if (signal?.aborted) throw signal.reason
        const ne = toNetworkError(e, what)
        if (++failures >= retry.attempts) {
          throw fail(`${ne.message} It failed ${failures} times in a row; the upload can be retried while its upload_url is valid (one hour).`, {
            code: ne.timeout ? 'timeout' : 'network_error',
            retryable: true,
            cause: ne
          })
        }
        await wait(backoffDelay(failures - 1, retry, random), ne.message.replace(/\.$/, ""))
        continue
      }

      if (status === 201) {
        options.onProgress?.(size, size)
        return { requests, resumed }
      }
      if (status >= 200 && status < 300) {
        failures = 0
        if (i === chunks.length - 1) {
          throw fail(`TikTok accepted the last chunk with HTTP ${status} but did not report the upload complete (201).`, {
            code: 'upload_incomplete',
            httpStatus: status,
            retryable: false
          })
        }
        options.onProgress?.(c.last + 1, size)
        i++
        continue
      }
      if (status === 403) throw new UploadUrlExpiredError({ httpStatus: 403 })
      if (status === 404) {
        throw fail('TikTok does not know this upload (HTTP 404): the post must be initiated again.', { code: 'upload_not_found', httpStatus: 404, retryable: false })
      }
      if (status === 416) {
        let held = parseUploadedBytes(contentRange)
        if (held === undefined && options.askUploaded) {
          const uploaded = await options.askUploaded().catch(() => undefined)
          if (uploaded !== undefined) held = { uploaded, total: size }
        }
        if (held === undefined) {
          throw fail(`TikTok refused chunk ${i + 1} as out of order (HTTP 416) without saying where the upload is.`, { code: 'range_mismatch', httpStatus: 416, retryable: false })
        }
        if (held.uploaded >= size) {
          options.onProgress?.(size, size)
          return { requests, resumed: true }
        }
        const next = chunks.findIndex((k) => k.first === held.uploaded)
        if (next < 0 || next === lastResumeTo) {
          throw fail(`TikTok holds ${held.uploaded} bytes of this upload, which is not a chunk boundary we can resume from (HTTP 416); the post must be initiated again.`, {
            code: 'range_mismatch',
            httpStatus: 416,
            retryable: false
          })
        }
        options.logger?.info(`TikTok already holds ${held.uploaded} of ${size} bytes; resuming at chunk ${next + 1}.`)
        lastResumeTo = next
        resumed = true
        options.onProgress?.(held.uploaded, size)
        i = next
        continue
      }
      if (status === 400) {
        throw fail(`TikTok refused chunk ${i + 1} (HTTP 400): the bytes sent did not match Content-Length. Was the file modified during the upload?`, {
          code: 'upload_rejected',
          httpStatus: 400,
          retryable: false
        })
      }
      if (status >= 500 || status === 429) {
        if (++failures >= retry.attempts) {
          throw fail(`${what} failed ${failures} times in a row (last: HTTP ${status}); the upload can be retried while its upload_url is valid (one hour).`, {
            code: status === 429 ? 'rate_limit_exceeded' : 'http_error',
            httpStatus: status,
            retryable: true
          })
        }
        const ms = (status === 429 ? parseRetryAfter(retryAfter, clock.now()) : undefined) ?? backoffDelay(failures - 1, retry, random)
        await wait(ms, `${what}: HTTP ${status}`)
        continue
      }
      throw fail(`${what} got an unexpected HTTP ${status} from TikTok.`, { code: 'http_error', httpStatus: status, retryable: false })
    }
    // Not reached: the loop returns on 201 or throws.
    throw fail('The upload ended without TikTok confirming it.', { code: 'upload_incomplete', retryable: false })
  } finally {
    await file.close().catch(() => undefined)
    if (ownAgent) await ownAgent.close()
  }

  async function wait(ms: number, why: string): Promise<void> {
    options.logger?.debug(`${redact(why, secrets)}; retrying in ${ms} ms.`)
    if (ms > 0) await clock.sleep(ms, signal)
  }
}

/** Read buffers per chunk request; see readRange. */
const READ_BUFFERS = 3

/**
 * The bytes first..last of the file, 1 MiB at a time, read into a few buffers
 * that are reused instead of a fresh one per read. A fresh 1 MiB buffer per read
 * (what a read stream does) leaves tens of MB of spent buffers for the garbage
 * collector, which frees outside-heap memory late: that was the bulk of the
 * upload's peak RSS, and the reads cost time too.
 *
 * Reuse is safe because undici writes an iterable body one chunk at a time and
 * asks for the next only after the socket took the previous one or drained
 * (client-h1 writeIterable): when the next chunk is asked for, at most the one
 * just yielded can still be queued in the socket, so a buffer is read into
 * again only after two further yields. Three buffers keep one more in hand.
 */
async function* readRange(file: FileHandle, first: number, last: number): AsyncGenerator<Buffer> {
  // a small chunk (a short video) gets one buffer of its own size, not 3 MiB
  const size = Math.min(MiB, last - first + 1)
  const buffers: Buffer[] = []
  let position = first
  for (let i = 0; position <= last; i++) {
    if (buffers.length < READ_BUFFERS) buffers.push(Buffer.allocUnsafe(size))
    const buffer = buffers[i % READ_BUFFERS]!
    const want = Math.min(size, last - position + 1)
    const { bytesRead } = await file.read(buffer, 0, want, position)
    if (bytesRead === 0) throw new Error(`the video file ended at byte ${position}, before byte ${last} of its chunk; was it truncated during the upload?`)
    position += bytesRead
    yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead)
  }
}
