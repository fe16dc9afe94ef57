import path from 'node:path'
import { UserError } from '../errors.js'
import { defaultStatePath } from '../publish/run.js'
import type { ActionSettings } from './settings.js'

export interface ResolvedPaths {
  manifestPath: string
  statePath: string
  /** the manifest as the user wrote it, for the comment marker and headings */
  manifestShown: string
}

/** Inputs name paths in the repository; the runner's cwd is the workspace, but not every local runner's is. */
export function resolvePaths(settings: ActionSettings, workspace: string): ResolvedPaths {
  const manifestPath = path.resolve(workspace, settings.manifest)
  const statePath = settings.state ? path.resolve(workspace, settings.state) : defaultStatePath(manifestPath)
  const manifestShown = path.relative(workspace, manifestPath).split(path.sep).join('/') || settings.manifest
  return { manifestPath, statePath, manifestShown }
}

/** A path inside `root`, with forward slashes, as git names it. */
export function repoRelative(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/')
}

/** The repository root of the checkout; a workspace that is no checkout gets the fix, not git's words. */
export async function repositoryTop(git: { run(args: string[]): Promise<string> }, workspace: string): Promise<string> {
  try {
    return (await git.run(['rev-parse', '--show-toplevel'])).trim()
  } catch {
    throw new UserError(`the workspace ${workspace} is not a git checkout, so the state cannot be read from or committed to the repository`, {
      fix: 'add `- uses: actions/checkout@v4` before this step, or set `commit: false` to keep the state in a file only'
    })
  }
}
