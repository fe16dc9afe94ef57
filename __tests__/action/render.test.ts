import { cell, consentLine, CONSENT_MUSIC, disclosureLabels, preview, renderPlanComment } from '../../src/action/render.js'
import { renderApplySummary } from '../../src/action/summary.js'
import type { Manifest } from '../../src/manifest/model.js'
import type { MediaFacts } from '../../src/media/index.js'
import { plan } from '../../src/plan/index.js'
import { emptyState, type State } from '../../src/state/index.js'
import { buildManifest, creator, withCreator, type PostSpec } from '../plan/builder.js'

const NOW = new Date('2026-12-01T12:00:00Z')

function facts(m: Manifest): Map<string, MediaFacts> {
  return new Map(
    m.posts.map((p) => [
      p.id,
      { container: 'mp4', mimeType: 'video/mp4', videoCodec: 'h264', width: 1080, height: 1920, durationSec: 12.5, fps: 30, sizeBytes: 4_404_019, digest: `sha256:${p.id}` } satisfies MediaFacts
    ])
  )
}

function render(posts: PostSpec[], options: { state?: State; edit?: (m: Manifest) => void; accounts?: string[] } = {}): string {
  const accounts = Object.fromEntries((options.accounts ?? ['brand-us']).map((a) => [a, {}]))
  const manifest = buildManifest({ accounts, posts })
  options.edit?.(manifest)
  const state = options.state ?? emptyState('l')
  const media = facts(manifest)
  const p = plan({ manifest, state, media: new Map([...media].map(([k, v]) => [k, { digest: v.digest, durationSec: v.durationSec }])), now: NOW })
  return renderPlanComment({ manifestPath: 'tiktok.yml', plan: p, manifest, state, media })
}

/** Splits a Markdown table row on the pipes Markdown sees (not escaped ones). */
function cellsOf(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1)
}

function tableRows(md: string): string[] {
  return md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Post') && !l.startsWith('| ---'))
}

describe('plan comment rendering', () => {
  const hostile = 'Hi | there `rm -rf` <script>alert(1)</script> --> end\nsecond line\r\nthird @octocat fixes #12 **bold** [x](https://evil.example) $x$'

  it('keeps a hostile caption inside its cell: no extra columns, no HTML, no early end of the marker, no mentions', () => {
    const md = render([{ id: 'p1', accounts: ['brand-us'], caption: hostile }])
    const rows = tableRows(md)
    expect(rows).toHaveLength(1)
    const cells = cellsOf(rows[0])
    expect(cells).toHaveLength(9)
    const caption = cells[4]
    expect(caption).not.toMatch(/<script/i)
    expect(caption).toContain('&lt;script&gt;')
    expect(caption).toContain('\\|')
    expect(caption).toContain('\\`rm \\-rf\\`'.replace('\\-', '-'))
    expect(caption).toContain('second line third')
    expect(caption).toContain('@\u200boctocat')
    expect(caption).toContain('#\u200b12')
    expect(caption).toContain('\\*\\*bold\\*\\*')
    expect(cell('see [x](https://evil.example) for $x$ ~~y~~ _z_ \\')).toBe('see \\[x\\](https://evil.example) for \\$x\\$ \\~\\~y\\~\\~ \\_z\\_ \\\\')
    // the only `-->` is the one that closes the hidden marker on the first line
    expect(md.split('-->')).toHaveLength(2)
    expect(md.split('\n')[0]).toBe('<!-- tiktok-publish:plan:tiktok.yml -->')
    expect(md).not.toMatch(/<script/i)
  })

  it('collapses newlines and shortens long captions with an ellipsis', () => {
    expect(preview('a\n\nb\tc')).toBe('a b c')
    const long = 'x'.repeat(50) + ' ' + 'y'.repeat(200)
    const shown = preview(long)
    expect([...shown]).toHaveLength(100)
    expect(shown.endsWith('…')).toBe(true)
    const md = render([{ id: 'p1', accounts: ['brand-us'], caption: long }])
    expect(cellsOf(tableRows(md)[0])[4]).toContain('…')
    expect(md).not.toContain('y'.repeat(60))
    expect(cell('a\u2028b\u0007c')).toBe('a bc')
  })

  it('ends with the Music Usage consent, and names the Branded Content Policy only when a post has branded content', () => {
    const plain = render([{ id: 'p1', accounts: ['brand-us'], privacy: 'PUBLIC_TO_EVERYONE' }])
    expect(plain).toContain(`${CONSENT_MUSIC}.`)
    expect(plain).not.toContain('Branded Content Policy')
    expect(consentLine(false)).toBe("Merging publishes these posts and agrees to TikTok's Music Usage Confirmation.")

    const branded = render([{ id: 'p1', accounts: ['brand-us'], privacy: 'PUBLIC_TO_EVERYONE' }, { id: 'p2', accounts: ['brand-us'], privacy: 'PUBLIC_TO_EVERYONE' }], {
      edit: (m) => (m.posts[1].disclose.brandedContent = true)
    })
    expect(branded).toContain("Merging publishes these posts and agrees to TikTok's Music Usage Confirmation and Branded Content Policy.")
  })

  it('shows disclosure labels as TikTok names them', () => {
    const md = render(
      [
        { id: 'own', accounts: ['brand-us'], privacy: 'PUBLIC_TO_EVERYONE' },
        { id: 'paid', accounts: ['brand-us'], privacy: 'PUBLIC_TO_EVERYONE' },
        { id: 'ai', accounts: ['brand-us'] }
      ],
      {
        edit: (m) => {
          m.posts[0].disclose.yourBrand = true
          m.posts[1].disclose.brandedContent = true
          m.posts[1].disclose.yourBrand = true
          m.posts[2].disclose.aiGenerated = true
        }
      }
    )
    const byPost = new Map(tableRows(md).map((r) => [cellsOf(r)[0].trim(), cellsOf(r)]))
    expect(byPost.get('own')![7].trim()).toBe('Promotional content')
    expect(byPost.get('paid')![7].trim()).toBe('Paid partnership')
    expect(byPost.get('ai')![7].trim()).toBe('AI-generated')
    const m = buildManifest({ accounts: { a: {} }, posts: [{ id: 'x', accounts: ['a'] }] })
    expect(disclosureLabels(m.posts[0])).toEqual([])
  })

  it('shows the creator nickname, privacy, interactions, video facts and when', () => {
    const state = withCreator(emptyState('l'), 'brand-us', creator({ nickname: 'Brand <US>', duet_disabled: true }), '2026-12-01T00:00:00Z')
    const md = render(
      [
        { id: 'now', accounts: ['brand-us'], privacy: 'FOLLOWER_OF_CREATOR', allow: { comments: true, duet: true } },
        { id: 'later', accounts: ['brand-us'], at: '2026-12-24T18:00:00Z' }
      ],
      { state }
    )
    const rows = tableRows(md).map(cellsOf)
    const now = rows.find((r) => r[0].trim() === 'now')!
    expect(now[1]).toContain('brand-us (Brand &lt;US&gt;)')
    expect(now[2]).toContain('publish')
    expect(now[3].trim()).toBe('on merge')
    expect(now[5].trim()).toBe('Followers')
    expect(now[6]).toContain('comments')
    expect(now[6]).toContain("~~duet~~ (off in the creator's settings)")
    expect(now[8].trim()).toBe('1080×1920 · 12.5 s · 4.2 MB · h264')
    const later = rows.find((r) => r[0].trim() === 'later')!
    expect(later[2].trim()).toBe('wait')
    expect(later[3]).toContain('2026-12-24 18:00 UTC')
  })

  it('tells the creator to paste the caption of an inbox draft', () => {
    const md = render([{ id: 'draft', accounts: ['brand-us'], mode: 'inbox', caption: 'Paste me #tag' }])
    const row = cellsOf(tableRows(md)[0])
    expect(row[4]).toContain('draft: the creator pastes this caption: Paste me #tag')
    expect(row[5].trim()).toBe('set by the creator')
  })

  it('explains blocked rows', () => {
    const state = withCreator(emptyState('l'), 'brand-us', creator(), '2026-12-01T00:00:00Z')
    const md = render([{ id: 'pub', accounts: ['brand-us'], privacy: 'PUBLIC_TO_EVERYONE' }], { state })
    expect(cellsOf(tableRows(md)[0])[2]).toContain('blocked')
    expect(md).toMatch(/\*\*pub → brand-us\*\* \(blocked\): .*not PUBLIC\\_TO\\_EVERYONE/)
    // nothing goes out: no consent is asked for
    expect(md).not.toContain(CONSENT_MUSIC)
  })
})

describe('apply summary rendering', () => {
  it('lists each pair with its link, publish_id and error, the caption to paste for drafts, and totals', () => {
    const manifest = buildManifest({ accounts: { us: {}, br: {} }, posts: [{ id: 'a', accounts: ['us'] }, { id: 'b', accounts: ['br'], mode: 'inbox', caption: 'Cole isto | <b>' }] })
    const md = renderApplySummary({
      manifestPath: 'tiktok.yml',
      manifest,
      outcomes: [
        { post: 'a', account: 'us', status: 'published', publish_id: 'v_pub_file~v2-1.1', video_id: '7312345678901234567', url: 'https://www.tiktok.com/@brand/video/7312345678901234567' },
        { post: 'b', account: 'br', status: 'inbox', publish_id: 'v_inbox_file~v2-1.2' },
        { post: 'c', account: 'us', status: 'failed', message: 'TikTok refused | it', error: { code: 'spam_risk', class: 'needs_person' } }
      ],
      notStarted: [{ post: 'd', account: 'us', kind: 'wait', reason: 'scheduled for later' }],
      stateChanged: true,
      stateNote: 'committed to main'
    })
    const rows = tableRows(md).map(cellsOf)
    expect(rows).toHaveLength(3)
    for (const r of rows) expect(r).toHaveLength(6)
    expect(rows[0][3]).toContain('[7312345678901234567](https://www.tiktok.com/@brand/video/7312345678901234567)')
    expect(rows[0][4]).toContain('v_pub_file~v2-1.1')
    expect(rows[2][5]).toContain('spam\\_risk: TikTok refused \\| it')
    expect(md).toContain('pastes this caption: Cole isto \\| &lt;b&gt;')
    expect(md).toContain('**Totals:** 1 published, 1 inbox, 1 failed; 1 not started. State changed (committed to main).')
  })
})

describe('plan comment size', () => {
  it('fits a huge plan into one comment, keeps the consent line, and points at the summary for the rest', () => {
    const accounts = Array.from({ length: 40 }, (_, i) => `acct-${i}`)
    const posts = Array.from({ length: 80 }, (_, i) => ({ id: `post-${i}`, accounts, caption: `Caption number ${i} `.repeat(8) }))
    const manifest = buildManifest({ accounts: Object.fromEntries(accounts.map((a) => [a, {}])), posts })
    const media = facts(manifest)
    const p = plan({ manifest, state: emptyState('l'), media: new Map([...media].map(([k, v]) => [k, { digest: v.digest, durationSec: v.durationSec }])), now: NOW })
    const full = renderPlanComment({ manifestPath: 'tiktok.yml', plan: p, manifest, state: emptyState('l'), media, maxChars: Infinity })
    expect(full.length).toBeGreaterThan(65_536)
    const body = renderPlanComment({ manifestPath: 'tiktok.yml', plan: p, manifest, state: emptyState('l'), media })
    expect(body.length).toBeLessThanOrEqual(60_000)
    const shown = tableRows(body).length
    expect(shown).toBeGreaterThan(10)
    // one row per post
    expect(body).toContain(`…and ${80 - shown} more post(s)`)
    expect(body).toContain(CONSENT_MUSIC)
    expect(body.startsWith('<!-- tiktok-publish:plan:tiktok.yml -->')).toBe(true)
  })
})
