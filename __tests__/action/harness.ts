import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { REPO_ROOT } from '../helpers/workspace.js'

/**
 * Runs the Action's bundle the way the runner does: `node dist/index.js` with
 * INPUT_* variables (dashes kept), an event file, and GITHUB_OUTPUT /
 * GITHUB_STEP_SUMMARY files. CI rebuilds dist/ before the suite; a local run
 * can point TIKTOK_PUBLISH_ACTION_BUNDLE at a bundle built elsewhere.
 */
export const BUNDLE = process.env.TIKTOK_PUBLISH_ACTION_BUNDLE ?? path.join(REPO_ROOT, 'dist', 'index.js')

export const VIDEOS = {
  'media/a.mp4': path.join(REPO_ROOT, 'examples/media/spring-teaser.mp4'),
  'media/b.mp4': path.join(REPO_ROOT, 'examples/media/summer-sale.mp4')
}

const ID = ['-c', 'user.name=Test Person', '-c', 'user.email=test@example.com']

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args[0] === 'commit' || args[0] === 'merge' ? [...ID, ...args] : args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' }
  })
}

export interface Repo {
  dir: string
  /** the bare "remote" (origin of every clone) */
  bare: string
  /** a clone where the test prepares commits */
  seed: string
  clone(name: string, branch?: string): string
  /** a file at a commit of the bare remote, or undefined */
  show(ref: string, file: string): string | undefined
}

/** A bare remote with `main` holding the given files (text, or a path to copy for videos). */
export async function makeRepo(files: Record<string, string>, videos: Record<string, string> = VIDEOS): Promise<Repo> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-action-'))
  const bare = path.join(dir, 'remote.git')
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare])
  const seed = path.join(dir, 'seed')
  git(dir, 'clone', '-q', bare, seed)
  git(seed, 'checkout', '-q', '-b', 'main')
  for (const [rel, src] of Object.entries(videos)) {
    await mkdir(path.dirname(path.join(seed, rel)), { recursive: true })
    await copyFile(src, path.join(seed, rel))
  }
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(seed, rel)), { recursive: true })
    await writeFile(path.join(seed, rel), text)
  }
  git(seed, 'add', '-A')
  git(seed, 'commit', '-qm', 'seed')
  git(seed, 'push', '-q', 'origin', 'main')
  return {
    dir,
    bare,
    seed,
    clone(name, branch = 'main') {
      const to = path.join(dir, name)
      git(dir, 'clone', '-q', '-b', branch, bare, to)
      return to
    },
    show(ref, file) {
      try {
        return git(bare, 'show', `${ref}:${file}`)
      } catch {
        return undefined
      }
    }
  }
}

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
}

/** Parses the runner's file-command format: `name<<DELIM\nvalue\nDELIM\n`. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (m) {
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i])
      out[m[1]] = value.join('\n')
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      out[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return out
}

export interface RunOptions {
  workspace: string
  eventName: string
  event: Record<string, unknown>
  inputs: Record<string, string>
  sha: string
  ref: string
  apiUrl: string
  env?: Record<string, string>
  repository?: string
  /** called while the action runs (e.g. to race it) */
  during?: () => Promise<void>
}

/** Spawns the bundle exactly as the runner does (asynchronously, so servers in this process keep answering). */
export async function runAction(o: RunOptions): Promise<ActionRun> {
  if (!existsSync(BUNDLE)) throw new Error(`no Action bundle at ${BUNDLE}: build dist/ (npm run build) or set TIKTOK_PUBLISH_ACTION_BUNDLE`)
  const files = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-runner-'))
  const eventPath = path.join(files, 'event.json')
  const outputPath = path.join(files, 'output')
  const summaryPath = path.join(files, 'summary.md')
  await writeFile(eventPath, JSON.stringify(o.event))
  await writeFile(outputPath, '')
  await writeFile(summaryPath, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: files,
    GIT_CONFIG_NOSYSTEM: '1',
    NO_PROXY: '127.0.0.1,localhost',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: o.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_REPOSITORY: o.repository ?? 'acme/videos',
    GITHUB_SHA: o.sha,
    GITHUB_REF: o.ref,
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_API_URL: o.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: String(Math.floor(Math.random() * 1e9)),
    GITHUB_RUN_ATTEMPT: '1',
    RUNNER_TEMP: files,
    ...o.env
  }
  for (const [name, value] of Object.entries(o.inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const child = spawn(process.execPath, [BUNDLE], { cwd: o.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')))
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')))
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  if (o.during) await o.during()
  const code = await exited
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(await readFile(outputPath, 'utf8')),
    summary: await readFile(summaryPath, 'utf8')
  }
}

export function repositoryPayload(): Record<string, unknown> {
  return { name: 'videos', full_name: 'acme/videos', owner: { login: 'acme' }, default_branch: 'main' }
}
