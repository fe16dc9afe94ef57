/** Optimal string alignment distance (Levenshtein plus adjacent swaps). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0][j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
  }
  return d[a.length][b.length]
}

const squash = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '')

/** The known word a typo most likely meant, if one is close enough. */
export function didYouMean(input: string, known: readonly string[]): string | undefined {
  const s = squash(input)
  const same = known.find((k) => squash(k) === s)
  if (same !== undefined) return same
  let best: string | undefined
  let bestDistance = Infinity
  for (const k of known) {
    const dist = editDistance(s, squash(k))
    if (dist < bestDistance) {
      best = k
      bestDistance = dist
    }
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(Math.max(s.length, 1) / 3)))
  return bestDistance <= allowed ? best : undefined
}
