// Bundles the action and the CLI with ncc into dist/. Both are committed, so a
// build must be reproducible: ncc's own cache is off and output is rewritten whole.
import { execFileSync } from 'node:child_process'
import { rmSync, readFileSync, writeFileSync, chmodSync } from 'node:fs'

const ncc = 'node_modules/@vercel/ncc/dist/ncc/cli.js'
const entries = [
  { src: 'src/index.ts', out: 'dist' },
  { src: 'src/cli.ts', out: 'dist/cli' }
]

rmSync('dist', { recursive: true, force: true })
for (const { src, out } of entries) {
  execFileSync(process.execPath, [ncc, 'build', src, '-o', out, '--no-cache', '--license', 'licenses.txt', '-q', '--target', 'es2022'], {
    stdio: 'inherit'
  })
}
// The CLI is the package's bin: it needs a shebang and the executable bit.
const cli = 'dist/cli/index.js'
const text = readFileSync(cli, 'utf8')
if (!text.startsWith('#!')) writeFileSync(cli, '#!/usr/bin/env node\n' + text)
chmodSync(cli, 0o755)
