import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import type { Clock } from '../../src/clock.js'
import { main } from '../../src/cli/main.js'
import { REPO_ROOT } from '../helpers/workspace.js'

/** The bundled CLI as users run it; absent until the lead builds dist/. */
export const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'index.js')
export const haveBundle = existsSync(CLI)

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

class Capture extends Writable {
  text = ''
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString()
    cb()
  }
}

/** `tiktok-publish ARGS` in this process, with its own streams, env and cwd. */
export async function runMain(argv: string[], env: Record<string, string>, cwd: string, clock?: Clock): Promise<CliResult> {
  const stdout = new Capture()
  const stderr = new Capture()
  const code = await main(argv, { stdout, stderr, env: { PATH: process.env.PATH ?? '', ...env }, cwd, clock })
  return { code, stdout: stdout.text, stderr: stderr.text }
}

/** `node dist/cli/index.js ARGS` in a child process. */
export function runBundle(argv: string[], env: Record<string, string>, cwd: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...argv], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** A stack trace or a crash report in what a person reads. */
export function looksLikeACrash(text: string): boolean {
  return /^\s{4}at /m.test(text) || /internal error/i.test(text)
}
