import * as github from '@actions/github'
import { MalformedAnswer, type IssueComments } from './comment.js'

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
      return all.map((c: { id: number; body?: string | null }) => ({ id: c.id, body: c.body }))
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
