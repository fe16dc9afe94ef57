import { execFile } from 'node:child_process'
import { open } from 'node:fs/promises'
import path from 'node:path'
import { redact } from '../git/git.js'
import type { Logger } from '../logger.js'
import { readAt } from './read.js'

/*
 * Git LFS: a repository may hold its videos as pointers (a few lines naming
 * the content's sha256 and size) with the content on an LFS server. A run
 * downloads only the videos it is about to read: those of pairs that are due.
 * A published post's video is never needed (its digest is the pointer's blob
 * id, which git knows without the content; see digest.ts), so a scheduled run
 * with nothing due downloads nothing.
 */

const LFS_PREFIXES = ['version https://git-lfs.github.com/spec/v1', 'version https://hawser.github.com/spec/v1']
/** A pointer is at most a few hundred bytes; Git LFS itself refuses larger ones. */
const POINTER_MAX = 1024

export interface LfsPointer {
  /** sha256 of the content, hex */
  oid: string
  size: number
}

/** True when a file's first bytes are a Git LFS pointer, i.e. the video itself was never fetched. */
export function isLfsPointer(firstBytes: Buffer): boolean {
  const text = firstBytes.toString('latin1', 0, 64)
  return LFS_PREFIXES.some((p) => text.startsWith(p))
}

/** The pointer's oid and size, or undefined when the bytes are not a whole pointer. */
export function parseLfsPointer(bytes: Buffer): LfsPointer | undefined {
  if (bytes.length > POINTER_MAX || !isLfsPointer(bytes)) return undefined
  const text = bytes.toString('utf8')
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1]
  const size = /^size (\d+)$/m.exec(text)?.[1]
  if (!oid || size === undefined) return undefined
  return { oid, size: Number(size) }
}

/** Reads a file's first bytes: its pointer when it is one, else undefined. */
export async function readLfsPointer(absPath: string): Promise<LfsPointer | undefined> {
  const fh = await open(absPath, 'r')
  try {
    const head = await readAt(fh, 0, POINTER_MAX + 1)
    return parseLfsPointer(head)
  } finally {
    await fh.close()
  }
}

interface Run {
  ok: boolean
  stdout: string
  stderr: string
  /** the binary could not be started at all */
  missing: boolean
}

function run(cwd: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      'git',
      args,
      { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (err, stdout, stderr) =>
        resolve({ ok: !err, stdout: stdout ?? '', stderr: stderr ?? '', missing: (err as NodeJS.ErrnoException | null)?.code === 'ENOENT' })
    )
    child.on('error', () => undefined)
  })
}

/**
 * An include pattern that matches exactly one path: anchored at the root, with
 * the pattern characters escaped. Git LFS splits `--include` at commas and
 * cannot escape one, so a comma becomes `?` (any one character): at worst a
 * sibling whose name differs only there is fetched too.
 */
export function includePattern(relPath: string): string {
  const posix = relPath.split(path.sep).join('/').replace(/^\.\//, '')
  return '/' + posix.replace(/[\\*?[\]!#]/g, (c) => `\\${c}`).replace(/,/g, '?')
}

export interface LfsFetchResult {
  /** paths whose content is now in the work tree */
  fetched: string[]
  /** paths still pointers, each with why (git-lfs's own words when it gave any) */
  failed: Map<string, string>
  /** set when nothing could be tried at all (git-lfs missing, not a git checkout) */
  unavailable?: string
}

/**
 * Downloads the Git LFS content of `relPaths` (paths relative to `root`, which
 * must be inside a git work tree) with one `git lfs pull --include …`, and
 * checks each file afterwards: a file still a pointer is reported, never
 * assumed fetched.
 *
 * A checkout made without `lfs: true` has no LFS filter configured, and
 * `git lfs pull` then leaves the files as pointers; worse, a fetched file would
 * look modified to git (its content is not the committed pointer), which would
 * stop the state commit's merge. So the filter is configured first, locally,
 * without hooks and with smudging skipped: later checkouts by this run (moving
 * onto a newer branch tip) never download anything on their own.
 */
export async function fetchLfsObjects(root: string, relPaths: string[], logger?: Logger): Promise<LfsFetchResult> {
  const failed = new Map<string, string>()
  if (relPaths.length === 0) return { fetched: [], failed }
  const version = await run(root, ['lfs', 'version'])
  if (!version.ok) return { fetched: [], failed, unavailable: 'git-lfs is not installed on this machine' }
  const configured = await run(root, ['config', '--get', 'filter.lfs.clean'])
  if (!configured.ok || configured.stdout.trim() === '') {
    const install = await run(root, ['lfs', 'install', '--local', '--skip-repo', '--skip-smudge'])
    if (!install.ok) return { fetched: [], failed, unavailable: `\`git lfs install --local\` failed: ${lastLine(install.stderr)}` }
  }
  logger?.info(`Git LFS: fetching ${relPaths.length} video(s): ${relPaths.join(', ')}`)
  const pull = await run(root, ['lfs', 'pull', `--include=${relPaths.map(includePattern).join(',')}`, '--exclude='])
  const said = pull.ok ? '' : lastLine(pull.stderr)
  const fetched: string[] = []
  for (const rel of relPaths) {
    const pointer = await readLfsPointer(path.resolve(root, rel)).catch(() => undefined)
    if (pointer) failed.set(rel, said || 'git-lfs did not fetch it (the object may be missing on the LFS server)')
    else fetched.push(rel)
  }
  return { fetched, failed }
}

/** git-lfs's last meaningful line, without credentials it may echo. */
function lastLine(stderr: string): string {
  const lines = redact(stderr)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  // the object's error is usually the line before "Failed to fetch some objects"
  const useful = lines.filter((l) => !/^Failed to fetch some objects/.test(l))
  return (useful.length ? useful : lines).slice(-3).join(' ').slice(0, 500)
}
