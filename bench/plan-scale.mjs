// 2. Planning scale: plan() on in-memory manifests of 1k, 10k and 100k
// (post × account) pairs, against a JSON round trip of the same input.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { round } from './lib/common.mjs'

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'plan-child.mjs')

/** Each size runs in a fresh process (clean heap, --expose-gc); a size slower than `timeoutMs` is stopped. */
function measure(buildOut, pairs, accounts, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', CHILD, buildOut, String(pairs), String(accounts)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (signal === 'SIGKILL') return resolve({ pairs, accounts, timedOut: true, timeoutMs })
      if (code !== 0) return reject(new Error(`plan child exited ${code}: ${err.slice(-1500)}`))
      resolve(JSON.parse(out))
    })
  })
}

const ms = (r) => (r.timedOut ? `> ${round(r.timeoutMs / 1000, 0)} s (stopped)` : r.planMs < 10 ? `${round(r.planMs, 2)} ms` : `${round(r.planMs, 0)} ms`)

export async function run({ build, quick, log }) {
  const sizes = [1_000, 10_000, 100_000]
  const timeoutMs = quick ? 20_000 : 30_000
  const shapes = [
    { name: '20 accounts, posts grow', accounts: () => 20 },
    { name: '10 posts per account, accounts grow', accounts: (n) => n / 10 }
  ]
  const rows = []
  const measured = {}
  for (const shape of shapes) {
    const list = []
    for (const n of sizes) {
      const r = await measure(build.out, n, shape.accounts(n), timeoutMs)
      log(`  plan ${shape.name}, ${n} pairs: ${ms(r)}${r.timedOut ? '' : ` (baseline ${round(r.baseMs, 1)} ms, peak RSS ${round(r.peakRssMb, 0)} MB)`}`)
      list.push(r)
    }
    measured[shape.name] = list
    for (const r of list) {
      const k = `${r.pairs / 1000}k`
      rows.push({
        figure: `plan() ${k} pairs (${shape.name})`,
        ours: ms(r),
        baseline: r.timedOut ? '—' : `${round(r.baseMs, 1)} ms JSON round trip`,
        ratio: r.timedOut ? undefined : r.planMs / r.baseMs,
        target: r.pairs === 10_000 ? '< 300 ms' : '—',
        met: r.pairs === 10_000 ? !r.timedOut && r.planMs < 300 : undefined,
        notes: r.timedOut
          ? undefined
          : `${r.actions} actions (${Object.entries(r.kinds).map(([a, b]) => `${b} ${a}`).join(', ')}); heap kept by the plan ${round(r.planHeapMb, 1)} MB (input ${round(r.inputHeapMb, 1)} MB); peak RSS ${round(r.peakRssMb, 0)} MB`
      })
    }
    const [a, b, c] = list
    const growth = (x, y) => (x.timedOut || y.timedOut ? undefined : y.planMs / x.planMs / 10)
    const g1 = growth(a, b)
    const g2 = c.timedOut ? (b.timedOut ? undefined : c.timeoutMs / b.planMs / 10) : growth(b, c)
    rows.push({
      figure: `plan() growth per 10× pairs (${shape.name})`,
      ours: `1k→10k ${g1 === undefined ? '—' : `${round(g1 * 10, 1)}×`}, 10k→100k ${g2 === undefined ? '—' : `${c.timedOut ? '> ' : ''}${round(g2 * 10, 1)}×`}`,
      baseline: '10× (linear)',
      ratio: g2 !== undefined ? Math.max(g1 ?? 0, g2) : g1,
      target: '≈ 1× (linear)',
      met: g1 !== undefined && g2 !== undefined && !c.timedOut && Math.max(g1, g2) < 1.5
    })
  }
  return { rows, title: '2. Planning scale', doc: planDoc(measured) }
}

function planDoc(m) {
  const lines = [
    '`plan()` from the compiled sources runs on Manifest objects built in memory (no YAML, no media',
    'probing): every post has a file video with media facts, every pair is a SELF_ONLY direct post, posts',
    'are scheduled an hour apart from half the run in the past to half in the future, a third of the',
    'accounts have `posts_per_day: 3` and a one-hour gap, half are in America/New_York, the state is empty.',
    'The baseline is a JSON round trip of the same input (manifest, state, media facts): the cost of',
    'touching every field once. Each size runs in a fresh process; median of up to 20 runs (a slow size',
    'runs once); memory is the heap the returned plan keeps alive after a collection, and the peak RSS',
    'of the process. Two shapes: a few accounts with many posts, and many accounts with a few posts.',
    ''
  ]
  const slow = Object.values(m).some((list) => list.some((r) => r.timedOut || (r.pairs === 10_000 && r.planMs >= 300)))
  if (slow) {
    lines.push(
      'Missed. `plan()` is not linear, for two reasons found by profiling (`node --cpu-prof`):',
      '',
      '- **Many posts per account.** `earliestAllowed` starts every pair\'s search at *now* and walks',
      '  forward through refusals one limit at a time. With TikTok\'s ~15 direct posts a day, the k-th',
      '  post of an account walks past about k/15 full days, each step re-running the daily-cap check',
      '  (a time-zone conversion per init in a 52-hour window, `dayOf`/`localDateKey`, and ISO strings',
      '  built for refusal messages). That is O(posts² / 15) per account. What would close it: keep, per',
      '  account and limit, the earliest instant the previous pair was allowed (projected inits only move',
      '  it later) and start the next search there; build refusal messages only for the first refusal.',
      '- **Many accounts in one app.** `limitsFor` loops over every account of the pair\'s app to find',
      '  app-wide holds, for every pair: O(pairs × accounts per app). The accounts-of-app list is also',
      '  rebuilt by copying for each account (O(accounts²)). What would close it: compute the app-wide',
      '  holds once per app before the loop, and push onto the list instead of copying.',
      ''
    )
  }
  return lines.join('\n')
}
