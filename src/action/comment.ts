import type { Logger } from '../logger.js'

/** The few issue-comment calls the plan needs; Octokit's `rest.issues` satisfies it. */
export interface IssueComments {
  list(issue: number): Promise<{ id: number; body?: string | null }[]>
  create(issue: number, body: string): Promise<{ id: number; html_url?: string }>
  update(commentId: number, body: string): Promise<{ id: number; html_url?: string }>
}

export type CommentResult = { kind: 'created' | 'updated'; id: number; url?: string } | { kind: 'skipped'; reason: string }

function statusOf(error: unknown): number | undefined {
  const s = (error as { status?: unknown })?.status
  return typeof s === 'number' ? s : undefined
}

/**
 * Keeps one plan comment per manifest on a pull request: the comment whose body
 * starts with the hidden marker is edited, else one is created. A token without
 * `pull-requests: write` (a fork's pull request, a locked-down workflow) gets a
 * warning that names the permission; the plan itself is still in the log and
 * the job summary, so the run does not fail over it.
 */
export async function upsertPlanComment(o: { api: IssueComments; issue: number; marker: string; body: string; logger: Logger }): Promise<CommentResult> {
  try {
    const comments = await o.api.list(o.issue)
    const mine = comments.find((c) => typeof c.body === 'string' && c.body.includes(o.marker))
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
    if (status === 403 || status === 404) {
      const reason =
        `could not comment the plan on pull request #${o.issue} (HTTP ${status}): the token needs \`permissions: pull-requests: write\` ` +
        '(pull requests from forks get a read-only token; the plan is in the job summary instead)'
      o.logger.warn(reason)
      return { kind: 'skipped', reason }
    }
    throw error
  }
}
