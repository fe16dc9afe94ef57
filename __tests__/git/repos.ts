import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { MemoryLogger } from '../../src/logger.js'
import { createGit, readStateAtRef, type Git } from '../../src/git/index.js'
import { parseState, serializeState, type State, type StateRecord } from '../../src/state/index.js'

export const LINEAGE = '5f0c6a4e-0000-4000-8000-000000000001'
export const STATE = 'tiktok.state.json'

/** Runs git synchronously for test setup; the code under test runs its own. */
export function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Tester', '-c', 'user.email=tester@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    stdio: 'pipe',
    encoding: 'utf8'
  })
}

export function record(status: StateRecord['status'], extra: Partial<StateRecord> = {}): StateRecord {
  return { status, fingerprint: 'fp', attempts: 1, updated_at: '2026-12-01T17:00:00.000Z', ...extra } as StateRecord
}

export function initialState(): State {
  return {
    version: 1,
    lineage: LINEAGE,
    serial: 1,
    accounts: {},
    posts: { 'old-post': { 'brand-us': record('published', { publish_id: 'p_old', video_id: '7312345678901234567' }) } }
  }
}

/**
 * A bare repository as the remote with one commit (manifest and state) on
 * main, and helpers to clone it as separate "runners".
 */
export async function makeRemote(options: { withState?: boolean } = {}): Promise<{
  root: string
  bare: string
  clone(name: string): Promise<string>
  remoteState(branch?: string): Promise<State | undefined>
  remoteHead(branch?: string): string
}> {
  const root = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-git-'))
  const bare = path.join(root, 'remote.git')
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', bare])
  const seed = path.join(root, 'seed')
  sh(root, 'clone', '--quiet', bare, seed)
  sh(seed, 'checkout', '--quiet', '-b', 'main')
  await writeFile(path.join(seed, 'tiktok.yml'), 'version: 1\napps: {}\naccounts: {}\nposts: []\n')
  if (options.withState !== false) await writeFile(path.join(seed, STATE), serializeState(initialState()))
  sh(seed, 'add', '-A')
  sh(seed, 'commit', '--quiet', '-m', 'initial manifest and state')
  sh(seed, 'push', '--quiet', 'origin', 'main')
  const remoteGit = createGit(bare, { logger: new MemoryLogger() })
  return {
    root,
    bare,
    async clone(name) {
      const dir = path.join(root, name)
      sh(root, 'clone', '--quiet', bare, dir)
      return dir
    },
    remoteState: (branch = 'main') => readStateAtRef(remoteGit, branch, STATE),
    remoteHead: (branch = 'main') => sh(bare, 'rev-parse', branch).trim()
  }
}

export async function readDisk(file: string): Promise<State> {
  return parseState(await readFile(file, 'utf8'), file)
}

/** Wraps one git so a test can act right before each push (e.g. move the remote). */
export function beforePush(git: Git, hook: (attempt: number) => Promise<void>): Git & { pushes: number } {
  const wrapped = {
    ...git,
    pushes: 0,
    async push(remote: string, refspec: string) {
      wrapped.pushes++
      await hook(wrapped.pushes)
      return git.push(remote, refspec)
    }
  }
  return wrapped
}
