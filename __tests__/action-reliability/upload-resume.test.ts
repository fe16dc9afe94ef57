import { execFileSync } from 'node:child_process'
import { appendFile, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openSessions, uploadSessionKeyPrefix, deriveSessionKey } from '../../src/action/upload-session-cache.js'
import { parseState } from '../../src/state/index.js'
import { manifestYaml } from '../helpers/workspace.js'
import { makeBigVideo } from '../helpers/cli.js'
import { CLIENT_KEY, CLIENT_SECRET, post, PUBLIC, world, type World } from '../action/apply-world.js'
import { FakeCacheService } from '../action/fake-cache.js'
import { makeRepo, VIDEOS } from '../action/harness.js'
import { applyNow } from './crash-world.js'

/**
 * A job killed mid-upload: its upload URL lived only in the dead runner. The
 * Action keeps each live upload session sealed in the Actions cache, so the
 * next job — a fresh runner (fresh temp folder), a fresh clone — finishes the
 * upload with the first init's publish_id, instead of waiting an hour for the
 * URL to expire and initiating the post again.
 */
let bigVideo: string

beforeAll(async () => {
  bigVideo = await makeBigVideo()
})

async function report(line: Record<string, unknown>): Promise<void> {
  if (process.env.RELIABILITY_REPORT) await appendFile(process.env.RELIABILITY_REPORT, JSON.stringify(line) + '\n')
}

describe('the Action killed after its first chunk reached TikTok', () => {
  let w: World | undefined
  let cache: FakeCacheService | undefined
  afterEach(async () => {
    await w?.emulator.close()
    await w?.github.close()
    await cache?.close()
    w = undefined
    cache = undefined
  })

  async function scenario(withCache: boolean) {
    w = await world()
    cache = await FakeCacheService.start()
    const manifest = manifestYaml({ accounts: ['brand-us', 'brand-br'], defaults: PUBLIC, posts: post('big', ['brand-us']).replace('media/a.mp4', 'media/big.mp4') })
    const repo = await makeRepo({ 'tiktok.yml': manifest }, { ...VIDEOS, 'media/big.mp4': bigVideo })
    const env = { TIKTOK_PUBLISH_CHUNK_MB: '5', ...(withCache ? cache.env() : {}) }
    const killed = await applyNow(w, repo, { env: { ...env, TIKTOK_PUBLISH_FAILPOINT: 'upload-progress:1' } })
    expect(killed.code).toBeNull()
    const inits = () => w!.emulator.ledger.filter((l) => l.kind === 'init' && l.code === 'ok')
    expect(inits()).toHaveLength(1)
    const first = inits()[0].publish_id!
    const held = w.emulator.posts().find((p) => p.publish_id === first)!
    // the first chunk reached TikTok, the rest did not
    expect(held.bytes_received).toBe(5 * 1024 * 1024)
    const remote = parseState(repo.show('main', 'tiktok.state.json')!, 'main')
    expect(remote.posts.big['brand-us']).toMatchObject({ status: 'processing', publish_id: first })
    // a fresh clone and a fresh runner temp folder (the harness makes both)
    const rerun = await applyNow(w, repo, { env })
    return { repo, rerun, first, inits }
  }

  it('the next job on a fresh clone and runner finishes the upload with the same publish_id: one init, published', async () => {
    const { repo, rerun, first, inits } = await scenario(true)
    expect(rerun.stdout + rerun.stderr).not.toMatch(/This is a bug/)
    expect(rerun.code).toBe(0)
    expect(rerun.stdout).toContain('finishing an upload an earlier run left half done')
    expect(inits()).toHaveLength(1)
    const state = parseState(repo.show('main', 'tiktok.state.json')!, 'main')
    expect(state.posts.big['brand-us']).toMatchObject({ status: 'published', publish_id: first })
    const done = w!.emulator.posts().filter((p) => p.status === 'PUBLISH_COMPLETE')
    expect(done.map((p) => p.publish_id)).toEqual([first])
    // TikTok already had the first chunk: the resume went on from where it was
    const chunks = w!.emulator.ledger.filter((l) => l.kind === 'chunk' && l.publish_id === first)
    expect(chunks.filter((c) => c.code === 'ok')).toHaveLength(3)

    // what the cache holds is sealed: no upload URL, nothing that opens without the client secret
    const prefix = uploadSessionKeyPrefix('acme/videos', 'brand-us', CLIENT_KEY)
    const saved = cache!.entries.filter((e) => e.finalized && e.key.startsWith(prefix))
    expect(saved.length).toBeGreaterThanOrEqual(2)
    for (const e of saved) {
      const dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-cache-entry-'))
      await writeFile(path.join(dir, 'cache.tzst'), e.blob!)
      const text = execFileSync('tar', ['-P', '--zstd', '-xOf', path.join(dir, 'cache.tzst')], { encoding: 'utf8' })
      expect(text).not.toMatch(/https?:|upload/i)
      const sealed = JSON.parse(text) as unknown
      expect(Object.keys(sealed as object).sort()).toEqual(['ciphertext', 'iv', 'tag', 'v'])
      expect(openSessions(deriveSessionKey('another-client-secret', 'brand-us'), 'brand-us', sealed)).toBeUndefined()
      expect(openSessions(deriveSessionKey(CLIENT_SECRET, 'brand-us'), 'brand-us', sealed)).toBeDefined()
    }
    // the last entry, once the upload finished, holds no session any more
    const dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-cache-entry-'))
    await writeFile(path.join(dir, 'last.tzst'), saved[saved.length - 1].blob!)
    const last = JSON.parse(execFileSync('tar', ['-P', '--zstd', '-xOf', path.join(dir, 'last.tzst')], { encoding: 'utf8' })) as unknown
    expect(openSessions(deriveSessionKey(CLIENT_SECRET, 'brand-us'), 'brand-us', last)).toEqual({})
    // and nothing of a session in the state, the log or the summary
    for (const text of [repo.show('main', 'tiktok.state.json')!, rerun.stdout, rerun.stderr, rerun.summary]) expect(text).not.toMatch(/upload_id=|upload_token=/)
    await report({ case: 'Actions cache', exit: rerun.code, rerunOutcome: state.posts.big['brand-us'].status, inits: inits().length, samePublishId: state.posts.big['brand-us'].publish_id === first, chunksAtTikTok: chunks.filter((c) => c.code === 'ok').length, cacheEntries: saved.length, doublePosts: done.length - 1 })
  }, 90_000)

  it('without an Actions cache the next job cannot finish it: the pair waits for the URL to expire', async () => {
    const { repo, rerun, first, inits } = await scenario(false)
    expect(rerun.code).toBe(0)
    expect(inits()).toHaveLength(1)
    const state = parseState(repo.show('main', 'tiktok.state.json')!, 'main')
    expect(state.posts.big['brand-us']).toMatchObject({ status: 'processing', publish_id: first })
    expect(rerun.stdout).toContain('Upload sessions are not kept between jobs (no Actions cache service is available to this run)')
    expect(w!.emulator.posts().filter((p) => p.status === 'PUBLISH_COMPLETE')).toEqual([])
    await report({ case: 'no Actions cache', exit: rerun.code, rerunOutcome: state.posts.big['brand-us'].status, inits: inits().length, samePublishId: state.posts.big['brand-us'].publish_id === first, doublePosts: 0 })
  }, 90_000)
})
