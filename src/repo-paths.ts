import { realpathSync } from 'node:fs'
import path from 'node:path'
import { UserError, type SourceLocation } from './errors.js'

/**
 * Where a file really is: its real path, or for a file not written yet, the
 * real path of the nearest folder that exists with the rest appended.
 */
export function realPathOf(p: string): string {
  const abs = path.resolve(p)
  const rest: string[] = []
  let d = abs
  for (;;) {
    try {
      return path.join(realpathSync(d), ...rest.reverse())
    } catch {
      const up = path.dirname(d)
      if (up === d) return abs
      rest.push(path.basename(d))
      d = up
    }
  }
}

/** `file` under `root` (both absolute), `root` itself included. */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

/** The path inside `root` has a `.git` folder (or file) among its parts. */
function throughGit(root: string, file: string): boolean {
  return path
    .relative(root, file)
    .split(path.sep)
    .some((part) => part.toLowerCase() === '.git')
}

/**
 * What a repository's author controls is read only from inside the
 * repository, and never from `.git/`: actions/checkout keeps the job's token in
 * `.git/config`, and a symbolic link or an include can point anywhere. Judged
 * on the real path, so a link inside the repository that leads out (or into
 * `.git/`) is refused as surely as a path that says so.
 */
export function checkRepositoryPath(o: { what: string; file: string; root: string; location?: SourceLocation; fix: string }): UserError | undefined {
  const root = realPathOf(o.root)
  const abs = path.resolve(o.file)
  const real = realPathOf(abs)
  const via = real !== abs ? ` (it resolves to ${real})` : ''
  if (!isInside(root, real)) {
    return new UserError(`${o.what} ${abs}${via} is outside the repository (${o.root})`, { location: o.location, fix: o.fix })
  }
  if (throughGit(root, real) || throughGit(path.resolve(o.root), abs)) {
    return new UserError(`${o.what} ${abs}${via} is inside \`.git/\`, which holds git's own files (and the checkout's credentials), not the repository's`, {
      location: o.location,
      fix: o.fix
    })
  }
  return undefined
}
