import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { ConsoleLogger, type Logger } from '../logger.js'
import { findRepositoryRoot } from '../manifest/load.js'
import { renderPlanTable } from '../plan/index.js'
import { fileSink } from '../publish/file-sink.js'
import { expiryWarnings, renderExpiryWarnings } from '../publish/keep-alive.js'
import { keepRecords, keptReasons, StateCopies } from '../publish/keep-records.js'
import { renderOutcomes } from '../publish/report.js'
import { applyRun, checkStatePath, defaultStatePath, loadInputs, planRun, type LoadedInputs } from '../publish/run.js'
import { FileUploadSessions } from '../publish/upload-sessions.js'
import type { State } from '../state/index.js'
import { lockStateForRun } from '../state/run-lock.js'
import { FileTokenStore } from '../tiktok/tokens.js'
import { MAX_CHUNK } from '../tiktok/upload.js'
import { clockOf, EXIT_FAILED, type CliContext } from './context.js'
import type { ApplyFlags } from './options.js'
import { ProgressView } from './progress.js'
import { applySettings, type ApplySettings } from './settings.js'
import { jsonText } from './terminal.js'

type Publishing = ApplySettings & { api: NonNullable<ApplySettings['api']> }

/** `apply`: publish what is due, poll until final, write the state. */
export async function runApply(flags: ApplyFlags, ctx: CliContext): Promise<void> {
  const s = applySettings(flags, ctx)
  const logger = new ConsoleLogger({ stream: ctx.stderr, verbose: s.debug })
  if (!s.api) return dryRun(s, ctx)
  // One writer per state, decided before the state is read and before any
  // token is touched: a second run waits, then stands aside.
  const statePath = path.resolve(s.statePath ?? defaultStatePath(s.manifestPath))
  // judged before its lock is made beside it: not outside the repository, not in .git/
  checkStatePath(statePath, findRepositoryRoot(path.dirname(s.manifestPath)))
  const lock = await lockStateForRun(statePath, { waitMs: s.lockWaitMs, logger })
  if (lock.standAside) {
    if (s.json) {
      ctx.stderr.write(lock.standAside.message + '\n')
      ctx.stdout.write('[]\n')
    } else ctx.stdout.write(lock.standAside.message + '\n')
    return
  }
  const progress = new ProgressView(ctx.progress ?? ctx.stderr)
  try {
    await publish({ ...s, statePath } as Publishing, ctx, logger, progress)
  } finally {
    progress.stop()
    await lock.held.release()
  }
}

async function dryRun(s: ApplySettings, ctx: CliContext): Promise<void> {
  const inputs = await loadInputs({ manifestPath: s.manifestPath, statePath: s.statePath, accounts: s.accounts, shard: s.shard })
  const plan = planRun(inputs, clockOf(ctx).now())
  ctx.stdout.write(s.json ? jsonText(plan, 2) : renderPlanTable(plan, inputs.manifest, inputs.state))
}

/** The run itself, with the state locked. */
async function publish(s: Publishing, ctx: CliContext, logger: Logger, progress: ProgressView): Promise<void> {
  const loaded = await loadInputs({ manifestPath: s.manifestPath, statePath: s.statePath, accounts: s.accounts, shard: s.shard })
  const tokenStore = new FileTokenStore({ path: s.api.tokenStorePath })
  const { inputs, sink } = await keepGrownRecords(loaded, tokenStore.path, logger)
  const result = await applyRun({
    inputs,
    apiBaseUrl: s.api.apiBaseUrl,
    secrets: s.secret,
    tokenStore,
    uploads: new FileUploadSessions(path.join(path.dirname(tokenStore.path), 'uploads.json')),
    sink,
    clock: clockOf(ctx),
    logger,
    runId: randomUUID(),
    approvedBy: headCommit(inputs.manifest.root),
    timeBudgetMs: s.timeBudgetMs,
    pollIntervalsMs: s.api.pollIntervalsMs,
    // 62 MiB and up are sent as 64,000,000 bytes, the largest chunk that is
    // within TikTok's "64 MB" whichever way it counts a megabyte
    chunkSizeBytes: s.api.chunkMiB === undefined ? undefined : Math.min(s.api.chunkMiB * 1024 * 1024, MAX_CHUNK),
    servedRewrite: s.api.servedRewrite,
    onUploadProgress: (e) => progress.update(e)
  })
  progress.stop()
  ctx.stdout.write(s.json ? jsonText(result.outcomes, 2) : renderOutcomes(result.outcomes, result.plan.actions))
  // read from the state as this run left it: a token it just renewed is no longer a concern
  const expiring = expiryWarnings({ manifest: inputs.manifest, state: result.state, now: clockOf(ctx).now(), selector: inputs.selector })
  // what keep-alive did is already in the log (standard error)
  ctx.stderr.write(renderExpiryWarnings(expiring))
  if (result.failed) ctx.exitCode = EXIT_FAILED
}

/**
 * Records are grow-only outside `resolve`: the last state this tool wrote is
 * kept beside the token store, and a commit or an edit that dropped records
 * from the state file does not make this run post them again.
 */
async function keepGrownRecords(loaded: LoadedInputs, tokenStorePath: string, logger: Logger) {
  const copies = new StateCopies(path.join(path.dirname(tokenStorePath), 'states'))
  const sink = (box: { current: State }) => copies.wrap(loaded.statePath, box, fileSink(loaded.statePath, box), logger)
  const copy = await copies.read(loaded.statePath, logger)
  // a state this tool has not written on this machine yet: what is there now is the best history known
  if (!copy && loaded.stateExists) await copies.keep(loaded.statePath, loaded.state, logger)
  const grown = keepRecords(loaded, copy, logger, 'its copy beside the token store')
  let inputs = grown.inputs
  if (grown.kept.length) {
    const box = { current: inputs.state }
    await sink(box).save(keptReasons(grown.kept))
    inputs = { ...inputs, state: box.current, stateExists: true }
  }
  return { inputs, sink }
}

/** The commit a run publishes from, recorded on each claim as what approved it; none outside git. */
function headCommit(root: string): string | undefined {
  try {
    return execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined
  } catch {
    return undefined
  }
}
