import type { ProbedVideo } from './types.js'

/** TikTok's media limits (docs/TIKTOK.md, "Media"). */
export const TIKTOK_MEDIA_LIMITS = {
  containers: ['mp4', 'webm', 'mov'] as readonly string[],
  videoCodecs: ['h264', 'hevc', 'vp8', 'vp9'] as readonly string[],
  minFps: 23,
  maxFps: 60,
  minSide: 360,
  maxSide: 4096,
  maxBytes: 4 * 1024 ** 3,
  /** TikTok's ceiling; a creator's own maximum (3, 5 or 10 min) is checked against creator info. */
  maxDurationSec: 600
} as const

export interface MediaLimitProblem {
  problem: string
  fix: string
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(3).replace(/0+$/, '')
}

export function checkMediaLimits(facts: ProbedVideo, opts: { maxDurationSec?: number } = {}): MediaLimitProblem[] {
  const L = TIKTOK_MEDIA_LIMITS
  const maxDuration = opts.maxDurationSec ?? L.maxDurationSec
  const out: MediaLimitProblem[] = []
  if (!L.containers.includes(facts.container)) {
    out.push({
      problem: `the container is ${facts.container}; TikTok accepts MP4, WebM or MOV`,
      fix: 'Remux it into MP4: `ffmpeg -i in.mkv -c copy -movflags +faststart out.mp4`.'
    })
  }
  if (!L.videoCodecs.includes(facts.videoCodec)) {
    out.push({
      problem: `the video codec is ${facts.videoCodec}; TikTok accepts H.264, H.265 (HEVC), VP8 or VP9`,
      fix: 'Re-encode it as H.264: `ffmpeg -i in.mp4 -c:v libx264 -crf 20 -c:a aac -movflags +faststart out.mp4`.'
    })
  }
  if (!(facts.fps >= L.minFps && facts.fps <= L.maxFps)) {
    out.push({
      problem: `the frame rate is ${fmt(facts.fps)} fps; TikTok accepts ${L.minFps}–${L.maxFps} fps`,
      fix: 'Re-encode it at 30 fps: `ffmpeg -i in.mp4 -r 30 -c:v libx264 -c:a copy out.mp4`.'
    })
  }
  const sides: [string, number][] = [
    ['width', facts.width],
    ['height', facts.height]
  ]
  const badSides = sides.filter(([, v]) => !(v >= L.minSide && v <= L.maxSide))
  if (badSides.length > 0) {
    out.push({
      problem: `the video is ${facts.width}x${facts.height} px; TikTok needs width and height each ${L.minSide}–${L.maxSide} px (${badSides.map(([k]) => k).join(' and ')} out of range)`,
      fix: 'Scale it, e.g. to 1080x1920 for vertical video: `ffmpeg -i in.mp4 -vf scale=1080:1920 -r 30 out.mp4`.'
    })
  }
  if (facts.sizeBytes > L.maxBytes) {
    out.push({
      problem: `the file is ${(facts.sizeBytes / 1024 ** 3).toFixed(2)} GiB; TikTok accepts up to 4 GiB`,
      fix: 'Re-encode it at a lower bitrate: `ffmpeg -i in.mp4 -c:v libx264 -crf 23 -preset slow -c:a aac out.mp4`.'
    })
  }
  if (!(facts.durationSec > 0)) {
    out.push({
      problem: 'the video has no duration (no frames)',
      fix: 'Export the video again; the file holds no playable frames.'
    })
  } else if (facts.durationSec > maxDuration) {
    out.push({
      problem: `the video is ${fmt(facts.durationSec)} s long; the limit is ${maxDuration} s`,
      fix: `Trim it: \`ffmpeg -i in.mp4 -t ${maxDuration} -c copy out.mp4\`.`
    })
  }
  return out
}
