import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { main } from '../../src/cli/main.js'
import { manifestYaml } from '../helpers/workspace.js'

export interface Running {
  exit: Promise<number>
  out(): string
  err(): string
  /** resolves with the first stdout line matching `re`, as soon as it is written */
  line(re: RegExp): Promise<string>
}

/** Runs the CLI in-process with captured streams. */
export function runCli(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Running {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let o = ''
  let e = ''
  const waiters: { re: RegExp; resolve: (s: string) => void }[] = []
  const check = () => {
    for (const w of [...waiters]) {
      const hit = o.split('\n').slice(0, -1).find((l) => w.re.test(l))
      if (hit !== undefined) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(hit)
      }
    }
  }
  stdout.on('data', (d: Buffer) => {
    o += d.toString()
    check()
  })
  stderr.on('data', (d: Buffer) => (e += d.toString()))
  const exit = main(argv, { stdout, stderr, env, cwd })
  return {
    exit,
    out: () => o,
    err: () => e,
    line: (re) =>
      new Promise<string>((resolve, reject) => {
        waiters.push({ re, resolve })
        check()
        void exit.then((code) => setImmediate(() => reject(new Error(`exited ${code} before printing ${re}; stdout:\n${o}\nstderr:\n${e}`))))
      })
  }
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `tiktok-publish-${prefix}-`))
}

/** A manifest with one app and the given accounts; each account gets one direct SELF_ONLY post unless `inbox`. */
export async function writeManifest(
  dir: string,
  options: { audited?: boolean; accounts: string[]; inbox?: string[] }
): Promise<string> {
  const posts = options.accounts
    .map((a) => `  - id: post-${a}\n    video: media/v.mp4\n    caption: hi\n    accounts: [${a}]${options.inbox?.includes(a) ? '\n    mode: inbox' : ''}`)
    .join('\n')
  const text = manifestYaml({ audited: options.audited, accounts: options.accounts, posts })
  const file = path.join(dir, 'tiktok.yml')
  await writeFile(file, text)
  return file
}
