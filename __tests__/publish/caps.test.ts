import { mkdtemp, readFile } from 'node:fs/promises'
import { Writable } from 'node:stream'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { systemClock } from '../../src/clock.js'
import { main } from '../../src/cli/main.js'
import { startEmulator, type Emulator, type EmulatorAccountSpec, type EmulatorConfig } from '../../src/emulator/index.js'
import { MemoryLogger } from '../../src/logger.js'
import { fileSink } from '../../src/publish/file-sink.js'
import { applyRun, loadInputs } from '../../src/publish/run.js'
import { FileTokenStore } from '../../src/tiktok/tokens.js'
import { makeWorkspace, manifestYaml, secretEnvName } from '../helpers/workspace.js'

/**
 * Account safety (TikTok's caps and posting rules) end to end: the manifest,
 * the plan and the engine against the emulator, which enforces TikTok's caps.
 */
let emulator: Emulator
afterEach(async () => emulator?.close())

async function setup(config: EmulatorConfig, accounts: Record<string, EmulatorAccountSpec>) {
  emulator = await startEmulator({ config: { rate_limits: false, processing_polls: 0, ...config } })
  const env: Record<string, string> = { TIKTOK_CLIENT_KEY: config.apps?.[0]?.client_key ?? 'emu_client_key', TIKTOK_CLIENT_SECRET: config.apps?.[0]?.client_secret ?? 'emu_client_secret' }
  const openIds: Record<string, string> = {}
  for (const [name, spec] of Object.entries(accounts)) {
    const created = emulator.addAccount({ username: name.replace(/-/g, '_'), nickname: name, ...spec })
    env[secretEnvName(name)] = created.refresh_token
    openIds[name] = created.open_id
  }
  const tokens = path.join(await mkdtemp(path.join(tmpdir(), 'tiktok-publish-caps-')), 'tokens.json')
  return { env, openIds, tokens }
}

async function apply(manifestPath: string, env: Record<string, string>, tokens: string) {
  const inputs = await loadInputs({ manifestPath })
  const logger = new MemoryLogger()
  const result = await applyRun({
    inputs,
    apiBaseUrl: emulator.url,
    secrets: (n) => env[n],
    tokenStore: new FileTokenStore({ path: tokens }),
    sink: (box) => fileSink(inputs.statePath, box),
    clock: systemClock,
    logger,
    runId: `run-${Math.random()}`,
    timeBudgetMs: 60_000,
    pollIntervalsMs: [10, 20]
  })
  return { ...result, logger }
}

function posts(n: number, extra = ''): string {
  return Array.from({ length: n }, (_, i) => `  - id: p${i + 1}\n    video: media/a.mp4\n    caption: "post ${i + 1}"\n    accounts: all${extra}`).join('\n')
}

const requests = (openId: string) => emulator.ledger.filter((l) => l.open_id === openId)

describe('caps that defer', () => {
  it("TikTok's daily cap of 3: publishes 3, is refused at most once, the rest wait, exit 0; a later run asks TikTok nothing for the account", async () => {
    const { env, openIds, tokens } = await setup({}, { 'brand-us': { daily_post_cap: 3 } })
    const ws = await makeWorkspace(manifestYaml({ accounts: ['brand-us'], posts: posts(5) }))
    const first = await apply(ws.manifestPath, env, tokens)
    expect(first.failed).toBe(false)
    expect(first.outcomes.filter((o) => o.status === 'published')).toHaveLength(3)
    const refused = emulator.ledger.filter((l) => l.kind === 'init' && l.code === 'spam_risk_too_many_posts')
    expect(refused.length).toBeLessThanOrEqual(1)
    const state = JSON.parse(await readFile(ws.statePath, 'utf8'))
    expect(state.accounts['brand-us'].hold.reason).toBe('spam_risk_too_many_posts')
    expect(Date.parse(state.accounts['brand-us'].hold.until)).toBeGreaterThan(Date.now())

    const before = requests(openIds['brand-us']).length
    const second = await apply(ws.manifestPath, env, tokens)
    expect(second.failed).toBe(false)
    expect(second.plan.actions.filter((a) => a.kind === 'wait' && a.code === 'hold')).toHaveLength(2)
    expect(requests(openIds['brand-us']).length).toBe(before)
    expect(emulator.ledger.filter((l) => l.kind === 'refresh').length).toBe(1)
  })

  it('7 inbox drafts: sends 5, the other 2 wait for the 24-hour window, exit 0', async () => {
    const { env, tokens } = await setup({}, { 'brand-us': {} })
    const ws = await makeWorkspace(manifestYaml({ accounts: ['brand-us'], defaults: '  mode: inbox', posts: posts(7) }))
    const result = await apply(ws.manifestPath, env, tokens)
    expect(result.failed).toBe(false)
    expect(result.outcomes.filter((o) => o.status === 'inbox')).toHaveLength(5)
    const waiting = result.plan.actions.filter((a) => a.kind === 'wait')
    expect(waiting).toHaveLength(2)
    expect(waiting.every((a) => a.code === 'pending_share_cap' && a.earliest)).toBe(true)
    // nothing over the cap ever reached TikTok
    expect(emulator.ledger.filter((l) => l.code === 'spam_risk_too_many_pending_share')).toHaveLength(0)
  })

  it('an unaudited app and a public account: refused before any init, naming the account and the fix', async () => {
    const { env, tokens } = await setup({ apps: [{ client_key: 'k_unaudited', client_secret: 's_unaudited_secret', audited: false }] }, { 'brand-us': { private: false } })
    const ws = await makeWorkspace(manifestYaml({ audited: false, accounts: ['brand-us'], posts: posts(2) }))
    const result = await apply(ws.manifestPath, env, tokens)
    expect(result.failed).toBe(true)
    const failed = result.outcomes.filter((o) => o.status === 'failed')
    expect(failed.map((o) => o.post).sort()).toEqual(['p1', 'p2'])
    expect(failed[0].message).toMatch(/brand-us/)
    expect(failed[0].message).toMatch(/set the account to private/)
    expect(failed[0].error?.code).toBe('creator_public')
    // creator_info said the account is public: TikTok would refuse, so nothing is sent or claimed
    expect(emulator.ledger.filter((l) => l.kind === 'init')).toHaveLength(0)
    expect(result.state.posts).toEqual({})
  })

  it('a plan with no secrets, after an apply cached the creator, refuses a privacy the creator does not offer, with no request', async () => {
    const { env, tokens } = await setup({}, { 'brand-us': { private: true } })
    const ws = await makeWorkspace(manifestYaml({ accounts: ['brand-us'], posts: posts(1) }))
    await apply(ws.manifestPath, env, tokens)
    // the person then asks for a privacy a private account does not offer
    const { writeFile } = await import('node:fs/promises')
    await writeFile(
      ws.manifestPath,
      manifestYaml({ accounts: ['brand-us'], defaults: '  mode: direct\n  privacy: PUBLIC_TO_EVERYONE', posts: posts(2) })
    )
    const before = emulator.ledger.length
    let out = ''
    const sink = new Writable({ write: (c, _e, cb) => ((out += c), cb()) })
    const code = await main(['plan', '--manifest', ws.manifestPath], { stdout: sink, stderr: sink, env: {}, cwd: ws.dir })
    expect(code).toBe(1)
    expect(out).toMatch(/PUBLIC_TO_EVERYONE/)
    expect(out).toMatch(/brand-us/)
    expect(emulator.ledger.length).toBe(before)
  })

  it('a pair blocked by an old creator cache is checked again with TikTok and published when the creator now allows it', async () => {
    const { env, tokens } = await setup({}, { 'brand-us': { private: false } })
    const ws = await makeWorkspace(manifestYaml({ accounts: ['brand-us'], defaults: '  mode: direct\n  privacy: PUBLIC_TO_EVERYONE', posts: posts(1) }))
    // the cache from a day ago says the account was private then
    const dayAgo = new Date(Date.now() - 86_400_000).toISOString()
    const { writeFile } = await import('node:fs/promises')
    await writeFile(
      ws.statePath,
      JSON.stringify({
        version: 1,
        lineage: 'l-1',
        serial: 1,
        accounts: {
          'brand-us': {
            checked_at: dayAgo,
            creator: { nickname: 'brand-us', privacy_level_options: ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'], max_video_post_duration_sec: 600, comment_disabled: false, duet_disabled: true, stitch_disabled: true }
          }
        },
        posts: {}
      })
    )
    const result = await apply(ws.manifestPath, env, tokens)
    expect(result.outcomes.map((o) => o.status)).toEqual(['published'])
    const state = JSON.parse(await readFile(ws.statePath, 'utf8'))
    expect(state.accounts['brand-us'].creator.privacy_level_options).toContain('PUBLIC_TO_EVERYONE')
    expect(Date.parse(state.accounts['brand-us'].checked_at)).toBeGreaterThan(Date.parse(dayAgo))
  })
})
