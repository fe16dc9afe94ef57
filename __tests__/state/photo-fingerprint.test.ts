import type { PhotoSet, Post, PostTarget } from '../../src/manifest/model.js'
import { fingerprint } from '../../src/state/records.js'

const at = { file: 'tiktok.yml', line: 1, column: 1 }
function photoPost(change: Partial<PhotoSet> = {}): Post {
  const video: PhotoSet = {
    kind: 'photos',
    images: [
      { kind: 'file', path: 'media/a.jpg', absPath: '/r/media/a.jpg', location: at },
      { kind: 'url', url: 'https://m.example.com/media/b.jpg', location: at }
    ],
    cover: 0,
    title: 'Looks',
    autoAddMusic: false,
    ...change
  }
  return { id: 'p', video, disclose: { yourBrand: false, brandedContent: false, aiGenerated: false }, targets: [], location: at }
}
const target = (base: string): PostTarget => ({
  account: 'a',
  caption: 'two looks',
  mode: 'direct',
  privacy: 'SELF_ONLY',
  allow: { comments: false, duet: false, stitch: false },
  photoUrls: [`${base}media/a.jpg`, 'https://m.example.com/media/b.jpg']
})

describe('a photo post fingerprint', () => {
  const base = fingerprint(photoPost(), target('https://m.example.com/'), 'photos:1')
  it('changes with the images, the cover, the title, music, and the carousel digest', () => {
    expect(fingerprint(photoPost({ cover: 1 }), target('https://m.example.com/'), 'photos:1')).not.toBe(base)
    expect(fingerprint(photoPost({ title: 'Other' }), target('https://m.example.com/'), 'photos:1')).not.toBe(base)
    expect(fingerprint(photoPost({ autoAddMusic: true }), target('https://m.example.com/'), 'photos:1')).not.toBe(base)
    expect(fingerprint(photoPost({ images: photoPost().video.kind === 'photos' ? [...(photoPost().video as PhotoSet).images].reverse() : [] }), target('https://m.example.com/'), 'photos:1')).not.toBe(base)
    expect(fingerprint(photoPost(), target('https://m.example.com/'), 'photos:2')).not.toBe(base)
  })
  it('does not change when the site serving the repository moves (media_base_url)', () => {
    expect(fingerprint(photoPost(), target('https://cdn.example.net/site/'), 'photos:1')).toBe(base)
  })
})
