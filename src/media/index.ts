import { open, realpath, stat } from 'node:fs/promises'
import { showInvisible } from '../text.js'
import path from 'node:path'
import { UserError, type SourceLocation } from '../errors.js'
import type { Logger } from '../logger.js'
import type { Manifest } from '../manifest/model.js'
import { digestFiles } from './digest.js'
import { fetchLfsObjects, isLfsPointer, readLfsPointer, type LfsPointer } from './lfs.js'
import { checkMediaLimits } from './limits.js'
import { looksLikeIsoBmff, probeIsoBmff } from './mp4.js'
import { MediaProblem, readAt, REMUX_FIX } from './read.js'
import type { MediaFacts, ProbedVideo } from './types.js'
import { looksLikeEbml, probeWebm } from './webm.js'

export type { Container, MediaFacts, MimeType, ProbedVideo } from './types.js'

/** What a record keeps of the video it sent (see the state's `video` field). */
export function recordedVideo(facts: MediaFacts): { digest: string; size_bytes: number; duration_sec: number } {
  return { digest: facts.digest, size_bytes: facts.sizeBytes, duration_sec: facts.durationSec }
}
export { checkMediaLimits, TIKTOK_MEDIA_LIMITS, type MediaLimitProblem } from './limits.js'
export { blobId, digestFiles } from './digest.js'
export { isLfsPointer, parseLfsPointer, type LfsPointer } from './lfs.js'

const LFS_FIX =
  'Fetch the video: tiktok-publish fetches the Git LFS videos of due posts itself when git-lfs is installed on the runner (or give actions/checkout `with: { lfs: true }`); in a local clone run `git lfs pull`.'
const PROBE_CONCURRENCY = 4

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

interface Problem {
  message: string
  fix: string
}

/**
 * A video file found without reading its content: where it resolves, whether
 * it is a Git LFS pointer (a few bytes read), or what is wrong with its path.
 */
interface Located {
  relPath: string
  real?: string
  /** the path is wrong whatever the post's state (absolute, `..`, leaves the repository, not a file) */
  problem?: Problem
  missing?: Problem
  pointer?: LfsPointer
}

function err(location: SourceLocation, relPath: string, message: string, fix: string): UserError {
  // printing the error must not drive the terminal
  const shown = showInvisible(relPath)
  return new UserError(`video "${shown}": ${message}`, { location, fix })
}

async function locate(root: string, relPath: string): Promise<Located> {
  const withinFix = 'Put the video inside the repository and give its path relative to the repository root, e.g. `media/teaser.mp4`.'
  if (path.isAbsolute(relPath) || path.win32.isAbsolute(relPath)) {
    return { relPath, problem: { message: 'the path is absolute; video paths are relative to the repository root', fix: withinFix } }
  }
  if (relPath.split(/[\\/]/).includes('..')) return { relPath, problem: { message: 'the path contains `..`; video paths must stay inside the repository', fix: withinFix } }

  const abs = path.resolve(root, relPath)
  let real: string
  try {
    real = await realpath(abs)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') {
      return { relPath, missing: { message: 'the file does not exist', fix: 'Check the path (it is relative to the repository root and case-sensitive) and that the video is committed.' } }
    }
    return { relPath, problem: { message: `the file cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, fix: 'Check the file and its permissions.' } }
  }
  const realRoot = await realpath(root)
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    return { relPath, problem: { message: 'the path leads outside the repository (through a symbolic link)', fix: 'Replace the link with the video file itself, committed inside the repository.' } }
  }
  const st = await stat(real)
  if (!st.isFile()) return { relPath, problem: { message: 'the path is not a file', fix: 'Point `video:` at a video file.' } }
  const pointer = st.size <= 1024 ? await readLfsPointer(real).catch(() => undefined) : undefined
  return { relPath, real, pointer }
}

async function probeLocated(l: Located, maxDurationSec?: number): Promise<{ probed?: ProbedVideo; problems: Problem[] }> {
  try {
    const probed = await probeVideo(l.real!)
    return { probed, problems: checkMediaLimits(probed, { maxDurationSec }).map((p) => ({ message: p.problem, fix: p.fix })) }
  } catch (e) {
    if (e instanceof UserError) return { problems: [{ message: e.message, fix: e.fix ?? REMUX_FIX }] }
    const code = (e as NodeJS.ErrnoException).code
    if (code) return { problems: [{ message: `the file cannot be read (${code})`, fix: 'Check the file and its permissions.' }] }
    throw e
  }
}

export async function checkVideoFile(
  root: string,
  relPath: string,
  location: SourceLocation
): Promise<{ facts?: MediaFacts; errors: UserError[] }> {
  const l = await locate(root, relPath)
  const early = l.problem ?? l.missing
  if (early) return { errors: [err(location, relPath, early.message, early.fix)] }
  const r = await probeLocated(l)
  const errors = r.problems.map((p) => err(location, relPath, p.message, p.fix))
  if (!r.probed) return { errors }
  const digests = await digestFiles(root, [relPath])
  return { facts: { ...r.probed, digest: digests.get(relPath)! }, errors }
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

export interface VideoUse {
  postId: string
  location: SourceLocation
}

export interface ScannedVideo {
  relPath: string
  /** every post that names this file, in manifest order */
  users: VideoUse[]
  /** `git:<blob id>` of what is committed (for a Git LFS file: of its pointer), known without reading the content */
  digest?: string
  /** the work tree holds a Git LFS pointer, not the video */
  pointer?: LfsPointer
  /** the file is not there */
  missing: boolean
}

/**
 * Every file video of a manifest, looked at without reading any video: paths
 * checked, pointers noticed, digests from git's index. What a run then reads
 * is up to it (readVideoFacts): only the videos it is about to post.
 */
export interface VideoScan {
  root: string
  /** by path as written in the manifest */
  files: Map<string, ScannedVideo & { located: Located; errors: UserError[] }>
  /** post id → its video's path */
  pathOf: Map<string, string>
  /** wrong paths, whatever the posts' state: reported on every run */
  errors: UserError[]
}

export async function scanManifestVideos(manifest: Manifest): Promise<VideoScan> {
  const users = new Map<string, VideoUse[]>()
  const pathOf = new Map<string, string>()
  for (const post of manifest.posts) {
    if (post.video.kind !== 'file') continue
    const list = users.get(post.video.path) ?? []
    list.push({ postId: post.id, location: post.videoLocation ?? post.location })
    users.set(post.video.path, list)
    pathOf.set(post.id, post.video.path)
  }
  const paths = [...users.keys()]
  const located = await mapBounded(paths, PROBE_CONCURRENCY, (p) => locate(manifest.root, p))
  const present = located.filter((l) => l.real !== undefined).map((l) => l.relPath)
  // before anything is fetched: a pointer's blob id is the committed one
  const digests = present.length > 0 ? await digestFiles(manifest.root, present) : new Map<string, string>()
  const files: VideoScan['files'] = new Map()
  const errors: UserError[] = []
  for (const l of located) {
    const u = users.get(l.relPath)!
    const own = l.problem ? u.map((x) => err(x.location, l.relPath, l.problem!.message, l.problem!.fix)) : []
    errors.push(...own)
    files.set(l.relPath, { relPath: l.relPath, users: u, digest: digests.get(l.relPath), pointer: l.pointer, missing: l.missing !== undefined, located: l, errors: own })
  }
  return { root: manifest.root, files, pathOf, errors }
}

export interface ReadVideoOptions {
  /** download the Git LFS content of pointers first (the Action); otherwise a pointer is an error naming the fix */
  fetchLfs?: boolean
  logger?: Logger
}

/**
 * Reads the facts (container, codecs, size, duration) of the videos at
 * `relPaths`, fetching Git LFS content first when asked. Facts are keyed by
 * post id, for every post naming the file; errors point at each such post.
 * The digest is the scan's, taken before any fetch.
 */
export async function readVideoFacts(scan: VideoScan, relPaths: Iterable<string>, o: ReadVideoOptions = {}): Promise<{ facts: Map<string, MediaFacts>; errors: UserError[]; byPath: Map<string, UserError[]> }> {
  const byPath = new Map<string, UserError[]>()
  const facts = new Map<string, MediaFacts>()
  const report = (file: ScannedVideo, p: Problem) => {
    const list = byPath.get(file.relPath) ?? []
    for (const u of file.users) list.push(err(u.location, file.relPath, p.message, p.fix))
    byPath.set(file.relPath, list)
  }
  const toProbe: string[] = []
  const toFetch: string[] = []
  for (const rel of new Set(relPaths)) {
    const file = scan.files.get(rel)
    if (!file || file.located.problem) continue
    if (file.located.missing) report(file, file.located.missing)
    else if (file.pointer && o.fetchLfs) toFetch.push(rel)
    else toProbe.push(rel)
  }
  if (toFetch.length) {
    const fetched = await fetchLfsObjects(scan.root, toFetch, o.logger)
    toProbe.push(...fetched.fetched)
    for (const rel of toFetch) {
      const file = scan.files.get(rel)!
      if (fetched.unavailable) {
        report(file, {
          message: `the file is a Git LFS pointer and its content cannot be fetched: ${fetched.unavailable}`,
          fix: 'Install git-lfs on the runner (e.g. a step `run: sudo apt-get install -y git-lfs` before tiktok-publish), or give actions/checkout `with: { lfs: true }`; then run again.'
        })
      } else if (fetched.failed.has(rel)) {
        report(file, {
          message: `the file is a Git LFS pointer and fetching its content failed: ${fetched.failed.get(rel)}`,
          fix: `Check that the object was pushed (\`git lfs push --all origin\` from a clone that has the video) and that the repository's Git LFS bandwidth quota is not used up; \`git lfs pull --include="${rel}"\` shows the same error locally. Then run again.`
        })
      }
    }
  }
  const probed = await mapBounded(toProbe, PROBE_CONCURRENCY, async (rel) => ({ rel, r: await probeLocated(scan.files.get(rel)!.located) }))
  for (const { rel, r } of probed) {
    const file = scan.files.get(rel)!
    for (const p of r.problems) {
      // a pointer read without fetching: name the exact command
      report(file, file.pointer && !o.fetchLfs ? { message: p.message, fix: `${p.fix} Just this one: \`git lfs pull --include="${rel}"\`.` } : p)
    }
    if (!r.probed) continue
    // a file git cannot name (outside a repository, or just fetched and never scanned) is hashed here
    const digest = file.digest ?? (await digestFiles(scan.root, [rel])).get(rel)!
    for (const u of file.users) facts.set(u.postId, { ...r.probed, digest })
  }
  // in manifest order, whatever finished first
  const errors = [...scan.files.keys()].flatMap((rel) => byPath.get(rel) ?? [])
  return { facts, errors, byPath }
}

/**
 * Checks every file video of the manifest (URL videos are the loader's
 * business), whatever its posts' state. A file named by several posts is
 * probed once; errors point at each post that names a bad file.
 */
export async function checkManifestMedia(manifest: Manifest): Promise<{ facts: Map<string, MediaFacts>; errors: UserError[] }> {
  const scan = await scanManifestVideos(manifest)
  const read = await readVideoFacts(scan, scan.files.keys())
  // a file's errors together, files in manifest order
  const errors = [...scan.files.values()].flatMap((f) => [...f.errors, ...(read.byPath.get(f.relPath) ?? [])])
  return { facts: read.facts, errors }
}
