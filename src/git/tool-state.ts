import type { Logger } from '../logger.js'
import type { State } from '../state/index.js'
import { DEFAULT_IDENTITY, type Git, type GitIdentity } from './git.js'
import { readStateAtRef } from './state.js'

/** Every state commit of the tool starts so (see stateCommitMessage). */
const SUBJECT_PREFIX = 'tiktok-publish: '
/** How far back one look goes; the state file changes a few times per run. */
const LOOK_BACK = 500
/**
 * actions/checkout clones one commit deep by default, so the tool's last
 * commit may not be on the runner: the history is deepened in steps, bounded
 * so a repository whose state was never written by the tool costs little.
 */
const DEEPEN_STEPS = [50, 450, 1500]

export interface ToolState {
  state: State
  /** the commit that holds it */
  sha: string
}

async function isShallow(git: Git): Promise<boolean> {
  return (await git.run(['rev-parse', '--is-shallow-repository']).catch(() => 'false')).trim() === 'true'
}

/**
 * The last state the tool itself committed in the history of `ref`: the
 * newest commit touching the state file whose author is the tool's commit
 * identity and whose subject is the tool's. A person's commit (a merged pull
 * request, a merge-conflict fix) is never taken for it, so whatever such a
 * commit dropped can be put back. Undefined when there is none (a new
 * repository, or history deeper than the bound): then there is nothing to
 * keep beyond the working copy.
 */
export async function lastToolState(
  git: Git,
  o: { relPath: string; ref?: string; identity?: GitIdentity; remote?: string; branch?: string; logger: Logger }
): Promise<ToolState | undefined> {
  const ref = o.ref ?? 'HEAD'
  const identity = o.identity ?? DEFAULT_IDENTITY
  if (!(await git.revParse(ref))) return undefined
  for (let step = 0; ; step++) {
    const out = await git.run(['log', `--max-count=${LOOK_BACK}`, '--format=%H%x00%ae%x00%s', ref, '--', o.relPath])
    for (const line of out.split('\n')) {
      const [sha, email, subject] = line.split('\0')
      if (!sha || email !== identity.email || !subject?.startsWith(SUBJECT_PREFIX)) continue
      const state = await readStateAtRef(git, sha, o.relPath).catch((e: unknown) => {
        o.logger.warn(`the state tiktok-publish committed in ${sha.slice(0, 12)} does not parse (${e instanceof Error ? e.message : String(e)}); looking further back`)
        return undefined
      })
      if (state) return { state, sha }
    }
    if (step >= DEEPEN_STEPS.length || !o.branch || !(await isShallow(git))) return undefined
    try {
      await git.run(['fetch', '--no-tags', '--quiet', `--deepen=${DEEPEN_STEPS[step]}`, o.remote ?? 'origin', `+refs/heads/${o.branch}:refs/remotes/${o.remote ?? 'origin'}/${o.branch}`])
    } catch (e) {
      o.logger.warn(`could not fetch more history of ${o.branch} to find the last state tiktok-publish wrote (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); records a commit dropped are not restored this run`)
      return undefined
    }
  }
}
