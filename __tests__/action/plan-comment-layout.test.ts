import mermaid from 'mermaid'
import { ganttName } from '../../src/action/gantt.js'
import { COMMENT_MAX_CHARS, CONSENT_MUSIC, renderPlanComment } from '../../src/action/render.js'
import type { Manifest } from '../../src/manifest/model.js'
import type { MediaFacts } from '../../src/media/index.js'
import { plan } from '../../src/plan/index.js'
import { emptyState, fingerprint, setRecord, type State } from '../../src/state/index.js'
import { buildManifest, rec, type PostSpec } from '../plan/builder.js'

const NOW = new Date('2026-12-01T08:00:00Z')
const GITHUB_COMMENT_LIMIT = 65_536

function facts(m: Manifest): Map<string, MediaFacts> {
  return new Map(
    m.posts.map((p) => [
      p.id,
      { container: 'mp4', mimeType: 'video/mp4', videoCodec: 'h264', width: 1080, height: 1920, durationSec: 12.5, fps: 30, sizeBytes: 4_404_019, digest: `sha256:${p.id}` } satisfies MediaFacts
    ])
  )
}

function render(manifest: Manifest, state: State = emptyState('l'), maxChars?: number): string {
  const media = facts(manifest)
  const p = plan({ manifest, state, media: new Map([...media].map(([k, v]) => [k, { digest: v.digest, durationSec: v.durationSec }])), now: NOW })
  return renderPlanComment({ manifestPath: 'tiktok.yml', plan: p, manifest, state, media, ...(maxChars !== undefined ? { maxChars } : {}) })
}

function tableRows(md: string): string[] {
  return md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Post') && !l.startsWith('| ---'))
}

function mermaidBlocks(md: string): string[] {
  return [...md.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1])
}

/** Mermaid's own gantt parser: the tasks per section as GitHub's renderer would read them. */
async function ganttTasks(text: string): Promise<{ section: string; task: string; start: string }[]> {
  await mermaid.parse(text) // throws on a syntax error, and loads the gantt diagram for the next call
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text)
  expect(diagram.type).toBe('gantt')
  const db = diagram.db as unknown as { getTasks(): { section: string; task: string; startTime: Date }[] }
  return db.getTasks().map((t) => ({ section: t.section, task: t.task.trim(), start: t.startTime.toISOString() }))
}

const ACCOUNTS = ['brand-us', 'brand-uk', 'brand-br', 'brand-de', 'brand-jp']

/** 40 posts × 5 accounts for today, one every 20 minutes from 07:00: the first few are due, the rest wait. */
function campaign(): Manifest {
  const posts: PostSpec[] = Array.from({ length: 40 }, (_, i) => ({
    id: `launch-day-${String(i + 1).padStart(2, '0')}`,
    accounts: ACCOUNTS,
    at: new Date(Date.parse('2026-12-01T07:00:00Z') + i * 20 * 60_000).toISOString(),
    caption: `Launch day, part ${i + 1}: everything you need to know about the new collection #launch #newin`
  }))
  const manifest = buildManifest({ accounts: Object.fromEntries(ACCOUNTS.map((a) => [a, {}])), posts })
  // one account posts to Friends: the row shows that difference for that account alone
  for (const p of manifest.posts) p.targets.find((t) => t.account === 'brand-jp')!.privacy = 'MUTUAL_FOLLOW_FRIENDS'
  return manifest
}

describe('plan comment layout', () => {
  it('shows a 40-post × 5-account campaign in one comment well under GitHub’s limit, one row per post', () => {
    const manifest = campaign()
    const md = render(manifest)
    // 59,035 characters and cut at row 112 of 200 when each pair had its own row
    expect(md.length).toBeLessThan(40_000)
    expect(md.length).toBeLessThan(GITHUB_COMMENT_LIMIT)
    expect(md.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS)
    const rows = tableRows(md)
    expect(rows).toHaveLength(40)
    for (const p of manifest.posts) expect(rows.filter((r) => r.startsWith(`| ${p.id} |`))).toHaveLength(1)
    expect(md).not.toContain('more post(s), too many')
    // accounts together; a difference named per account, shared values said once
    const row = rows[0].split(/(?<!\\)\|/).slice(1, -1)
    expect(row[1].trim()).toBe(ACCOUNTS.join(', '))
    expect(row[5]).toBe(' **brand-us, brand-uk, brand-br, brand-de**: Only me<br>**brand-jp**: Friends ')
    expect(row[4].trim()).toBe('Launch day, part 1: everything you need to know about the new collection #launch #newin')
    expect(md).toContain(CONSENT_MUSIC)
  })

  it('folds posts already done into a collapsed list that still names each of them', () => {
    const manifest = campaign()
    let state = emptyState('l')
    for (const p of manifest.posts.slice(0, 10)) {
      for (const t of p.targets) state = setRecord(state, p.id, t.account, rec('published', { publish_id: `v_pub_${p.id}_${t.account}`, fingerprint: fingerprint(p, t, `sha256:${p.id}`) }))
    }
    const md = render(manifest, state)
    const details = /<details><summary>✅ (\d+) post\(s\) already done<\/summary>\n\n([\s\S]*?)\n\n<\/details>/.exec(md)
    expect(details).not.toBeNull()
    const doneIds = details![2].split('\n').map((l) => /^- \*\*([^*]+)\*\* → /.exec(l)?.[1])
    const rows = tableRows(md).map((r) => r.split(' | ')[0].slice(2))
    // every post once: done ones in the fold, the rest in the table
    expect([...doneIds, ...rows].sort()).toEqual(manifest.posts.map((p) => p.id).sort())
    expect(Number(details![1])).toBe(doneIds.length)
    expect(doneIds).toHaveLength(10)
    expect(md).not.toMatch(/^\| launch-day-0[1-9] \|/m)
  })

  it('draws posts scheduled over three days as a Mermaid gantt chart per account that Mermaid’s parser reads', async () => {
    const posts: PostSpec[] = [
      { id: 'teaser', accounts: ['brand-us', 'brand-uk'] },
      { id: 'day-one', accounts: ['brand-us', 'brand-uk'], at: '2026-12-01T18:00:00Z' },
      { id: 'day-two', accounts: ['brand-us'], at: '2026-12-02T12:30:00Z' },
      { id: 'day-three', accounts: ['brand-uk'], at: '2026-12-03T09:15:00Z' }
    ]
    const manifest = buildManifest({ accounts: { 'brand-us': {}, 'brand-uk': {} }, posts })
    const md = render(manifest)
    const blocks = mermaidBlocks(md)
    expect(blocks).toHaveLength(1)
    // under the table
    expect(md.indexOf('```mermaid')).toBeGreaterThan(md.lastIndexOf('| teaser |'))
    const tasks = await ganttTasks(blocks[0])
    expect(tasks).toEqual([
      { section: 'brand-us', task: 'teaser', start: '2026-12-01T08:00:00.000Z' },
      { section: 'brand-us', task: 'day-one', start: '2026-12-01T18:00:00.000Z' },
      { section: 'brand-us', task: 'day-two', start: '2026-12-02T12:30:00.000Z' },
      { section: 'brand-uk', task: 'teaser', start: '2026-12-01T08:00:00.000Z' },
      { section: 'brand-uk', task: 'day-one', start: '2026-12-01T18:00:00.000Z' },
      { section: 'brand-uk', task: 'day-three', start: '2026-12-03T09:15:00.000Z' }
    ].map((t) => ({ ...t, start: new Date(t.start.replace('.000Z', '')).toISOString() })))
  })

  it('has no chart when nothing waits for its time', () => {
    const manifest = buildManifest({ accounts: { a: {} }, posts: [{ id: 'now', accounts: ['a'] }] })
    expect(render(manifest)).not.toContain('```mermaid')
  })

  it('keeps hostile names inside the chart: no statement, no directive, no end of the code block', async () => {
    for (const hostile of ['x :crit, t9, 2020-01-01, 1d', 'a#colon;b', '```\n<script>', 'section evil', '%%{init: {"theme":"dark"}}%%', 'click t1 href "https://evil.example"', 'inclusiveEndDates', 'ünï code;']) {
      const name = ganttName(hostile)
      expect(name).toMatch(/^[A-Za-z0-9._-]+$/)
      const text = `gantt\n    dateFormat YYYY-MM-DDTHH:mm\n    section ${name}\n    ${name} :milestone, t1, 2026-12-01T10:00, 0m\n`
      const tasks = await ganttTasks(text)
      expect(tasks).toEqual([{ section: name, task: name, start: new Date('2026-12-01T10:00').toISOString() }])
    }
  })
})
