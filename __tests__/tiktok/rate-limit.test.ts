import { RateLimiter } from '../../src/tiktok/rate-limit.js'
import { backoffDelay, parseRetryAfter, DEFAULT_RETRY } from '../../src/tiktok/backoff.js'
import { FakeClock } from './helpers.js'

/** The most sends found in any window [t, t + width). */
function maxInWindow(times: number[], width: number): number {
  let best = 0
  for (const start of times) best = Math.max(best, times.filter((t) => t >= start && t < start + width).length)
  return best
}

describe('RateLimiter', () => {
  it('lets at most 6 inits through in any 60 s window, waiting rather than refusing', async () => {
    const clock = new FakeClock()
    const limiter = new RateLimiter({ clock })
    const t0 = clock.ms
    const times: number[] = []
    await Promise.all(
      Array.from({ length: 20 }, () => limiter.acquire('token-a', 'init').then(() => times.push(clock.ms - t0)))
    )
    expect(times).toHaveLength(20)
    expect(maxInWindow(times, 60_000)).toBe(6)
    // It waits only as long as it must: the 7th goes exactly when the 1st leaves the window.
    expect(times.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 60_000])
    expect(times[19]).toBe(180_000)
  })

  it('keeps the window sliding: sends spread over time free capacity one by one', async () => {
    const clock = new FakeClock()
    const limiter = new RateLimiter({ clock })
    const times: number[] = []
    for (let i = 0; i < 6; i++) {
      await limiter.acquire('t', 'init')
      times.push(clock.ms)
      clock.advance(10_000)
    }
    // 60 s after the first send: it has left the window, a 7th may go at once.
    await limiter.acquire('t', 'init')
    times.push(clock.ms)
    // The 8th must wait for the 2nd send (at +10 s) to leave: until +70 s.
    await limiter.acquire('t', 'init')
    times.push(clock.ms)
    expect(times.map((t) => t - times[0]!)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000])
    expect(maxInWindow(times, 60_000)).toBe(6)
  })

  it('keeps separate windows per token and per class, with the documented limits', async () => {
    const clock = new FakeClock()
    const limiter = new RateLimiter({ clock })
    const t0 = clock.ms
    for (let i = 0; i < 6; i++) await limiter.acquire('one', 'init')
    for (let i = 0; i < 6; i++) await limiter.acquire('two', 'init')
    for (let i = 0; i < 30; i++) await limiter.acquire('one', 'status')
    for (let i = 0; i < 20; i++) await limiter.acquire('one', 'creator_info')
    for (let i = 0; i < 600; i++) await limiter.acquire('one', 'display')
    expect(clock.ms).toBe(t0)
    await limiter.acquire('one', 'status')
    expect(clock.ms).toBe(t0 + 60_000)
  })

  it('adds the safety margin to the window', async () => {
    const clock = new FakeClock()
    const limiter = new RateLimiter({ clock, marginMs: 1500 })
    const t0 = clock.ms
    for (let i = 0; i < 7; i++) await limiter.acquire('t', 'init')
    expect(clock.ms - t0).toBe(61_500)
  })

  it('holds everyone back after TikTok said 429', async () => {
    const clock = new FakeClock()
    const limiter = new RateLimiter({ clock })
    const t0 = clock.ms
    limiter.block('t', 'status', 7_000)
    await limiter.acquire('t', 'status')
    expect(clock.ms - t0).toBe(7_000)
  })

  it('keys windows by a hash, never by the token itself', () => {
    const token = 'act.very-secret-token-value'
    const key = RateLimiter.keyFor(token, 'init')
    expect(key).not.toContain(token)
    expect(key).toMatch(/^[0-9a-f]{24}:init$/)
    expect(RateLimiter.keyFor(token, 'init')).toBe(key)
    expect(RateLimiter.keyFor(token + 'x', 'init')).not.toBe(key)
  })

  it('stops waiting when aborted', async () => {
    const clock = new FakeClock()
    const limiter = new RateLimiter({ clock })
    for (let i = 0; i < 6; i++) await limiter.acquire('t', 'init')
    const ac = new AbortController()
    ac.abort(new Error('stop'))
    await expect(limiter.acquire('t', 'init', ac.signal)).rejects.toThrow('stop')
  })
})

describe('back-off', () => {
  it('draws a full-jitter delay below min(cap, base·2^n)', () => {
    for (let n = 0; n < 12; n++) {
      const ceiling = Math.min(30_000, 500 * 2 ** n)
      expect(backoffDelay(n, DEFAULT_RETRY, () => 0)).toBe(0)
      expect(backoffDelay(n, DEFAULT_RETRY, () => 0.5)).toBe(Math.floor(ceiling / 2))
      const top = backoffDelay(n, DEFAULT_RETRY, () => 0.999999)
      expect(top).toBeLessThan(ceiling)
      expect(top).toBeGreaterThanOrEqual(Math.floor(ceiling * 0.999))
    }
    expect(backoffDelay(200, DEFAULT_RETRY, () => 0.5)).toBe(15_000)
  })

  it('reads Retry-After as seconds or an HTTP date, and ignores junk', () => {
    const now = new Date('2026-11-25T12:00:00Z')
    expect(parseRetryAfter('3', now)).toBe(3000)
    expect(parseRetryAfter(['0'], now)).toBe(0)
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:00:10 GMT', now)).toBe(10_000)
    expect(parseRetryAfter('Wed, 25 Nov 2026 11:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter('86400', now)).toBe(600_000)
  })
})
