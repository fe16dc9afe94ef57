import type { Command } from 'commander'
import type { CliContext } from './main.js'

/** Every subcommand registers itself here, one module per command. */
export function registerCommands(program: Command, ctx: CliContext): void {
  void program
  void ctx
}
