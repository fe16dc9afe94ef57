/** Shared set-up of the apply tests: an emulator, a fake GitHub, two creators, and a way to run the bundle on a push. */
import { randomBytes } from 'node:crypto'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { parseState } from '../../src/state/index.js'
import { FakeGitHubApi } from './fake-github.js'
import { git, repositoryPayload, runAction, type ActionRun, type Repo } from './harness.js'

export const CLIENT_KEY = `ck_${randomBytes(6).toString('hex')}`
// public posts: TikTok gives SELF_ONLY posts no public video id
export const PUBLIC = '  mode: direct\n  privacy: PUBLIC_TO_EVERYONE'
export const CLIENT_SECRET = `cs_${randomBytes(16).toString('hex')}`

export interface World {
  emulator: Emulator
  github: FakeGitHubApi
  openIds: Record<string, string>
  seeds: Record<string, string>
}

export async function world(): Promise<World> {
  const emulator = await startEmulator({ config: { rate_limits: false, processing_polls: 0, apps: [{ client_key: CLIENT_KEY, client_secret: CLIENT_SECRET, audited: true }] } })
  const github = await FakeGitHubApi.start()
  const openIds: Record<string, string> = {}
  const seeds: Record<string, string> = {}
  for (const name of ['brand-us', 'brand-br']) {
    const t = emulator.addAccount({ username: name.replace('-', '_'), nickname: name.toUpperCase() })
    openIds[name] = t.open_id
    seeds[name] = t.refresh_token
  }
  return { emulator, github, openIds, seeds }
}

export function post(id: string, accounts: string[], extra = ''): string {
  return `  - id: ${id}\n    video: media/${id === 'b' ? 'b' : 'a'}.mp4\n    caption: "Post ${id} #test"\n    accounts: [${accounts.join(', ')}]\n${extra}`
}

export async function apply(
  w: World,
  repo: Repo,
  o: { workspace?: string; eventName?: string; inputs?: Record<string, string>; env?: Record<string, string>; during?: () => Promise<void> } = {}
): Promise<ActionRun> {
  const ws = o.workspace ?? repo.clone(`ws-${randomBytes(3).toString('hex')}`)
  const sha = git(ws, 'rev-parse', 'HEAD').trim()
  const eventName = o.eventName ?? 'push'
  const event = eventName === 'schedule' ? { schedule: '*/30 * * * *', repository: repositoryPayload() } : { ref: 'refs/heads/main', after: sha, repository: repositoryPayload() }
  return runAction({
    workspace: ws,
    eventName,
    event,
    sha,
    ref: 'refs/heads/main',
    apiUrl: w.github.url,
    inputs: {
      'api-base-url': w.emulator.url,
      'github-token': w.github.commentToken,
      'secrets-token': w.github.secretsToken,
      // one account's refresh token through the `secrets` input, the other through env
      secrets: JSON.stringify({ TIKTOK_CLIENT_KEY: CLIENT_KEY, TIKTOK_CLIENT_SECRET: CLIENT_SECRET, TIKTOK_REFRESH_BRAND_US: w.seeds['brand-us'] }),
      ...o.inputs
    },
    env: { TIKTOK_REFRESH_BRAND_BR: w.seeds['brand-br'], ...o.env },
    during: o.during
  })
}

export function remoteState(repo: Repo) {
  const text = repo.show('main', 'tiktok.state.json')
  if (text === undefined) throw new Error('no state on the remote main')
  return parseState(text, 'main:tiktok.state.json')
}

/** Every access token the emulator has issued (kept private by the emulator; read here only to scan for leaks). */
export function issuedAccessTokens(e: Emulator): string[] {
  return [...(e as unknown as { accessTokens: Map<string, unknown> }).accessTokens.keys()]
}

