import { access, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { UserError } from '../errors.js'
import { checkName } from '../manifest/checks.js'
import {
  CLIENT_KEY_SECRET,
  CLIENT_SECRET_SECRET,
  EXAMPLE_VIDEO,
  GUIDE_URL,
  MANIFEST_FILE,
  manifestTemplate,
  refreshSecretName,
  SECRETS_TOKEN_SECRET,
  WORKFLOW_FILE,
  workflowTemplate
} from '../onboarding/templates.js'
import type { CliContext } from './main.js'

export interface InitFlags {
  dir: string
  account: string
  branch: string
  force?: boolean
}

/** `tiktok-publish init`: the manifest and the workflow, then what to do next. */
export async function runInit(flags: InitFlags, ctx: CliContext): Promise<void> {
  const problem = checkName('account', flags.account)
  if (problem) throw new UserError(`--account: ${problem.message}`, { fix: problem.fix })
  if (!/^[A-Za-z0-9._\/-]+$/.test(flags.branch)) throw new UserError(`--branch "${flags.branch}" is not a branch name`, { fix: 'write e.g. --branch main' })

  const dir = path.resolve(ctx.cwd, flags.dir)
  const files: [string, string][] = [
    [MANIFEST_FILE, manifestTemplate(flags.account)],
    [WORKFLOW_FILE, workflowTemplate(flags.branch)]
  ]
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
    'Repository secrets to create (Settings → Secrets and variables → Actions):',
    `  ${CLIENT_KEY_SECRET}             the app's client key (TikTok developer portal)`,
    `  ${CLIENT_SECRET_SECRET}          the app's client secret`,
    `  ${refresh.padEnd(29)} the refresh token of account ${flags.account} (auth writes it)`,
    `  ${SECRETS_TOKEN_SECRET}  a GitHub token allowed to write this repository's secrets and its environments' (Secrets and Environments: read and write; refresh tokens rotate on every refresh, and the apply job keeps them in the environment tiktok-publish)`,
    '',
    'Next steps:',
    `  1. In TikTok's developer portal, add Login Kit and Content Posting API to the app and register the`,
    '     redirect URI http://127.0.0.1:*/callback (desktop).',
    `  2. export ${CLIENT_KEY_SECRET}=… ${CLIENT_SECRET_SECRET}=…`,
    `  3. tiktok-publish auth --account ${flags.account} --github-secret ${refresh} --repo OWNER/REPO`,
    `     (or without --github-secret to keep the token in the local token store, for a server)`,
    '  4. auth prints the account\'s privacy options: the app is not audited, so set the account to private',
    '     in the TikTok app if it is public. (With a local token store, `tiktok-publish doctor` checks it all.)',
    `  5. Put a video at ${EXAMPLE_VIDEO}, open a pull request, read the plan comment, merge.`,
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
