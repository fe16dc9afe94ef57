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
// is the planner's hot spot. A zone changes its offset at most once in a day
// (switches are months apart), so when a day (UTC) starts and ends with the
// same offset every instant in it has that offset: one Intl call per zone and
// day touched. A day holding a switch is read by the hour the same way, and
// the hour holding it is asked of Intl per instant.
const SWITCH = Number.NaN
const dayOffsets = new Map<string, Map<number, number>>()
const hourOffsets = new Map<string, Map<number, number>>()
const OFFSET_CACHE_MAX = 200_000

/** The one offset of a span [start, start + length), or SWITCH when it holds a switch. */
function spanOffset(cache: Map<string, Map<number, number>>, timeZone: string, index: number, length: number): number {
  let byIndex = cache.get(timeZone)
  if (!byIndex) cache.set(timeZone, (byIndex = new Map()))
  let off = byIndex.get(index)
  if (off === undefined) {
    const start = exactOffset(index * length, timeZone)
    off = start === exactOffset((index + 1) * length, timeZone) ? start : SWITCH
    if (byIndex.size >= OFFSET_CACHE_MAX) byIndex.clear()
    byIndex.set(index, off)
  }
  return off
}

/** Offset of local time from UTC at a whole second. */
function offsetOfSecond(whole: number, timeZone: string): number {
  const day = spanOffset(dayOffsets, timeZone, Math.floor(whole / DAY), DAY)
  if (!Number.isNaN(day)) return day
  const hour = spanOffset(hourOffsets, timeZone, Math.floor(whole / HOUR), HOUR)
  return Number.isNaN(hour) ? exactOffset(whole, timeZone) : hour
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

// A plan names the same few instants (a post's schedule, the next opening of a
// window, a midnight) in the sentences of many pairs: each text is made once.
const TEXT_CACHE_MAX = 50_000
const isoTexts = new Map<number, string>()
const localTexts = new Map<string, Map<number, string>>()

function remember<K>(cache: Map<K, string>, key: K, text: string): string {
  if (cache.size >= TEXT_CACHE_MAX) cache.clear()
  cache.set(key, text)
  return text
}

/** `2026-03-08T14:00:00.000Z`, as Date's toISOString writes it. */
export function isoInstant(ms: number): string {
  return isoTexts.get(ms) ?? remember(isoTexts, ms, new Date(ms).toISOString())
}

/** `2026-03-08 09:00 America/New_York` — for reasons people read. */
export function formatLocal(ms: number, timeZone: string): string {
  let byMs = localTexts.get(timeZone)
  if (!byMs) localTexts.set(timeZone, (byMs = new Map()))
  const hit = byMs.get(ms)
  if (hit !== undefined) return hit
  // the ISO form of the wall time, read as UTC: `2026-03-08T09:00`
  const wall = new Date(wallMs(ms, timeZone)).toISOString()
  return remember(byMs, ms, `${wall.slice(0, 10)} ${wall.slice(11, 16)} ${timeZone}`)
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
  // the same for every instant of one local day: daily limits ask it for many
  let byDay = midnights.get(timeZone)
  if (!byDay) midnights.set(timeZone, (byDay = new Map()))
  const day = localDayNumber(t, timeZone)
  const hit = byDay.get(day)
  if (hit !== undefined && hit > t) return hit
  const next = findNextLocalMidnight(t, timeZone)
  if (byDay.size >= OFFSET_CACHE_MAX) byDay.clear()
  byDay.set(day, next)
  return next
}

const midnights = new Map<string, Map<number, number>>()

function findNextLocalMidnight(t: number, timeZone: string): number {
  const p = localParts(t, timeZone)
  for (let k = 1; k < 3; k++) {
    const first = instantsOfWallTime(p.year, p.month, p.day + k, 0, timeZone).find((u) => u > t)
    if (first !== undefined) return first
  }
  return t + DAY
}
