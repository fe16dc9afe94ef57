import { realpathSync } from 'node:fs'
import { createGit, readStateAtRef, type Git } from '../git/index.js'
import type { Logger } from '../logger.js'
import type { Plan } from '../plan/index.js'
import { loadInputs, planRun, readDueMedia } from '../publish/run.js'
import { expiryWarnings } from '../publish/keep-alive.js'
import { emptyState, serializeState, type State } from '../state/index.js'
import { upsertPlanComment, type CommentResult, type IssueComments } from './comment.js'
import { planCommentMarker } from './constants.js'
import { runUrl, type RunContext } from './context.js'
import { repoRelative, resolvePaths } from './paths.js'
import { code, renderKeptRecords, renderPlanComment } from './render.js'
import { lastToolState } from '../git/tool-state.js'
import { growState } from '../state/transitions/grow.js'
import type { ActionSettings } from './settings.js'

export interface PlanCommandResult {
  plan: Plan
  markdown: string
  /** the comment's Markdown, also when it could not be posted (a fork's read-only token): the `comment` output */
  commentBody: string
  comment?: CommentResult
}

function real(p: string): string {
  try {
    return realpathSync(p)
  } catch {
    return p
  }
}

/**
 * The state a pull request's plan starts from: the base branch's committed
 * copy (or the state branch's), never the pull request's own, which its author
 * controls. A failed fetch falls back to the working copy with a warning.
 */
async function baseState(o: {
  git: Git
  branch: string | undefined
  /** read this branch when `branch` does not exist yet */
  fallback?: string
  relPath: string
  working: State
  workingExists: boolean
  logger: Logger
  warnings: string[]
}): Promise<{ state: State; from: string }> {
  if (!o.branch) {
    o.warnings.push('The base branch is unknown (no pull request in the event), so the plan uses the state file of this checkout.')
    return { state: o.working, from: 'working copy' }
  }
  let fetched: string | undefined
  try {
    fetched = await o.git.fetch('origin', o.branch)
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    o.logger.warn(`could not fetch origin ${o.branch} (${why}); the plan uses the state file of this checkout`)
    o.warnings.push(`Could not fetch ${code(o.branch)}, so the plan uses the pull request's copy of the state file, which may differ from the branch's.`)
    return { state: o.working, from: 'working copy' }
  }
  if (!fetched) {
    if (o.fallback) {
      // a state branch is created on the first apply, from the state on the run's branch
      o.logger.info(`origin has no branch ${o.branch} yet: the plan reads ${o.fallback} instead`)
      return baseState({ ...o, branch: o.fallback, fallback: undefined })
    }
    o.logger.info(`origin has no branch ${o.branch} yet: the plan starts from an empty state`)
    return { state: emptyState(o.working.lineage), from: `origin/${o.branch} (absent)` }
  }
  const state = await readStateAtRef(o.git, `refs/remotes/origin/${o.branch}`, o.relPath)
  return { state: state ?? emptyState(o.working.lineage), from: `origin/${o.branch}` }
}

/**
 * The files a pull request changes against its base branch (paths relative to
 * `root`), or undefined when git cannot tell: then only what is due is read.
 */
async function changedPaths(git: Git, baseRef: string, root: string, logger: Logger): Promise<Set<string> | undefined> {
  try {
    const base = await git.fetch('origin', baseRef)
    if (!base) return undefined
    const out = await git.at(root).run(['diff', '--name-only', '--no-renames', '--relative', '-z', base, 'HEAD'])
    return new Set(out.split('\0').filter(Boolean))
  } catch (error) {
    logger.info(`could not list the files this pull request changes (${error instanceof Error ? error.message : String(error)}); only the videos of due posts are read`)
    return undefined
  }
}

/**
 * plan: validate (manifest, media, state), plan against the base branch's
 * state, and keep one comment on the pull request. Needs no TikTok secret and
 * makes no TikTok request.
 */
export async function planCommand(o: { settings: ActionSettings; ctx: RunContext; logger: Logger; comments?: IssueComments; now: Date }): Promise<PlanCommandResult> {
  const { settings, ctx, logger } = o
  const paths = resolvePaths(settings, ctx.workspace)
  const loadedInputs = await logger.group('Validate the manifest, video paths and state', async () => {
    const loaded = await loadInputs({ manifestPath: paths.manifestPath, statePath: paths.statePath, accounts: settings.accounts, shard: settings.shard, deferMedia: true, fetchLfs: true, logger })
    logger.info(`${loaded.manifest.posts.length} post(s), ${Object.keys(loaded.manifest.accounts).length} account(s): valid`)
    return loaded
  })

  const warnings: string[] = []
  let keptNote = ''
  const git = createGit(ctx.workspace, { logger })
  const state = await logger.group('Read the state from the base branch', async () => {
    const top = await git.run(['rev-parse', '--show-toplevel']).then((t) => t.trim(), () => undefined)
    if (top === undefined) {
      warnings.push('The workspace is not a git checkout, so the plan uses the state file as it is on disk (add `actions/checkout` before this step).')
      return loadedInputs.state
    }
    const relPath = repoRelative(real(top), real(paths.statePath))
    const branch = settings.stateBranch ?? ctx.pullRequest?.baseRef
    const fallback = settings.stateBranch ? ctx.pullRequest?.baseRef : undefined
    const base = await baseState({ git, branch, fallback, relPath, working: loadedInputs.state, workingExists: loadedInputs.stateExists, logger, warnings })
    logger.info(`state: ${relPath} from ${base.from} (serial ${base.state.serial})`)
    // the state file is the tool's record of what TikTok has; a pull request that edits it is suspicious
    if (!settings.stateBranch && base.from.startsWith('origin/') && serializeState(loadedInputs.state) !== serializeState(base.state)) {
      warnings.push(
        `This pull request changes ${code(relPath)}. tiktok-publish writes that file itself: the plan below uses the copy on ${code(branch ?? '')}, and records are grow-only: apply keeps every record tiktok-publish wrote. To settle a post by hand, use \`tiktok-publish resolve\`.`
      )
      // what merging would drop, measured against the last state the tool committed on the base branch
      const tool = branch ? await lastToolState(git, { relPath, ref: `refs/remotes/origin/${branch}`, branch, logger }) : undefined
      const grown = growState(tool?.state ?? base.state, loadedInputs.state, loadedInputs.stateExists)
      keptNote = renderKeptRecords(grown.kept, { statePath: relPath, pullRequest: true })
    }
    return base.state
  })

  // the videos of posts with work under the base state, and the ones this pull request changed (so review sees their problems)
  const inputs = await logger.group('Read the videos of posts with work', async () => {
    const changed = ctx.pullRequest?.baseRef ? await changedPaths(git, ctx.pullRequest.baseRef, loadedInputs.manifest.root, logger) : undefined
    return readDueMedia({ ...loadedInputs, state }, o.now, { changed })
  })
  const plan = planRun(inputs, o.now)
  // A pull request's plan has no secrets: whether the scheduled runs can renew
  // a token is what they recorded in the state.
  for (const w of expiryWarnings({ manifest: inputs.manifest, state, now: o.now, selector: inputs.selector })) warnings.push(`Account ${code(w.account)}: ${w.message}.`)
  const view = { manifestPath: paths.manifestShown, plan, manifest: inputs.manifest, state, media: inputs.media, warnings, runUrl: runUrl(ctx), kept: keptNote || undefined }
  // the summary has room for every row; the comment may not
  const markdown = renderPlanComment({ ...view, maxChars: Infinity })
  const commentBody = renderPlanComment(view)
  for (const w of warnings) logger.warn(w)
  logger.info(plan.actions.map((a) => `${a.post} → ${a.account}: ${a.kind}${a.earliest ? ` (${a.earliest})` : ''}`).join('\n') || 'nothing to plan')

  let comment: CommentResult | undefined
  if (ctx.pullRequest && o.comments) {
    const api = o.comments
    const number = ctx.pullRequest.number
    comment = await logger.group('Comment the plan on the pull request', () =>
      upsertPlanComment({ api, issue: number, marker: planCommentMarker(paths.manifestShown), body: commentBody, logger })
    )
  } else if (!ctx.pullRequest) {
    logger.info('not a pull request: the plan goes to the job summary only')
  }
  return { plan, markdown, commentBody, comment }
}
