import { createHash } from 'node:crypto'
import { request as undiciRequest } from 'undici'
import type { Core, PostState } from './core.js'
import { Mp4DurationSniffer } from './mp4.js'
import type { PostStore } from './posts.js'

/**
 * PULL_FROM_URL: TikTok fetching the media itself, in the background, from a
 * URL under a prefix the app verified (`pull_rewrite` maps it to a local
 * server). Closing the emulator stops and waits for every pull.
 */
export class Pulls {
  private readonly running = new Set<Promise<void>>()
  private readonly abort = new AbortController()

  constructor(
    private readonly core: Core,
    private readonly posts: PostStore
  ) {}

  /** GET of the rewritten URL, never following a redirect; rejects on any status but 200. */
  async fetch(url: string, onChunk: (b: Buffer) => void): Promise<void> {
    // undici's request() never follows redirects, which is what TikTok requires (a 3xx invalidates the URL).
    const res = await undiciRequest(this.rewrite(url), { method: 'GET', signal: this.abort.signal })
    if (res.statusCode !== 200) {
      await res.body.dump()
      throw new Error(`HTTP ${res.statusCode}`)
    }
    for await (const chunk of res.body) onChunk(chunk as Buffer)
  }

  /** keeps a background pull known, so closing the emulator waits for it */
  track(pull: Promise<void>): void {
    const running: Promise<void> = pull.finally(() => this.running.delete(running))
    this.running.add(running)
  }

  /** Starts pulling a video post's media. */
  startVideo(post: PostState, url: string): void {
    post.pull = { done: false, failed: false, hash: createHash('sha256'), sniffer: new Mp4DurationSniffer() }
    this.track(this.runVideo(post, url))
  }

  async close(): Promise<void> {
    this.abort.abort()
    await Promise.allSettled([...this.running])
  }

  private rewrite(url: string): string {
    for (const [from, to] of Object.entries(this.core.config.pull_rewrite ?? {})) {
      if (url.startsWith(from)) return to + url.slice(from.length)
    }
    return url
  }

  private async runVideo(post: PostState, url: string): Promise<void> {
    const pull = post.pull!
    try {
      await this.fetch(url, (b) => {
        this.posts.pulled(post, b.length)
        pull.hash.update(b)
        pull.sniffer.feed(b)
      })
      post.video_size = post.downloaded_bytes
      post.sha256 = pull.hash.digest('hex')
      this.posts.mediaComplete(post, pull.sniffer)
    } catch (error) {
      pull.failed = true
      this.core.record({ kind: 'fault', open_id: post.open_id, publish_id: post.publish_id, code: 'video_pull_failed', detail: (error as Error).message })
    } finally {
      pull.done = true
    }
  }
}
