import { createHash } from 'node:crypto'
import { mkdtemp, readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { systemClock } from '../../src/clock.js'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { Writable } from 'node:stream'
import { renderPlanComment } from '../../src/action/render.js'
import { renderApplySummary } from '../../src/action/summary.js'
import { main } from '../../src/cli/main.js'
import { UserErrors } from '../../src/errors.js'
import { MemoryLogger } from '../../src/logger.js'
import { fileSink } from '../../src/publish/file-sink.js'
import { applyRun, loadInputs, planRun } from '../../src/publish/run.js'
import { FileTokenStore } from '../../src/tiktok/tokens.js'
import { FIXTURES, REPO_ROOT, makeWorkspace, manifestYaml, secretEnvName } from '../helpers/workspace.js'
import { runCli } from '../helpers/cli.js'

/*
 * Photo posts end to end: the manifest names images committed to a git
 * repository, a local HTTP server plays the site that serves the repository
 * (GitHub Pages on the verified domain), the emulator pulls from it as TikTok
 * would, and the run checks the served bytes against the committed ones first.
 */

const HOST = 'https://media.example.test/'
const PREFIX = `${HOST}media/`
const fixture = (name: string) => path.join(FIXTURES, name)
const IMAGES = { 'media/a.jpg': fixture('photo-a.jpg'), 'media/b.jpg': fixture('photo-b.jpg'), 'media/c.webp': fixture('photo-c.webp') }

let origin: Server
let originUrl: string
/** what the site serves, by path: the committed files unless a test says otherwise */
let served: Record<string, string> = {}

beforeAll(async () => {
  origin = createServer((req, res) => {
    const file = served[decodeURIComponent((req.url ?? '/').slice(1))]
    if (!file) {
      res.writeHead(404)
      res.end()
      return
    }
    readFile(file).then((bytes) => {
      res.writeHead(200, { 'content-length': String(bytes.length) })
      res.end(bytes)
    })
  })
  await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r))
  originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}/`
})
afterAll(async () => {
  await new Promise((r) => origin.close(r))
})

function manifest(posts: string, app = ''): string {
  return manifestYaml({ accounts: ['brand-us'], posts, app: `pull_prefixes: [${PREFIX}]\nmedia_base_url: ${HOST}${app}` })
}

const CAROUSEL = `  - id: spring-looks
    photos: [media/a.jpg, media/b.jpg, media/c.webp]
    cover: 1
    title: "Spring looks"
    caption: "Three looks #spring"
    auto_add_music: true
    accounts: all`

interface World {
  emulator: Emulator
  env: Record<string, string>
  tokenStore: string
  logger: MemoryLogger
}

async function world(): Promise<World> {
  const emulator = await startEmulator({
    config: {
      apps: [{ client_key: 'emu_client_key', client_secret: 'emu_client_secret', audited: true, pull_prefixes: [PREFIX] }],
      pull_rewrite: { [HOST]: originUrl },
      rate_limits: false,
      processing_polls: 1
    }
  })
  const env: Record<string, string> = { TIKTOK_CLIENT_KEY: 'emu_client_key', TIKTOK_CLIENT_SECRET: 'emu_client_secret' }
  env[secretEnvName('brand-us')] = emulator.addAccount({ username: 'brand_us', nickname: 'Brand US' }).refresh_token
  const dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-photo-tokens-'))
  return { emulator, env, tokenStore: path.join(dir, 'tokens.json'), logger: new MemoryLogger() }
}

async function apply(w: World, manifestPath: string) {
  const inputs = await loadInputs({ manifestPath })
  return applyRun({
    inputs,
    apiBaseUrl: w.emulator.url,
    secrets: (name) => w.env[name],
    tokenStore: new FileTokenStore({ path: w.tokenStore }),
    sink: (box) => fileSink(inputs.statePath, box),
    clock: systemClock,
    logger: w.logger,
    runId: `run-${Math.random()}`,
    timeBudgetMs: 60_000,
    pollIntervalsMs: [20, 40],
    servedRewrite: { [HOST]: originUrl }
  })
}

const photoInits = (e: Emulator) => e.ledger.filter((l) => l.kind === 'content_init')
const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex')

describe('photo posts from the repository', () => {
  let w: World
  afterEach(async () => {
    await w?.emulator.close()
    served = {}
  })

  it('pulls a three-image carousel from media_base_url and publishes it once, with its publish_id in state', async () => {
    w = await world()
    served = { ...IMAGES }
    const ws = await makeWorkspace(manifest(CAROUSEL), { videos: IMAGES, git: true })

    const plan = planRun(await loadInputs({ manifestPath: ws.manifestPath }), new Date())
    expect(plan.actions.map((a) => `${a.post}/${a.account}:${a.kind}`)).toEqual(['spring-looks/brand-us:publish'])

    const first = await apply(w, ws.manifestPath)
    expect(first.outcomes.map((o) => `${o.post}/${o.account}:${o.status}`)).toEqual(['spring-looks/brand-us:published'])
    expect(photoInits(w.emulator).map((l) => l.code)).toEqual(['ok'])
    // a request that follows TikTok's rules is never the client's violation
    expect(w.emulator.ledger.filter((l) => l.kind === 'violation')).toEqual([])

    const state = JSON.parse(await readFile(ws.statePath, 'utf8'))
    const record = state.posts['spring-looks']['brand-us']
    expect(record).toMatchObject({ status: 'published', source: 'PULL_FROM_URL', media: 'photos', photo_count: 3, attempts: 1 })
    expect(record.publish_id).toMatch(/^p_pub_url~/)
    const post = w.emulator.posts().find((p) => p.publish_id === record.publish_id)!
    expect(post).toMatchObject({
      media_type: 'PHOTO',
      status: 'PUBLISH_COMPLETE',
      photo_images: [`${PREFIX}a.jpg`, `${PREFIX}b.jpg`, `${PREFIX}c.webp`],
      photo_cover_index: 1,
      photo_title: 'Spring looks',
      title: 'Three looks #spring',
      auto_add_music: true,
      privacy_level: 'SELF_ONLY',
      disable_comment: true
    })
    // TikTok got the committed bytes, image by image
    expect(post.photo_sha256).toEqual([await sha256(IMAGES['media/a.jpg']), await sha256(IMAGES['media/b.jpg']), await sha256(IMAGES['media/c.webp'])])

    const second = await apply(w, ws.manifestPath)
    expect(second.outcomes).toEqual([])
    expect(photoInits(w.emulator)).toHaveLength(1)
  })

  it('waits and sends nothing while the served image is not the committed one, then posts once it is', async () => {
    w = await world()
    // the deploy is late: the site still serves yesterday's b.jpg
    served = { ...IMAGES, 'media/b.jpg': fixture('photo-b2.jpg') }
    const ws = await makeWorkspace(manifest(CAROUSEL), { videos: IMAGES, git: true })

    const late = await apply(w, ws.manifestPath)
    expect(late.outcomes).toHaveLength(1)
    expect(late.outcomes[0]).toMatchObject({ status: 'deferred', error: { code: 'photo_not_served', class: 'retryable' } })
    expect(late.outcomes[0].message).toMatch(
      new RegExp(`the image at ${PREFIX.replace(/\./g, '\\.')}b\\.jpg is not the committed one yet \\(served digest git:[0-9a-f]{40}, committed git:[0-9a-f]{40}\\)`)
    )
    expect(late.failed).toBe(false)
    expect(photoInits(w.emulator)).toEqual([])
    // nothing claimed: the pair is as new for the next run
    const state = JSON.parse(await readFile(ws.statePath, 'utf8').catch(() => '{"posts":{}}'))
    expect(state.posts['spring-looks']).toBeUndefined()

    // a 404 (not deployed at all) waits too
    served = { ...IMAGES, 'media/b.jpg': '' }
    const missing = await apply(w, ws.manifestPath)
    expect(missing.outcomes[0].message).toMatch(/b\.jpg is not the committed one yet \(served digest none: HTTP 404/)
    expect(photoInits(w.emulator)).toEqual([])

    served = { ...IMAGES }
    const deployed = await apply(w, ws.manifestPath)
    expect(deployed.outcomes.map((o) => o.status)).toEqual(['published'])
    expect(photoInits(w.emulator)).toHaveLength(1)
  })

  it('plan comment, job summary and status show count, cover, title, description and a link per image', async () => {
    w = await world()
    served = { ...IMAGES }
    const ws = await makeWorkspace(manifest(`${CAROUSEL}\n  - id: draft-looks\n    photos: [media/a.jpg, "https://media.example.test/media/x (1).jpg"]\n    title: "<b>Draft</b> | looks"\n    caption: "paste me @octocat"\n    accounts: all\n    mode: inbox`), {
      videos: IMAGES,
      git: true
    })
    const inputs = await loadInputs({ manifestPath: ws.manifestPath })
    const plan = planRun(inputs, new Date())
    const comment = renderPlanComment({ manifestPath: 'tiktok.yml', plan, manifest: inputs.manifest, state: inputs.state, media: inputs.media })
    const row = comment.split('\n').find((l) => l.startsWith('| spring-looks'))!
    expect(row).toContain('| Three looks #spring |')
    expect(row).toContain(`📷 3 photos · cover 2 · title “Spring looks” · pulled from: [1](${PREFIX}a.jpg) [2](${PREFIX}b.jpg) [3](${PREFIX}c.webp)`)
    const draft = comment.split('\n').find((l) => l.startsWith('| draft-looks'))!
    expect(draft).toContain('draft: the creator pastes this caption: paste me @\u200boctocat')
    // the author's title and URL cannot break the table or inject HTML; the link's parentheses are encoded
    expect(draft).toContain('title “&lt;b&gt;Draft&lt;/b&gt; \\| looks”')
    expect(draft).toContain(`[2](${PREFIX}x%20%281%29.jpg)`)
    expect(draft.split(/(?<!\\)\|/).slice(1, -1)).toHaveLength(9)

    served = { ...IMAGES, 'media/x (1).jpg': IMAGES['media/a.jpg'] }
    const result = await apply(w, ws.manifestPath)
    expect(result.outcomes.map((o) => `${o.post}:${o.status}`)).toEqual(['spring-looks:published', 'draft-looks:inbox'])
    const summary = renderApplySummary({ manifestPath: 'tiktok.yml', outcomes: result.outcomes, manifest: inputs.manifest, notStarted: [], stateChanged: true })
    expect(summary).toContain('**Photo posts**')
    expect(summary).toContain(`**spring-looks → brand-us**: 3 photos, cover 2, title “Spring looks”, description: Three looks #spring; images: [1](${PREFIX}a.jpg) [2](${PREFIX}b.jpg) [3](${PREFIX}c.webp)`)
    expect(summary).toContain('pastes this caption: paste me')

    let out = ''
    const sink = new Writable({ write: (c, _e, cb) => ((out += c), cb()) })
    const code = await main(['status', '--offline', '--manifest', ws.manifestPath], { stdout: sink, stderr: sink, cwd: ws.dir, env: {} })
    expect(code).toBe(0)
    const line = out.split('\n').find((l) => l.startsWith('spring-looks'))!
    expect(line).toMatch(/published\s+.*private post: TikTok gives no video id/)
    expect(out).toContain('3 photos, cover 2, title "Spring looks"')
    expect(out).toContain(`photo 3: ${PREFIX}c.webp`)
    // an inbox draft is not "private": it has no id for another reason, and says what to paste instead
    expect(out.split('\n').find((l) => l.startsWith('draft-looks'))).not.toContain('private post')

    out = ''
    expect(await main(['validate', '--manifest', ws.manifestPath], { stdout: sink, stderr: sink, cwd: ws.dir, env: {} })).toBe(0)
    // three repository images (a.jpg is named twice); the https one is TikTok's to pull
    expect(out).toContain('0 videos checked, 3 photos checked')
  })

  const refusals: Array<[string, string, Record<string, string>, RegExp]> = [
    [
      '36 images',
      `  - id: many\n    photos: [${Array.from({ length: 36 }, () => 'media/a.jpg').join(', ')}]\n    accounts: all`,
      {},
      /tiktok\.yml:18:13: .*`photos` lists 36 images; TikTok takes at most 35/
    ],
    ['a PNG', `  - id: png\n    photos: [media/a.jpg, media/p.png]\n    accounts: all`, { 'media/p.png': fixture('photo.png') }, /tiktok\.yml:18:27: photo "media\/p\.png": it is PNG; TikTok takes photos only as JPEG or WebP/],
    [
      'a 2000 px image',
      `  - id: big\n    photos:\n      - media/big.jpg\n    accounts: all`,
      { 'media/big.jpg': fixture('photo-2000.jpg') },
      /tiktok\.yml:19:9: photo "media\/big\.jpg": it is 2000×1200 px; TikTok takes at most 1080 px on the long side/
    ],
    [
      'a URL outside pull_prefixes',
      `  - id: outside\n    photos: [media/a.jpg, https://cdn.example.test/b.jpg]\n    accounts: all`,
      {},
      /tiktok\.yml:18:27: the photo URL https:\/\/cdn\.example\.test\/b\.jpg does not start with any of app `main`'s `pull_prefixes`/
    ],
    [
      'duet on a photo post',
      `  - id: duet\n    photos: [media/a.jpg]\n    allow: { duet: true }\n    accounts: all`,
      {},
      /tiktok\.yml:19:20: photo post `duet` turns on duet, which TikTok photo posts do not have/
    ]
  ]
  it.each(refusals)('refuses %s with file:line before any request', async (_name, posts, extra, expected) => {
    w = await world()
    const ws = await makeWorkspace(manifest(posts), { videos: { ...IMAGES, ...extra }, git: true })
    let error: unknown
    try {
      await apply(w, ws.manifestPath)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(UserErrors)
    expect(String(error)).toMatch(expected)
    expect((error as UserErrors).errors.every((e) => e.fix)).toBe(true)
    expect(w.emulator.ledger).toEqual([])
  })

  it('an inbox photo post counts against the 5 pending drafts like a video', async () => {
    w = await world()
    served = { ...IMAGES }
    const drafts = Array.from({ length: 5 }, (_, i) => `  - id: draft-${i}\n    video: media/v.mp4\n    caption: "draft ${i}"\n    accounts: all\n    mode: inbox`).join('\n')
    const ws = await makeWorkspace(manifest(`${drafts}\n  - id: photo-draft\n    photos: [media/a.jpg]\n    caption: "to paste"\n    accounts: all\n    mode: inbox`), {
      videos: { ...IMAGES, 'media/v.mp4': path.join(REPO_ROOT, 'examples/media/spring-teaser.mp4') },
      git: true
    })
    const result = await apply(w, ws.manifestPath)
    expect(result.outcomes.filter((o) => o.status === 'inbox')).toHaveLength(5)
    expect(result.outcomes.find((o) => o.post === 'photo-draft')).toBeUndefined()
    const plan = planRun(await loadInputs({ manifestPath: ws.manifestPath }), new Date())
    expect(plan.actions.find((a) => a.post === 'photo-draft')).toMatchObject({ kind: 'wait', code: 'pending_share_cap' })
    expect(photoInits(w.emulator)).toEqual([])

    // and the other way round: a photo draft takes one of the 5 at TikTok too
    const ws2 = await makeWorkspace(
      manifest(`  - id: photo-draft\n    photos: [media/a.jpg]\n    caption: "first"\n    accounts: all\n    mode: inbox\n${drafts}`),
      { videos: { ...IMAGES, 'media/v.mp4': path.join(REPO_ROOT, 'examples/media/spring-teaser.mp4') }, git: true }
    )
    const w2 = await world()
    try {
      const r = await apply(w2, ws2.manifestPath)
      expect(r.outcomes.filter((o) => o.status === 'inbox').map((o) => o.post)).toEqual(['photo-draft', 'draft-0', 'draft-1', 'draft-2', 'draft-3'])
      const state = JSON.parse(await readFile(ws2.statePath, 'utf8'))
      expect(state.posts['photo-draft']['brand-us']).toMatchObject({ status: 'inbox', mode: 'inbox', caption: 'first' })
    } finally {
      await w2.emulator.close()
    }
  })
})

describe('photo posts: content/init faults', () => {
  let w: World | undefined
  afterEach(async () => {
    await w?.emulator.close()
    served = {}
  })

  it.each([
    ['HTTP 500', { kind: 'http_error', status: 500 } as const],
    ['a dropped answer', { kind: 'drop' } as const],
    ['malformed JSON', { kind: 'malformed_json' } as const]
  ])('%s on content/init: the claim stays, is never sent again, and the next run settles it (published if found, else unknown)', async (_name, fault) => {
    w = await world()
    served = { ...IMAGES }
    const ws = await makeWorkspace(manifest(CAROUSEL), { videos: IMAGES, git: true })
    w.emulator.inject({ ...fault, endpoint: 'content_init' })
    const first = await apply(w, ws.manifestPath)
    expect(first.outcomes.map((o) => o.status)).toEqual(['claimed'])
    expect(photoInits(w.emulator)).toHaveLength(1)
    expect(JSON.parse(await readFile(ws.statePath, 'utf8')).posts['spring-looks']['brand-us'].status).toBe('claimed')

    w.emulator.advance(5 * 60_000)
    const second = await apply(w, ws.manifestPath)
    expect(['unknown', 'published']).toContain(second.outcomes[0]?.status)
    const record = JSON.parse(await readFile(ws.statePath, 'utf8')).posts['spring-looks']['brand-us']
    expect(record.status).toBe(second.outcomes[0].status)
    // a 500 before TikTok acted leaves nothing to find; a lost answer hides a real post
    if (fault.kind === 'http_error') expect(record.status).toBe('unknown')
    const third = await apply(w, ws.manifestPath)
    expect(third.outcomes).toEqual([])
    expect(photoInits(w.emulator)).toHaveLength(1)
    expect(w.emulator.posts().filter((p) => p.status === 'PUBLISH_COMPLETE').length).toBeLessThanOrEqual(1)
  })

  it('a 429 on content/init is retried in the same run (TikTok did nothing) and posts once', async () => {
    w = await world()
    served = { ...IMAGES }
    const ws = await makeWorkspace(manifest(CAROUSEL), { videos: IMAGES, git: true })
    w.emulator.inject({ kind: 'rate_limit', endpoint: 'content_init' })
    const run = await apply(w, ws.manifestPath)
    expect(run.outcomes.map((o) => o.status)).toEqual(['published'])
    expect(photoInits(w.emulator).map((l) => l.code)).toEqual(['rate_limit_exceeded', 'ok'])
  })

  it('a cap refusal (spam_risk_too_many_posts) gives the claim back and holds the account', async () => {
    w = await world()
    served = { ...IMAGES }
    const ws = await makeWorkspace(manifest(CAROUSEL), { videos: IMAGES, git: true })
    w.emulator.inject({ kind: 'error_code', status: 403, code: 'spam_risk_too_many_posts', endpoint: 'content_init' })
    const run = await apply(w, ws.manifestPath)
    expect(run.outcomes.map((o) => o.status)).toEqual(['deferred'])
    const state = JSON.parse(await readFile(ws.statePath, 'utf8'))
    expect(state.posts['spring-looks']['brand-us']).toMatchObject({ status: 'failed', attempts: 0, error: { class: 'cap' } })
    expect(state.accounts['brand-us'].hold.reason).toBe('spam_risk_too_many_posts')
  })
})

describe('photo posts: a run killed after content/init was accepted', () => {
  let emulator: Emulator | undefined
  afterEach(async () => {
    await emulator?.close()
    served = {}
  })

  // a private post never shows in TikTok's public video list, so it can only be `unknown`;
  // a public one may be found there (published) or not yet (unknown)
  it.each([
    ['SELF_ONLY', 'after-init:1', ['unknown']],
    ['PUBLIC_TO_EVERYONE', 'after-init:1', ['unknown', 'published']],
    ['SELF_ONLY', 'after-claim:1', ['unknown']]
  ])('%s, killed at %s: the rerun leaves the pair %j and never initiates it again', async (privacy, point, expected) => {
    const w = await world()
    emulator = w.emulator
    served = { ...IMAGES }
    const ws = await makeWorkspace(manifest(CAROUSEL).replace('privacy: SELF_ONLY', `privacy: ${privacy}`), { videos: IMAGES, git: true })
    const env = {
      ...w.env,
      TIKTOK_API_BASE_URL: w.emulator.url,
      TIKTOK_PUBLISH_POLL_MS: '20,40',
      TIKTOK_PUBLISH_TOKEN_STORE: w.tokenStore,
      TIKTOK_PUBLISH_MEDIA_REWRITE: `${HOST}=${originUrl}`,
      HOME: tmpdir()
    }
    const args = ['apply', '--manifest', ws.manifestPath]
    const crashed = await runCli(args, { ...env, TIKTOK_PUBLISH_FAILPOINT: point })
    expect(crashed.signal).toBe('SIGKILL')
    const sent = photoInits(w.emulator).length
    expect(sent).toBe(point.startsWith('after-init') ? 1 : 0)

    for (let i = 0; i < 3; i++) {
      const rerun = await runCli(args, env)
      expect(rerun.out).not.toMatch(/internal error/)
    }
    const record = JSON.parse(await readFile(ws.statePath, 'utf8')).posts['spring-looks']['brand-us']
    expect(expected).toContain(record.status)
    if (record.status === 'unknown') expect(record.error.message).toMatch(/tiktok-publish resolve spring-looks brand-us/)
    // never initiated twice
    expect(photoInits(w.emulator)).toHaveLength(sent)
  }, 120_000)
})
