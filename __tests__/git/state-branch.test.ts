import path from 'node:path'
import { createGit, createGitStateSink, prepareStateBranch, readStateAtRef, type Git } from '../../src/git/index.js'
import { MemoryLogger } from '../../src/logger.js'
import { getRecord, serializeState, setRecord } from '../../src/state/index.js'
import { LINEAGE, makeRemote, readDisk, record, sh, STATE } from './repos.js'

const BRANCH = 'tiktok-state'

async function saveRecord(worktree: string, statePath: string, post: string, runId: string, branch = BRANCH): Promise<void> {
  const logger = new MemoryLogger()
  const box = { current: await readDisk(statePath) }
  box.current = setRecord(box.current, post, 'brand-us', record('claimed', { run_id: runId }))
  await createGitStateSink({ cwd: worktree, statePath, branch, logger })(box).save([`claim ${post}/brand-us`])
}

describe('state branch', () => {
  it('creates an orphan branch holding only the state file, reuses it later, and plans read state from it', async () => {
    const remote = await makeRemote({ withState: false })
    const mainBefore = remote.remoteHead()
    const aDir = await remote.clone('a')
    const gitA = createGit(aDir, { logger: new MemoryLogger() })

    const first = await prepareStateBranch(gitA, { branch: BRANCH, relPath: STATE })
    const created = remote.remoteHead(BRANCH)
    // one commit, no parent, one file
    expect(sh(remote.bare, 'rev-list', '--parents', BRANCH).trim()).toBe(created)
    expect(sh(remote.bare, 'ls-tree', '-r', '--name-only', BRANCH).trim()).toBe(STATE)
    const initial = (await remote.remoteState(BRANCH))!
    expect(initial.serial).toBe(0)
    expect(initial.posts).toEqual({})
    expect(serializeState(await readDisk(first.statePath))).toBe(serializeState(initial))
    // the run's checkout sees no new files and its branch is untouched
    expect(sh(aDir, 'status', '--porcelain', '--untracked-files=all').trim()).toBe('')
    expect(path.relative(aDir, first.worktree).startsWith('.git')).toBe(true)

    await saveRecord(first.worktree, first.statePath, 'spring', 'a')
    expect(getRecord((await remote.remoteState(BRANCH))!, 'spring', 'brand-us')?.run_id).toBe('a')
    expect(remote.remoteHead()).toBe(mainBefore)
    expect(sh(remote.bare, 'ls-tree', '-r', '--name-only', BRANCH).trim()).toBe(STATE)

    // another runner finds the branch and works on it
    const bDir = await remote.clone('b')
    const second = await prepareStateBranch(createGit(bDir, { logger: new MemoryLogger() }), { branch: BRANCH, relPath: STATE })
    const onB = await readDisk(second.statePath)
    expect(onB.lineage).toBe(initial.lineage)
    expect(getRecord(onB, 'spring', 'brand-us')?.run_id).toBe('a')
    await saveRecord(second.worktree, second.statePath, 'summer', 'b')

    // the first runner prepares again: same work tree, moved up to the branch
    const again = await prepareStateBranch(gitA, { branch: BRANCH, relPath: STATE })
    expect(again.worktree).toBe(first.worktree)
    expect(getRecord(await readDisk(again.statePath), 'summer', 'brand-us')?.run_id).toBe('b')

    // a plan in a fresh checkout reads the branch's state without a work tree
    const cDir = await remote.clone('c')
    const gitC = createGit(cDir, { logger: new MemoryLogger() })
    expect(await gitC.fetch('origin', BRANCH)).toBe(remote.remoteHead(BRANCH))
    const planned = (await readStateAtRef(gitC, `origin/${BRANCH}`, STATE))!
    expect(serializeState(planned)).toBe(serializeState((await remote.remoteState(BRANCH))!))
    expect(remote.remoteHead()).toBe(mainBefore)
  })

  it('starts the branch from the state the run\'s branch already has, so lineage and records carry over', async () => {
    const remote = await makeRemote()
    const dir = await remote.clone('a')
    const { statePath } = await prepareStateBranch(createGit(dir, { logger: new MemoryLogger() }), { branch: BRANCH, relPath: STATE })
    const state = await readDisk(statePath)
    expect(state.lineage).toBe(LINEAGE)
    expect(getRecord(state, 'old-post', 'brand-us')?.publish_id).toBe('p_old')
    expect(sh(remote.bare, 'log', '--format=%s', BRANCH).trim()).toBe(`tiktok-publish: start the state branch from ${STATE}`)
  })

  it('uses the branch another runner created first when both start it at once', async () => {
    const remote = await makeRemote({ withState: false })
    const aDir = await remote.clone('a')
    const bDir = await remote.clone('b')
    const a = await prepareStateBranch(createGit(aDir, { logger: new MemoryLogger() }), { branch: BRANCH, relPath: STATE })
    const aLineage = (await readDisk(a.statePath)).lineage
    // B looked before A's push landed: its first fetch found no branch
    const real = createGit(bDir, { logger: new MemoryLogger() })
    let fetches = 0
    const late: Git = {
      ...real,
      async fetch(remoteName, branch) {
        fetches++
        return fetches === 1 ? undefined : real.fetch(remoteName, branch)
      }
    }
    const b = await prepareStateBranch(late, { branch: BRANCH, relPath: STATE })
    expect((await readDisk(b.statePath)).lineage).toBe(aLineage)
    expect(sh(remote.bare, 'rev-list', '--count', BRANCH).trim()).toBe('1')
  })

  it('puts the state file at its path inside the branch', async () => {
    const remote = await makeRemote({ withState: false })
    const dir = await remote.clone('a')
    const rel = 'config/social/tiktok.state.json'
    const { worktree, statePath } = await prepareStateBranch(createGit(dir, { logger: new MemoryLogger() }), { branch: 'state/tiktok', relPath: rel })
    expect(statePath).toBe(path.join(worktree, 'config', 'social', 'tiktok.state.json'))
    expect(sh(remote.bare, 'ls-tree', '-r', '--name-only', 'state/tiktok').trim()).toBe(rel)
    await saveRecord(worktree, statePath, 'spring', 'a', 'state/tiktok')
    expect(getRecord((await readStateAtRef(createGit(remote.bare, { logger: new MemoryLogger() }), 'state/tiktok', rel))!, 'spring', 'brand-us')?.run_id).toBe('a')
  })
})
