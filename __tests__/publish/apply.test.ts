import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { Writable } from 'node:stream'
import { main } from '../../src/cli/main.js'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { systemClock, type Clock } from '../../src/clock.js'
import { startEmulator, type Emulator, type EmulatorConfig } from '../../src/emulator/index.js'
import { MemoryLogger } from '../../src/logger.js'
import { fileSink } from '../../src/publish/file-sink.js'
import { applyRun, loadInputs } from '../../src/publish/run.js'
import { FileTokenStore } from '../../src/tiktok/tokens.js'
import { makeWorkspace, manifestYaml, secretEnvName } from '../helpers/workspace.js'

interface Harness {
  emulator: Emulator
  env: Record<string, string>
  openIds: Record<string, string>
  tokenStorePath: string
  logger: MemoryLogger
}

async function harness(accounts: string[], config: EmulatorConfig = {}, specs: Record<string, object> = {}): Promise<Harness> {
  const emulator = await startEmulator({ config: { rate_limits: false, processing_polls: 1, ...config } })
  const env: Record<string, string> = { TIKTOK_CLIENT_KEY: 'emu_client_key', TIKTOK_CLIENT_SECRET: 'emu_client_secret' }
  const openIds: Record<string, string> = {}
  for (const a of accounts) {
    const created = emulator.addAccount({ username: a.replace(/-/g, '_'), nickname: a, ...(specs[a] ?? {}) })
    env[secretEnvName(a)] = created.refresh_token
    openIds[a] = created.open_id
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-tokens-'))
  return { emulator, env, openIds, tokenStorePath: path.join(dir, 'tokens.json'), logger: new MemoryLogger() }
}

/**
 * A clock that moves only when the engine sleeps: a time budget is then spent by
 * status polls alone, never by how slowly a loaded machine uploads.
 */
function steppedClock(): Clock {
  let t = Date.now()
  return {
    now: () => new Date(t),
    sleep: async (ms) => {
      t += ms
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
}

async function apply(h: Harness, manifestPath: string, extra: { timeBudgetMs?: number } = {}) {
  const inputs = await loadInputs({ manifestPath })
  return applyRun({
    inputs,
    apiBaseUrl: h.emulator.url,
    secrets: (name) => h.env[name],
    tokenStore: new FileTokenStore({ path: h.tokenStorePath }),
    sink: (box) => fileSink(inputs.statePath, box),
    clock: extra.timeBudgetMs === undefined ? systemClock : steppedClock(),
    logger: h.logger,
    runId: `run-${Math.random()}`,
    timeBudgetMs: extra.timeBudgetMs ?? 60_000,
    pollIntervalsMs: [20, 40]
  })
}

const inits = (e: Emulator) => e.ledger.filter((l) => (l.kind === 'init' || l.kind === 'inbox_init') && l.code === 'ok')

describe('apply against the emulator', () => {
  let h: Harness
  afterEach(async () => {
    await h?.emulator.close()
  })

  it('publishes each pair once across accounts, writes ids, and a rerun publishes nothing', async () => {
    h = await harness(['brand-us', 'brand-br'])
    const ws = await makeWorkspace(
      manifestYaml({
        accounts: ['brand-us', 'brand-br'],
        posts: `  - id: spring
    video: media/a.mp4
    caption: "Spring #launch"
    accounts: all
  - id: sale
    video: media/b.mp4
    caption: "Sale"
    accounts: [brand-us]
    mode: inbox`
      }),
      { git: true }
    )
    const first = await apply(h, ws.manifestPath)
    expect(first.failed).toBe(false)
    expect(first.outcomes.map((o) => `${o.post}/${o.account}:${o.status}`).sort()).toEqual([
      'sale/brand-us:inbox',
      'spring/brand-br:published',
      'spring/brand-us:published'
    ])
    expect(inits(h.emulator)).toHaveLength(3)

    const state = JSON.parse(await readFile(ws.statePath, 'utf8'))
    const us = state.posts.spring['brand-us']
    expect(us.status).toBe('published')
    expect(us.publish_id).toMatch(/^v_pub_file~/)
    const emuPost = h.emulator.posts().find((p) => p.publish_id === us.publish_id)!
    expect(emuPost.status).toBe('PUBLISH_COMPLETE')
    expect(emuPost.privacy_level).toBe('SELF_ONLY')
    expect(emuPost.title).toBe('Spring #launch')
    // interactions are off unless the manifest turns them on
    expect([emuPost.disable_comment, emuPost.disable_duet, emuPost.disable_stitch]).toEqual([true, true, true])
    expect(state.posts.sale['brand-us'].status).toBe('inbox')
    expect(state.posts.sale['brand-us'].caption).toBe('Sale')
    expect(state.accounts['brand-us'].creator.nickname).toBe('brand-us')
    expect(state.serial).toBeGreaterThan(0)

    const before = await readFile(ws.statePath, 'utf8')
    const second = await apply(h, ws.manifestPath)
    expect(second.outcomes).toEqual([])
    expect(inits(h.emulator)).toHaveLength(3)
    // nothing to do: the state file stays byte for byte (no serial bump, so no commit on a server)
    expect(await readFile(ws.statePath, 'utf8')).toBe(before)
  })

  it('keeps int64 video ids exact and builds the video URL for public posts', async () => {
    h = await harness(['brand-us'])
    const ws = await makeWorkspace(
      manifestYaml({ accounts: ['brand-us'], defaults: '  mode: direct\n  privacy: PUBLIC_TO_EVERYONE', posts: `  - id: spring\n    video: media/a.mp4\n    caption: "hi"\n    accounts: all` })
    )
    const result = await apply(h, ws.manifestPath)
    const published = result.outcomes[0]
    expect(published.status).toBe('published')
    const emuPost = h.emulator.posts()[0]
    expect(emuPost.video_id).toMatch(/^\d{19}$/)
    expect(BigInt(emuPost.video_id!)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER))
    const raw = await readFile(ws.statePath, 'utf8')
    expect(raw).toContain(`"video_id": "${emuPost.video_id}"`)
    expect(published.url).toBe(`https://www.tiktok.com/@brand_us/video/${emuPost.video_id}`)
  })

  it('saves the rotated refresh token before using it: the stored one is the live one', async () => {
    h = await harness(['brand-us'])
    const ws = await makeWorkspace(manifestYaml({ accounts: ['brand-us'], posts: `  - id: spring\n    video: media/a.mp4\n    caption: "hi"\n    accounts: all` }))
    const seed = h.env[secretEnvName('brand-us')]
    await apply(h, ws.manifestPath)
    const live = h.emulator.currentRefreshToken(h.openIds['brand-us'])
    expect(live).toBeDefined()
    expect(live).not.toBe(seed)
    const store = JSON.parse(await readFile(h.tokenStorePath, 'utf8'))
    expect(store.accounts['brand-us'].refresh_token).toBe(live)
    // the seed is dead now; no log line carries any token
    const text = h.logger.lines.join('\n')
    expect(text).not.toContain(seed)
    expect(text).not.toContain(live!)
  })

  it('survives 429, 5xx and dropped connections on status, and stuck processing', async () => {
    h = await harness(['brand-us'])
    const ws = await makeWorkspace(manifestYaml({ accounts: ['brand-us'], posts: `  - id: spring\n    video: media/a.mp4\n    caption: "hi"\n    accounts: all` }))
    h.emulator.inject({ endpoint: 'status', kind: 'rate_limit', retry_after_sec: 0 })
    h.emulator.inject({ endpoint: 'status', kind: 'http_error', status: 503 })
    h.emulator.inject({ endpoint: 'status', kind: 'drop' })
    h.emulator.inject({ kind: 'stuck', polls: 3 })
    h.emulator.inject({ endpoint: 'chunk', kind: 'http_error', status: 500 })
    const result = await apply(h, ws.manifestPath)
    expect(result.outcomes.map((o) => o.status)).toEqual(['published'])
    expect(inits(h.emulator)).toHaveLength(1)
    expect(h.emulator.ledger.filter((l) => l.kind === 'fault').length).toBeGreaterThanOrEqual(4)
  })

  it('reports a FAILED post with TikTok\'s reason and exits as failed', async () => {
    h = await harness(['brand-us'])
    const ws = await makeWorkspace(manifestYaml({ accounts: ['brand-us'], posts: `  - id: spring\n    video: media/a.mp4\n    caption: "hi"\n    accounts: all` }))
    h.emulator.inject({ kind: 'fail_post', fail_reason: 'spam_risk_text' })
    const result = await apply(h, ws.manifestPath)
    expect(result.failed).toBe(true)
    expect(result.outcomes[0].status).toBe('failed')
    expect(result.outcomes[0].message).toMatch(/spam_risk_text/)
    expect(result.outcomes[0].message).toMatch(/caption/)
    const state = JSON.parse(await readFile(ws.statePath, 'utf8'))
    expect(state.posts.spring['brand-us'].error.code).toBe('spam_risk_text')
    // a caption TikTok judged risky needs a person: the next run does not try again
    const again = await apply(h, ws.manifestPath)
    expect(again.outcomes).toEqual([])
    expect(inits(h.emulator)).toHaveLength(1)
  })

  it('leaves a post still processing at the end of the time budget for the next run, which resumes it', async () => {
    // TikTok takes more polls than 300 ms of the run's clock allow
    h = await harness(['brand-us'], { processing_polls: 12 })
    const ws = await makeWorkspace(manifestYaml({ accounts: ['brand-us'], posts: `  - id: spring\n    video: media/a.mp4\n    caption: "hi"\n    accounts: all` }))
    const first = await apply(h, ws.manifestPath, { timeBudgetMs: 300 })
    expect(first.outcomes.map((o) => o.status)).toEqual(['processing'])
    const saved = JSON.parse(await readFile(ws.statePath, 'utf8')).posts.spring['brand-us']
    expect(saved.status).toBe('processing')
    expect(saved.publish_id).toBeDefined()
    h.emulator.clearFaults()
    const second = await apply(h, ws.manifestPath)
    expect(second.outcomes.map((o) => `${o.status}:${o.publish_id}`)).toEqual([`published:${saved.publish_id}`])
    expect(inits(h.emulator)).toHaveLength(1)
  })

  it('keeps polling a post removed from the manifest while TikTok had it, and records its end', async () => {
    h = await harness(['brand-us'], { processing_polls: 12 })
    const ws = await makeWorkspace(manifestYaml({ accounts: ['brand-us'], posts: `  - id: spring\n    video: media/a.mp4\n    caption: "hi"\n    accounts: all\n  - id: other\n    video: media/b.mp4\n    caption: "other"\n    accounts: all` }))
    const first = await apply(h, ws.manifestPath, { timeBudgetMs: 300 })
    expect(first.outcomes.find((o) => o.post === 'spring')?.status).toBe('processing')
    h.emulator.clearFaults()
    // the person deletes the post from the manifest while it is in flight
    await writeFile(ws.manifestPath, manifestYaml({ accounts: ['brand-us'], posts: `  - id: other\n    video: media/b.mp4\n    caption: "other"\n    accounts: all` }))
    const second = await apply(h, ws.manifestPath)
    expect(second.plan.actions.find((a) => a.post === 'spring')?.kind).toBe('orphaned')
    expect(second.outcomes.find((o) => o.post === 'spring')?.status).toBe('published')
    const state = JSON.parse(await readFile(ws.statePath, 'utf8'))
    expect(state.posts.spring['brand-us'].status).toBe('published')
  })

  it('the command line records the commit that approved each post', async () => {
    h = await harness(['brand-us'])
    const ws = await makeWorkspace(manifestYaml({ accounts: ['brand-us'], posts: `  - id: spring\n    video: media/a.mp4\n    caption: "hi"\n    accounts: all` }), { git: true })
    const head = execFileSync('git', ['-C', ws.dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()
    let out = ''
    const sink = new Writable({ write: (c, _e, cb) => ((out += c), cb()) })
    const code = await main(['apply', '--manifest', ws.manifestPath], {
      stdout: sink,
      stderr: sink,
      cwd: ws.dir,
      env: { ...h.env, TIKTOK_API_BASE_URL: h.emulator.url, TIKTOK_PUBLISH_TOKEN_STORE: h.tokenStorePath, TIKTOK_PUBLISH_POLL_MS: '20,40' }
    })
    expect(code).toBe(0)
    const state = JSON.parse(await readFile(ws.statePath, 'utf8'))
    expect(state.posts.spring['brand-us'].approved_by).toBe(head)
    expect(out).not.toContain(h.env[secretEnvName('brand-us')])
  })

  it('refreshes once when TikTok refuses a cached access token, then publishes', async () => {
    h = await harness(['brand-us'])
    const ws = await makeWorkspace(manifestYaml({ accounts: ['brand-us'], posts: `  - id: spring\n    video: media/a.mp4\n    caption: "hi"\n    accounts: all` }))
    await apply(h, ws.manifestPath)
    // TikTok's clock runs past the access token's two hours; ours still trusts the cached one
    h.emulator.advance(3 * 60 * 60 * 1000)
    await writeFile(ws.manifestPath, manifestYaml({ accounts: ['brand-us'], posts: `  - id: spring\n    video: media/a.mp4\n    caption: "hi"\n    accounts: all\n  - id: later\n    video: media/b.mp4\n    caption: "later"\n    accounts: all` }))
    const second = await apply(h, ws.manifestPath)
    expect(second.outcomes.map((o) => `${o.post}:${o.status}`)).toEqual(['later:published'])
    expect(h.emulator.ledger.filter((l) => l.kind === 'refresh' && l.code === 'ok')).toHaveLength(2)
    expect(h.emulator.ledger.filter((l) => l.code === 'access_token_invalid').length).toBe(1)
  })

  it('status joins the state with what TikTok says now of a post in flight, and writes nothing', async () => {
    h = await harness(['brand-us'], { processing_polls: 12 })
    const ws = await makeWorkspace(manifestYaml({ accounts: ['brand-us'], posts: `  - id: spring\n    video: media/a.mp4\n    caption: "hi"\n    accounts: all` }))
    await apply(h, ws.manifestPath, { timeBudgetMs: 300 })
    h.emulator.clearFaults()
    const before = await readFile(ws.statePath, 'utf8')
    const env = { ...h.env, TIKTOK_API_BASE_URL: h.emulator.url, TIKTOK_PUBLISH_TOKEN_STORE: h.tokenStorePath }
    const run = async (args: string[]) => {
      let out = ''
      const sink = new Writable({ write: (c, _e, cb) => ((out += c), cb()) })
      const code = await main(args, { stdout: sink, stderr: sink, cwd: ws.dir, env })
      return { code, out }
    }
    const statusCalls = () => h.emulator.ledger.filter((l) => l.kind === 'status').length
    const calls = statusCalls()
    const offline = await run(['status', '--manifest', ws.manifestPath, '--offline'])
    expect(offline.code).toBe(0)
    expect(offline.out).toMatch(/spring\s+brand-us\s+processing/)
    expect(statusCalls()).toBe(calls)
    const live = await run(['status', '--manifest', ws.manifestPath])
    expect(live.code).toBe(0)
    expect(live.out).toMatch(/TikTok now: (PROCESSING_UPLOAD|PUBLISH_COMPLETE)/)
    expect(statusCalls()).toBe(calls + 1)
    expect(await readFile(ws.statePath, 'utf8')).toBe(before)
    expect(live.out).not.toContain(h.env[secretEnvName('brand-us')])
  })
})
