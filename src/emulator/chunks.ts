import { chunkLayout, MAX_CHUNK, MAX_CHUNKS, MAX_LAST_CHUNK, MAX_VIDEO_BYTES, MiB, MIN_CHUNK, type ChunkPlan } from '../tiktok/chunks.js'

/*
 * TikTok's FILE_UPLOAD chunk rules as the emulator enforces them at init. The
 * numbers are the client's own (src/tiktok/chunks.ts); TikTok writes "MB" and
 * its example counts in decimal bytes, so only what is valid under both
 * readings passes: chunks of 5 MiB to 64,000,000 bytes, a last chunk of at
 * most 128,000,000. A client that reads "MB" either way alone fails here, not
 * at TikTok.
 */

/** 1 MiB, under the name the emulator's callers know */
export const MB = MiB

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
  if (s > MAX_VIDEO_BYTES) return `video_size ${s} exceeds the 4 GB limit`
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
  const lastChunk = s - (t - 1) * c
  if (lastChunk > MAX_LAST_CHUNK) return `the last chunk would be ${lastChunk} bytes, over 128 MB (${MAX_LAST_CHUNK} bytes)`
  return undefined
}

/** What an init declared of a FILE_UPLOAD: the video's size and where each chunk lies. */
export interface DeclaredUpload {
  videoSize: number
  plan: ChunkPlan
}

/** The init's source_info laid out as the client lays it out, or why it breaks the rules. */
export function declaredUpload(source: Record<string, unknown>): DeclaredUpload | { problem: string } {
  const problem = checkChunkPlan(source)
  if (problem) return { problem }
  const videoSize = source.video_size as number
  return { videoSize, plan: chunkLayout(videoSize, source.chunk_size as number, source.total_chunk_count as number) }
}
