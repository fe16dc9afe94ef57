import { UserError } from '../errors.js'
import type { Logger } from '../logger.js'

/** GitHub answered something that is not the JSON it documents: worth another try. */
export class MalformedAnswer extends Error {
  override name = 'MalformedAnswer'
  constructor(what: string) {
    super(`GitHub's answer for ${what} was not the JSON it documents`)
  }
}

/** One comment as GitHub lists it: who wrote it matters as much as what it says. */
export interface ListedComment {
  id: number
  body?: string | null
  user?: { login?: string; type?: string } | null
}

/** The few issue-comment calls the plan needs; Octokit's `rest.issues` satisfies it. */
export interface IssueComments {
  list(issue: number): Promise<ListedComment[]>
  create(issue: number, body: string): Promise<{ id: number; html_url?: string }>
  update(commentId: number, body: string): Promise<{ id: number; html_url?: string }>
  /** who the token comments as: its login (`github-actions[bot]` for the workflow's token) */
  identity(): Promise<{ login: string }>
}

/**
 * The plan comment of this manifest: written by the token's own identity and
 * starting with the marker. Anyone can post a comment that holds the marker
 * (with a false plan in it), and the workflow's token may not edit it; such a
 * comment is left alone, and the run keeps its own.
 */
export function findPlanComment(comments: ListedComment[], marker: string, login: string): ListedComment | undefined {
  const me = login.toLowerCase()
  return comments.find((c) => typeof c.body === 'string' && c.body.startsWith(marker) && (c.user?.login ?? '').toLowerCase() === me)
}

export type CommentResult = { kind: 'created' | 'updated'; id: number; url?: string } | { kind: 'skipped'; reason: string }

function statusOf(error: unknown): number | undefined {
  const s = (error as { status?: unknown })?.status
  return typeof s === 'number' ? s : undefined
}

/**
 * Keeps one plan comment per manifest on a pull request: the comment this
 * token's identity wrote whose body starts with the hidden marker is edited,
 * else one is created. A token without
 * `pull-requests: write` (a fork's pull request, a locked-down workflow) gets a
 * warning that names the permission; the plan itself is still in the log and
 * the job summary, so the run does not fail over it.
 */
export async function upsertPlanComment(o: {
  api: IssueComments
  issue: number
  marker: string
  body: string
  logger: Logger
  attempts?: number
  sleep?: (ms: number) => Promise<void>
}): Promise<CommentResult> {
  const attempts = o.attempts ?? 3
  const sleep = o.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)))
  let login: string | undefined
  for (let attempt = 1; ; attempt++) {
    try {
      login ??= (await o.api.identity()).login
      // Every attempt lists again: a create whose answer was lost may have
      // landed, and creating once more would leave two plan comments.
      const comments = await o.api.list(o.issue)
      const mine = findPlanComment(comments, o.marker, login)
      if (mine) {
        const r = await o.api.update(mine.id, o.body)
        o.logger.info(`Updated the plan comment on pull request #${o.issue}${r.html_url ? `: ${r.html_url}` : ''}`)
        return { kind: 'updated', id: mine.id, url: r.html_url }
      }
      const r = await o.api.create(o.issue, o.body)
      o.logger.info(`Posted the plan comment on pull request #${o.issue}${r.html_url ? `: ${r.html_url}` : ''}`)
      return { kind: 'created', id: r.id, url: r.html_url }
    } catch (error) {
      const status = statusOf(error)
      const wait = transientWait(error, attempt)
      // 410: the repository has issues (and so issue comments) turned off
      if (wait === undefined && (status === 403 || status === 404 || status === 410)) {
        const reason =
          status === 410
            ? `could not comment the plan on pull request #${o.issue} (HTTP 410): GitHub says comments are gone here, as when the repository has issues turned off; the plan is in the job summary instead`
            : `could not comment the plan on pull request #${o.issue} (HTTP ${status}): the token needs \`permissions: pull-requests: write\` ` +
              '(pull requests from forks get a read-only token; the plan is in the job summary instead)'
        o.logger.warn(reason)
        return { kind: 'skipped', reason }
      }
      if (wait === undefined) throw error
      if (attempt >= attempts) {
        throw new UserError(`GitHub kept failing to take the plan comment on pull request #${o.issue} (${describe(error)}; ${attempts} attempts)`, {
          fix: 're-run the job; the plan is in the job summary meanwhile',
          cause: error
        })
      }
      o.logger.info(`GitHub did not take the plan comment (${describe(error)}); trying again in ${Math.round(wait / 1000)} s`)
      await sleep(wait)
    }
  }
}

function headerOf(error: unknown, name: string): string | undefined {
  const headers = (error as { response?: { headers?: Record<string, unknown> } })?.response?.headers
  const v = headers?.[name]
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined
}

/**
 * How long to wait before trying again, or undefined when another try cannot
 * help. A 403 is a rate limit only when GitHub says so (its headers or
 * message); otherwise it is a missing permission.
 */
function transientWait(error: unknown, attempt: number): number | undefined {
  const status = statusOf(error)
  const backoff = 1000 * 2 ** (attempt - 1)
  const retryAfter = Number(headerOf(error, 'retry-after'))
  const hinted = Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.min(retryAfter * 1000, 60_000) : undefined
  if (error instanceof MalformedAnswer) return backoff
  if (status === undefined) return error instanceof Error && !(error instanceof TypeError) ? backoff : undefined
  if (status >= 500 || status === 429) return hinted ?? backoff
  if (status === 403) {
    const limited = headerOf(error, 'x-ratelimit-remaining') === '0' || hinted !== undefined || /rate limit/i.test(describe(error))
    return limited ? (hinted ?? backoff) : undefined
  }
  return undefined
}

function describe(error: unknown): string {
  const status = statusOf(error)
  const text = error instanceof Error ? error.message.split('\n')[0] : String(error)
  return status ? `HTTP ${status}: ${text}` : text
}
