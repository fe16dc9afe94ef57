export type Container = 'mp4' | 'mov' | 'webm'
export type MimeType = 'video/mp4' | 'video/quicktime' | 'video/webm'

export interface MediaFacts {
  container: Container
  /** the Content-Type for uploads */
  mimeType: MimeType
  /** normalized lowercase name: 'h264', 'hevc', 'vp8', 'vp9', 'av1', … */
  videoCodec: string
  audioCodec?: string
  /** as displayed (a 90°/270° rotation matrix swaps the stored dimensions) */
  width: number
  height: number
  durationSec: number
  fps: number
  sizeBytes: number
  /** content identity, see digestFiles */
  digest: string
}

export type ProbedVideo = Omit<MediaFacts, 'digest'>
