import type { PairOutcome } from './engine.js'

/** One line per pair and a totals line: what the command line prints after apply. */
export function renderOutcomes(outcomes: PairOutcome[]): string {
  if (outcomes.length === 0) return 'Nothing to do: every post is published, waiting for its time, or needs a person (see `tiktok-publish plan`).\n'
  const lines: string[] = []
  for (const o of outcomes) {
    const ids = [o.video_id && `video ${o.video_id}`, o.url, !o.video_id && o.publish_id && `publish_id ${o.publish_id}`].filter(Boolean).join('  ')
    lines.push(`${o.post.padEnd(24)} ${o.account.padEnd(16)} ${o.status.padEnd(11)} ${ids}${o.message ? `${ids ? '  ' : ''}${o.message}` : ''}`)
  }
  const totals = new Map<string, number>()
  for (const o of outcomes) totals.set(o.status, (totals.get(o.status) ?? 0) + 1)
  lines.push('')
  lines.push([...totals].map(([k, v]) => `${v} ${k}`).join(', '))
  return lines.join('\n') + '\n'
}
