import {
  formatLocal,
  inWindow,
  instantsOfWallTime,
  localDateKey,
  nextLocalMidnight,
  nextWindowOpen,
  offsetMs
} from '../../src/plan/time.js'

const iso = (n: number): string => new Date(n).toISOString()
const at = (s: string): number => Date.parse(s)
const NY = 'America/New_York'
const DAY_WINDOW = { startMinute: 9 * 60, endMinute: 21 * 60 }

describe('local time on Intl', () => {
  it('knows offsets, including half hours', () => {
    expect(offsetMs(at('2026-01-15T12:00:00Z'), NY)).toBe(-5 * 3600_000)
    expect(offsetMs(at('2026-07-15T12:00:00Z'), NY)).toBe(-4 * 3600_000)
    expect(offsetMs(at('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * 3600_000)
    expect(offsetMs(at('2026-07-15T12:00:00Z'), 'America/Sao_Paulo')).toBe(-3 * 3600_000)
    expect(offsetMs(at('2026-07-15T12:00:00Z'), 'UTC')).toBe(0)
  })

  it('finds a wall time that does not exist (spring forward) at the jump', () => {
    // 2026-03-08 02:30 never shows in New York: clocks go 01:59 EST → 03:00 EDT (07:00Z)
    expect(instantsOfWallTime(2026, 3, 8, 150, NY).map(iso)).toEqual(['2026-03-08T07:00:00.000Z'])
  })

  it('finds both instants of a wall time that shows twice (fall back)', () => {
    expect(instantsOfWallTime(2026, 11, 1, 90, NY).map(iso)).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z'])
  })

  it('reads local dates across midnight in +05:30', () => {
    expect(localDateKey(at('2026-06-01T18:29:00Z'), 'Asia/Kolkata')).toBe('2026-06-01')
    expect(localDateKey(at('2026-06-01T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-06-02')
    expect(formatLocal(at('2026-06-01T12:00:00Z'), 'Asia/Kolkata')).toBe('2026-06-01 17:30 Asia/Kolkata')
  })
})

describe('nextWindowOpen', () => {
  it('returns the instant itself inside the window', () => {
    const t = at('2026-06-01T14:00:00Z') // 10:00 EDT
    expect(nextWindowOpen(t, NY, DAY_WINDOW)).toBe(t)
    expect(inWindow(at('2026-06-02T01:00:00Z'), NY, DAY_WINDOW)).toBe(false) // 21:00 EDT: end is exclusive
  })

  it.each([
    // the night before the March switch: 09:00 EDT is 13:00Z, not 14:00Z
    ['2026-03-08T05:00:00Z', NY, DAY_WINDOW, '2026-03-08T13:00:00.000Z'],
    // the night before the November switch: 09:00 EST is 14:00Z
    ['2026-11-01T05:00:00Z', NY, DAY_WINDOW, '2026-11-01T14:00:00.000Z'],
    // after the window closed (22:00 EDT) → 09:00 the next day
    ['2026-06-02T02:00:00Z', NY, DAY_WINDOW, '2026-06-02T13:00:00.000Z'],
    // a window starting inside the spring-forward gap opens at the jump (03:00 EDT)
    ['2026-03-08T06:10:00Z', NY, { startMinute: 150, endMinute: 300 }, '2026-03-08T07:00:00.000Z'],
    // falling back from 01:59 EDT to 01:00 EST lands inside 00:30–01:30 again
    ['2026-11-01T05:40:00Z', NY, { startMinute: 30, endMinute: 90 }, '2026-11-01T06:00:00.000Z'],
    // a window wrapping midnight in +05:30: 17:30 IST → 22:00 IST
    ['2026-06-01T12:00:00Z', 'Asia/Kolkata', { startMinute: 22 * 60, endMinute: 6 * 60 }, '2026-06-01T16:30:00.000Z'],
    // inside the wrapped part after midnight
    ['2026-06-01T20:00:00Z', 'Asia/Kolkata', { startMinute: 22 * 60, endMinute: 6 * 60 }, '2026-06-01T20:00:00.000Z'],
    ['2026-06-01T02:00:00Z', 'America/Sao_Paulo', DAY_WINDOW, '2026-06-01T12:00:00.000Z'],
    ['2026-06-01T22:00:00Z', 'UTC', DAY_WINDOW, '2026-06-02T09:00:00.000Z']
  ])('from %s in %s', (from, tz, window, expected) => {
    expect(iso(nextWindowOpen(at(from), tz, window))).toBe(expected)
  })

  it('gives a minute-exact answer: one minute earlier is outside the window', () => {
    const open = nextWindowOpen(at('2026-03-08T05:00:00Z'), NY, DAY_WINDOW)
    expect(inWindow(open, NY, DAY_WINDOW)).toBe(true)
    expect(inWindow(open - 60_000, NY, DAY_WINDOW)).toBe(false)
  })
})

describe('nextLocalMidnight', () => {
  it.each([
    ['2026-06-01T12:00:00Z', 'Asia/Kolkata', '2026-06-01T18:30:00.000Z'],
    ['2026-06-01T12:00:00Z', 'America/Sao_Paulo', '2026-06-02T03:00:00.000Z'],
    ['2026-03-07T12:00:00Z', NY, '2026-03-08T05:00:00.000Z'],
    // the day of the switch is 23 hours long
    ['2026-03-08T12:00:00Z', NY, '2026-03-09T04:00:00.000Z'],
    ['2026-11-01T12:00:00Z', NY, '2026-11-02T05:00:00.000Z'],
    ['2026-06-01T23:59:59Z', 'UTC', '2026-06-02T00:00:00.000Z']
  ])('after %s in %s', (from, tz, expected) => {
    expect(iso(nextLocalMidnight(at(from), tz))).toBe(expected)
  })
})

describe('local time read from a cache of offsets', () => {
  // what Intl says, asked afresh for every instant
  const intlParts = (ms: number, timeZone: string): string => {
    const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]))
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${timeZone}`
  }

  it.each([
    ['America/New_York', '2026-03-08T06:00:00Z'],
    ['America/New_York', '2026-11-01T05:00:00Z'],
    // a half-hour DST shift
    ['Australia/Lord_Howe', '2026-04-04T14:00:00Z'],
    ['Australia/Lord_Howe', '2026-10-03T15:00:00Z'],
    // +12:45 / +13:45
    ['Pacific/Chatham', '2026-04-04T13:00:00Z'],
    ['Asia/Kathmandu', '2026-06-01T18:00:00Z'],
    // a switch of a whole day (Samoa skipped 2011-12-30)
    ['Pacific/Apia', '2011-12-30T09:00:00Z'],
    // local mean time, an offset with seconds, before 1883
    ['America/New_York', '1883-11-18T16:00:00Z']
  ])('agrees with Intl minute by minute around a switch in %s (%s)', (tz, around) => {
    const t0 = at(around) - 3 * 3_600_000
    for (let t = t0; t < t0 + 6 * 3_600_000; t += 60_000 + 7_000) expect(formatLocal(t, tz)).toBe(intlParts(t, tz))
  })
})

describe('nextLocalMidnight, asked at every hour of days around a switch', () => {
  it.each([
    ['America/New_York', '2026-03-07T00:00:00Z'],
    ['America/New_York', '2026-10-31T00:00:00Z'],
    // Brazil's clocks once jumped at midnight: 2018-11-04 00:00 never showed
    ['America/Sao_Paulo', '2018-11-03T00:00:00Z'],
    ['Asia/Kolkata', '2026-06-01T00:00:00Z']
  ])('gives the first instant of the next local date in %s from %s', (tz, from) => {
    for (let t = at(from); t < at(from) + 3 * 86_400_000; t += 37 * 60_000) {
      const m = nextLocalMidnight(t, tz)
      expect(m).toBeGreaterThan(t)
      expect(localDateKey(m, tz)).not.toBe(localDateKey(t, tz))
      expect(localDateKey(m - 60_000, tz)).toBe(localDateKey(t, tz))
    }
  })
})
