import { manifestYaml } from '../helpers/workspace.js'
import { FakeGitHubApi } from './fake-github.js'
import { git, makeRepo, repositoryPayload, runAction } from './harness.js'

const SPRING = `  - id: spring
    video: media/a.mp4
    caption: "Spring #spring"
    accounts: [brand-us]
    at: 2099-03-20T12:00:00Z
`

describe('a github-token that GitHub refuses (401)', () => {
  let github: FakeGitHubApi
  beforeAll(async () => {
    github = await FakeGitHubApi.start()
  })
  afterAll(async () => github.close())

  it('is the workflow\'s configuration to fix, not a bug in tiktok-publish', async () => {
    const repo = await makeRepo({ 'tiktok.yml': manifestYaml({ accounts: ['brand-us'], posts: SPRING }) })
    const ws = repo.clone('ws-401')
    const sha = git(ws, 'rev-parse', 'HEAD').trim()
    const event = { number: 9, pull_request: { number: 9, base: { ref: 'main' } }, repository: repositoryPayload() }
    const token = 'ghs_not_a_token_github_knows'
    const r = await runAction({ workspace: ws, eventName: 'pull_request', event, sha, ref: 'refs/pull/9/merge', apiUrl: github.url, inputs: { 'github-token': token } })
    expect(r.code).toBe(1)
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('GitHub refused a token this workflow gave the action (HTTP 401')
    expect(errors[0]).toMatch(/on GET \/repos\/[^ ]+\/issues\/9\/comments/)
    expect(errors[0]).toContain('`github-token`')
    expect(r.stdout).not.toContain('This is a bug')
    // masked at once, and never printed after the mask
    expect(r.stdout.split('\n').filter((l) => l.includes(token))).toEqual([`::add-mask::${token}`])
  })
})
