/**
 * Retry timing shared by API calls and chunk uploads: exponential back-off with
 * full jitter (a uniformly random wait in [0, min(cap, base·2^n))), so many
 * runs failing together do not come back in lock-step.
 */
export interface RetryOptions {
  /** total attempts including the first; default 5 */
  attempts: number
  /** default 500 ms */
  baseMs: number
  /** default 30 s */
  capMs: number
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 5, baseMs: 500, capMs: 30_000 }

/** A source of uniform numbers in [0, 1); injected so tests can pin the schedule. */
export type Random = () => number

/** Wait before retry number `retry` (0 = the first retry). */
export function backoffDelay(retry: number, options: Pick<RetryOptions, 'baseMs' | 'capMs'>, random: Random): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(retry, 52))
  const r = Math.min(Math.max(random(), 0), 1)
  return Math.floor(r * ceiling)
}

/**
 * Retry-After as milliseconds from `now`: delta-seconds or an HTTP-date.
 * Undefined when absent or unreadable (the caller backs off instead). Capped so a
 * hostile or broken header cannot park a run for a day.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: Date, capMs = 10 * 60_000): number | undefined {
  const v = Array.isArray(value) ? value[0] : value
  if (v === undefined) return undefined
  const text = v.trim()
  if (text === '') return undefined
  let ms: number
  if (/^\d+$/.test(text)) {
    ms = Number(text) * 1000
  } else {
    const at = Date.parse(text)
    if (Number.isNaN(at)) return undefined
    ms = at - now.getTime()
  }
  return Math.min(Math.max(ms, 0), capMs)
}
