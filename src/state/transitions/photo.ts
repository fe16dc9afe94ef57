import type { StateRecord } from '../schema.js'
import { claim } from './record.js'

/*
 * How a photo post's record moves. Each move is pure (record and inputs in,
 * record out) so the rules are tested without a server, and the engine never
 * builds a photo record by hand.
 *
 * TikTok takes photos only by pulling them from URLs, so a photo post has the
 * pull's ambiguity: once content/init may have reached TikTok, the post may
 * exist without us holding its publish_id. Such a pair is never initiated
 * again on a guess: found on the account → published, otherwise unknown for a
 * person to settle.
 */

/** A photo record carries `media: 'photos'`, so later runs know the rules above apply even when the post left the manifest. */
export type PhotoRecord = StateRecord & { media?: 'photos'; photo_count?: number }

export function isPhotoRecord(record: StateRecord | undefined): boolean {
  return (record as PhotoRecord | undefined)?.media === 'photos'
}

export interface PhotoClaim {
  now: Date
  runId: string
  fingerprint: string
  mode: 'direct' | 'inbox'
  photoCount: number
  /** inbox drafts: the caption to paste when finishing the post in the app */
  caption?: string
  approvedBy?: string
}

/** Claimed before content/init is sent, and made durable first: a run that dies after this never initiates blindly. */
export function claimPhoto(previous: StateRecord | undefined, c: PhotoClaim): PhotoRecord {
  // a video claim's clearing and counting, with TikTok's one way to take photos
  const claimed = claim(previous, { now: c.now, runId: c.runId, fingerprint: c.fingerprint, source: 'PULL_FROM_URL', mode: c.mode, caption: c.caption, approvedBy: c.approvedBy })
  return { ...claimed, privacy: previous?.privacy, media: 'photos', photo_count: c.photoCount }
}

/** TikTok accepted content/init: from here the pair is only ever polled. */
export function photoInitiated(claimed: StateRecord, publishId: string, now: Date): PhotoRecord {
  if (claimed.status !== 'claimed') throw new Error(`a photo post is initiated from a claim, not from ${claimed.status}`)
  return { ...claimed, status: 'processing', publish_id: publishId, initiated_at: now.toISOString(), updated_at: now.toISOString() }
}

/** A claim without a publish_id whose post was found on the account. */
export function photoFound(claimed: StateRecord, found: { videoId: string; url?: string }, now: Date): PhotoRecord {
  if (claimed.publish_id !== undefined || claimed.status !== 'claimed') throw new Error('only a claim without a publish_id is reconciled')
  return {
    ...claimed,
    status: 'published',
    video_id: found.videoId,
    url: found.url ?? claimed.url,
    completed_at: now.toISOString(),
    updated_at: now.toISOString(),
    error: undefined
  }
}

/**
 * A claim without a publish_id whose post is not found. The account's video
 * list shows only public posts, so "not found" never proves TikTok has nothing:
 * the pair waits for a person instead of a second content/init.
 */
export function photoNotFound(claimed: StateRecord, why: string, resolveHint: string, now: Date): PhotoRecord {
  if (claimed.publish_id !== undefined || claimed.status !== 'claimed') throw new Error('only a claim without a publish_id is reconciled')
  return {
    ...claimed,
    status: 'unknown',
    updated_at: now.toISOString(),
    error: { code: 'unknown', message: `${why}; ${resolveHint}`, class: 'needs_person' }
  }
}
