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

const HOUR = 3_600_000

/** The zone's offset at a whole second, from Intl: exact, and slow (a formatToParts call). */
function exactOffset(whole: number, timeZone: string): number {
  const out: Record<string, number> = {}
  for (const p of formatter(timeZone).formatToParts(new Date(whole))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value)
  }
  return Date.UTC(out.year, out.month - 1, out.day, out.hour % 24, out.minute, out.second) - whole
}

// Planning a large manifest asks for the local time of many instants, and Intl
// is the planner's hot spot. A zone changes its offset at most once in any
// hour (transitions are months apart), so when an hour starts and ends with
// the same offset every instant in it has that offset: one Intl call per zone
// and hour touched. An hour holding a transition is asked of Intl per instant.
const TRANSITION = Number.NaN
const hourOffsets = new Map<string, Map<number, number>>()
const HOUR_CACHE_MAX = 200_000

/** Offset of local time from UTC at a whole second. */
function offsetOfSecond(whole: number, timeZone: string): number {
  let byHour = hourOffsets.get(timeZone)
  if (!byHour) hourOffsets.set(timeZone, (byHour = new Map()))
  const hour = Math.floor(whole / HOUR)
  let off = byHour.get(hour)
  if (off === undefined) {
    const start = exactOffset(hour * HOUR, timeZone)
    off = start === exactOffset((hour + 1) * HOUR, timeZone) ? start : TRANSITION
    if (byHour.size >= HOUR_CACHE_MAX) byHour.clear()
    byHour.set(hour, off)
  }
  return Number.isNaN(off) ? exactOffset(whole, timeZone) : off
}

/** The local wall time of an instant, as if it were a UTC timestamp (to the second). */
function wallMs(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000
  return whole + offsetOfSecond(whole, timeZone)
}

export function localParts(ms: number, timeZone: string): Readonly<LocalParts> {
  const d = new Date(wallMs(ms, timeZone))
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds()
  }
}

/** Offset of local time from UTC at an instant, in ms (New York in winter: -5 h). */
export function offsetMs(ms: number, timeZone: string): number {
  return offsetOfSecond(Math.floor(ms / 1000) * 1000, timeZone)
}

/** The local calendar day of an instant, as days since 1970-01-01 (compare, never show). */
export function localDayNumber(ms: number, timeZone: string): number {
  return Math.floor(wallMs(ms, timeZone) / DAY)
}

export function localDateKey(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone)
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`
}

export function localMinuteOfDay(ms: number, timeZone: string): number {
  const wall = wallMs(ms, timeZone)
  return Math.floor((wall - Math.floor(wall / DAY) * DAY) / MINUTE)
}

/** `2026-03-08 09:00 America/New_York` — for reasons people read. */
export function formatLocal(ms: number, timeZone: string): string {
  // the ISO form of the wall time, read as UTC: `2026-03-08T09:00`
  const wall = new Date(wallMs(ms, timeZone)).toISOString()
  return `${wall.slice(0, 10)} ${wall.slice(11, 16)} ${timeZone}`
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
