import { realpathSync } from 'node:fs'
import { mkdir, rm, stat } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import { UserError } from '../errors.js'
import type { Logger } from '../logger.js'
import { emptyState, serializeState } from '../state/index.js'
import { DEFAULT_IDENTITY, type Git, type GitIdentity } from './git.js'
import { readStateAtRef } from './state.js'

export interface StateBranchOptions {
  branch: string
  /** default 'origin' */
  remote?: string
  /** path of the state file inside the branch, the same as in the run's checkout */
  relPath: string
  /** false: create the branch locally only */
  push?: boolean
  identity?: GitIdentity
  logger?: Logger
}

const DIR = 'tiktok-publish-state'

function real(p: string): string {
  try {
    return realpathSync(p)
  } catch {
    return p
  }
}

/**
 * A work tree of the state branch, next to the run's checkout: the sink commits
 * and pushes there (cwd = worktree) and the run's branch is never touched. It
 * lives under the repository's .git directory, so it is never an untracked
 * file of the run's checkout.
 *
 * First use creates the branch as an orphan holding only the state file: the
 * state the run's branch has at `relPath` when there is one (switching to a
 * state branch keeps lineage and records), else an empty state. When two runs
 * create it at once, the one whose push lands wins and the other uses it.
 */
export async function prepareStateBranch(git: Git, options: StateBranchOptions): Promise<{ worktree: string; statePath: string }> {
  const remote = options.remote ?? 'origin'
  const { branch, relPath } = options
  const log = options.logger
  if (!/^[A-Za-z0-9._/-]+$/.test(branch) || branch.includes('..') || branch.startsWith('-')) {
    throw new UserError(`state-branch ${JSON.stringify(branch)} is not a usable branch name`, { fix: 'use letters, digits, `-`, `_`, `.` and `/`, e.g. `tiktok-state`' })
  }
  const commonDirText = (await git.run(['rev-parse', '--git-common-dir'])).trim()
  const commonDir = real(isAbsolute(commonDirText) ? commonDirText : resolve(git.cwd, commonDirText))
  const worktree = join(commonDir, DIR, branch.replace(/[^A-Za-z0-9._-]/g, '_'))
  await mkdir(join(commonDir, DIR), { recursive: true })
  // a work tree whose directory is gone (a cleaned runner) must not block a new one
  await git.run(['worktree', 'prune'])

  let tip = await git.fetch(remote, branch)
  if (!tip) tip = await createOrphan(git, { ...options, remote, commonDir })

  const registered = (await git.worktreeList()).map(real).includes(real(worktree))
  if (registered) {
    const wt = git.at(worktree)
    const head = await wt.revParse('HEAD')
    if (head && head !== tip) {
      const behind = (await wt.run(['merge-base', '--is-ancestor', head, tip]).then(() => true, () => false))
      // local commits the remote lacks (an earlier push failed) stay: the sink's next push merges them
      if (behind) await wt.reset('keep', tip)
      else log?.info(`the state branch's work tree has commits not on ${remote}/${branch}; the next push merges them`)
    }
  } else {
    if (await stat(worktree).then(() => true, () => false)) await rm(worktree, { recursive: true, force: true })
    await git.worktreeAdd(worktree, tip)
  }
  return { worktree, statePath: join(worktree, ...relPath.split('/')) }
}

async function createOrphan(
  git: Git,
  options: StateBranchOptions & { remote: string; commonDir: string }
): Promise<string> {
  const { branch, remote, relPath } = options
  const carried = (await git.revParse('HEAD')) ? await readStateAtRef(git, 'HEAD', relPath) : undefined
  const text = serializeState(carried ?? emptyState())
  const blob = (await git.run(['hash-object', '-w', '--stdin'], { input: text })).trim()
  // a private index, so nothing the run's checkout has staged leaks into the branch
  const index = join(options.commonDir, DIR, `index-${process.pid}-${Date.now()}`)
  let tree: string
  try {
    const env = { GIT_INDEX_FILE: index }
    const path = relPath.split('\\').join('/').replace(/^\.\//, '')
    await git.run(['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], { env })
    tree = (await git.run(['write-tree'], { env })).trim()
  } finally {
    await rm(index, { force: true })
  }
  const identity = options.identity ?? DEFAULT_IDENTITY
  const sha = (
    await git.run(['-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`, 'commit-tree', tree, '-m', `tiktok-publish: start the state branch${carried ? ` from ${relPath}` : ''}`])
  ).trim()
  if (options.push === false) return sha
  const pushed = await git.push(remote, `${sha}:refs/heads/${branch}`)
  if (pushed.status === 'pushed') {
    options.logger?.info(`created the state branch ${branch} on ${remote}`)
    await git.fetch(remote, branch)
    return sha
  }
  // another run created it first: its state is the one to use
  const theirs = await git.fetch(remote, branch)
  if (!theirs) throw new Error(`the push creating ${branch} was rejected (${pushed.reason}) but ${remote} has no such branch`)
  return theirs
}
