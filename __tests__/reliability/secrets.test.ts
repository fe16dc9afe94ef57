import { mkdir, mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Fault } from '../../src/emulator/index.js'
import { makeWorkspace, secretEnvName } from '../helpers/workspace.js'
import { looksLikeACrash, runMain, type CliResult } from './cli.js'
import { filesUnder, harness, issuedSecrets, leaks, manifest, type Harness } from './harness.js'

/**
 * Secret hygiene: the command line is run against the emulator through happy
 * paths and failures, with debug logging on, and afterwards every secret value
 * the emulator ever issued (refresh and access tokens, rotated or live, upload
 * ids) and the client secret are searched for in stdout, stderr, the state
 * file and every file in the repository folder. None may appear.
 */

const POSTS = `  - id: clip
    video: media/a.mp4
    caption: "clip"
    accounts: all
  - id: draft
    video: media/b.mp4
    caption: "draft to paste"
    accounts: [brand-us]
    mode: inbox`

interface Scenario {
  name: string
  faults?: Fault[]
  /** change the world before the run */
  before?: (h: Harness) => void
  /** the token store path, relative to a fresh temp dir; default tokens.json */
  store?: 'directory'
  expectFailure?: boolean
}

const SCENARIOS: Scenario[] = [
  { name: 'a clean run: direct post, inbox draft, rotation' },
  {
    name: 'retries everywhere: 429 on the token, 5xx and drops on reads and chunks',
    faults: [
      { endpoint: 'token', kind: 'rate_limit', retry_after_sec: 0 },
      { endpoint: 'creator_info', kind: 'drop' },
      { endpoint: 'chunk', kind: 'http_error', status: 500 },
      { endpoint: 'status', kind: 'malformed_json' }
    ]
  },
  { name: 'an init whose answer is lost (repeated; the lost one never gets a byte)', faults: [{ endpoint: 'init', kind: 'drop' }] },
  { name: 'an unknown error code with TikTok\'s message echoed', faults: [{ endpoint: 'inbox_init', kind: 'error_code', status: 400, code: 'something_new', message: 'bad thing' }], expectFailure: true },
  { name: 'a dead refresh token', before: (h) => h.emulator.advance(181 * 24 * 60 * 60_000), expectFailure: true },
  { name: 'a token store that cannot be read', store: 'directory', expectFailure: true }
]

describe('no secret value in any output or file', () => {
  let h: Harness
  afterEach(async () => h?.emulator.close())

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    h = await harness(['brand-us', 'brand-br'])
    const ws = await makeWorkspace(manifest({ accounts: ['brand-us', 'brand-br'], posts: POSTS }))
    const storeDir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-secrets-store-'))
    const store = path.join(storeDir, 'tokens.json')
    if (s.store === 'directory') await mkdir(store)
    const env = {
      ...h.env,
      TIKTOK_API_BASE_URL: h.emulator.url,
      TIKTOK_PUBLISH_TOKEN_STORE: store,
      TIKTOK_PUBLISH_POLL_MS: '10,20',
      TIKTOK_PUBLISH_DEBUG: '1',
      HOME: storeDir
    }
    const secrets = issuedSecrets(h.emulator)
    for (const f of s.faults ?? []) h.emulator.inject(f)
    s.before?.(h)

    const runs: Array<[string, CliResult]> = []
    const run = async (argv: string[]) => {
      runs.push([argv.join(' '), await runMain(argv, env, ws.dir)])
      for (const v of issuedSecrets(h.emulator)) secrets.add(v)
    }
    await run(['apply'])
    await run(['apply', '--json'])
    await run(['status'])
    await run(['status', '--json'])
    await run(['plan'])
    await run(['plan', '--json'])
    await run(['validate'])

    const apply = runs[0][1]
    expect(looksLikeACrash(apply.stdout + apply.stderr)).toBe(false)
    expect(apply.code).toBe(s.expectFailure ? 1 : 0)
    // the check is not vacuous: tokens were issued and (unless refused) used
    expect(secrets.size).toBeGreaterThan(4)
    if (s.store !== 'directory' && !s.before) {
      const stored = JSON.parse(await readFile(store, 'utf8'))
      for (const a of Object.values(stored.accounts as Record<string, { refresh_token?: string; access_token?: string }>)) {
        expect(secrets.has(a.refresh_token!)).toBe(true)
        expect(secrets.has(a.access_token!)).toBe(true)
      }
    }
    const texts = [
      ...runs.flatMap(([argv, r]) => [
        { where: `stdout of ${argv}`, text: r.stdout },
        { where: `stderr of ${argv}`, text: r.stderr }
      ]),
      ...(await filesUnder(ws.dir)).map((f) => ({ where: path.relative(ws.dir, f.file), text: f.text }))
    ]
    expect(texts.some((t) => t.where === 'tiktok.state.json')).toBe(true)
    expect(leaks(secrets, texts)).toEqual([])
  })

  it('the detector is not blind: a token planted in the repository is found', async () => {
    h = await harness(['brand-us'])
    const ws = await makeWorkspace(manifest({ posts: `  - id: clip\n    video: media/a.mp4\n    caption: "x"\n    accounts: all` }))
    const planted = [...issuedSecrets(h.emulator)].find((v) => v !== 'emu_client_secret')!
    const { writeFile } = await import('node:fs/promises')
    await writeFile(path.join(ws.dir, 'notes.txt'), `oops ${planted}\n`)
    const texts = (await filesUnder(ws.dir)).map((f) => ({ where: path.relative(ws.dir, f.file), text: f.text }))
    expect(leaks(issuedSecrets(h.emulator), texts)).toEqual([`${planted.slice(0, 4)}… in notes.txt`])
  })

  it('the environment\'s seed refresh token is not echoed by validate, plan or status either', async () => {
    h = await harness(['brand-us'])
    const ws = await makeWorkspace(manifest({ posts: `  - id: clip\n    video: media/a.mp4\n    caption: "x"\n    accounts: all` }))
    const seed = h.env[secretEnvName('brand-us')]
    for (const argv of [['validate'], ['plan'], ['status'], ['plan', '--json']]) {
      const r = await runMain(argv, { ...h.env, TIKTOK_PUBLISH_DEBUG: '1' }, ws.dir)
      expect(r.code).toBe(0)
      expect(r.stdout + r.stderr).not.toContain(seed)
    }
    expect(h.emulator.ledger).toEqual([])
  })
})
