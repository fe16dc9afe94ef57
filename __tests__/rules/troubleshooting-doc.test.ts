import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { docBlock, rulesDocBlocks, withRulesDoc } from '../../src/rules/doc.js'
import { ERROR_CODES, FAIL_REASONS, RULES } from '../../src/rules/rulebook.js'
import { REPO_ROOT } from '../helpers/workspace.js'

const DOC = path.join(REPO_ROOT, 'docs/TROUBLESHOOTING.md')

describe('docs/TROUBLESHOOTING.md and the rulebook', () => {
  it('shows every table exactly as the rulebook writes it (regenerate with npm run docs:rules)', () => {
    if (process.env.UPDATE_RULES_DOC === '1') writeFileSync(DOC, withRulesDoc(readFileSync(DOC, 'utf8')))
    const doc = readFileSync(DOC, 'utf8')
    for (const [name, body] of Object.entries(rulesDocBlocks())) {
      const shown = docBlock(doc, name)
      if (shown !== body) {
        throw new Error(`docs/TROUBLESHOOTING.md, table "${name}", disagrees with src/rules/rulebook.ts; regenerate it with\n  npm run docs:rules`)
      }
    }
  })

  it('notices a doc edited by hand: a class changed in a row', () => {
    const doc = withRulesDoc(readFileSync(DOC, 'utf8'))
    const edited = doc.replace(/^\| `spam_risk_text` \| fix_media \|/m, '| `spam_risk_text` | retryable |')
    expect(edited).not.toBe(doc)
    expect(docBlock(edited, 'fail-reasons')).not.toBe(rulesDocBlocks()['fail-reasons'])
  })

  it('lists every rule in some table, with its class and scope', () => {
    const doc = readFileSync(DOC, 'utf8')
    for (const rule of RULES) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${rule.code}\` |`))
      expect([rule.code, row?.includes(` ${rule.class} `)]).toEqual([rule.code, true])
    }
    for (const code of [...Object.keys(ERROR_CODES), ...Object.keys(FAIL_REASONS)]) {
      const rows = doc.split('\n').filter((l) => l.startsWith(`| \`${code}\` |`))
      expect([code, rows.every((r) => r.includes(` ${RULES.find((x) => x.code === code)!.scope}`))]).toEqual([code, true])
    }
  })
})
