/**
 * TikTok's FILE_UPLOAD chunk rules. TikTok writes "MB" and its own example
 * counts in decimal bytes, so the emulator accepts only what is valid under
 * both readings: chunks of 5 MiB (the larger 5 MB) to 64,000,000 bytes (the
 * smaller 64 MB), a last chunk of at most 128,000,000. A client that reads
 * "MB" either way alone fails here, not at TikTok.
 */
export const MB = 1024 * 1024
export const MIN_CHUNK = 5 * MB
export const MAX_CHUNK = 64_000_000
export const MAX_LAST_CHUNK = 128_000_000
export const MAX_CHUNKS = 1000
export const MAX_VIDEO_SIZE = 4 * 1024 * MB

export interface ChunkPlan {
  video_size: number
  chunk_size: number
  total_chunk_count: number
}

/** Returns why the plan breaks TikTok's chunk rules, or undefined when it keeps them. */
export function checkChunkPlan(plan: { video_size?: unknown; chunk_size?: unknown; total_chunk_count?: unknown }): string | undefined {
  const { video_size: size, chunk_size: chunk, total_chunk_count: total } = plan
  for (const [name, v] of [
    ['video_size', size],
    ['chunk_size', chunk],
    ['total_chunk_count', total]
  ] as const) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) return `source_info.${name} must be a positive integer`
  }
  const s = size as number
  const c = chunk as number
  const t = total as number
  if (s > MAX_VIDEO_SIZE) return `video_size ${s} exceeds the 4 GB limit`
  if (s < MIN_CHUNK) {
    if (c !== s || t !== 1) return `a video under 5 MB (${s} bytes) is one chunk: chunk_size must equal video_size and total_chunk_count must be 1`
    return undefined
  }
  if (c < MIN_CHUNK) return `chunk_size ${c} is below 5 MB (${MIN_CHUNK} bytes)`
  if (c > MAX_CHUNK) return `chunk_size ${c} is above 64 MB (${MAX_CHUNK} bytes)`
  if (c > s) return `chunk_size ${c} is larger than video_size ${s}`
  const expected = Math.floor(s / c)
  if (t !== expected) return `total_chunk_count must be floor(video_size / chunk_size) = ${expected}, got ${t}`
  if (t > MAX_CHUNKS) return `total_chunk_count ${t} is above 1000`
  if (s > MAX_CHUNK && t < 2) return `a video over 64 MB must be uploaded in several chunks`
  if (lastChunkLength(plan as ChunkPlan) > MAX_LAST_CHUNK) return `the last chunk would be ${lastChunkLength(plan as ChunkPlan)} bytes, over 128 MB (${MAX_LAST_CHUNK} bytes)`
  return undefined
}

export function lastChunkLength(plan: ChunkPlan): number {
  return plan.video_size - (plan.total_chunk_count - 1) * plan.chunk_size
}

/** [first, last] inclusive byte range of chunk `index` (0-based). */
export function chunkRange(plan: ChunkPlan, index: number): [number, number] {
  const first = index * plan.chunk_size
  const length = index === plan.total_chunk_count - 1 ? lastChunkLength(plan) : plan.chunk_size
  return [first, first + length - 1]
}
