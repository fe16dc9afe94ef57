/**
 * What the Action-level reliability tests share: a run of the bundle that uses
 * the refresh tokens GitHub holds *now* (the runner reads secrets at job start,
 * so a rerun sees what the last run wrote back, not the seeds), and a census of
 * what TikTok (the emulator) and the remote's state say about each pair.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ActionRun, Repo } from '../action/harness.js'
import { apply, CLIENT_KEY, CLIENT_SECRET, post, PUBLIC, type World } from '../action/apply-world.js'
import { putRepoSecret } from '../../src/github/secrets.js'
import { parseState, type State } from '../../src/state/index.js'
import { manifestYaml } from '../helpers/workspace.js'

export const ACCOUNTS = ['brand-us', 'brand-br'] as const
export const POSTS = ['a', 'b'] as const
export const SECRET_NAMES: Record<string, string> = { 'brand-us': 'TIKTOK_REFRESH_BRAND_US', 'brand-br': 'TIKTOK_REFRESH_BRAND_BR' }

/** 2 accounts × 2 posts, public direct posts (a SELF_ONLY post has no video id to check). */
export function twoByTwoManifest(): string {
  return manifestYaml({ accounts: [...ACCOUNTS], defaults: PUBLIC, posts: POSTS.map((p) => post(p, [...ACCOUNTS])).join('') })
}

/** The refresh token the repository secret holds now: the last write-back, else the seed. */
export function currentSecret(w: World, account: string): string {
  return w.github.secret(SECRET_NAMES[account]) ?? w.seeds[account]
}

const LATER_CLOCK = path.join(path.dirname(fileURLToPath(import.meta.url)), 'later-clock.cjs')

/** Environment that makes a spawned run's clock `ms` ahead (see later-clock.cjs). */
export function laterBy(ms: number): Record<string, string> {
  return ms ? { NODE_OPTIONS: `--require ${LATER_CLOCK}`, TIKTOK_TEST_CLOCK_OFFSET_MS: String(ms) } : {}
}

/** One push-event run of the bundle, with today's secrets and optional extra environment (a failpoint, a later clock). */
export function applyNow(w: World, repo: Repo, o: { workspace?: string; env?: Record<string, string> } = {}): Promise<ActionRun> {
  return apply(w, repo, {
    workspace: o.workspace,
    inputs: {
      secrets: JSON.stringify({ TIKTOK_CLIENT_KEY: CLIENT_KEY, TIKTOK_CLIENT_SECRET: CLIENT_SECRET, TIKTOK_REFRESH_BRAND_US: currentSecret(w, 'brand-us') })
    },
    env: { TIKTOK_REFRESH_BRAND_BR: currentSecret(w, 'brand-br'), ...o.env }
  })
}

/** The remote main's state, or undefined before the first push. */
export function remoteStateOrNone(repo: Repo): State | undefined {
  const text = repo.show('main', 'tiktok.state.json')
  return text === undefined ? undefined : parseState(text, 'main:tiktok.state.json')
}

export interface PairCensus {
  post: string
  account: string
  /** the remote state's record status, or 'absent' */
  status: string
  publishId?: string
  /** completed posts at TikTok for this pair */
  completed: number
  /** publish_ids TikTok handed out for this pair that never completed (inits abandoned by a crash) */
  abandoned: number
}

export function census(w: World, repo: Repo): PairCensus[] {
  const state = remoteStateOrNone(repo)
  const posts = w.emulator.posts()
  const out: PairCensus[] = []
  for (const p of POSTS) {
    for (const account of ACCOUNTS) {
      const rec = state?.posts[p]?.[account]
      const mine = posts.filter((x) => x.open_id === w.openIds[account] && (x.title ?? '').startsWith(`Post ${p} `))
      out.push({
        post: p,
        account,
        status: rec?.status ?? 'absent',
        publishId: rec?.publish_id,
        completed: mine.filter((x) => x.status === 'PUBLISH_COMPLETE').length,
        abandoned: mine.filter((x) => x.status !== 'PUBLISH_COMPLETE').length
      })
    }
  }
  return out
}

export function allFinal(c: PairCensus[]): boolean {
  return c.every((x) => x.status === 'published')
}

/**
 * What a person does after a run names an account whose refresh token died
 * (`tiktok-publish auth`, then store the token): a working refresh token for
 * that same TikTok account goes into the repository secret, sealed, through
 * GitHub's API as `gh secret set` does.
 */
export async function reauthorize(w: World, account: string): Promise<void> {
  const token = w.emulator.currentRefreshToken(w.openIds[account])
  if (!token) throw new Error(`the emulator has no refresh token for ${account}`)
  await putRepoSecret({ apiUrl: w.github.url, token: w.github.secretsToken, owner: 'acme', repo: 'videos', name: SECRET_NAMES[account], value: token })
}

/** Accounts a failed run names as refused by TikTok (invalid_grant) together with the fix for it. */
export function strandedAccounts(run: ActionRun): string[] {
  const text = run.stdout + run.stderr
  const out: string[] = []
  for (const account of ACCOUNTS) {
    const named = new RegExp(`TikTok refused the refresh token of account ${account} \\(invalid_grant\\)`).test(text)
    const fix = text.includes(`tiktok-publish auth --account ${account}`)
    if (named && fix) out.push(account)
  }
  return out
}
