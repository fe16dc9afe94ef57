import type { Manifest, Post } from '../manifest/model.js'
import type { State } from '../state/schema.js'
import { PLAN_ACTION_KINDS, type Plan, type PlanAction } from './plan.js'
import { showInvisible } from '../text.js'
import { photoLine, photoSummary } from './photo-text.js'
import { dueNow, goesOut } from './work.js'

function when(a: PlanAction): string {
  if (dueNow(a)) return 'now'
  if (a.kind === 'wait') return a.earliest ? a.earliest.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z') : 'later'
  return '-'
}

const MUSIC_URL = 'https://www.tiktok.com/legal/page/global/music-usage-confirmation/en'
const BRANDED_URL = 'https://www.tiktok.com/legal/page/global/bc-policy/en'

/**
 * TikTok asks for express consent to its Music Usage Confirmation (and, for
 * branded content, its Branded Content Policy) before upload. The pull-request
 * comment ends with it; the terminal's plan ends with the same line, since on a
 * server running `apply` after reading it is that consent.
 */
export function consentLines(plan: Plan, manifest: Manifest): string[] {
  const out = plan.actions.filter(goesOut)
  if (out.length === 0) return ['Applying publishes nothing new.']
  const posts = postsById(manifest)
  const branded = out.some((a) => posts.get(a.post)?.disclose.brandedContent)
  return [
    `Publishing these posts (apply, or merging the pull request) agrees to TikTok's Music Usage Confirmation${branded ? ' and Branded Content Policy' : ''}.`,
    `  ${MUSIC_URL}`,
    ...(branded ? [`  ${BRANDED_URL}`] : [])
  ]
}

// the first post of each id, as a search from the start finds it: one lookup per row, not a scan
function postsById(manifest: Manifest): Map<string, Post> {
  const byId = new Map<string, Post>()
  for (const p of manifest.posts) if (!byId.has(p.id)) byId.set(p.id, p)
  return byId
}

/**
 * The plan as a fixed-width table for a terminal: one row per pair, warnings
 * (and an inbox draft's caption, which the creator has to paste) under it.
 */
export function renderPlanTable(plan: Plan, manifest: Manifest, state: State): string {
  if (plan.actions.length === 0) return `Nothing to plan (as of ${plan.now}).\n`
  const captions = new Map<string, string>()
  for (const p of manifest.posts) for (const t of p.targets) captions.set(`${p.id}\u0000${t.account}`, t.caption)
  const posts = postsById(manifest)
  const rows = plan.actions.map((a) => {
    const nickname = Object.prototype.hasOwnProperty.call(state.accounts, a.account) ? state.accounts[a.account].creator?.nickname : undefined
    const notes = [...a.warnings.map((w) => `! ${w}`)]
    const caption = captions.get(`${a.post}\u0000${a.account}`)
    const post = posts.get(a.post)
    const photos = post ? photoSummary(post, post.targets.find((t) => t.account === a.account)) : undefined
    if (photos) {
      notes.push(`${photoLine(photos)}; description: ${JSON.stringify(caption ?? '')}`)
      photos.urls.forEach((u, i) => notes.push(`  photo ${i + 1}: ${u || '(no URL)'}`))
    }
    if (a.mode === 'inbox' && caption && (a.kind === 'publish' || a.kind === 'retry' || a.kind === 'wait')) {
      notes.push(`caption to paste: ${JSON.stringify(caption)}`)
    }
    // nicknames and reasons come from the state file and TikTok: shown, never obeyed
    return {
      cells: [a.post, nickname ? `${a.account} (${nickname})` : a.account, a.kind + (a.code ? ` ${a.code}` : ''), when(a), a.reason].map((c) => showInvisible(c)),
      notes: notes.map((n) => showInvisible(n))
    }
  })
  const header = ['POST', 'ACCOUNT', 'ACTION', 'WHEN', 'REASON']
  const widths = header.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((r) => [...r.cells[i]].length)))
  const pad = (s: string, w: number): string => s + ' '.repeat(Math.max(0, w - [...s].length))
  const line = (cells: string[]): string => cells.slice(0, 4).map((c, i) => pad(c, widths[i])).join('  ') + '  ' + cells[4]
  const indent = ' '.repeat(widths.reduce((a, b) => a + b + 2, 0))
  const out = [line(header)]
  for (const r of rows) {
    out.push(line(r.cells))
    for (const n of r.notes) out.push(indent + n)
  }
  const counts = PLAN_ACTION_KINDS.filter((k) => plan.summary[k] > 0).map((k) => `${plan.summary[k]} ${k}`)
  out.push('', `${counts.join(', ')} (as of ${plan.now})`)
  out.push('', ...consentLines(plan, manifest))
  return out.map((l) => l.trimEnd()).join('\n') + '\n'
}
