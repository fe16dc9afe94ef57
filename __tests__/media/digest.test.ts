import { execFileSync } from 'node:child_process'
import { appendFile, copyFile, mkdir, mkdtemp, realpath, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { blobId, digestFiles } from '../../src/media/index.js'

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures')

let dir: string
const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim()
const hashObject = (rel: string) => execFileSync('git', ['hash-object', '--no-filters', path.join(dir, rel)], { encoding: 'utf8' }).trim()

async function put(rel: string, fixture: string) {
  await mkdir(path.dirname(path.join(dir, rel)), { recursive: true })
  await copyFile(path.join(fixtures, fixture), path.join(dir, rel))
}

function initRepo() {
  git('init', '-q', '-b', 'main')
  git('config', 'user.email', 'test@example.com')
  git('config', 'user.name', 'Test')
  git('config', 'commit.gpgsign', 'false')
}

beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'media-digest-')))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('digestFiles in a git repository', () => {
  it('uses the committed blob id of an unmodified file', async () => {
    initRepo()
    await put('media/a.mp4', 'valid.mp4')
    git('add', '.')
    git('commit', '-q', '-m', 'add')
    const d = await digestFiles(dir, ['media/a.mp4'])
    expect(d.get('media/a.mp4')).toBe(`git:${git('rev-parse', 'HEAD:media/a.mp4')}`)
  })

  it('takes a tracked file id from the git index instead of reading the file', async () => {
    initRepo()
    await put('media/a.mp4', 'valid.mp4')
    git('add', '.')
    git('commit', '-q', '-m', 'add')
    // With assume-unchanged git reports no change, so only a digest that came
    // from the index (and not from reading the file) stays at the committed id.
    git('update-index', '--assume-unchanged', 'media/a.mp4')
    await appendFile(path.join(dir, 'media/a.mp4'), 'changed')
    expect((await digestFiles(dir, ['media/a.mp4'])).get('media/a.mp4')).toBe(`git:${git('rev-parse', 'HEAD:media/a.mp4')}`)
  })

  it('falls back to hashing when git cannot be run', async () => {
    initRepo()
    await put('media/a.mp4', 'valid.mp4')
    git('add', '.')
    git('commit', '-q', '-m', 'add')
    const saved = process.env.PATH
    process.env.PATH = path.join(dir, 'no-such-bin')
    try {
      expect((await digestFiles(dir, ['media/a.mp4'])).get('media/a.mp4')).toBe(`git:${hashObject('media/a.mp4')}`)
    } finally {
      process.env.PATH = saved
    }
  })

  it('hashes a modified file, and the digest changes with the content', async () => {
    initRepo()
    await put('media/a.mp4', 'valid.mp4')
    git('add', '.')
    git('commit', '-q', '-m', 'add')
    const before = (await digestFiles(dir, ['media/a.mp4'])).get('media/a.mp4')
    await appendFile(path.join(dir, 'media/a.mp4'), Buffer.from([1, 2, 3]))
    const after = (await digestFiles(dir, ['media/a.mp4'])).get('media/a.mp4')
    expect(after).not.toBe(before)
    expect(after).toBe(`git:${hashObject('media/a.mp4')}`)
    // Staged but not committed: the index blob is the file's content.
    git('add', 'media/a.mp4')
    expect((await digestFiles(dir, ['media/a.mp4'])).get('media/a.mp4')).toBe(after)
  })

  it('gives an untracked file the digest it keeps once committed', async () => {
    initRepo()
    await put('keep.txt', 'README.md')
    git('add', '.')
    git('commit', '-q', '-m', 'init')
    await put('media/new clip [v2].mp4', 'valid.webm')
    const untracked = (await digestFiles(dir, ['media/new clip [v2].mp4'])).get('media/new clip [v2].mp4')
    git('add', '.')
    git('commit', '-q', '-m', 'add clip')
    const committed = (await digestFiles(dir, ['media/new clip [v2].mp4'])).get('media/new clip [v2].mp4')
    expect(untracked).toBe(committed)
    expect(committed).toBe(`git:${git('rev-parse', 'HEAD:media/new clip [v2].mp4')}`)
  })

  it('gives a glob-like name its own digest beside a modified file it would match', async () => {
    initRepo()
    await put('media/[ab].mp4', 'valid.mp4')
    await put('media/a.mp4', 'small.mp4')
    git('add', '.')
    git('commit', '-q', '-m', 'add')
    await appendFile(path.join(dir, 'media/a.mp4'), 'x')
    const d = await digestFiles(dir, ['media/[ab].mp4'])
    expect(d.get('media/[ab].mp4')).toBe(`git:${git('rev-parse', 'HEAD:media/[ab].mp4')}`)
  })

  it('works when the root is a subdirectory of the repository', async () => {
    initRepo()
    await put('site/media/a.mp4', 'valid.mp4')
    await put('site/media/b.mp4', 'small.mp4')
    git('add', 'site/media/a.mp4')
    git('commit', '-q', '-m', 'add')
    const d = await digestFiles(path.join(dir, 'site'), ['media/a.mp4', 'media/b.mp4'])
    expect(d.get('media/a.mp4')).toBe(`git:${git('rev-parse', 'HEAD:site/media/a.mp4')}`)
    expect(d.get('media/b.mp4')).toBe(`git:${hashObject('site/media/b.mp4')}`)
  })
})

describe('digestFiles outside git', () => {
  it('computes git blob ids itself; same content, same digest', async () => {
    await put('a.mp4', 'valid.mp4')
    await put('copy.mp4', 'valid.mp4')
    await put('b.mp4', 'small.mp4')
    const d = await digestFiles(dir, ['a.mp4', 'copy.mp4', 'b.mp4'])
    expect(d.get('a.mp4')).toBe(`git:${hashObject('a.mp4')}`)
    expect(d.get('copy.mp4')).toBe(d.get('a.mp4'))
    expect(d.get('b.mp4')).toBe(`git:${hashObject('b.mp4')}`)
    expect(d.get('b.mp4')).not.toBe(d.get('a.mp4'))
  })

  it('hashes files larger than one read', async () => {
    const big = path.join(dir, 'big.bin')
    for (let i = 0; i < 3; i++) await appendFile(big, Buffer.alloc(700 * 1024, i + 1))
    expect(await blobId(big)).toBe(hashObject('big.bin'))
  })
})
