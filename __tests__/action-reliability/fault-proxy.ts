import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A loopback proxy in front of the fake GitHub REST server that breaks chosen
 * requests the ways GitHub and the networks in front of it do. The fake itself
 * stays the source of truth: a request that is not broken (or is broken only in
 * its answer) reaches it and changes its state.
 */
export type GitHubFault =
  | '500'
  | '503'
  /** secondary rate limit: 429 with Retry-After */
  | '429'
  /** primary rate limit: 403 with x-ratelimit-remaining: 0 and Retry-After */
  | '403-rate-limit'
  /** the connection is closed before any answer */
  | 'drop'
  /** the request reaches GitHub, but the answer's body is cut short mid-JSON */
  | 'malformed'

export interface FaultRule {
  method: string
  path: RegExp
  fault: GitHubFault
  /** how many matching requests to break, from the first; default every one */
  times?: number
}

export interface ProxiedRequest {
  method: string
  path: string
  /** the fault this request got, if any */
  fault?: GitHubFault
}

export class GitHubFaultProxy {
  url = ''
  readonly seen: ProxiedRequest[] = []
  private rules: (FaultRule & { used: number })[] = []
  private server!: Server

  private constructor(private readonly upstream: URL) {}

  static async start(upstreamUrl: string): Promise<GitHubFaultProxy> {
    const p = new GitHubFaultProxy(new URL(upstreamUrl))
    p.server = createServer((req, res) => p.handle(req, res))
    await new Promise<void>((r) => p.server.listen(0, '127.0.0.1', r))
    p.url = `http://127.0.0.1:${(p.server.address() as AddressInfo).port}`
    return p
  }

  inject(rule: FaultRule): void {
    this.rules.push({ ...rule, used: 0 })
  }

  clear(): void {
    this.rules = []
  }

  /** requests that matched method and path, query aside (faulted or not) */
  count(method: string, path: RegExp): number {
    return this.seen.filter((s) => s.method === method && path.test(new URL(s.path, this.url).pathname)).length
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => {
      this.server.closeAllConnections()
      this.server.close(() => r())
    })
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const method = req.method ?? ''
    const path = req.url ?? '/'
    const rule = this.rules.find((r) => r.method === method && r.path.test(new URL(path, this.url).pathname) && (r.times === undefined || r.used < r.times))
    if (rule) rule.used++
    this.seen.push({ method, path, fault: rule?.fault })
    const parts: Buffer[] = []
    req.on('data', (b: Buffer) => parts.push(b))
    req.on('end', () => {
      const body = Buffer.concat(parts)
      switch (rule?.fault) {
        case '500':
        case '503':
          return answer(res, Number(rule.fault), { message: rule.fault === '500' ? 'Server Error' : 'Service Unavailable' })
        case '429':
          return answer(res, 429, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '0' })
        case '403-rate-limit':
          return answer(res, 403, { message: 'API rate limit exceeded' }, { 'retry-after': '0', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) })
        case 'drop':
          req.socket.destroy()
          return
        default:
          return this.forward(req, body, res, rule?.fault === 'malformed')
      }
    })
  }

  private forward(req: IncomingMessage, body: Buffer, res: ServerResponse, malform: boolean): void {
    const headers = { ...req.headers, host: this.upstream.host }
    const up = request({ host: this.upstream.hostname, port: this.upstream.port, method: req.method, path: req.url, headers }, (upRes) => {
      const parts: Buffer[] = []
      upRes.on('data', (b: Buffer) => parts.push(b))
      upRes.on('end', () => {
        let text = Buffer.concat(parts)
        const outHeaders = { ...upRes.headers }
        delete outHeaders['content-length']
        delete outHeaders['transfer-encoding']
        // half of the JSON, as a proxy that gave up mid-body would leave it
        if (malform) text = Buffer.concat([text.subarray(0, Math.floor(text.length / 2)), Buffer.from(text.length ? '' : '{"')])
        res.writeHead(upRes.statusCode ?? 502, { ...outHeaders, 'content-length': String(text.length) })
        res.end(text)
      })
    })
    up.on('error', () => res.destroy())
    up.end(body)
  }
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers })
  res.end(text)
}
