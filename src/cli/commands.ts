import type { Command } from 'commander'
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { UsageError, UserError } from '../errors.js'
import { ConsoleLogger } from '../logger.js'
import { renderPlanTable } from '../plan/index.js'
import { applyRun, checkStatePath, defaultStatePath, loadInputs, planRun } from '../publish/run.js'
import { renderOutcomes } from '../publish/report.js'
import { expiryWarnings, renderExpiryWarnings } from '../publish/keep-alive.js'
import { fileSink } from '../publish/file-sink.js'
import { FileUploadSessions } from '../publish/upload-sessions.js'
import { keepRecords, keptReasons, StateCopies } from '../publish/keep-records.js'
import path from 'node:path'
import { getRecord, loadState, saveState, setRecord, type State } from '../state/index.js'
import { lockStateForRun } from '../state/run-lock.js'
import { canResolve, resolved } from '../state/transitions/resolve.js'
import { FileTokenStore } from '../tiktok/tokens.js'
import { MAX_CHUNK } from '../tiktok/upload.js'
import { registerDemoCommand } from './demo.js'
import { registerStatusCommand } from './status.js'
import { registerEmulatorCommand } from './emulator.js'
import { registerOnboardingCommands } from './onboarding.js'
import { clockOf, EXIT_FAILED, type CliContext } from './main.js'
import {
  addApplyOptions,
  addCommonOptions,
  apiBaseUrl,
  lockWaitMs,
  resolvePaths,
  timeBudgetMs,
  type ApplyFlags,
  type CommonFlags
} from './options.js'
import { ProgressView } from './progress.js'
import { findRepositoryRoot } from '../manifest/load.js'
import { jsonText } from './terminal.js'

/**
 * Waits between status polls, for rehearsals against the emulator whose
 * processing takes milliseconds (TIKTOK_PUBLISH_POLL_MS=50,100). TikTok's own
 * processing takes seconds to minutes, hence the engine's default.
 */
function pollIntervals(text: string | undefined): number[] | undefined {
  if (!text) return undefined
  const list = text.split(',').map((s) => Number(s.trim()))
  if (list.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new UserError(`TIKTOK_PUBLISH_POLL_MS "${text}" is not a comma-separated list of milliseconds`, { fix: 'write e.g. TIKTOK_PUBLISH_POLL_MS=500,1000,2000' })
  }
  return list
}

/** The commit a run publishes from, recorded on each claim as what approved it; none outside git. */
function headCommit(root: string): string | undefined {
  try {
    return execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined
  } catch {
    return undefined
  }
}

/**
 * Upload chunk size in MiB (TIKTOK_PUBLISH_CHUNK_MB, 5–64): smaller chunks
 * lose less to a flaky connection; the default 64 makes the fewest requests.
 * 62 MiB and up are sent as 64,000,000 bytes, the largest chunk that is within
 * TikTok's "64 MB" whichever way it counts a megabyte.
 */
function chunkSize(text: string | undefined): number | undefined {
  if (!text) return undefined
  const mb = Number(text)
  if (!Number.isInteger(mb) || mb < 5 || mb > 64) {
    throw new UserError(`TIKTOK_PUBLISH_CHUNK_MB "${text}" is not a whole number of MiB from 5 to 64`, { fix: 'write e.g. TIKTOK_PUBLISH_CHUNK_MB=16 (TikTok takes chunks of 5 to 64 MB)' })
  }
  return Math.min(mb * 1024 * 1024, MAX_CHUNK)
}

/**
 * Where served photos are fetched from for the served-bytes check
 * (TIKTOK_PUBLISH_MEDIA_REWRITE=FROM=TO[,FROM=TO]), so a rehearsal can serve
 * `media/` from a local server while the manifest keeps its real https URLs.
 */
function mediaRewrite(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined
  const out: Record<string, string> = {}
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=')
    if (at <= 0 || at === pair.length - 1) {
      throw new UserError(`TIKTOK_PUBLISH_MEDIA_REWRITE "${text}" is not a list of FROM=TO URL prefixes`, { fix: 'write e.g. TIKTOK_PUBLISH_MEDIA_REWRITE=https://media.example.com/=http://127.0.0.1:8080/' })
    }
    out[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return out
}

/** `, 3 photos checked` when the manifest has photo posts (repository images read; https ones are TikTok's to pull) */
function photoCount(inputs: Awaited<ReturnType<typeof loadInputs>>): string {
  const files = new Set([...(inputs.photos?.values() ?? [])].flatMap((f) => f.images.filter((i) => i.kind === 'file').map((i) => i.path)))
  return inputs.photos?.size ? `, ${files.size} photos checked` : ''
}

/** Every subcommand registers itself here. */
export function registerCommands(program: Command, ctx: CliContext): void {
  addCommonOptions(
    program.command('validate').description('check the manifest, its videos and the state file; no network')
  ).action(async (flags: CommonFlags) => {
    const inputs = await loadInputs({ ...resolvePaths(flags, ctx), accounts: flags.accounts, shard: flags.shard })
    const targets = inputs.manifest.posts.reduce((n, p) => n + p.targets.length, 0)
    const line = `ok: ${inputs.manifest.posts.length} posts, ${targets} post × account pairs, ${Object.keys(inputs.manifest.accounts).length} accounts, ${inputs.media.size} videos checked${photoCount(inputs)}`
    if (flags.json) ctx.stdout.write(jsonText({ ok: true, posts: inputs.manifest.posts.length, pairs: targets }))
    else ctx.stdout.write(line + '\n')
  })

  addCommonOptions(program.command('plan').description('show what a run would do now; no network')).action(
    async (flags: CommonFlags) => {
      const inputs = await loadInputs({ ...resolvePaths(flags, ctx), accounts: flags.accounts, shard: flags.shard })
      const plan = planRun(inputs, clockOf(ctx).now())
      const expiring = expiryWarnings({ manifest: inputs.manifest, state: inputs.state, now: clockOf(ctx).now(), selector: inputs.selector })
      if (flags.json) ctx.stdout.write(jsonText(expiring.length ? { ...plan, account_warnings: expiring } : plan, 2))
      else ctx.stdout.write(renderPlanTable(plan, inputs.manifest, inputs.state) + renderExpiryWarnings(expiring))
      // a post asking for what the creator does not offer would fail at TikTok: say so now
      if (plan.actions.some((a) => a.kind === 'blocked' && a.code?.startsWith('creator_'))) ctx.exitCode = EXIT_FAILED
    }
  )

  addApplyOptions(addCommonOptions(program.command('apply').description('publish what is due, poll until final, write the state'))).action(
    async (flags: ApplyFlags) => {
      // the flags first: a malformed one is a usage error, whatever the manifest holds
      const budgetMs = timeBudgetMs(flags.timeBudget)
      const baseUrl = apiBaseUrl(flags, ctx)
      lockWaitMs(flags.lockWait)
      const paths = resolvePaths(flags, ctx)
      const logger = new ConsoleLogger({ stream: ctx.stderr, verbose: !!ctx.env.TIKTOK_PUBLISH_DEBUG })
      if (flags.dryRun) {
        const inputs = await loadInputs({ ...paths, accounts: flags.accounts, shard: flags.shard })
        const plan = planRun(inputs, clockOf(ctx).now())
        ctx.stdout.write(flags.json ? jsonText(plan, 2) : renderPlanTable(plan, inputs.manifest, inputs.state))
        return
      }
      // One writer per state, decided before the state is read and before any
      // token is touched: a second run waits, then stands aside.
      const statePath = path.resolve(paths.statePath ?? defaultStatePath(paths.manifestPath))
      // judged before its lock is made beside it: not outside the repository, not in .git/
      checkStatePath(statePath, findRepositoryRoot(path.dirname(paths.manifestPath)))
      const lock = await lockStateForRun(statePath, { waitMs: lockWaitMs(flags.lockWait), logger })
      if (lock.standAside) {
        if (flags.json) {
          ctx.stderr.write(lock.standAside.message + '\n')
          ctx.stdout.write('[]\n')
        } else ctx.stdout.write(lock.standAside.message + '\n')
        return
      }
      const progress = new ProgressView(ctx.progress ?? ctx.stderr)
      try {
        const loaded = await loadInputs({ ...paths, statePath, accounts: flags.accounts, shard: flags.shard })
        const tokenStore = new FileTokenStore({ path: flags.tokenStore ?? ctx.env.TIKTOK_PUBLISH_TOKEN_STORE })
        // records are grow-only outside `resolve`: the last state this tool wrote
        // is kept beside the token store, and a commit or an edit that dropped
        // records from the state file does not make this run post them again
        const copies = new StateCopies(path.join(path.dirname(tokenStore.path), 'states'))
        const sink = (box: { current: State }) => copies.wrap(loaded.statePath, box, fileSink(loaded.statePath, box), logger)
        const copy = await copies.read(loaded.statePath, logger)
        // a state this tool has not written on this machine yet: what is there now is the best history known
        if (!copy && loaded.stateExists) await copies.keep(loaded.statePath, loaded.state, logger)
        const grown = keepRecords(loaded, copy, logger, 'its copy beside the token store')
        const kept = grown.kept
        let inputs = grown.inputs
        if (kept.length) {
          const box = { current: inputs.state }
          await sink(box).save(keptReasons(kept))
          inputs = { ...inputs, state: box.current, stateExists: true }
        }
        const result = await applyRun({
          inputs,
          apiBaseUrl: baseUrl,
          secrets: (name) => ctx.env[name] || undefined,
          tokenStore,
          uploads: new FileUploadSessions(path.join(path.dirname(tokenStore.path), 'uploads.json')),
          sink,
          clock: clockOf(ctx),
          logger,
          runId: randomUUID(),
          approvedBy: headCommit(inputs.manifest.root),
          timeBudgetMs: budgetMs,
          pollIntervalsMs: pollIntervals(ctx.env.TIKTOK_PUBLISH_POLL_MS),
          chunkSizeBytes: chunkSize(ctx.env.TIKTOK_PUBLISH_CHUNK_MB),
          servedRewrite: mediaRewrite(ctx.env.TIKTOK_PUBLISH_MEDIA_REWRITE),
          onUploadProgress: (e) => progress.update(e)
        })
        progress.stop()
        ctx.stdout.write(flags.json ? jsonText(result.outcomes, 2) : renderOutcomes(result.outcomes, result.plan.actions))
        // read from the state as this run left it: a token it just renewed is no longer a concern
        const expiring = expiryWarnings({ manifest: inputs.manifest, state: result.state, now: clockOf(ctx).now(), selector: inputs.selector })
        // what keep-alive did is already in the log (standard error)
        ctx.stderr.write(renderExpiryWarnings(expiring))
        if (result.failed) ctx.exitCode = EXIT_FAILED
      } finally {
        progress.stop()
        await lock.held.release()
      }
    }
  )

  registerStatusCommand(program, ctx)

  program
    .command('resolve')
    .description('settle an `unknown` pair after checking the account in TikTok')
    .argument('<post>', 'post id')
    .argument('<account>', 'account name')
    .option('--published <video_id>', 'the post is on the account: record its video id')
    .option('--not-published', 'the post is not on the account: let the next run publish it')
    .option('--manifest <file>', 'path of the manifest', 'tiktok.yml')
    .option('--state <file>', 'path of the state file (default: tiktok.state.json beside the manifest)')
    .action(async (post: string, account: string, flags: CommonFlags & { published?: string; notPublished?: boolean }) => {
      if (!!flags.published === !!flags.notPublished) {
        throw new UsageError('resolve needs exactly one of --published VIDEO_ID or --not-published', {
          fix: `check the account in the TikTok app, then run e.g. tiktok-publish resolve ${post} ${account} --not-published`
        })
      }
      if (flags.published && !/^\d{1,20}$/.test(flags.published)) {
        throw new UsageError(`--published "${flags.published}" is not a TikTok video id`, { fix: 'copy the digits at the end of the video URL, e.g. 7312345678901234567' })
      }
      const paths = resolvePaths(flags, ctx)
      const statePath = paths.statePath ?? defaultStatePath(paths.manifestPath)
      checkStatePath(statePath, findRepositoryRoot(path.dirname(paths.manifestPath)))
      const { state, exists } = await loadState(statePath)
      const record = exists ? getRecord(state, post, account) : undefined
      if (!record) throw new UserError(`${statePath} has no record for post ${post} on account ${account}`, { fix: 'check the post id and account name (tiktok-publish status lists them)' })
      if (!canResolve(record)) {
        throw new UserError(`post ${post} on ${account} is ${record.status}, not unknown: nothing to resolve`, { fix: 'only pairs left unknown by an interrupted run, or failed ones a person has checked, need resolving' })
      }
      const next = resolved(record, flags.published ? { published: flags.published } : { notPublished: true }, clockOf(ctx).now())
      await saveState(statePath, setRecord(state, post, account, next))
      ctx.stdout.write(`${post} on ${account}: ${flags.published ? `published as video ${flags.published}` : 'not published; the next run publishes it'}\n`)
    })

  registerOnboardingCommands(program, ctx)
  registerEmulatorCommand(program, ctx)
  registerDemoCommand(program, ctx)
}
