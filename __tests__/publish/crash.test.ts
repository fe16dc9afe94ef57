import { link, mkdtemp, readFile, writeFile, copyFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { REPO_ROOT, manifestYaml, secretEnvName } from '../helpers/workspace.js'
import { CLI, makeBigVideo, runCli } from '../helpers/cli.js'

/**
 * Kills `tiktok-publish apply` (the bundled CLI, as users run it) with SIGKILL
 * at named steps, then reruns it until nothing is left, and checks the two
 * promises: no pair posted twice, no publish_id TikTok returned lost.
 */
const ACCOUNTS = ['brand-us', 'brand-br']

let bigVideo: string

beforeAll(async () => {
  bigVideo = await makeBigVideo()
})

async function workspace(): Promise<{ dir: string; manifest: string; state: string; tokens: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-crash-'))
  await mkdir(path.join(dir, 'media'))
  await copyFile(path.join(REPO_ROOT, 'examples/media/spring-teaser.mp4'), path.join(dir, 'media/a.mp4'))
  await link(bigVideo, path.join(dir, 'media/big.mp4'))
  const manifest = path.join(dir, 'tiktok.yml')
  await writeFile(
    manifest,
    manifestYaml({
      accounts: ACCOUNTS,
      posts: `  - id: small
    video: media/a.mp4
    caption: "small one"
    accounts: all
  - id: big
    video: media/big.mp4
    caption: "big one"
    accounts: [brand-us]
  - id: draft
    video: media/a.mp4
    caption: "a draft"
    accounts: [brand-br]
    mode: inbox`
    })
  )
  return { dir, manifest, state: path.join(dir, 'tiktok.state.json'), tokens: path.join(dir, '.tokens', 'tokens.json') }
}

/** Accounts on the emulator and a CLI run's environment for them: secrets by env, tokens in the workspace's store. */
async function setUp(emulator: Emulator, o: { chunkMb?: string } = {}) {
  const env: Record<string, string> = {
    TIKTOK_CLIENT_KEY: 'emu_client_key',
    TIKTOK_CLIENT_SECRET: 'emu_client_secret',
    TIKTOK_API_BASE_URL: emulator.url,
    TIKTOK_PUBLISH_POLL_MS: '20,40',
    ...(o.chunkMb ? { TIKTOK_PUBLISH_CHUNK_MB: o.chunkMb } : {}),
    HOME: tmpdir()
  }
  const openIds: Record<string, string> = {}
  for (const a of ACCOUNTS) {
    const created = emulator.addAccount({ username: a.replace('-', '_') })
    env[secretEnvName(a)] = created.refresh_token
    openIds[a] = created.open_id
  }
  const ws = await workspace()
  env.TIKTOK_PUBLISH_TOKEN_STORE = ws.tokens
  return { env, openIds, ws, args: ['apply', '--manifest', ws.manifest] }
}

const POINTS = [
  'state-write:1',
  'state-written:1',
  'after-claim:1',
  'after-init:1',
  'state-write:2',
  'state-written:2',
  'after-publish-id:1',
  'upload-progress:1',
  'upload-progress:3',
  'before-poll:1',
  'before-poll:2',
  'before-final-save:1',
  'state-write:4',
  'after-final-save:1',
  'after-claim:2',
  'after-init:2',
  'after-publish-id:2',
  'before-final-save:2',
  'after-claim:3',
  'after-init:3',
  'after-publish-id:3',
  'upload-progress:5',
  'before-poll:5',
  'after-claim:4',
  'after-init:4',
  'after-publish-id:4',
  'state-write:9',
  'state-written:12',
  'after-final-save:3',
  'before-final-save:4'
]

describe('crash anywhere: SIGKILL at each step, then rerun until done', () => {
  let emulator: Emulator
  afterEach(async () => emulator?.close())

  it.each(POINTS)('killed at %s: nothing posted twice, no publish_id lost', async (point: string) => {
    emulator = await startEmulator({ config: { rate_limits: false, processing_polls: 1 } })
    const { env, openIds, ws, args } = await setUp(emulator, { chunkMb: '5' })

    const crashed = await runCli(args, { ...env, TIKTOK_PUBLISH_FAILPOINT: point })
    expect(crashed.signal).toBe('SIGKILL')

    let runs = 1
    const transcript: string[] = []
    for (; runs < 6; runs++) {
      const r = await runCli(args, env)
      transcript.push(`--- rerun ${runs} (exit ${r.code})\n${r.stdout}${r.stderr}`)
      if (r.signal) throw new Error(`rerun ${runs} of ${point} was stopped (${r.signal}); its output:\n${r.stdout}\n${r.stderr}`)
      expect(r.stderr).not.toMatch(/internal error/)
      const state = JSON.parse(await readFile(ws.state, 'utf8'))
      const records = Object.values(state.posts as Record<string, Record<string, { status: string }>>).flatMap((byAccount) => Object.values(byAccount))
      if (records.length === 4 && records.every((rec) => rec.status === 'published' || rec.status === 'inbox')) break
    }
    if (runs >= 6) throw new Error(`not done after 5 reruns:\n${transcript.join('\n')}\n${await readFile(ws.state, 'utf8')}`)

    const state = JSON.parse(await readFile(ws.state, 'utf8'))
    const final = emulator.posts().filter((p) => p.status === 'PUBLISH_COMPLETE' || p.status === 'SEND_TO_USER_INBOX')
    // one completed post per pair: nothing posted twice
    const pairs = [
      ['small', 'brand-us'],
      ['small', 'brand-br'],
      ['big', 'brand-us'],
      ['draft', 'brand-br']
    ]
    expect(final).toHaveLength(pairs.length)
    for (const [post, account] of pairs) {
      const record = state.posts[post][account]
      const atTikTok = final.filter((p) => p.open_id === openIds[account] && p.publish_id === record.publish_id)
      expect(atTikTok).toHaveLength(1)
    }
    // every publish_id TikTok completed is in the state: none lost
    const saved = new Set(pairs.map(([post, account]) => state.posts[post][account].publish_id))
    for (const p of final) expect(saved.has(p.publish_id)).toBe(true)
  }, 180_000)

  it.each(['after-init:1', 'after-init:3'])('killed at %s, right after TikTok answered an init: the next run finishes every pair, exit 0', async (point: string) => {
    emulator = await startEmulator({ config: { rate_limits: false, processing_polls: 1 } })
    const { env, ws, args } = await setUp(emulator, { chunkMb: '5' })
    const crashed = await runCli(args, { ...env, TIKTOK_PUBLISH_FAILPOINT: point })
    expect(crashed.signal).toBe('SIGKILL')
    // TikTok holds a publish_id the state never saw; the state holds a claim without one
    const before = JSON.parse(await readFile(ws.state, 'utf8'))
    const claims = Object.values(before.posts as Record<string, Record<string, { status: string; publish_id?: string }>>)
      .flatMap((byAccount) => Object.values(byAccount))
      .filter((r) => r.status === 'claimed' && !r.publish_id)
    expect(claims.length).toBeGreaterThanOrEqual(1)

    const rerun = await runCli(args, env)
    expect(rerun.code).toBe(0)
    const state = JSON.parse(await readFile(ws.state, 'utf8'))
    const records = Object.values(state.posts as Record<string, Record<string, { status: string; publish_id: string }>>).flatMap((byAccount) => Object.values(byAccount))
    expect(records).toHaveLength(4)
    expect(records.map((r) => r.status).sort()).toEqual(['inbox', 'published', 'published', 'published'])
    const final = emulator.posts().filter((p) => p.status === 'PUBLISH_COMPLETE' || p.status === 'SEND_TO_USER_INBOX')
    expect(final).toHaveLength(4)
    expect(new Set(final.map((p) => p.publish_id))).toEqual(new Set(records.map((r) => r.publish_id)))
    // the init the killed run never saved received no byte: it can never be published
    for (const p of emulator.posts()) if (!records.some((r) => r.publish_id === p.publish_id)) expect(p.bytes_received).toBe(0)
  }, 60_000)

  it('killed after TikTok rotated the refresh token but before it was saved: nothing claimed, and the next run names the account and the fix', async () => {
    emulator = await startEmulator({ config: { rate_limits: false, processing_polls: 1 } })
    const { env, ws, args } = await setUp(emulator)
    const crashed = await runCli(args, { ...env, TIKTOK_PUBLISH_FAILPOINT: 'token-refreshed' })
    expect(crashed.signal).toBe('SIGKILL')
    // the token comes before the claim: the dead run left no claim for a person to settle
    const after = JSON.parse(await readFile(ws.state, 'utf8').catch(() => '{"posts":{}}'))
    for (const byAccount of Object.values(after.posts as Record<string, Record<string, { status: string }>>)) {
      for (const rec of Object.values(byAccount)) expect(rec.status).not.toBe('claimed')
    }
    const rerun = await runCli(args, env)
    expect(rerun.code).toBe(1)
    const dead = ACCOUNTS.filter((a) => new RegExp(`account ${a}[^\\n]*invalid_grant|${a}[^\\n]*tiktok-publish auth`).test(rerun.stderr + rerun.stdout))
    expect(dead.length).toBeGreaterThanOrEqual(1)
    expect(rerun.stderr + rerun.stdout).toMatch(/tiktok-publish auth --account/)
    expect(rerun.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(emulator.posts().filter((p) => p.status === 'PUBLISH_COMPLETE').length).toBeLessThanOrEqual(4)
  }, 60_000)
})
