import { existsSync, realpathSync, statSync } from 'node:fs'
import { hasInvisible, showInvisible } from '../text.js'
import path from 'node:path'
import { glob, isDynamicPattern } from 'tinyglobby'
import { UserError, UserErrors, type SourceLocation } from '../errors.js'
import { parseDuration } from '../duration.js'
import { canonicalTimezone, checkCaption, checkName, matchesPullPrefix, parseInstant, parseWindow } from './checks.js'
import { issuesToErrors, pathText } from './issues.js'
import type { AccountConfig, AppConfig, Interactions, Manifest, PhotoImage, Post, PostTarget, VideoSource } from './model.js'
import { photoUrlProblem, servedUrl } from './photos.js'
import {
  accountSchema,
  appSchema,
  defaultsSchema,
  includeFileSchema,
  manifestSchema,
  postSchema,
  type RawDefaults
} from './schema.js'
import { didYouMean } from './suggest.js'
import { displayPath, locate, readYamlFile, type YamlSource } from './yaml-source.js'
import { checkRepositoryPath } from '../repo-paths.js'

/** All included files together: 16 manifests' worth; more is a mistake or an attack. */
export const MAX_INCLUDED_BYTES = 16 * 1024 * 1024

export interface LoadManifestOptions {
  /** repository root that video paths resolve against; default: the nearest ancestor holding `.git` */
  root?: string
}

type Rec = Record<string, unknown>
const asRecord = (v: unknown): Rec | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined)
const where = (l: SourceLocation): string => `${l.file}:${l.line}:${l.column}`

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

function realPath(p: string): string {
  try {
    return realpathSync(p)
  } catch {
    return p
  }
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

interface PostEntry {
  src: YamlSource
  path: (string | number)[]
  raw: unknown
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
  // judged before a byte is read: a manifest that is a link to `.git/config`
  // must not have its credential quoted back in a YAML error
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
    return fail()
  }
  const main = await readYamlFile(abs, errors)
  if (!main) return fail()
  fileOrder.push(main.file)
  if (main.data === undefined) {
    errors.push(
      new UserError(`${main.file} is empty`, {
        location: { file: main.file, line: 1, column: 1 },
        fix: 'start with `version: 1`, then `apps:`, `accounts:` and `posts:` (see the README)'
      })
    )
    return fail()
  }
  const parsed = manifestSchema.safeParse(main.data)
  if (!parsed.success) errors.push(...issuesToErrors(parsed.error.issues, main, manifestSchema))
  const raw = asRecord(main.data) ?? {}

  // Apps and accounts: every entry that parses on its own is kept, so that
  // references to it are checked even when a sibling entry is broken.
  const rawApps = asRecord(raw.apps) ?? {}
  const appNames = Object.keys(rawApps)
  // keyed by names from the repository: no entry may reach an inherited property
  const apps: Record<string, AppConfig> = Object.create(null) as Record<string, AppConfig>
  for (const [name, value] of Object.entries(rawApps)) {
    const r = appSchema.safeParse(value)
    if (!r.success || checkName('app', name)) continue
    apps[name] = {
      name,
      clientKeySecret: r.data.client_key,
      clientSecretSecret: r.data.client_secret,
      audited: r.data.audited ?? false,
      pullPrefixes: r.data.pull_prefixes ?? [],
      ...(r.data.media_base_url !== undefined ? { mediaBaseUrl: r.data.media_base_url } : {}),
      location: locate(main, ['apps', name], 'key')
    }
  }

  const rawAccounts = asRecord(raw.accounts) ?? {}
  const accountNames = Object.keys(rawAccounts)
  const accounts: Record<string, AccountConfig> = Object.create(null) as Record<string, AccountConfig>
  for (const [name, value] of Object.entries(rawAccounts)) {
    const appName = asRecord(value)?.app
    if (typeof appName === 'string' && !appNames.includes(appName)) {
      const guess = didYouMean(appName, appNames)
      errors.push(
        new UserError(`account \`${name}\` names app \`${appName}\`, which is not under \`apps\``, {
          location: locate(main, ['accounts', name, 'app']),
          fix: guess
            ? `did you mean \`${guess}\`?`
            : appNames.length
              ? `use one of: ${appNames.map((a) => `\`${a}\``).join(', ')}, or add \`${appName}\` under \`apps\``
              : `add \`${appName}:\` under \`apps\` with its client_key and client_secret secret names`
        })
      )
    }
    const r = accountSchema.safeParse(value)
    if (!r.success || checkName('account', name)) continue
    const a = r.data
    const window = a.limits?.window !== undefined ? parseWindow(a.limits.window) : undefined
    accounts[name] = {
      name,
      app: a.app,
      refreshTokenSecret: a.refresh_token,
      timezone: canonicalTimezone(a.timezone ?? 'UTC'),
      limits: {
        ...(a.limits?.posts_per_day !== undefined ? { postsPerDay: a.limits.posts_per_day } : {}),
        ...(a.limits?.min_gap !== undefined ? { minGapMs: parseDuration(a.limits.min_gap)! } : {}),
        ...(window ? { window: { ...window, text: a.limits!.window!.trim() } } : {})
      },
      ...(a.keep_alive === undefined ? {} : { keepAlive: a.keep_alive === false || a.keep_alive === true || a.keep_alive.trim() === 'off' ? ('off' as const) : parseDuration(a.keep_alive)! }),
      location: locate(main, ['accounts', name], 'key')
    }
  }

  const defaultsResult = defaultsSchema.safeParse(raw.defaults ?? {})
  // When `defaults` is itself broken, rules that depend on it are skipped
  // rather than reported as if it were absent.
  const defaults: RawDefaults | undefined = defaultsResult.success ? defaultsResult.data : undefined

  const entries: PostEntry[] = []
  if (Array.isArray(raw.posts)) raw.posts.forEach((p, i) => entries.push({ src: main, path: ['posts', i], raw: p }))

  const includeFiles = await resolveIncludes(main, raw.include, root, errors)
  const files = [abs]
  let includedBytes = 0
  for (const inc of includeFiles) {
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
    fileOrder.push(src.file)
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
    if (Array.isArray(posts)) posts.forEach((p, i) => entries.push({ src, path: ['posts', i], raw: p }))
  }

  const posts: Post[] = []
  const seenIds = new Map<string, SourceLocation>()
  const reported = new Set<string>()
  const once = (key: string, make: () => UserError): void => {
    if (reported.has(key)) return
    reported.add(key)
    errors.push(make())
  }

  for (const entry of entries) {
    const { src } = entry
    const rawPost = asRecord(entry.raw)
    const at = (...rest: (string | number)[]): SourceLocation => locate(src, [...entry.path, ...rest])
    const keyAt = (...rest: (string | number)[]): SourceLocation => locate(src, [...entry.path, ...rest], 'key')

    if (rawPost && typeof rawPost.id === 'string' && rawPost.id !== '') {
      const prev = seenIds.get(rawPost.id)
      const here = at('id')
      if (prev) {
        errors.push(
          new UserError(`post id \`${rawPost.id}\` is used twice: here and at ${where(prev)}`, {
            location: here,
            fix: 'give each post its own id (ids are the key of the published state and are never reused)'
          })
        )
      } else seenIds.set(rawPost.id, here)
    }

    // Account references, checked on the raw entry so they are reported even
    // when another field of the post is wrong.
    let rawTargets: string[] | undefined
    if (rawPost?.accounts === 'all') rawTargets = accountNames
    else if (Array.isArray(rawPost?.accounts)) {
      rawTargets = []
      const listed = rawPost.accounts as unknown[]
      listed.forEach((name, j) => {
        if (typeof name !== 'string') return
        if (rawTargets!.includes(name)) {
          errors.push(new UserError(`account \`${name}\` is listed twice`, { location: at('accounts', j), fix: 'list each account once' }))
          return
        }
        rawTargets!.push(name)
        if (!accountNames.includes(name)) {
          const guess = didYouMean(name, accountNames)
          errors.push(
            new UserError(`post names account \`${name}\`, which is not under \`accounts\``, {
              location: at('accounts', j),
              fix: guess ? `did you mean \`${guess}\`?` : `add \`${name}:\` under \`accounts\`, or use one of: ${accountNames.map((a) => `\`${a}\``).join(', ')}`
            })
          )
        }
      })
    }
    const rawCaptions = asRecord(rawPost?.captions)
    if (rawCaptions && rawTargets) {
      for (const name of Object.keys(rawCaptions)) {
        if (rawTargets.includes(name)) continue
        const guess = accountNames.includes(name) ? undefined : didYouMean(name, rawTargets)
        errors.push(
          new UserError(`\`captions\` has a caption for \`${name}\`, which this post does not post to`, {
            location: keyAt('captions', name),
            fix: guess ? `did you mean \`${guess}\`?` : `add \`${name}\` to the post's \`accounts\`, or remove this caption`
          })
        )
      }
    }

    const r = postSchema.safeParse(entry.raw)
    if (!r.success) continue
    const p = r.data
    const targetNames = p.accounts === 'all' ? accountNames : [...new Set(p.accounts)]

    let video: VideoSource
    let isUrl = false
    if (p.photos !== undefined) {
      if (p.video !== undefined) {
        errors.push(
          new UserError(`post \`${p.id}\` has both \`video\` and \`photos\``, {
            location: keyAt('photos'),
            fix: 'a post is either a video or a photo carousel: keep one, and give the other its own post id'
          })
        )
        continue
      }
      const images: PhotoImage[] = p.photos.map((value, j) =>
        /^https:\/\//i.test(value)
          ? { kind: 'url', url: value, location: at('photos', j) }
          : { kind: 'file', path: value, absPath: path.resolve(root, value), location: at('photos', j) }
      )
      const cover = p.cover ?? 0
      if (cover >= images.length) {
        errors.push(
          new UserError(`\`cover: ${cover}\` points past the last of the ${images.length} photos (0 is the first)`, {
            location: at('cover'),
            fix: `use an index from 0 to ${images.length - 1}, or remove \`cover\` to use the first photo`
          })
        )
      }
      const refused = (['duet', 'stitch'] as const).filter((k) => p.allow?.[k] === true)
      if (refused.length) {
        errors.push(
          new UserError(`photo post \`${p.id}\` turns on ${refused.join(' and ')}, which TikTok photo posts do not have`, {
            location: at('allow', refused[0]),
            fix: `remove \`${refused.join('` and `')}\` from this post's \`allow\` (only \`comments\` applies to photos)`
          })
        )
      }
      if (p.cover_ms !== undefined) {
        errors.push(
          new UserError('`cover_ms` picks a video frame; a photo post has none', {
            location: at('cover_ms'),
            fix: 'use `cover:` with the index of the cover photo instead'
          })
        )
      }
      video = { kind: 'photos', images, cover, title: p.title ?? '', autoAddMusic: p.auto_add_music ?? false }
    } else if (p.video === undefined) {
      errors.push(
        new UserError(`${pathText(entry.path)}: missing required key \`video\``, {
          location: at(),
          fix: 'add `video:` with a path inside the repository or an https:// URL, or `photos:` with 1 to 35 JPEG or WebP images'
        })
      )
      continue
    } else {
      for (const key of ['cover', 'title', 'auto_add_music'] as const) {
        if (p[key] === undefined) continue
        errors.push(
          new UserError(`\`${key}\` applies to photo posts; post \`${p.id}\` is a video`, {
            location: keyAt(key),
            fix: key === 'cover' ? 'use `cover_ms:` to pick the video frame, or remove `cover`' : `remove \`${key}\`, or make the post a photo post with \`photos:\``
          })
        )
      }
      // the schema allows photo descriptions (4000); a video caption has TikTok's video limit
      const long = [
        ...(p.caption !== undefined ? [{ text: p.caption, where: at('caption') }] : []),
        ...Object.entries(p.captions ?? {}).map(([name, text]) => ({ text, where: at('captions', name) }))
      ]
      for (const c of long) {
        const problem = checkCaption(c.text)
        if (problem) errors.push(new UserError(problem.message, { location: c.where, fix: problem.fix }))
      }
      isUrl = /^https:\/\//i.test(p.video)
      video = isUrl ? { kind: 'url', url: p.video } : { kind: 'file', path: p.video, absPath: path.resolve(root, p.video) }
    }
    const videoUrl = video.kind === 'url' ? video.url : ''

    const targets: PostTarget[] = []
    for (const name of targetNames) {
      const account = accounts[name]
      const app = account ? apps[account.app] : undefined
      const mode = p.mode ?? defaults?.mode ?? 'direct'
      const caption = p.captions?.[name] ?? p.caption ?? ''

      let photoUrls: string[] | undefined
      if (video.kind === 'photos' && app) {
        photoUrls = []
        for (const image of video.images) {
          const url = servedUrl(image, app)
          const problem = photoUrlProblem(image, url, app, name)
          if (problem) {
            once(`photo-url:${where(image.location)}:${app.name}`, () => new UserError(problem.message, { location: image.location, fix: problem.fix }))
          } else photoUrls.push(url!)
        }
      }

      if (isUrl && app && !app.pullPrefixes.some((prefix) => matchesPullPrefix(videoUrl, prefix))) {
        once(`prefix:${p.id}:${app.name}`, () =>
          app.pullPrefixes.length === 0
            ? new UserError(`the video is an https URL, but app \`${app.name}\` (account \`${name}\`) has no \`pull_prefixes\``, {
                location: at('video'),
                fix: `add the URL prefix verified for app \`${app.name}\` in TikTok's developer portal to \`apps.${app.name}.pull_prefixes\` (${where(app.location)}), or commit the video to the repository and write its path`
              })
            : new UserError(`the video URL does not start with any of app \`${app.name}\`'s \`pull_prefixes\` (account \`${name}\`)`, {
                location: at('video'),
                fix: `use a URL under ${app.pullPrefixes.map((x) => `\`${x}\``).join(' or ')}, or add its verified prefix to \`apps.${app.name}.pull_prefixes\` (${where(app.location)})`
              })
        )
      }

      if (mode === 'inbox') {
        // TikTok takes neither privacy nor interactions for drafts: the
        // creator chooses them in the app, so none are carried.
        targets.push({ account: name, caption, mode, privacy: undefined, allow: { comments: false, duet: false, stitch: false }, ...(photoUrls ? { photoUrls } : {}) })
        continue
      }
      const privacy = p.privacy ?? defaults?.privacy
      const allow: Interactions = {
        comments: p.allow?.comments ?? defaults?.allow?.comments ?? false,
        duet: p.allow?.duet ?? defaults?.allow?.duet ?? false,
        stitch: p.allow?.stitch ?? defaults?.allow?.stitch ?? false
      }
      if (privacy === undefined) {
        if (defaults) {
          once(`privacy:${p.id}:${where(keyAt())}`, () =>
            new UserError(`post \`${p.id}\` is a direct post with no privacy: neither the post nor \`defaults\` sets \`privacy\``, {
              location: keyAt(),
              fix: `add \`privacy:\` to this post or to \`defaults\` in ${main.file} (PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR or SELF_ONLY; SELF_ONLY for an unaudited app): TikTok requires the poster to choose it`
            })
          )
        }
      } else {
        const fromDefaults = p.privacy === undefined
        const privacyAt = fromDefaults ? locate(main, ['defaults', 'privacy']) : at('privacy')
        if (app && !app.audited && privacy !== 'SELF_ONLY') {
          once(`audit:${where(privacyAt)}:${app.name}`, () =>
            new UserError(
              `post \`${p.id}\` would direct-post to \`${name}\` as ${privacy}${fromDefaults ? ' (from `defaults`)' : ''}, but app \`${app.name}\` is not audited, and TikTok lets an unaudited app direct-post only SELF_ONLY`,
              {
                location: privacyAt,
                fix: `set \`privacy: SELF_ONLY\`${fromDefaults ? ' (on the post or in `defaults`)' : ''}, or set \`audited: true\` on app \`${app.name}\` (${where(app.location)}) once TikTok has audited the app; \`mode: inbox\` instead sends a draft the creator can publish publicly`
              }
            )
          )
        }
        if (p.disclose?.branded_content === true && privacy === 'SELF_ONLY') {
          once(`branded:${p.id}`, () =>
            new UserError(`post \`${p.id}\` is branded content but ${fromDefaults ? '`defaults` make it' : 'it is'} SELF_ONLY; TikTok forbids private branded content`, {
              location: at('disclose', 'branded_content'),
              fix: `choose a privacy other than SELF_ONLY (which needs an audited app), or set \`branded_content: false\` if the post is not a paid partnership`
            })
          )
        }
      }
      targets.push({ account: name, caption, mode, privacy, allow, ...(photoUrls ? { photoUrls } : {}) })
    }

    posts.push({
      id: p.id,
      video,
      ...(p.at !== undefined ? { at: parseInstant(p.at)! } : {}),
      ...(p.cover_ms !== undefined ? { coverMs: p.cover_ms } : {}),
      disclose: {
        yourBrand: p.disclose?.your_brand ?? false,
        brandedContent: p.disclose?.branded_content ?? false,
        aiGenerated: p.disclose?.ai_generated ?? false
      },
      targets,
      location: keyAt(),
      videoLocation: video.kind === 'photos' ? at('photos') : at('video')
    })
  }

  if (errors.length > 0) return fail()
  return { file: abs, root, apps, accounts, posts, files }
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
