import { createHash } from 'node:crypto'
import { imageSize } from 'image-size'
import { PHOTO_MAX_BYTES, PHOTO_MAX_LONG_SIDE } from '../media/image.js'
import type { EmulatorPost } from './types.js'

/*
 * content/init with media_type PHOTO, as TikTok answers it: PULL_FROM_URL only,
 * every URL under a prefix verified for the app, 1–35 images, a cover index,
 * title ≤ 90 and description ≤ 4000 UTF-16 units, privacy for direct posts.
 * Each image is really fetched (no redirects) and checked (JPEG or WebP, at
 * most 1080 px on the long side and 20 MB); caps count photo posts like videos.
 */

const MAX_IMAGES = 35
const TITLE_MAX = 90
const DESCRIPTION_MAX = 4000

/** The few emulator internals the photo endpoint uses. */
export interface PhotoEmulatorHost {
  app: { pull_prefixes: string[] }
  account: { scopes: string[] }
  /** a direct post's privacy rules, as for a video; throws TikTok's refusal */
  checkDirectPrivacy(privacy: string, brandContent: boolean): void
  /** the daily post cap (direct) or pending share cap (inbox), then the unaudited app's user cap, as for a video */
  checkCaps(mode: 'direct' | 'inbox'): void
  /** registers the post (status PROCESSING_DOWNLOAD) with the faults aimed at content_init */
  createPost(mode: 'direct' | 'inbox', info: Partial<EmulatorPost>): { publish_id: string; markReady(failReason?: string, sha256?: string[]): void; received(bytes: number): void }
  /** GET of the rewritten URL, never following a redirect; rejects on any status but 200 */
  fetch(url: string, onChunk: (b: Buffer) => void): Promise<void>
  /** keeps a background pull known, so closing the emulator waits for it */
  track(pull: Promise<void>): void
  record(entry: { kind: 'fault'; publish_id: string; code: string; detail: string }): void
  error(status: number, code: string, message: string): Error
}

/** what posts() shows of a photo post, beside a video's fields */
export const PHOTO_POST_FIELDS = ['media_type', 'photo_title', 'photo_images', 'photo_cover_index', 'photo_sha256', 'auto_add_music'] as const

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

export function photoInit(host: PhotoEmulatorHost, body: Record<string, unknown>): { publish_id: string } {
  const bad = (message: string) => host.error(400, 'invalid_param', message)
  if (body.media_type !== 'PHOTO') throw bad('media_type must be PHOTO')
  const mode = body.post_mode === 'DIRECT_POST' ? 'direct' : body.post_mode === 'MEDIA_UPLOAD' ? 'inbox' : undefined
  if (!mode) throw bad('post_mode must be DIRECT_POST or MEDIA_UPLOAD')
  const scope = mode === 'direct' ? 'video.publish' : 'video.upload'
  if (!host.account.scopes.includes(scope)) throw host.error(401, 'scope_not_authorized', `the user did not authorize the scope ${scope}`)
  const p = isObject(body.post_info) ? body.post_info : {}
  const s = body.source_info
  if (!isObject(s)) throw bad('source_info is required')
  if (s.source !== 'PULL_FROM_URL') throw bad('photos are taken only with source PULL_FROM_URL')
  const images = s.photo_images
  if (!Array.isArray(images) || images.length === 0 || images.length > MAX_IMAGES || !images.every((u) => typeof u === 'string')) {
    throw bad(`source_info.photo_images must list 1 to ${MAX_IMAGES} URLs`)
  }
  const cover = s.photo_cover_index
  if (!Number.isInteger(cover) || (cover as number) < 0 || (cover as number) >= images.length) {
    throw bad('source_info.photo_cover_index is required: a 0-based index into photo_images')
  }
  for (const url of images as string[]) {
    let u: URL
    try {
      u = new URL(url)
    } catch {
      throw bad(`photo_images holds something that is not a URL`)
    }
    if (u.protocol !== 'https:') throw bad('photo_images must be https URLs')
    const isIp = /^[\d.]+$/.test(u.hostname) || u.hostname.startsWith('[')
    if (isIp || !host.app.pull_prefixes.some((prefix) => url.startsWith(prefix))) {
      throw host.error(403, 'url_ownership_unverified', `${url} is not under a URL prefix verified for this app`)
    }
  }
  for (const [key, max] of [['title', TITLE_MAX], ['description', DESCRIPTION_MAX]] as const) {
    if (p[key] === undefined) continue
    if (typeof p[key] !== 'string') throw bad(`post_info.${key} must be a string`)
    if ((p[key] as string).length > max) throw bad(`post_info.${key} is ${(p[key] as string).length} UTF-16 code units; the limit is ${max}`)
  }
  for (const key of ['disable_comment', 'auto_add_music', 'brand_content_toggle', 'brand_organic_toggle'] as const) {
    if (p[key] !== undefined && typeof p[key] !== 'boolean') throw bad(`post_info.${key} must be a boolean`)
  }
  if (body.is_aigc !== undefined && typeof body.is_aigc !== 'boolean') throw bad('is_aigc must be a boolean')
  if (p.disable_duet !== undefined || p.disable_stitch !== undefined) throw bad('photo posts have no duet or stitch')

  let privacy: string | undefined
  if (mode === 'direct') {
    if (typeof p.privacy_level !== 'string' || p.privacy_level === '') throw bad('post_info.privacy_level is required for DIRECT_POST')
    privacy = p.privacy_level
    host.checkDirectPrivacy(privacy, p.brand_content_toggle === true)
  }
  host.checkCaps(mode)

  const description = (p.description as string | undefined) ?? ''
  const post = host.createPost(mode, {
    media_type: 'PHOTO',
    // the public list shows a photo post's description as its title
    title: description,
    photo_title: (p.title as string | undefined) ?? '',
    photo_images: images as string[],
    photo_cover_index: cover as number,
    auto_add_music: (p.auto_add_music as boolean | undefined) ?? false,
    ...(privacy !== undefined ? { privacy_level: privacy } : {}),
    disable_comment: (p.disable_comment as boolean | undefined) ?? false
  })
  host.track(pullAll(host, post, images as string[]))
  return { publish_id: post.publish_id }
}

/** Fetches every image in order; the post is ready once all arrived, or fails as TikTok would. */
async function pullAll(host: PhotoEmulatorHost, post: ReturnType<PhotoEmulatorHost['createPost']>, urls: string[]): Promise<void> {
  const digests: string[] = []
  for (const url of urls) {
    const chunks: Buffer[] = []
    try {
      await host.fetch(url, (b) => {
        chunks.push(b)
        post.received(b.length)
      })
    } catch (error) {
      host.record({ kind: 'fault', publish_id: post.publish_id, code: 'photo_pull_failed', detail: `${url}: ${(error as Error).message}` })
      return post.markReady('photo_pull_failed')
    }
    const bytes = Buffer.concat(chunks)
    let found: { type?: string; width?: number; height?: number } = {}
    try {
      found = imageSize(bytes)
    } catch {
      found = {}
    }
    if (found.type !== 'jpg' && found.type !== 'webp') {
      host.record({ kind: 'fault', publish_id: post.publish_id, code: 'file_format_check_failed', detail: `${url}: ${found.type ?? 'unreadable'}` })
      return post.markReady('file_format_check_failed')
    }
    if (Math.max(found.width ?? 0, found.height ?? 0) > PHOTO_MAX_LONG_SIDE || bytes.length > PHOTO_MAX_BYTES) {
      host.record({ kind: 'fault', publish_id: post.publish_id, code: 'picture_size_check_failed', detail: `${url}: ${found.width}×${found.height}, ${bytes.length} bytes` })
      return post.markReady('picture_size_check_failed')
    }
    digests.push(createHash('sha256').update(bytes).digest('hex'))
  }
  post.markReady(undefined, digests)
}
