import { Ledgers } from './ledger.js'
import { Holds } from './limits.js'
import { orphans } from './orphans.js'
import { planPair, type PlanContext } from './pair.js'
import { DEFAULT_MAX_ATTEMPTS, PLAN_ACTION_KINDS, type Plan, type PlanAction, type PlanActionKind, type PlanInput } from './types.js'

export * from './types.js'

/*
 * The planner is pure: the same manifest, state, media facts and `now` give a
 * deep-equal plan. It reads no clock and no file, so a pull request's plan and
 * the run that follows the merge agree, and every rule is testable at any date.
 */

export function plan(input: PlanInput): Plan {
  const { manifest, state } = input
  const now = input.now.getTime()
  const selected = input.options?.accounts ?? (() => true)
  const ctx: PlanContext = {
    manifest,
    state,
    media: input.media,
    now,
    maxAttempts: input.options?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    ledgers: Ledgers.fromState(manifest, state, now),
    holds: new Holds(manifest, state, now),
    searchFrom: new Map(),
    limits: new Map(),
    texts: new Map()
  }
  const actions: PlanAction[] = []
  for (const post of manifest.posts) {
    for (const target of post.targets) {
      if (!selected(target.account)) continue
      actions.push(planPair(ctx, post, target))
    }
  }
  for (const orphan of orphans(manifest, state, selected)) actions.push(orphan)
  return { actions, now: new Date(now).toISOString(), summary: summarize(actions) }
}

function summarize(actions: PlanAction[]): Record<PlanActionKind, number> {
  const summary = Object.fromEntries(PLAN_ACTION_KINDS.map((k) => [k, 0])) as Record<PlanActionKind, number>
  for (const a of actions) summary[a.kind]++
  return summary
}
