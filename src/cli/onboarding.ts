import type { Command } from 'commander'
import type { CliContext } from './main.js'

/** auth, init and doctor register here. */
export function registerOnboardingCommands(program: Command, ctx: CliContext): void {
  void program
  void ctx
}
