// 1. Upload memory and throughput: `tiktok-publish apply` (the bundled CLI)
// publishing one big video to the byte-counting stand-in, against a bare Node
// upload (./lib/bare-upload.mjs) of the same file with the same chunk layout
// to the same stand-in.
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { REPO, cliEntry, GiB, MiB, makeBigMp4, measured, median, round, startStandin, tempDir } from './lib/common.mjs'

const BARE = path.join(REPO, 'bench', 'lib', 'bare-upload.mjs')

const MANIFEST = `version: 1
apps:
  main:
    client_key: TIKTOK_CLIENT_KEY
    client_secret: TIKTOK_CLIENT_SECRET
    audited: true
accounts:
  bench:
    app: main
    refresh_token: TIKTOK_REFRESH_BENCH
posts:
  - id: big
    video: media/big.mp4
    caption: "throughput"
    accounts: all
    mode: direct
    privacy: SELF_ONLY
`

/** The chunk layout TikTok's rules give `size` bytes with `chunkSize` chunks: the last takes the rest. */
function layout(size, chunkSize) {
  const n = Math.floor(size / chunkSize)
  const chunks = Array.from({ length: n }, (_, i) => ({ first: i * chunkSize, last: i === n - 1 ? size - 1 : (i + 1) * chunkSize - 1 }))
  return { chunkSize, totalChunkCount: n, chunks }
}

async function lastUpload(standin) {
  const up = (await standin.stats()).uploads.at(-1)
  if (!up || up.doneAt === undefined || up.received !== up.size) throw new Error(`the stand-in saw no complete upload: ${JSON.stringify(up)}`)
  return up
}

let runs = 0
async function applyOnce(cli, standin, ws) {
  // a fresh state and token store (and the state's copy the store keeps beside it): every run publishes again
  await rm(ws.statePath, { force: true })
  const tokens = path.join(ws.dir, `tokens-${++runs}`, 'tokens.json')
  const r = await measured(process.execPath, [cli.path, 'apply', '--manifest', ws.manifestPath, '--api-base-url', standin.url, '--token-store', tokens, '--json'], {
    cwd: ws.dir,
    env: { ...process.env, TIKTOK_CLIENT_KEY: 'bench_key', TIKTOK_CLIENT_SECRET: 'bench_secret', TIKTOK_REFRESH_BENCH: 'rt_bench' }
  })
  if (r.code !== 0) throw new Error(`apply exited ${r.code}: ${r.stderr.slice(-2000)}`)
  const outcomes = JSON.parse(r.stdout)
  if (outcomes.length !== 1 || outcomes[0].status !== 'published') throw new Error(`apply did not publish: ${r.stdout} ${r.stderr.slice(0, 1500)}`)
  const up = await lastUpload(standin)
  return { rssMb: r.peakRssMb, uploadMs: up.doneAt - up.initAt, wallMs: r.wallMs, chunkSize: up.chunkSize }
}

async function bareOnce(standin, ws, size, chunkSize) {
  const r = await measured(process.execPath, [BARE, standin.url, ws.video, JSON.stringify(layout(size, chunkSize))])
  if (r.code !== 0) throw new Error(`bare upload exited ${r.code}: ${r.stderr.slice(-2000)}`)
  const up = await lastUpload(standin)
  return { rssMb: r.peakRssMb, uploadMs: up.doneAt - up.initAt, wallMs: r.wallMs }
}

export async function run({ quick, log, build }) {
  const cli = await cliEntry(build)
  const root = await tempDir('upload')
  const standin = await startStandin()
  try {
    const sizes = [
      { name: '256 MiB', bytes: 256 * MiB, reps: quick ? 1 : 2 },
      { name: '1 GiB', bytes: GiB, reps: quick ? 1 : 3 }
    ]
    const by = {}
    for (const s of sizes) {
      const dir = path.join(root, s.name.replace(/\s/g, ''))
      await mkdir(path.join(dir, 'media'), { recursive: true })
      const ws = { dir, video: path.join(dir, 'media', 'big.mp4'), manifestPath: path.join(dir, 'tiktok.yml'), statePath: path.join(dir, 'tiktok.state.json') }
      await makeBigMp4(ws.video, s.bytes)
      await writeFile(ws.manifestPath, MANIFEST)
      const a = []
      const b = []
      // interleaved, so a busy moment of the machine falls on both sides alike
      for (let i = 0; i < s.reps; i++) {
        a.push(await applyOnce(cli, standin, ws))
        b.push(await bareOnce(standin, ws, s.bytes, a[0].chunkSize))
        log(`  ${s.name}: apply ${round(a.at(-1).rssMb, 0)} MB, ${round(a.at(-1).uploadMs)} ms upload; bare ${round(b.at(-1).rssMb, 0)} MB, ${round(b.at(-1).uploadMs)} ms upload`)
      }
      by[s.name] = { a, b, chunkSize: a[0].chunkSize }
      await rm(ws.video, { force: true })
    }
    const rssA = sizes.map((s) => median(by[s.name].a.map((x) => x.rssMb)))
    const rssB = sizes.map((s) => median(by[s.name].b.map((x) => x.rssMb)))
    const flat = rssA[1] / rssA[0]
    const peak = Math.max(...rssA)
    const big = by['1 GiB']
    const upA = median(big.a.map((x) => x.uploadMs))
    const upB = median(big.b.map((x) => x.uploadMs))
    const mbps = (ms) => round(GiB / MiB / (ms / 1000), 0)
    const rows = [
      {
        id: 'upload-rss',
        figure: 'peak RSS of `apply`, 256 MiB / 1 GiB video',
        ours: `${round(rssA[0], 0)} / ${round(rssA[1], 0)} MB (${round(flat)}×)`,
        baseline: `bare Node upload: ${round(rssB[0], 0)} / ${round(rssB[1], 0)} MB`,
        ratio: rssA[1] / rssB[1],
        target: '≤ 100 MB, flat within 1.1×',
        met: peak <= 100 && flat <= 1.1,
        notes: `median of ${big.a.length} runs at 1 GiB, ${by['256 MiB'].a.length} at 256 MiB; /usr/bin/time -v; ${Math.ceil(GiB / big.chunkSize)} chunks of ${big.chunkSize} bytes at 1 GiB`
      },
      {
        id: 'upload',
        figure: 'upload 1 GiB, init→last chunk (apply vs bare Node upload)',
        ours: `${round(upA / 1000)} s (${mbps(upA)} MiB/s)`,
        baseline: `${round(upB / 1000)} s (${mbps(upB)} MiB/s)`,
        ratio: upA / upB,
        target: '≤ 1.15×',
        met: upA / upB <= 1.15,
        notes: `the stand-in's clock, from its init answer to its last chunk answer; apply's runs ${big.a.map((x) => round(x.uploadMs / 1000)).join(', ')} s, bare ${big.b.map((x) => round(x.uploadMs / 1000)).join(', ')} s`
      }
    ]
    const missed = []
    if (!(peak <= 100 && flat <= 1.1)) {
      missed.push(
        `Peak RSS missed: flat now (the chunk reads reuse three 1 MiB buffers; before, a fresh buffer per read left tens of MB for the collector and the peak grew with the video), but ${round(peak, 0)} MB is not 100. ` +
          'What is left is code, not data: a process that only loads the modules `apply` runs (manifest, media probe, state, engine, client, undici, zod) already sits near 90 MB before the first chunk, against 40 MB for `node -e 0`; loading and compiling them raises the peak by ~25 MB for a moment. The bare floor loads nothing but `node:http`.'
      )
    }
    if (upA / upB > 1.15) missed.push(`Upload time missed in this run (${round(upA / upB)}×): the runs vary by more than that on a shared two-core machine; see the per-run times below.`)
    return { rows, title: '1. Upload memory and throughput', doc: [doc(cli), ...missed].join('\n\n') }
  } finally {
    await standin.close()
    await rm(root, { recursive: true, force: true })
  }
}

function doc(cli) {
  return [
    `A real MP4 (the fixture \`valid.mp4\`) padded with one trailing \`free\` box to 256 MiB and 1 GiB (a sparse`,
    `file made in a temp folder at bench time: no disk cost, read at memory speed) is published by \`apply\``,
    `(${cli.label}) to the stand-in (bench/lib/standin.mjs), a server in its own process that speaks just enough`,
    'of TikTok\'s API for `apply` to run and only counts the bytes it receives: it does not hash or parse them,',
    'so it is not the bottleneck. The floor (bench/lib/bare-upload.mjs) is the least a Node process can do to',
    'publish the same file with the same chunk layout to the same stand-in: built-in `node:http`, a token',
    'refresh, an init, one PUT per chunk streamed from disk 1 MiB at a time, one status fetch; no validation,',
    'no state, no retries. Peak RSS is the whole process as `/usr/bin/time -v` sees it; the upload time is the',
    'stand-in\'s own clock from its init answer to its last chunk answer, for both.'
  ].join('\n')
}
