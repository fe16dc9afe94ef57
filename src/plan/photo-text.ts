import type { Post, PostTarget } from '../manifest/model.js'

/*
 * What a person reads about a photo post, wherever it is shown (plan, comment,
 * summary, status): how many photos, which is the cover, the title, and the
 * URL TikTok pulls each one from. Images are linked, never embedded: a plan
 * must not fetch from the served site on the reader's behalf.
 */

export interface PhotoSummary {
  count: number
  /** 1-based, as people count */
  cover: number
  title: string
  /** the URL TikTok pulls each image from, for this account (empty where the app cannot serve it) */
  urls: string[]
}

export function photoSummary(post: Post, target: PostTarget | undefined): PhotoSummary | undefined {
  if (post.video.kind !== 'photos') return undefined
  const urls = target?.photoUrls ?? post.video.images.map((i) => (i.kind === 'url' ? i.url : ''))
  return { count: post.video.images.length, cover: post.video.cover + 1, title: post.video.title, urls }
}

/** One line for a terminal: `3 photos, cover 2, title "Spring looks"`. */
export function photoLine(s: PhotoSummary): string {
  return `${s.count} photo${s.count === 1 ? '' : 's'}, cover ${s.cover}${s.title ? `, title ${JSON.stringify(s.title)}` : ', no title'}`
}

/**
 * Why a published post shows no video id: TikTok gives one only for a public
 * post (status and video list alike), so a private post never has one.
 */
export const PRIVATE_NO_ID = 'private post: TikTok gives no video id'

export function privateWithoutId(target: PostTarget | undefined, record: { status: string; video_id?: string } | undefined): boolean {
  return !!record && record.status === 'published' && !record.video_id && !!target && target.mode === 'direct' && target.privacy !== 'PUBLIC_TO_EVERYONE'
}
