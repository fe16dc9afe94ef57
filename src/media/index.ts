import { open, realpath, stat } from 'node:fs/promises'
import { showInvisible } from '../text.js'
import path from 'node:path'
import { UserError, type SourceLocation } from '../errors.js'
import type { Manifest } from '../manifest/model.js'
import { digestFiles } from './digest.js'
import { checkMediaLimits } from './limits.js'
import { looksLikeIsoBmff, probeIsoBmff } from './mp4.js'
import { MediaProblem, readAt, REMUX_FIX } from './read.js'
import type { MediaFacts, ProbedVideo } from './types.js'
import { looksLikeEbml, probeWebm } from './webm.js'

export type { Container, MediaFacts, MimeType, ProbedVideo } from './types.js'
export { checkMediaLimits, TIKTOK_MEDIA_LIMITS, type MediaLimitProblem } from './limits.js'
export { blobId, digestFiles } from './digest.js'

const LFS_PREFIXES = ['version https://git-lfs.github.com/spec/v1', 'version https://hawser.github.com/spec/v1']
const LFS_FIX =
  'Check out with Git LFS: in the workflow give actions/checkout `with: { lfs: true }`; in a local clone run `git lfs pull`.'
const PROBE_CONCURRENCY = 4

/** True when a file's first bytes are a Git LFS pointer, i.e. the video itself was never fetched. */
export function isLfsPointer(firstBytes: Buffer): boolean {
  const text = firstBytes.toString('latin1', 0, 64)
  return LFS_PREFIXES.some((p) => text.startsWith(p))
}

/**
 * Container, codecs, size, duration and frame rate, read from headers only:
 * an MP4's mdat and a WebM's clusters are skipped, so a 4 GB file costs a few
 * small reads. Throws a UserError (without a location) for anything that is not
 * a readable MP4, MOV or WebM video.
 */
export async function probeVideo(absPath: string): Promise<ProbedVideo> {
  const fh = await open(absPath, 'r')
  try {
    const { size } = await fh.stat()
    if (size === 0) throw new MediaProblem('not a video: the file is empty', 'Copy or export the video again.')
    const head = await readAt(fh, 0, 64)
    if (isLfsPointer(head)) throw new MediaProblem('not a video: the file is a Git LFS pointer, not the video itself', LFS_FIX)
    if (looksLikeEbml(head)) return await probeWebm(fh, size)
    if (looksLikeIsoBmff(head)) return await probeIsoBmff(fh, size)
    throw new MediaProblem('not a video: the file is neither MP4/MOV nor WebM', REMUX_FIX)
  } finally {
    await fh.close()
  }
}

interface Inspected {
  relPath: string
  probed?: ProbedVideo
  errors: UserError[]
}

function err(location: SourceLocation, relPath: string, message: string, fix: string): UserError {
  // printing the error must not drive the terminal
  const shown = showInvisible(relPath)
  return new UserError(`video "${shown}": ${message}`, { location, fix })
}

/** Everything but the digest, so a manifest's digests can come from one batch of git calls. */
async function inspectVideoFile(root: string, relPath: string, location: SourceLocation, maxDurationSec?: number): Promise<Inspected> {
  const fail = (message: string, fix: string): Inspected => ({ relPath, errors: [err(location, relPath, message, fix)] })
  const withinFix = 'Put the video inside the repository and give its path relative to the repository root, e.g. `media/teaser.mp4`.'
  if (path.isAbsolute(relPath) || path.win32.isAbsolute(relPath)) {
    return fail('the path is absolute; video paths are relative to the repository root', withinFix)
  }
  if (relPath.split(/[\\/]/).includes('..')) return fail('the path contains `..`; video paths must stay inside the repository', withinFix)

  const abs = path.resolve(root, relPath)
  let real: string
  try {
    real = await realpath(abs)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') {
      return fail('the file does not exist', 'Check the path (it is relative to the repository root and case-sensitive) and that the video is committed.')
    }
    return fail(`the file cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'Check the file and its permissions.')
  }
  const realRoot = await realpath(root)
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    return fail('the path leads outside the repository (through a symbolic link)', 'Replace the link with the video file itself, committed inside the repository.')
  }
  const st = await stat(real)
  if (!st.isFile()) return fail('the path is not a file', 'Point `video:` at a video file.')

  let probed: ProbedVideo
  try {
    probed = await probeVideo(real)
  } catch (e) {
    if (e instanceof UserError) return fail(e.message, e.fix ?? REMUX_FIX)
    const code = (e as NodeJS.ErrnoException).code
    if (code) return fail(`the file cannot be read (${code})`, 'Check the file and its permissions.')
    throw e
  }
  const errors = checkMediaLimits(probed, { maxDurationSec }).map((p) => err(location, relPath, p.problem, p.fix))
  return { relPath, probed, errors }
}

export async function checkVideoFile(
  root: string,
  relPath: string,
  location: SourceLocation
): Promise<{ facts?: MediaFacts; errors: UserError[] }> {
  const r = await inspectVideoFile(root, relPath, location)
  if (!r.probed) return { errors: r.errors }
  const digests = await digestFiles(root, [relPath])
  return { facts: { ...r.probed, digest: digests.get(relPath)! }, errors: r.errors }
}

async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

/**
 * Checks every file video of the manifest (URL videos are the loader's
 * business). A file named by several posts is probed once; errors point at each
 * post that names a bad file.
 */
export async function checkManifestMedia(manifest: Manifest): Promise<{ facts: Map<string, MediaFacts>; errors: UserError[] }> {
  const byPath = new Map<string, { location: SourceLocation; postIds: string[] }[]>()
  for (const post of manifest.posts) {
    if (post.video.kind !== 'file') continue
    const list = byPath.get(post.video.path) ?? []
    list.push({ location: post.videoLocation ?? post.location, postIds: [post.id] })
    byPath.set(post.video.path, list)
  }
  const paths = [...byPath.keys()]
  const inspected = await mapBounded(paths, PROBE_CONCURRENCY, (p) => inspectVideoFile(manifest.root, p, byPath.get(p)![0]!.location))

  const errors: UserError[] = []
  const probedPaths: string[] = []
  for (const r of inspected) {
    const users = byPath.get(r.relPath)!
    for (const u of users) {
      for (const e of r.errors) errors.push(u === users[0] ? e : new UserError(e.message, { location: u.location, fix: e.fix }))
    }
    if (r.probed) probedPaths.push(r.relPath)
  }

  const facts = new Map<string, MediaFacts>()
  const digests = probedPaths.length > 0 ? await digestFiles(manifest.root, probedPaths) : new Map<string, string>()
  for (const r of inspected) {
    if (!r.probed) continue
    for (const u of byPath.get(r.relPath)!) for (const id of u.postIds) facts.set(id, { ...r.probed, digest: digests.get(r.relPath)! })
  }
  return { facts, errors }
}
