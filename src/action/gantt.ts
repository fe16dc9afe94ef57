import type { Plan, PlanAction } from '../plan/index.js'
import { dueNow } from '../plan/work.js'

/*
 * The plan's timeline as a Mermaid gantt chart, which GitHub draws from a
 * ```mermaid block in comments and job summaries. Names in it (post ids,
 * account names) come from a pull request, and Mermaid's gantt grammar gives
 * `:` `#` `;` `%` and line breaks a meaning, so every name is reduced to a
 * plain character set before it goes in; nothing a pull request writes can
 * end the code block or add a directive.
 */

/** Bars drawn per account; a plan bigger than this lists the rest as a count. */
export const GANTT_MAX_TASKS = 400

/**
 * Words the gantt lexer takes as statements at the start of a line (it matches
 * them case-insensitively). A name starting with one gets a prefix so it stays a
 * task's name.
 */
const KEYWORDS = /^(gantt|section|title|dateformat|axisformat|tickinterval|includes|excludes|todaymarker|inclusiveenddates|topaxis|weekday|weekend|click|acctitle|accdescr|displaymode|call|href)/i

/** A name as Mermaid will show it: letters, digits, `.`, `_`, `-`; anything else becomes `_`. */
export function ganttName(text: string, max = 60): string {
  let name = [...text].slice(0, max).join('').replace(/[^A-Za-z0-9._-]/g, '_')
  if (name === '') name = '_'
  return KEYWORDS.test(name) ? `post_${name}` : name
}

/** `2026-12-01T09:30` in UTC: the chart shows UTC wall-clock times whatever the reader's zone. */
function utcMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16)
}

/** When an action puts its post out: now for due work, its earliest time for a wait; undefined when unknown. */
function startOf(a: PlanAction, nowMs: number): number | undefined {
  if (dueNow(a)) return nowMs
  if (a.kind === 'wait' && a.earliest) {
    const ms = Date.parse(a.earliest)
    return Number.isFinite(ms) ? ms : undefined
  }
  return undefined
}

/**
 * Markdown lines: a heading and a ```mermaid gantt block with one section per
 * account and one milestone per post it will publish or send. Empty when the
 * plan has nothing scheduled or waiting (a plan of only due posts has no
 * timeline worth a chart).
 */
export function renderGantt(plan: Plan): string[] {
  const nowMs = Date.parse(plan.now)
  const byAccount = new Map<string, { post: string; start: number }[]>()
  let waiting = false
  for (const a of plan.actions) {
    const start = startOf(a, nowMs)
    if (start === undefined) continue
    if (a.kind === 'wait') waiting = true
    const list = byAccount.get(a.account) ?? []
    list.push({ post: a.post, start })
    byAccount.set(a.account, list)
  }
  if (!waiting) return []

  const lines = ['gantt', '    dateFormat YYYY-MM-DDTHH:mm', '    axisFormat %m-%d %H:%M', '    todayMarker off']
  let n = 0
  let left = 0
  for (const [account, tasks] of byAccount) {
    tasks.sort((x, y) => x.start - y.start)
    lines.push(`    section ${ganttName(account)}`)
    for (const t of tasks) {
      if (n >= GANTT_MAX_TASKS) {
        left++
        continue
      }
      n++
      lines.push(`    ${ganttName(t.post)} :milestone, t${n}, ${utcMinute(t.start)}, 0m`)
    }
  }
  const out = ['', '#### Timeline (UTC)', '', '```mermaid', ...lines, '```']
  if (left > 0) out.push('', `…and ${left} more post(s) on the timeline, too many to draw.`)
  return out
}
