import { Option, type Command } from 'commander'
import path from 'node:path'
import { parseDuration } from '../duration.js'
import { UsageError, UserError } from '../errors.js'
import { parseShard } from '../select.js'
import type { CliContext } from './main.js'
import { plainHttpAllowed } from '../tiktok/base-url.js'

/** Flags shared by the commands that read a manifest. */
export interface CommonFlags {
  manifest: string
  state?: string
  accounts?: string
  shard?: string
  json?: boolean
}

export interface ApplyFlags extends CommonFlags {
  apiBaseUrl?: string
  dryRun?: boolean
  timeBudget: string
  tokenStore?: string
  lockWait: string
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--manifest <file>', 'path of the manifest', 'tiktok.yml')
    .option('--state <file>', 'path of the state file (default: tiktok.state.json beside the manifest)')
    .option('--accounts <list>', 'only these accounts (comma-separated names or globs)')
    .option('--shard <k/n>', 'only the k-th of n shards of the accounts')
    .option('--json', 'print JSON for machines instead of a table')
}

export function addApiOptions(cmd: Command): Command {
  return cmd
    .option('--api-base-url <url>', 'TikTok API base URL (default: $TIKTOK_API_BASE_URL or https://open.tiktokapis.com)')
    .option('--token-store <file>', 'file that keeps rotated refresh tokens (default: $TIKTOK_PUBLISH_TOKEN_STORE or ~/.config/tiktok-publish/tokens.json)')
}

export function addApplyOptions(cmd: Command): Command {
  return addApiOptions(cmd)
    .option('--dry-run', 'plan and validate, touch nothing')
    .addOption(new Option('--time-budget <duration>', 'stop starting new work after this long').default('20m'))
    .addOption(new Option('--lock-wait <duration>', 'when another run holds the state, wait this long for it, then stand aside (exit 0)').default('1m'))
}

export function resolvePaths(flags: CommonFlags, ctx: CliContext): { manifestPath: string; statePath?: string } {
  return {
    manifestPath: path.resolve(ctx.cwd, flags.manifest),
    statePath: flags.state ? path.resolve(ctx.cwd, flags.state) : undefined
  }
}

export function apiBaseUrl(flags: { apiBaseUrl?: string }, ctx: CliContext): string {
  const url = flags.apiBaseUrl ?? ctx.env.TIKTOK_API_BASE_URL ?? 'https://open.tiktokapis.com'
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

/** `--shard k/n` checked before anything is read: a malformed one is a usage error (exit 2), whichever command carries it. */
export function checkShardFlag(text: string | undefined): void {
  if (text === undefined) return
  try {
    parseShard(text)
  } catch {
    throw new UsageError(`--shard "${text}" is not of the form k/n with 1 ≤ k ≤ n`, { fix: 'write e.g. --shard 1/4 (the first of four shards)' })
  }
}

export function lockWaitMs(text: string): number {
  const ms = text.trim() === '0' ? 0 : parseDuration(text)
  if (ms === undefined) {
    throw new UsageError(`--lock-wait "${text}" is not a duration`, { fix: 'write e.g. --lock-wait 1m, or --lock-wait 0 to stand aside at once' })
  }
  return ms
}
