import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import type { Clock } from '../../src/clock.js'

/**
 * Virtual time: sleep(ms) moves the clock to (time at the call + ms) at once, so
 * back-off and rate-limit waits cost nothing and are exactly observable.
 * Concurrent sleepers do not add up: each wakes at its own deadline.
 */
export class FakeClock implements Clock {
  readonly sleeps: number[] = []
  onSleep?: (ms: number) => void | Promise<void>
  constructor(private t = Date.parse('2026-11-25T12:00:00Z')) {}
  now(): Date {
    return new Date(this.t)
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted()
    this.sleeps.push(ms)
    const wake = this.t + ms
    await this.onSleep?.(ms)
    await new Promise((r) => setImmediate(r))
    this.t = Math.max(this.t, wake)
  }
  advance(ms: number): void {
    this.t += ms
  }
  get ms(): number {
    return this.t
  }
}

export interface SeenRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: Buffer
}

export type Handler = (req: SeenRequest, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>

/** A real HTTP server on 127.0.0.1 whose answers the test scripts, recording every request. */
export async function scriptedServer(handler: Handler, port = 0): Promise<{ url: string; port: number; seen: SeenRequest[]; server: Server; close(): Promise<void> }> {
  const seen: SeenRequest[] = []
  const server = createServer((raw, res) => {
    const parts: Buffer[] = []
    raw.on('data', (b: Buffer) => parts.push(b))
    raw.on('end', () => {
      const req: SeenRequest = { method: raw.method ?? '', url: raw.url ?? '', headers: raw.headers, body: Buffer.concat(parts) }
      seen.push(req)
      Promise.resolve(handler(req, res, raw)).catch((e) => {
        res.statusCode = 599
        res.end(String(e))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const p = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${p}`,
    port: p,
    seen,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(typeof body === 'string' ? body : JSON.stringify(body))
}

export function envelope(data: unknown, code = 'ok', message = ''): unknown {
  return { data, error: { code, message, log_id: 'LOG123' } }
}

/**
 * Every error and log line a test file produces goes through here; at the end
 * the file asserts none of them holds a secret, in any printed form (message,
 * cause chain, inspected properties).
 */
export class LeakWatch {
  private readonly texts: string[] = []
  private readonly secrets = new Set<string>()
  secret<T extends string>(value: T): T {
    this.secrets.add(value)
    return value
  }
  error(e: unknown): unknown {
    this.texts.push(inspect(e, { depth: 10 }))
    if (e instanceof Error) this.texts.push(e.message, String(e.stack))
    return e
  }
  lines(lines: readonly string[]): void {
    this.texts.push(...lines)
  }
  get count(): number {
    return this.texts.length
  }
  leaks(): string[] {
    const out: string[] = []
    for (const t of this.texts) for (const s of this.secrets) if (t.includes(s) || t.includes(encodeURIComponent(s))) out.push(`${s} in: ${t.slice(0, 300)}`)
    return out
  }
}

/** Awaits a promise that must reject, hands its error to the watch, and returns it. */
export async function rejection(p: Promise<unknown>, watch?: LeakWatch): Promise<any> {
  try {
    await p
  } catch (e) {
    watch?.error(e)
    return e
  }
  throw new Error('expected the promise to reject')
}

/** A port with nothing listening on it (for ECONNREFUSED). */
export async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as AddressInfo).port
  await new Promise<void>((r) => s.close(() => r()))
  return port
}
