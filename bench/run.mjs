#!/usr/bin/env node
// Runs the benchmarks and prints one table: every figure against its floor
// measured in the same run.
//   node bench/run.mjs                   all of them (npm run bench)
//   node bench/run.mjs upload accounts   only these (upload, accounts, plan-cli, startup, plan, polling)
//   node bench/run.mjs --quick           fewer repetitions and a smaller many-accounts run
//   node bench/run.mjs --write           also write docs/PERFORMANCE.md from this run's output
// Every figure is a ratio against a baseline measured in the same run; nothing
// here asserts a timing.
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { REPO, compileSources, round } from './lib/common.mjs'
import { renderDoc, renderTable } from './lib/report.mjs'

const BENCHES = {
  upload: () => import('./upload.mjs'),
  accounts: () => import('./many-accounts.mjs'),
  'plan-cli': () => import('./plan-cli.mjs'),
  startup: () => import('./startup.mjs'),
  plan: () => import('./plan-scale.mjs'),
  polling: () => import('./polling.mjs')
}

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const write = args.includes('--write')
const picked = args.filter((a) => !a.startsWith('--'))
for (const p of picked) if (!BENCHES[p]) throw new Error(`unknown benchmark ${p}; choose from ${Object.keys(BENCHES).join(', ')}`)
const names = picked.length ? picked : Object.keys(BENCHES)

const log = (line) => process.stderr.write(`${line}\n`)
const started = Date.now()
const loadAtStart = os.loadavg()
log('compiling src/ with tsc into a temp dir…')
const build = await compileSources()
const results = []
try {
  for (const name of names) {
    log(`${name}…`)
    const t0 = Date.now()
    try {
      const mod = await BENCHES[name]()
      const r = await mod.run({ build, quick, log })
      results.push({ name, ...r, seconds: (Date.now() - t0) / 1000 })
    } catch (error) {
      log(`${name} failed: ${error.stack ?? error}`)
      results.push({ name, error: String(error.message ?? error), rows: [], seconds: (Date.now() - t0) / 1000 })
    }
    log(`${name} done in ${round((Date.now() - t0) / 1000, 1)} s`)
  }
} finally {
  await build.cleanup()
}

const env = {
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  date: new Date().toISOString(),
  totalSeconds: (Date.now() - started) / 1000,
  load: { start: loadAtStart, end: os.loadavg() },
  quick
}
process.stdout.write(renderTable(results, env))
if (write) {
  const file = path.join(REPO, 'docs', 'PERFORMANCE.md')
  await writeFile(file, renderDoc(results, env))
  log(`wrote ${path.relative(process.cwd(), file)}`)
}
if (results.some((r) => r.error)) process.exitCode = 1
