import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

/** An int64 that must reach the wire as a bare JSON number, digits intact. */
export class Int64 {
  constructor(readonly digits: string) {}
}

const MARK = `@@i64${randomBytes(4).toString('hex')}:`
const MARK_RE = new RegExp(`"${MARK}(-?\\d+)@@"`, 'g')

/** JSON.stringify that writes Int64 values as raw numbers beyond 2^53, as TikTok does. */
export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof Int64 ? `${MARK}${v.digits}@@` : v))
  return text.replace(MARK_RE, '$1')
}

export function newLogId(nowMs: number): string {
  const d = new Date(nowMs)
  const stamp = d.toISOString().replace(/[-:TZ.]/g, '').slice(0, 14)
  return `${stamp}${randomBytes(10).toString('hex').toUpperCase()}`
}

export function randomToken(prefix: string, bytes = 24): string {
  return `${prefix}${randomBytes(bytes).toString('hex')}`
}

export interface Reply {
  status: number
  body: string
  headers?: Record<string, string>
  /** ledger facts */
  code: string
  open_id?: string
  publish_id?: string
  detail?: string
}

export type SendMode = 'normal' | 'drop' | 'malformed' | 'html'

/**
 * Writes a reply. `drop` sends the headers and half of the body, then destroys the
 * socket; `malformed` sends a truncated body that no JSON parser accepts; `html`
 * replaces the answer with a proxy's 502 page, as a gateway does when the
 * upstream's answer did not reach it.
 */
export function sendReply(res: ServerResponse, reply: Reply, mode: SendMode = 'normal'): void {
  if (mode === 'html') {
    const page = Buffer.from(BAD_GATEWAY_PAGE, 'utf8')
    res.writeHead(502, { 'content-type': 'text/html', 'content-length': String(page.length) })
    res.end(page)
    return
  }
  let body = Buffer.from(reply.body, 'utf8')
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...reply.headers }
  if (mode === 'malformed') body = Buffer.concat([body.subarray(0, Math.floor(body.length / 2)), Buffer.from('<!-- upstream error')])
  headers['content-length'] = String(body.length)
  res.writeHead(reply.status, headers)
  if (mode === 'drop') {
    res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))), () => res.socket?.destroy())
    return
  }
  res.end(body)
}

const BAD_GATEWAY_PAGE = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n'

export class BodyTooLarge extends Error {}

export async function readSmallBody(req: IncomingMessage, limit = 1024 * 1024): Promise<string> {
  const parts: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new BodyTooLarge(`request body over ${limit} bytes`)
    parts.push(chunk as Buffer)
  }
  return Buffer.concat(parts).toString('utf8')
}
