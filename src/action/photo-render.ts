import type { Manifest, Post, PostTarget } from '../manifest/model.js'
import { photoSummary, type PhotoSummary } from '../plan/photo-text.js'
import type { PairOutcome } from '../publish/engine.js'
import { cell } from './cell.js'

/*
 * Photo posts in the pull request's plan comment and the job summary. Every
 * URL comes from the manifest (a pull request's author writes it), so only
 * https URLs become links, with the characters that could end a Markdown link
 * percent-encoded; titles go through cell() like captions.
 */

/** A Markdown link to an https URL, or `—`. */
export function safeLink(text: string, url: string): string {
  if (!/^https:\/\//i.test(url)) return '—'
  let href: string
  try {
    href = new URL(url).href
  } catch {
    return '—'
  }
  // encodeURIComponent leaves ( and ) alone, and either would end the link early
  return `[${text}](${href.replace(/[()<>\s`|\\[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`
}

function links(s: PhotoSummary): string {
  return s.urls.map((u, i) => safeLink(String(i + 1), u)).join(' ')
}

/** The "Video" cell of a photo post's row: count, cover, title, a link to each image as TikTok will pull it. */
export function photoCell(post: Post, target: PostTarget | undefined): string | undefined {
  const s = photoSummary(post, target)
  if (!s) return undefined
  const title = s.title ? ` · title “${cell(s.title, 90)}”` : ''
  return `📷 ${s.count} photo${s.count === 1 ? '' : 's'} · cover ${s.cover}${title} · pulled from: ${links(s)}`
}

/** The job summary's lines about the photo posts this run worked on. */
export function photoSummaryLines(manifest: Manifest, outcomes: PairOutcome[]): string[] {
  const lines: string[] = []
  for (const o of outcomes) {
    const post = manifest.posts.find((p) => p.id === o.post)
    const target = post?.targets.find((t) => t.account === o.account)
    const s = post ? photoSummary(post, target) : undefined
    if (!s) continue
    const title = s.title ? `title “${cell(s.title, 90)}”, ` : ''
    lines.push(`- **${cell(o.post)} → ${cell(o.account)}**: ${s.count} photos, cover ${s.cover}, ${title}description: ${cell(target?.caption ?? '', 200) || '(none)'}; images: ${links(s)}`)
  }
  return lines.length ? ['**Photo posts**', '', ...lines, ''] : []
}
