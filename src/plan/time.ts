/**
 * Local-time arithmetic for account windows and daily limits, on Intl alone.
 * An account's day and window follow its IANA zone, including DST switches
 * (a wall time that does not exist, or exists twice) and zones whose offset is
 * not a whole hour. All functions are pure: instants in, instants out.
 */

const MINUTE = 60_000
const DAY = 86_400_000

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit'
    })
    formatters.set(timeZone, f)
  }
  return f
}

export interface LocalParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

// Planning a large manifest asks for the same few instants (window openings,
// midnights, slots) many times; formatToParts is the planner's hot spot.
const partsCache = new Map<string, Readonly<LocalParts>>()
const PARTS_CACHE_MAX = 100_000

export function localParts(ms: number, timeZone: string): Readonly<LocalParts> {
  const key = `${timeZone}\u0000${ms}`
  const hit = partsCache.get(key)
  if (hit) return hit
  const out: Record<string, number> = {}
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value)
  }
  const parts = Object.freeze({ year: out.year, month: out.month, day: out.day, hour: out.hour % 24, minute: out.minute, second: out.second })
  if (partsCache.size >= PARTS_CACHE_MAX) partsCache.clear()
  partsCache.set(key, parts)
  return parts
}

/** The local wall time of an instant, as if it were a UTC timestamp (to the second). */
function wallMs(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone)
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
}

/** Offset of local time from UTC at an instant, in ms (New York in winter: -5 h). */
export function offsetMs(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000
  return wallMs(whole, timeZone) - whole
}

export function localDateKey(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone)
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`
}

export function localMinuteOfDay(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone)
  return p.hour * 60 + p.minute
}

/** `2026-03-08 09:00 America/New_York` — for reasons people read. */
export function formatLocal(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone)
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${localDateKey(ms, timeZone)} ${two(p.hour)}:${two(p.minute)} ${timeZone}`
}

/** The first instant in [lo, hi] whose offset differs from lo's (one transition assumed). */
function transitionBetween(lo: number, hi: number, timeZone: string): number | undefined {
  const offLo = offsetMs(lo, timeZone)
  if (offsetMs(hi, timeZone) === offLo) return undefined
  // Zones switch on whole minutes: search at minute resolution.
  let a = Math.floor(lo / MINUTE)
  let b = Math.ceil(hi / MINUTE)
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2)
    if (offsetMs(mid * MINUTE, timeZone) === offLo) a = mid
    else b = mid
  }
  return b * MINUTE
}

/**
 * The instants at which the local clock reads the given wall time, ascending:
 * one normally, two in a fall-back hour, and in a spring-forward gap (the time
 * never shows) the instant the clock jumps past it.
 */
export function instantsOfWallTime(year: number, month: number, day: number, minuteOfDay: number, timeZone: string): number[] {
  const wall = Date.UTC(year, month - 1, day) + minuteOfDay * MINUTE
  const offsets = new Set([offsetMs(wall - DAY, timeZone), offsetMs(wall + DAY, timeZone), offsetMs(wall, timeZone)])
  const found = new Set<number>()
  for (const off of offsets) {
    const u = wall - off
    if (wallMs(u, timeZone) === wall) found.add(u)
  }
  if (found.size) return [...found].sort((x, y) => x - y)
  const candidates = [...offsets].map((off) => wall - off).sort((x, y) => x - y)
  const jump = transitionBetween(candidates[0], candidates[candidates.length - 1], timeZone)
  return jump === undefined ? [] : [jump]
}

export interface LocalWindow {
  startMinute: number
  endMinute: number
}

export function inWindow(ms: number, timeZone: string, window: LocalWindow): boolean {
  const { startMinute: s, endMinute: e } = window
  if (s === e) return true
  const m = localMinuteOfDay(ms, timeZone)
  return s < e ? m >= s && m < e : m >= s || m < e
}

/** The earliest instant at or after `t` that falls inside the local window. */
export function nextWindowOpen(t: number, timeZone: string, window: LocalWindow): number {
  if (inWindow(t, timeZone, window)) return t
  const p = localParts(t, timeZone)
  let opening: number | undefined
  for (let k = 0; k < 3 && opening === undefined; k++) {
    for (const u of instantsOfWallTime(p.year, p.month, p.day + k, window.startMinute, timeZone)) {
      if (u > t && inWindow(u, timeZone, window)) {
        opening = u
        break
      }
    }
  }
  if (opening === undefined) opening = t + DAY
  // A clock change between now and the opening may itself land inside the
  // window (falling back into it, or jumping over its start): that is earlier.
  const jump = transitionBetween(t, opening, timeZone)
  if (jump !== undefined && jump < opening && inWindow(jump, timeZone, window)) return jump
  return opening
}

/** The first instant of the next local calendar day after `t`. */
export function nextLocalMidnight(t: number, timeZone: string): number {
  const p = localParts(t, timeZone)
  for (let k = 1; k < 3; k++) {
    const first = instantsOfWallTime(p.year, p.month, p.day + k, 0, timeZone).find((u) => u > t)
    if (first !== undefined) return first
  }
  return t + DAY
}
