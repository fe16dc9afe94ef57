import { UserError } from '../errors.js'
import { MAX_CHUNK } from '../tiktok/upload.js'

/**
 * Upload chunk size in MiB (TIKTOK_PUBLISH_CHUNK_MB, 5–64), for the Action as
 * for the CLI: smaller chunks lose less to a flaky connection or a runner
 * that dies mid-upload; the default 64 makes the fewest requests.
 */
export function chunkSizeFromEnv(text: string | undefined): number | undefined {
  if (!text) return undefined
  const mb = Number(text)
  if (!Number.isInteger(mb) || mb < 5 || mb > 64) {
    throw new UserError(`TIKTOK_PUBLISH_CHUNK_MB "${text}" is not a whole number of MiB from 5 to 64`, { fix: 'write e.g. TIKTOK_PUBLISH_CHUNK_MB=16 (TikTok takes chunks of 5 to 64 MB)' })
  }
  // 62 MiB and up are sent as the largest chunk within TikTok's "64 MB", as the CLI does
  return Math.min(mb * 1024 * 1024, MAX_CHUNK)
}
