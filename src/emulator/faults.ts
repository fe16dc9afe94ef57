import { parseFault } from './config.js'
import type { Core } from './core.js'
import type { Reply, SendMode } from './http.js'
import type { Fault, FaultEndpoint } from './types.js'

interface StoredFault {
  fault: Fault
  left: number
}

/** Faults injected by tests and rehearsals, waiting for the request they hit. */
export class FaultBox {
  private faults: StoredFault[] = []

  constructor(private readonly core: Core) {}

  inject(fault: Fault): void {
    const parsed = parseFault(fault)
    this.faults.push({ fault: parsed, left: parsed.times ?? 1 })
  }

  clear(): void {
    this.faults = []
  }

  /** what is still queued, `times` as the admin API writes it */
  pending(): Array<Omit<Fault, 'times'> & { times: number | 'Infinity' }> {
    return this.faults.map((f) => ({ ...f.fault, times: f.left === Infinity ? 'Infinity' : f.left }))
  }

  /**
   * Consumes at most one matching fault per group (delay, response, transport,
   * fail, stuck), oldest first, so two queued faults hit two requests.
   */
  take(endpoint: FaultEndpoint, open_id: string | undefined, kinds: Fault['kind'][]): Fault[] {
    const group = (k: Fault['kind']): string =>
      k === 'http_error' || k === 'rate_limit' || k === 'error_code' ? 'response' : k === 'drop' || k === 'malformed_json' || k === 'html_page' ? 'transport' : k
    const taken: Fault[] = []
    const used = new Set<string>()
    for (const f of this.faults) {
      if (f.left <= 0 || !kinds.includes(f.fault.kind) || used.has(group(f.fault.kind))) continue
      const ep = f.fault.endpoint ?? '*'
      if (ep !== '*' && ep !== endpoint) continue
      if (f.fault.open_id !== undefined && f.fault.open_id !== open_id) continue
      f.left--
      used.add(group(f.fault.kind))
      taken.push(f.fault)
    }
    this.faults = this.faults.filter((f) => f.left > 0)
    return taken
  }

  /**
   * Applies the request-level faults aimed at this request: waits out latency,
   * and answers the injected reply (`flat` in OAuth's shape) if there is one.
   * Returns the send mode for whatever reply goes out.
   */
  async apply(endpoint: FaultEndpoint, open_id: string | undefined, flat: boolean): Promise<{ reply?: Reply; mode: SendMode }> {
    const taken = this.take(endpoint, open_id, ['latency', 'http_error', 'rate_limit', 'error_code', 'drop', 'malformed_json', 'html_page'])
    const core = this.core
    const error = (status: number, code: string, message: string, extra: Partial<Reply> = {}): Reply =>
      flat ? core.flatError(status, code, message, extra) : core.envelopeError(status, code, message, extra)
    let mode: SendMode = 'normal'
    let reply: Reply | undefined
    for (const f of taken) {
      core.record({ kind: 'fault', open_id, code: f.kind, detail: `${endpoint}: ${JSON.stringify(f)}` })
      if (f.kind === 'latency') await new Promise((r) => setTimeout(r, f.ms))
      else if (f.kind === 'drop') mode = 'drop'
      else if (f.kind === 'malformed_json') mode = 'malformed'
      else if (f.kind === 'html_page') mode = 'html'
      else if (!reply) {
        if (f.kind === 'http_error') {
          reply = flat ? core.flatError(f.status, 'server_error', 'injected server error') : core.envelopeError(f.status, 'internal_error', 'injected server error')
        } else if (f.kind === 'rate_limit') {
          const headers: Record<string, string> = f.retry_after_sec !== undefined ? { 'retry-after': String(f.retry_after_sec) } : {}
          reply = error(429, 'rate_limit_exceeded', 'injected rate limit', { headers })
        } else if (f.kind === 'error_code') {
          reply = error(f.status, f.code, f.message ?? `injected ${f.code}`)
        }
      }
    }
    if (reply) reply.open_id = open_id
    return { reply, mode }
  }

  /**
   * The post-level faults (fail_post, stuck) aimed at an init, recorded
   * against the new post: how many extra PROCESSING polls it owes, and the
   * fail_reason it will end with.
   */
  takeForPost(endpoint: FaultEndpoint, open_id: string, publish_id: string): { extraPolls: number; failReason?: string } {
    const faults = this.take(endpoint, open_id, ['fail_post', 'stuck'])
    let extraPolls = 0
    let failReason: string | undefined
    for (const f of faults) {
      this.core.record({ kind: 'fault', open_id, publish_id, code: f.kind, detail: JSON.stringify(f) })
      if (f.kind === 'stuck') extraPolls += f.polls
      else if (f.kind === 'fail_post' && failReason === undefined) failReason = f.fail_reason
    }
    return { extraPolls, failReason }
  }
}
