// Child process of plan-scale.mjs: builds one in-memory manifest of N pairs and
// times plan() on it against a JSON round trip of the same input. Run with
// --expose-gc so memory is measured from a collected heap.
import path from 'node:path'

const [buildOut, pairsText, accountsText] = process.argv.slice(2)
const pairs = Number(pairsText)
const nAccounts = Number(accountsText)
const { plan } = await import(path.join(buildOut, 'plan/index.js'))
const { emptyState } = await import(path.join(buildOut, 'state/index.js'))

function input() {
  const loc = (line) => ({ file: '/bench/tiktok.yml', line, column: 1 })
  const accounts = {}
  for (let a = 0; a < nAccounts; a++) {
    const name = `acct-${a}`
    accounts[name] = { name, app: 'main', refreshTokenSecret: `TIKTOK_REFRESH_${a}`, timezone: a % 2 ? 'America/New_York' : 'UTC', limits: a % 3 === 0 ? { postsPerDay: 3, minGapMs: 3_600_000 } : {}, location: loc(10 + a) }
  }
  const names = Object.keys(accounts)
  const nPosts = Math.ceil(pairs / nAccounts)
  const posts = []
  const media = new Map()
  const start = Date.parse('2026-11-25T00:00:00Z')
  for (let p = 0; p < nPosts; p++) {
    const id = `post-${p}`
    const targets = names.map((account) => ({ account, caption: `Post ${p} for ${account} #bench`, mode: 'direct', privacy: 'SELF_ONLY', allow: { comments: false, duet: false, stitch: false } }))
    posts.push({
      id,
      video: { kind: 'file', path: `media/${p}.mp4`, absPath: `/bench/media/${p}.mp4` },
      // spread over the past and future so the plan has due, waiting and capped pairs
      at: new Date(start + (p - nPosts / 2) * 3_600_000),
      disclose: { yourBrand: false, brandedContent: false, aiGenerated: false },
      targets,
      location: loc(1000 + p)
    })
    media.set(id, { container: 'mp4', mimeType: 'video/mp4', videoCodec: 'h264', width: 1080, height: 1920, durationSec: 12, fps: 30, sizeBytes: 12_327 + p, digest: `git:${p.toString(16).padStart(40, '0')}` })
  }
  const manifest = { file: '/bench/tiktok.yml', root: '/bench', apps: { main: { name: 'main', clientKeySecret: 'K', clientSecretSecret: 'S', audited: true, pullPrefixes: [], location: loc(3) } }, accounts, posts }
  return { manifest, state: emptyState('bench'), media, now: new Date(start) }
}

function timeIt(fn, minMs = 200, maxReps = 20) {
  const times = []
  let total = 0
  let out
  // a slow case is timed once: repeating it would only spend the run's budget
  while (times.length < 1 || (times.length < 3 && total < 2000) || (total < minMs && times.length < maxReps)) {
    const t0 = process.hrtime.bigint()
    out = fn()
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    times.push(ms)
    total += ms
  }
  times.sort((a, b) => a - b)
  return { ms: times[Math.floor(times.length / 2)], out, reps: times.length }
}

globalThis.gc()
const heap0 = process.memoryUsage().heapUsed
const inp = input()
globalThis.gc()
const heapInput = process.memoryUsage().heapUsed
// The baseline touches every field of the same input once: a deep copy by JSON round trip.
const base = timeIt(() => JSON.parse(JSON.stringify({ manifest: inp.manifest, state: inp.state, media: [...inp.media] })))
const planned = timeIt(() => plan(inp))
globalThis.gc()
const heapBefore = process.memoryUsage().heapUsed
let kept = plan(inp)
globalThis.gc()
const heapAfter = process.memoryUsage().heapUsed
const result = {
  pairs: inp.manifest.posts.length * nAccounts,
  accounts: nAccounts,
  actions: kept.actions.length,
  kinds: kept.actions.reduce((m, a) => ((m[a.kind] = (m[a.kind] ?? 0) + 1), m), {}),
  planMs: planned.ms,
  baseMs: base.ms,
  reps: planned.reps,
  inputHeapMb: (heapInput - heap0) / 1048576,
  // what the plan keeps alive (its result), after a collection
  planHeapMb: (heapAfter - heapBefore) / 1048576,
  peakRssMb: process.resourceUsage().maxRSS / 1024
}
kept = undefined
process.stdout.write(JSON.stringify(result))
