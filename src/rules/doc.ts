import { FAIL_REASONS, RULES, type Origin, type Rule } from './rulebook.js'

/**
 * The tables of docs/TROUBLESHOOTING.md that the rulebook writes. Each sits
 * between `<!-- rules:NAME -->` and `<!-- /rules:NAME -->`; `npm run
 * docs:rules` rewrites them and a test fails while the doc and the rulebook
 * disagree, so the doc cannot drift from what the code does.
 */

const HOLDS: Record<NonNullable<Rule['hold']>, string> = {
  local_day: "held until the account's next local midnight",
  day: 'held 24 h',
  run: 'held for the rest of the run'
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

function scope(rule: Rule): string {
  return rule.hold ? `${rule.scope} (${HOLDS[rule.hold]})` : rule.scope
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n')
}

function having(...origins: Origin[]): Rule[] {
  return RULES.filter((r) => r.origins.some((o) => origins.includes(o)))
}

/** Block name → its markdown, in the order the doc shows them. */
export function rulesDocBlocks(): Record<string, string> {
  return {
    'error-codes': table(
      ['code', 'HTTP', 'class', 'scope', 'cause', 'fix'],
      having('posting', 'status', 'cancel').map((r) => [`\`${r.code}\``, r.http ?? '', r.class, scope(r), r.cause, r.fix])
    ),
    'fail-reasons': table(
      ['fail_reason', 'class', 'scope', 'cause', 'fix'],
      Object.values(FAIL_REASONS).map((r) => [`\`${r.code}\``, r.class, scope(r), r.failReasonDoc?.cause ?? r.cause, r.failReasonDoc?.fix ?? r.fix])
    ),
    oauth: table(
      ['error', 'class', 'cause', 'fix'],
      having('oauth').map((r) => [`\`${r.code}\``, r.class, r.cause, r.fix])
    ),
    ours: table(
      ['code', 'class', 'cause', 'fix'],
      having('client', 'project').map((r) => [`\`${r.code}\``, r.class, r.cause, r.fix])
    )
  }
}

const begin = (name: string): string => `<!-- rules:${name} -->`
const end = (name: string): string => `<!-- /rules:${name} -->`

/** The text between a block's markers, or undefined when the doc lacks them. */
export function docBlock(doc: string, name: string): string | undefined {
  const from = doc.indexOf(begin(name))
  const to = doc.indexOf(end(name))
  if (from < 0 || to < from) return undefined
  return doc.slice(from + begin(name).length, to).trim()
}

/** The doc with every block rewritten from the rulebook; a block whose markers are missing is an error. */
export function withRulesDoc(doc: string): string {
  let out = doc
  for (const [name, body] of Object.entries(rulesDocBlocks())) {
    const from = out.indexOf(begin(name))
    const to = out.indexOf(end(name))
    if (from < 0 || to < from) throw new Error(`docs/TROUBLESHOOTING.md has no block ${begin(name)} … ${end(name)}`)
    out = `${out.slice(0, from)}${begin(name)}\n${body}\n${out.slice(to)}`
  }
  return out
}
