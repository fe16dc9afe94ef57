import * as github from '@actions/github'
import { MalformedAnswer, type IssueComments } from './comment.js'

/** Who the workflow's own GITHUB_TOKEN comments as. */
export const WORKFLOW_BOT = 'github-actions[bot]'

/**
 * Issue comments through @actions/github's Octokit, at the run's API URL
 * (GITHUB_API_URL: github.com, GitHub Enterprise Server, or a local stand-in).
 */
export function octokitIssueComments(token: string, repo: { owner: string; repo: string }, apiUrl: string): IssueComments {
  const octokit = github.getOctokit(token, { baseUrl: apiUrl })
  return {
    async list(issue) {
      let all: unknown
      try {
        all = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 })
      } catch (e) {
        // Octokit's paginator trips over an answer that is not a list
        if (e instanceof TypeError) throw new MalformedAnswer('the list of comments')
        throw e
      }
      if (!Array.isArray(all)) throw new MalformedAnswer('the list of comments')
      return all.map((c: { id: number; body?: string | null; user?: { login?: string; type?: string } | null }) => ({
        id: c.id,
        body: c.body,
        user: c.user ? { login: c.user.login, type: c.user.type } : null
      }))
    },
    async identity() {
      // a personal or fine-grained token is a user: GET /user names it
      try {
        const r = await octokit.rest.users.getAuthenticated()
        if (typeof r.data?.login === 'string' && r.data.login) return { login: r.data.login }
      } catch (e) {
        const status = (e as { status?: unknown }).status
        // an App's installation token (the workflow's GITHUB_TOKEN is one) may not call /user
        if (status !== 403 && status !== 401) throw e
      }
      try {
        const r = await octokit.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }')
        const login = r.viewer?.login
        // GraphQL names a bot without the [bot] that its comments carry in REST
        if (typeof login === 'string' && login) return { login: login.endsWith('[bot]') ? login : `${login}[bot]` }
      } catch {
        /* an Enterprise Server without GraphQL for the token: fall through */
      }
      return { login: WORKFLOW_BOT }
    },
    async create(issue, body) {
      const r = await octokit.rest.issues.createComment({ ...repo, issue_number: issue, body })
      if (typeof r.data?.id !== 'number') throw new MalformedAnswer('the new comment')
      return { id: r.data.id, html_url: r.data.html_url }
    },
    async update(id, body) {
      const r = await octokit.rest.issues.updateComment({ ...repo, comment_id: id, body })
      if (typeof r.data?.id !== 'number') throw new MalformedAnswer('the updated comment')
      return { id: r.data.id, html_url: r.data.html_url }
    }
  }
}
