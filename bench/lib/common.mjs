// Shared helpers for the benchmarks: compiling the sources once, spawning
// processes and reading their resource use, and small statistics.
import { execFile, spawn } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, symlink, writeFile, open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const CLI = path.join(REPO, 'dist', 'cli', 'index.js')

/**
 * The command line to measure: the committed bundle, which is what users run.
 * When dist/ is missing (being rebuilt), the entry compiled from src/ stands
 * in, and the report says so.
 */
export function cliEntry(build) {
  build.cli ??= snapshotCli(build)
  return build.cli
}

// The bundle is copied once, so a rebuild of dist/ during the run cannot pull it away mid-measurement.
async function snapshotCli(build) {
  const dest = path.join(build.dir, 'dist-cli')
  try {
    await cp(path.dirname(CLI), dest, { recursive: true })
    return { path: path.join(dest, 'index.js'), label: 'dist/cli/index.js' }
  } catch {
    return { path: path.join(build.out, 'cli.js'), label: 'src/cli.ts compiled by tsc (dist/ was missing)' }
  }
}
export const FIXTURES = path.join(REPO, '__tests__', 'fixtures')
export const MiB = 1024 * 1024
export const GiB = 1024 * MiB

export async function tempDir(prefix) {
  return mkdtemp(path.join(tmpdir(), `tiktok-bench-${prefix}-`))
}

/**
 * Compiles src/ with the project's own tsc into a temp dir, so the benchmarks
 * measure the current sources without touching dist/ or needing a TS loader.
 * node_modules is linked beside the output so bare imports resolve.
 */
export async function compileSources() {
  const dir = await tempDir('build')
  let out = path.join(dir, 'build')
  await writeFile(path.join(dir, 'package.json'), '{"type":"module"}\n')
  await symlink(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  const tsc = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc')
  // Type errors in files others are editing must not stop the build: emit anyway.
  // rootDir fixed at the repository: src/project.ts reads ../package.json, so the sources land in out/src
  await run(process.execPath, [tsc, '-p', path.join(REPO, 'tsconfig.json'), '--outDir', out, '--rootDir', REPO, '--noEmitOnError', 'false'], { allowFail: true })
  out = path.join(out, 'src')
  await writeFile(path.join(out, 'package.json'), '{"type":"module"}\n')
  return { dir, out, cli: undefined, import: (rel) => import(path.join(out, rel)), cleanup: () => rm(dir, { recursive: true, force: true }) }
}

/** Runs a command to completion; resolves with its output. */
export function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 64 * MiB, ...options }, (error, stdout, stderr) => {
      if (error && !options.allowFail) {
        error.message += `\n${stderr}`
        reject(error)
      } else resolve({ stdout, stderr, code: error ? error.code : 0 })
    })
  })
}

/**
 * Spawns a command under /usr/bin/time -v (when present) and reports wall time
 * and the peak resident set of the child.
 */
export async function measured(cmd, args, options = {}) {
  const useTime = await exists('/usr/bin/time')
  const argv = useTime ? ['-v', cmd, ...args] : args
  const bin = useTime ? '/usr/bin/time' : cmd
  const start = process.hrtime.bigint()
  const child = spawn(bin, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...options })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  let peakKb = 0
  // Without /usr/bin/time, poll the child's high-water mark while it runs.
  const poll = useTime
    ? undefined
    : setInterval(async () => {
        const kb = await vmHwmKb(child.pid)
        if (kb) peakKb = Math.max(peakKb, kb)
      }, 20)
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c)))
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6
  if (poll) clearInterval(poll)
  let cpuS
  if (useTime) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)
    if (m) peakKb = Number(m[1])
    const u = /User time \(seconds\): ([\d.]+)/.exec(stderr)
    const k = /System time \(seconds\): ([\d.]+)/.exec(stderr)
    if (u && k) cpuS = Number(u[1]) + Number(k[1])
  }
  return { code, wallMs, peakRssMb: peakKb / 1024, cpuS, stdout, stderr }
}

async function vmHwmKb(pid) {
  try {
    const text = await readFile(`/proc/${pid}/status`, 'utf8')
    const m = /VmHWM:\s+(\d+) kB/.exec(text)
    return m ? Number(m[1]) : undefined
  } catch {
    return undefined
  }
}

/** user+system CPU seconds a process has used so far (Linux /proc). */
export async function cpuSeconds(pid) {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8')
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return undefined
  }
}

export async function exists(p) {
  try {
    await (await open(p)).close()
    return true
  } catch {
    return false
  }
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export function round(n, digits = 2) {
  const f = 10 ** digits
  return Math.round(n * f) / f
}

/**
 * Starts the byte-counting TikTok stand-in (./standin.mjs) in its own process.
 * `latencyMs` is added to every API answer (not to chunk PUTs);
 * `processingPolls` status fetches of each post answer PROCESSING_UPLOAD first.
 */
export async function startStandin({ latencyMs = 0, processingPolls = 0 } = {}) {
  const args = [path.join(REPO, 'bench', 'lib', 'standin.mjs'), '--latency-ms', String(latencyMs), '--processing-polls', String(processingPolls)]
  const { url, child, close } = await startServerProcess('stand-in', args)
  const admin = async (p) => (await fetch(`${url}${p}`)).json()
  return { url, pid: child.pid, stats: () => admin('/_standin/stats'), reset: () => admin('/_standin/reset'), close }
}

/** A server script in its own Node process that prints its URL as its first line of output. */
async function startServerProcess(name, args) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const url = await new Promise((resolve, reject) => {
    let buf = ''
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    child.stdout.on('data', (d) => {
      buf += d
      const nl = buf.indexOf('\n')
      if (nl >= 0) resolve(buf.slice(0, nl).trim())
    })
    child.on('exit', (c) => reject(new Error(`${name} exited with ${c}: ${err}`)))
  })
  const close = async () => {
    child.kill('SIGTERM')
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.on('exit', resolve)))
  }
  return { url, child, close }
}

/**
 * valid.mp4 followed by one `free` box that pads the file to `size` bytes: a
 * valid MP4 (players and probes skip `free`). The padding is a hole made by
 * ftruncate, so a 1 GiB file costs no disk and reads at memory speed.
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
