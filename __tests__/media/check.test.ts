import { execFileSync } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkManifestMedia, checkVideoFile } from '../../src/media/index.js'
import type { Manifest, Post } from '../../src/manifest/model.js'

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures')
const at = (line: number) => ({ file: '/repo/tiktok.yml', line, column: 12 })

let root: string
let outside: string

beforeEach(async () => {
  root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'media-root-')))
  outside = await realpath(await mkdtemp(path.join(os.tmpdir(), 'media-outside-')))
  await mkdir(path.join(root, 'media'))
  for (const f of ['valid.mp4', 'small.mp4', 'fake.mp4', 'lfs-pointer.mp4', 'valid.webm', 'long.mp4']) {
    await copyFile(path.join(fixtures, f), path.join(root, 'media', f))
  }
  await copyFile(path.join(fixtures, 'valid.mp4'), path.join(outside, 'secret.mp4'))
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
  await rm(outside, { recursive: true, force: true })
})

describe('checkVideoFile', () => {
  it('returns the facts and a digest of a valid video', async () => {
    const r = await checkVideoFile(root, 'media/valid.mp4', at(3))
    expect(r.errors).toEqual([])
    expect(r.facts).toMatchObject({ container: 'mp4', videoCodec: 'h264', width: 1080, height: 1920, fps: 30 })
    const expected = execFileSync('git', ['hash-object', '--no-filters', path.join(root, 'media/valid.mp4')]).toString().trim()
    expect(r.facts!.digest).toBe(`git:${expected}`)
  })

  it.each([
    ['/etc/passwd', /absolute/],
    ['../media-outside/secret.mp4', /`\.\.`/],
    ['media/../media/valid.mp4', /`\.\.`/],
    ['media\\..\\..\\x.mp4', /`\.\.`/]
  ])('refuses the path %s', async (p, message) => {
    const r = await checkVideoFile(root, p, at(4))
    expect(r.facts).toBeUndefined()
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]!.message).toMatch(message)
    expect(r.errors[0]!.location).toEqual(at(4))
    expect(r.errors[0]!.fix).toMatch(/relative to the repository root/)
  })

  it('refuses a symlink that leaves the repository, file or directory', async () => {
    await symlink(path.join(outside, 'secret.mp4'), path.join(root, 'media/link.mp4'))
    await symlink(outside, path.join(root, 'elsewhere'))
    for (const p of ['media/link.mp4', 'elsewhere/secret.mp4']) {
      const r = await checkVideoFile(root, p, at(5))
      expect(r.facts).toBeUndefined()
      expect(r.errors.map((e) => e.message)).toEqual([`video "${p}": the path leads outside the repository (through a symbolic link)`])
    }
  })

  it('follows a symlink that stays inside the repository', async () => {
    await symlink('valid.mp4', path.join(root, 'media/alias.mp4'))
    const r = await checkVideoFile(root, 'media/alias.mp4', at(5))
    expect(r.errors).toEqual([])
    expect(r.facts?.width).toBe(1080)
  })

  it('reports a missing file and a directory', async () => {
    const missing = await checkVideoFile(root, 'media/nope.mp4', at(6))
    expect(missing.errors[0]!.format()).toBe(
      '/repo/tiktok.yml:6:12: video "media/nope.mp4": the file does not exist\n  fix: Check the path (it is relative to the repository root and case-sensitive) and that the video is committed.'
    )
    const dir = await checkVideoFile(root, 'media', at(6))
    expect(dir.errors[0]!.message).toMatch(/not a file/)
  })

  it('says to check out with LFS for a pointer file', async () => {
    const r = await checkVideoFile(root, 'media/lfs-pointer.mp4', at(7))
    expect(r.facts).toBeUndefined()
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]!.message).toMatch(/Git LFS pointer/)
    expect(r.errors[0]!.fix).toMatch(/actions\/checkout `with: \{ lfs: true \}`.*`git lfs pull`/)
  })

  it('reports a file that is not a video without facts', async () => {
    const r = await checkVideoFile(root, 'media/fake.mp4', at(8))
    expect(r.facts).toBeUndefined()
    expect(r.errors[0]!.message).toBe('video "media/fake.mp4": not a video: the file is neither MP4/MOV nor WebM')
  })

  it('keeps the facts of a video that breaks a limit, with the error located', async () => {
    const r = await checkVideoFile(root, 'media/small.mp4', at(9))
    expect(r.facts).toMatchObject({ width: 320, height: 240 })
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]!.location).toEqual(at(9))
    expect(r.errors[0]!.message).toMatch(/^video "media\/small\.mp4": the video is 320x240 px/)
    expect(r.errors[0]!.fix).toMatch(/scale=1080:1920/)
  })
})

describe('checkManifestMedia', () => {
  function post(id: string, video: Post['video'], line: number): Post {
    return {
      id,
      video,
      disclose: { yourBrand: false, brandedContent: false, aiGenerated: false },
      targets: [],
      location: { file: path.join(root, 'tiktok.yml'), line, column: 5 },
      videoLocation: { file: path.join(root, 'tiktok.yml'), line: line + 1, column: 12 }
    }
  }
  const file = (p: string): Post['video'] => ({ kind: 'file', path: p, absPath: path.join(root, p) })

  it('checks every file video once, skips URLs, and locates errors at each post', async () => {
    const manifest: Manifest = {
      file: path.join(root, 'tiktok.yml'),
      root,
      apps: {},
      accounts: {},
      posts: [
        post('a', file('media/valid.mp4'), 10),
        post('b', { kind: 'url', url: 'https://cdn.example.com/v.mp4' }, 20),
        post('c', file('media/valid.mp4'), 30),
        post('d', file('media/small.mp4'), 40),
        post('e', file('media/valid.webm'), 50),
        post('f', file('media/missing.mp4'), 60),
        post('g', file('media/small.mp4'), 70),
        post('h', file('media/long.mp4'), 80)
      ]
    }
    const { facts, errors } = await checkManifestMedia(manifest)
    expect([...facts.keys()].sort()).toEqual(['a', 'c', 'd', 'e', 'g', 'h'])
    expect(facts.get('a')).toEqual(facts.get('c'))
    expect(facts.get('e')).toMatchObject({ container: 'webm', mimeType: 'video/webm', videoCodec: 'vp9' })
    expect(facts.get('a')!.digest).toMatch(/^git:[0-9a-f]{40}$/)
    expect(facts.get('a')!.digest).not.toBe(facts.get('e')!.digest)
    expect(errors.map((e) => `${e.location!.line} ${e.message}`)).toEqual([
      expect.stringMatching(/^41 video "media\/small\.mp4": the video is 320x240/),
      expect.stringMatching(/^71 video "media\/small\.mp4": the video is 320x240/),
      '61 video "media/missing.mp4": the file does not exist',
      expect.stringMatching(/^81 video "media\/long\.mp4": the video is 660 s long; the limit is 600 s/)
    ])
  })

  it('returns nothing for a manifest without file videos', async () => {
    const manifest: Manifest = { file: path.join(root, 'tiktok.yml'), root, apps: {}, accounts: {}, posts: [] }
    await writeFile(path.join(root, 'tiktok.yml'), 'posts: []\n')
    expect(await checkManifestMedia(manifest)).toEqual({ facts: new Map(), errors: [] })
  })
})
