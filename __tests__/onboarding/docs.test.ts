import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { ERROR_CODES, FAIL_REASONS } from '../../src/tiktok/fail-reasons.js'
import { REPO_ROOT } from '../helpers/workspace.js'

/** Rows of the markdown tables: first cell (without backticks) → the cells. */
function rows(markdown: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('| `')) continue
    const cells = line.split('|').slice(1, -1).map((c) => c.trim())
    out.set(cells[0]!.replace(/`/g, ''), cells)
  }
  return out
}

describe('docs/TROUBLESHOOTING.md', () => {
  let table: Map<string, string[]>
  beforeAll(async () => {
    table = rows(await readFile(path.join(REPO_ROOT, 'docs/TROUBLESHOOTING.md'), 'utf8'))
  })

  it('has a row for every error code the project classifies, with the same class', () => {
    for (const [code, c] of Object.entries(ERROR_CODES)) {
      expect([code, table.get(code)?.includes(c.class)]).toEqual([code, true])
    }
  })

  it('has a row for all 13 fail_reasons, with the same class', async () => {
    const text = await readFile(path.join(REPO_ROOT, 'docs/TROUBLESHOOTING.md'), 'utf8')
    const section = rows(text.slice(text.indexOf('## Final status'), text.indexOf('## Authorization errors')))
    expect(Object.keys(FAIL_REASONS)).toHaveLength(13)
    for (const [reason, c] of Object.entries(FAIL_REASONS)) {
      expect([reason, section.get(reason)?.[1]]).toEqual([reason, c.class])
    }
  })

  it('has a row for every OAuth error TikTok documents', () => {
    const oauth = ['access_denied', 'invalid_client', 'invalid_grant', 'invalid_request', 'invalid_scope', 'unauthorized_client', 'unsupported_grant_type', 'unsupported_response_type', 'server_error', 'temporarily_unavailable']
    for (const code of oauth) expect([code, table.has(code)]).toEqual([code, true])
  })
})
