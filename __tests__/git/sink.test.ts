import { chmod, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { isUserError, UserError } from '../../src/errors.js'
import { createGit, createGitStateSink, readStateAtRef, redact, stateCommitMessage, type Git } from '../../src/git/index.js'
import { MemoryLogger } from '../../src/logger.js'
import { Checkpointer } from '../../src/publish/checkpoint.js'
import { emptyState, getRecord, serializeState, setRecord, type State } from '../../src/state/index.js'
import { beforePush, makeRemote, readDisk, record, sh, STATE } from './repos.js'

type Remote = Awaited<ReturnType<typeof makeRemote>>

async function runner(remote: Remote, name: string, options: { wrap?: (git: Git) => Git; maxAttempts?: number; push?: boolean } = {}) {
  const dir = await remote.clone(name)
  const logger = new MemoryLogger()
  const real = createGit(dir, { logger })
  const git = options.wrap ? options.wrap(real) : real
  const statePath = path.join(dir, STATE)
  const box = { current: await readDisk(statePath) }
  const sink = createGitStateSink({ cwd: dir, statePath, branch: 'main', logger, git, maxAttempts: options.maxAttempts, push: options.push })(box)
  const set = (post: string, account: string, rec = record('claimed', { run_id: name })) => {
    box.current = setRecord(box.current, post, account, rec)
  }
  return { dir, logger, git, statePath, box, sink, set }
}

const serialsOnMain = (bare: string): number[] =>
  sh(bare, 'log', '--first-parent', '--format=%H', 'main')
    .trim()
    .split('\n')
    .map((sha) => JSON.parse(sh(bare, 'cat-file', 'blob', `${sha}:${STATE}`)).serial as number)

describe('git state sink', () => {
  it('commits exactly the state file with a message naming the reasons, and resolves once it is pushed', async () => {
    const remote = await makeRemote()
    const a = await runner(remote, 'a')
    // someone else's staged change must neither be committed nor lost
    await writeFile(path.join(a.dir, 'tiktok.yml'), 'version: 1\n# staged edit\n')
    sh(a.dir, 'add', 'tiktok.yml')
    a.set('spring-teaser', 'brand-us')
    await a.sink.save(['claim spring-teaser/brand-us'])

    expect(sh(remote.bare, 'show', '--name-only', '--format=', 'main').trim().split('\n')).toEqual([STATE])
    expect(sh(remote.bare, 'log', '-1', '--format=%s', 'main').trim()).toBe('tiktok-publish: claim spring-teaser/brand-us')
    expect(sh(remote.bare, 'log', '-1', '--format=%an <%ae>', 'main').trim()).toBe('github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>')
    const pushed = await remote.remoteState()
    expect(pushed!.serial).toBe(2)
    expect(a.box.current.serial).toBe(2)
    expect(serializeState(pushed!)).toBe(serializeState(a.box.current))
    expect(sh(a.dir, 'status', '--porcelain').trim()).toBe('M  tiktok.yml')
    expect(sh(a.dir, 'rev-parse', 'HEAD').trim()).toBe(remote.remoteHead())
  })

  it('with push: false commits locally and leaves the remote alone', async () => {
    const remote = await makeRemote()
    const before = remote.remoteHead()
    const a = await runner(remote, 'a', { push: false })
    a.set('p', 'x')
    await a.sink.save(['claim p/x'])
    expect(remote.remoteHead()).toBe(before)
    const local = await readStateAtRef(createGit(a.dir, { logger: new MemoryLogger() }), 'HEAD', STATE)
    expect(getRecord(local!, 'p', 'x')?.status).toBe('claimed')
  })

  it('merges record by record when another runner pushed first: the remote keeps both records and a higher serial', async () => {
    const remote = await makeRemote()
    const a = await runner(remote, 'a')
    const b = await runner(remote, 'b')
    b.set('summer-sale', 'brand-br', record('processing', { run_id: 'b', publish_id: 'p_b' }))
    await b.sink.save(['init summer-sale/brand-br'])
    const bSha = remote.remoteHead()
    const bSerial = b.box.current.serial

    a.set('spring-teaser', 'brand-us')
    await a.sink.save(['claim spring-teaser/brand-us'])

    const final = (await remote.remoteState())!
    expect(getRecord(final, 'summer-sale', 'brand-br')?.publish_id).toBe('p_b')
    expect(getRecord(final, 'spring-teaser', 'brand-us')?.run_id).toBe('a')
    expect(getRecord(final, 'old-post', 'brand-us')?.status).toBe('published')
    expect(final.serial).toBeGreaterThan(bSerial)
    expect(final.serial).toBeGreaterThan(2)
    expect(serializeState(final)).toBe(serializeState(a.box.current))
    // B's commit is history, not overwritten
    expect(() => sh(remote.bare, 'merge-base', '--is-ancestor', bSha, 'main')).not.toThrow()
    expect(sh(remote.bare, 'show', '--name-only', '--format=', 'main').trim().split('\n')).toEqual([STATE])
    expect(a.logger.lines.some((l) => /rejected/.test(l))).toBe(true)
    // the work tree is on the remote's commit with the merged file: a later save fast-forwards
    a.set('spring-teaser', 'brand-us', record('processing', { run_id: 'a', publish_id: 'p_a' }))
    await a.sink.save(['init spring-teaser/brand-us'])
    expect(getRecord((await remote.remoteState())!, 'spring-teaser', 'brand-us')?.publish_id).toBe('p_a')
  })

  it('resolves a record both runners changed as mergeStates does, and the engine sees who owns it', async () => {
    const remote = await makeRemote()
    const a = await runner(remote, 'a')
    const b = await runner(remote, 'b')
    // B is further along on one pair; A is further along on the other
    b.set('spring', 'brand-us', record('processing', { run_id: 'b', publish_id: 'p_b' }))
    b.set('summer', 'brand-us', record('claimed', { run_id: 'b' }))
    await b.sink.save(['init spring/brand-us', 'claim summer/brand-us'])
    a.set('spring', 'brand-us', record('claimed', { run_id: 'a' }))
    a.set('summer', 'brand-us', record('processing', { run_id: 'a', publish_id: 'p_a' }))
    await a.sink.save(['claim spring/brand-us', 'init summer/brand-us'])

    expect(getRecord(a.box.current, 'spring', 'brand-us')).toMatchObject({ run_id: 'b', publish_id: 'p_b', status: 'processing' })
    expect(getRecord(a.box.current, 'summer', 'brand-us')).toMatchObject({ run_id: 'a', publish_id: 'p_a', status: 'processing' })
    expect(serializeState((await remote.remoteState())!)).toBe(serializeState(a.box.current))
    const warnings = a.logger.lines.filter((l) => l.startsWith('warning: state merge:'))
    expect(warnings.some((l) => l.includes('posts.spring.brand-us') && l.includes('kept theirs'))).toBe(true)
    expect(warnings.some((l) => l.includes('posts.summer.brand-us') && l.includes('kept ours'))).toBe(true)
  })

  it('refuses a state of another lineage on the remote and pushes nothing', async () => {
    const remote = await makeRemote()
    const a = await runner(remote, 'a')
    const b = await remote.clone('b')
    const foreign = setRecord(emptyState('another-lineage'), 'x', 'y', record('published', { publish_id: 'p_foreign' }))
    await writeFile(path.join(b, STATE), serializeState({ ...foreign, serial: 9 }))
    sh(b, 'commit', '--quiet', '-am', 'replace the state')
    sh(b, 'push', '--quiet', 'origin', 'main')
    const foreignHead = remote.remoteHead()

    a.set('spring', 'brand-us')
    const error = await a.sink.save(['claim spring/brand-us']).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).message).toMatch(/another state \(lineage another-lineage/)
    expect(remote.remoteHead()).toBe(foreignHead)
    expect((await remote.remoteState())!.lineage).toBe('another-lineage')
    // this run's state is still on disk and in its local commit
    expect(getRecord(await readDisk(a.statePath), 'spring', 'brand-us')?.run_id).toBe('a')
    expect(getRecord((await readStateAtRef(a.git, 'HEAD', STATE))!, 'spring', 'brand-us')?.run_id).toBe('a')
  })

  it('two runs that both began with no state file end with one state holding both runs\' records (a sibling, not a foreign state)', async () => {
    const remote = await makeRemote({ withState: false })
    const fresh = async (name: string) => {
      const dir = await remote.clone(name)
      const logger = new MemoryLogger()
      const git = createGit(dir, { logger })
      const statePath = path.join(dir, STATE)
      // what loadState gives a run with no state file: an empty state of a new lineage
      const box = { current: emptyState(`lineage-${name}`) }
      const sink = createGitStateSink({ cwd: dir, statePath, branch: 'main', logger, git })(box)
      return { logger, box, sink, statePath }
    }
    const a = await fresh('a')
    const b = await fresh('b')
    b.box.current = setRecord(b.box.current, 'summer', 'brand-br', record('processing', { run_id: 'b', publish_id: 'p_b' }))
    await b.sink.save(['init summer/brand-br'])
    a.box.current = setRecord(a.box.current, 'spring', 'brand-us', record('claimed', { run_id: 'a' }))
    await a.sink.save(['claim spring/brand-us'])

    const final = (await remote.remoteState())!
    expect(final.lineage).toBe('lineage-b')
    expect(getRecord(final, 'summer', 'brand-br')?.publish_id).toBe('p_b')
    expect(getRecord(final, 'spring', 'brand-us')?.run_id).toBe('a')
    expect(a.box.current.lineage).toBe('lineage-b')
    expect(a.logger.lines.join('\n')).toMatch(/created on main by another run after this run started with none \(lineage lineage-b\): this run's records join that state/)
    // later saves of A go on in the joined state
    a.box.current = setRecord(a.box.current, 'spring', 'brand-us', record('processing', { run_id: 'a', publish_id: 'p_a' }))
    await a.sink.save(['init spring/brand-us'])
    const later = (await remote.remoteState())!
    expect(getRecord(later, 'spring', 'brand-us')?.publish_id).toBe('p_a')
    expect(getRecord(later, 'summer', 'brand-br')?.publish_id).toBe('p_b')
    expect((await readDisk(a.statePath)).lineage).toBe('lineage-b')

    // once A has pushed its own state, a state of yet another lineage is foreign again
    const c = await remote.clone('c')
    await writeFile(path.join(c, STATE), serializeState({ ...emptyState('another-lineage'), serial: 99 }))
    sh(c, 'commit', '--quiet', '-am', 'replace the state')
    sh(c, 'push', '--quiet', 'origin', 'main')
    a.box.current = setRecord(a.box.current, 'spring', 'brand-us', record('published', { run_id: 'a', publish_id: 'p_a' }))
    await expect(a.sink.save(['final spring/brand-us'])).rejects.toThrow(/another state \(lineage another-lineage/)
  })

  it('never lowers the serial: a remote far ahead is overtaken, and every commit on main has a higher serial than its parent', async () => {
    const remote = await makeRemote()
    const a = await runner(remote, 'a')
    const b = await runner(remote, 'b')
    for (let i = 0; i < 5; i++) {
      b.set(`post-${i}`, 'brand-br', record('claimed', { run_id: 'b' }))
      await b.sink.save([`claim post-${i}/brand-br`])
    }
    expect(b.box.current.serial).toBe(6)
    a.set('spring', 'brand-us')
    await a.sink.save(['claim spring/brand-us'])
    expect(a.box.current.serial).toBe(7)
    const serials = serialsOnMain(remote.bare)
    expect(serials[0]).toBe(7)
    for (let i = 1; i < serials.length; i++) expect(serials[i]).toBeLessThan(serials[i - 1])
  })

  it('gives up after maxAttempts when the branch keeps moving, keeping the merged state in a local commit it names', async () => {
    const remote = await makeRemote()
    const b = await runner(remote, 'b')
    let moved = 0
    const a = await runner(remote, 'a', {
      maxAttempts: 3,
      wrap: (git) =>
        beforePush(git, async () => {
          moved++
          b.set(`b-post-${moved}`, 'brand-br', record('claimed', { run_id: 'b' }))
          await b.sink.save([`claim b-post-${moved}/brand-br`])
        })
    })
    a.set('spring', 'brand-us')
    const error = (await a.sink.save(['claim spring/brand-us']).then(
      () => undefined,
      (e: unknown) => e
    )) as UserError
    expect(isUserError(error)).toBe(true)
    expect((a.git as Git & { pushes: number }).pushes).toBe(3)
    const sha = /committed locally as ([0-9a-f]{40})/.exec(error.message)?.[1]
    expect(sha).toBeDefined()
    expect(error.message).toContain('after 3 attempts')
    const kept = (await readStateAtRef(a.git, sha!, STATE))!
    expect(getRecord(kept, 'spring', 'brand-us')?.run_id).toBe('a')
    // the merges took in what B pushed before the last attempt
    expect(getRecord(kept, 'b-post-1', 'brand-br')).toBeDefined()
    expect(getRecord(kept, 'b-post-2', 'brand-br')).toBeDefined()
    const final = (await remote.remoteState())!
    expect(getRecord(final, 'spring', 'brand-us')).toBeUndefined()
    expect(Object.keys(final.posts).filter((p) => p.startsWith('b-post-'))).toHaveLength(3)
    expect(kept.serial).toBeGreaterThan(3)
  })

  it('refuses to merge over other uncommitted changes in the work tree', async () => {
    const remote = await makeRemote()
    const a = await runner(remote, 'a')
    const b = await runner(remote, 'b')
    b.set('summer', 'brand-br')
    await b.sink.save(['claim summer/brand-br'])
    const bHead = remote.remoteHead()
    const edit = 'version: 1\n# a local edit that a reset would destroy\n'
    await writeFile(path.join(a.dir, 'tiktok.yml'), edit)

    a.set('spring', 'brand-us')
    await expect(a.sink.save(['claim spring/brand-us'])).rejects.toThrow(/other uncommitted changes \(tiktok\.yml\)/)
    expect(remote.remoteHead()).toBe(bHead)
    expect(await readFile(path.join(a.dir, 'tiktok.yml'), 'utf8')).toBe(edit)
  })

  it('reports a push the remote refuses (a hook) as a failure, not as a race to merge', async () => {
    const remote = await makeRemote()
    const hook = path.join(remote.bare, 'hooks', 'pre-receive')
    await writeFile(hook, '#!/bin/sh\necho "branch is protected" >&2\nexit 1\n')
    await chmod(hook, 0o755)
    const before = remote.remoteHead()
    const a = await runner(remote, 'a', { wrap: (git) => beforePush(git, async () => undefined) })
    a.set('spring', 'brand-us')
    await expect(a.sink.save(['claim spring/brand-us'])).rejects.toThrow(/refused: pre-receive hook declined[\s\S]*branch is protected/)
    expect((a.git as Git & { pushes: number }).pushes).toBe(1)
    expect(remote.remoteHead()).toBe(before)
  })

  it('coalesces a checkpoint storm into few pushes, each checkpoint resolving only once its change is on the remote', async () => {
    const remote = await makeRemote()
    let releaseFirst!: () => void
    const firstPushHeld = new Promise<void>((resolve) => (releaseFirst = resolve))
    let firstPushStarted!: () => void
    const started = new Promise<void>((resolve) => (firstPushStarted = resolve))
    const a = await runner(remote, 'a', {
      wrap: (git) =>
        beforePush(git, async (n) => {
          if (n === 1) {
            firstPushStarted()
            await firstPushHeld
          }
        })
    })
    const checkpointer = new Checkpointer(a.sink)
    const checkOnRemote = async (i: number) => {
      const onRemote = (await remote.remoteState())!
      expect(getRecord(onRemote, `post-${i}`, 'brand-us')?.status).toBe('claimed')
    }
    const task = async (i: number) => {
      a.set(`post-${i}`, 'brand-us')
      await checkpointer.checkpoint(`claim post-${i}/brand-us`)
      await checkOnRemote(i)
    }
    const tasks = [0, 1, 2, 3, 4].map(task)
    await started
    // these arrive while the first push is in flight
    tasks.push(...Array.from({ length: 15 }, (_, k) => task(k + 5)))
    releaseFirst()
    await Promise.all(tasks)

    const pushes = (a.git as Git & { pushes: number }).pushes
    expect(pushes).toBe(checkpointer.saves)
    expect(pushes).toBeLessThan(20)
    expect(pushes).toBeLessThanOrEqual(3)
    expect(serializeState((await remote.remoteState())!)).toBe(serializeState(a.box.current))
    expect(Object.keys(a.box.current.posts).filter((p) => p.startsWith('post-'))).toHaveLength(20)
    const subject = sh(remote.bare, 'log', '-1', '--format=%s', 'main').trim()
    expect(subject).toBe('tiktok-publish: claim (15)')
  })
})

describe('git wrapper', () => {
  it('redacts credentials from text git may print', () => {
    expect(redact('fatal: unable to access https://x-access-token:ghs_SECRET123@github.com/o/r.git/')).not.toContain('ghs_SECRET123')
    expect(redact('http.extraheader AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hz')).toBe('http.extraheader AUTHORIZATION: basic ***')
    expect(redact('https://user:hunter2@example.com/repo')).toBe('https://***@example.com/repo')
  })

  it('never puts a token from a remote URL into an error', async () => {
    const remote = await makeRemote()
    const dir = await remote.clone('a')
    const git = createGit(dir, { logger: new MemoryLogger() })
    // nothing listens on port 1: git fails at once and names the URL
    const error = await git.run(['fetch', 'https://x-access-token:ghs_TOPSECRET@127.0.0.1:1/o/r.git', 'main']).then(
      () => undefined,
      (e: unknown) => e as Error
    )
    expect(error).toBeInstanceOf(Error)
    expect(error!.message).not.toContain('ghs_TOPSECRET')
  })

  it('reads state at a ref: undefined when the file is not there, parse errors name the ref', async () => {
    const remote = await makeRemote()
    const dir = await remote.clone('a')
    const git = createGit(dir, { logger: new MemoryLogger() })
    expect((await readStateAtRef(git, 'HEAD', STATE))!.serial).toBe(1)
    expect(await readStateAtRef(git, 'HEAD', 'nope/tiktok.state.json')).toBeUndefined()
    await writeFile(path.join(dir, STATE), '{ "version": 1, ')
    sh(dir, 'commit', '--quiet', '-am', 'broken')
    const error = await readStateAtRef(git, 'HEAD', STATE).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).message).toContain(`HEAD:${STATE} is not valid JSON`)
    await expect(readStateAtRef(git, 'no-such-ref', STATE)).rejects.toThrow(/no-such-ref/)
  })

  it('writes commit messages that stay one readable line', () => {
    expect(stateCommitMessage(['claim a/x'])).toBe('tiktok-publish: claim a/x')
    const many = Array.from({ length: 80 }, (_, i) => `claim post-${i}/brand-us`).concat(['init post-0/brand-us', 'run finished'])
    const message = stateCommitMessage(many)
    const [subject, blank, ...body] = message.split('\n')
    expect(subject).toBe('tiktok-publish: claim (80), init post-0/brand-us, run finished')
    expect(subject.length).toBeLessThanOrEqual(72)
    expect(blank).toBe('')
    expect(body).toHaveLength(51)
    expect(body[50]).toBe('… and 32 more')
    const verbs = Array.from({ length: 30 }, (_, i) => `verb${i} something-long-${i}`)
    expect(stateCommitMessage(verbs).split('\n')[0].length).toBeLessThanOrEqual(72)
    expect(stateCommitMessage(verbs).split('\n')[0]).toMatch(/… \(30 changes\)$/)
  })
})

export type { State }
