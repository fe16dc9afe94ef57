// 1. Upload throughput and memory: `tiktok-publish apply` (the bundled CLI)
// uploading a large real MP4 to the emulator on loopback, against curl PUTting
// the same chunks with the same headers.
import { spawn } from 'node:child_process'
import { copyFile, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { cliEntry, FIXTURES, GiB, MiB, cpuSeconds, measured, median, round, startEmulatorProcess, tempDir } from './lib/common.mjs'

const CLIENT_KEY = 'emu_client_key'
const CLIENT_SECRET = 'emu_client_secret'

/**
 * valid.mp4 followed by one `free` box that pads the file to `size` bytes: a
 * valid MP4 (players and probes skip `free`). The padding is a hole made by
 * ftruncate, so a 2 GiB file costs no disk and reads at memory speed.
 */
export async function makeBigMp4(file, size) {
  const head = await readFile(path.join(FIXTURES, 'valid.mp4'))
  const pad = size - head.length
  if (pad < 8 || pad > 0xffffffff) throw new Error(`cannot pad to ${size} with a 32-bit free box`)
  const box = Buffer.alloc(8)
  box.writeUInt32BE(pad, 0)
  box.write('free', 4, 'latin1')
  const fh = await open(file, 'w')
  try {
    await fh.write(Buffer.concat([head, box]), 0)
    await fh.truncate(size)
  } finally {
    await fh.close()
  }
}

function manifest(account, video) {
  return `version: 1
apps:
  main:
    client_key: TIKTOK_CLIENT_KEY
    client_secret: TIKTOK_CLIENT_SECRET
    audited: true
accounts:
  ${account}:
    app: main
    refresh_token: TIKTOK_REFRESH_${account.toUpperCase()}
posts:
  - id: big
    video: ${video}
    caption: "throughput"
    accounts: all
    mode: direct
    privacy: SELF_ONLY
`
}

/** One `apply` of the workspace's single post; the state is removed first so it is published again. */
async function applyOnce(cli, emu, ws, seed) {
  await rm(ws.statePath, { force: true })
  const ledgerBefore = (await emu.admin('GET', '/_emulator/ledger')).ledger.length
  const cpu0 = await cpuSeconds(emu.pid)
  const r = await measured(process.execPath, [cli.path, 'apply', '--manifest', ws.manifestPath, '--api-base-url', emu.url, '--token-store', ws.tokenStore, '--json'], {
    cwd: ws.dir,
    env: { ...process.env, TIKTOK_CLIENT_KEY: CLIENT_KEY, TIKTOK_CLIENT_SECRET: CLIENT_SECRET, [`TIKTOK_REFRESH_${ws.account.toUpperCase()}`]: seed }
  })
  const cpu1 = await cpuSeconds(emu.pid)
  if (r.code !== 0) throw new Error(`apply exited ${r.code}: ${r.stderr.slice(-2000)}`)
  const outcomes = JSON.parse(r.stdout)
  if (outcomes.length !== 1 || outcomes[0].status !== 'published') throw new Error(`apply did not publish: ${r.stdout}`)
  const ledger = (await emu.admin('GET', '/_emulator/ledger')).ledger.slice(ledgerBefore)
  const init = ledger.find((l) => l.kind === 'init' && l.code === 'ok')
  const done = ledger.find((l) => l.kind === 'upload_complete' && l.publish_id === init.publish_id)
  const uploadMs = done.at - init.at
  return { wallMs: r.wallMs, uploadMs, peakRssMb: r.peakRssMb, emuCpuS: cpu1 - cpu0, clientCpuS: r.cpuS }
}

async function post(url, p, { token, form, json }) {
  const res = await fetch(`${url}${p}`, {
    method: 'POST',
    headers: form ? { 'content-type': 'application/x-www-form-urlencoded' } : { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: form ? new URLSearchParams(form).toString() : JSON.stringify(json)
  })
  return res.json()
}

/**
 * The baseline: the same chunks sent by curl, one process per chunk, fed by dd
 * from the same file, with the same Content-Type, Content-Length and
 * Content-Range. Timed from the init's answer to the last chunk's answer, the
 * same span the ledger gives for apply.
 */
async function curlOnce(emu, file, size, planChunks, creds) {
  const t0 = process.hrtime.bigint()
  const tok = await post(emu.url, '/v2/oauth/token/', { form: { client_key: CLIENT_KEY, client_secret: CLIENT_SECRET, grant_type: 'refresh_token', refresh_token: creds.refresh } })
  if (!tok.access_token) throw new Error(`refresh failed: ${JSON.stringify(tok)}`)
  creds.refresh = tok.refresh_token
  const plan = planChunks(size)
  const init = await post(emu.url, '/v2/post/publish/video/init/', {
    token: tok.access_token,
    json: { post_info: { title: 'curl', privacy_level: 'SELF_ONLY' }, source_info: { source: 'FILE_UPLOAD', video_size: size, chunk_size: plan.chunkSize, total_chunk_count: plan.totalChunkCount } }
  })
  if (init.error?.code !== 'ok') throw new Error(`init failed: ${JSON.stringify(init)}`)
  const uploadUrl = init.data.upload_url
  const cpu0 = await cpuSeconds(emu.pid)
  let clientCpuS = 0
  const t1 = process.hrtime.bigint()
  for (const c of plan.chunks) {
    const len = c.last - c.first + 1
    const cmd =
      `dd if="$F" iflag=skip_bytes,count_bytes skip=${c.first} count=${len} bs=1M status=none | ` +
      `/usr/bin/curl -sS -o /dev/null -w '%{http_code}' -X PUT -T - -H 'Transfer-Encoding:' -H 'Expect:' ` +
      `-H 'Content-Type: video/mp4' -H 'Content-Length: ${len}' -H 'Content-Range: bytes ${c.first}-${c.last}/${size}' "$U"`
    // /usr/bin/time reports the CPU of bash and the dd and curl it waited for
    const code = await new Promise((resolve, reject) => {
      const child = spawn('/usr/bin/time', ['-f', '%U %S', 'bash', '-o', 'pipefail', '-c', cmd], { env: { ...process.env, F: file, U: uploadUrl }, stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      let err = ''
      child.stdout.on('data', (d) => (out += d))
      child.stderr.on('data', (d) => (err += d))
      child.on('close', (rc) => {
        const m = /([\d.]+) ([\d.]+)\s*$/.exec(err)
        if (m) clientCpuS += Number(m[1]) + Number(m[2])
        rc === 0 ? resolve(out.trim()) : reject(new Error(`curl pipeline exited ${rc}: ${err}`))
      })
    })
    const last = c === plan.chunks[plan.chunks.length - 1]
    if (code !== (last ? '201' : '206')) throw new Error(`curl chunk got HTTP ${code}`)
  }
  const t2 = process.hrtime.bigint()
  const cpu1 = await cpuSeconds(emu.pid)
  return { wallMs: Number(t2 - t0) / 1e6, uploadMs: Number(t2 - t1) / 1e6, emuCpuS: cpu1 - cpu0, clientCpuS }
}

async function workspace(root, name, size) {
  const dir = path.join(root, name)
  await mkdir(path.join(dir, 'media'), { recursive: true })
  const video = path.join(dir, 'media', 'big.mp4')
  await makeBigMp4(video, size)
  const account = 'bench'
  const manifestPath = path.join(dir, 'tiktok.yml')
  await writeFile(manifestPath, manifest(account, 'media/big.mp4'))
  return { dir, video, account, manifestPath, statePath: path.join(dir, 'tiktok.state.json'), tokenStore: path.join(root, 'tokens.json') }
}

export async function run({ build, quick, log }) {
  const { planChunks } = await build.import('tiktok/upload.js')
  const root = await tempDir('upload')
  const config = path.join(root, 'emulator.json')
  await writeFile(
    config,
    JSON.stringify({
      // throughput only: pacing and processing are measured elsewhere
      rate_limits: false,
      processing_polls: 0,
      accounts: [
        { username: 'bench', refresh_token: 'rt_bench_apply_seed', daily_post_cap: 1000 },
        { username: 'curl', refresh_token: 'rt_bench_curl_seed', daily_post_cap: 1000 }
      ]
    })
  )
  const emu = await startEmulatorProcess(build, config).catch(async (e) => {
    await rm(root, { recursive: true, force: true })
    throw e
  })
  const cli = await cliEntry(build)
  const rows = []
  try {
    const sizes = [
      { name: '100 MiB', bytes: 100 * MiB },
      { name: '1 GiB', bytes: GiB },
      { name: '2 GiB', bytes: 2 * GiB - 1 }
    ]
    const curlCreds = { refresh: 'rt_bench_curl_seed' }
    const rss = {}
    let main
    for (const s of sizes) {
      const ws = await workspace(root, s.name.replace(/\s/g, ''), s.bytes)
      const reps = s.bytes === GiB ? (quick ? 1 : 5) : 1
      const a = []
      const c = []
      for (let i = 0; i < reps; i++) {
        a.push(await applyOnce(cli, emu, ws, 'rt_bench_apply_seed'))
        log(`  upload ${s.name}: apply ${round(a.at(-1).uploadMs / 1000)} s upload, ${round(a.at(-1).wallMs / 1000)} s total, RSS ${round(a.at(-1).peakRssMb, 0)} MB`)
        if (s.bytes === GiB) {
          c.push(await curlOnce(emu, ws.video, s.bytes, planChunks, curlCreds))
          log(`  upload ${s.name}: curl ${round(c.at(-1).uploadMs / 1000)} s upload`)
        }
      }
      rss[s.name] = Math.max(...a.map((x) => x.peakRssMb))
      if (s.bytes === GiB) {
        // what apply pays before any byte goes out: probe the MP4 and hash it for its digest
        const v = await measured(process.execPath, [cli.path, 'validate', '--manifest', ws.manifestPath], { cwd: ws.dir })
        if (v.code !== 0) throw new Error(`validate exited ${v.code}: ${v.stderr.slice(-1000)}`)
        main = { a, c, validate: v }
      }
      await rm(ws.video, { force: true })
    }
    const aUp = median(main.a.map((x) => x.uploadMs))
    const cUp = median(main.c.map((x) => x.uploadMs))
    const aWall = median(main.a.map((x) => x.wallMs))
    const cWall = median(main.c.map((x) => x.wallMs))
    const emuBusyApply = median(main.a.map((x) => x.emuCpuS)) / (aUp / 1000)
    const emuBusyCurl = median(main.c.map((x) => x.emuCpuS)) / (cUp / 1000)
    const range = (xs) => `${round(Math.min(...xs) / 1000)}–${round(Math.max(...xs) / 1000)} s`
    const aRange = range(main.a.map((x) => x.uploadMs))
    const cRange = range(main.c.map((x) => x.uploadMs))
    // apply's CPU covers the whole process (start, probe, digest, upload); curl's only the chunk loop
    const aCpu = median(main.a.map((x) => x.clientCpuS))
    const cCpu = median(main.c.map((x) => x.clientCpuS))
    const load = (await readFile('/proc/loadavg', 'utf8').catch(() => '')).split(' ').slice(0, 3).join(' ')
    const mbps = (ms) => round(GiB / MiB / (ms / 1000), 0)
    rows.push({
      id: 'upload',
      figure: 'upload 1 GiB, init→last chunk (apply vs curl)',
      ours: `${round(aUp / 1000)} s (${mbps(aUp)} MiB/s)`,
      baseline: `${round(cUp / 1000)} s (${mbps(cUp)} MiB/s)`,
      ratio: aUp / cUp,
      target: '≤ 1.15×',
      met: aUp / cUp <= 1.15,
      notes: `ratio of the fastest runs ${round(Math.min(...main.a.map((x) => x.uploadMs)) / Math.min(...main.c.map((x) => x.uploadMs)))}×; range over ${main.a.length} runs: apply ${aRange}, curl ${cRange}; emulator CPU busy ${round(emuBusyApply * 100, 0)}% of the span under apply, ${round(emuBusyCurl * 100, 0)}% under curl; client CPU: apply ${round(aCpu)} s for the whole process, dd+curl ${round(cCpu)} s for the chunks; load average after: ${load}`
    })
    rows.push({
      id: 'upload-process',
      figure: 'upload 1 GiB, whole process (apply vs token+init+curl loop)',
      ours: `${round(aWall / 1000)} s`,
      baseline: `${round(cWall / 1000)} s`,
      ratio: aWall / cWall,
      target: '(context)',
      met: undefined,
      notes: `apply also starts Node, probes the MP4, hashes the whole file for its digest, saves state and polls status; \`validate\` alone (start, probe, digest, no network) takes ${round(main.validate.wallMs / 1000)} s of it`
    })
    const peak = Math.max(...Object.values(rss))
    const flat = peak / Math.min(...Object.values(rss))
    rows.push({
      id: 'upload-rss',
      figure: 'peak RSS of apply at 100 MiB / 1 GiB / 2 GiB',
      ours: Object.entries(rss).map(([k, v]) => `${round(v, 0)} MB`).join(' / '),
      baseline: '100 MiB run',
      ratio: flat,
      target: '< 150 MB, flat',
      met: peak < 150 && flat < 1.15,
      notes: `max/min across sizes ${round(flat)}×; /usr/bin/time -v. \`validate\` on the 1 GiB workspace (no upload) peaks at ${round(main.validate.peakRssMb, 0)} MB, so the upload itself adds about ${round(rss['1 GiB'] - main.validate.peakRssMb, 0)} MB`
    })
    return { rows, title: '1. Upload throughput and memory', doc: uploadDoc({ fastRatio: Math.min(...main.a.map((x) => x.uploadMs)) / Math.min(...main.c.map((x) => x.uploadMs)), aRange, cRange, aCpu, cCpu, validateCpu: main.validate.cpuS, emuBusyApply, emuBusyCurl, aUp, cUp, aWall, cWall, rss, validate: main.validate, reps: main.a.length, cli }) }
  } finally {
    await emu.close()
    await rm(root, { recursive: true, force: true })
  }
}

function uploadDoc(x) {
  const ratio = x.aUp / x.cUp
  const peak = Math.max(...Object.values(x.rss))
  const lines = [
    'A real MP4 (the 1080x1920 H.264 fixture `valid.mp4`) padded with one trailing `free` box to',
    `100 MiB, 1 GiB and 2 GiB (a sparse file: no disk cost) is published by \`apply\` (${x.cli.label})`,
    'to the emulator (compiled from src/), which runs in a process of its own. The baseline sends the',
    'same chunks (the planner\'s 64 MiB chunks) with the same `Content-Type`, `Content-Length` and',
    '`Content-Range` using `curl -T -` fed by `dd`, one curl per chunk, to the same emulator. Both spans',
    `run from the init's answer to the last chunk's answer (apply's from the emulator's ledger); median of ${x.reps}.`,
    '',
    `The emulator hashes every byte (sha256) and parses the MP4 as it arrives. Its process was busy`,
    `${round(x.emuBusyApply * 100, 0)}% of the upload span under apply and ${round(x.emuBusyCurl * 100, 0)}% under curl` +
      (Math.min(x.emuBusyApply, x.emuBusyCurl) > 0.8
        ? ': one core saturated, so **the emulator is the bottleneck for both** and the ratio says only that apply keeps up with curl; loopback throughput of the client alone is higher than these figures.'
        : ': it did not saturate a core, so neither side is simply waiting on it. On two cores the sender, the emulator and the kernel\'s loopback copies share the machine, so the absolute MiB/s here say little about a real network; the ratio is the figure.'),
    `Client CPU: apply used ${round(x.aCpu)} s for the whole process, of which \`validate\`'s start, probe and digest are about ${round(x.validateCpu ?? 0)} s; dd and curl used ${round(x.cCpu)} s for the chunks.`,
    'Other jobs shared this machine during the run (the load average is in the notes below), which is why the spread between runs is wide; the median of interleaved runs is reported.',
    ''
  ]
  if (ratio > 1.15) {
    const uploadCpu = x.aCpu - (x.validateCpu ?? 0)
    if (x.fastRatio <= 1.15) {
      lines.push(
        `Missed on the medians (${round(ratio)}×), but within this run's noise: the fastest apply run against the fastest curl run is ${round(x.fastRatio)}×,`,
        `and the runs overlap (apply ${x.aRange}, curl ${x.cRange}). apply's upload itself used about ${round(uploadCpu)} s of CPU (its process minus what \`validate\` needs) against dd and curl's ${round(x.cCpu)} s,`,
        'so the sender is not CPU-bound; what varies is the share of the two cores the sender and the emulator get.',
        'A run on an otherwise idle machine is what would settle it.',
        ''
      )
    } else {
      lines.push(
        `Missed: apply's upload span is ${round(ratio)}× curl's, and ${round(x.fastRatio)}× on the fastest runs. apply's upload used about ${round(uploadCpu)} s of CPU against dd and curl's ${round(x.cCpu)} s.`,
        'The upload streams each chunk from disk in 1 MiB reads through undici with a fresh read stream per chunk; a larger read size is the lever to try first.',
        ''
      )
    }
  }
  lines.push(
    `The whole apply process takes ${round(x.aWall / 1000)} s against curl's ${round(x.cWall / 1000)} s, because before uploading it reads the`,
    `whole file once to compute its digest (the git blob id that makes a changed video a changed post) —`,
    `\`validate\`, which does only that and the probe, takes ${round(x.validate.wallMs / 1000)} s on the 1 GiB file. In a git`,
    'checkout where the video is tracked and unmodified the digest comes from git\'s index instead and this read disappears.',
    ''
  )
  if (peak >= 150) {
    lines.push(
      `Peak RSS is flat across sizes (the upload streams; memory does not grow with the file) but at ${round(peak, 0)} MB it is not under 150 MB.`,
      `\`validate\` alone peaks at ${round(x.validate.peakRssMb, 0)} MB; the rest is the upload's stream buffers and the`,
      '1 MiB read buffers the garbage collector has not yet returned. Smaller read buffers in `uploadFile`',
      '(256 KiB instead of 1 MiB) or a capped young generation (`--max-semi-space-size`) are what would close it.',
      ''
    )
  }
  return lines.join('\n')
}
