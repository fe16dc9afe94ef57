/**
 * TikTok's FILE_UPLOAD chunk rules and layout, shared by the client that plans
 * an upload and the emulator that judges one.
 *
 * TikTok's media transfer guide says "MB" without saying which; its worked
 * example is decimal (`chunk_size: 10000000`). Every chunk sent lies inside
 * both readings: at least 5 MiB (the larger 5 MB), at most 64,000,000 bytes
 * (the smaller 64 MB), the last at most 128,000,000.
 */
export const MiB = 1024 * 1024
export const MIN_CHUNK = 5 * MiB
export const MAX_CHUNK = 64_000_000
export const MAX_LAST_CHUNK = 128_000_000
export const MAX_CHUNKS = 1000
export const MAX_VIDEO_BYTES = 4 * 1024 * MiB

/** An inclusive, zero-based byte range. */
export interface ChunkRange {
  first: number
  last: number
}

export interface ChunkPlan {
  chunkSize: number
  totalChunkCount: number
  /** inclusive, zero-based byte ranges, in upload order */
  chunks: ChunkRange[]
}

/**
 * Where each chunk lies: `totalChunkCount` chunks of `chunkSize`, the last
 * taking every trailing byte (so it may be up to twice as large). The caller
 * has checked the numbers against the rules.
 */
export function chunkLayout(videoSize: number, chunkSize: number, totalChunkCount: number): ChunkPlan {
  const chunks: ChunkRange[] = []
  for (let i = 0; i < totalChunkCount; i++) {
    const first = i * chunkSize
    chunks.push({ first, last: i === totalChunkCount - 1 ? videoSize - 1 : first + chunkSize - 1 })
  }
  return { chunkSize, totalChunkCount, chunks }
}
