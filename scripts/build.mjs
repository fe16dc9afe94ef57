// Bundles the action and the CLI with ncc into dist/. Both are committed, so a
// build must be reproducible: ncc's own cache is off and output is rewritten whole.
// The bundle is built beside dist/ and swapped in at the end, so a process
// running dist/ meanwhile (a benchmark, another test run) never finds it missing.
import { execFileSync } from 'node:child_process'
import { rmSync, readFileSync, writeFileSync, chmodSync, renameSync, existsSync, readdirSync } from 'node:fs'
import path from 'node:path'

const ncc = 'node_modules/@vercel/ncc/dist/ncc/cli.js'
const tmp = `.dist-build-${process.pid}`
const entries = [
  { src: 'src/index.ts', out: tmp },
  { src: 'src/cli.ts', out: `${tmp}/cli` }
]

rmSync(tmp, { recursive: true, force: true })
try {
  for (const { src, out } of entries) {
    execFileSync(process.execPath, [ncc, 'build', src, '-o', out, '--no-cache', '--license', '[name].licenses.txt', '-q', '--target', 'es2022'], {
      stdio: 'inherit'
    })
    mergeLicenses(out)
  }
  // The CLI is the package's bin: it needs a shebang and the executable bit.
  const cli = `${tmp}/cli/index.js`
  const text = readFileSync(cli, 'utf8')
  if (!text.startsWith('#!')) writeFileSync(cli, '#!/usr/bin/env node\n' + text)
  chmodSync(cli, 0o755)
  const old = `.dist-old-${process.pid}`
  if (existsSync('dist')) renameSync('dist', old)
  renameSync(tmp, 'dist')
  rmSync(old, { recursive: true, force: true })
} finally {
  rmSync(tmp, { recursive: true, force: true })
}

/**
 * ncc writes the licenses of each chunk's packages to a file per chunk (one
 * name for all would keep only the last chunk's): they are merged into the one
 * licenses.txt, every package once, in the plugin's own format (sorted by name;
 * name, license id, text; a blank line between entries).
 */
function mergeLicenses(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.licenses.txt'))
  const entries = new Map()
  for (const f of files) {
    const text = readFileSync(path.join(dir, f), 'utf8')
    for (const e of parseLicenses(text)) entries.set(e.name, e)
    rmSync(path.join(dir, f))
  }
  writeFileSync(path.join(dir, 'licenses.txt'), renderLicenses([...entries.values()]))
}

function renderLicenses(entries) {
  return (
    [...entries]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .reduce((out, e) => `${out}${e.name}${e.id ? `\n${e.id}` : ''}${e.text ? `\n${e.text}` : ''}\n\n`, '')
      .trim() + '\n'
  )
}

/** Entries start at a line naming a bundled package, after a blank line, followed by its license id; checked by rendering back. */
function parseLicenses(text) {
  const lines = text.replace(/\n$/, '').split('\n')
  const license = (name) => {
    try {
      const pkg = JSON.parse(readFileSync(path.join('node_modules', name, 'package.json'), 'utf8'))
      return typeof pkg.license === 'string' ? pkg.license : undefined
    } catch {
      return undefined
    }
  }
  const starts = []
  for (let i = 0; i < lines.length; i++) {
    if ((i === 0 || lines[i - 1] === '') && /^(@[\w.-]+\/)?[\w.-]+$/.test(lines[i]) && existsSync(path.join('node_modules', lines[i], 'package.json'))) {
      const id = license(lines[i])
      if (id === undefined || lines[i + 1] === id) starts.push(i)
    }
  }
  const entries = starts.map((at, k) => {
    const end = k + 1 < starts.length ? starts[k + 1] - 1 : lines.length
    const name = lines[at]
    const id = license(name)
    const hasId = id !== undefined && lines[at + 1] === id
    const body = lines.slice(at + (hasId ? 2 : 1), end).join('\n')
    return { name, id: hasId ? id : undefined, text: body }
  })
  if (renderLicenses(entries) !== text) throw new Error('the license files of the chunks could not be read back exactly; see scripts/build.mjs')
  return entries
}
