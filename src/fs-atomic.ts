import { randomUUID } from 'node:crypto'
import { chmod, lstat, mkdir, open, rename, unlink } from 'node:fs/promises'
import { homedir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { failpoint } from './failpoint.js'

export interface AtomicWriteOptions {
  /** mode of the written file; default 0o644 */
  mode?: number
  /**
   * mode of the directory: created with it, and an existing directory is
   * tightened to it (a token folder made 0755 by an older release or by hand
   * would let every local user list and open what it holds)
   */
  dirMode?: number
  /** failpoint reached between the fsync of the temporary file and the rename */
  beforeRename?: string
}

/**
 * Makes `dir` (and parents) exist; with `mode`, the last folder is set to that
 * mode when it is ours to set: owned by this user, not a shared sticky folder
 * such as /tmp, and not the home folder itself (a store pointed at ~/tokens.json
 * must not lock the home folder).
 */
export async function ensureDirectory(dir: string, mode?: number): Promise<void> {
  await mkdir(dir, { recursive: true, ...(mode !== undefined ? { mode } : {}) })
  if (mode === undefined) return
  const info = await lstat(dir)
  if ((info.mode & 0o777) === mode) return
  const mine = typeof process.getuid !== 'function' || info.uid === process.getuid()
  const sticky = (info.mode & 0o1000) !== 0
  if (!mine || sticky || resolve(dir) === resolve(homedir())) return
  await chmod(dir, mode)
}

/** fsync of a directory, so a rename in it survives a power cut; not every platform lets a directory be opened. */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const dh = await open(dir, 'r')
    try {
      await dh.sync()
    } finally {
      await dh.close()
    }
  } catch {
    /* best effort: Windows cannot open a directory */
  }
}

/**
 * Replaces `file` with `content` so that a crash at any moment leaves either
 * the old file or the new one, whole: a temporary file in the same folder,
 * written and fsynced, renamed over the target, then the folder fsynced so
 * the rename itself is durable. The state, the token store and the upload
 * sessions all write through here.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(file)
  await ensureDirectory(dir, options.dirMode)
  const mode = options.mode ?? 0o644
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`)
  try {
    const fh = await open(tmp, 'wx', mode)
    try {
      await fh.writeFile(content)
      await fh.sync()
    } finally {
      await fh.close()
    }
    // the umask may have widened the mode at creation
    await chmod(tmp, mode)
    if (options.beforeRename) failpoint(options.beforeRename)
    await rename(tmp, file)
  } catch (e) {
    await unlink(tmp).catch(() => undefined)
    throw e
  }
  await syncDirectory(dir)
}
