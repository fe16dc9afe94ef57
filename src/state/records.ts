import { hash } from 'node:crypto'
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
  const text = payloadText(post, target, digest)
  // a post sent alike to many accounts gives the same payload pair after pair
  if (text !== last.text) last = { text, hash: hash('sha256', text, 'hex') }
  return last.hash
}

let last = { text: '', hash: '' }

/**
 * The stable JSON of the payload (keys sorted, two-space indent, a final
 * newline). A file or URL video's is written out directly: this runs once per
 * pair of every plan, and sorting keys of a fresh object each time was most
 * of a plan's cost. Anything else goes through JSON.stringify with its keys
 * already in sorted order, which gives the same bytes.
 */
function payloadText(post: Post, target: PostTarget, digest: string): string {
  const v = post.video
  const a = target.allow
  const d = post.disclose
  const plain =
    v.kind !== 'photos' &&
    typeof target.caption === 'string' &&
    typeof target.mode === 'string' &&
    typeof digest === 'string' &&
    [a.comments, a.duet, a.stitch, d.aiGenerated, d.brandedContent, d.yourBrand].every((b) => typeof b === 'boolean') &&
    (post.coverMs === undefined || Number.isFinite(post.coverMs))
  if (plain) {
    const q = JSON.stringify
    return (
      `{\n  "allow": {\n    "comments": ${a.comments},\n    "duet": ${a.duet},\n    "stitch": ${a.stitch}\n  },\n` +
      `  "caption": ${q(target.caption)},\n  "coverMs": ${post.coverMs === undefined ? 'null' : q(post.coverMs)},\n  "digest": ${q(digest)},\n` +
      `  "disclose": {\n    "aiGenerated": ${d.aiGenerated},\n    "brandedContent": ${d.brandedContent},\n    "yourBrand": ${d.yourBrand}\n  },\n` +
      `  "mode": ${q(target.mode)},\n  "privacy": ${target.privacy === undefined ? 'null' : q(target.privacy)},\n  "v": 1,\n` +
      `  "video": {\n    ${v.kind === 'file' ? `"path": ${q(v.path)}` : `"url": ${q(v.url)}`}\n  }\n}\n`
    )
  }
  const payload = {
    allow: { comments: a.comments, duet: a.duet, stitch: a.stitch },
    caption: target.caption,
    coverMs: post.coverMs ?? null,
    digest,
    disclose: { aiGenerated: d.aiGenerated, brandedContent: d.brandedContent, yourBrand: d.yourBrand },
    mode: target.mode,
    privacy: target.privacy ?? null,
    v: 1,
    video: v.kind === 'file' ? { path: v.path } : v.kind === 'url' ? { url: v.url } : photoPayload(v)
  }
  return JSON.stringify(payload, null, 2) + '\n'
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
