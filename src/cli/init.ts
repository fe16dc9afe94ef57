import { execFileSync } from 'node:child_process'
import { access, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { UsageError, UserError } from '../errors.js'
import { checkName } from '../manifest/checks.js'
import {
  CLIENT_KEY_SECRET,
  CLIENT_SECRET_SECRET,
  COMMENT_WORKFLOW_FILE,
  commentWorkflowTemplate,
  EXAMPLE_VIDEO,
  GUIDE_URL,
  MANIFEST_FILE,
  manifestTemplate,
  NPX_FROM_GITHUB,
  refreshSecretName,
  SECRETS_TOKEN_SECRET,
  WORKFLOW_FILE,
  workflowTemplate
} from '../onboarding/templates.js'
import type { CliContext } from './context.js'

export interface InitFlags {
  dir: string
  account: string
  /** default: the repository's own default branch */
  branch?: string
  stateBranch?: string
  forkComments?: boolean
  force?: boolean
}

const BRANCH_NAME = /^(?!-)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._\/-]+(?<![./])$/

/**
 * The branch whose pushes publish: the remote's default branch if the clone
 * knows it, else the branch checked out (a fresh `git init` on `master` has
 * no commit yet, but HEAD already names it), else `main`.
 */
export function defaultBranch(dir: string): { branch: string; from: string } {
  const git = (...args: string[]): string | undefined => {
    try {
      return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined
    } catch {
      return undefined
    }
  }
  const remote = git('symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD')
  if (remote?.startsWith('origin/')) return { branch: remote.slice('origin/'.length), from: "origin's default branch" }
  const head = git('symbolic-ref', '--quiet', '--short', 'HEAD')
  if (head) return { branch: head, from: 'the branch checked out here' }
  return { branch: 'main', from: 'no git repository here, so the usual default' }
}

/** `tiktok-publish init`: the manifest and the workflow, then the next three steps. */
export async function runInit(flags: InitFlags, ctx: CliContext): Promise<void> {
  const problem = checkName('account', flags.account)
  if (problem) throw new UsageError(`--account: ${problem.message}`, { fix: problem.fix })
  for (const [flag, value] of [['--branch', flags.branch], ['--state-branch', flags.stateBranch]] as const) {
    if (value !== undefined && !BRANCH_NAME.test(value)) throw new UsageError(`${flag} "${value}" is not a branch name`, { fix: `write e.g. ${flag} ${flag === '--branch' ? 'main' : 'tiktok-state'}` })
  }

  const dir = path.resolve(ctx.cwd, flags.dir)
  const detected = flags.branch ? { branch: flags.branch, from: '--branch' } : defaultBranch(dir)
  if (flags.stateBranch && flags.stateBranch === detected.branch) {
    throw new UsageError(`--state-branch ${flags.stateBranch} is the branch that publishes`, { fix: 'name a separate branch for the state, e.g. --state-branch tiktok-state' })
  }
  const files: [string, string][] = [
    [MANIFEST_FILE, manifestTemplate(flags.account)],
    [WORKFLOW_FILE, workflowTemplate({ branch: detected.branch, account: flags.account, stateBranch: flags.stateBranch, forkComments: flags.forkComments })]
  ]
  if (flags.forkComments) files.push([COMMENT_WORKFLOW_FILE, commentWorkflowTemplate()])
  // All or nothing: checking every file first means a refusal writes none.
  const existing: string[] = []
  for (const [rel] of files) if (await exists(path.join(dir, rel))) existing.push(rel)
  if (existing.length && !flags.force) {
    throw new UserError(`${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''} in ${dir}`, {
      fix: 'run init with --force to overwrite, or edit the existing files'
    })
  }
  for (const [rel, text] of files) {
    const abs = path.join(dir, rel)
    await mkdir(path.dirname(abs), { recursive: true })
    await writeFile(abs, text)
    ctx.stdout.write(`wrote ${rel}${existing.includes(rel) ? ' (overwritten)' : ''}\n`)
  }

  const refresh = refreshSecretName(flags.account)
  const lines = [
    '',
    `The workflow publishes on pushes to ${detected.branch} (${detected.from}; --branch to change it)` +
      (flags.stateBranch ? ` and commits the state to ${flags.stateBranch}.` : ' and commits the state there.'),
    '',
    'Next steps:',
    '  1. Create the repository secrets (Settings → Secrets and variables → Actions):',
    `       ${CLIENT_KEY_SECRET}, ${CLIENT_SECRET_SECRET}   your TikTok app's client key and secret`,
    `       ${SECRETS_TOKEN_SECRET}              a token with "Secrets" and "Environments: read and write" on this repository`,
    '                                               (TikTok rotates refresh tokens; each run writes the new one back,',
    '                                               to the secrets of the apply job\'s environment tiktok-publish)',
    `  2. Authorize the account; its refresh token goes straight into the secret ${refresh}:`,
    `       export ${CLIENT_KEY_SECRET}=… ${CLIENT_SECRET_SECRET}=… GH_TOKEN=…`,
    `       ${NPX_FROM_GITHUB} auth --account ${flags.account} --github-secret ${refresh} --repo OWNER/REPO`,
    '     The app is not audited: set the account to private in the TikTok app first (auth says if it is not).',
    `  3. Put a video at ${EXAMPLE_VIDEO}, commit, open a pull request and read the plan comment.`,
    '     Merge it: the first post goes out on the first run.',
    `Guide: ${GUIDE_URL}`
  ]
  ctx.stdout.write(lines.join('\n') + '\n')
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file)
    return true
  } catch {
    return false
  }
}
