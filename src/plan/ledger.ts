import type { Manifest, PostMode } from '../manifest/model.js'
import type { State, StateRecord } from '../state/schema.js'
import { localDayNumber } from './time.js'

/*
 * The inits every limit counts: per account (caps, spacing, daily counts) and
 * per app (the unaudited app's accounts per 24 h). They come from every record
 * in the state, orphans included (a post removed from the manifest still used
 * its slot at TikTok), and from the pairs this plan makes publish or wait.
 */

export const H24 = 86_400_000

/**
 * One init on an account: from state, planned now by this plan, or projected
 * (the earliest time of a pair this plan makes wait). Projections make the
 * plan a schedule: pairs are placed greedily in manifest order, so a later pair
 * is never shown at the same moment as an earlier one its limits exclude.
 */
export interface Init {
  time: number
  mode: PostMode
  /** the post of an init this plan makes or expects */
  post?: string
  projected?: boolean
}

export function has<T>(o: Record<string, T>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key)
}

export function parseTime(s: string | undefined): number | undefined {
  if (s === undefined) return undefined
  const ms = Date.parse(s)
  return Number.isNaN(ms) ? undefined : ms
}

/**
 * When a record took (or may have taken) a slot at TikTok. A claim without an
 * init may still have reached TikTok (a run died mid-call), so it counts too:
 * over-counting only delays a post, under-counting could break a cap.
 */
export function initTime(r: StateRecord): number | undefined {
  const initiated = parseTime(r.initiated_at)
  if (initiated !== undefined) return initiated
  if (r.status === 'claimed' || r.status === 'unknown') return parseTime(r.claimed_at) ?? parseTime(r.updated_at)
  return undefined
}

/** Most chunks hold this many items; one twice as long is split. */
const CHUNK = 256

/**
 * Items kept sorted by time, so every limit reads only the span it needs.
 * They are held in short sorted chunks: an app's ledger gathers the inits of
 * all its accounts, out of time order, and inserting into one long array
 * moved half of it each time (quadratic in the pairs of a large plan).
 */
export class Ledger<T extends { time: number }> {
  private readonly chunks: T[][] = []

  add(item: T): void {
    const chunks = this.chunks
    if (chunks.length === 0) {
      chunks.push([item])
      return
    }
    // after any equal times: order stays the order of insertion (deterministic)
    let k = this.chunkAfter(item.time)
    if (k === chunks.length) k--
    const chunk = chunks[k]
    if (chunk[chunk.length - 1].time <= item.time) chunk.push(item)
    else chunk.splice(firstAfter(chunk, item.time), 0, item)
    if (chunk.length >= 2 * CHUNK) chunks.splice(k, 1, chunk.slice(0, CHUNK), chunk.slice(CHUNK))
  }

  /** items with lo < time <= hi, by time */
  between(lo: number, hi: number): T[] {
    const out: T[] = []
    const chunks = this.chunks
    const start = this.chunkAfter(lo)
    for (let k = start; k < chunks.length; k++) {
      const chunk = chunks[k]
      // every chunk before `start` ends at or before lo; the ones after it begin later
      for (let i = k === start ? firstAfter(chunk, lo) : 0; i < chunk.length; i++) {
        if (chunk[i].time > hi) return out
        out.push(chunk[i])
      }
    }
    return out
  }

  /** the latest item with lo < time <= hi */
  lastBetween(lo: number, hi: number): T | undefined {
    const chunks = this.chunks
    let k = this.chunkAfter(hi)
    let i = k < chunks.length ? firstAfter(chunks[k], hi) - 1 : -1
    if (i < 0) {
      // every item of chunk k is later than hi: the latest earlier one ends the chunk before
      k--
      if (k < 0) return undefined
      i = chunks[k].length - 1
    }
    const item = chunks[k][i]
    return item.time > lo ? item : undefined
  }

  /** the first chunk whose last item is later than `time` (chunks.length when none is) */
  private chunkAfter(time: number): number {
    const chunks = this.chunks
    let lo = 0
    let hi = chunks.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const chunk = chunks[mid]
      if (chunk[chunk.length - 1].time <= time) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

/** the index of the first item later than `time` in a sorted list */
function firstAfter<T extends { time: number }>(items: T[], time: number): number {
  let lo = 0
  let hi = items.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (items[mid].time <= time) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * One account's inits, with how many fall on each local day of its zone: a
 * daily limit asks one count instead of reading the local date of every init
 * near the instant it checks.
 */
export class AccountInits {
  readonly inits = new Ledger<Init>()
  private readonly all = new Map<number, number>()
  private readonly direct = new Map<number, number>()

  constructor(readonly timezone: string) {}

  add(init: Init): void {
    this.inits.add(init)
    const day = localDayNumber(init.time, this.timezone)
    this.all.set(day, (this.all.get(day) ?? 0) + 1)
    if (init.mode === 'direct') this.direct.set(day, (this.direct.get(day) ?? 0) + 1)
  }

  /** inits on the local day of `t` (direct posts only, or every init) */
  onDayOf(t: number, directOnly: boolean): number {
    const day = localDayNumber(t, this.timezone)
    return (directOnly ? this.direct : this.all).get(day) ?? 0
  }
}

/** Every account's and every app's inits. */
export class Ledgers {
  private readonly accounts = new Map<string, AccountInits>()
  private readonly apps = new Map<string, Ledger<{ time: number; key: string }>>()

  constructor(private readonly manifest: Manifest) {}

  /**
   * The inits of the state's records. Those older than any limit looks back (a
   * local day, 24 h, the longest min_gap) are left out.
   */
  static fromState(manifest: Manifest, state: State, now: number): Ledgers {
    let maxGap = 0
    for (const a of Object.values(manifest.accounts)) maxGap = Math.max(maxGap, a.limits.minGapMs ?? 0)
    const horizon = now - Math.max(2 * H24, maxGap)
    const ledgers = new Ledgers(manifest)
    for (const post of Object.keys(state.posts).sort()) {
      for (const account of Object.keys(state.posts[post]).sort()) {
        const r = state.posts[post][account]
        const time = initTime(r)
        if (time !== undefined && time > horizon) ledgers.add(account, { time, mode: r.mode ?? 'direct' })
      }
    }
    return ledgers
  }

  of(account: string): AccountInits {
    let inits = this.accounts.get(account)
    if (!inits) {
      const timezone = has(this.manifest.accounts, account) ? this.manifest.accounts[account].timezone : 'UTC'
      this.accounts.set(account, (inits = new AccountInits(timezone ?? 'UTC')))
    }
    return inits
  }

  /** which account of the app initiated when (for the unaudited app's account cap) */
  ofApp(app: string): Ledger<{ time: number; key: string }> | undefined {
    return this.apps.get(app)
  }

  add(account: string, init: Init): void {
    this.of(account).add(init)
    const app = has(this.manifest.accounts, account) ? this.manifest.accounts[account].app : undefined
    if (app === undefined) return
    let ledger = this.apps.get(app)
    if (!ledger) this.apps.set(app, (ledger = new Ledger()))
    ledger.add({ time: init.time, key: account })
  }
}
