import { Command, CommanderError } from 'commander'
import { systemClock, type Clock } from '../clock.js'
import { bugMessage, bugStack, isUserError, UsageError, UserError, UserErrors } from '../errors.js'
import { VERSION } from '../project.js'
import { registerCommands } from './commands.js'
import { terminalSafe } from './terminal.js'
import { checkShardFlag } from './options.js'

/** Exit statuses: 0 success, 1 a post failed or input was invalid, 2 usage error (the command line itself is wrong). */
export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2

export interface CliIO {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  env: NodeJS.ProcessEnv
  cwd: string
  /** what "now" is; tests that run months of daily runs in seconds move it */
  clock: Clock
}

/**
 * Runs the command line and returns the exit status. Commands set `exitCode`
 * on the context instead of calling process.exit, so tests can run them in-process.
 */
export async function main(argv: string[], io: Partial<CliIO> = {}): Promise<number> {
  const rawStderr = io.stderr ?? process.stderr
  const ctx: CliContext = {
    stdout: terminalSafe(io.stdout ?? process.stdout),
    stderr: terminalSafe(rawStderr),
    progress: rawStderr,
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
    clock: io.clock ?? systemClock,
    exitCode: EXIT_OK
  }
  const program = new Command('tiktok-publish')
    .description('Publish videos to TikTok from a YAML manifest, exactly once.')
    .version(VERSION, '-V, --version', 'print the version and exit')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s)
    })
    .showHelpAfterError('(run with --help for usage)')
  registerCommands(program, ctx)
  program.hook('preAction', (_, command) => checkShardFlag((command.opts() as { shard?: string }).shard))
  try {
    await program.parseAsync(argv, { from: 'user' })
    return ctx.exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version are exits with status 0 through the same path
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE
    }
    if (isUserError(error)) {
      const errs = error instanceof UserErrors ? error.errors : [error as UserError]
      for (const e of errs) ctx.stderr.write(`error: ${e.format()}\n`)
      return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILED
    }
    const debug = !!ctx.env.TIKTOK_PUBLISH_DEBUG
    ctx.stderr.write(`internal error: ${bugMessage(error, debug ? 'and the stack below' : 'run it again with TIKTOK_PUBLISH_DEBUG=1 for the stack')}\n`)
    if (debug) ctx.stderr.write(`${bugStack(error) ?? ''}\n`)
    return EXIT_FAILED
  }
}

export interface CliContext {
  /** what commands print: control and bidi characters shown as \u{…} (terminalSafe) */
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  /** the real standard error, for progress bars only: they draw with escapes of their own */
  progress?: NodeJS.WritableStream
  env: NodeJS.ProcessEnv
  cwd: string
  /** default: the system clock */
  clock?: Clock
  exitCode: number
}

/** The clock a command reads "now" from. */
export function clockOf(ctx: CliContext): Clock {
  return ctx.clock ?? systemClock
}
