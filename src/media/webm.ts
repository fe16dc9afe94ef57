import type { FileHandle } from 'node:fs/promises'
import { MediaProblem, readAt } from './read.js'
import { round } from './mp4.js'
import type { ProbedVideo } from './types.js'

/*
 * A small EBML reader instead of music-metadata: music-metadata skips clusters
 * (good) but drops the track's DefaultDuration from its trackInfo, which is the
 * frame rate, so it could not answer the one question it was needed for. This
 * reader loads only the EBML header, Segment Info and Tracks (and, when a file
 * declares no DefaultDuration, the first cluster's block timestamps), using
 * positioned reads; clusters are skipped by their declared size.
 */

const ID = {
  EBML: 0x1a45dfa3,
  DocType: 0x4282,
  Segment: 0x18538067,
  Info: 0x1549a966,
  TimestampScale: 0x2ad7b1,
  Duration: 0x4489,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  CodecID: 0x86,
  DefaultDuration: 0x23e383,
  Video: 0xe0,
  PixelWidth: 0xb0,
  PixelHeight: 0xba,
  Cluster: 0x1f43b675,
  ClusterTimestamp: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1
} as const

const MAX_HEADER_ELEMENT = 16 * 1024 * 1024
const FIRST_CLUSTER_READ = 4 * 1024 * 1024
const NOT_WEBM_FIX = 'Export the video as MP4 (H.264), e.g. `ffmpeg -i in.webm -c:v libx264 -c:a aac -movflags +faststart out.mp4`.'

export function looksLikeEbml(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32BE(0) === ID.EBML
}

interface Header {
  id: number
  /** undefined: unknown size (live streams) */
  size: number | undefined
  headerLen: number
}

/** Parses an element header at `pos` of `buf`; undefined when `buf` ends first. */
function readHeader(buf: Buffer, pos: number): Header | undefined {
  if (pos >= buf.length) return undefined
  const first = buf[pos]!
  const idLen = first >= 0x80 ? 1 : first >= 0x40 ? 2 : first >= 0x20 ? 3 : first >= 0x10 ? 4 : 0
  if (idLen === 0) throw new MediaProblem('not a video: corrupt WebM element ID', NOT_WEBM_FIX)
  if (pos + idLen >= buf.length) return undefined
  let id = 0
  for (let i = 0; i < idLen; i++) id = id * 256 + buf[pos + i]!
  const s0 = buf[pos + idLen]!
  let sizeLen = 1
  while (sizeLen <= 8 && !(s0 & (0x80 >> (sizeLen - 1)))) sizeLen++
  if (sizeLen > 8) throw new MediaProblem('not a video: corrupt WebM element size', NOT_WEBM_FIX)
  if (pos + idLen + sizeLen > buf.length) return undefined
  let size = s0 & (0xff >> sizeLen)
  let allOnes = size === 0xff >> sizeLen
  for (let i = 1; i < sizeLen; i++) {
    const b = buf[pos + idLen + i]!
    if (b !== 0xff) allOnes = false
    size = size * 256 + b
  }
  return { id, size: allOnes ? undefined : size, headerLen: idLen + sizeLen }
}

function uint(b: Buffer): number {
  let v = 0
  for (const x of b) v = v * 256 + x
  return v
}

function float(b: Buffer): number {
  if (b.length === 4) return b.readFloatBE(0)
  if (b.length === 8) return b.readDoubleBE(0)
  return 0
}

/** Children of a fully loaded master element. */
function* children(buf: Buffer): Generator<{ id: number; data: Buffer }> {
  let pos = 0
  while (pos < buf.length) {
    const h = readHeader(buf, pos)
    if (!h || h.size === undefined) return
    const start = pos + h.headerLen
    yield { id: h.id, data: buf.subarray(start, Math.min(buf.length, start + h.size)) }
    pos = start + h.size
  }
}

interface TrackInfo {
  number: number
  type: number
  codecId: string
  defaultDurationNs?: number
  width?: number
  height?: number
}

function parseTracks(buf: Buffer): TrackInfo[] {
  const out: TrackInfo[] = []
  for (const entry of children(buf)) {
    if (entry.id !== ID.TrackEntry) continue
    const t: TrackInfo = { number: 0, type: 0, codecId: '' }
    for (const f of children(entry.data)) {
      if (f.id === ID.TrackNumber) t.number = uint(f.data)
      else if (f.id === ID.TrackType) t.type = uint(f.data)
      else if (f.id === ID.CodecID) t.codecId = f.data.toString('latin1').replace(/\0+$/, '')
      else if (f.id === ID.DefaultDuration) t.defaultDurationNs = uint(f.data)
      else if (f.id === ID.Video) {
        for (const v of children(f.data)) {
          if (v.id === ID.PixelWidth) t.width = uint(v.data)
          else if (v.id === ID.PixelHeight) t.height = uint(v.data)
        }
      }
    }
    out.push(t)
  }
  return out
}

export function normalizeMatroskaCodec(codecId: string): string {
  const map: Record<string, string> = {
    V_VP8: 'vp8',
    V_VP9: 'vp9',
    V_AV1: 'av1',
    'V_MPEG4/ISO/AVC': 'h264',
    'V_MPEGH/ISO/HEVC': 'hevc',
    A_OPUS: 'opus',
    A_VORBIS: 'vorbis',
    A_AAC: 'aac',
    A_MPEG_L3: 'mp3',
    A_FLAC: 'flac'
  }
  return map[codecId] ?? codecId.replace(/^[AV]_/, '').toLowerCase()
}

/** Block timestamps (in TimestampScale units) of one track in a cluster's bytes. */
function blockTimes(cluster: Buffer, track: number): number[] {
  let base = 0
  const times: number[] = []
  const visit = (data: Buffer) => {
    const n = data[0]! & 0x80 ? data[0]! & 0x7f : -1 // track numbers beyond 127 are not worth supporting here
    if (n === track && data.length >= 3) times.push(base + data.readInt16BE(1))
  }
  let pos = 0
  while (pos < cluster.length) {
    const h = readHeader(cluster, pos)
    if (!h || h.size === undefined) break
    const start = pos + h.headerLen
    const data = cluster.subarray(start, start + h.size)
    if (data.length < h.size) break // cut by the bounded read
    if (h.id === ID.ClusterTimestamp) base = uint(data)
    else if (h.id === ID.SimpleBlock) visit(data)
    else if (h.id === ID.BlockGroup) {
      for (const c of children(data)) if (c.id === ID.Block) visit(c.data)
    } else if (h.id === ID.Cluster) break
    pos = start + h.size
  }
  return times.sort((a, b) => a - b)
}

export async function probeWebm(fh: FileHandle, fileSize: number): Promise<ProbedVideo> {
  const head = await readAt(fh, 0, 4096)
  const ebml = readHeader(head, 0)
  if (!ebml || ebml.size === undefined || ebml.headerLen + ebml.size > head.length) {
    throw new MediaProblem('not a video: the WebM header is truncated or corrupt', NOT_WEBM_FIX)
  }
  let docType = 'matroska'
  for (const c of children(head.subarray(ebml.headerLen, ebml.headerLen + ebml.size))) {
    if (c.id === ID.DocType) docType = c.data.toString('latin1').replace(/\0+$/, '')
  }
  if (docType !== 'webm') {
    throw new MediaProblem(`not an accepted container: Matroska ('${docType}'); TikTok takes MP4, WebM or MOV`, 'Remux it: `ffmpeg -i in.mkv -c copy out.mp4` (or re-encode to WebM with VP9).')
  }

  let pos = ebml.headerLen + ebml.size
  const seg = readHeader(await readAt(fh, pos, 16), 0)
  if (!seg || seg.id !== ID.Segment) throw new MediaProblem('not a video: the WebM file has no Segment', NOT_WEBM_FIX)
  const segEnd = seg.size === undefined ? fileSize : Math.min(fileSize, pos + seg.headerLen + seg.size)
  if (seg.size !== undefined && pos + seg.headerLen + seg.size > fileSize) {
    throw new MediaProblem(
      `not a video: the WebM file is ${pos + seg.headerLen + seg.size - fileSize} bytes shorter than it declares (truncated, e.g. an interrupted copy or download)`,
      'Copy or export the video again.'
    )
  }
  pos += seg.headerLen

  let timestampScale = 1_000_000
  let duration: number | undefined
  let tracks: TrackInfo[] | undefined
  let firstCluster: Buffer | undefined
  while (pos < segEnd) {
    const h = readHeader(await readAt(fh, pos, 16), 0)
    if (!h) break
    if (h.id === ID.Cluster) {
      if (!firstCluster) firstCluster = await readAt(fh, pos, Math.min(FIRST_CLUSTER_READ, segEnd - pos))
      // Info and Tracks precede clusters in every muxer worth supporting; the
      // rest of the file is frames.
      if (tracks) break
    } else if (h.id === ID.Info || h.id === ID.Tracks) {
      if (h.size === undefined || h.size > MAX_HEADER_ELEMENT) throw new MediaProblem('not a video: a WebM header element has an invalid size', NOT_WEBM_FIX)
      const data = await readAt(fh, pos + h.headerLen, h.size)
      if (h.id === ID.Info) {
        for (const c of children(data)) {
          if (c.id === ID.TimestampScale) timestampScale = uint(c.data) || timestampScale
          else if (c.id === ID.Duration) duration = float(c.data)
        }
      } else tracks = parseTracks(data)
    }
    if (h.size === undefined) break
    pos += h.headerLen + h.size
  }

  const video = tracks?.find((t) => t.type === 1)
  if (!video) throw new MediaProblem('not a video: the WebM file has no video track', 'Use a file that contains a video track.')
  const audio = tracks?.find((t) => t.type === 2)
  if (duration === undefined) {
    throw new MediaProblem(
      'the WebM file does not declare its duration (typical of browser recordings), so its length cannot be checked',
      'Remux it so the duration is written: `ffmpeg -i in.webm -c copy out.webm`.'
    )
  }

  let fps: number | undefined
  if (video.defaultDurationNs) fps = 1e9 / video.defaultDurationNs
  else if (firstCluster) {
    const h = readHeader(firstCluster, 0)!
    const times = blockTimes(firstCluster.subarray(h.headerLen), video.number)
    if (times.length >= 2) fps = ((times.length - 1) * 1e9) / ((times[times.length - 1]! - times[0]!) * timestampScale)
  }
  if (fps === undefined || !Number.isFinite(fps)) {
    throw new MediaProblem('the WebM video track declares no frame rate and its first frames do not show one', 'Re-encode it with a fixed frame rate: `ffmpeg -i in.webm -r 30 -c:v libvpx-vp9 out.webm`.')
  }

  return {
    container: 'webm',
    mimeType: 'video/webm',
    videoCodec: normalizeMatroskaCodec(video.codecId),
    ...(audio ? { audioCodec: normalizeMatroskaCodec(audio.codecId) } : {}),
    width: video.width ?? 0,
    height: video.height ?? 0,
    durationSec: round((duration * timestampScale) / 1e9, 3),
    fps: round(fps, 3),
    sizeBytes: fileSize
  }
}
