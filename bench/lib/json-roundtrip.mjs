#!/usr/bin/env node
// The floor for `plan --json`: a JSON round trip of the same manifest (read as
// JSON text, parsed, printed back), timed inside the process so that start-up
// noise does not swamp a cost of microseconds per pair. Prints {"ms": median}.
import { readFileSync } from 'node:fs'

const text = readFileSync(process.argv[2], 'utf8')
const times = []
let out = ''
for (let i = 0; i < 21; i++) {
  const t0 = process.hrtime.bigint()
  out = JSON.stringify(JSON.parse(text))
  times.push(Number(process.hrtime.bigint() - t0) / 1e6)
}
times.sort((a, b) => a - b)
process.stdout.write(JSON.stringify({ ms: times[10], bytes: out.length }))
