import { parse, isSafeNumber } from 'lossless-json'

/**
 * Parses JSON keeping integers beyond 2^53 exact, as decimal strings. TikTok's
 * video ids (~7.3e18) would silently lose digits through JSON.parse.
 */
export function parseJsonLossless(text: string): unknown {
  return parse(text, null, (value: string) => {
    if (isSafeNumber(value)) return Number(value)
    if (/^-?\d+$/.test(value)) return value
    return Number(value)
  })
}

/** Stable JSON: keys sorted at every level, two-space indent, trailing newline. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) + '\n'
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object') {
    // A plain object, not Object.create(null): V8 keeps it in fast mode and
    // stringifies it twice as fast (the state is written after every step of a run).
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key]
      if (v === undefined) continue
      // a `__proto__` key is written as data, not taken as the prototype
      if (key === '__proto__') Object.defineProperty(out, key, { value: sortKeys(v), enumerable: true, writable: true, configurable: true })
      else out[key] = sortKeys(v)
    }
    return out
  }
  return value
}
