/**
 * Git LFS: a run downloads only the videos of due posts. A real LFS repository
 * (a bare remote that git-lfs serves over a plain path), 50 videos published
 * through the Action, then scheduled runs in fresh clones checked out without
 * LFS content, as `init`'s workflow does.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { parseState } from '../../src/state/index.js'
import { FIXTURES, manifestYaml, secretEnvName } from '../helpers/workspace.js'
import { FakeGitHubApi } from './fake-github.js'
import { repositoryPayload, runAction, type ActionRun } from './harness.js'

const LFS = spawnSync('git', ['lfs', 'version'], { encoding: 'utf8' })
const HAS_LFS = LFS.status === 0
if (!HAS_LFS) console.warn('skipping the Git LFS tests: `git lfs version` failed (install git-lfs, e.g. `apt-get install -y git-lfs`)')
const describeLfs = HAS_LFS ? describe : describe.skip

const ACCOUNTS = ['lfs-a', 'lfs-b', 'lfs-c', 'lfs-d']
const COUNT = 50
const CLIENT_KEY = `ck_${randomBytes(6).toString('hex')}`
const CLIENT_SECRET = `cs_${randomBytes(16).toString('hex')}`

/** 50 distinct videos: the fixture with one byte of its sample data changed. */
async function variant(n: number): Promise<Buffer> {
  const bytes = await readFile(path.join(FIXTURES, 'valid.mp4'))
  const at = bytes.indexOf('mdat') + 4 + 16
  bytes[at] = (bytes[at]! + n) % 256
  return bytes
}

const videoPath = (n: number) => `media/v${String(n).padStart(2, '0')}.mp4`

function postsYaml(n: number): string {
  let out = ''
  for (let i = 1; i <= n; i++) out += `  - id: v${i}\n    video: ${videoPath(i)}\n    caption: "Video ${i} #lfs"\n    accounts: [${ACCOUNTS[i % ACCOUNTS.length]}]\n`
  return out
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(dir, f)).isFile())
}

describeLfs('Git LFS: a run fetches the videos of due posts only', () => {
  let emulator: Emulator
  let github: FakeGitHubApi
  let dir: string
  let bare: string
  let seed: string
  const seeds: Record<string, string> = {}
  // git without the machine's configuration: no global LFS filter, no $HOME
  let env: NodeJS.ProcessEnv
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  /** a clone checked out the way actions/checkout does without `lfs: true`: pointers only */
  const cloneWithoutLfs = (name: string) => {
    const to = path.join(dir, name)
    execFileSync('git', ['clone', '-q', bare, to], { env: { ...env, GIT_LFS_SKIP_SMUDGE: '1' }, stdio: 'pipe' })
    return to
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-lfs-'))
    await mkdir(path.join(dir, 'home'))
    env = { PATH: process.env.PATH, HOME: path.join(dir, 'home'), GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' }
    emulator = await startEmulator({ config: { rate_limits: false, processing_polls: 0, apps: [{ client_key: CLIENT_KEY, client_secret: CLIENT_SECRET, audited: true }] } })
    github = await FakeGitHubApi.start()
    for (const name of ACCOUNTS) seeds[name] = emulator.addAccount({ username: name.replace('-', '_'), nickname: name }).refresh_token

    bare = path.join(dir, 'remote.git')
    git(dir, 'init', '-q', '--bare', '-b', 'main', bare)
    seed = path.join(dir, 'seed')
    git(dir, 'clone', '-q', bare, seed)
    git(seed, 'checkout', '-q', '-b', 'main')
    git(seed, 'lfs', 'install', '--local')
    git(seed, 'lfs', 'track', 'media/*.mp4')
    await mkdir(path.join(seed, 'media'))
    for (let i = 1; i <= COUNT; i++) await writeFile(path.join(seed, videoPath(i)), await variant(i))
    await writeFile(path.join(seed, 'tiktok.yml'), manifestYaml({ audited: true, accounts: ACCOUNTS, posts: postsYaml(COUNT) }))
    git(seed, 'add', '-A')
    git(seed, 'commit', '-qm', '50 videos in Git LFS')
    git(seed, 'push', '-q', 'origin', 'main')
    // the remote holds 50 LFS objects, the commits only pointers
    expect(filesUnder(path.join(bare, 'lfs', 'objects'))).toHaveLength(COUNT)
    expect(git(seed, 'show', `HEAD:${videoPath(1)}`)).toMatch(/^version https:\/\/git-lfs\.github\.com\/spec\/v1\noid sha256:[0-9a-f]{64}\nsize \d+\n$/)
  }, 120_000)

  afterAll(async () => {
    await emulator?.close()
    await github?.close()
  })

  const run = (workspace: string, eventName: 'push' | 'schedule'): Promise<ActionRun> => {
    const sha = git(workspace, 'rev-parse', 'HEAD').trim()
    const refreshTokens = Object.fromEntries(ACCOUNTS.map((a) => [secretEnvName(a), github.secret(secretEnvName(a)) ?? seeds[a]!]))
    return runAction({
      workspace,
      eventName,
      event: eventName === 'schedule' ? { schedule: '*/15 * * * *', repository: repositoryPayload() } : { ref: 'refs/heads/main', after: sha, repository: repositoryPayload() },
      sha,
      ref: 'refs/heads/main',
      apiUrl: github.url,
      inputs: {
        'api-base-url': emulator.url,
        'github-token': github.commentToken,
        'secrets-token': github.secretsToken,
        secrets: JSON.stringify({ TIKTOK_CLIENT_KEY: CLIENT_KEY, TIKTOK_CLIENT_SECRET: CLIENT_SECRET, ...refreshTokens })
      },
      env: { GIT_CONFIG_NOSYSTEM: '1' }
    })
  }

  const remoteState = () => parseState(git(bare, 'show', 'main:tiktok.state.json'), 'main:tiktok.state.json')

  it('publishes 50 LFS videos, then a scheduled run with all of them published downloads none, and a new post gets exactly its one', async () => {
    // 1. all 50 due: the Action fetches their content itself (the checkout has pointers only)
    const first = cloneWithoutLfs('ws-first')
    expect(filesUnder(path.join(first, '.git', 'lfs', 'objects'))).toHaveLength(0)
    const published = await run(first, 'push')
    expect(published.stdout).not.toMatch(/::error::/)
    expect(published.code).toBe(0)
    expect(filesUnder(path.join(first, '.git', 'lfs', 'objects'))).toHaveLength(COUNT)
    const state = remoteState()
    for (let i = 1; i <= COUNT; i++) {
      const record = state.posts[`v${i}`]![ACCOUNTS[i % ACCOUNTS.length]!]!
      expect(record.status).toBe('published')
      // the record keeps the facts of what was sent: a later run needs no file to know it done
      expect(record.video).toEqual({ digest: expect.stringMatching(/^git:[0-9a-f]{40}$/), size_bytes: 12327, duration_sec: expect.any(Number) })
    }
    const uploads = emulator.ledger.length

    // 2. scheduled, nothing due: not one LFS download, every pointer as committed
    const idle = cloneWithoutLfs('ws-idle')
    const pointers = new Map<string, Buffer>()
    for (let i = 1; i <= COUNT; i++) pointers.set(videoPath(i), await readFile(path.join(idle, videoPath(i))))
    const scheduled = await run(idle, 'schedule')
    expect(scheduled.stdout).not.toMatch(/::error::/)
    expect(scheduled.code).toBe(0)
    expect(scheduled.stdout).toContain('nothing is due')
    expect(scheduled.stdout).not.toContain('Git LFS: fetching')
    expect(filesUnder(path.join(idle, '.git', 'lfs', 'objects'))).toHaveLength(0)
    for (const [rel, before] of pointers) {
      const now = await readFile(path.join(idle, rel))
      expect(now.toString('latin1')).toBe(before.toString('latin1'))
      expect(now.toString('latin1')).toBe(git(idle, 'show', `HEAD:${rel}`))
    }
    expect(emulator.ledger.length).toBe(uploads)
    expect(new Set(JSON.parse(scheduled.outputs.plan!).map((a: { action: string }) => a.action))).toEqual(new Set(['done']))

    // 3. a new post: its one object is fetched and published, the 50 stay pointers
    git(seed, 'pull', '-q', '--ff-only', 'origin', 'main')
    const extra = COUNT + 1
    await writeFile(path.join(seed, videoPath(extra)), await variant(extra))
    await writeFile(path.join(seed, 'tiktok.yml'), manifestYaml({ audited: true, accounts: ACCOUNTS, posts: postsYaml(extra) }))
    git(seed, 'add', '-A')
    git(seed, 'commit', '-qm', 'one more video')
    git(seed, 'push', '-q', 'origin', 'main')
    const next = cloneWithoutLfs('ws-next')
    const one = await run(next, 'schedule')
    expect(one.stdout).not.toMatch(/::error::/)
    expect(one.code).toBe(0)
    const fetched = filesUnder(path.join(next, '.git', 'lfs', 'objects'))
    expect(fetched).toHaveLength(1)
    const oid = /oid sha256:([0-9a-f]{64})/.exec(git(next, 'show', `HEAD:${videoPath(extra)}`))![1]!
    expect(path.basename(fetched[0]!)).toBe(oid)
    expect(remoteState().posts[`v${extra}`]![ACCOUNTS[extra % ACCOUNTS.length]!]!.status).toBe('published')
    for (let i = 1; i <= COUNT; i++) expect((await readFile(path.join(next, videoPath(i)))).toString('latin1')).toBe(pointers.get(videoPath(i))!.toString('latin1'))
    // the fetched video does not look modified to git: the state commit could merge with a moved branch
    expect(git(next, 'status', '--porcelain', '--untracked-files=no')).toBe('')
  }, 300_000)

  it("a pull request's plan fetches the videos it adds, even one scheduled for later, and no other", async () => {
    const ws = cloneWithoutLfs('ws-pr')
    git(ws, 'checkout', '-q', '-b', 'feature')
    git(ws, 'lfs', 'install', '--local')
    const added = 90
    await writeFile(path.join(ws, videoPath(added)), await variant(added))
    const later = `  - id: v${added}\n    video: ${videoPath(added)}\n    caption: "Later #lfs"\n    accounts: [${ACCOUNTS[0]}]\n    at: 2099-01-01T12:00:00Z\n`
    await writeFile(path.join(ws, 'tiktok.yml'), (await readFile(path.join(ws, 'tiktok.yml'), 'utf8')) + later)
    git(ws, 'add', '-A')
    git(ws, 'commit', '-qm', 'a video for later')
    const oid = /oid sha256:([0-9a-f]{64})/.exec(git(ws, 'show', `HEAD:${videoPath(added)}`))![1]!
    execFileSync('git', ['push', '-q', 'origin', 'feature'], { cwd: ws, env, stdio: 'pipe' })
    // the pull request's checkout: pointers only, its LFS store empty
    const pr = cloneWithoutLfs('ws-pr-checkout')
    git(pr, 'checkout', '-q', 'origin/feature')
    const sha = git(pr, 'rev-parse', 'HEAD').trim()
    const event = { number: 3, pull_request: { number: 3, head: { ref: 'feature', sha }, base: { ref: 'main' } }, repository: repositoryPayload() }
    const planned = await runAction({ workspace: pr, eventName: 'pull_request', event, sha, ref: 'refs/pull/3/merge', apiUrl: github.url, inputs: { 'github-token': github.commentToken } })
    expect(planned.stdout).not.toMatch(/::error::/)
    expect(planned.code).toBe(0)
    const fetched = filesUnder(path.join(pr, '.git', 'lfs', 'objects'))
    expect(fetched.map((f) => path.basename(f))).toEqual([oid])
    const plan = JSON.parse(planned.outputs.plan!) as { post: string; action: string; code?: string }[]
    expect(plan.find((a) => a.post === `v${added}`)).toMatchObject({ action: 'wait', code: 'scheduled' })
    // read: its facts are in the comment
    expect(planned.outputs.comment).toMatch(/1080×1920|\d+×\d+ · /)
  }, 120_000)

  it('a due video whose LFS object the remote lacks fails the run naming the file and the fix, before any TikTok call', async () => {
    git(seed, 'pull', '-q', '--ff-only', 'origin', 'main')
    const lost = COUNT + 2
    await writeFile(path.join(seed, videoPath(lost)), await variant(lost))
    await writeFile(path.join(seed, 'tiktok.yml'), manifestYaml({ audited: true, accounts: ACCOUNTS, posts: postsYaml(lost) }))
    git(seed, 'add', '-A')
    git(seed, 'commit', '-qm', 'a video whose object is never pushed')
    // the commit reaches the remote, its LFS object does not
    execFileSync('git', ['push', '-q', '--no-verify', 'origin', 'main'], { cwd: seed, env, stdio: 'pipe' })
    const ws = cloneWithoutLfs('ws-lost')
    const ledger = emulator.ledger.length
    const failed = await run(ws, 'schedule')
    expect(failed.code).toBe(1)
    expect(failed.stdout).toMatch(new RegExp(`::error[^\\n]*video "${videoPath(lost)}": the file is a Git LFS pointer and fetching its content failed`))
    expect(failed.stdout).toContain(`git lfs pull --include=\\"${videoPath(lost)}\\"`.replace(/\\"/g, '"'))
    expect(emulator.ledger.length).toBe(ledger)
  }, 120_000)
})
