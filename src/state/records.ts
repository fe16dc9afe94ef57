import { createHash } from 'node:crypto'
import type { PhotoSet, Post, PostTarget } from '../manifest/model.js'
import type { AccountState, State, StateRecord } from './schema.js'

export function getRecord(state: State, post: string, account: string): StateRecord | undefined {
  const byAccount = Object.prototype.hasOwnProperty.call(state.posts, post) ? state.posts[post] : undefined
  if (!byAccount || !Object.prototype.hasOwnProperty.call(byAccount, account)) return undefined
  return byAccount[account]
}

/**
 * Returns a new state with the record set; the input is left as it was. State
 * is passed between the planner, the engine and the merge as values, so a plan
 * computed from one state can never be changed by a later write.
 */
export function setRecord(state: State, post: string, account: string, record: StateRecord): State {
  return {
    ...state,
    posts: { ...state.posts, [post]: { ...(state.posts[post] ?? {}), [account]: record } }
  }
}

/** Returns a new state without the record (and without the post when it was its last). */
export function deleteRecord(state: State, post: string, account: string): State {
  if (!getRecord(state, post, account)) return state
  const { [account]: _removed, ...rest } = state.posts[post]
  const posts = { ...state.posts }
  if (Object.keys(rest).length === 0) delete posts[post]
  else posts[post] = rest
  return { ...state, posts }
}

export function getAccountState(state: State, account: string): AccountState | undefined {
  return Object.prototype.hasOwnProperty.call(state.accounts, account) ? state.accounts[account] : undefined
}

/** Returns a new state with the account entry replaced (immutable, like setRecord). */
export function setAccountState(state: State, account: string, entry: AccountState): State {
  return { ...state, accounts: { ...state.accounts, [account]: entry } }
}

/**
 * What TikTok would receive for this pair. A published pair whose fingerprint
 * differs from the manifest's has changed after publishing. `at` is left out on
 * purpose: rescheduling a post that is not out yet is not a change of content.
 */
export function fingerprint(post: Post, target: PostTarget, digest: string): string {
  const v = post.video
  // keys in sorted order and no undefined value: the stable JSON of the
  // payload, written directly (this runs once per pair of every plan)
  const payload = {
    allow: { comments: target.allow.comments, duet: target.allow.duet, stitch: target.allow.stitch },
    caption: target.caption,
    coverMs: post.coverMs ?? null,
    digest,
    disclose: {
      aiGenerated: post.disclose.aiGenerated,
      brandedContent: post.disclose.brandedContent,
      yourBrand: post.disclose.yourBrand
    },
    mode: target.mode,
    privacy: target.privacy ?? null,
    v: 1,
    video: v.kind === 'file' ? { path: v.path } : v.kind === 'url' ? { url: v.url } : photoPayload(v)
  }
  return createHash('sha256').update(JSON.stringify(payload, null, 2) + '\n').digest('hex')
}

/**
 * A photo post's part of the fingerprint: images as written, cover, title,
 * music. Where the repository is served (media_base_url) is left out: moving
 * the site does not change what was posted, and the digest covers the bytes.
 */
function photoPayload(photos: PhotoSet): Record<string, unknown> {
  return {
    autoAddMusic: photos.autoAddMusic,
    cover: photos.cover,
    photos: photos.images.map((i) => (i.kind === 'file' ? { path: i.path } : { url: i.url })),
    title: photos.title
  }
}
