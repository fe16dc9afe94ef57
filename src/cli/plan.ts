import { renderPlanTable } from '../plan/index.js'
import { expiryWarnings, renderExpiryWarnings } from '../publish/keep-alive.js'
import { loadInputs, planRun } from '../publish/run.js'
import { clockOf, EXIT_FAILED, type CliContext } from './context.js'
import type { CommonFlags } from './options.js'
import { manifestSettings } from './settings.js'
import { jsonText } from './terminal.js'

/** `plan`: what a run would do now; no network. */
export async function runPlan(flags: CommonFlags, ctx: CliContext): Promise<void> {
  const s = manifestSettings(flags, ctx)
  const inputs = await loadInputs({ manifestPath: s.manifestPath, statePath: s.statePath, accounts: s.accounts, shard: s.shard })
  const plan = planRun(inputs, clockOf(ctx).now())
  const expiring = expiryWarnings({ manifest: inputs.manifest, state: inputs.state, now: clockOf(ctx).now(), selector: inputs.selector })
  if (s.json) ctx.stdout.write(jsonText(expiring.length ? { ...plan, account_warnings: expiring } : plan, 2))
  else ctx.stdout.write(renderPlanTable(plan, inputs.manifest, inputs.state) + renderExpiryWarnings(expiring))
  // a post asking for what the creator does not offer would fail at TikTok: say so now
  if (plan.actions.some((a) => a.kind === 'blocked' && a.code?.startsWith('creator_'))) ctx.exitCode = EXIT_FAILED
}
