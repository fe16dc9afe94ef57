import { randomBytes } from 'node:crypto'
import { link, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'

/**
 * A lock held by one process for as long as a job takes (a whole run, one
 * token refresh), across processes and, on a shared disk, across hosts.
 *
 * The lock file appears with its holder already written in it (a hard link of
 * a finished file), so nobody ever reads a half-written holder. The holder
 * touches the file while it runs; a lock is abandoned when its holder is a
 * process on this host that no longer exists, or when nobody touched it for
 * `staleMs` (a holder on another host, or one frozen for that long).
 */

/** Who holds a lock: what a process that stands aside tells a person. */
export interface LockHolder {
  pid: number
  host: string
  /** ISO time the holder took the lock */
  since: string
  /** what the holder is doing, e.g. `apply` */
  purpose?: string
}

export interface HeldLock {
  readonly file: string
  readonly holder: LockHolder
  /** true once another process took the lock over from this one (it looked abandoned) */
  lost(): Promise<boolean>
  release(): Promise<void>
}

export interface LockOptions {
  /** how long to wait for a live holder; 0 tries once */
  waitMs: number
  /** a lock nobody touched for this long is abandoned */
  staleMs: number
  /** written into the lock for whoever finds it held */
  purpose?: string
  /** how often the holder touches the lock; default staleMs / 4 */
  heartbeatMs?: number
  /** pause between tries while waiting; default 100 ms */
  pollMs?: number
  /** file mode of the lock (a token store's lock stays owner-only) */
  mode?: number
  /** called once, when the lock is found held and the wait begins */
  onWait?: (holder: LockHolder | undefined) => void
  /** called when an abandoned lock is taken over */
  onTakeOver?: (holder: LockHolder | undefined, why: string) => void
}

export type LockAttempt = { held: HeldLock; busy?: undefined } | { held?: undefined; busy: LockHolder | undefined }

interface LockText extends LockHolder {
  nonce: string
}

function parseHolder(text: string): LockText | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockText>
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.since === 'string' && typeof v.nonce === 'string') return v as LockText
  } catch {
    // the short write lock of older releases holds "pid host"
    const m = /^(\d+) (\S+)$/.exec(text.trim())
    if (m) return { pid: Number(m[1]), host: m[2], since: '', nonce: text }
  }
  return undefined
}

/** A sentence naming the holder: `pid 123 on host build-1 since 2026-11-30T03:00:00.000Z`. */
export function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'a process that did not say who it is'
  return `pid ${holder.pid} on host ${holder.host}${holder.since ? ` since ${holder.since}` : ''}`
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return false
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/** Why the lock whose file reads `text` is abandoned, or undefined while its holder may still run. */
async function abandoned(file: string, text: string, staleMs: number): Promise<string | undefined> {
  const holder = parseHolder(text)
  if (holder && holder.host === hostname() && holder.pid !== process.pid && processGone(holder.pid)) return `its holder (pid ${holder.pid}) no longer runs`
  const info = await stat(file).catch(() => undefined)
  if (info && Date.now() - info.mtimeMs > staleMs) return `nobody touched it for ${Math.round((Date.now() - info.mtimeMs) / 1000)} s`
  return undefined
}

/**
 * Moves an abandoned lock out of the way. Two waiters may judge the same lock
 * abandoned; only the one whose rename moves THAT file removes it. A waiter
 * that finds it moved a fresh lock instead (the other waiter's, taken in
 * between) puts it back.
 */
async function breakLock(file: string, judged: string): Promise<void> {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.stale`
  try {
    await rename(file, aside)
  } catch {
    return // someone else moved it first
  }
  const text = await readFile(aside, 'utf8').catch(() => '')
  if (text !== judged) await link(aside, file).catch(() => undefined)
  await unlink(aside).catch(() => undefined)
}

async function tryOnce(file: string, body: LockText, mode: number): Promise<boolean> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(tmp, JSON.stringify(body) + '\n', { flag: 'wx', mode })
    await link(tmp, file)
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw e
  } finally {
    await unlink(tmp).catch(() => undefined)
  }
}

/**
 * Takes the lock, waiting up to `waitMs` for a live holder; takes over an
 * abandoned one. Resolves `{ busy }` with the holder when the wait ran out.
 * Errors other than "held" (no such folder, no permission) are thrown.
 */
export async function acquireLock(file: string, options: LockOptions): Promise<LockAttempt> {
  const deadline = Date.now() + Math.max(0, options.waitMs)
  const pollMs = options.pollMs ?? 100
  const body: LockText = { pid: process.pid, host: hostname(), since: new Date().toISOString(), nonce: randomBytes(8).toString('hex'), ...(options.purpose ? { purpose: options.purpose } : {}) }
  let waiting = false
  for (;;) {
    if (await tryOnce(file, body, options.mode ?? 0o644)) return { held: holding(file, body, options) }
    const text = await readFile(file, 'utf8').catch(() => undefined)
    if (text === undefined) continue // released between our try and our read
    const why = await abandoned(file, text, options.staleMs)
    const holder = parseHolder(text)
    if (why) {
      options.onTakeOver?.(holder, why)
      await breakLock(file, text)
      continue
    }
    if (Date.now() >= deadline) return { busy: holder }
    if (!waiting) {
      waiting = true
      options.onWait?.(holder)
    }
    await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(1, deadline - Date.now()))))
  }
}

function holding(file: string, body: LockText, options: LockOptions): HeldLock {
  const mine = async (): Promise<boolean> => parseHolder((await readFile(file, 'utf8').catch(() => '')) ?? '')?.nonce === body.nonce
  const beat = setInterval(() => {
    void (async () => {
      if (!(await mine())) return
      const now = new Date()
      await utimes(file, now, now).catch(() => undefined)
    })()
  }, options.heartbeatMs ?? Math.max(1000, Math.floor(options.staleMs / 4)))
  // the heartbeat must never keep a finished process alive
  beat.unref()
  let released = false
  const { nonce: _nonce, ...holder } = body
  return {
    file,
    holder,
    lost: async () => !released && !(await mine()),
    async release() {
      if (released) return
      released = true
      clearInterval(beat)
      // never remove a lock another process took over meanwhile
      if (await mine()) await unlink(file).catch(() => undefined)
    }
  }
}
