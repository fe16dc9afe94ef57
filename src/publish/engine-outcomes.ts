import type { PlanAction } from '../plan/index.js'
import { nextLocalMidnight } from '../plan/time.js'
import { deferred, failed } from '../state/transitions/record.js'
import { deferredMessage } from '../state/transitions/retry.js'
import { holdUntil, isAppWideCap, scopeOf, type FailClass } from '../rules/rulebook.js'
import { TikTokApiError } from '../tiktok/errors.js'
import type { EngineRun, OutcomeStatus } from './engine-run.js'

/*
 * How a pair ends when TikTok says no: a failed attempt, a pair refused
 * before anything was recorded, or a cap that holds the account or the app.
 */

/**
 * A retryable failure is reported as deferred (the run stays green) while the
 * pair has failed fewer times than this; from then on it is reported failed,
 * still retried on schedule, so a fault that never clears reaches a person.
 */
const QUIET_FAILURES = 3

/** A pair refused before anything was claimed: nothing is recorded, so fixing the cause is the whole fix. */
export function block(run: EngineRun, action: PlanAction, message: string, code: string): void {
  run.outcome({ post: action.post, account: action.account, status: 'failed', message, error: { code, class: 'needs_person' } })
}

/** Every given action of an account fails with one error (e.g. creator_info could not be read). */
export function failAll(run: EngineRun, account: string, actions: PlanAction[], error: unknown): void {
  const classified = run.classify(error)
  for (const a of actions) run.outcome({ post: a.post, account, status: 'failed', message: classified.message, error: classified.error })
}

/**
 * A failed attempt, recorded through the `failed` transition and reported.
 * The record keeps what happened; the advice (the rulebook's, for its code)
 * is said in the run's words only, so a plan that adds the advice to the
 * recorded words says it once.
 */
export function fail(run: EngineRun, action: PlanAction, what: string, code: string, cls: FailClass, logId?: string, advice = ''): void {
  const { post, account } = action
  const previous = run.record(post, account)!
  // a person reads this in a summary of many accounts: say which one
  const recorded = cls === 'needs_person' ? `account ${account}: ${what}` : what
  const message = `${recorded} ${advice}`.trim()
  if (cls === 'needs_person' && scopeOf(code) === 'account') run.accountsStopped.set(account, message)
  const next = failed(previous, { code, message: recorded, class: cls, log_id: logId }, run.now())
  run.setRecord(post, account, next)
  if (cls === 'retryable') {
    // retried on schedule: one sentence with why and when, not red until it keeps failing
    const said = deferredMessage(message, next.next_attempt_at)
    const status: OutcomeStatus = previous.attempts >= QUIET_FAILURES ? 'failed' : 'deferred'
    if (status === 'failed') run.o.logger.error(`${post} → ${account}: ${said}`)
    else run.o.logger.warn(`${post} → ${account}: ${said}`)
    run.outcome({ post, account, status, publish_id: previous.publish_id, message: said, error: { code, class: cls, log_id: logId } })
    return
  }
  run.o.logger.error(`${post} → ${account}: ${message}`)
  run.outcome({ post, account, status: 'failed', publish_id: previous.publish_id, message, error: { code, class: cls, log_id: logId } })
}

/** TikTok refused an init (or may have taken it: an ambiguous pull is left for reconciliation). */
export async function initFailed(run: EngineRun, action: PlanAction, source: 'FILE_UPLOAD' | 'PULL_FROM_URL', error: unknown): Promise<void> {
  const { post, account } = action
  const ambiguous = error instanceof TikTokApiError && error.ambiguous
  if (ambiguous && source === 'PULL_FROM_URL') {
    // TikTok may be downloading already: leave the claim for reconciliation
    run.outcome({ post, account, status: 'claimed', message: 'TikTok may have received this init; the next run reconciles it before anything else' })
    await run.checkpoint(`ambiguous ${post}/${account}`)
    return
  }
  const classified = run.classify(error)
  if (classified.cls === 'cap' && error instanceof TikTokApiError) {
    holdForCap(run, account, error.code)
    run.setRecord(post, account, deferred(run.record(post, account)!, { code: error.code, message: classified.message }, run.now()))
    run.outcome({ post, account, status: 'deferred', message: `TikTok cap ${error.code}: waits for a later run`, error: classified.error })
    await run.checkpoint(`cap ${post}/${account}`)
    return
  }
  fail(run, action, classified.said, classified.error?.code ?? 'init', classified.cls, classified.error?.log_id, classified.cls === 'retryable' ? '' : classified.advice)
  await run.checkpoint(`init failed ${post}/${account}`)
}

/** A cap TikTok reported: the app for the rest of the run, or the account until its hold ends. */
export function holdForCap(run: EngineRun, account: string, code: string): void {
  const config = run.o.manifest.accounts[account]
  if (isAppWideCap(code)) {
    run.appsCapped.add(config.app)
    return
  }
  const until = holdUntil(code, run.now(), (ms) => nextLocalMidnight(ms, config.timezone))
  if (!until) return
  run.updateAccount(account, { hold: { until: until.toISOString(), reason: code } })
  run.o.logger.warn(`${account}: TikTok said ${code}; held until ${until.toISOString()}`)
}
