import { randomUUID } from 'node:crypto'
import { link, lstat, mkdir, open, readFile, stat, unlink, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname } from 'node:path'
import { UserError } from '../errors.js'
import { writeFileAtomic } from '../fs-atomic.js'
import { parseJsonLossless, stableStringify } from '../json.js'
import { STATE_VERSION, stateSchema, type State } from './schema.js'

const RESTORE_FIX = (file: string): string =>
  `restore ${file} from git history (e.g. \`git log -p -- ${file}\`) or repair it by hand; tiktok-publish never rewrites a state file it cannot read`

/** A state nobody has written yet: a new lineage, serial 0. */
export function emptyState(lineage: string = randomUUID()): State {
  return { version: STATE_VERSION, lineage, serial: 0, accounts: {}, posts: {} }
}

/**
 * The hook where older state versions are upgraded. Version 1 is current; a
 * higher version was written by a newer release and must not be read by this
 * one (it could drop fields the newer one depends on).
 */
export function migrateState(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UserError('the state file does not hold a JSON object', {
      fix: 'a state file is an object with version, lineage, serial, accounts and posts'
    })
  }
  const version = (raw as { version?: unknown }).version
  if (version === STATE_VERSION) return raw
  if (typeof version === 'number' && Number.isInteger(version) && version > STATE_VERSION) {
    throw new UserError(`the state file was written by a newer tiktok-publish (state version ${version}; this release reads version ${STATE_VERSION})`, {
      fix: 'upgrade tiktok-publish (e.g. the `uses: …@v1` tag or the npm package) to the release that wrote it'
    })
  }
  throw new UserError(`the state file has an unsupported version ${JSON.stringify(version ?? null)}`, {
    fix: `a state file of this release has "version": ${STATE_VERSION}`
  })
}

/** Keys sorted, two-space indent, newline at the end: diffs review well. */
export function serializeState(state: State): string {
  return stableStringify(state)
}

/** Turns a parse position into 1-based line and column. */
function lineColumn(text: string, position: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < position && i < text.length; i++) {
    if (text[i] === '\n') {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: position - lineStart + 1 }
}

function describePath(path: PropertyKey[]): string {
  if (path.length === 0) return '(top level)'
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(p)) ? `${i ? '.' : ''}${String(p)}` : `[${JSON.stringify(String(p))}]`))
    .join('')
}

/** Parses and validates state text; every failure names the file and the fix. */
export function parseState(text: string, file: string): State {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (body.trim() === '') {
    throw new UserError(`${file} is empty`, {
      location: { file, line: 1, column: 1 },
      fix: `${RESTORE_FIX(file)}; delete the file only if no post was ever published with it`
    })
  }
  let raw: unknown
  try {
    raw = parseJsonLossless(body)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    const pos = /position (\d+)/.exec(message)
    const location = pos ? { file, ...lineColumn(body, Number(pos[1])) } : { file, line: 1, column: 1 }
    throw new UserError(`${file} is not valid JSON: ${message}`, { location, fix: RESTORE_FIX(file), cause: e })
  }
  let migrated: unknown
  try {
    migrated = migrateState(raw)
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${file}: ${e.message}`, { location: { file, line: 1, column: 1 }, fix: e.fix })
    throw e
  }
  const result = stateSchema.safeParse(migrated)
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${describePath(i.path)}: ${i.message}`)
    throw new UserError(`${file} is not a valid tiktok-publish state: ${problems.join('; ')}`, {
      location: { file, line: 1, column: 1 },
      fix: RESTORE_FIX(file)
    })
  }
  return result.data
}

/**
 * Reads the state file. A missing file is a new, empty state with a new lineage;
 * anything unreadable is an error, and the file is never touched.
 */
export async function loadState(file: string): Promise<{ state: State; exists: boolean; raw?: string }> {
  let raw: string
  try {
    await checkStateFile(file)
    raw = await readFile(file, 'utf8')
  } catch (e) {
    if (e instanceof UserError) throw e
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: emptyState(), exists: false }
    throw new UserError(`cannot read the state file ${file}: ${(e as Error).message}`, {
      fix: 'check the path given as the state file and its permissions'
    })
  }
  return { state: parseState(raw, file), exists: true, raw }
}

/** Far above any real state (a record is well under 1 KB); a file this large is a mistake or an attack. */
export const MAX_STATE_BYTES = 64 * 1024 * 1024

/**
 * The state file must be a plain file of ours. A symbolic link is refused: a
 * run would write over the link while git commits the path it points to, and
 * a link to /dev/zero or to a file outside the repository is a way to make a
 * run read what it should not.
 */
async function checkStateFile(file: string): Promise<void> {
  const info = await lstat(file) // ENOENT: a new state
  if (info.isSymbolicLink()) {
    throw new UserError(`the state file ${file} is a symbolic link; tiktok-publish reads and writes only a plain file`, {
      location: { file, line: 1, column: 1 },
      fix: `replace the link with the file itself (e.g. \`git rm ${file}\` and restore the state there), or point the state path at the real file inside the repository`
    })
  }
  if (!info.isFile()) {
    throw new UserError(`cannot read the state file ${file}: it is not a regular file`, { location: { file, line: 1, column: 1 }, fix: 'point the state path at a JSON file, or remove what is in its place' })
  }
  if (info.size > MAX_STATE_BYTES) {
    throw new UserError(`the state file ${file} is ${info.size} bytes; a state file may be at most ${MAX_STATE_BYTES} bytes (64 MiB)`, {
      location: { file, line: 1, column: 1 },
      fix: RESTORE_FIX(file)
    })
  }
}

/**
 * Writes the state atomically (temp file in the same directory, fsync, rename).
 *
 * `next.serial` is the serial of the state as this writer loaded it (its base);
 * the written copy gets `max(onDisk, base) + 1`, so a write never lowers the
 * serial. A copy on disk that moved past the base means someone else wrote in
 * between: refused, since overwriting it would lose their records. A copy of
 * another lineage is refused too. Returns the state as written.
 */
export async function saveState(file: string, next: State, options: { expectedLineage?: string } = {}): Promise<State> {
  await mkdir(dirname(file), { recursive: true })
  // Without the lock, two writers that loaded the same base could both read the
  // old serial and both rename: the second would silently drop the first's records.
  return withLock(file, () => saveLocked(file, next, options))
}

async function saveLocked(file: string, next: State, options: { expectedLineage?: string }): Promise<State> {
  if (options.expectedLineage !== undefined && next.lineage !== options.expectedLineage) {
    throw new UserError(`refusing to write ${file}: the state to write has lineage ${next.lineage}, expected ${options.expectedLineage}`, {
      fix: 'this is a state of another project or a copy that was re-created; check the state path'
    })
  }
  let onDisk: Pick<State, 'lineage' | 'serial'> | undefined
  let text: string | undefined
  try {
    await checkStateFile(file)
    text = await readFile(file, 'utf8')
  } catch (e) {
    if (e instanceof UserError) throw e
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UserError(`cannot read the state file ${file} before writing it: ${(e as Error).message}`, {
        fix: 'check the path given as the state file and its permissions'
      })
    }
  }
  // What this process wrote last needs no parse: only its lineage and serial are read here.
  const mine = lastWritten.get(file)
  if (text !== undefined) onDisk = mine !== undefined && mine.text === text ? mine.header : parseState(text, file)
  if (onDisk) {
    if (onDisk.lineage !== next.lineage) {
      throw new UserError(
        `refusing to overwrite ${file}: it belongs to another state (lineage ${onDisk.lineage}; this run's state has lineage ${next.lineage})`,
        { fix: 'check that --state / the `state` input points at this manifest\'s state file; a state of another lineage is never overwritten' }
      )
    }
    if (onDisk.serial > next.serial) {
      throw new UserError(
        `state changed on disk since it was loaded: ${file} has serial ${onDisk.serial}, this run loaded serial ${next.serial}`,
        { fix: 'another run wrote the state meanwhile; run again so the plan starts from the newer state' }
      )
    }
  }
  const written: State = { ...next, serial: Math.max(onDisk?.serial ?? 0, next.serial) + 1 }
  // A state that would not load again must never reach the disk.
  const check = stateSchema.safeParse(written)
  if (!check.success) throw new Error(`internal error: refusing to write an invalid state: ${check.error.message}`)
  const out = serializeState(written)
  await writeAtomic(file, out)
  lastWritten.set(file, { text: out, header: { lineage: written.lineage, serial: written.serial } })
  return written
}

/**
 * The text this process last wrote to each state file, by the path it was
 * given. A run saves its state after every step; parsing and validating the
 * whole file before each save made a run of many pairs quadratic. Only
 * strings and numbers are kept, never the state object (the engine goes on
 * changing its records).
 */
const lastWritten = new Map<string, { text: string; header: Pick<State, 'lineage' | 'serial'> }>()

/** The text this process last wrote to `file`, if any (to compare a later read with, without parsing it). */
export function lastWrittenText(file: string): string | undefined {
  return lastWritten.get(file)?.text
}

/** A lock older than this was left by a process that died mid-write (a write takes milliseconds). */
const STALE_LOCK_MS = 30_000
const LOCK_RETRY_MS = 20
const LOCK_TRIES = 250

async function withLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`
  for (let attempt = 0; ; attempt++) {
    // The lock appears with its holder already written in it (a hard link of a
    // finished file), so a process killed while taking it never leaves an
    // empty lock that nobody can tell is stale.
    const tmp = `${lock}.${process.pid}.${randomUUID().slice(0, 8)}`
    try {
      await writeFile(tmp, `${process.pid} ${hostname()}\n`, { flag: 'wx' })
      await link(tmp, lock)
      break
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new UserError(`cannot lock the state file ${file}: ${(e as Error).message}`, {
          fix: 'check the permissions of the directory that holds the state file'
        })
      }
      const info = await stat(lock).catch(() => undefined)
      if ((info && Date.now() - info.mtimeMs > STALE_LOCK_MS) || (await holderIsGone(lock))) {
        await unlink(lock).catch(() => undefined)
        continue
      }
      if (attempt >= LOCK_TRIES) {
        throw new UserError(`another tiktok-publish is writing ${file} (lock file ${lock})`, {
          fix: `wait for the other run to finish; if none is running, delete ${lock}`
        })
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS))
    } finally {
      await unlink(tmp).catch(() => undefined)
    }
  }
  try {
    return await fn()
  } finally {
    await unlink(lock).catch(() => undefined)
  }
}

/** True when the lock names a process on this host that no longer runs (it was killed mid-write). */
async function holderIsGone(lock: string): Promise<boolean> {
  const text = await readFile(lock, 'utf8').catch(() => '')
  const m = /^(\d+) (\S+)$/.exec(text.trim())
  if (!m || m[2] !== hostname()) return false
  try {
    process.kill(Number(m[1]), 0)
    return false
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

async function writeAtomic(file: string, content: string): Promise<void> {
  try {
    await writeFileAtomic(file, content, { mode: 0o644, beforeRename: 'state.before-rename' })
  } catch (e) {
    throw new UserError(`cannot write the state file ${file}: ${(e as Error).message}`, {
      fix: 'check free space and permissions of the directory; the previous state file is unchanged',
      cause: e
    })
  }
}
