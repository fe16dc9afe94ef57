import { existsSync } from 'node:fs'
import { hasInvisible, showInvisible } from '../text.js'
import path from 'node:path'
import { UserError, UserErrors, type SourceLocation } from '../errors.js'
import { issuesToErrors } from './issues.js'
import { accountsOf, appsOf, asRecord } from './load-config.js'
import { readIncludes, type PostEntry } from './load-includes.js'
import { postOf, type PostsContext } from './load-post.js'
import type { Manifest, Post } from './model.js'
import { defaultsSchema, manifestSchema, type RawDefaults } from './schema.js'
import { displayPath, readYamlFile, type YamlSource } from './yaml-source.js'
import { checkRepositoryPath } from '../repo-paths.js'

export { MAX_INCLUDED_BYTES } from './load-includes.js'

export interface LoadManifestOptions {
  /** repository root that video paths resolve against; default: the nearest ancestor holding `.git` */
  root?: string
}

/** Nearest ancestor of `dir` (itself included) holding `.git`, else `dir`. */
export function findRepositoryRoot(dir: string): string {
  let d = path.resolve(dir)
  for (;;) {
    if (existsSync(path.join(d, '.git'))) return d
    const up = path.dirname(d)
    if (up === d) return path.resolve(dir)
    d = up
  }
}

/**
 * Reads the manifest and its includes, validates everything, and returns the
 * normalized model. Throws UserErrors listing every problem found, each with
 * file, line, column and a fix; nothing is returned unless all is well.
 */
export async function loadManifest(file: string, options: LoadManifestOptions = {}): Promise<Manifest> {
  const abs = path.resolve(file)
  const errors: UserError[] = []
  const fileOrder: string[] = []
  const fail = (): never => {
    throw new UserErrors(sortErrors(errors, fileOrder).map(visible))
  }
  const root = options.root !== undefined ? path.resolve(options.root) : findRepositoryRoot(path.dirname(abs))
  const main = await readMain(abs, errors)
  if (!main) return fail()
  fileOrder.push(main.file)

  const parsed = manifestSchema.safeParse(main.data)
  if (!parsed.success) errors.push(...issuesToErrors(parsed.error.issues, main, manifestSchema))
  // every entry below is read from the whole file's parse when it succeeded, and parsed alone otherwise
  const whole = parsed.success ? parsed.data : undefined
  const raw = asRecord(main.data) ?? {}
  const rawApps = asRecord(raw.apps) ?? {}
  const rawAccounts = asRecord(raw.accounts) ?? {}
  const apps = appsOf(main, rawApps, whole?.apps)
  const accountNames = Object.keys(rawAccounts)
  const accounts = accountsOf(main, rawAccounts, whole?.accounts, Object.keys(rawApps), errors)
  // When `defaults` is itself broken, rules that depend on it are skipped
  // rather than reported as if it were absent.
  const defaultsResult = defaultsSchema.safeParse(raw.defaults ?? {})
  const defaults: RawDefaults | undefined = defaultsResult.success ? defaultsResult.data : undefined

  const entries: PostEntry[] = []
  if (Array.isArray(raw.posts)) raw.posts.forEach((p, i) => entries.push({ src: main, path: ['posts', i], raw: p, parsed: whole?.posts?.[i] }))
  const included = await readIncludes(main, raw.include, root, errors)
  entries.push(...included.entries)
  fileOrder.push(...included.shown)

  const ctx: PostsContext = {
    main,
    root,
    apps,
    accounts,
    accountNames,
    accountSet: new Set(accountNames),
    defaults,
    errors,
    seenIds: new Map<string, SourceLocation>(),
    reported: new Set<string>()
  }
  const posts: Post[] = []
  for (const entry of entries) {
    const post = postOf(ctx, entry)
    if (post) posts.push(post)
  }
  if (errors.length > 0) return fail()
  return { file: abs, root, apps, accounts, posts, files: [abs, ...included.files] }
}

/**
 * The manifest itself, refused before a byte is read when it is not a plain
 * file of the repository: a manifest that is a link to `.git/config` must not
 * have its credential quoted back in a YAML error.
 */
async function readMain(abs: string, errors: UserError[]): Promise<YamlSource | undefined> {
  const misplaced = checkRepositoryPath({
    what: 'the manifest',
    file: abs,
    // its own repository: an explicit root only says where videos resolve
    root: findRepositoryRoot(path.dirname(abs)),
    location: { file: displayPath(abs), line: 1, column: 1 },
    fix: 'keep the manifest a plain file inside the repository, outside `.git/`'
  })
  if (misplaced) {
    errors.push(misplaced)
    return undefined
  }
  const main = await readYamlFile(abs, errors)
  if (!main || main.data !== undefined) return main
  errors.push(
    new UserError(`${main.file} is empty`, {
      location: { file: main.file, line: 1, column: 1 },
      fix: 'start with `version: 1`, then `apps:`, `accounts:` and `posts:` (see the README)'
    })
  )
  return undefined
}

function visible(e: UserError): UserError {
  if (!hasInvisible(e.message, { keepLayout: true }) && !hasInvisible(e.fix ?? '', { keepLayout: true })) return e
  return new UserError(showInvisible(e.message, { keepLayout: true }), { location: e.location, fix: e.fix === undefined ? undefined : showInvisible(e.fix, { keepLayout: true }) })
}

function sortErrors(errors: UserError[], fileOrder: string[]): UserError[] {
  const rank = (e: UserError): number => {
    const i = e.location ? fileOrder.indexOf(e.location.file) : -1
    return i < 0 ? fileOrder.length : i
  }
  return errors
    .map((e, i) => ({ e, i }))
    .sort(
      (a, b) =>
        rank(a.e) - rank(b.e) ||
        (a.e.location?.line ?? 0) - (b.e.location?.line ?? 0) ||
        (a.e.location?.column ?? 0) - (b.e.location?.column ?? 0) ||
        a.i - b.i
    )
    .map((x) => x.e)
}
