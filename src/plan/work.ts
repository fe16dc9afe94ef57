import type { PlanAction } from './types.js'

/**
 * Whether applying this action asks TikTok anything: a new init (publish,
 * retry), polling a pair already initiated (resume), or polling a post removed
 * from the manifest while TikTok still had it (an in-flight orphan). The one
 * test of "work to do", for the engine, the summaries and the comment alike;
 * it reads only the action, so apply does what the plan showed.
 */
export function hasWork(action: Pick<PlanAction, 'kind' | 'inFlight'>): boolean {
  switch (action.kind) {
    case 'publish':
    case 'retry':
    case 'resume':
      return true
    case 'orphaned':
      return action.inFlight === true
    default:
      return false
  }
}

/** A pair of the manifest that apply sends or finishes now: the work of hasWork, less the orphans it only polls. */
export function dueNow(action: Pick<PlanAction, 'kind' | 'inFlight'>): boolean {
  return hasWork(action) && action.kind !== 'orphaned'
}

/** A pair of the manifest that goes out now or later: what TikTok's consent covers and the timeline draws. */
export function goesOut(action: Pick<PlanAction, 'kind' | 'inFlight'>): boolean {
  return dueNow(action) || action.kind === 'wait'
}
