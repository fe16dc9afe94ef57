import * as core from '@actions/core'
import path from 'node:path'
import { bugMessage, bugStack, UserError, UserErrors } from '../errors.js'
import type { Plan } from '../plan/index.js'
import type { PairOutcome } from '../publish/engine.js'
import { applyCommand } from './apply-command.js'
import { Outputs } from './constants.js'
import { readRunContext, type RunContext } from './context.js'
import { octokitIssueComments } from './github.js'
import { ActionsLogger } from './logger.js'
import { logSafe } from './log-safe.js'
import { planCommand } from './plan-command.js'
import { describeSettings, readSettings } from './settings.js'
import { writeSummary } from './summary.js'

/** The `plan` output: one entry per (post, account), as the planner decided. */
export function planOutput(plan: Plan): string {
  return JSON.stringify(
    plan.actions.map((a) => ({
      post: a.post,
      account: a.account,
      action: a.kind,
      reason: a.reason,
      ...(a.code ? { code: a.code } : {}),
      ...(a.earliest ? { earliest: a.earliest } : {}),
      ...(a.mode ? { mode: a.mode } : {}),
      warnings: a.warnings
    }))
  )
}

/** The `published` output: what this run put on TikTok. */
export function publishedOutput(outcomes: PairOutcome[]): string {
  return JSON.stringify(
    outcomes
      .filter((o) => o.status === 'published')
      // every key present: a SELF_ONLY post has no public video id or URL at TikTok
      .map((o) => ({ post: o.post, account: o.account, publish_id: o.publish_id ?? null, video_id: o.video_id ?? null, url: o.url ?? null }))
  )
}

/** An annotation on the manifest line (paths relative to the repository, as GitHub places them). */
function annotate(error: UserError, workspace: string): void {
  const message = logSafe(error.fix ? `${error.message}\nfix: ${error.fix}` : error.message)
  if (!error.location) return core.error(message)
  const abs = path.resolve(error.location.file)
  const rel = path.relative(workspace, abs)
  const file = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : error.location.file
  core.error(message, { file, startLine: error.location.line, startColumn: error.location.column, title: 'tiktok-publish' })
}

/**
 * Fails the step with the error's words, one annotation per error; returns
 * the same text for the job summary. User errors are annotated where they are
 * (file and line) and the step fails without repeating them: core.setFailed
 * would add a second annotation of the same words.
 */
function report(error: unknown, ctx: RunContext | undefined): string {
  const workspace = ctx?.workspace ?? process.cwd()
  let message: string
  const refused = githubRefusedToken(error)
  if (error instanceof UserErrors || (error instanceof UserError && error.location)) {
    const errors = error instanceof UserErrors ? error.errors : [error]
    for (const e of errors) annotate(e, workspace)
    process.exitCode = 1 // what core.setFailed sets, without its annotation
    return logSafe(error instanceof UserErrors ? `${errors.length} problem(s) to fix:\n${error.message}` : error.format())
  } else if (error instanceof UserError) {
    // nowhere to point at: the failure's own annotation is the one
    message = error.format()
  } else if (refused) {
    // a token that GitHub does not accept is the workflow's to fix, never ours
    message = `GitHub refused a token this workflow gave the action (HTTP 401: ${refused.message}${refused.call ? `, on ${refused.call}` : ''}).\nfix: check the \`github-token\` input (by default the job's own token) and, for apply, \`secrets-token\`: a personal or fine-grained token may have expired or been revoked`
  } else {
    const stack = bugStack(error)
    if (stack) core.debug(logSafe(stack))
    message = bugMessage(error, 'its stack is in the debug log: re-run the job with debug logging on')
  }
  message = logSafe(message)
  core.setFailed(message)
  return message
}

/** Octokit's HttpError for a 401, with the call that met it (method and path only: no query, no token). */
function githubRefusedToken(error: unknown): (Error & { call?: string }) | undefined {
  // Octokit's RequestError is named HttpError; TikTok's answers have classes of their own
  if (!(error instanceof Error) || error.name !== 'HttpError' || (error as { status?: unknown }).status !== 401) return undefined
  const request = (error as { request?: { method?: unknown; url?: unknown } }).request
  let call: string | undefined
  if (request && typeof request.method === 'string' && typeof request.url === 'string') {
    try {
      call = `${request.method} ${new URL(request.url).pathname}`
    } catch {
      call = undefined
    }
  }
  return Object.assign(error, { call })
}

function failureSummary(message: string): string {
  // a fence of tildes the message cannot close: it may quote manifest text
  return `### tiktok-publish failed\n\n~~~text\n${message.replace(/~{3,}/g, '~~')}\n~~~\n`
}

/**
 * The Action's run. Inputs are read once into typed settings; the command's
 * result becomes the job summary, the outputs (set once, at the end, defaults
 * first) and the exit status.
 */
export async function run(): Promise<void> {
  const logger = new ActionsLogger()
  const outputs = new Map<string, string>([
    [Outputs.plan, '[]'],
    [Outputs.published, '[]'],
    [Outputs.stateChanged, 'false']
  ])
  let ctx: RunContext | undefined
  try {
    ctx = readRunContext()
    const { settings, warnings } = readSettings(ctx.eventName)
    for (const w of warnings) logger.warn(w)
    logger.debug(`settings: ${describeSettings(settings)}`)
    if (settings.command === 'plan') {
      const comments = settings.githubToken && ctx.repository ? octokitIssueComments(settings.githubToken, ctx.repository, ctx.apiUrl) : undefined
      const result = await planCommand({ settings, ctx, logger, comments, now: new Date() })
      outputs.set(Outputs.plan, planOutput(result.plan))
      outputs.set(Outputs.comment, result.commentBody)
      await writeSummary(result.markdown, logger)
    } else {
      const result = await applyCommand({ settings, ctx, logger, onSecret: (value) => core.setSecret(value) })
      outputs.set(Outputs.plan, planOutput(result.plan))
      outputs.set(Outputs.published, publishedOutput(result.outcomes))
      outputs.set(Outputs.stateChanged, String(result.stateChanged))
      await writeSummary(result.markdown, logger)
      if (result.failed) {
        const failed = result.outcomes.filter((o) => o.status === 'failed' || o.status === 'unknown')
        core.setFailed(logSafe(`${failed.length} post(s) need attention: ${failed.map((f) => `${f.post} → ${f.account} (${f.status}${f.error ? `: ${f.error.code}` : ''})`).join(', ')}`))
      }
    }
  } catch (error) {
    await writeSummary(failureSummary(report(error, ctx)), logger)
  } finally {
    for (const [name, value] of outputs) core.setOutput(name, value)
  }
}
