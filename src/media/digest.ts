import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { open, stat } from 'node:fs/promises'
import path from 'node:path'

/*
 * A video's digest is the id git gives its content as a blob, written
 * `git:<hex>`. It tells the planner that a published video was replaced.
 *
 * Why git's blob id rather than a plain sha256: for a tracked, unmodified file
 * git already knows it (`git ls-files -s`), so the common case in CI (a fresh
 * checkout of a repository holding gigabytes of videos) costs one git call and
 * no reads; hashing every video on every run would take minutes. Only modified
 * or untracked files are read, and they get the same kind of id (from
 * `git hash-object`, which applies the repository's filters such as Git LFS, or
 * computed here when git cannot), so committing an unchanged file does not
 * change its digest and cannot make a published post look "changed".
 * Outside a git repository the id is computed here, with git's sha1 format.
 *
 * For a video in Git LFS the committed blob is its pointer, whose `oid
 * sha256:` is the content's own sha256: the digest changes whenever the video
 * does, and is known from the index without downloading the video. It is the
 * same whether the work tree holds the pointer or the fetched content (with
 * the LFS filter configured, git cleans the content back to the pointer).
 */

const READ_CHUNK = 1024 * 1024
const PATHS_PER_CALL = 500

interface GitResult {
  ok: boolean
  stdout: Buffer
}

function git(root: string, args: string[], input?: string): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'git',
      ['--literal-pathspecs', '-C', root, ...args],
      // Reading must never take index.lock: another process may be committing.
      { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' } },
      (err, stdout) => resolve({ ok: !err, stdout: stdout ?? Buffer.alloc(0) })
    )
    child.on('error', () => undefined) // git missing: reported through the callback
    if (input !== undefined) child.stdin?.end(input)
  })
}

/** The git blob id of a file's bytes, streamed in 1 MiB reads (no filters applied). */
export async function blobId(absPath: string, format: 'sha1' | 'sha256' = 'sha1'): Promise<string> {
  const { size } = await stat(absPath)
  const hash = createHash(format)
  hash.update(`blob ${size}\0`)
  const fh = await open(absPath, 'r')
  try {
    const buf = Buffer.alloc(READ_CHUNK)
    let pos = 0
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos)
      if (bytesRead === 0) break
      hash.update(buf.subarray(0, bytesRead))
      pos += bytesRead
    }
    if (pos !== size) throw new Error(`${absPath} changed size while being read`)
  } finally {
    await fh.close()
  }
  return hash.digest('hex')
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n))
  return out
}

function splitZ(buf: Buffer): string[] {
  return buf.toString('utf8').split('\0').filter((s) => s.length > 0)
}

/** Maps each relative path (as given) to `git:<blob id>`. Files must exist. */
export async function digestFiles(root: string, relPaths: string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>()
  const unique = [...new Set(relPaths)]
  // git speaks in forward-slash paths relative to its cwd (root).
  const norm = new Map(unique.map((p) => [p, path.posix.normalize(p.split(path.sep).join('/'))]))

  const inside = await git(root, ['rev-parse', '--is-inside-work-tree'])
  const isRepo = inside.ok && inside.stdout.toString().trim() === 'true'
  let format: 'sha1' | 'sha256' = 'sha1'
  const known = new Map<string, string>()
  const toHash: string[] = []

  if (isRepo) {
    const fmt = await git(root, ['rev-parse', '--show-object-format'])
    if (fmt.ok && fmt.stdout.toString().trim() === 'sha256') format = 'sha256'
    const gitPaths = [...new Set(norm.values())]
    const staged = new Map<string, string>()
    const modified = new Set<string>()
    for (const batch of chunks(gitPaths, PATHS_PER_CALL)) {
      const ls = await git(root, ['ls-files', '-s', '-z', '--', ...batch])
      if (!ls.ok) continue
      for (const rec of splitZ(ls.stdout)) {
        // "<mode> <object> <stage>\t<path>"
        const tab = rec.indexOf('\t')
        const [mode, object, stage] = rec.slice(0, tab).split(' ')
        const p = rec.slice(tab + 1)
        if (mode === '160000') continue
        // A conflicted file has no single blob; hashing it is the honest answer.
        if (stage !== '0') modified.add(p)
        else staged.set(p, object!)
      }
      const diff = await git(root, ['diff', '--name-only', '--relative', '--no-renames', '-z', '--', ...batch])
      if (!diff.ok) for (const p of batch) modified.add(p)
      else for (const p of splitZ(diff.stdout)) modified.add(p)
    }
    for (const p of gitPaths) {
      const blob = staged.get(p)
      if (blob && !modified.has(p)) known.set(p, blob)
      else toHash.push(p)
    }
    // hash-object applies the repository's filters (Git LFS stores a pointer),
    // so the id is the one the file will have once committed.
    const hashable = toHash.filter((p) => !p.includes('\n'))
    for (const batch of chunks(hashable, PATHS_PER_CALL)) {
      const ho = await git(root, ['hash-object', '--stdin-paths'], batch.join('\n') + '\n')
      const ids = ho.ok ? ho.stdout.toString().trim().split('\n') : []
      if (ids.length === batch.length) batch.forEach((p, i) => known.set(p, ids[i]!))
    }
  }

  for (const [given, p] of norm) {
    const id = known.get(p) ?? (await blobId(path.resolve(root, given), format))
    known.set(p, id)
    result.set(given, `git:${id}`)
  }
  return result
}
