import path from 'node:path'
import { UserError, type SourceLocation } from '../errors.js'
import { checkCaption, matchesPullPrefix, parseInstant } from './checks.js'
import { asRecord } from './load-config.js'
import type { PostEntry } from './load-includes.js'
import { pathText } from './issues.js'
import type { AccountConfig, AppConfig, Interactions, Manifest, PhotoImage, Post, PostTarget, VideoSource } from './model.js'
import { photoUrlProblem, servedUrl } from './photos.js'
import { postSchema, type RawDefaults, type RawPost } from './schema.js'
import { didYouMean } from './suggest.js'
import { locate, type YamlSource } from './yaml-source.js'

/*
 * One `posts:` entry into a Post, in named steps: its references (id,
 * accounts, captions), its media (a video or a photo carousel), and one target
 * per account with TikTok's privacy rules. Every problem is collected; a
 * location is looked up only where something is reported, or kept.
 */

export const where = (l: SourceLocation): string => `${l.file}:${l.line}:${l.column}`

/** What every post entry is checked against. */
export interface PostsContext extends Pick<Manifest, 'root' | 'apps' | 'accounts'> {
  main: YamlSource
  accountNames: string[]
  accountSet: ReadonlySet<string>
  /** undefined when `defaults` is itself broken: rules that depend on it are skipped */
  defaults: RawDefaults | undefined
  errors: UserError[]
  /** where each post id is first written */
  seenIds: Map<string, SourceLocation>
  /** keys of problems already reported once for a whole post or app */
  reported: Set<string>
}

interface Entry {
  ctx: PostsContext
  src: YamlSource
  at: (...rest: (string | number)[]) => SourceLocation
  keyAt: (...rest: (string | number)[]) => SourceLocation
}

function once(ctx: PostsContext, key: string, make: () => UserError): void {
  if (ctx.reported.has(key)) return
  ctx.reported.add(key)
  ctx.errors.push(make())
}

/** The entry as a Post, or undefined when it is too broken to be one (its problems are in ctx.errors). */
export function postOf(ctx: PostsContext, entry: PostEntry): Post | undefined {
  const { src } = entry
  const e: Entry = {
    ctx,
    src,
    at: (...rest) => locate(src, [...entry.path, ...rest]),
    keyAt: (...rest) => locate(src, [...entry.path, ...rest], 'key')
  }
  checkReferences(e, asRecord(entry.raw))
  let p: RawPost
  if (entry.parsed !== undefined) p = entry.parsed as RawPost
  else {
    const r = postSchema.safeParse(entry.raw)
    if (!r.success) return undefined
    p = r.data
  }
  const video = videoOf(e, p, entry.path)
  if (!video) return undefined
  const targetNames = p.accounts === 'all' ? ctx.accountNames : [...new Set(p.accounts)]
  const targets = targetNames.map((name) => targetOf(e, p, video, name))
  return {
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
    location: e.keyAt(),
    videoLocation: video.kind === 'photos' ? e.at('photos') : e.at('video')
  }
}

/**
 * The id (used once), the accounts and the captions' accounts, checked on the
 * raw entry so they are reported even when another field of the post is wrong.
 */
function checkReferences(e: Entry, rawPost: Record<string, unknown> | undefined): void {
  const { ctx } = e
  if (rawPost && typeof rawPost.id === 'string' && rawPost.id !== '') {
    const prev = ctx.seenIds.get(rawPost.id)
    const here = e.at('id')
    if (prev) {
      ctx.errors.push(
        new UserError(`post id \`${rawPost.id}\` is used twice: here and at ${where(prev)}`, {
          location: here,
          fix: 'give each post its own id (ids are the key of the published state and are never reused)'
        })
      )
    } else ctx.seenIds.set(rawPost.id, here)
  }
  let rawTargets: Set<string> | undefined
  if (rawPost?.accounts === 'all') rawTargets = ctx.accountSet as Set<string>
  else if (Array.isArray(rawPost?.accounts)) rawTargets = listedAccounts(e, rawPost.accounts as unknown[])
  const rawCaptions = asRecord(rawPost?.captions)
  if (rawCaptions && rawTargets) {
    for (const name of Object.keys(rawCaptions)) {
      if (rawTargets.has(name)) continue
      const guess = ctx.accountSet.has(name) ? undefined : didYouMean(name, [...rawTargets])
      ctx.errors.push(
        new UserError(`\`captions\` has a caption for \`${name}\`, which this post does not post to`, {
          location: e.keyAt('captions', name),
          fix: guess ? `did you mean \`${guess}\`?` : `add \`${name}\` to the post's \`accounts\`, or remove this caption`
        })
      )
    }
  }
}

function listedAccounts(e: Entry, listed: unknown[]): Set<string> {
  const { ctx } = e
  const names = new Set<string>()
  listed.forEach((name, j) => {
    if (typeof name !== 'string') return
    if (names.has(name)) {
      ctx.errors.push(new UserError(`account \`${name}\` is listed twice`, { location: e.at('accounts', j), fix: 'list each account once' }))
      return
    }
    names.add(name)
    if (!ctx.accountSet.has(name)) {
      const guess = didYouMean(name, ctx.accountNames)
      ctx.errors.push(
        new UserError(`post names account \`${name}\`, which is not under \`accounts\``, {
          location: e.at('accounts', j),
          fix: guess ? `did you mean \`${guess}\`?` : `add \`${name}:\` under \`accounts\`, or use one of: ${ctx.accountNames.map((a) => `\`${a}\``).join(', ')}`
        })
      )
    }
  })
  return names
}

/** A photo carousel, a file video or a URL video; undefined when the post has none or both. */
function videoOf(e: Entry, p: RawPost, entryPath: (string | number)[]): VideoSource | undefined {
  const { ctx } = e
  if (p.photos !== undefined) {
    if (p.video === undefined) return photosOf(e, p, p.photos)
    ctx.errors.push(
      new UserError(`post \`${p.id}\` has both \`video\` and \`photos\``, {
        location: e.keyAt('photos'),
        fix: 'a post is either a video or a photo carousel: keep one, and give the other its own post id'
      })
    )
    return undefined
  }
  if (p.video === undefined) {
    ctx.errors.push(
      new UserError(`${pathText(entryPath)}: missing required key \`video\``, {
        location: e.at(),
        fix: 'add `video:` with a path inside the repository or an https:// URL, or `photos:` with 1 to 35 JPEG or WebP images'
      })
    )
    return undefined
  }
  for (const key of ['cover', 'title', 'auto_add_music'] as const) {
    if (p[key] === undefined) continue
    ctx.errors.push(
      new UserError(`\`${key}\` applies to photo posts; post \`${p.id}\` is a video`, {
        location: e.keyAt(key),
        fix: key === 'cover' ? 'use `cover_ms:` to pick the video frame, or remove `cover`' : `remove \`${key}\`, or make the post a photo post with \`photos:\``
      })
    )
  }
  // the schema allows photo descriptions (4000); a video caption has TikTok's video limit
  const captions: Array<[text: string, where: () => SourceLocation]> = []
  if (p.caption !== undefined) captions.push([p.caption, () => e.at('caption')])
  for (const [name, text] of Object.entries(p.captions ?? {})) captions.push([text, () => e.at('captions', name)])
  for (const [text, at] of captions) {
    const problem = checkCaption(text)
    if (problem) ctx.errors.push(new UserError(problem.message, { location: at(), fix: problem.fix }))
  }
  return /^https:\/\//i.test(p.video) ? { kind: 'url', url: p.video } : { kind: 'file', path: p.video, absPath: path.resolve(ctx.root, p.video) }
}

function photosOf(e: Entry, p: RawPost, photos: string[]): VideoSource {
  const { ctx } = e
  const images: PhotoImage[] = photos.map((value, j) =>
    /^https:\/\//i.test(value)
      ? { kind: 'url', url: value, location: e.at('photos', j) }
      : { kind: 'file', path: value, absPath: path.resolve(ctx.root, value), location: e.at('photos', j) }
  )
  const cover = p.cover ?? 0
  if (cover >= images.length) {
    ctx.errors.push(
      new UserError(`\`cover: ${cover}\` points past the last of the ${images.length} photos (0 is the first)`, {
        location: e.at('cover'),
        fix: `use an index from 0 to ${images.length - 1}, or remove \`cover\` to use the first photo`
      })
    )
  }
  const refused = (['duet', 'stitch'] as const).filter((k) => p.allow?.[k] === true)
  if (refused.length) {
    ctx.errors.push(
      new UserError(`photo post \`${p.id}\` turns on ${refused.join(' and ')}, which TikTok photo posts do not have`, {
        location: e.at('allow', refused[0]),
        fix: `remove \`${refused.join('` and `')}\` from this post's \`allow\` (only \`comments\` applies to photos)`
      })
    )
  }
  if (p.cover_ms !== undefined) {
    ctx.errors.push(
      new UserError('`cover_ms` picks a video frame; a photo post has none', {
        location: e.at('cover_ms'),
        fix: 'use `cover:` with the index of the cover photo instead'
      })
    )
  }
  return { kind: 'photos', images, cover, title: p.title ?? '', autoAddMusic: p.auto_add_music ?? false }
}

/** The post as one account receives it: its caption, mode, privacy, interactions and photo URLs. */
function targetOf(e: Entry, p: RawPost, video: VideoSource, name: string): PostTarget {
  const { ctx } = e
  const account = ctx.accounts[name]
  const app = account ? ctx.apps[account.app] : undefined
  const mode = p.mode ?? ctx.defaults?.mode ?? 'direct'
  const caption = p.captions?.[name] ?? p.caption ?? ''
  const photoUrls = video.kind === 'photos' && app ? photoUrlsOf(ctx, video.images, app, name) : undefined
  if (video.kind === 'url' && app) checkPullPrefix(e, p, video.url, app, name)
  if (mode === 'inbox') {
    // TikTok takes neither privacy nor interactions for drafts: the
    // creator chooses them in the app, so none are carried.
    return { account: name, caption, mode, privacy: undefined, allow: { comments: false, duet: false, stitch: false }, ...(photoUrls ? { photoUrls } : {}) }
  }
  const privacy = p.privacy ?? ctx.defaults?.privacy
  const allow: Interactions = {
    comments: p.allow?.comments ?? ctx.defaults?.allow?.comments ?? false,
    duet: p.allow?.duet ?? ctx.defaults?.allow?.duet ?? false,
    stitch: p.allow?.stitch ?? ctx.defaults?.allow?.stitch ?? false
  }
  checkPrivacy(e, p, privacy, app, name)
  return { account: name, caption, mode, privacy, allow, ...(photoUrls ? { photoUrls } : {}) }
}

function photoUrlsOf(ctx: PostsContext, images: PhotoImage[], app: AppConfig, name: string): string[] {
  const urls: string[] = []
  for (const image of images) {
    const url = servedUrl(image, app)
    const problem = photoUrlProblem(image, url, app, name)
    if (problem) once(ctx, `photo-url:${where(image.location)}:${app.name}`, () => new UserError(problem.message, { location: image.location, fix: problem.fix }))
    else urls.push(url!)
  }
  return urls
}

function checkPullPrefix(e: Entry, p: RawPost, videoUrl: string, app: AppConfig, name: string): void {
  const key = `prefix:${p.id}:${app.name}`
  // once per post and app: the answer is the same for every account of the app
  if (e.ctx.reported.has(key) || app.pullPrefixes.some((prefix) => matchesPullPrefix(videoUrl, prefix))) return
  once(e.ctx, key, () =>
    app.pullPrefixes.length === 0
      ? new UserError(`the video is an https URL, but app \`${app.name}\` (account \`${name}\`) has no \`pull_prefixes\``, {
          location: e.at('video'),
          fix: `add the URL prefix verified for app \`${app.name}\` in TikTok's developer portal to \`apps.${app.name}.pull_prefixes\` (${where(app.location)}), or commit the video to the repository and write its path`
        })
      : new UserError(`the video URL does not start with any of app \`${app.name}\`'s \`pull_prefixes\` (account \`${name}\`)`, {
          location: e.at('video'),
          fix: `use a URL under ${app.pullPrefixes.map((x) => `\`${x}\``).join(' or ')}, or add its verified prefix to \`apps.${app.name}.pull_prefixes\` (${where(app.location)})`
        })
  )
}

/** TikTok's rules on a direct post's privacy: one must be chosen; an unaudited app posts SELF_ONLY; branded content is never private. */
function checkPrivacy(e: Entry, p: RawPost, privacy: RawPost['privacy'], app: AppConfig | undefined, name: string): void {
  const { ctx } = e
  if (privacy === undefined) {
    if (!ctx.defaults) return
    once(ctx, `privacy:${p.id}:${where(e.keyAt())}`, () =>
      new UserError(`post \`${p.id}\` is a direct post with no privacy: neither the post nor \`defaults\` sets \`privacy\``, {
        location: e.keyAt(),
        fix: `add \`privacy:\` to this post or to \`defaults\` in ${ctx.main.file} (PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR or SELF_ONLY; SELF_ONLY for an unaudited app): TikTok requires the poster to choose it`
      })
    )
    return
  }
  const fromDefaults = p.privacy === undefined
  const privacyAt = (): SourceLocation => (fromDefaults ? locate(ctx.main, ['defaults', 'privacy']) : e.at('privacy'))
  if (app && !app.audited && privacy !== 'SELF_ONLY') {
    const at = privacyAt()
    once(ctx, `audit:${where(at)}:${app.name}`, () =>
      new UserError(
        `post \`${p.id}\` would direct-post to \`${name}\` as ${privacy}${fromDefaults ? ' (from `defaults`)' : ''}, but app \`${app.name}\` is not audited, and TikTok lets an unaudited app direct-post only SELF_ONLY`,
        {
          location: at,
          fix: `set \`privacy: SELF_ONLY\`${fromDefaults ? ' (on the post or in `defaults`)' : ''}, or set \`audited: true\` on app \`${app.name}\` (${where(app.location)}) once TikTok has audited the app; \`mode: inbox\` instead sends a draft the creator can publish publicly`
        }
      )
    )
  }
  if (p.disclose?.branded_content === true && privacy === 'SELF_ONLY') {
    once(ctx, `branded:${p.id}`, () =>
      new UserError(`post \`${p.id}\` is branded content but ${fromDefaults ? '`defaults` make it' : 'it is'} SELF_ONLY; TikTok forbids private branded content`, {
        location: e.at('disclose', 'branded_content'),
        fix: `choose a privacy other than SELF_ONLY (which needs an audited app), or set \`branded_content: false\` if the post is not a paid partnership`
      })
    )
  }
}
