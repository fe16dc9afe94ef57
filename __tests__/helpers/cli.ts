import { spawn } from 'node:child_process'
import { copyFile, mkdtemp, open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { FIXTURES, REPO_ROOT } from './workspace.js'

/** The bundled command, as users run it. */
export const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'index.js')

export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** stdout and stderr as they interleaved */
  out: string
}

/** Runs the bundled CLI with only PATH and `env` as its environment. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let out = ''
    child.stdout.on('data', (d) => ((stdout += d), (out += d)))
    child.stderr.on('data', (d) => ((stderr += d), (out += d)))
    // a run that hangs is a failure to explain, not a test timeout to guess at
    const timer = setTimeout(() => child.kill('SIGTERM'), 40_000)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, out })
    })
  })
}

/**
 * A real MP4 made about 16 MiB large with a trailing `free` box: with 5 MiB
 * chunks (TIKTOK_PUBLISH_CHUNK_MB) its upload takes three.
 */
export async function makeBigVideo(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-big-'))
  const file = path.join(dir, 'big.mp4')
  await copyFile(path.join(FIXTURES, 'valid.mp4'), file)
  const fh = await open(file, 'a')
  const pad = 16 * 1024 * 1024
  const header = Buffer.alloc(8)
  header.writeUInt32BE(pad, 0)
  header.write('free', 4, 'latin1')
  await fh.write(header)
  await fh.truncate((await fh.stat()).size + pad - 8)
  await fh.close()
  return file
}
