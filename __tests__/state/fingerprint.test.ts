import { createHash } from 'node:crypto'
import { stableStringify } from '../../src/json.js'
import type { Post, PostTarget } from '../../src/manifest/model.js'
import { fingerprint } from '../../src/state/records.js'

const loc = { file: '/repo/tiktok.yml', line: 1, column: 1 }

/** The fingerprint as first defined: sha256 of the stable JSON of the payload, keys in any order. */
function reference(post: Post, target: PostTarget, digest: string): string {
  const v = post.video
  const payload = {
    v: 1,
    video:
      v.kind === 'file'
        ? { path: v.path }
        : v.kind === 'url'
          ? { url: v.url }
          : { photos: v.images.map((i) => (i.kind === 'file' ? { path: i.path } : { url: i.url })), cover: v.cover, title: v.title, autoAddMusic: v.autoAddMusic },
    digest,
    caption: target.caption,
    mode: target.mode,
    privacy: target.privacy ?? null,
    allow: { comments: target.allow.comments, duet: target.allow.duet, stitch: target.allow.stitch },
    disclose: { yourBrand: post.disclose.yourBrand, brandedContent: post.disclose.brandedContent, aiGenerated: post.disclose.aiGenerated },
    coverMs: post.coverMs ?? null
  }
  return createHash('sha256').update(stableStringify(payload)).digest('hex')
}

describe('fingerprint', () => {
  const videos: Post['video'][] = [
    { kind: 'file', path: 'media/a.mp4', absPath: '/repo/media/a.mp4' },
    { kind: 'url', url: 'https://cdn.example.com/a "quoted" \u2028.mp4' },
    {
      kind: 'photos',
      images: [
        { kind: 'file', path: 'media/1.jpg', absPath: '/repo/media/1.jpg', location: loc },
        { kind: 'url', url: 'https://cdn.example.com/2.webp', location: loc }
      ],
      cover: 1,
      title: 'Spring looks',
      autoAddMusic: true
    }
  ]
  const targets: PostTarget[] = [
    { account: 'us', caption: 'Hello #tag', mode: 'direct', privacy: 'SELF_ONLY', allow: { comments: true, duet: false, stitch: true } },
    { account: 'br', caption: 'Olá\n\t"aspas" 🎉', mode: 'inbox', privacy: undefined, allow: { comments: false, duet: false, stitch: false } }
  ]

  it('is the sha256 of the stable JSON of what TikTok would receive, for every kind of post', () => {
    for (const video of videos) {
      for (const target of targets) {
        for (const coverMs of [undefined, 0, 1500]) {
          const post: Post = { id: 'p', video, disclose: { yourBrand: true, brandedContent: false, aiGenerated: true }, targets: [target], location: loc, ...(coverMs === undefined ? {} : { coverMs }) }
          expect(fingerprint(post, target, 'sha256:abc')).toBe(reference(post, target, 'sha256:abc'))
        }
      }
    }
  })

  it('leaves the schedule out: rescheduling is not a change of content', () => {
    const post: Post = { id: 'p', video: videos[0], disclose: { yourBrand: false, brandedContent: false, aiGenerated: false }, targets, location: loc }
    expect(fingerprint({ ...post, at: new Date('2026-01-01T00:00:00Z') }, targets[0], 'd')).toBe(fingerprint(post, targets[0], 'd'))
  })
})
