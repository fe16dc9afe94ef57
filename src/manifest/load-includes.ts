import { statSync } from 'node:fs'
import path from 'node:path'
import { glob, isDynamicPattern } from 'tinyglobby'
import { UserError } from '../errors.js'
import { checkRepositoryPath } from '../repo-paths.js'
import { asRecord } from './load-config.js'
import { issuesToErrors } from './issues.js'
import { includeFileSchema } from './schema.js'
import { displayPath, locate, readYamlFile, type YamlSource } from './yaml-source.js'

/** All included files together: 16 manifests' worth; more is a mistake or an attack. */
export const MAX_INCLUDED_BYTES = 16 * 1024 * 1024

/** One entry of a `posts:` list, in the file it is written in. */
export interface PostEntry {
  src: YamlSource
  path: (string | number)[]
  raw: unknown
  /** the entry as postSchema reads it, when its whole file parsed (undefined: parse it alone) */
  parsed?: unknown
}

/**
 * The files `include` names, read in sorted path order: their post entries,
 * and every file read (for errors' order and for the model's `files`).
 */
export async function readIncludes(
  main: YamlSource,
  rawInclude: unknown,
  root: string,
  errors: UserError[]
): Promise<{ entries: PostEntry[]; files: string[]; shown: string[] }> {
  const entries: PostEntry[] = []
  const files: string[] = []
  const shown: string[] = []
  let includedBytes = 0
  for (const inc of await resolveIncludes(main, rawInclude, root, errors)) {
    includedBytes += statSync(inc, { throwIfNoEntry: false })?.size ?? 0
    if (includedBytes > MAX_INCLUDED_BYTES) {
      errors.push(
        new UserError(`the included files add up to more than ${MAX_INCLUDED_BYTES / 1024 / 1024} MiB, from ${displayPath(inc)} on`, {
          location: locate(main, ['include']),
          fix: 'include fewer or smaller files: a manifest of posts never needs this much'
        })
      )
      break
    }
    const src = await readYamlFile(inc, errors)
    files.push(inc)
    if (!src) continue
    shown.push(src.file)
    if (src.data === undefined) {
      errors.push(
        new UserError(`included file ${src.file} is empty`, {
          location: { file: src.file, line: 1, column: 1 },
          fix: 'give it a `posts:` list, or delete it'
        })
      )
      continue
    }
    const r = includeFileSchema.safeParse(src.data)
    if (!r.success) errors.push(...issuesToErrors(r.error.issues, src, includeFileSchema))
    const posts = asRecord(src.data)?.posts
    const parsed = r.success ? r.data.posts : undefined
    if (Array.isArray(posts)) posts.forEach((p, i) => entries.push({ src, path: ['posts', i], raw: p, parsed: parsed?.[i] }))
  }
  return { entries, files, shown }
}

async function resolveIncludes(main: YamlSource, rawInclude: unknown, root: string, errors: UserError[]): Promise<string[]> {
  if (!Array.isArray(rawInclude)) return []
  const dir = path.dirname(main.abs)
  const origin = new Map<string, number>()
  for (const [i, pattern] of rawInclude.entries()) {
    if (typeof pattern !== 'string' || pattern === '') continue // the schema reports these
    const location = locate(main, ['include', i])
    if (path.isAbsolute(pattern) || pattern.includes('\\')) {
      errors.push(
        new UserError(`include \`${pattern}\` must be a relative path with forward slashes`, {
          location,
          fix: 'write the glob relative to the manifest\'s folder, e.g. `posts/*.yml`'
        })
      )
      continue
    }
    // judged on the pattern itself, not on what it happens to match: `../*.yml` must be refused
    // on a machine where the folder above holds nothing as much as on one where it does
    const reach = path.relative(root, path.resolve(dir, pattern))
    if (reach === '..' || reach.startsWith('../') || path.isAbsolute(reach)) {
      errors.push(
        new UserError(`include \`${pattern}\` climbs with \`..\` outside the repository (${root})`, {
          location,
          fix: 'keep included files inside the repository and write the glob without `..` past its root'
        })
      )
      continue
    }
    let matches: string[]
    if (!isDynamicPattern(pattern)) {
      const f = path.resolve(dir, pattern)
      let isFile = false
      try {
        isFile = statSync(f).isFile()
      } catch {
        isFile = false
      }
      if (!isFile) {
        errors.push(
          new UserError(`include \`${pattern}\` does not exist`, {
            location,
            fix: `create it, correct the path (relative to ${path.dirname(main.file) || '.'}), or remove the entry; a glob such as \`posts/*.yml\` may match nothing`
          })
        )
        continue
      }
      matches = [f]
    } else {
      matches = (await glob(pattern, { cwd: dir, absolute: true, onlyFiles: true, expandDirectories: false })).map((m) => path.resolve(m))
    }
    for (const m of matches) {
      if (m === main.abs || origin.has(m)) continue
      // a symlinked folder inside the repository may lead out of it, and
      // `.git/config` holds the checkout's token: judge where the file really is
      const misplaced = checkRepositoryPath({
        what: `include \`${pattern}\` reaches`,
        file: m,
        root,
        location,
        fix: 'keep included files inside the repository, outside `.git/`'
      })
      if (misplaced) {
        errors.push(misplaced)
        continue
      }
      origin.set(m, i)
    }
  }
  return [...origin.keys()].sort()
}
