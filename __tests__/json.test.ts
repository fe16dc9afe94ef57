import { parseJsonLossless, stableStringify } from '../src/json.js'
import { parseDuration, formatDuration } from '../src/duration.js'

describe('lossless JSON', () => {
  it('keeps int64 ids beyond 2^53 exact as decimal strings', () => {
    const parsed = parseJsonLossless('{"data":{"publicaly_available_post_id":[7312345678901234567],"n":42,"f":1.5}}') as {
      data: { publicaly_available_post_id: unknown[]; n: unknown; f: unknown }
    }
    expect(parsed.data.publicaly_available_post_id).toEqual(['7312345678901234567'])
    expect(parsed.data.n).toBe(42)
    expect(parsed.data.f).toBe(1.5)
    // the naive parse would have changed the digits
    expect(String(JSON.parse('7312345678901234567'))).not.toBe('7312345678901234567')
  })

  it('writes keys sorted at every level with a trailing newline', () => {
    expect(stableStringify({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{\n  "a": {\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n'
    )
  })

  it('writes a `__proto__` key as data, in its sorted place, without touching any prototype', () => {
    const value = JSON.parse('{"z":1,"__proto__":{"polluted":true,"b":2},"a":[{"__proto__":3}]}') as object
    const text = stableStringify(value)
    expect(text).toBe('{\n  "__proto__": {\n    "b": 2,\n    "polluted": true\n  },\n  "a": [\n    {\n      "__proto__": 3\n    }\n  ],\n  "z": 1\n}\n')
    expect(JSON.parse(text)).toEqual(value)
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined()
  })
})

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    ['250ms', 250]
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })
  it.each(['', '2', 'h', '2 hours', '-1h', '1.5h'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined()
  })
  it('formats back', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m')
    expect(formatDuration(0)).toBe('0ms')
    expect(formatDuration(61_000)).toBe('1m1s')
  })
})
