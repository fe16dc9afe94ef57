import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { UserErrors, type UserError } from '../../src/errors.js'
import { loadManifest } from '../../src/manifest/index.js'

/**
 * Every file in bad/ is a manifest that must be refused. Its comments say how:
 *   # expect: [INCLUDED-FILE:]LINE:COLUMN message fragment | fix fragment
 *   # absent: text that must appear nowhere in the errors (pasted secrets)
 *   # count: exact number of errors
 * The first line is always an `expect`; further directives sit at the end of
 * the file so that they do not shift the positions being asserted.
 */
const here = path.dirname(fileURLToPath(import.meta.url))
const badDir = path.join(here, 'bad')
const files = readdirSync(badDir)
  .filter((f) => f.endsWith('.yml'))
  .sort()

interface Expectation {
  file: string
  line: number
  column: number
  message: string
  fix: string
}

function directives(file: string): { expects: Expectation[]; absent: string[]; count?: number } {
  const text = readFileSync(path.join(badDir, file), 'utf8')
  const expects: Expectation[] = []
  const absent: string[] = []
  let count: number | undefined
  for (const line of text.split('\n')) {
    const e = /^# expect: (?:(\S+\.ya?ml):)?(\d+):(\d+) (.*)$/.exec(line)
    if (e) {
      const rest = e[4]
      const bar = rest.lastIndexOf(' | ')
      expect(bar).toBeGreaterThan(0)
      expects.push({
        file: path.relative(process.cwd(), path.join(badDir, e[1] ?? file)),
        line: Number(e[2]),
        column: Number(e[3]),
        message: rest.slice(0, bar),
        fix: rest.slice(bar + 3)
      })
    }
    const a = /^# absent: (.*)$/.exec(line)
    if (a) absent.push(a[1])
    const c = /^# count: (\d+)$/.exec(line)
    if (c) count = Number(c[1])
  }
  return { expects, absent, count }
}

async function errorsOf(file: string): Promise<UserError[]> {
  try {
    await loadManifest(path.relative(process.cwd(), path.join(badDir, file)))
  } catch (e) {
    expect(e).toBeInstanceOf(UserErrors)
    return (e as UserErrors).errors
  }
  throw new Error(`${file} loaded without errors`)
}

describe('bad manifests', () => {
  it('the corpus is large enough to cover the rules', () => {
    expect(files.length).toBeGreaterThanOrEqual(30)
  })

  it.each(files)('%s is refused where and how its comments say', async (file) => {
    const { expects, absent, count } = directives(file)
    expect(expects.length).toBeGreaterThan(0)
    const errors = await errorsOf(file)
    const shown = errors.map((e) => e.format()).join('\n')
    for (const e of errors) {
      expect(e.location).toBeDefined()
      expect(e.location!.line).toBeGreaterThanOrEqual(1)
      expect(e.location!.column).toBeGreaterThanOrEqual(1)
      expect(e.fix).toBeTruthy()
    }
    for (const want of expects) {
      const match = errors.find(
        (e) =>
          e.location?.file === want.file &&
          e.location.line === want.line &&
          e.location.column === want.column &&
          e.message.includes(want.message) &&
          (e.fix ?? '').includes(want.fix)
      )
      if (!match) throw new Error(`no error matching ${JSON.stringify(want)} among:\n${shown}`)
    }
    for (const text of absent) expect(shown).not.toContain(text)
    if (count !== undefined) expect(errors).toHaveLength(count)
  })
})
