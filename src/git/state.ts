import { realpathSync } from 'node:fs'
import { dirname, basename, join, relative, sep } from 'node:path'
import { UserError } from '../errors.js'
import { failpoint } from '../failpoint.js'
import type { Logger } from '../logger.js'
import type { StateSink } from '../publish/checkpoint.js'
import { emptyState, mergeStates, parseState, saveState, type State } from '../state/index.js'
import { createGit, GitError, redact, type Git, type GitIdentity } from './git.js'

/**
 * The state file as committed at `ref`, or undefined when that commit has no
 * such file. `relPath` is relative to the git's working directory. A file that
 * does not parse is the UserError parseState gives, naming `ref:relPath`.
 */
export async function readStateAtRef(git: Git, ref: string, relPath: string): Promise<State | undefined> {
  const text = await git.show(ref, relPath)
  if (text === undefined) return undefined
  return parseState(text, `${ref}:${toPosix(relPath)}`)
}

export interface GitStateSinkOptions {
  /** the repository work tree (GITHUB_WORKSPACE, or the state branch's work tree) */
  cwd: string
  /** absolute path of the state file inside cwd */
  statePath: string
  /** branch to push to (the run's branch, or the state-branch) */
  branch: string
  /** default 'origin' */
  remote?: string
  /** push attempts when the branch moved, default 30 */
  maxAttempts?: number
  /** pause before the merge after the n-th rejected push; default random, up to min(250 ms × 2^n, 4 s) */
  pauseMs?: (attempt: number) => number
  logger: Logger
  /** commit message for a save; the default names the reasons (capped) */
  message?: (reasons: string[]) => string
  /** false: commit only. (The `commit: false` input means no git sink at all.) */
  push?: boolean
  identity?: GitIdentity
  /** the commit whose state this run started from; default HEAD at the first save */
  baseRef?: string
  /** the git to use instead of the real binary in `cwd` (tests wrap one to race it) */
  git?: Git
}

const SUBJECT_PREFIX = 'tiktok-publish: '
const SUBJECT_MAX = 72
const BODY_MAX_LINES = 50

/**
 * `tiktok-publish: claim a/x, init b/y` while that fits one line; past that the
 * reasons are counted per verb (`claim (12), init (3), run finished`). The body
 * lists them all, capped, so the history still says which pairs moved.
 */
export function stateCommitMessage(reasons: string[]): string {
  const unique = [...new Set(reasons.map((r) => r.trim()).filter(Boolean))]
  if (unique.length === 0) return `${SUBJECT_PREFIX}update state`
  let subject = unique.join(', ')
  if (SUBJECT_PREFIX.length + subject.length > SUBJECT_MAX) {
    const groups = new Map<string, string[]>()
    for (const reason of unique) {
      const verb = reason.split(/\s+/)[0]
      groups.set(verb, [...(groups.get(verb) ?? []), reason])
    }
    subject = [...groups].map(([verb, list]) => (list.length === 1 ? list[0] : `${verb} (${list.length})`)).join(', ')
  }
  if (SUBJECT_PREFIX.length + subject.length > SUBJECT_MAX) {
    const tail = ` … (${unique.length} changes)`
    subject = subject.slice(0, SUBJECT_MAX - SUBJECT_PREFIX.length - tail.length).replace(/[,\s]+$/, '') + tail
  }
  const message = `${SUBJECT_PREFIX}${subject}`
  if (unique.length === 1) return message
  const shown = unique.slice(0, BODY_MAX_LINES)
  const more = unique.length > shown.length ? [`… and ${unique.length - shown.length} more`] : []
  return `${message}\n\n${[...shown, ...more].join('\n')}`
}

function toPosix(p: string): string {
  return p.split(sep).join('/')
}

/** Resolves symlinks in the existing part of a path, so two spellings of one place compare equal. */
function realish(p: string): string {
  try {
    return realpathSync(p)
  } catch {
    const parent = dirname(p)
    return parent === p ? p : join(realish(parent), basename(p))
  }
}

/**
 * The Action's durability: a save resolves only once the state is pushed (the
 * runner's disk dies with the job). When the branch moved meanwhile the push is
 * rejected; the sink then fetches, merges record by record against the state
 * the branch held when this run last pushed, moves onto the fetched commit and
 * tries again, a bounded number of times.
 *
 * After a merge `box.current` is the merged state, so the engine sees a claim
 * another run made first (its run_id) and leaves that pair alone.
 */
export function createGitStateSink(options: GitStateSinkOptions): (box: { current: State }) => StateSink {
  const remote = options.remote ?? 'origin'
  // Shards of a matrix push a checkpoint each every few seconds: a run that
  // lost a race must be able to lose it many times while the others progress.
  const maxAttempts = Math.max(1, options.maxAttempts ?? 30)
  const pauseMs = options.pauseMs ?? ((attempt: number) => Math.random() * Math.min(250 * 2 ** attempt, 4000))
  const log = options.logger
  const git = options.git ?? createGit(options.cwd, { logger: log })
  const relPath = toPosix(relative(realish(options.cwd), realish(options.statePath)))
  if (relPath === '' || relPath.startsWith('../') || relPath === '..') {
    throw new UserError(`the state file ${options.statePath} is not inside the repository work tree ${options.cwd}`, {
      fix: 'keep the state file inside the repository (the `state` input is a path in the repository)'
    })
  }
  const message = options.message ?? stateCommitMessage

  return (box) => {
    /** the state both this run and the remote branch last agreed on: the merge base */
    let base: State | undefined
    let baseKnown = false
    /** the state file's path from the repository root, as `git status` names it */
    let rootPath = relPath
    let queue: Promise<unknown> = Promise.resolve()

    const learnBase = async (): Promise<void> => {
      if (baseKnown) return
      const ref = options.baseRef ?? 'HEAD'
      // a repository without commits yet has no base: every record is new
      base = (await git.revParse(ref)) ? await readStateAtRef(git, ref, relPath) : undefined
      rootPath = (await git.run(['rev-parse', '--show-prefix'])).trim() + relPath
      baseKnown = true
    }

    /** Writes box.current (serial rules of saveState) and commits only the state file. */
    const writeAndCommit = async (text: string): Promise<{ sha: string; written: State }> => {
      const written = await saveState(options.statePath, box.current)
      // the engine may have moved on while the write was in flight: keep its
      // changes and take only the serial the file now carries
      box.current = { ...box.current, serial: written.serial }
      try {
        await git.add([relPath])
      } catch (e) {
        if (e instanceof GitError && /ignored by one of your \.gitignore/i.test(e.stderr)) {
          throw new UserError(`cannot commit the state file ${relPath}: it is ignored by .gitignore`, {
            fix: `remove ${relPath} from .gitignore (the state must be committed), or set the \`commit\` input to false`
          })
        }
        throw e
      }
      failpoint('git.before-commit')
      return { sha: await git.commit(text, [relPath], options.identity), written }
    }

    const foreignLineage = (theirs: State, fetched: string): UserError =>
      new UserError(
        `refusing to push the state: ${relPath} on ${remote}/${options.branch} (${fetched.slice(0, 12)}) belongs to another state (lineage ${theirs.lineage}; this run's state has lineage ${box.current.lineage})`,
        {
          fix: `a state of another lineage is never overwritten. If the branch's state is the real one, run again so the plan starts from it; this run's state is committed locally and kept in ${options.statePath}`
        }
      )

    const save = async (reasons: string[]): Promise<void> => {
      await learnBase()
      const subject = message(reasons)
      let { sha, written } = await writeAndCommit(subject)
      failpoint('git.after-commit')
      if (options.push === false) {
        log.debug(`state committed (${sha.slice(0, 12)}), not pushed`)
        return
      }
      for (let attempt = 1; ; attempt++) {
        let result: Awaited<ReturnType<Git['push']>>
        try {
          result = await git.push(remote, `HEAD:refs/heads/${options.branch}`)
        } catch (e) {
          // refused for good (a protected branch, a hook, no permission): a
          // person must act, and must know where the unpushed state is
          if (!(e instanceof GitError)) throw e
          // the per-ref verdict may be in the message (porcelain output), the remote's words in stderr
          const lines = [...new Set(redact(`${e.message}\n${e.stderr}`).split('\n').map((l) => l.trim()).filter(Boolean))]
          const telling = lines.filter((l) => /rejected|declined|denied|protected|GH\d{3}/i.test(l))
          const said = (telling.length ? telling : lines.slice(-2)).slice(0, 4).join(' / ')
          throw new UserError(
            `${remote} refused the push of the state to ${options.branch}${said ? ` (${said})` : ''}. Nothing was sent to TikTok after this point; the state is committed locally as ${sha} and written to ${options.statePath}`,
            {
              fix: `let the workflow push to ${options.branch} (\`permissions: contents: write\`, and a branch protection rule that allows it), or keep the state on a branch of its own with the \`state-branch\` input`,
              cause: e
            }
          )
        }
        if (result.status === 'pushed') {
          failpoint('git.after-push')
          base = written
          log.debug(`state pushed to ${remote}/${options.branch} (${sha.slice(0, 12)}, serial ${box.current.serial})`)
          return
        }
        log.info(`the push of the state to ${options.branch} was rejected (${result.reason}): another run pushed first (attempt ${attempt} of ${maxAttempts})`)
        if (attempt >= maxAttempts) {
          throw new UserError(
            `could not push the state to ${remote}/${options.branch} after ${maxAttempts} attempts: the branch kept moving. Nothing is lost: the state is committed locally as ${sha} and written to ${options.statePath}`,
            { fix: `push that commit after merging it (e.g. \`git fetch ${remote} ${options.branch}\`, then merge ${relPath} record by record) or run again once the other runs finish; a \`concurrency\` group in the workflow keeps runs from racing` }
          )
        }
        // jitter: two runs that keep colliding stop colliding in step
        await new Promise((resolve) => setTimeout(resolve, pauseMs(attempt)))
        const fetched = await git.fetch(remote, options.branch)
        failpoint('git.merge-fetched')
        if (!fetched) throw new UserError(`the branch ${options.branch} disappeared from ${remote} while pushing the state`, { fix: `check that ${options.branch} exists and run again; the state is committed locally as ${sha}` })
        const theirs = await readStateAtRef(git, fetched, relPath)
        // A state of another lineage is foreign — unless this run began with
        // no state at all: then it is a sibling's first state (another shard
        // or run that started on the same empty branch), and both runs'
        // records belong in one state.
        const sibling = theirs !== undefined && theirs.lineage !== box.current.lineage && base === undefined
        if (theirs && theirs.lineage !== box.current.lineage && !sibling) throw foreignLineage(theirs, fetched)
        const others = (await git.status()).filter((e) => e.path !== rootPath)
        if (others.length) {
          const list = others.slice(0, 10).map((e) => e.path).join(', ')
          throw new UserError(
            `cannot merge the state with ${remote}/${options.branch}: the work tree has other uncommitted changes (${list}${others.length > 10 ? ', …' : ''}) that moving onto the branch could destroy`,
            { fix: `commit or discard those changes before tiktok-publish runs, or keep the state on its own branch (the \`state-branch\` input); the state is committed locally as ${sha}` }
          )
        }
        log.info(`merging the state record by record with ${remote}/${options.branch} (${fetched.slice(0, 12)})`)
        // Every file but the state becomes the branch's; --keep refuses rather than overwrite anything local.
        await git.reset('keep', fetched)
        // synchronous from here to the assignment: the engine must not change
        // box.current between the merge and the replacement
        let ours = box.current
        let merged: State
        if (sibling) {
          log.info(`${relPath} was created on ${options.branch} by another run after this run started with none (lineage ${theirs.lineage}): this run's records join that state`)
          ours = { ...ours, lineage: theirs.lineage }
        }
        if (theirs) {
          // a base of another lineage (the run started from a state it then replaced) shares nothing
          const common = base && base.lineage === ours.lineage ? base : emptyState(ours.lineage)
          const result = mergeStates(common, ours, theirs)
          for (const conflict of result.conflicts) log.warn(`state merge: ${conflict}`)
          merged = result.merged
        } else {
          log.warn(`${relPath} is missing on ${remote}/${options.branch} (${fetched.slice(0, 12)}); writing this run's state back`)
          merged = ours
        }
        // saveState adds one to the serial it is given: the written serial is
        // above both sides, so no copy of either can overwrite the merge
        box.current = { ...merged, serial: Math.max(ours.serial, theirs?.serial ?? 0) }
        base = theirs
        ;({ sha, written } = await writeAndCommit(`${subject.split('\n')[0]}\n\nMerged record by record with ${fetched.slice(0, 12)}.${subject.includes('\n') ? `\n\n${subject.split('\n').slice(2).join('\n')}` : ''}`))
        failpoint('git.merge-written')
      }
    }

    return {
      save(reasons) {
        // one save at a time: two interleaved commit-and-push sequences would fight over HEAD
        const next = queue.catch(() => undefined).then(() => save(reasons))
        queue = next
        return next
      }
    }
  }
}
