import { createHash } from 'node:crypto'
import { request } from 'undici'
import { PHOTO_MAX_BYTES } from '../media/image.js'

/*
 * TikTok pulls a photo from where the repository is served, and a deploy can
 * lag the commit: TikTok would then post yesterday's image, or fail on a 404.
 * So before content/init every repository image is fetched from its URL and
 * its digest compared with the committed file's (git's blob id, the same id
 * the planner uses). Anything else — another image, an error, a redirect TikTok
 * would not follow, a timeout — makes the post wait for a later run.
 */

export interface ServedOptions {
  /** per URL, the whole download; default 30 s */
  timeoutMs?: number
  /** URL prefix → replacement, for rehearsals against a local server (like the emulator's pull_rewrite) */
  rewrite?: Record<string, string>
}

export type ServedResult = { ok: true } | { ok: false; reason: string }

const DEFAULT_TIMEOUT_MS = 30_000

function rewritten(url: string, rewrite: Record<string, string> | undefined): string {
  for (const [from, to] of Object.entries(rewrite ?? {})) if (url.startsWith(from)) return to + url.slice(from.length)
  return url
}

/** `git:<hex>` of the bytes, in the hash the committed id uses (sha1, or sha256 for sha256 repositories). */
function blobDigest(bytes: Buffer, committed: string): string {
  const hex = committed.replace(/^git:/, '')
  const hash = createHash(hex.length === 64 ? 'sha256' : 'sha1')
  hash.update(`blob ${bytes.length}\0`)
  hash.update(bytes)
  return `git:${hash.digest('hex')}`
}

/** Fetches one URL, at most 20 MB, no redirects, and compares its digest with the committed one. */
export async function checkServed(url: string, committed: string, options: ServedOptions = {}): Promise<ServedResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const stale = (served: string) => `the image at ${url} is not the committed one yet (served digest ${served}, committed ${committed})`
  const signal = AbortSignal.timeout(timeoutMs)
  try {
    // undici's request() never follows a redirect, as TikTok's pull does not
    const res = await request(rewritten(url, options.rewrite), { method: 'GET', signal, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
    if (res.statusCode !== 200) {
      await res.body.dump()
      const note = res.statusCode >= 300 && res.statusCode < 400 ? '; TikTok does not follow redirects, so serve the file at this URL itself' : ''
      return { ok: false, reason: stale(`none: HTTP ${res.statusCode}${note}`) }
    }
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length
      if (size > PHOTO_MAX_BYTES) {
        res.body.destroy()
        return { ok: false, reason: stale(`none: it is over ${PHOTO_MAX_BYTES} bytes`) }
      }
      chunks.push(chunk as Buffer)
    }
    const served = blobDigest(Buffer.concat(chunks), committed)
    return served === committed ? { ok: true } : { ok: false, reason: stale(served) }
  } catch (error) {
    const why = signal.aborted ? `no answer within ${Math.round(timeoutMs / 1000)} s` : (error as Error).message
    return { ok: false, reason: stale(`none: ${why}`) }
  }
}

/**
 * One check per URL and run: the accounts of one app pull the same URLs, and
 * the engine works on accounts at once.
 */
export class ServedChecks {
  private readonly results = new Map<string, Promise<ServedResult>>()
  constructor(private readonly options: ServedOptions = {}) {}

  check(url: string, committed: string): Promise<ServedResult> {
    const key = `${url}\u0000${committed}`
    let result = this.results.get(key)
    if (!result) this.results.set(key, (result = checkServed(url, committed, this.options)))
    return result
  }
}
