import { createHash } from 'node:crypto'
import { open, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { UserError, type SourceLocation } from '../errors.js'
import type { Manifest, PhotoImage } from '../manifest/model.js'
import { showInvisible } from '../text.js'
import { digestFiles } from './digest.js'
import { isLfsPointer } from './index.js'
import { readAt } from './read.js'

/*
 * Photo posts: TikTok takes JPEG or WebP, at most 20 MB and 1080 px on the long
 * side. Everything is read from the file's first bytes (image-size reads the
 * headers; a JPEG's SOF marker and a WebP's VP8/VP8L/VP8X chunk sit near the
 * start), so checking 35 images costs 35 small reads.
 */

/** TikTok writes "20 MB": the decimal reading is the smaller, so it holds under both. */
export const PHOTO_MAX_BYTES = 20_000_000
export const PHOTO_MAX_LONG_SIDE = 1080
/** enough for a JPEG whose EXIF block (up to 64 KiB per segment, a few segments) precedes the frame header */
const HEAD_BYTES = 512 * 1024

export type PhotoMime = 'image/jpeg' | 'image/webp'

export interface ImageFacts {
  /** image-size's name: 'jpg', 'webp', 'png', 'gif', 'heif', … */
  type: string
  mimeType?: PhotoMime
  width: number
  height: number
  sizeBytes: number
}

/** What a photo post's images are, by post id. */
export interface PhotoFacts {
  /** one per image, in order; a URL image is not read (TikTok pulls it) */
  images: Array<{ kind: 'file'; path: string; digest: string; image: ImageFacts } | { kind: 'url'; url: string }>
  /** one identity for the whole carousel: the images' digests and URLs, in order */
  digest: string
}

const RESIZE_FIX = 'Resize it so the long side is at most 1080 px and save it as JPEG or WebP, e.g. `convert in.png -resize "1080x1080>" -quality 90 out.jpg` (ImageMagick).'

/** Type and dimensions from the first bytes; a UserError without a location for anything unreadable. */
export async function probeImage(absPath: string): Promise<ImageFacts> {
  const fh = await open(absPath, 'r')
  try {
    const { size } = await fh.stat()
    if (size === 0) throw new UserError('not an image: the file is empty', { fix: 'Export the image again.' })
    const head = await readAt(fh, 0, Math.min(size, HEAD_BYTES))
    if (isLfsPointer(head)) {
      throw new UserError('not an image: the file is a Git LFS pointer, not the image itself', {
        fix: 'Check out with Git LFS: in the workflow give actions/checkout `with: { lfs: true }`; in a local clone run `git lfs pull`.'
      })
    }
    // image-size loads its twenty parsers at once: only for a run that has photos to read
    const { imageSize } = await import('image-size')
    let found: { type?: string; width?: number; height?: number }
    try {
      found = imageSize(head)
    } catch {
      throw new UserError('not an image TikTok takes: it is neither JPEG nor WebP (its header could not be read)', { fix: RESIZE_FIX })
    }
    if (!found.type || !found.width || !found.height) {
      throw new UserError(`the ${found.type ?? 'image'} header gives no size`, { fix: RESIZE_FIX })
    }
    const mimeType: PhotoMime | undefined = found.type === 'jpg' ? 'image/jpeg' : found.type === 'webp' ? 'image/webp' : undefined
    return { type: found.type, mimeType, width: found.width, height: found.height, sizeBytes: size }
  } finally {
    await fh.close()
  }
}

/** TikTok's photo limits; each problem comes with its fix. */
export function checkImageLimits(facts: ImageFacts): Array<{ problem: string; fix: string }> {
  const out: Array<{ problem: string; fix: string }> = []
  if (!facts.mimeType) {
    out.push({ problem: `it is ${facts.type.toUpperCase()}; TikTok takes photos only as JPEG or WebP`, fix: RESIZE_FIX })
  }
  const long = Math.max(facts.width, facts.height)
  if (long > PHOTO_MAX_LONG_SIDE) {
    out.push({ problem: `it is ${facts.width}×${facts.height} px; TikTok takes at most ${PHOTO_MAX_LONG_SIDE} px on the long side`, fix: RESIZE_FIX })
  }
  if (facts.sizeBytes > PHOTO_MAX_BYTES) {
    out.push({
      problem: `it is ${facts.sizeBytes} bytes; TikTok takes at most 20 MB (${PHOTO_MAX_BYTES} bytes) per photo`,
      fix: 'Save it with stronger compression (a lower JPEG quality) or smaller.'
    })
  }
  return out
}

function err(location: SourceLocation, relPath: string, message: string, fix: string): UserError {
  return new UserError(`photo "${showInvisible(relPath)}": ${message}`, { location, fix })
}

/** Path, existence and limits of one repository image; errors carry the entry's location. */
async function inspectImageFile(root: string, relPath: string, location: SourceLocation): Promise<{ image?: ImageFacts; errors: UserError[] }> {
  const fail = (message: string, fix: string) => ({ errors: [err(location, relPath, message, fix)] })
  const within = 'Commit the image inside the repository and give its path relative to the repository root, e.g. `media/look-1.jpg`.'
  if (path.isAbsolute(relPath) || path.win32.isAbsolute(relPath)) return fail('the path is absolute; photo paths are relative to the repository root', within)
  if (relPath.split(/[\\/]/).includes('..')) return fail('the path contains `..`; photo paths must stay inside the repository', within)
  let real: string
  try {
    real = await realpath(path.resolve(root, relPath))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return fail('the file does not exist', 'Check the path (it is relative to the repository root and case-sensitive) and that the image is committed.')
    }
    return fail(`the file cannot be read (${code ?? 'error'})`, 'Check the file and its permissions.')
  }
  const realRoot = await realpath(root)
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    return fail('the path leads outside the repository (through a symbolic link)', 'Replace the link with the image itself, committed inside the repository.')
  }
  if (!(await stat(real)).isFile()) return fail('the path is not a file', 'Point the entry at an image file.')
  let image: ImageFacts
  try {
    image = await probeImage(real)
  } catch (e) {
    if (e instanceof UserError) return fail(e.message, e.fix ?? RESIZE_FIX)
    return fail(`the file cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'Check the file and its permissions.')
  }
  return { image, errors: checkImageLimits(image).map((p) => err(location, relPath, p.problem, p.fix)) }
}

/** The carousel's identity: any image changed, added, moved or replaced changes it. */
export function carouselDigest(images: PhotoFacts['images']): string {
  const parts = images.map((i) => (i.kind === 'file' ? `file ${i.path} ${i.digest}` : `url ${i.url}`))
  return `photos:${createHash('sha256').update(parts.join('\n')).digest('hex')}`
}

/**
 * Checks every repository image of every photo post, before any call: inside
 * the repository, present, JPEG or WebP, within TikTok's limits. Digests come
 * from git (the committed blob ids), as for videos; the engine compares them
 * with what the served URLs return.
 */
export async function checkManifestPhotos(manifest: Manifest): Promise<{ facts: Map<string, PhotoFacts>; errors: UserError[] }> {
  const errors: UserError[] = []
  const photoPosts = manifest.posts.filter((p) => p.video.kind === 'photos')
  const byPath = new Map<string, SourceLocation[]>()
  for (const post of photoPosts) {
    if (post.video.kind !== 'photos') continue
    for (const image of post.video.images) {
      if (image.kind !== 'file') continue
      byPath.set(image.path, [...(byPath.get(image.path) ?? []), image.location])
    }
  }
  const inspected = new Map<string, ImageFacts>()
  for (const [relPath, locations] of byPath) {
    const r = await inspectImageFile(manifest.root, relPath, locations[0]!)
    for (const location of locations) {
      for (const e of r.errors) errors.push(location === locations[0] ? e : new UserError(e.message, { location, fix: e.fix }))
    }
    if (r.image && r.errors.length === 0) inspected.set(relPath, r.image)
  }
  const digests = inspected.size ? await digestFiles(manifest.root, [...inspected.keys()]) : new Map<string, string>()
  const facts = new Map<string, PhotoFacts>()
  for (const post of photoPosts) {
    if (post.video.kind !== 'photos') continue
    const images: PhotoFacts['images'] = []
    let complete = true
    for (const image of post.video.images as PhotoImage[]) {
      if (image.kind === 'url') images.push({ kind: 'url', url: image.url })
      else if (inspected.has(image.path)) images.push({ kind: 'file', path: image.path, digest: digests.get(image.path)!, image: inspected.get(image.path)! })
      else complete = false
    }
    if (complete) facts.set(post.id, { images, digest: carouselDigest(images) })
  }
  return { facts, errors }
}
