import { systemClock, type Clock } from '../clock.js'

/** Exit statuses: 0 success, 1 a post failed or input was invalid, 2 usage error (the command line itself is wrong). */
export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2

/** What a run of the command line is given from outside: its streams, environment, folder and clock. */
export interface CliIO {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  env: NodeJS.ProcessEnv
  cwd: string
  /** what "now" is; tests that run months of daily runs in seconds move it */
  clock: Clock
}

/**
 * What every command is handed. It lives apart from main.ts so that a command
 * never imports the entry that loads it: the imports of src/cli point one way.
 */
export interface CliContext {
  /** what commands print: control and bidi characters shown as \u{…} (terminalSafe) */
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  /** the real standard error, for progress bars only: they draw with escapes of their own */
  progress?: NodeJS.WritableStream
  /** read by settings.ts only: each command turns it and its flags into its settings once */
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
