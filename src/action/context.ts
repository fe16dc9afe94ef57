import { readFileSync } from 'node:fs'
import { UserError } from '../errors.js'
import { Inputs } from './constants.js'

/** What the runner tells a step about its run, read once from GITHUB_* variables and the event file. */
export interface RunContext {
  eventName: string
  workspace: string
  /** owner/repo */
  repository?: { owner: string; repo: string }
  sha?: string
  /** e.g. refs/heads/main */
  ref?: string
  /** GitHub's REST API: TIKTOK_PUBLISH_GITHUB_API_URL, else GITHUB_API_URL */
  apiUrl: string
  serverUrl: string
  runId?: string
  runAttempt?: string
  /** the pull request's number and base branch, on pull_request events */
  pullRequest?: { number: number; baseRef?: string }
  /** the repository's default branch, from the event's `repository.default_branch` */
  defaultBranch?: string
}

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  let payload: Record<string, unknown> = {}
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as Record<string, unknown>
    } catch {
      // a missing or unreadable event file only loses the pull request's number
      payload = {}
    }
  }
  const pr = payload.pull_request as { number?: unknown; base?: { ref?: unknown } } | undefined
  const number = typeof pr?.number === 'number' ? pr.number : typeof payload.number === 'number' ? payload.number : undefined
  const baseRef = typeof pr?.base?.ref === 'string' ? pr.base.ref : env.GITHUB_BASE_REF || undefined
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  const repository = payload.repository as { default_branch?: unknown } | undefined
  const defaultBranch = typeof repository?.default_branch === 'string' && repository.default_branch ? repository.default_branch : undefined
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    repository: owner && repo ? { owner, repo } : undefined,
    sha: env.GITHUB_SHA || undefined,
    ref: env.GITHUB_REF || undefined,
    // GITHUB_* cannot be overridden in a workflow; this lets a rehearsal point
    // the secret writes and comments at a local stand-in of GitHub's API
    apiUrl: (env.TIKTOK_PUBLISH_GITHUB_API_URL || env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    runId: env.GITHUB_RUN_ID || undefined,
    runAttempt: env.GITHUB_RUN_ATTEMPT || undefined,
    pullRequest: number !== undefined ? { number, baseRef } : undefined,
    defaultBranch
  }
}

/** The branch a push of the state goes to: the run's own branch. */
export function runBranch(ctx: RunContext): string {
  const m = /^refs\/heads\/(.+)$/.exec(ctx.ref ?? '')
  if (!m) {
    throw new UserError(`cannot commit the state: this run is not on a branch (GITHUB_REF is ${JSON.stringify(ctx.ref ?? '')})`, {
      fix: 'run apply on a push to a branch, a schedule or a workflow_dispatch on a branch; or set `state-branch:` to keep the state on its own branch; or `commit: false`'
    })
  }
  return m[1]
}

/** The branch the run is on (GITHUB_REF refs/heads/…), or undefined for a pull request's merge ref or a tag. */
export function branchOf(ctx: RunContext): string | undefined {
  return /^refs\/heads\/(.+)$/.exec(ctx.ref ?? '')?.[1]
}

/**
 * Merging is the consent to publish: `apply` publishes only from the branch
 * pull requests merge into (the repository's default branch, or the one the
 * `apply-branch` input names). GitHub lets anyone with write access dispatch a
 * workflow on any branch, and a push to any branch can run it; either would
 * publish a manifest nobody reviewed, with the repository's secrets. Checked
 * before anything else, so no token is refreshed or read.
 */
export function assertApplyBranch(ctx: RunContext, applyBranch: string | undefined): void {
  const branch = branchOf(ctx)
  // GitHub runs scheduled workflows only on the default branch, and their event names no repository
  const allowed = applyBranch ?? ctx.defaultBranch ?? (ctx.eventName === 'schedule' ? branch : undefined)
  const on = branch !== undefined ? `branch \`${branch}\`` : `${JSON.stringify(ctx.ref ?? '')}, which is not a branch`
  const event = ctx.eventName ? ` (${ctx.eventName})` : ''
  if (allowed === undefined) {
    throw new UserError(`apply cannot tell which branch it may publish from: the event names no default branch, and the \`${Inputs.applyBranch}\` input is not set. This run is on ${on}${event}; nothing was published and no token was touched`, {
      fix: `set \`${Inputs.applyBranch}:\` to the branch your pull requests merge into (e.g. \`${Inputs.applyBranch}: main\`)`
    })
  }
  if (branch !== allowed) {
    throw new UserError(
      `apply publishes only from ${applyBranch ? `the branch named by \`${Inputs.applyBranch}\`` : "the repository's default branch"}, \`${allowed}\`, where merging a reviewed pull request is the consent to publish; this run is on ${on}${event}. Nothing was published and no token was touched`,
      {
        fix: `merge the change into \`${allowed}\` and let that run publish; \`dry-run: true\` shows the plan from any branch; if this branch is where you publish from, name it with \`${Inputs.applyBranch}: ${branch ?? '<branch>'}\``
      }
    )
  }
}

export function runUrl(ctx: RunContext): string | undefined {
  if (!ctx.repository || !ctx.runId) return undefined
  return `${ctx.serverUrl}/${ctx.repository.owner}/${ctx.repository.repo}/actions/runs/${ctx.runId}${ctx.runAttempt ? `/attempts/${ctx.runAttempt}` : ''}`
}
