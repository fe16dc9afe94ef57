import { Option, type Command } from 'commander'
import { UsageError } from '../errors.js'
import { parseShard } from '../select.js'

/** Flags shared by the commands that read a manifest. */
export interface CommonFlags {
  manifest: string
  state?: string
  accounts?: string
  shard?: string
  json?: boolean
}

export interface ApiFlags {
  apiBaseUrl?: string
  tokenStore?: string
}

export interface ApplyFlags extends CommonFlags, ApiFlags {
  dryRun?: boolean
  timeBudget: string
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

/** `--shard k/n` checked before anything is read: a malformed one is a usage error (exit 2), whichever command carries it. */
export function checkShardFlag(text: string | undefined): void {
  if (text === undefined) return
  try {
    parseShard(text)
  } catch {
    throw new UsageError(`--shard "${text}" is not of the form k/n with 1 ≤ k ≤ n`, { fix: 'write e.g. --shard 1/4 (the first of four shards)' })
  }
}
