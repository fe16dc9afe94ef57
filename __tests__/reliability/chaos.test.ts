import { copyFile, mkdir, mkdtemp, open, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Clock } from '../../src/clock.js'
import { startEmulator, type Emulator, type Fault } from '../../src/emulator/index.js'
import { setFailpointHook } from '../../src/failpoint.js'
import { MemoryLogger } from '../../src/logger.js'
import { fileSink } from '../../src/publish/file-sink.js'
import { applyRun, loadInputs } from '../../src/publish/run.js'
import { FileUploadSessions, type UploadSessions } from '../../src/publish/upload-sessions.js'
import { FileTokenStore } from '../../src/tiktok/tokens.js'
import { FIXTURES, secretEnvName } from '../helpers/workspace.js'
import { CLIENT_KEY, CLIENT_SECRET, manifest } from './harness.js'

/**
 * A seeded chaos day, as Pulumi fuzzes its engine: `apply` every 20 simulated
 * minutes on 3 accounts × 6 posts (two of them two-chunk uploads, two inbox
 * drafts), each run with one to three random faults at random endpoints and a
 * random kill. Everything random comes from the seed (faults, kill point, the
 * client's jitter; accounts are worked one at a time so the order of calls is
 * the seed's too), so a failing seed replays exactly. After every run:
 *   - no pair is posted twice (one finished post per account and video at most);
 *   - no publish_id is lost (every finished post, and every upload TikTok holds
 *     in full, is the publish_id the state names for its pair);
 * and within 12 runs every pair is published.
 *
 * A kill is simulated in-process: the point throws, and from that instant the
 * emulator refuses every new request without acting on it, the state file and
 * the upload sessions take no more writes. What was in flight completes, as it
 * would at TikTok. Not drawn: a kill between TikTok's token rotation and the
 * token store's write, and a lost answer on the token endpoint — both lose the
 * grant for good, which no run can repair (a person authorizes again; covered
 * by tokens.test.ts and the crash matrix).
 *
 * In-process, the 20 seeds take under a minute, so CI runs them all.
 */

const ACCOUNTS = ['brand-us', 'brand-br', 'brand-mx']
const POSTS = 6
const MAX_RUNS = 12
const RUN_EVERY_MS = 20 * 60_000
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1)
const MiB = 1024 * 1024

/** mulberry32: small, fast, and the same numbers everywhere for one seed */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const pick = <T,>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!

/** The emulator and the run share this clock: a sleep returns at once and moves both forward. */
class ChaosClock implements Clock {
  constructor(public ms: number) {}
  now(): Date {
    return new Date(this.ms)
  }
  async sleep(ms: number): Promise<void> {
    this.ms += ms
    await new Promise((r) => setImmediate(r))
  }
}

type Endpoint = 'token' | 'creator_info' | 'init' | 'inbox_init' | 'chunk' | 'status'
const ENDPOINTS: Endpoint[] = ['token', 'creator_info', 'init', 'inbox_init', 'chunk', 'status']
const TRANSIENT: Fault[] = [
  { kind: 'http_error', status: 500 },
  { kind: 'http_error', status: 503 },
  { kind: 'rate_limit', retry_after_sec: 1 },
  { kind: 'drop' },
  { kind: 'malformed_json' },
  { kind: 'html_page' }
]
const TOKEN_INVALID: Fault = { kind: 'error_code', status: 401, code: 'access_token_invalid' }
const DEAD_UPLOAD: Fault[] = [
  { kind: 'error_code', status: 403, code: 'upload_url_expired' },
  { kind: 'error_code', status: 404, code: 'not_found' },
  { kind: 'error_code', status: 416, code: 'range_not_satisfiable' }
]

function drawFault(r: () => number, openIds: string[]): Fault {
  const endpoint = pick(r, ENDPOINTS)
  let kinds: Fault[]
  if (endpoint === 'token') kinds = TRANSIENT.filter((f) => f.kind === 'http_error' || f.kind === 'rate_limit')
  else if (endpoint === 'chunk') kinds = [...TRANSIENT, ...DEAD_UPLOAD]
  else kinds = [...TRANSIENT, TOKEN_INVALID]
  const fault = pick(r, kinds)
  // half of them hit one account only
  const who = r() < 0.5 ? { open_id: pick(r, openIds) } : {}
  return { ...fault, endpoint, ...who } as Fault
}

const KILL_POINTS = new Set(['after-claim', 'after-init', 'after-publish-id', 'upload-progress', 'before-poll', 'before-final-save', 'after-final-save', 'state-write', 'state-written'])
/**
 * The kill lands at the n-th of those points a run reaches, n uniform in
 * 1..KILL_WINDOW: a moment drawn over the first part of a full run (a first
 * run of 18 pairs reaches about 200), so it is early in a busy run and may
 * miss a short one, as a machine's death would.
 */
const KILL_WINDOW = 120

class Killed extends Error {
  constructor(readonly point: string) {
    super(`simulated kill at ${point}`)
  }
}

/** A padded copy of a real MP4: its size tells the posts apart at the emulator. */
async function video(dir: string, name: string, pad: number): Promise<number> {
  const file = path.join(dir, 'media', name)
  await copyFile(path.join(FIXTURES, 'valid.mp4'), file)
  const fh = await open(file, 'a')
  const header = Buffer.alloc(8)
  header.writeUInt32BE(pad, 0)
  header.write('free', 4, 'latin1')
  await fh.write(header)
  await fh.truncate((await fh.stat()).size + pad - 8)
  const size = (await fh.stat()).size
  await fh.close()
  return size
}

interface SeedReport {
  seed: number
  runs: number
  faults: number
  kills: number
  inits: number
  abandoned: number
}
const reports: SeedReport[] = []

afterAll(async () => {
  setFailpointHook(undefined)
  const out = path.join(tmpdir(), 'tiktok-publish-reliability')
  await mkdir(out, { recursive: true })
  await writeFile(path.join(out, 'chaos.json'), JSON.stringify(reports, null, 2) + '\n')
})

describe(`seeded chaos: ${ACCOUNTS.length} accounts × ${POSTS} posts, apply every 20 simulated minutes`, () => {
  let emulator: Emulator | undefined
  afterEach(async () => {
    setFailpointHook(undefined)
    await emulator?.close()
    emulator = undefined
  })

  it.each(SEEDS)('seed %i: nothing posted twice, no publish_id lost, all published within 12 runs', async (seed) => {
    const r = rng(seed)
    const clock = new ChaosClock(Date.parse('2026-11-30T06:00:00.000Z'))
    emulator = await startEmulator({
      now: () => clock.ms,
      config: {
        rate_limits: false,
        processing_polls: 1,
        pending_share_cap: 100,
        apps: [{ client_key: CLIENT_KEY, client_secret: CLIENT_SECRET, audited: true }]
      }
    })
    const env: Record<string, string> = { TIKTOK_CLIENT_KEY: CLIENT_KEY, TIKTOK_CLIENT_SECRET: CLIENT_SECRET }
    const openIds: Record<string, string> = {}
    for (const a of ACCOUNTS) {
      // the daily cap is not what this test is about: the inits a fault repeats count towards it at TikTok
      const created = emulator.addAccount({ username: a.replace(/-/g, '_'), nickname: a, daily_post_cap: 1000 })
      env[secretEnvName(a)] = created.refresh_token
      openIds[a] = created.open_id
    }

    const dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-chaos-'))
    await mkdir(path.join(dir, 'media'))
    const sizes: number[] = []
    const entries: string[] = []
    for (let i = 0; i < POSTS; i++) {
      // posts 0 and 3 take two 5 MiB chunks; every size differs
      const pad = (i % 3 === 0 ? 11 * MiB : 64 * 1024) + i * 4096
      sizes.push(await video(dir, `v${i}.mp4`, pad))
      entries.push(`  - id: p${i}\n    video: media/v${i}.mp4\n    caption: "chaos ${i}"\n    accounts: all${i === 1 || i === 4 ? '\n    mode: inbox' : ''}`)
    }
    const manifestPath = path.join(dir, 'tiktok.yml')
    await writeFile(manifestPath, manifest({ accounts: ACCOUNTS, posts: entries.join('\n') }))
    const tokenStorePath = path.join(dir, 'store', 'tokens.json')
    const sessions = new FileUploadSessions(path.join(dir, 'store', 'uploads.json'))

    let faults = 0
    let kills = 0
    const finalStatuses = new Set(['PUBLISH_COMPLETE', 'SEND_TO_USER_INBOX'])
    const byOpenId = Object.fromEntries(Object.entries(openIds).map(([a, id]) => [id, a]))
    let runs = 0
    let done = false
    const transcript: string[] = []
    for (; runs < MAX_RUNS && !done; runs++) {
      if (runs > 0) clock.ms += RUN_EVERY_MS
      const drawn = 1 + Math.floor(r() * 3)
      for (let i = 0; i < drawn; i++) emulator.inject(drawFault(r, Object.values(openIds)))
      faults += drawn
      const killAt = { nth: 1 + Math.floor(r() * KILL_WINDOW), point: '' }
      let dead = false
      let seen = 0
      setFailpointHook((name) => {
        if (dead || !KILL_POINTS.has(name) || ++seen !== killAt.nth) return
        killAt.point = name
        dead = true
        kills++
        // from this instant the process is gone: nothing new reaches TikTok or the disk
        emulator!.inject({ kind: 'error_code', status: 503, code: 'process_killed', times: Infinity })
        throw new Killed(name)
      })
      const deadAware: UploadSessions = {
        get: (id) => sessions.get(id),
        put: async (id, s) => (dead ? undefined : sessions.put(id, s)),
        delete: async (id) => (dead ? undefined : sessions.delete(id))
      }
      const logger = new MemoryLogger()
      let ended: string
      try {
        const inputs = await loadInputs({ manifestPath })
        const result = await applyRun({
          inputs,
          apiBaseUrl: emulator.url,
          secrets: (name) => env[name],
          tokenStore: new FileTokenStore({ path: tokenStorePath }),
          sink: (box) => {
            const file = fileSink(inputs.statePath, box)
            return {
              save: async (reasons: string[]) => {
                if (dead) throw new Killed('(after the kill)')
                return file.save(reasons)
              }
            }
          },
          clock,
          logger,
          runId: `chaos-${seed}-${runs}`,
          timeBudgetMs: 10 * 60_000,
          pollIntervalsMs: [1000, 2000],
          rateLimits: false,
          chunkSizeBytes: 5 * MiB,
          uploads: deadAware,
          accountConcurrency: 1,
          random: r
        })
        ended = `exit ${result.failed ? 1 : 0}: ${result.outcomes.map((o) => `${o.post}/${o.account}=${o.status}`).join(' ')}`
      } catch (error) {
        ended = `${dead ? 'killed' : 'error'}: ${(error as Error).message}`
        if (!dead && !(error instanceof Killed)) throw new Error(`seed ${seed} run ${runs + 1} failed without a kill: ${(error as Error).stack}\n${logger.lines.join('\n')}`)
      } finally {
        setFailpointHook(undefined)
        emulator.clearFaults()
      }
      transcript.push(`run ${runs + 1} (kill at point ${killAt.nth}${dead ? `, hit: ${killAt.point}` : ', not reached'}): ${ended}`)

      // the invariants, after every run
      const state = JSON.parse(await readFile(path.join(dir, 'tiktok.state.json'), 'utf8').catch(() => '{"posts":{}}')) as {
        posts: Record<string, Record<string, { status: string; publish_id?: string }>>
      }
      const posts = emulator.posts()
      const why = () => `seed ${seed}\n${transcript.join('\n')}`
      for (const p of posts) {
        const account = byOpenId[p.open_id]!
        const index = sizes.indexOf(p.video_size!)
        const record = state.posts[`p${index}`]?.[account]
        if (finalStatuses.has(p.status) || p.bytes_received === p.video_size) {
          // a finished post, or an upload TikTok holds in full, is the one the state names
          expect({ pair: `p${index}/${account}`, publish_id: p.publish_id, why: record?.publish_id === p.publish_id ? 'kept' : why() }).toEqual({
            pair: `p${index}/${account}`,
            publish_id: p.publish_id,
            why: 'kept'
          })
        }
      }
      for (const a of ACCOUNTS) {
        for (let i = 0; i < POSTS; i++) {
          const finished = posts.filter((p) => p.open_id === openIds[a] && p.video_size === sizes[i] && finalStatuses.has(p.status))
          expect({ pair: `p${i}/${a}`, finished: finished.length <= 1 ? 'at most once' : why() }).toEqual({ pair: `p${i}/${a}`, finished: 'at most once' })
        }
      }
      const records = Object.values(state.posts).flatMap((byAccount) => Object.values(byAccount))
      done = records.length === ACCOUNTS.length * POSTS && records.every((x) => x.status === 'published' || x.status === 'inbox')
    }
    if (!done) throw new Error(`seed ${seed}: not every pair published after ${MAX_RUNS} runs\n${transcript.join('\n')}\n${await readFile(path.join(dir, 'tiktok.state.json'), 'utf8')}`)
    const posts = emulator.posts()
    expect(posts.filter((p) => finalStatuses.has(p.status))).toHaveLength(ACCOUNTS.length * POSTS)
    reports.push({
      seed,
      runs,
      faults,
      kills,
      inits: posts.length,
      abandoned: posts.filter((p) => !finalStatuses.has(p.status)).length
    })
  }, 120_000)
})
