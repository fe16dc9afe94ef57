import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { workflowTemplate } from '../../src/onboarding/templates.js'
import { REPOSITORY } from '../../src/project.js'
import { ERROR_CODES, FAIL_REASONS } from '../../src/rules/rulebook.js'
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

describe('the repository stands alone and names itself once', () => {
  const tracked = (): string[] =>
    execFileSync('git', ['-C', REPO_ROOT, 'ls-files', '-co', '--exclude-standard'], { encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && !f.startsWith('dist/') && !f.startsWith('node_modules/') && existsSync(path.join(REPO_ROOT, f)))

  it('no file cites a file outside the repository', async () => {
    // spelled in pieces so this test does not find itself
    const outside = new RegExp(['CONTRACT', 'DESIGN', 'TIKTOK_API'].map((n) => `${n}\\.md`).concat(['shared' + '/']).join('|'))
    const hits: string[] = []
    for (const f of tracked()) {
      if (/\.(mp4|mov|webm|png|jpe?g|gif|wasm|tgz)$/.test(f)) continue
      const text = await readFile(path.join(REPO_ROOT, f), 'utf8')
      text.split('\n').forEach((line, i) => {
        if (outside.test(line)) hits.push(`${f}:${i + 1}: ${line.trim()}`)
      })
    }
    expect(hits).toEqual([])
  })

  it("README, the guide and the workflows init writes name package.json's repository, and no placeholder", async () => {
    const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { repository: { url: string } }
    expect(pkg.repository.url).toContain(`github.com/${REPOSITORY}`)
    expect(workflowTemplate({ branch: 'main', account: 'a' })).toContain(`uses: ${REPOSITORY}@v1`)
    for (const doc of ['README.md', 'docs/GUIDE.md', 'RELEASING.md', 'CHANGELOG.md']) {
      const text = await readFile(path.join(REPO_ROOT, doc), 'utf8')
      expect([doc, /\borg\/tiktok-publish\b/.test(text)]).toEqual([doc, false])
      const named = [...text.matchAll(/(?:uses: |github:|github\.com\/|githubusercontent\.com\/)([\w.-]+\/tiktok-publish)\b/g)].map((m) => m[1])
      for (const n of named) expect([doc, n]).toEqual([doc, REPOSITORY])
    }
    const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8')
    expect(readme).toContain(`npx github:${REPOSITORY}#v1`)
  })
})
