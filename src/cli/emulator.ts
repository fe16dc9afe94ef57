import { resolve } from 'node:path'
import type { Command } from 'commander'
import { UsageError, UserError } from '../errors.js'
import type { Emulator, EmulatorConfig } from '../emulator/index.js'
import type { CliContext } from './context.js'

export interface EmulatorFlags {
  port?: string
  config?: string
  unaudited?: boolean
}

/**
 * `--unaudited`: the road most users take. The app is not audited and the
 * creator who signs in on the authorize page has a private account, as TikTok
 * requires of an unaudited app's direct posts.
 */
export function unauditedConfig(config: EmulatorConfig): EmulatorConfig {
  const apps = config.apps?.length ? config.apps : [{ client_key: 'emu_client_key', client_secret: 'emu_client_secret' }]
  return { ...config, apps: apps.map((a) => ({ ...a, audited: false })), authorize_private: config.authorize_private ?? true }
}

export function parsePort(value: string | undefined): number {
  if (value === undefined) return 0
  const n = Number(value)
  if (!/^\d+$/.test(value) || n > 65535) {
    throw new UsageError(`--port ${JSON.stringify(value)} is not a port number`, { fix: 'pass an integer from 0 to 65535 (0 picks a free port)' })
  }
  return n
}

/**
 * Starts the emulator, prints its base URL as the first line of stdout (scripts
 * read it) and a hint on stderr, serves until `stop` settles, then closes.
 */
export async function serveEmulator(flags: EmulatorFlags, ctx: CliContext, stop: Promise<unknown>, onStarted?: (emu: Emulator) => void): Promise<void> {
  const port = parsePort(flags.port)
  // the emulator is a whole server: loaded only by the command that runs it
  const { loadEmulatorConfigFile, startEmulator } = await import('../emulator/index.js')
  const loaded: EmulatorConfig = flags.config ? await loadEmulatorConfigFile(resolve(ctx.cwd, flags.config)) : {}
  const config = flags.unaudited ? unauditedConfig(loaded) : loaded
  let emu: Emulator
  try {
    emu = await startEmulator({ port, config })
  } catch (error) {
    throw new UserError(`the emulator cannot listen on port ${port}: ${(error as Error).message}`, { fix: 'choose another --port, or --port 0 for any free one' })
  }
  ctx.stdout.write(`${emu.url}\n`)
  ctx.stderr.write(hint(emu, config))
  onStarted?.(emu)
  try {
    await stop
  } finally {
    await emu.close()
  }
}

function hint(emu: Emulator, config: EmulatorConfig): string {
  const apps = config.apps?.length
    ? config.apps.map((a) => `  app ${a.client_key} (${a.audited === false ? 'unaudited' : 'audited'}; client_secret as in the config)`)
    : ['  app emu_client_key, client_secret emu_client_secret (the built-in test app, audited; --unaudited for the usual road)']
  return [
    `TikTok API emulator: use ${emu.url} as --api-base-url (or TIKTOK_API_BASE_URL).`,
    ...apps,
    `  the authorize page signs in at once as creator emu_creator (${config.authorize_private ? 'private' : 'public'} account); add &username=NAME for another creator`,
    `  seed a creator: curl -s -X POST ${emu.url}/_emulator/accounts -d '{"username":"me","private":true}'`,
    `    (answers open_id, access_token and refresh_token; the emulator's README covers faults, ledger and clock)`,
    '  Ctrl-C stops it.',
    ''
  ].join('\n')
}

/** Resolves on the first SIGINT or SIGTERM, and stops listening for both. */
export function nextStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on)
      process.off('SIGTERM', on)
      resolveSignal(signal)
    }
    process.on('SIGINT', on)
    process.on('SIGTERM', on)
  })
}

export function registerEmulatorCommand(program: Command, ctx: CliContext): void {
  program
    .command('emulator')
    .description("run a local stand-in for TikTok's API (rehearsals, the demo, tests); prints its base URL first")
    .option('--port <n>', 'port to listen on; 0 picks a free one', '0')
    .option('--config <file>', 'JSON or YAML emulator config: apps, accounts, limits, pull_rewrite')
    .option('--unaudited', 'an unaudited app whose authorize page signs in a private account (the road most users take)')
    .action(async (flags: EmulatorFlags) => {
      await serveEmulator(flags, ctx, nextStopSignal())
    })
}
