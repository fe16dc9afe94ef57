import { Agent, request, type Dispatcher } from 'undici'
import type { Readable } from 'node:stream'

/**
 * The thin HTTP layer under the TikTok client and the chunk uploader: one
 * keep-alive Agent, timeouts that a caller may override, base-URL joining that
 * tolerates trailing slashes, and network failures sorted by the one question
 * exactly-once cares about — could the request have reached the server?
 */

export const DEFAULT_BASE_URL = 'https://open.tiktokapis.com'

export interface HttpTimeouts {
  /** time allowed for the response headers after the request was sent; default 60 s */
  headersTimeoutMs?: number
  /** time allowed between body bytes; default 120 s */
  bodyTimeoutMs?: number
  /** time allowed to open the connection; default 15 s */
  connectTimeoutMs?: number
}

export function createAgent(timeouts: HttpTimeouts = {}): Agent {
  return new Agent({
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    headersTimeout: timeouts.headersTimeoutMs ?? 60_000,
    bodyTimeout: timeouts.bodyTimeoutMs ?? 120_000,
    connect: { timeout: timeouts.connectTimeoutMs ?? 15_000 }
  })
}

/** `base` may end in slashes and carry a path prefix; `path` starts with one. */
export function joinUrl(base: string, path: string): string {
  const b = base.replace(/\/+$/, '')
  const p = path.startsWith('/') ? path : `/${path}`
  return b + p
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

/**
 * A request that got no complete response. `sent` is false only when the
 * failure is certain to have happened before any byte of the request left
 * (connection refused, DNS failure, connect timeout): only then is a
 * non-idempotent request safe to repeat.
 */
export class NetworkError extends Error {
  override name = 'NetworkError'
  constructor(
    message: string,
    readonly code: string,
    readonly sent: boolean,
    readonly timeout: boolean,
    options?: { cause?: unknown }
  ) {
    super(message, options)
  }
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT'])

function errorCode(e: unknown): string {
  let cur: unknown = e
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'UND_ERR') return code
    const errors = (cur as { errors?: unknown }).errors
    // AggregateError from happy-eyeballs connects: refused on every address.
    if (Array.isArray(errors) && errors.length > 0) {
      const codes = errors.map(errorCode)
      if (codes.every((c) => c === codes[0])) return codes[0]!
    }
    cur = (cur as { cause?: unknown }).cause
  }
  const code = (e as { code?: unknown })?.code
  return typeof code === 'string' ? code : 'UNKNOWN'
}

/** Sorts a thrown transport error; the message names the failure, never the request's headers or body. */
export function toNetworkError(e: unknown, what: string): NetworkError {
  if (e instanceof NetworkError) return e
  const code = errorCode(e)
  const sent = !NOT_SENT_CODES.has(code)
  const timeout = TIMEOUT_CODES.has(code)
  const how = timeout
    ? `timed out (${code})`
    : sent
      ? `failed after the request was sent (${code})`
      : `could not connect (${code})`
  return new NetworkError(`${what} ${how}.`, code, sent, timeout, { cause: sanitizeCause(e) })
}

/**
 * Keeps the class name, code and message of an undici error but none of its
 * other fields (sockets, request options), so printing the error chain cannot
 * leak a header.
 */
function sanitizeCause(e: unknown): Error {
  if (e instanceof Error) {
    const clean = new Error(e.message)
    clean.name = e.name
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') (clean as Error & { code?: string }).code = code
    return clean
  }
  return new Error(String(e))
}

export interface SendOptions {
  method: 'GET' | 'POST' | 'PUT'
  url: string
  headers: Record<string, string>
  body?: string | Buffer | Readable
  dispatcher: Dispatcher
  signal?: AbortSignal
  headersTimeoutMs?: number
  bodyTimeoutMs?: number
  /** what to call this request in messages, e.g. "POST /v2/post/publish/status/fetch/" */
  what: string
}

/** Sends one request and reads the whole (small) response body as text. */
export async function send(options: SendOptions): Promise<RawResponse> {
  let res: Dispatcher.ResponseData
  try {
    res = await request(options.url, {
      method: options.method,
      headers: options.headers,
      body: options.body,
      dispatcher: options.dispatcher,
      signal: options.signal,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs
    })
  } catch (e) {
    if (options.signal?.aborted) throw options.signal.reason
    throw toNetworkError(e, options.what)
  }
  let text: string
  try {
    text = await res.body.text()
  } catch (e) {
    if (options.signal?.aborted) throw options.signal.reason
    throw toNetworkError(e, `${options.what} (reading the response)`)
  }
  return { status: res.statusCode, headers: res.headers, text }
}

export function header(headers: RawResponse['headers'], name: string): string | undefined {
  const v = headers[name.toLowerCase()]
  return Array.isArray(v) ? v[0] : v
}
