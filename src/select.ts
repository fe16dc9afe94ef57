import { createHash } from 'node:crypto'
import { UserError } from './errors.js'

/**
 * Which accounts a run touches: `--accounts`/`accounts` (names or globs) and
 * `--shard`/`shard` (`k/n`). Shards use rendezvous hashing on the account name,
 * not its position, so adding an account never moves another one, and going
 * from n to n+1 shards moves only the accounts the new shard takes.
 */
export function accountSelector(options: { accounts?: string; shard?: string }): (name: string) => boolean {
  const patterns = (options.accounts ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const shard = options.shard ? parseShard(options.shard) : undefined
  return (name) => {
    if (patterns.length && !patterns.some((glob) => globMatch(glob, name))) return false
    if (shard && shardOf(name, shard.n) !== shard.k) return false
    return true
  }
}

export function parseShard(text: string): { k: number; n: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  const k = m ? Number(m[1]) : NaN
  const n = m ? Number(m[2]) : NaN
  if (!m || n < 1 || k < 1 || k > n) {
    throw new UserError(`shard "${text}" is not of the form k/n with 1 ≤ k ≤ n`, { fix: 'write e.g. shard: 1/4 (the first of four shards)' })
  }
  return { k, n }
}

/** 1-based shard of an account among n. */
export function shardOf(name: string, n: number): number {
  let best = 1
  let bestWeight = -1n
  for (let k = 1; k <= n; k++) {
    const weight = createHash('sha256').update(`${k}\0${name}`).digest().readBigUInt64BE(0)
    if (weight > bestWeight) {
      bestWeight = weight
      best = k
    }
  }
  return best
}

/**
 * `*` any run of characters, `?` one character. Matched with the classic
 * two-pointer walk rather than a RegExp: a pattern of many stars made the
 * RegExp backtrack for ever, and these patterns come from users.
 */
export function globMatch(glob: string, name: string): boolean {
  let g = 0
  let n = 0
  let star = -1
  let mark = 0
  while (n < name.length) {
    if (g < glob.length && (glob[g] === '?' || glob[g] === name[n])) {
      g++
      n++
    } else if (g < glob.length && glob[g] === '*') {
      star = g++
      mark = n
    } else if (star >= 0) {
      g = star + 1
      n = ++mark
    } else {
      return false
    }
  }
  while (g < glob.length && glob[g] === '*') g++
  return g === glob.length
}
