import * as core from '@actions/core'
import type { Logger } from '../logger.js'
import type { Manifest } from '../manifest/model.js'
import type { PairOutcome } from '../publish/engine.js'
import { cell } from './render.js'
import { showInvisible } from '../text.js'
import { photoSummaryLines } from './photo-render.js'

/** GitHub refuses a step summary over 1 MiB; stay well under it. */
export const SUMMARY_MAX_CHARS = 900_000

export interface ApplySummaryInput {
  manifestPath: string
  outcomes: PairOutcome[]
  manifest: Manifest
  /** pairs the plan left waiting, blocked, … (not worked on by this run) */
  notStarted: { post: string; account: string; kind: string; reason: string }[]
  stateChanged: boolean
  /** where the state went: a commit on a branch, or a file */
  stateNote?: string
  /** idle accounts whose refresh token this run renewed, or could not */
  keepAlive?: { renewed: string[]; failed: { account: string; message: string }[] }
  /** accounts whose refresh token expired or will with no run to renew it */
  accountWarnings?: { account: string; message: string }[]
}

const STATUS_TEXT: Record<PairOutcome['status'], string> = {
  published: '✅ published',
  inbox: '📥 draft in inbox',
  processing: '⏳ processing',
  failed: '❌ failed',
  deferred: '⏸️ deferred',
  unknown: '❓ unknown',
  claimed: '⏳ claimed'
}

/** The job summary of an apply run: one row per pair worked on, then what waits, then totals. */
export function renderApplySummary(input: ApplySummaryInput): string {
  const out: string[] = [`### TikTok publish: \`${cell(input.manifestPath)}\``, '']
  const captions = new Map<string, string>()
  for (const p of input.manifest.posts) for (const t of p.targets) captions.set(`${p.id}\u0000${t.account}`, t.caption)

  if (input.outcomes.length === 0) {
    out.push('Nothing was due: every post is published, waiting for its time, or needs a person.', '')
  } else {
    out.push('| Post | Account | Status | TikTok link | publish_id | Error |', '| --- | --- | --- | --- | --- | --- |')
    const pastes: string[] = []
    for (const o of input.outcomes) {
      const link = o.url && /^https:\/\//.test(o.url) ? `[${o.video_id ? cell(o.video_id) : 'open'}](${encodeURI(o.url).replace(/[()]/g, (c) => encodeURIComponent(c))})` : o.video_id ? cell(o.video_id) : '—'
      const problem = o.status === 'failed' || o.status === 'unknown' || o.error !== undefined
      const error = problem ? cell(o.error ? `${o.error.code}: ${o.message ?? ''}` : (o.message ?? ''), 200) : ''
      out.push(`| ${cell(o.post)} | ${cell(o.account)} | ${STATUS_TEXT[o.status]} | ${link} | ${o.publish_id ? `\`${o.publish_id.replace(/`/g, '')}\`` : '—'} | ${error || '—'} |`)
      const caption = captions.get(`${o.post}\u0000${o.account}`)
      if (o.status === 'inbox' && caption !== undefined) pastes.push(`- **${cell(o.post)} → ${cell(o.account)}**: the creator finishes the draft in the TikTok app and pastes this caption: ${cell(caption)}`)
    }
    if (pastes.length) out.push('', '**Drafts to finish in the TikTok app**', '', ...pastes)
    out.push('')
    out.push(...photoSummaryLines(input.manifest, input.outcomes))
  }

  if (input.notStarted.length) {
    out.push('<details><summary>Not started by this run</summary>', '')
    for (const n of input.notStarted) out.push(`- **${cell(n.post)} → ${cell(n.account)}** (${n.kind}): ${cell(n.reason, 300)}`)
    out.push('', '</details>', '')
  }

  const renewed = input.keepAlive?.renewed ?? []
  const renewFailed = input.keepAlive?.failed ?? []
  const warned = input.accountWarnings ?? []
  if (renewed.length || renewFailed.length || warned.length) {
    out.push('**Accounts**', '')
    for (const name of renewed) out.push(`- 🔄 **${cell(name)}**: idle, so its refresh token was renewed before it could expire (keep-alive)`)
    for (const f of renewFailed) out.push(`- ❌ **${cell(f.account)}**: keep-alive could not renew its refresh token: ${cell(f.message, 400)}`)
    for (const w of warned) out.push(`- ⚠️ **${cell(w.account)}**: ${cell(w.message, 400)}`)
    out.push('')
  }

  const totals = new Map<string, number>()
  for (const o of input.outcomes) totals.set(o.status, (totals.get(o.status) ?? 0) + 1)
  const totalText = [...totals].map(([k, v]) => `${v} ${k}`).join(', ')
  out.push(`**Totals:** ${totalText || 'nothing worked on'}${input.notStarted.length ? `; ${input.notStarted.length} not started` : ''}. State ${input.stateChanged ? 'changed' : 'unchanged'}${input.stateNote ? ` (${cell(input.stateNote)})` : ''}.`)
  return out.join('\n') + '\n'
}

/**
 * Writes the step summary once. core.summary.write() throws outside Actions
 * (no GITHUB_STEP_SUMMARY) and on I/O errors; the summary is a report, never a
 * reason to fail a run that did its work.
 */
export async function writeSummary(markdown: string, logger: Logger): Promise<void> {
  // the summary quotes the repository too: no control or bidi character reaches it raw
  markdown = showInvisible(markdown, { keepLayout: true })
  const text = markdown.length > SUMMARY_MAX_CHARS ? markdown.slice(0, SUMMARY_MAX_CHARS) + '\n\n…(cut: the summary is over GitHub\'s size limit; the log has every line)\n' : markdown
  try {
    await core.summary.addRaw(text, true).write()
  } catch (error) {
    logger.debug(`no job summary written: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    core.summary.emptyBuffer()
  }
}
