import type { FileHandle } from 'node:fs/promises'
import type { Movie, Track } from 'mp4box'
import { MediaProblem, readAt, REMUX_FIX } from './read.js'
import type { ProbedVideo } from './types.js'

/** ISO BMFF top-level boxes a QuickTime file may start with when it has no `ftyp`. */
const LEGACY_QT_FIRST = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'])
/** A moov beyond this is not a real video's index; refusing it keeps memory bounded. */
const MAX_MOOV_BYTES = 256 * 1024 * 1024
const MAX_TOP_LEVEL_BOXES = 1_000_000

export function looksLikeIsoBmff(head: Buffer): boolean {
  if (head.length < 8) return false
  const type = head.toString('latin1', 4, 8)
  return type === 'ftyp' || LEGACY_QT_FIRST.has(type)
}

function isBoxType(b: Buffer): boolean {
  for (const c of b) if (!((c >= 0x20 && c <= 0x7e) || c === 0xa9)) return false
  return true
}

interface TopLevel {
  ftyp?: Buffer
  moov?: Buffer
  /** fragmented files: where each movie fragment's header box is */
  moofs: { off: number; size: number }[]
}

/**
 * Walks top-level box headers with positioned reads so that a multi-gigabyte
 * mdat is skipped, not read: only ftyp and moov bytes are loaded. moov may sit
 * after mdat (files written without faststart), so the walk goes to the end.
 */
async function readTopLevel(fh: FileHandle, fileSize: number): Promise<TopLevel> {
  const out: TopLevel = { moofs: [] }
  let off = 0
  let count = 0
  let lastType = ''
  while (off < fileSize) {
    if (++count > MAX_TOP_LEVEL_BOXES) throw new MediaProblem('not a video: too many top-level MP4 boxes (the file is corrupt)', REMUX_FIX)
    const head = await readAt(fh, off, 16)
    if (head.length < 8) {
      throw new MediaProblem(`not a video: the file ends in the middle of a box header at byte ${off} (it looks truncated, e.g. an interrupted copy or download)`, 'Copy or export the video again.')
    }
    const typeBytes = head.subarray(4, 8)
    if (!isBoxType(typeBytes)) {
      if (off === 0) throw new MediaProblem('not a video: the file is neither MP4/MOV nor WebM', REMUX_FIX)
      throw new MediaProblem(`not a video: corrupt MP4 data at byte ${off} after the '${lastType}' box`, REMUX_FIX)
    }
    const type = typeBytes.toString('latin1')
    let size = head.readUInt32BE(0)
    let headerSize = 8
    if (size === 1) {
      if (head.length < 16) throw new MediaProblem(`not a video: the file ends inside the '${type}' box header (truncated)`, 'Copy or export the video again.')
      const big = head.readBigUInt64BE(8)
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new MediaProblem(`not a video: the '${type}' box declares an impossible size`, REMUX_FIX)
      size = Number(big)
      headerSize = 16
    } else if (size === 0) {
      size = fileSize - off
    }
    if (size < headerSize) throw new MediaProblem(`not a video: the '${type}' box at byte ${off} has an invalid size ${size}`, REMUX_FIX)
    if (off === 0 && type !== 'ftyp' && !LEGACY_QT_FIRST.has(type)) {
      throw new MediaProblem('not a video: the file is neither MP4/MOV nor WebM', REMUX_FIX)
    }
    if (off + size > fileSize) {
      const missing = out.moov ? '' : ' before any moov box (the index a player needs)'
      throw new MediaProblem(
        `not a video: the file ends inside the '${type}' box${missing}; it is ${off + size - fileSize} bytes shorter than it declares (truncated, e.g. an interrupted copy or download)`,
        'Copy or export the video again; if the recording was interrupted, re-export it from the editor.'
      )
    }
    if (type === 'ftyp' && !out.ftyp) {
      out.ftyp = await readAt(fh, off, Math.min(size, 4096))
    } else if (type === 'moov') {
      if (out.moov) throw new MediaProblem('not a video: the file has two moov boxes', REMUX_FIX)
      if (size > MAX_MOOV_BYTES) throw new MediaProblem(`not a video: the moov box is ${size} bytes, far larger than any real video's index`, REMUX_FIX)
      out.moov = await readAt(fh, off, size)
    } else if (type === 'moof') {
      out.moofs.push({ off, size })
    }
    lastType = type
    off += size
  }
  return out
}

/** mp4box codec strings ('avc1.640028', 'hvc1.1.6.L120.90', 'mp4a.40.2') to plain names. */
export function normalizeIsoCodec(codec: string): string {
  const fourcc = codec.split('.')[0]!.trim().toLowerCase()
  switch (fourcc) {
    case 'avc1':
    case 'avc2':
    case 'avc3':
    case 'avc4':
      return 'h264'
    case 'hvc1':
    case 'hev1':
      return 'hevc'
    case 'vp08':
      return 'vp8'
    case 'vp09':
      return 'vp9'
    case 'av01':
      return 'av1'
    case 'mp4v':
      return 'mpeg4'
    case 'mp4a': {
      const oti = codec.split('.')[1]?.toLowerCase()
      if (oti === '6b' || oti === '69') return 'mp3'
      return 'aac'
    }
    case 'opus':
      return 'opus'
    case 'ac-3':
      return 'ac3'
    case 'ec-3':
      return 'eac3'
    case 'alac':
      return 'alac'
    case 'sowt':
    case 'twos':
    case 'lpcm':
    case 'ipcm':
    case 'fpcm':
      return 'pcm'
    default:
      return fourcc
  }
}

// mp4box's typings do not describe the parsed box tree; these are the fields read.
interface SttsBox {
  sample_counts: number[]
  sample_deltas: number[]
}
interface TrakBox {
  tkhd?: { track_id: number }
  mdia?: { minf?: { stbl?: { stts?: SttsBox } } }
}
interface ParsedIso {
  moov?: { traks?: TrakBox[]; mvex?: { trexs?: { track_id: number; default_sample_duration: number }[] } }
}

/**
 * Parses ftyp+moov alone with mp4box: the two boxes are fed as one buffer at
 * fileStart 0, so sample offsets are wrong but nothing here reads samples.
 * mp4box reports some harmless oddities (e.g. QuickTime udta atoms) with
 * console.error and has no quieter level, so console.error/warn are captured
 * during the synchronous parse and only used to explain a failure.
 */
function parseMoov(top: TopLevel, { createFile, MP4BoxBuffer }: typeof import('mp4box')): { info: Movie; iso: ParsedIso } {
  const bytes = Buffer.concat(top.ftyp ? [top.ftyp, top.moov!] : [top.moov!])
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  const file = createFile()
  let info: Movie | undefined
  const complaints: string[] = []
  file.onReady = (i: Movie) => {
    info = i
  }
  file.onError = (module: string, message: string) => {
    complaints.push(`${module}: ${message}`)
  }
  const { error, warn } = console
  console.error = (...args: unknown[]) => complaints.push(args.map(String).join(' '))
  console.warn = console.error
  try {
    file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(ab, 0))
    file.flush()
  } catch (e) {
    complaints.push(e instanceof Error ? e.message : String(e))
  } finally {
    console.error = error
    console.warn = warn
  }
  if (!info) {
    const detail = complaints.length ? ` (${complaints.slice(-3).join('; ')})` : ''
    throw new MediaProblem(`not a video: the moov box could not be parsed${detail}`, REMUX_FIX)
  }
  return { info, iso: file as unknown as ParsedIso }
}

function* childBoxes(buf: Buffer, from: number, to: number): Generator<{ type: string; body: Buffer }> {
  let off = from
  while (off + 8 <= to) {
    const size = buf.readUInt32BE(off)
    if (size < 8 || off + size > to) return
    yield { type: buf.toString('latin1', off + 4, off + 8), body: buf.subarray(off + 8, off + size) }
    off += size
  }
}

/**
 * Samples and ticks of one track across all movie fragments. A fragmented MP4
 * keeps its sample timing in each moof (tfhd defaults, trun entries), not in
 * moov; the moof boxes are small, so reading them stays far from reading mdat.
 */
async function fragmentTiming(
  fh: FileHandle,
  moofs: TopLevel['moofs'],
  trackId: number,
  trexDefault: number
): Promise<{ samples: number; ticks: number }> {
  let samples = 0
  let ticks = 0
  for (const m of moofs) {
    if (m.size > 64 * 1024 * 1024) throw new MediaProblem('not a video: a movie fragment header is implausibly large', REMUX_FIX)
    const moof = await readAt(fh, m.off, m.size)
    for (const traf of childBoxes(moof, 8, moof.length)) {
      if (traf.type !== 'traf') continue
      let defaultDuration = trexDefault
      let mine = false
      for (const b of childBoxes(traf.body, 0, traf.body.length)) {
        const body = b.body
        if (b.type === 'tfhd' && body.length >= 8) {
          const flags = body.readUInt32BE(0) & 0xffffff
          mine = body.readUInt32BE(4) === trackId
          const at = 8 + (flags & 0x01 ? 8 : 0) + (flags & 0x02 ? 4 : 0)
          if (flags & 0x08 && body.length >= at + 4) defaultDuration = body.readUInt32BE(at)
        } else if (b.type === 'trun' && mine && body.length >= 8) {
          const flags = body.readUInt32BE(0) & 0xffffff
          const count = body.readUInt32BE(4)
          samples += count
          if (flags & 0x100) {
            const entry = 4 * (1 + (flags & 0x200 ? 1 : 0) + (flags & 0x400 ? 1 : 0) + (flags & 0x800 ? 1 : 0))
            let at = 8 + (flags & 0x01 ? 4 : 0) + (flags & 0x04 ? 4 : 0)
            for (let i = 0; i < count && at + 4 <= body.length; i++, at += entry) ticks += body.readUInt32BE(at)
          } else {
            ticks += count * defaultDuration
          }
        }
      }
    }
  }
  return { samples, ticks }
}

function frameRate(track: Track, iso: ParsedIso, fragments?: { samples: number; ticks: number }): number {
  const trak = iso.moov?.traks?.find((t) => t.tkhd?.track_id === track.id)
  const stts = trak?.mdia?.minf?.stbl?.stts
  let samples = fragments?.samples ?? 0
  let ticks = fragments?.ticks ?? 0
  if (stts) {
    for (let i = 0; i < stts.sample_counts.length; i++) {
      samples += stts.sample_counts[i]!
      ticks += stts.sample_counts[i]! * stts.sample_deltas[i]!
    }
  }
  // The sample table's own timing, not mdhd's duration: an edit list or a
  // trailing gap changes the declared duration but not the frame rate.
  if (samples > 0 && ticks > 0) return (samples * track.timescale) / ticks
  throw new MediaProblem(
    'the video track does not declare its frame timing, so its frame rate cannot be checked',
    'Remux it: `ffmpeg -i in.mp4 -c copy -movflags +faststart out.mp4`.'
  )
}

export async function probeIsoBmff(fh: FileHandle, fileSize: number): Promise<ProbedVideo> {
  const top = await readTopLevel(fh, fileSize)
  if (!top.moov) {
    throw new MediaProblem(
      'not a video: no moov box (the index a player needs); the file may be truncated or still being written',
      'Copy or export the video again; if the recording was interrupted, re-export it from the editor.'
    )
  }
  // mp4box sets up every box type it knows when loaded: loaded on the first MP4 read, not with the command line
  const { info, iso } = parseMoov(top, await import('mp4box'))
  const track = info.videoTracks.find((t) => t.video && t.video.width > 0) ?? info.videoTracks[0]
  if (!track) throw new MediaProblem('not a video: the file has no video track (audio only?)', 'Use a file that contains a video track.')
  const audio = info.audioTracks[0]

  let fragments: { samples: number; ticks: number } | undefined
  if (top.moofs.length > 0) {
    const trex = iso.moov?.mvex?.trexs?.find((t) => t.track_id === track.id)
    fragments = await fragmentTiming(fh, top.moofs, track.id, trex?.default_sample_duration ?? 0)
  }
  let durationSec = info.timescale > 0 ? info.duration / info.timescale : 0
  if (durationSec <= 0 && info.fragment_duration && info.fragment_duration.den > 0) {
    durationSec = info.fragment_duration.num / info.fragment_duration.den
  }
  if (durationSec <= 0 && track.timescale > 0) durationSec = track.duration / track.timescale
  if (fragments && track.timescale > 0) durationSec = Math.max(durationSec, fragments.ticks / track.timescale)

  let width = track.video?.width ?? track.track_width
  let height = track.video?.height ?? track.track_height
  // A phone records landscape pixels and a 90° matrix; people and TikTok see it rotated.
  const m = track.matrix as unknown as ArrayLike<number> | undefined
  if (m && m.length >= 5 && m[0] === 0 && m[4] === 0 && m[1] !== 0 && m[3] !== 0) [width, height] = [height, width]

  const brand = top.ftyp ? top.ftyp.toString('latin1', 8, 12) : undefined
  const isMov = brand === undefined || brand === 'qt  '
  return {
    container: isMov ? 'mov' : 'mp4',
    mimeType: isMov ? 'video/quicktime' : 'video/mp4',
    videoCodec: normalizeIsoCodec(track.codec),
    ...(audio ? { audioCodec: normalizeIsoCodec(audio.codec) } : {}),
    width,
    height,
    durationSec: round(durationSec, 3),
    fps: round(frameRate(track, iso, fragments), 3),
    sizeBytes: fileSize
  }
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}
