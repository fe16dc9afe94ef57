import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parseState } from '../../src/state/index.js'
import { manifestYaml } from '../helpers/workspace.js'
import { apply, post, PUBLIC, remoteState, world, type World } from './apply-world.js'
import { git, makeRepo, repositoryPayload, runAction } from './harness.js'

describe('the Action on push and schedule (apply): schedule, file state, state branch, failures', () => {
  let w: World
  afterEach(async () => {
    await w?.emulator.close()
    await w?.github.close()
  })

  it('fails before any TikTok call when the secrets-token is missing, and with commit: false keeps the state in the file', async () => {
    w = await world()
    const repo = await makeRepo({ 'tiktok.yml': manifestYaml({ accounts: ['brand-us', 'brand-br'], defaults: PUBLIC, posts: post('a', ['brand-us']) }) })
    const refused = await apply(w, repo, { inputs: { 'secrets-token': '' } })
    expect(refused.code).toBe(1)
    expect(refused.stdout).toMatch(/::error::.*secrets-token/)
    expect(refused.summary).toContain('### tiktok-publish failed')
    expect(refused.summary).toContain('secrets-token')
    expect(refused.outputs).toEqual({ plan: '[]', published: '[]', 'state-changed': 'false' })
    expect(w.emulator.ledger).toEqual([])

    const ws = repo.clone('ws-file')
    const head = git(repo.bare, 'rev-parse', 'main').trim()
    // GITHUB_API_URL cannot be overridden in a workflow; the rehearsal variable can
    const run = await apply(w, repo, { workspace: ws, inputs: { commit: 'false' }, env: { GITHUB_API_URL: 'http://127.0.0.1:9', TIKTOK_PUBLISH_GITHUB_API_URL: w.github.url } })
    expect(run.code).toBe(0)
    expect(run.outputs['state-changed']).toBe('true')
    const local = parseState(await readFile(path.join(ws, 'tiktok.state.json'), 'utf8'), 'local')
    expect(local.posts.a['brand-us'].status).toBe('published')
    expect(git(repo.bare, 'rev-parse', 'main').trim()).toBe(head)
    expect(w.github.secret('TIKTOK_REFRESH_BRAND_US')).toBe(w.emulator.currentRefreshToken(w.openIds['brand-us']))
  })

  it('keeps the state on its own branch, which plans then read; a dry run touches nothing', async () => {
    w = await world()
    const repo = await makeRepo({ 'tiktok.yml': manifestYaml({ accounts: ['brand-us', 'brand-br'], defaults: PUBLIC, posts: post('a', ['brand-us']) + post('b', ['brand-br']) }) })
    const mainBefore = git(repo.bare, 'rev-parse', 'main').trim()

    const dry = await apply(w, repo, { inputs: { 'dry-run': 'true', 'state-branch': 'tiktok-state' } })
    expect(dry.code).toBe(0)
    expect(w.emulator.ledger).toEqual([])
    expect(dry.outputs['state-changed']).toBe('false')
    expect((JSON.parse(dry.outputs.plan) as { action: string }[]).map((a) => a.action)).toEqual(['publish', 'publish'])
    expect(dry.summary).toContain('Dry run')
    expect(repo.show('tiktok-state', 'tiktok.state.json')).toBeUndefined()

    const run = await apply(w, repo, { inputs: { 'state-branch': 'tiktok-state' } })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(git(repo.bare, 'rev-parse', 'main').trim()).toBe(mainBefore)
    const state = parseState(repo.show('tiktok-state', 'tiktok.state.json')!, 'tiktok-state')
    expect(state.posts.a['brand-us'].status).toBe('published')
    expect(state.posts.b['brand-br'].status).toBe('published')

    const pr = repo.clone('ws-pr-branch')
    const planned = await runAction({
      workspace: pr,
      eventName: 'pull_request',
      event: { number: 4, pull_request: { number: 4, base: { ref: 'main' } }, repository: repositoryPayload() },
      sha: git(pr, 'rev-parse', 'HEAD').trim(),
      ref: 'refs/pull/4/merge',
      apiUrl: w.github.url,
      inputs: { 'github-token': w.github.commentToken, 'state-branch': 'tiktok-state' }
    })
    expect(planned.code).toBe(0)
    expect((JSON.parse(planned.outputs.plan) as { action: string }[]).map((a) => a.action)).toEqual(['done', 'done'])
    expect(w.github.comments[0].body).toContain('Merging publishes nothing new.')
  })

  it('fails the step when TikTok fails a post, after saving the state and setting the outputs', async () => {
    w = await world()
    const repo = await makeRepo({ 'tiktok.yml': manifestYaml({ accounts: ['brand-us', 'brand-br'], defaults: PUBLIC, posts: post('a', ['brand-us', 'brand-br']) }) })
    w.emulator.inject({ endpoint: 'init', open_id: w.openIds['brand-br'], kind: 'fail_post', fail_reason: 'file_format_check_failed' })
    const run = await apply(w, repo)
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::1 post\(s\) need attention: a → brand-br \(failed/)
    expect(run.stdout).not.toContain('This is a bug')
    const state = remoteState(repo)
    expect(state.posts.a['brand-us'].status).toBe('published')
    expect(state.posts.a['brand-br'].status).toBe('failed')
    expect((JSON.parse(run.outputs.published) as { account: string }[]).map((p) => p.account)).toEqual(['brand-us'])
    expect(run.outputs['state-changed']).toBe('true')
    expect(run.summary).toMatch(/\| a \| brand-br \| ❌ failed \|.*file\\_format\\_check\\_failed/)
  })
})
