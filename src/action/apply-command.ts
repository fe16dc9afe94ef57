import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { findRepositoryRoot } from '../manifest/load.js'
import { checkRepositoryPath } from '../repo-paths.js'
import { realpathSync } from 'node:fs'
import { systemClock, type Clock } from '../clock.js'
import { createGit, createGitStateSink, prepareStateBranch, readStateAtRef, type Git } from '../git/index.js'
import { UserError } from '../errors.js'
import type { Logger } from '../logger.js'
import type { Plan } from '../plan/index.js'
import type { StateSink } from '../publish/checkpoint.js'
import type { PairOutcome } from '../publish/engine.js'
import { fileSink } from '../publish/file-sink.js'
import { keepRecords, keptReasons } from '../publish/keep-records.js'
import { lastToolState } from '../git/tool-state.js'
import { accountsToRun, applyRun, credentialsFor, idleKeepAliveDue, loadInputs, onlyDeclaredSecrets, planRun, readDueMedia, type LoadedInputs, type SecretSource } from '../publish/run.js'
import { expiryWarnings, type ExpiryWarning } from '../publish/keep-alive.js'
import { Checkpointer } from '../publish/checkpoint.js'
import { getAccountState, setAccountState, type State } from '../state/index.js'
import { recordKeepAliveBlocked } from '../state/transitions/account.js'
import { assertApplyBranch, runBranch, type RunContext } from './context.js'
import { repoRelative, repositoryTop, resolvePaths } from './paths.js'
import { renderKeptRecords, renderPlanComment } from './render.js'
import type { ActionSettings } from './settings.js'
import { renderApplySummary } from './summary.js'
import { createActionsAccessTokenCache } from './token-cache.js'
import { createActionsUploadSessions } from './upload-session-cache.js'
import { chunkSizeFromEnv } from '../publish/chunk-size.js'
import { assertCanRotate, createActionTokenStore } from './token-store.js'

export interface ApplyCommandResult {
  plan: Plan
  outcomes: PairOutcome[]
  failed: boolean
  stateChanged: boolean
  /** the job summary */
  markdown: string
}

function real(p: string): string {
  try {
    return realpathSync(p)
  } catch {
    return p
  }
}


/**
 * Secret values by name: the `secrets` input first, then the environment.
 * Every value handed out is masked first, so no later log line can show it.
 */
export function secretSource(fromInput: Record<string, string>, env: NodeJS.ProcessEnv, mask: (value: string) => void): SecretSource {
  return (name) => {
    const value = Object.prototype.hasOwnProperty.call(fromInput, name) ? fromInput[name] : env[name]
    if (value) mask(value)
    return value || undefined
  }
}

/** The state grown by the last one the tool committed in the state file's history; nothing outside a git checkout. */
async function keepToolRecords(o: { cwd: string; statePath: string; branch?: string; inputs: LoadedInputs; logger: ApplyCommandOptions['logger'] }) {
  const git = createGit(o.cwd, { logger: o.logger })
  const top = await git.run(['rev-parse', '--show-toplevel']).then((t) => t.trim(), () => undefined)
  if (top === undefined) return { inputs: o.inputs, kept: [] }
  const relPath = repoRelative(real(o.cwd), real(o.statePath))
  const found = await lastToolState(git, { relPath, branch: o.branch, logger: o.logger })
  return keepRecords(o.inputs, found?.state, o.logger, found ? `commit ${found.sha.slice(0, 12)}` : '')
}

export interface ApplyCommandOptions {
  settings: ActionSettings
  ctx: RunContext
  logger: Logger
  /** masks a secret value in the log (core.setSecret) */
  onSecret: (value: string) => void
  clock?: Clock
  env?: NodeJS.ProcessEnv
}

/**
 * apply: publish what is due, with every claim and publish_id made durable by
 * a push (or the state file when `commit: false`). dry-run plans and stops.
 */
export async function applyCommand(o: ApplyCommandOptions): Promise<ApplyCommandResult> {
  const { settings, ctx, logger } = o
  // first of all: a run on an unreviewed branch reads no secret and touches no token
  if (!settings.dryRun) assertApplyBranch(ctx, settings.applyBranch)
  const clock = o.clock ?? systemClock
  const env = o.env ?? process.env
  // read before anything is touched: a bad value fails the run with nothing started
  const chunkSizeBytes = chunkSizeFromEnv(env.TIKTOK_PUBLISH_CHUNK_MB)
  const paths = resolvePaths(settings, ctx.workspace)
  const git = createGit(ctx.workspace, { logger })
  if (settings.stateBranch) {
    // the state branch holds the file at this path: judged here, since the run reads it from the branch's work tree
    const misplaced = checkRepositoryPath({
      what: 'the state file',
      file: paths.statePath,
      root: findRepositoryRoot(path.dirname(paths.manifestPath)),
      fix: 'keep the state file inside the repository (default: tiktok.state.json beside the manifest), outside `.git/`'
    })
    if (misplaced) throw misplaced
  }
  const needsGit = (!settings.dryRun && settings.commit) || settings.stateBranch !== undefined
  const relPath = needsGit ? repoRelative(real(await repositoryTop(git, ctx.workspace)), real(paths.statePath)) : ''

  let statePath = paths.statePath
  let stateRoot: string | undefined
  let sink: ((box: { current: State }) => StateSink) | undefined
  let pushCheck: (() => Promise<void>) | undefined
  let stateNote = 'file only, not committed'
  let branchState: State | undefined
  /** where the state file's history is read: the workspace, or the state branch's work tree */
  let stateCwd = ctx.workspace
  if (!settings.dryRun && settings.commit) {
    const branch = settings.stateBranch ?? runBranch(ctx)
    let cwd = ctx.workspace
    if (settings.stateBranch) {
      const prepared = await logger.group(`Prepare the state branch ${settings.stateBranch}`, () => prepareStateBranch(git, { branch, remote: 'origin', relPath, logger }))
      statePath = prepared.statePath
      stateRoot = prepared.worktree
      cwd = prepared.worktree
      stateCwd = cwd
    }
    sink = createGitStateSink({ cwd, statePath, branch, remote: 'origin', logger })
    pushCheck = () => assertCanPush(git.at(cwd), branch)
    stateNote = `committed to ${branch}`
  } else if (settings.stateBranch) {
    // a dry run reads the state branch without creating it or a work tree
    const fetched = await git.fetch('origin', settings.stateBranch).catch(() => undefined)
    if (fetched) branchState = await readStateAtRef(git, `refs/remotes/origin/${settings.stateBranch}`, relPath)
  }

  // videos are read once the state is final: only those of posts with work, the Git LFS ones only when due
  const loaded = await logger.group('Validate the manifest, video paths and state', () =>
    loadInputs({ manifestPath: paths.manifestPath, statePath, stateRoot, accounts: settings.accounts, shard: settings.shard, deferMedia: true, fetchLfs: true, logger })
  )
  let inputs: LoadedInputs = branchState ? { ...loaded, state: branchState } : loaded
  // Records are grow-only outside `resolve`: a commit that dropped or turned
  // back records the tool wrote must not make this run publish them again.
  const kept = branchState ? { inputs, kept: [] } : await keepToolRecords({ cwd: stateCwd, statePath, branch: settings.stateBranch ?? runBranch(ctx), inputs, logger })
  inputs = kept.inputs
  if (kept.kept.length && !settings.dryRun) {
    const box = { current: inputs.state }
    await logger.group(`Put back ${kept.kept.length} record(s) a commit dropped`, () => (sink ?? ((b) => fileSink(statePath, b)))(box).save(keptReasons(kept.kept)))
    inputs = { ...inputs, state: box.current, stateExists: true }
  }
  inputs = await logger.group('Read the videos of posts with work', () => readDueMedia(inputs, clock.now()))
  const keptNote = renderKeptRecords(kept.kept, { statePath: paths.statePath === statePath ? repoRelative(ctx.workspace, statePath) : repoRelative(stateCwd, statePath), pullRequest: false })
  const plan = planRun(inputs, clock.now())
  await logger.group('Plan', async () => {
    for (const a of plan.actions) logger.info(`${a.post} → ${a.account}: ${a.kind} — ${a.reason}`)
    if (plan.actions.length === 0) logger.info('the manifest targets no selected account')
  })
  const busy = accountsToRun(inputs, plan, clock.now())
  const notStarted = (outcomes: PairOutcome[]) => {
    const worked = new Set(outcomes.map((x) => `${x.post}\u0000${x.account}`))
    return plan.actions.filter((a) => !worked.has(`${a.post}\u0000${a.account}`) && a.kind !== 'done').map((a) => ({ post: a.post, account: a.account, kind: a.kind, reason: a.reason }))
  }

  if (settings.dryRun) {
    logger.info('dry-run: nothing is published, committed or refreshed')
    const markdown = renderPlanComment({ manifestPath: paths.manifestShown, plan, manifest: inputs.manifest, state: inputs.state, media: inputs.media, warnings: ['Dry run: nothing was published, committed or refreshed.'], maxChars: Infinity })
    return { plan, outcomes: [], failed: false, stateChanged: false, markdown }
  }
  const secretsTokenMissing = !settings.secretsToken
  const warningsFor = (state: State): ExpiryWarning[] =>
    expiryWarnings({ manifest: inputs.manifest, state, now: clock.now(), selector: inputs.selector, secretsTokenMissing })
  const keepAlive = idleKeepAliveDue(inputs, plan, clock.now())
  if (keepAlive.length && secretsTokenMissing) {
    // Renewing would rotate a token this run cannot save. Record why instead,
    // so that pull requests' plans (which have no secrets) can warn in time.
    logger.warn(`keep-alive: ${keepAlive.join(', ')} ${keepAlive.length === 1 ? 'is' : 'are'} due for a refresh-token renewal, but without \`secrets-token\` a renewed token could not be saved; pass \`secrets-token\` to this workflow`)
    let blocked = inputs.state
    for (const name of keepAlive) {
      const entry = getAccountState(blocked, name)
      const next = recordKeepAliveBlocked(entry, { reason: 'secrets_token_missing', now: clock.now() })
      if (next !== entry) blocked = setAccountState(blocked, name, next)
    }
    if (busy.length === 0 && blocked !== inputs.state) {
      const box = { current: blocked }
      const save = sink ?? ((b: { current: State }) => fileSink(statePath, b))
      await logger.group('Record that keep-alive cannot run', () => new Checkpointer(save(box)).checkpoint('keep-alive blocked: no secrets-token'))
      const markdown = keptNote + renderApplySummary({ manifestPath: paths.manifestShown, outcomes: [], manifest: inputs.manifest, notStarted: notStarted([]), stateChanged: true, stateNote, accountWarnings: warningsFor(box.current) })
      return { plan, outcomes: [], failed: false, stateChanged: true, markdown }
    }
  }
  const renewing = secretsTokenMissing ? [] : keepAlive
  if (busy.length === 0 && renewing.length === 0) {
    logger.info('nothing is due: no TikTok request, no commit')
    const restored = kept.kept.length > 0
    const accountWarnings = warningsFor(inputs.state)
    for (const w of accountWarnings) logger.warn(w.message)
    const markdown = keptNote + renderApplySummary({ manifestPath: paths.manifestShown, outcomes: [], manifest: inputs.manifest, notStarted: notStarted([]), stateChanged: restored, stateNote: restored ? stateNote : undefined, accountWarnings })
    return { plan, outcomes: [], failed: false, stateChanged: restored, markdown }
  }

  const secrets = onlyDeclaredSecrets(inputs.manifest, secretSource(settings.secrets, env, o.onSecret))
  // checked before any token is refreshed: a rotated token that cannot be saved kills the account's grant
  const credentials = credentialsFor(inputs.manifest, busy, secrets)
  const accounts: Record<string, { refreshTokenSecret: string; clientKey: string; clientSecret: string }> = Object.create(null) as Record<string, { refreshTokenSecret: string; clientKey: string; clientSecret: string }>
  for (const name of busy) {
    const c = credentials.get(name)!
    accounts[name] = { refreshTokenSecret: inputs.manifest.accounts[name].refreshTokenSecret, clientKey: c.clientKey, clientSecret: c.clientSecret }
  }
  for (const name of renewing) {
    // an idle account with a missing app secret is reported by keep-alive; it does not stop the posts
    const app = inputs.manifest.apps[inputs.manifest.accounts[name].app]
    const clientKey = secrets(app.clientKeySecret)
    const clientSecret = secrets(app.clientSecretSecret)
    if (clientKey && clientSecret) accounts[name] = { refreshTokenSecret: inputs.manifest.accounts[name].refreshTokenSecret, clientKey, clientSecret }
  }
  const repo = ctx.repository ?? { owner: '', repo: '' }
  const cache = createActionsAccessTokenCache({
    repo: `${repo.owner}/${repo.repo}`,
    credentials: (account) => accounts[account],
    logger
  })
  const storeOptions = {
    secrets,
    accounts,
    repo,
    apiUrl: ctx.apiUrl,
    secretsToken: settings.secretsToken,
    environment: settings.secretsEnvironment,
    cache,
    logger,
    onSecret: o.onSecret
  }
  // before any token is rotated: a run that cannot push its state must stop
  // while the refresh tokens are as they were
  if (pushCheck) await logger.group('Check that the state can be pushed', pushCheck)
  await logger.group('Check that rotated refresh tokens can be saved', () => assertCanRotate(storeOptions))
  const tokenStore = createActionTokenStore(storeOptions)

  const result = await logger.group(`Publish (${busy.length} account(s))${renewing.length ? `, keep ${renewing.length} idle account(s) alive` : ''}`, () =>
    applyRun({
      inputs,
      apiBaseUrl: settings.apiBaseUrl,
      secrets,
      tokenStore,
      sink: sink ?? ((box) => fileSink(statePath, box)),
      clock,
      logger,
      runId: ctx.runId ? `${ctx.runId}.${ctx.runAttempt ?? '1'}` : randomUUID(),
      approvedBy: ctx.sha,
      timeBudgetMs: settings.timeBudgetMs,
      onSecret: o.onSecret,
      chunkSizeBytes,
      // a job killed mid-upload is finished by the next one, on another runner, with the same publish_id
      uploads: createActionsUploadSessions({ repo: `${repo.owner}/${repo.repo}`, credentials: (account) => accounts[account], logger })
    })
  )
  const stateChanged = result.state.serial !== loaded.state.serial
  const accountWarnings = warningsFor(result.state)
  for (const w of accountWarnings) logger.warn(w.message)
  const markdown = keptNote + renderApplySummary({
    manifestPath: paths.manifestShown,
    outcomes: result.outcomes,
    manifest: inputs.manifest,
    notStarted: notStarted(result.outcomes),
    stateChanged,
    stateNote,
    keepAlive: result.keepAlive,
    accountWarnings
  })
  return { plan: result.plan, outcomes: result.outcomes, failed: result.failed, stateChanged, markdown }
}

/**
 * `git push --dry-run` of HEAD to a ref of our own: it reaches the remote and
 * authenticates for a push (a missing remote, a dead network, a token without
 * `contents: write` fail here) without sending anything. A server-side hook or
 * a branch protection rule only answers a real push; that one is caught by the
 * first state save, before any init.
 */
async function assertCanPush(git: Git, branch: string): Promise<void> {
  try {
    await git.run(['push', '--dry-run', '--porcelain', 'origin', 'HEAD:refs/tiktok-publish/push-check'])
  } catch (error) {
    const said = error instanceof Error ? error.message : String(error)
    throw new UserError(`cannot push the state to origin (${branch}): ${said}. Nothing was refreshed or sent to TikTok.`, {
      fix: 'check the `origin` remote of the checkout (actions/checkout with `persist-credentials: true`) and give the workflow `permissions: contents: write`, then run again'
    })
  }
}
