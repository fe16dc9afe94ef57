import type { PlanAction } from '../plan/index.js'
import { getRecord } from '../state/index.js'
import { runAccount } from './engine-account.js'
import { EngineRun, type EngineOptions, type PairOutcome } from './engine-run.js'
import type { Plan } from '../plan/index.js'

export { creatorCacheEntry } from './engine-account.js'
export { RunStopped, type AccessTokens, type EngineOptions, type OutcomeStatus, type PairOutcome } from './engine-run.js'

export interface EngineResult {
  plan: Plan
  outcomes: PairOutcome[]
  /** a post failed in a way that needs attention (caps and waits are not failures) */
  failed: boolean
}

/**
 * Accounts worked on at once. TikTok's limits are per access token, i.e. per
 * account, so more accounts at once cannot cause a 429; what it saves is the
 * time a worker sleeps between status polls of one account's posts.
 */
export const DEFAULT_ACCOUNT_CONCURRENCY = 200

/**
 * Publishes what the plan says. Order per pair: token → creator info → claim
 * (durable) → init → publish_id (durable) → upload → poll → final (durable).
 * The token comes before the claim so that an account whose token cannot be
 * refreshed never leaves a claim behind that a person would have to settle.
 */
export async function runEngine(options: EngineOptions): Promise<EngineResult> {
  const start = options.clock.now().getTime()
  const deadline = start + options.timeBudgetMs
  const plan = options.plan
  const work = new Map<string, PlanAction[]>()
  for (const action of plan.actions) {
    // a post removed from the manifest while TikTok had it is still polled to
    // its end, so the state says what became of it
    const record = getRecord(options.box.current, action.post, action.account)
    const inFlightOrphan =
      action.kind === 'orphaned' && record?.status === 'processing' && !!record.publish_id && !!options.manifest.accounts[action.account]
    if (action.kind !== 'publish' && action.kind !== 'retry' && action.kind !== 'resume' && !inFlightOrphan) continue
    const list = work.get(action.account) ?? []
    list.push(action)
    work.set(action.account, list)
  }
  const run = new EngineRun(options, deadline)
  const accounts = [...work.keys()]
  const concurrency = Math.max(1, options.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY)
  let index = 0
  const workers = Array.from({ length: Math.min(concurrency, accounts.length) }, async () => {
    while (index < accounts.length && run.stopped === undefined) {
      const name = accounts[index++]
      try {
        await runAccount(run, name, work.get(name)!)
      } catch (error) {
        run.stop(error)
      }
    }
  })
  // every worker ends before the caller may close the client under them
  await Promise.allSettled(workers)
  if (run.stopped !== undefined) throw run.stopped
  await options.checkpointer.checkpoint('run finished')
  const failed = run.outcomes.some((o) => o.status === 'failed' || o.status === 'unknown')
  return { plan, outcomes: run.outcomes, failed }
}
