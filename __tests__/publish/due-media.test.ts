/**
 * A run reads the videos of posts with work and no others: a published
 * post's video may be a Git LFS pointer (never fetched) or gone from the work
 * tree (its record keeps the digest). No git-lfs needed: the pointers here are
 * committed as plain files, which is what a checkout without LFS content holds.
 */
import { execFileSync } from 'node:child_process'
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { UserErrors } from '../../src/errors.js'
import { MemoryLogger } from '../../src/logger.js'
import { fileSink } from '../../src/publish/file-sink.js'
import { applyRun, loadInputs, planRun } from '../../src/publish/run.js'
import { FileTokenStore } from '../../src/tiktok/tokens.js'
import { emptyState, serializeState, setRecord, type State } from '../../src/state/index.js'
import { publishedFileRecord } from '../helpers/records.js'
import { FIXTURES, makeWorkspace, manifestYaml } from '../helpers/workspace.js'

const NOW = new Date('2026-03-02T12:00:00Z')
const POINTER = path.join(FIXTURES, 'lfs-pointer.mp4')
const VIDEO = path.join(FIXTURES, 'valid.mp4')

function posts(o: { aAt?: string; aCaption?: string } = {}): string {
  return (
    `  - id: a\n    video: media/a.mp4\n    caption: "${o.aCaption ?? 'Post a'}"\n    accounts: [brand]\n${o.aAt ? `    at: ${o.aAt}\n` : ''}` +
    `  - id: b\n    video: media/b.mp4\n    caption: "Post b"\n    accounts: [brand]\n`
  )
}

/** A git workspace whose media/a.mp4 is a Git LFS pointer; `published` writes a's published record as a run would have. */
async function setUp(o: { published?: boolean; keepVideo?: boolean; aAt?: string } = {}) {
  const ws = await makeWorkspace(manifestYaml({ accounts: ['brand'], posts: posts({ aAt: o.aAt }) }), { videos: { 'media/a.mp4': POINTER, 'media/b.mp4': VIDEO }, git: true })
  let state: State = emptyState()
  if (o.published) {
    const video = (digest: string) => (o.keepVideo ? { video: { digest, size_bytes: 12327, duration_sec: 2 } } : {})
    const first = await publishedFileRecord({ manifestPath: ws.manifestPath, dir: ws.dir, post: 'a', video: 'media/a.mp4' })
    state = setRecord(state, 'a', 'brand', { ...first.record, ...video(first.digest) })
  }
  await writeFile(ws.statePath, serializeState(state))
  return ws
}

async function loadError(settings: Parameters<typeof loadInputs>[0]): Promise<UserErrors> {
  try {
    await loadInputs(settings)
  } catch (error) {
    if (error instanceof UserErrors) return error
    throw error
  }
  throw new Error('loadInputs accepted it')
}

describe('a run reads the videos of posts with work only', () => {
  it("never reads a published post's Git LFS pointer: the plan says done from the pointer's digest", async () => {
    const ws = await setUp({ published: true })
    const inputs = await loadInputs({ manifestPath: ws.manifestPath, now: NOW })
    expect([...inputs.media.keys()]).toEqual(['b'])
    const plan = planRun(inputs, NOW)
    expect(plan.actions.map((a) => [a.post, a.kind, a.reason])).toEqual([
      ['a', 'done', 'published as video 7300000000000000001'],
      ['b', 'publish', expect.any(String)]
    ])
  })

  it('a published pointer replaced by another (a new video) shows as changed, still without its content', async () => {
    const ws = await setUp({ published: true })
    const other = (await import('node:fs/promises')).readFile(POINTER, 'utf8')
    await writeFile(path.join(ws.dir, 'media/a.mp4'), (await other).replace(/oid sha256:[0-9a-f]{64}/, `oid sha256:${'ab'.repeat(32)}`))
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'new video'], { cwd: ws.dir })
    const inputs = await loadInputs({ manifestPath: ws.manifestPath, now: NOW })
    expect(inputs.media.has('a')).toBe(false)
    expect(planRun(inputs, NOW).actions.find((a) => a.post === 'a')!.kind).toBe('changed')
  })

  it('a due post whose video is a pointer fails, naming the file and the one command that fetches it', async () => {
    const ws = await setUp()
    const error = await loadError({ manifestPath: ws.manifestPath, now: NOW })
    expect(error.errors).toHaveLength(1)
    expect(error.errors[0]!.message).toMatch(/^video "media\/a\.mp4": not a video: the file is a Git LFS pointer/)
    expect(error.errors[0]!.fix).toContain('git lfs pull --include="media/a.mp4"')
  })

  it('a post waiting for its time keeps its pointer until it is due', async () => {
    const ws = await setUp({ aAt: '2026-03-09T12:00:00Z' })
    const inputs = await loadInputs({ manifestPath: ws.manifestPath, now: NOW })
    expect(inputs.media.has('a')).toBe(false)
    const a = planRun(inputs, NOW).actions.find((x) => x.post === 'a')!
    expect([a.kind, a.code]).toEqual(['wait', 'scheduled'])
    // once due, it is read, and the pointer is the error it always was
    const due = new Date('2026-03-09T12:00:00Z')
    expect((await loadError({ manifestPath: ws.manifestPath, now: due })).errors[0]!.message).toMatch(/Git LFS pointer/)
  })

  it('apply reads a video its own plan finds due (loaded while it waited): a pointer stops the run before any token or TikTok call', async () => {
    const ws = await setUp({ aAt: '2026-03-09T12:00:00Z' })
    const inputs = await loadInputs({ manifestPath: ws.manifestPath, now: NOW })
    expect(inputs.media.has('a')).toBe(false)
    const tokens = path.join(await mkdtemp(path.join(tmpdir(), 'tiktok-publish-due-')), 'tokens.json')
    const later = new Date('2026-03-09T13:00:00Z')
    const run = applyRun({
      inputs,
      // nothing listens: the run must stop before asking anything
      apiBaseUrl: 'http://127.0.0.1:9',
      secrets: () => 'unused',
      tokenStore: new FileTokenStore({ path: tokens }),
      sink: (box) => fileSink(inputs.statePath, box),
      clock: { now: () => later, sleep: async () => undefined },
      logger: new MemoryLogger(),
      runId: 'run-due',
      timeBudgetMs: 60_000
    })
    const error = await run.then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(UserErrors)
    expect((error as UserErrors).errors[0]!.fix).toContain('git lfs pull --include="media/a.mp4"')
    await expect(readFile(tokens)).rejects.toThrow(/ENOENT/)
  })

  it("a published post's video gone from the work tree: its record's digest says done, and a changed caption still shows", async () => {
    const ws = await setUp({ published: true, keepVideo: true })
    await rm(path.join(ws.dir, 'media/a.mp4'))
    const inputs = await loadInputs({ manifestPath: ws.manifestPath, now: NOW })
    expect(planRun(inputs, NOW).actions.find((a) => a.post === 'a')!.kind).toBe('done')

    await writeFile(ws.manifestPath, manifestYaml({ accounts: ['brand'], posts: posts({ aCaption: 'Post a, reworded' }) }))
    const edited = await loadInputs({ manifestPath: ws.manifestPath, now: NOW })
    expect(planRun(edited, NOW).actions.find((a) => a.post === 'a')!.kind).toBe('changed')
  })

  it('a video of a post with work that is missing is still an error', async () => {
    const ws = await setUp()
    await copyFile(VIDEO, path.join(ws.dir, 'media/a.mp4'))
    await rm(path.join(ws.dir, 'media/b.mp4'))
    const error = await loadError({ manifestPath: ws.manifestPath, now: NOW })
    expect(error.errors.map((e) => e.message)).toEqual(['video "media/b.mp4": the file does not exist'])
  })
})
