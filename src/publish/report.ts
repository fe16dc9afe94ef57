import type { PlanAction } from '../plan/index.js'
import type { PairOutcome } from './engine.js'

/**
 * One line per pair and a totals line: what the command line prints after
 * apply. Pairs the plan blocked (an `unknown` claim, a public account under an
 * unaudited app…) follow with their reason, so every run says what a person
 * has to do, not only the run that found it.
 */
export function renderOutcomes(outcomes: PairOutcome[], planned: PlanAction[] = []): string {
  const worked = new Set(outcomes.map((o) => `${o.post}\u0000${o.account}`))
  const waiting = planned.filter((a) => a.kind === 'blocked' && !worked.has(`${a.post}\u0000${a.account}`))
  const lines: string[] = []
  if (outcomes.length === 0) {
    lines.push(
      waiting.length
        ? 'Nothing published by this run.'
        : 'Nothing to do: every post is published, waiting for its time, or needs a person (see `tiktok-publish plan`).'
    )
  } else {
    for (const o of outcomes) {
      const ids = [o.video_id && `video ${o.video_id}`, o.url, !o.video_id && o.publish_id && `publish_id ${o.publish_id}`].filter(Boolean).join('  ')
      lines.push(`${o.post.padEnd(24)} ${o.account.padEnd(16)} ${o.status.padEnd(11)} ${ids}${o.message ? `${ids ? '  ' : ''}${o.message}` : ''}`)
    }
    const totals = new Map<string, number>()
    for (const o of outcomes) totals.set(o.status, (totals.get(o.status) ?? 0) + 1)
    lines.push('')
    lines.push([...totals].map(([k, v]) => `${v} ${k}`).join(', '))
  }
  if (waiting.length) {
    lines.push('', `Not started, ${waiting.length} waiting for a person:`)
    for (const a of waiting) lines.push(`${a.post.padEnd(24)} ${a.account.padEnd(16)} ${a.reason}`)
  }
  return lines.join('\n') + '\n'
}
