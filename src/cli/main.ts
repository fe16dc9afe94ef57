import { Command, CommanderError } from 'commander'
import { systemClock } from '../clock.js'
import { bugMessage, bugStack, isUserError, UsageError, UserError, UserErrors } from '../errors.js'
import { VERSION } from '../project.js'
import { registerCommands } from './commands.js'
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliContext, type CliIO } from './context.js'
import { checkShardFlag } from './options.js'
import { cliSettings } from './settings.js'
import { terminalSafe } from './terminal.js'

export { EXIT_FAILED, EXIT_OK, EXIT_USAGE, clockOf, type CliContext, type CliIO } from './context.js'

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
    const debug = cliSettings(ctx).debug
    ctx.stderr.write(`internal error: ${bugMessage(error, debug ? 'and the stack below' : 'run it again with TIKTOK_PUBLISH_DEBUG=1 for the stack')}\n`)
    if (debug) ctx.stderr.write(`${bugStack(error) ?? ''}\n`)
    return EXIT_FAILED
  }
}
