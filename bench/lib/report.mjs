// Renders benchmark results as a terminal table and as docs/PERFORMANCE.md.
import { round } from './common.mjs'

const verdict = (met) => (met === true ? 'met' : met === false ? 'MISSED' : '—')
const ratio = (r) => (r === undefined || !Number.isFinite(r) ? '—' : `${round(r, 2)}×`)

function allRows(results) {
  return results.flatMap((r) => (r.error ? [{ figure: `${r.name}: did not run (${r.error.split('\n')[0].slice(0, 120)})`, ours: '—', baseline: '—', ratio: undefined, target: '—', met: false, notes: '' }] : r.rows))
}

export function renderTable(results, env) {
  const rows = allRows(results).map((r) => [r.figure, r.ours, r.baseline, ratio(r.ratio), r.target, verdict(r.met)])
  const head = ['figure', 'ours', 'floor', 'ratio', 'goal', '']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ')
  return [
    `${env.cores} cores (${env.cpu}), Node ${env.node}, ${round(env.totalSeconds, 0)} s${env.quick ? ', --quick' : ''}`,
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ''
  ].join('\n')
}

const cell = (s) => String(s).replace(/\|/g, '\\|')

export function renderDoc(results, env) {
  const rows = allRows(results)
  const out = [
    '# Performance',
    '',
    'This page is the output of `npm run bench -- --write` (`node bench/run.mjs --write`); do not edit it by',
    'hand, rerun it. `npm run bench` alone prints the same table without writing.',
    '',
    'How to read it: each row is one figure of the client, **ours**, next to its **floor**, the same work done',
    'the least expensive way (a bare Node upload, `node -e 0`, a JSON round trip, one account instead of many),',
    'measured in the same run on the same machine. **ratio** is ours over the floor; ratios travel between',
    'machines better than absolute times. **goal** is what the project holds itself to, and the last column says',
    'whether this run met it. The sections below say how each row is measured and, for a goal missed, what holds',
    'it back. Uploads go to a stand-in server (bench/lib/standin.mjs) that only counts bytes; the TikTok',
    'emulator stays for correctness, in the tests. No test asserts a timing; these numbers are for reading.',
    '',
    `- Machine: ${env.cores} cores (${env.cpu}), ${env.platform}`,
    `- Node: ${env.node}`,
    `- Run: ${env.date}, ${round(env.totalSeconds, 0)} s in all${env.quick ? ' (`--quick`: fewer repetitions, smaller many-accounts run)' : ''}`,
    `- Load average (1 min) at start ${round(env.load.start[0], 1)}, at end ${round(env.load.end[0], 1)}: ${env.load.start[0] > env.cores * 0.75 || env.load.end[0] > env.cores * 0.75 ? 'other work shared the machine, so absolute times are noisy; the interleaved baselines keep the ratios fairer' : 'the machine was otherwise quiet'}`,
    '',
    '| figure | ours | floor | ratio | goal | |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${cell(r.figure)} | ${cell(r.ours)} | ${cell(r.baseline)} | ${ratio(r.ratio)} | ${cell(r.target)} | ${verdict(r.met)} |`),
    ''
  ]
  for (const r of results) {
    out.push(`## ${r.title ?? r.name}`, '')
    if (r.error) out.push(`This benchmark failed in this run: \`${r.error.split('\n')[0]}\`.`, '')
    if (r.doc) out.push(r.doc.trim(), '')
    const notes = (r.rows ?? []).filter((x) => x.notes)
    if (notes.length) {
      for (const n of notes) out.push(`- ${n.figure}: ${n.notes}`)
      out.push('')
    }
  }
  return out.join('\n')
}
