import path from 'node:path'
import { parseDuration } from '../duration.js'
import { UsageError, UserError } from '../errors.js'
import { plainHttpAllowed } from '../tiktok/base-url.js'
import { defaultTokenStorePath } from '../tiktok/tokens.js'
import type { CliContext } from './context.js'
import type { ApplyFlags, CommonFlags } from './options.js'

/**
 * Every environment variable the command line reads, and nowhere else in
 * src/cli: a command turns its flags and these into its settings once, first
 * thing, so a malformed value fails before anything is read or touched.
 * (Secrets are read by the names the manifest gives them, through `secret`.)
 */
export const ENV = {
  apiBaseUrl: 'TIKTOK_API_BASE_URL',
  tokenStore: 'TIKTOK_PUBLISH_TOKEN_STORE',
  debug: 'TIKTOK_PUBLISH_DEBUG',
  pollMs: 'TIKTOK_PUBLISH_POLL_MS',
  chunkMb: 'TIKTOK_PUBLISH_CHUNK_MB',
  mediaRewrite: 'TIKTOK_PUBLISH_MEDIA_REWRITE',
  githubToken: 'GITHUB_TOKEN',
  ghToken: 'GH_TOKEN',
  githubApiUrl: 'GITHUB_API_URL'
} as const

/** What every command knows: where it runs and how to read a secret by name. */
export interface CliSettings {
  cwd: string
  /** TIKTOK_PUBLISH_DEBUG: debug lines in the log */
  debug: boolean
  /** a secret's value by the name the manifest gives it; empty is unset */
  secret: (name: string) => string | undefined
}

/** The commands that read a manifest: validate, plan, status, resolve. */
export interface ManifestSettings extends CliSettings {
  manifestPath: string
  /** undefined: tiktok.state.json beside the manifest */
  statePath?: string
  accounts?: string
  shard?: string
  json: boolean
}

/** The commands that talk to TikTok. */
export interface ApiSettings extends CliSettings {
  apiBaseUrl: string
  /** absolute: --token-store, else $TIKTOK_PUBLISH_TOKEN_STORE, else the user's config folder */
  tokenStorePath: string
}

export interface ApplySettings extends ManifestSettings {
  dryRun: boolean
  timeBudgetMs: number
  lockWaitMs: number
  /** absent on a dry run, which talks to nobody */
  api?: ApiSettings & {
    pollIntervalsMs?: number[]
    /** TIKTOK_PUBLISH_CHUNK_MB, in MiB */
    chunkMiB?: number
    servedRewrite?: Record<string, string>
  }
}

export function cliSettings(ctx: CliContext): CliSettings {
  const env = ctx.env
  return { cwd: ctx.cwd, debug: !!env[ENV.debug], secret: (name) => env[name] || undefined }
}

export function manifestSettings(flags: CommonFlags, ctx: CliContext): ManifestSettings {
  return {
    ...cliSettings(ctx),
    manifestPath: path.resolve(ctx.cwd, flags.manifest),
    statePath: flags.state ? path.resolve(ctx.cwd, flags.state) : undefined,
    accounts: flags.accounts,
    shard: flags.shard,
    json: !!flags.json
  }
}

export function apiSettings(flags: { apiBaseUrl?: string; tokenStore?: string }, ctx: CliContext): ApiSettings {
  return { ...cliSettings(ctx), apiBaseUrl: apiBaseUrl(flags.apiBaseUrl ?? ctx.env[ENV.apiBaseUrl]), tokenStorePath: tokenStorePath(flags, ctx) }
}

/** The flags first, in the order a person reads them: a malformed one is a usage error, whatever the manifest holds. */
export function applySettings(flags: ApplyFlags, ctx: CliContext): ApplySettings {
  const timeBudget = timeBudgetMs(flags.timeBudget)
  const api = apiSettings(flags, ctx)
  const settings: ApplySettings = { ...manifestSettings(flags, ctx), dryRun: !!flags.dryRun, timeBudgetMs: timeBudget, lockWaitMs: lockWaitMs(flags.lockWait) }
  if (settings.dryRun) return settings
  const env = ctx.env
  return {
    ...settings,
    api: { ...api, pollIntervalsMs: pollIntervals(env[ENV.pollMs]), chunkMiB: chunkMiB(env[ENV.chunkMb]), servedRewrite: mediaRewrite(env[ENV.mediaRewrite]) }
  }
}

/** Where `auth --github-secret` writes: the token and API of GitHub, when a secret is to be written. */
export function githubSettings(flags: { githubToken?: string }, ctx: CliContext): { token?: string; apiUrl: string } {
  const env = ctx.env
  return { token: flags.githubToken ?? (env[ENV.githubToken] || env[ENV.ghToken] || undefined), apiUrl: env[ENV.githubApiUrl] || 'https://api.github.com' }
}

export function tokenStorePath(flags: { tokenStore?: string }, ctx: CliContext): string {
  return path.resolve(ctx.cwd, flags.tokenStore ?? defaultTokenStorePath(ctx.env))
}

export function apiBaseUrl(text: string | undefined): string {
  const url = text ?? 'https://open.tiktokapis.com'
  let parsed: URL
  try {
    parsed = new URL(url)
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('protocol')
  } catch {
    throw new UsageError(`--api-base-url "${url}" is not an http(s) URL`, { fix: 'write e.g. --api-base-url https://open.tiktokapis.com' })
  }
  if (!plainHttpAllowed(parsed)) {
    throw new UsageError(`--api-base-url "${url}" is plain http:// to ${parsed.hostname}, which would send the client secret and tokens unencrypted`, {
      fix: 'use https://, or http:// only to this machine (127.0.0.1, ::1 or localhost: the emulator)'
    })
  }
  return url
}

export function timeBudgetMs(text: string): number {
  const ms = parseDuration(text)
  if (ms === undefined || ms <= 0) {
    throw new UsageError(`--time-budget "${text}" is not a duration`, { fix: 'write e.g. --time-budget 20m (units: s, m, h)' })
  }
  return ms
}

export function lockWaitMs(text: string): number {
  const ms = text.trim() === '0' ? 0 : parseDuration(text)
  if (ms === undefined) {
    throw new UsageError(`--lock-wait "${text}" is not a duration`, { fix: 'write e.g. --lock-wait 1m, or --lock-wait 0 to stand aside at once' })
  }
  return ms
}

/**
 * Waits between status polls, for rehearsals against the emulator whose
 * processing takes milliseconds (TIKTOK_PUBLISH_POLL_MS=50,100). TikTok's own
 * processing takes seconds to minutes, hence the engine's default.
 */
export function pollIntervals(text: string | undefined): number[] | undefined {
  if (!text) return undefined
  const list = text.split(',').map((s) => Number(s.trim()))
  if (list.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new UserError(`${ENV.pollMs} "${text}" is not a comma-separated list of milliseconds`, { fix: `write e.g. ${ENV.pollMs}=500,1000,2000` })
  }
  return list
}

/**
 * Upload chunk size in MiB (TIKTOK_PUBLISH_CHUNK_MB, 5–64): smaller chunks
 * lose less to a flaky connection; the default 64 makes the fewest requests.
 */
export function chunkMiB(text: string | undefined): number | undefined {
  if (!text) return undefined
  const mb = Number(text)
  if (!Number.isInteger(mb) || mb < 5 || mb > 64) {
    throw new UserError(`${ENV.chunkMb} "${text}" is not a whole number of MiB from 5 to 64`, { fix: `write e.g. ${ENV.chunkMb}=16 (TikTok takes chunks of 5 to 64 MB)` })
  }
  return mb
}

/**
 * Where served photos are fetched from for the served-bytes check
 * (TIKTOK_PUBLISH_MEDIA_REWRITE=FROM=TO[,FROM=TO]), so a rehearsal can serve
 * `media/` from a local server while the manifest keeps its real https URLs.
 */
export function mediaRewrite(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined
  const out: Record<string, string> = {}
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=')
    if (at <= 0 || at === pair.length - 1) {
      throw new UserError(`${ENV.mediaRewrite} "${text}" is not a list of FROM=TO URL prefixes`, {
        fix: `write e.g. ${ENV.mediaRewrite}=https://media.example.com/=http://127.0.0.1:8080/`
      })
    }
    out[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return out
}
