import { appendFile, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseState, serializeState } from '../../src/state/index.js'
import { applyNow, census, twoByTwoManifest } from '../action-reliability/crash-world.js'
import { world, type World } from './apply-world.js'
import { git, makeRepo, repositoryPayload, runAction } from './harness.js'

/**
 * Records are grow-only outside `resolve`: a person's commit that drops
 * published records from the state (a merged pull request, a bad conflict
 * fix) must not make the next apply post those videos again.
 */
describe('a commit that drops published records from the state', () => {
  let w: World | undefined
  afterEach(async () => {
    await w?.emulator.close()
    await w?.github.close()
    w = undefined
  })

  it('the plan comment names what it would drop; apply on a shallow clone posts nothing twice and pushes the records back', async () => {
    w = await world()
    const repo = await makeRepo({ 'tiktok.yml': twoByTwoManifest() })
    const first = await applyNow(w, repo)
    expect(first.code).toBe(0)
    const published = parseState(repo.show('main', 'tiktok.state.json')!, 'main')
    expect(census(w, repo).every((c) => c.status === 'published' && c.completed === 1)).toBe(true)

    // a person's pull request drops post a entirely, drops b → brand-br and turns b → brand-us back to failed
    git(repo.seed, 'pull', '-q', 'origin', 'main')
    git(repo.seed, 'checkout', '-q', '-b', 'tidy-state')
    const file = path.join(repo.seed, 'tiktok.state.json')
    const edited = parseState(await readFile(file, 'utf8'), file)
    delete edited.posts.a
    delete edited.posts.b['brand-br']
    edited.posts.b['brand-us'] = { ...edited.posts.b['brand-us'], status: 'failed', error: { code: 'x', message: 'a person said so' } }
    await writeFile(file, serializeState(edited))
    git(repo.seed, 'commit', '-qam', 'tidy the state')
    git(repo.seed, 'push', '-q', 'origin', 'tidy-state')

    const pr = repo.clone('ws-pr', 'tidy-state')
    const planRun = await runAction({
      workspace: pr,
      eventName: 'pull_request',
      event: { number: 9, pull_request: { number: 9, base: { ref: 'main' } }, repository: repositoryPayload() },
      sha: git(pr, 'rev-parse', 'HEAD').trim(),
      ref: 'refs/pull/9/merge',
      apiUrl: w.github.url,
      inputs: { 'github-token': w.github.commentToken }
    })
    expect(planRun.code).toBe(0)
    expect(w.github.comments).toHaveLength(1)
    const comment = w.github.comments[0].body
    expect(comment).toContain('This pull request would drop 4 record(s) of `tiktok.state.json`')
    for (const [post, account, now] of [['a', 'brand-us', 'dropped'], ['a', 'brand-br', 'dropped'], ['b', 'brand-br', 'dropped'], ['b', 'brand-us', 'failed']]) {
      expect(comment).toContain(`| ${post} | ${account} | published | \`${published.posts[post][account].publish_id}\` | ${now} |`)
    }
    expect(comment).toContain('They will be kept')
    expect(comment).toContain('Merging publishes nothing new.')

    // merged: main now holds the edited state, by a person
    git(repo.seed, 'checkout', '-q', 'main')
    git(repo.seed, 'merge', '-q', '--ff-only', 'tidy-state')
    git(repo.seed, 'push', '-q', 'origin', 'main')
    const edits = w.emulator.ledger.length
    const postsBefore = w.emulator.posts().length

    // the runner's checkout is one commit deep, as actions/checkout makes it
    const shallow = path.join(repo.dir, 'ws-shallow')
    git(repo.dir, 'clone', '-q', '--depth', '1', '-b', 'main', `file://${repo.bare}`, shallow)
    expect(git(shallow, 'rev-parse', '--is-shallow-repository').trim()).toBe('true')
    const again = await applyNow(w, repo, { workspace: shallow })
    expect(again.stderr).not.toMatch(/This is a bug/)
    expect(again.code).toBe(0)

    // nothing posted twice: no init, no new post at TikTok
    expect(w.emulator.posts().length).toBe(postsBefore)
    expect(w.emulator.ledger.slice(edits).filter((e) => e.kind.endsWith('init'))).toEqual([])
    for (const c of census(w, repo)) expect(c.completed).toBe(1)
    // the records are back in the pushed state, as the tool wrote them
    const back = parseState(repo.show('main', 'tiktok.state.json')!, 'main')
    for (const post of ['a', 'b']) {
      for (const account of ['brand-us', 'brand-br']) {
        expect(back.posts[post][account]).toEqual(published.posts[post][account])
      }
    }
    expect(git(repo.bare, 'log', '-1', '--format=%an %s', 'main')).toMatch(/^github-actions\[bot\] tiktok-publish: restore /)
    expect(again.outputs['state-changed']).toBe('true')
    expect(again.summary).toContain('4 record(s) of `tiktok.state.json` a commit dropped were put back')

    // and the run after that has nothing to do
    const third = await applyNow(w, repo)
    expect(third.code).toBe(0)
    expect(third.outputs['state-changed']).toBe('false')
    expect(w.emulator.posts().length).toBe(postsBefore)
    if (process.env.RELIABILITY_REPORT) {
      const line = { case: 'a merged pull request drops 3 published records and turns 1 back to failed', planComment: 'lists 4, "will be kept"', exit: again.code, inits: 0, newPosts: w.emulator.posts().length - postsBefore, restored: 4, shallowClone: true }
      await appendFile(process.env.RELIABILITY_REPORT, JSON.stringify(line) + '\n')
    }
  }, 90_000)
})
