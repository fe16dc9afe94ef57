// Bundles the action and the CLI with ncc into dist/. Both are committed, so a
// build must be reproducible: ncc's own cache is off and output is rewritten whole.
// The bundle is built beside dist/ and swapped in at the end, so a process
// running dist/ meanwhile (a benchmark, another test run) never finds it missing.
import { execFileSync } from 'node:child_process'
import { rmSync, readFileSync, writeFileSync, chmodSync, renameSync, existsSync } from 'node:fs'

const ncc = 'node_modules/@vercel/ncc/dist/ncc/cli.js'
const tmp = `.dist-build-${process.pid}`
const entries = [
  { src: 'src/index.ts', out: tmp },
  { src: 'src/cli.ts', out: `${tmp}/cli` }
]

rmSync(tmp, { recursive: true, force: true })
try {
  for (const { src, out } of entries) {
    execFileSync(process.execPath, [ncc, 'build', src, '-o', out, '--no-cache', '--license', 'licenses.txt', '-q', '--target', 'es2022'], {
      stdio: 'inherit'
    })
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
