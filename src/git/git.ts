import { execFile } from 'node:child_process'
import { posix } from 'node:path'
import type { Logger } from '../logger.js'

/** Who the state commits are by, unless a caller says otherwise: the identity GitHub shows for GITHUB_TOKEN pushes. */
export const DEFAULT_IDENTITY: GitIdentity = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com'
}

export interface GitIdentity {
  name: string
  email: string
}

/**
 * `rejected`: the remote branch moved (non-fast-forward, or another push won a
 * race for the ref) and a fetch-and-merge may succeed. Every other failure of
 * a push (auth, hooks, protected branch, network) is thrown.
 */
export type PushResult = { status: 'pushed' } | { status: 'rejected'; reason: string }

export interface StatusEntry {
  /** two-letter XY code of `git status --porcelain` */
  code: string
  path: string
}

/**
 * The git commands the state layer needs, over the real `git` binary. Kept as
 * a plain object of functions so a test can wrap one command (e.g. make the
 * remote move right before a push) and keep the rest.
 */
export interface Git {
  readonly cwd: string
  /** Runs `git <args>` in `cwd` and resolves its standard output. */
  run(args: string[], options?: { env?: Record<string, string>; input?: string }): Promise<string>
  /** The full sha a ref names, or undefined when it names no commit. */
  revParse(ref: string): Promise<string | undefined>
  /** The text of `path` (relative to cwd) at `ref`, or undefined when the file is not in that commit. Throws when the ref is unknown. */
  show(ref: string, path: string): Promise<string | undefined>
  add(paths: string[]): Promise<void>
  /** Commits only `paths` (whatever else is staged stays staged) and returns the new commit's sha. */
  commit(message: string, paths: string[], identity?: GitIdentity): Promise<string>
  push(remote: string, refspec: string): Promise<PushResult>
  /** Fetches a branch into refs/remotes/<remote>/<branch>; resolves its sha, or undefined when the remote has no such branch. */
  fetch(remote: string, branch: string): Promise<string | undefined>
  /** True when the remote has the branch. */
  remoteHasBranch(remote: string, branch: string): Promise<boolean>
  reset(mode: 'soft' | 'mixed' | 'hard' | 'keep', ref: string): Promise<void>
  checkout(args: string[]): Promise<void>
  /** Tracked changes only: untracked files are not ours to judge. */
  status(): Promise<StatusEntry[]>
  worktreeAdd(dir: string, ref: string): Promise<void>
  /** Absolute paths of the registered work trees. */
  worktreeList(): Promise<string[]>
  /** The same commands in another directory (a work tree of the same repository). */
  at(cwd: string): Git
}

export class GitError extends Error {
  override name = 'GitError'
  constructor(
    message: string,
    readonly args: string[],
    readonly exitCode: number | undefined,
    readonly stderr: string
  ) {
    super(message)
  }
}

/**
 * Removes credentials git may echo: actions/checkout's `AUTHORIZATION: basic …`
 * extra header and tokens embedded in remote URLs.
 */
export function redact(text: string): string {
  return text
    .replace(/x-access-token:[^@\s]*@/gi, 'x-access-token:***@')
    .replace(/(authorization:\s*(?:basic|bearer|token)\s+)\S+/gi, '$1***')
    .replace(/(https?:\/\/)[^/@\s:]+:[^/@\s]+@/gi, '$1***@')
}

export interface CreateGitOptions {
  logger: Logger
  /** Extra environment for every git command (e.g. GIT_CONFIG_GLOBAL in tests). */
  env?: Record<string, string>
}

/** The subcommand of an argument list that may start with `-c key=value` pairs. */
function commandName(args: string[]): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-c') i++
    else return args[i]
  }
  return ''
}

const MAX_BUFFER = 256 * 1024 * 1024

export function createGit(cwd: string, options: CreateGitOptions): Git {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    // a prompt for credentials would hang the job until its timeout
    GIT_TERMINAL_PROMPT: '0',
    // rejections are recognized by git's (English) wording
    LC_ALL: 'C',
    LANGUAGE: 'C'
  }

  const exec = (args: string[], extraEnv?: Record<string, string>, input?: string): Promise<{ stdout: string; stderr: string; code: number | undefined }> =>
    new Promise((resolve) => {
      options.logger.debug(redact(`git ${args.join(' ')}`))
      const child = execFile('git', args, { cwd, env: extraEnv ? { ...env, ...extraEnv } : env, maxBuffer: MAX_BUFFER, encoding: 'utf8' }, (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr, code: 0 })
        const code = typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : undefined
        // a missing binary or a spawn failure has no exit code: keep its message
        resolve({ stdout: stdout ?? '', stderr: stderr || (code === undefined ? error.message : ''), code: code ?? -1 })
      })
      // git never waits on an open stdin: a command that reads it gets the input or end of file
      if (input !== undefined) child.stdin?.end(input)
      else child.stdin?.end()
    })

  const fail = (args: string[], result: { stderr: string; code: number | undefined }): GitError => {
    const stderr = redact(result.stderr.trim())
    return new GitError(`git ${commandName(args)} failed (exit ${result.code}): ${stderr || 'no message'}`, args, result.code, stderr)
  }

  const run = async (args: string[], opts?: { env?: Record<string, string>; input?: string }): Promise<string> => {
    const result = await exec(args, opts?.env, opts?.input)
    if (result.code !== 0) throw fail(args, result)
    return result.stdout
  }

  const revParse = async (ref: string): Promise<string | undefined> => {
    const result = await exec(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
    if (result.code !== 0) return undefined
    return result.stdout.trim()
  }

  // `<rev>:./path` is refused outside a work tree (a bare repository): the prefix works in both
  let prefix: Promise<string> | undefined
  const treePath = async (path: string): Promise<string> => {
    prefix ??= run(['rev-parse', '--show-prefix']).then((p) => p.trim())
    return posix.normalize((await prefix) + path.split('\\').join('/'))
  }

  const git: Git = {
    cwd,
    run,
    revParse,
    async show(ref, path) {
      const sha = await revParse(ref)
      if (!sha) throw new GitError(`git: ${ref} names no commit`, ['rev-parse', ref], 128, '')
      const object = `${sha}:${await treePath(path)}`
      const exists = await exec(['cat-file', '-e', object])
      if (exists.code !== 0) return undefined
      return run(['cat-file', 'blob', object])
    },
    async add(paths) {
      const args = ['add', '--', ...paths]
      const result = await exec(args)
      if (result.code !== 0) throw fail(args, result)
    },
    async commit(message, paths, identity = DEFAULT_IDENTITY) {
      await run([
        '-c', `user.name=${identity.name}`,
        '-c', `user.email=${identity.email}`,
        // a runner has no signing key; a global signing setting must not fail the state commit
        '-c', 'commit.gpgsign=false',
        'commit', '--quiet', '--no-verify', '-m', message, '--', ...paths
      ])
      return (await revParse('HEAD'))!
    },
    async push(remote, refspec) {
      const args = ['push', '--porcelain', remote, refspec]
      const result = await exec(args)
      if (result.code === 0) return { status: 'pushed' }
      for (const line of result.stdout.split('\n')) {
        if (!line.startsWith('!')) continue
        const summary = line.split('\t')[2] ?? ''
        const reason = /\((.*)\)\s*$/.exec(summary)?.[1] ?? summary
        if (/^\[rejected\]/.test(summary) && /non-fast-forward|fetch first|stale info/.test(reason)) return { status: 'rejected', reason }
        // another push updated the ref between our check and our write
        if (/^\[remote rejected\]/.test(summary) && /cannot lock ref|failed to update ref|incorrect old value|failed to lock/.test(reason)) {
          return { status: 'rejected', reason }
        }
        throw new GitError(`git push to ${remote} was refused: ${redact(reason)}${result.stderr.trim() ? `\n${redact(result.stderr.trim())}` : ''}`, args, result.code, redact(result.stderr))
      }
      throw fail(args, result)
    },
    async fetch(remote, branch) {
      const args = ['fetch', '--no-tags', '--quiet', remote, `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`]
      const result = await exec(args)
      if (result.code !== 0) {
        if (/couldn't find remote ref/i.test(result.stderr)) return undefined
        throw fail(args, result)
      }
      return revParse('FETCH_HEAD')
    },
    async remoteHasBranch(remote, branch) {
      const out = await run(['ls-remote', '--heads', remote, `refs/heads/${branch}`])
      return out.split('\n').some((l) => l.endsWith(`\trefs/heads/${branch}`))
    },
    async reset(mode, ref) {
      await run(['reset', '--quiet', `--${mode}`, ref])
    },
    async checkout(args) {
      await run(['checkout', '--quiet', ...args])
    },
    async status() {
      const out = await run(['status', '--porcelain', '-z', '--untracked-files=no'])
      const entries: StatusEntry[] = []
      const parts = out.split('\0')
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i]
        if (part.length < 4) continue
        const code = part.slice(0, 2)
        entries.push({ code, path: part.slice(3) })
        // a rename or copy is followed by its source path
        if (code[0] === 'R' || code[0] === 'C') i++
      }
      return entries
    },
    async worktreeAdd(dir, ref) {
      await run(['worktree', 'add', '--quiet', '--detach', dir, ref])
    },
    async worktreeList() {
      const out = await run(['worktree', 'list', '--porcelain'])
      return out
        .split('\n')
        .filter((l) => l.startsWith('worktree '))
        .map((l) => l.slice('worktree '.length))
    },
    at(other) {
      return createGit(other, options)
    }
  }
  return git
}
