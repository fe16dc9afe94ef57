import { createHash } from 'node:crypto'
import type { Clock } from '../clock.js'
import { KeyedSerial } from '../keyed-serial.js'

/**
 * TikTok's documented per-token limits, per minute, as sliding windows. Init
 * covers video, inbox and photo init together; display covers user/info,
 * video/list and video/query (each has its own 600/min at TikTok; sharing one
 * window only makes us more careful).
 */
export type LimitClass = 'init' | 'status' | 'creator_info' | 'display'

export const TIKTOK_RATE_LIMITS: Readonly<Record<LimitClass, number>> = {
  init: 6,
  status: 30,
  creator_info: 20,
  display: 600
}

export interface RateLimiterOptions {
  clock: Clock
  /** requests per window per class; a class absent here is not limited */
  limits?: Partial<Record<LimitClass, number>>
  /** default 60 000 */
  windowMs?: number
  /**
   * Extra wait added to every window, so our clock and TikTok's disagreeing by a
   * little does not turn a request sent "just in time" into a 429.
   */
  marginMs?: number
}

/**
 * One sliding window per (access token, class). The window is keyed by a hash
 * of the token so the token itself is never held as a map key that might be
 * dumped in a debugger or heap snapshot.
 *
 * `acquire` WAITS (on the injected clock) until a request fits in the window,
 * rather than sending one TikTok would refuse. Callers of one key are served in
 * arrival order.
 */
export class RateLimiter {
  private readonly clock: Clock
  private readonly limits: Partial<Record<LimitClass, number>>
  private readonly windowMs: number
  private readonly marginMs: number
  private readonly sent = new Map<string, number[]>()
  private readonly blockedUntil = new Map<string, number>()
  private readonly queues = new KeyedSerial()

  constructor(options: RateLimiterOptions) {
    this.clock = options.clock
    this.limits = options.limits ?? TIKTOK_RATE_LIMITS
    this.windowMs = options.windowMs ?? 60_000
    this.marginMs = options.marginMs ?? 0
  }

  static keyFor(accessToken: string, cls: LimitClass): string {
    return `${createHash('sha256').update(accessToken).digest('hex').slice(0, 24)}:${cls}`
  }

  /** Resolves when one more request of `cls` may be sent with `accessToken`; records it as sent. */
  acquire(accessToken: string, cls: LimitClass, signal?: AbortSignal): Promise<void> {
    const limit = this.limits[cls]
    if (limit === undefined || limit <= 0) return Promise.resolve()
    const key = RateLimiter.keyFor(accessToken, cls)
    return this.queues.run(key, () => this.take(key, limit, signal))
  }

  /**
   * TikTok said 429: nobody sends on this key before `ms` from now, whatever our
   * own count says (our count may be wrong when another process shares the token).
   */
  block(accessToken: string, cls: LimitClass, ms: number): void {
    const key = RateLimiter.keyFor(accessToken, cls)
    const until = this.clock.now().getTime() + ms
    this.blockedUntil.set(key, Math.max(this.blockedUntil.get(key) ?? 0, until))
  }

  private async take(key: string, limit: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted()
      const now = this.clock.now().getTime()
      const blocked = this.blockedUntil.get(key) ?? 0
      if (blocked > now) {
        await this.clock.sleep(blocked - now, signal)
        continue
      }
      const span = this.windowMs + this.marginMs
      const times = (this.sent.get(key) ?? []).filter((t) => t > now - span)
      if (times.length < limit) {
        times.push(now)
        this.sent.set(key, times)
        return
      }
      this.sent.set(key, times)
      // The oldest send leaves the window at oldest + span; wait until then.
      await this.clock.sleep(Math.max(1, times[0]! + span - now), signal)
    }
  }
}
