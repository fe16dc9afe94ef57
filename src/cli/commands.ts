import type { Command } from 'commander'
import type { CliContext } from './context.js'
import { registerEmulatorCommand } from './emulator.js'
import { registerOnboardingCommands } from './onboarding.js'
import { addApiOptions, addApplyOptions, addCommonOptions, type ApplyFlags, type CommonFlags } from './options.js'
import type { ResolveFlags } from './resolve.js'
import type { StatusFlags } from './status.js'

/**
 * Every subcommand registers here, in the order `--help` lists them. Each
 * command's module is imported when that command runs, not before: `validate`
 * never loads the HTTP client, the emulator or the progress bars, and a start
 * costs what the command needs.
 */
export function registerCommands(program: Command, ctx: CliContext): void {
  registerValidate(program, ctx)
  registerPlan(program, ctx)
  registerApply(program, ctx)
  registerStatus(program, ctx)
  registerResolve(program, ctx)
  registerOnboardingCommands(program, ctx)
  registerEmulatorCommand(program, ctx)
  registerDemo(program, ctx)
}

function registerValidate(program: Command, ctx: CliContext): void {
  addCommonOptions(program.command('validate').description('check the manifest, its videos and the state file; no network')).action(async (flags: CommonFlags) =>
    (await import('./validate.js')).runValidate(flags, ctx)
  )
}

function registerPlan(program: Command, ctx: CliContext): void {
  addCommonOptions(program.command('plan').description('show what a run would do now; no network')).action(async (flags: CommonFlags) =>
    (await import('./plan.js')).runPlan(flags, ctx)
  )
}

function registerApply(program: Command, ctx: CliContext): void {
  addApplyOptions(addCommonOptions(program.command('apply').description('publish what is due, poll until final, write the state'))).action(async (flags: ApplyFlags) =>
    (await import('./apply.js')).runApply(flags, ctx)
  )
}

function registerStatus(program: Command, ctx: CliContext): void {
  addApiOptions(addCommonOptions(program.command('status').description('what was posted where; live TikTok status of posts in flight')))
    .option('--offline', 'the state file only: no TikTok request')
    .action(async (flags: StatusFlags) => (await import('./status.js')).runStatus(flags, ctx))
}

function registerResolve(program: Command, ctx: CliContext): void {
  program
    .command('resolve')
    .description('settle an `unknown` pair after checking the account in TikTok')
    .argument('<post>', 'post id')
    .argument('<account>', 'account name')
    .option('--published <video_id>', 'the post is on the account: record its video id')
    .option('--not-published', 'the post is not on the account: let the next run publish it')
    .option('--manifest <file>', 'path of the manifest', 'tiktok.yml')
    .option('--state <file>', 'path of the state file (default: tiktok.state.json beside the manifest)')
    .action(async (post: string, account: string, flags: ResolveFlags) => (await import('./resolve.js')).runResolve(post, account, flags, ctx))
}

function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('publish the bundled example manifest against the bundled TikTok emulator (no credentials)')
    .option('--fresh', 'forget the demo state first, so everything is published again')
    .action(async (flags: { fresh?: boolean }) => (await import('./demo.js')).runDemo(flags, ctx))
}
