import type { Manifest, Post, PostTarget, PrivacyLevel } from '../manifest/model.js'
import type { MediaFacts } from '../media/index.js'
import { PLAN_ACTION_KINDS, type Plan, type PlanAction } from '../plan/index.js'
import { formatLocal } from '../plan/time.js'
import { dueNow, goesOut } from '../plan/work.js'
import type { State } from '../state/index.js'
import type { KeptRecord } from '../state/transitions/grow.js'
import { planCommentMarker } from './constants.js'
import { CAPTION_PREVIEW, cell, preview } from './cell.js'
import { renderGantt } from './gantt.js'
import { photoCell } from './photo-render.js'

// where they always lived, for the callers that import them from here
export { cell, preview, showHidden } from './cell.js'

/*
 * Markdown for the pull-request plan comment and the job summary. Everything a
 * pull request's author controls (captions, names, reasons quoting them) goes
 * through `cell()`: a caption must never break the table, inject HTML, close
 * the hidden marker, or ping a GitHub user.
 */

export const CONSENT_MUSIC = "Merging publishes these posts and agrees to TikTok's Music Usage Confirmation"
export const CONSENT_BRANDED = ' and Branded Content Policy'
const MUSIC_URL = 'https://www.tiktok.com/legal/page/global/music-usage-confirmation/en'
const BRANDED_URL = 'https://www.tiktok.com/legal/page/global/bc-policy/en'

/** An inline code span for a name (path, branch); a backtick or newline in it cannot end the span. */
export function code(text: string): string {
  return '`' + text.replace(/[`\r\n]/g, '') + '`'
}

const PRIVACY_NAMES: Record<PrivacyLevel, string> = {
  PUBLIC_TO_EVERYONE: 'Everyone',
  MUTUAL_FOLLOW_FRIENDS: 'Friends',
  FOLLOWER_OF_CREATOR: 'Followers',
  SELF_ONLY: 'Only me'
}

/**
 * TikTok's labels: your brand alone shows "Promotional content"; branded
 * content shows "Paid partnership" (also when both are on, as TikTok labels it).
 */
export function disclosureLabels(post: Post): string[] {
  const labels: string[] = []
  if (post.disclose.brandedContent) labels.push('Paid partnership')
  else if (post.disclose.yourBrand) labels.push('Promotional content')
  if (post.disclose.aiGenerated) labels.push('AI-generated')
  return labels
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  const units = ['KB', 'MB', 'GB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(1)} ${units[i]}`
}

/** `12.5 s` under a minute, `2:05` from there. */
export function formatSeconds(sec: number): string {
  if (sec < 60) return `${sec.toFixed(1)} s`
  const whole = Math.round(sec)
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`
}

export function videoFacts(post: Post, facts: MediaFacts | undefined, target?: PostTarget): string {
  if (post.video.kind === 'photos') return photoCell(post, target)!
  if (post.video.kind === 'url') {
    let host = post.video.url
    try {
      host = new URL(post.video.url).host
    } catch {
      // the loader already refused bad URLs; show what is there
    }
    return `pulled by TikTok from ${cell(host)}`
  }
  if (!facts) return cell(post.video.path)
  return `${facts.width}×${facts.height} · ${formatSeconds(facts.durationSec)} · ${formatBytes(facts.sizeBytes)} · ${cell(facts.videoCodec)}`
}

function interactions(target: PostTarget, state: State, account: string): string {
  if (target.mode === 'inbox') return 'set by the creator'
  const creator = Object.prototype.hasOwnProperty.call(state.accounts, account) ? state.accounts[account].creator : undefined
  const on: string[] = []
  const items: [keyof PostTarget['allow'], string, boolean | undefined][] = [
    ['comments', 'comments', creator?.comment_disabled],
    ['duet', 'duet', creator?.duet_disabled],
    ['stitch', 'stitch', creator?.stitch_disabled]
  ]
  for (const [key, label, disabled] of items) {
    if (!target.allow[key]) continue
    on.push(disabled ? `~~${label}~~ (off in the creator's settings)` : label)
  }
  return on.length ? on.join(', ') : 'all off'
}

function privacy(target: PostTarget): string {
  if (target.mode === 'inbox') return 'set by the creator'
  return target.privacy ? PRIVACY_NAMES[target.privacy] : '—'
}

/** What happens and when, in the words of a pull request's plan. */
function actionText(a: PlanAction, mode: string | undefined): string {
  const draft = mode === 'inbox'
  switch (a.kind) {
    case 'publish':
      return draft ? '**send draft**' : '**publish**'
    case 'retry':
      return draft ? '**send draft again**' : '**publish again** (retry)'
    case 'resume':
      return 'finish (in flight)'
    case 'wait':
      return 'wait'
    case 'done':
      return 'done'
    case 'blocked':
      return '⛔ blocked'
    case 'changed':
      return '⚠️ changed'
    case 'orphaned':
      return 'orphaned'
  }
}

function whenText(a: PlanAction, timezone: string | undefined, afterMerge: boolean): string {
  if (dueNow(a)) return afterMerge ? 'on merge' : 'now'
  if (a.kind === 'wait') {
    if (!a.earliest) return 'later'
    const ms = Date.parse(a.earliest)
    const utc = formatLocal(ms, 'UTC')
    return timezone && timezone !== 'UTC' ? `${utc} (${formatLocal(ms, timezone)})` : utc
  }
  return '—'
}

function nickname(state: State, account: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(state.accounts, account) ? state.accounts[account].creator?.nickname : undefined
}

export function consentLine(branded: boolean): string {
  return `${CONSENT_MUSIC}${branded ? CONSENT_BRANDED : ''}.`
}

export interface PlanCommentInput {
  /** as the user wrote it in the workflow (relative to the repository) */
  manifestPath: string
  plan: Plan
  manifest: Manifest
  state: State
  media: Map<string, MediaFacts>
  /** about the run as a whole (e.g. a state file edited in the pull request) */
  warnings?: string[]
  /** the link to this run's log */
  runUrl?: string
  /** Markdown of the records the change would drop and the tool keeps (renderKeptRecords) */
  kept?: string
  /** GitHub refuses comments over 65,536 characters; rows past this budget are left to the job summary */
  maxChars?: number
}

export const COMMENT_MAX_CHARS = 60_000

/**
 * The pull request's plan comment, marker first so the next run finds and
 * edits it. One row per post (its accounts together, a value per account only
 * where they differ), posts already done folded away, and a timeline chart when
 * posts wait for their time. A plan too long for one comment shows its first
 * rows and says how many more the job summary holds; the consent line always
 * stays.
 */
export function renderPlanComment(input: PlanCommentInput): string {
  const max = input.maxChars ?? COMMENT_MAX_CHARS
  let text = renderRows(input, Infinity)
  let rows = new Set(input.plan.actions.map((a) => a.post)).size
  while (text.length > max && rows > 0) {
    rows = Math.min(rows - 1, Math.floor((rows * max) / text.length) - 1)
    text = renderRows(input, Math.max(0, rows))
  }
  return text
}

/** One value per account: the value alone when every account shares it, else each distinct value with its accounts. */
function merged(values: [account: string, text: string][]): string {
  const distinct = new Map<string, string[]>()
  for (const [account, text] of values) distinct.set(text, [...(distinct.get(text) ?? []), account])
  if (distinct.size === 1) return values[0][1]
  return [...distinct].map(([text, accounts]) => `**${accounts.map((a) => cell(a)).join(', ')}**: ${text}`).join('<br>')
}

/** The plan's actions by post, in plan order. */
function byPost(actions: PlanAction[]): PlanAction[][] {
  const groups = new Map<string, PlanAction[]>()
  for (const a of actions) groups.set(a.post, [...(groups.get(a.post) ?? []), a])
  return [...groups.values()]
}

interface Note {
  template: string
  text: string
  accounts: string[]
  posts: string[]
}

/**
 * Groups a note with the same words for other accounts (the account's own
 * name taken out), so 5 accounts waiting for the same reason make one line.
 */
function addNote(notes: Map<string, Note>, template: string, text: string, account: string, post: string): void {
  const generic = account ? text.split(account).join('\u0000') : text
  const key = `${template}\u0002${generic}`
  const note = notes.get(key) ?? { template, text: generic, accounts: [], posts: [] }
  if (!note.accounts.includes(account)) note.accounts.push(account)
  if (!note.posts.includes(post)) note.posts.push(post)
  notes.set(key, note)
}

function noteLines(notes: Map<string, Note>, listPosts: boolean): string[] {
  return [...notes.values()].map((n) => {
    const text = cell(n.text.split('\u0000').join(n.accounts.length === 1 ? n.accounts[0] : 'each account'))
    const posts = listPosts ? ` (${n.posts.length} post(s): ${n.posts.map((p) => cell(p)).join(', ')})` : ''
    return '- ' + n.template.replace('\u0000', n.accounts.map((a) => cell(a)).join(', ')).replace('\u0001', () => text) + posts
  })
}

function renderRows(input: PlanCommentInput, rowLimit: number): string {
  const { plan, manifest, state, media } = input
  const posts = new Map(manifest.posts.map((p) => [p.id, p]))
  const out: string[] = [planCommentMarker(input.manifestPath), `### TikTok publish plan for ${code(input.manifestPath)}`, '']

  // warnings are the Action's own Markdown; names inside them went through code()
  for (const w of input.warnings ?? []) out.push(`> [!WARNING]`, `> ${preview(w, 2000)}`, '')
  if (input.kept) out.push(input.kept)

  const counts = PLAN_ACTION_KINDS.filter((k) => plan.summary[k] > 0).map((k) => `${plan.summary[k]} ${k}`)
  if (plan.actions.length === 0) {
    out.push(`Nothing to plan: the manifest targets no account (as of ${plan.now}).`, '')
  } else {
    const groups = byPost(plan.actions)
    const active = groups.filter((g) => g.some((a) => a.kind !== 'done'))
    const done = groups.filter((g) => g.every((a) => a.kind === 'done'))
    const shownActive = active.slice(0, rowLimit)
    const shownDone = done.slice(0, Math.max(0, rowLimit - active.length))
    out.push(`${counts.join(', ')} across ${groups.length} post(s) (as of ${plan.now})`, '')
    const reasons = new Map<string, Note>()
    const warned = new Map<string, Note>()
    if (shownActive.length) {
      out.push('| Post | Account | Action | When | Caption | Privacy | Interactions | Disclosure | Video |')
      out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
    }
    for (const group of shownActive) {
      const post = posts.get(group[0].post)
      const accounts: string[] = []
      const cols: [string, string][][] = [[], [], [], [], [], [], []]
      for (const a of group) {
        const target = post?.targets.find((t) => t.account === a.account)
        const nick = nickname(state, a.account)
        accounts.push(nick ? `${cell(a.account)} (${cell(nick)})` : cell(a.account))
        const mode = a.mode ?? target?.mode
        let caption = '—'
        if (target) caption = mode === 'inbox' ? `draft: the creator pastes this caption: ${cell(target.caption, CAPTION_PREVIEW)}` : cell(target.caption, CAPTION_PREVIEW) || '(none)'
        const values = [
          actionText(a, mode),
          whenText(a, manifest.accounts[a.account]?.timezone, true),
          caption,
          target ? privacy(target) : '—',
          target ? interactions(target, state, a.account) : '—',
          post ? disclosureLabels(post).join(', ') || 'none' : '—',
          post ? videoFacts(post, media.get(post.id), target) : '—'
        ]
        values.forEach((v, i) => cols[i].push([a.account, v]))
      }
      out.push(`| ${[cell(group[0].post), accounts.join(', '), ...cols.map(merged)].join(' | ')} |`)

      // the same reason for several accounts is said once, naming them all; a
      // wait at its scheduled time needs no note (the When column says it)
      for (const a of group) {
        const explain = a.kind === 'blocked' || a.kind === 'changed' || a.kind === 'orphaned' || (a.kind === 'wait' && (a.code !== 'scheduled' || a.earliest !== post?.at?.toISOString()))
        if (explain) addNote(reasons, `**${cell(a.post)} → \u0000** (${a.kind}): \u0001`, a.reason, a.account, a.post)
        for (const w of a.warnings) addNote(warned, '⚠️ **\u0000**: \u0001', w, a.account, a.post)
      }
    }
    if (shownDone.length) {
      out.push('', `<details><summary>✅ ${done.length} post(s) already done</summary>`, '')
      for (const g of shownDone) out.push(`- **${cell(g[0].post)}** → ${g.map((a) => cell(a.account)).join(', ')}`)
      out.push('', '</details>')
    }
    const hidden = groups.length - shownActive.length - shownDone.length
    if (hidden > 0) out.push('', `…and ${hidden} more post(s), too many for one comment: the job summary of this run lists them all.`)
    const notes = [...noteLines(reasons, false), ...noteLines(warned, true)]
    if (notes.length) out.push('', '<details open><summary>Why, and warnings</summary>', '', ...notes, '', '</details>')
    out.push(...renderGantt(plan))
  }

  const branded = plan.actions.some((a) => goesOut(a) && posts.get(a.post)?.disclose.brandedContent)
  const publishing = plan.actions.some(goesOut)
  out.push('', '---', '')
  if (publishing) {
    out.push(`**${consentLine(branded)}**`)
    out.push(`([Music Usage Confirmation](${MUSIC_URL})${branded ? `, [Branded Content Policy](${BRANDED_URL})` : ''})`)
  } else {
    out.push('Merging publishes nothing new.')
  }
  if (input.runUrl) out.push('', `<sub>[run log](${input.runUrl})</sub>`)
  return out.join('\n') + '\n'
}

/**
 * Records a commit dropped or turned back, which the tool keeps (records are
 * grow-only outside `resolve`). Empty when there are none. On a pull request
 * it says what merging would drop; after apply, what was put back.
 */
export function renderKeptRecords(kept: KeptRecord[], o: { statePath: string; pullRequest: boolean }): string {
  if (kept.length === 0) return ''
  const out: string[] = []
  out.push(
    o.pullRequest
      ? `#### This pull request would drop ${kept.length} record(s) of ${code(o.statePath)}`
      : `#### ${kept.length} record(s) of ${code(o.statePath)} a commit dropped were put back`,
    ''
  )
  out.push('| Post | Account | Kept as | publish_id | In this copy |', '| --- | --- | --- | --- | --- |')
  for (const k of kept) {
    out.push(`| ${cell(k.post)} | ${cell(k.account)} | ${cell(k.status)} | ${k.publish_id ? code(k.publish_id) : '—'} | ${k.working ? cell(k.working) : 'dropped'} |`)
  }
  out.push(
    '',
    o.pullRequest
      ? 'They will be kept: apply merges the state with the last one tiktok-publish committed, record by record, and never goes back, so merging posts none of them again. To settle a post by hand, use `tiktok-publish resolve`.'
      : 'Records are grow-only: apply merged the state with the last one tiktok-publish committed, record by record, so none of these was posted again. To settle a post by hand, use `tiktok-publish resolve`.',
    ''
  )
  return out.join('\n') + '\n'
}
