import { DAY, MINUTE, type Account, type Core, type PostState } from './core.js'
import type { FaultBox } from './faults.js'
import type { Mp4DurationSniffer } from './mp4.js'
import { PHOTO_POST_FIELDS } from './photo.js'
import type { EmulatorPost, FaultEndpoint, PostStatus } from './types.js'

/*
 * Every post TikTok holds, whatever made it (a video by file or by URL, a
 * photo post), and how it moves from PROCESSING_* to its final status.
 */

/** A post that is not stuck publishes on its own this long after processing starts, so reconciliation without polling works. */
const AUTO_FINALIZE_MS = MINUTE
const ID_PREFIX = { video_file: 'v_pub_file', video_url: 'v_pub_url', photo: 'p_pub_url' } as const
export type PostMedia = keyof typeof ID_PREFIX
const VIDEO_POST_FIELDS = ['fail_reason', 'video_id', 'title', 'privacy_level', 'disable_comment', 'disable_duet', 'disable_stitch', 'video_size', 'sha256', 'duration_sec'] as const

export class PostStore {
  /** by publish_id, in the order they were made */
  readonly byId = new Map<string, PostState>()
  private publishSeq = 0
  private videoSeq = 0
  private lastPublishedAt = 0

  constructor(
    private readonly core: Core,
    private readonly faults: FaultBox
  ) {}

  /**
   * The one builder of a post record, for every init endpoint: it takes the
   * fail_post and stuck faults aimed at `endpoint` and registers the post.
   * The media (upload or pull) is the caller's to attach.
   */
  create(account: Account, mode: 'direct' | 'inbox', media: PostMedia, endpoint: FaultEndpoint, info: Partial<EmulatorPost>): PostState {
    const publish_id = `${ID_PREFIX[media]}~v2-1.${7_312_000_000_000_000n + BigInt(++this.publishSeq)}`
    const { extraPolls, failReason } = this.faults.takeForPost(endpoint, account.open_id, publish_id)
    const fromFile = media === 'video_file'
    const post: PostState = {
      publish_id,
      open_id: account.open_id,
      client_key: account.app,
      mode,
      source: fromFile ? 'FILE_UPLOAD' : 'PULL_FROM_URL',
      status: fromFile ? 'PROCESSING_UPLOAD' : 'PROCESSING_DOWNLOAD',
      bytes_received: 0,
      downloaded_bytes: 0,
      created_at: this.core.now(),
      pending_polls: (this.core.config.processing_polls ?? 1) + extraPolls,
      stuck: extraPolls > 0,
      ...info
    }
    if (failReason !== undefined) post.fail_pending = failReason
    this.byId.set(publish_id, post)
    return post
  }

  /** this creator's posts of one mode in the last 24 h that did not fail: what TikTok's caps count */
  recent(open_id: string, mode: 'direct' | 'inbox'): PostState[] {
    const since = this.core.now() - DAY
    return [...this.byId.values()].filter((p) => p.open_id === open_id && p.mode === mode && p.created_at > since && p.status !== 'FAILED')
  }

  /** bytes TikTok pulled from a URL */
  pulled(post: PostState, bytes: number): void {
    post.downloaded_bytes += bytes
    post.bytes_received += bytes
  }

  /** All of a video arrived: processing starts; a video longer than the creator may post will fail. */
  mediaComplete(post: PostState, sniffer: Mp4DurationSniffer): void {
    post.ready_at = this.core.now()
    if (sniffer.durationSec !== undefined) {
      post.duration_sec = sniffer.durationSec
      const account = this.core.accounts.get(post.open_id)
      if (account && sniffer.durationSec > account.max_video_post_duration_sec && post.fail_pending === undefined) {
        post.fail_pending = 'duration_check_failed'
      }
    }
  }

  /** Moves a post towards its final status; `poll` says a status fetch is driving it. */
  settle(post: PostState, poll: boolean): void {
    if (post.status === 'FAILED' || post.status === 'PUBLISH_COMPLETE' || post.status === 'SEND_TO_USER_INBOX') return
    if (post.pull?.failed) return this.finish(post, 'video_pull_failed')
    if (post.ready_at === undefined) return
    if (poll && post.pending_polls > 0) {
      post.pending_polls--
      return
    }
    if (!poll && (post.stuck ? post.pending_polls > 0 : post.pending_polls > 0 && this.core.now() - post.ready_at < AUTO_FINALIZE_MS)) return
    this.finish(post, post.fail_pending)
  }

  private finish(post: PostState, failReason: string | undefined): void {
    let status: PostStatus
    if (failReason !== undefined) {
      status = 'FAILED'
      post.fail_reason = failReason
    } else if (post.mode === 'direct') {
      status = 'PUBLISH_COMPLETE'
      post.published_at = Math.max(this.core.now(), this.lastPublishedAt + 1)
      this.lastPublishedAt = post.published_at
      post.video_id = (7_312_345_678_901_234_567n + BigInt(++this.videoSeq) * 7_919n).toString()
    } else status = 'SEND_TO_USER_INBOX'
    post.status = status
    this.core.record({ kind: 'published', open_id: post.open_id, publish_id: post.publish_id, code: failReason ?? 'ok', detail: status })
  }

  /** What a test sees of every post, each settled first as time has moved on. */
  snapshot(): EmulatorPost[] {
    for (const p of this.byId.values()) this.settle(p, false)
    return [...this.byId.values()].map((p) => {
      const out: EmulatorPost = {
        publish_id: p.publish_id,
        open_id: p.open_id,
        mode: p.mode,
        source: p.source,
        status: p.status,
        bytes_received: p.bytes_received,
        created_at: p.created_at
      }
      for (const key of [...VIDEO_POST_FIELDS, ...PHOTO_POST_FIELDS]) {
        if (p[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = p[key]
      }
      return out
    })
  }
}
