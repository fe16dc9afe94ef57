import { Option, type Command } from 'commander'
import type { AuthFlags } from './auth.js'
import type { CliContext } from './context.js'
import type { DoctorFlags } from './doctor.js'
import type { InitFlags } from './init.js'
import { addApiOptions } from './options.js'

/** auth, init and doctor register here; each loads its module only when it runs. */
export function registerOnboardingCommands(program: Command, ctx: CliContext): void {
  program
    .command('auth')
    .description("authorize a TikTok account in a browser and store its refresh token (never printed)")
    .requiredOption('--account <name>', 'the account name, as in the manifest; the token is stored under it')
    .option('--app <name>', "the manifest's app (default: the account's app)")
    .option('--manifest <file>', 'path of the manifest', 'tiktok.yml')
    .option('--scopes <list>', 'comma-separated scopes to request (default: user.info.basic,video.publish,video.upload,video.list)')
    .option('--port <n>', 'loopback port for the redirect (default: any free port)')
    .option('--no-open', 'print the URL only; do not start a browser')
    .option('--token-store <file>', 'file that keeps refresh tokens (default: $TIKTOK_PUBLISH_TOKEN_STORE or ~/.config/tiktok-publish/tokens.json)')
    .option('--github-secret <name>', 'store the refresh token in this repository secret instead of the token store (needs --repo)')
    .option('--repo <owner/name>', 'the repository for --github-secret')
    .option('--github-token <token>', 'token that may write Actions secrets (default: $GITHUB_TOKEN or $GH_TOKEN)')
    .option('--api-base-url <url>', 'TikTok API base URL (default: $TIKTOK_API_BASE_URL or https://open.tiktokapis.com)')
    .option('--auth-url <url>', "TikTok's authorize page (default: https://www.tiktok.com/v2/auth/authorize/, or the --api-base-url's for the emulator)")
    .addOption(new Option('--timeout <duration>', 'how long to wait for the browser').default('5m'))
    .action(async (flags: AuthFlags) => (await import('./auth.js')).runAuth(flags, ctx))

  program
    .command('init')
    .description('write a starter tiktok.yml and GitHub workflow')
    .option('--dir <dir>', 'where to write them (the repository root)', '.')
    .option('--account <name>', 'name of the first account', 'my-account')
    .option('--branch <name>', "the branch whose pushes publish (default: the repository's default branch)")
    .option('--state-branch <name>', 'commit the state to this branch, for a default branch protected by required reviews')
    .option('--fork-comments', "also write a workflow_run workflow that posts the plan comment on pull requests from forks")
    .option('--force', 'overwrite existing files')
    .action(async (flags: InitFlags) => (await import('./init.js')).runInit(flags, ctx))

  addApiOptions(
    program
      .command('doctor')
      .description('check every account: secrets, token refresh, scopes, creator settings')
      .option('--manifest <file>', 'path of the manifest', 'tiktok.yml')
      .option('--accounts <list>', 'only these accounts (comma-separated names or globs)')
  ).action(async (flags: DoctorFlags) => (await import('./doctor.js')).runDoctor(flags, ctx))
}
