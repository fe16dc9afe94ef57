import { execFileSync } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

export const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..')
export const FIXTURES = path.join(REPO_ROOT, '__tests__', 'fixtures')

/**
 * A throwaway repository on disk with a manifest and real videos copied in,
 * optionally a git repository (the media digest then comes from git's index).
 */
export async function makeWorkspace(manifest: string, options: { videos?: Record<string, string>; git?: boolean } = {}): Promise<{ dir: string; manifestPath: string; statePath: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-ws-'))
  const videos = options.videos ?? { 'media/a.mp4': path.join(REPO_ROOT, 'examples/media/spring-teaser.mp4'), 'media/b.mp4': path.join(REPO_ROOT, 'examples/media/summer-sale.mp4') }
  for (const [rel, src] of Object.entries(videos)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true })
    await copyFile(src, path.join(dir, rel))
  }
  const manifestPath = path.join(dir, 'tiktok.yml')
  await writeFile(manifestPath, manifest)
  if (options.git) {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' })
    git('init', '-q', '-b', 'main')
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '-A')
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'init')
  }
  return { dir, manifestPath, statePath: path.join(dir, 'tiktok.state.json') }
}

/**
 * A manifest for the emulator's default app with the given accounts and posts.
 * `app` and `accountFields` are extra YAML lines, written unindented, that go
 * under the app and under the named accounts.
 */
export function manifestYaml(options: {
  audited?: boolean
  accounts: string[]
  posts: string
  defaults?: string
  limits?: Record<string, string>
  accountFields?: Record<string, string>
  app?: string
}): string {
  const indent = (lines: string) => lines.split('\n').map((l) => `\n    ${l}`).join('')
  const accounts = options.accounts
    .map((a) => {
      const limits = options.limits?.[a] ? `\n    limits: ${options.limits[a]}` : ''
      const fields = options.accountFields?.[a] ? indent(options.accountFields[a]) : ''
      return `  ${a}:\n    app: main\n    refresh_token: ${secretEnvName(a)}${limits}${fields}`
    })
    .join('\n')
  return `version: 1
apps:
  main:
    client_key: TIKTOK_CLIENT_KEY
    client_secret: TIKTOK_CLIENT_SECRET
    audited: ${options.audited ?? true}${options.app ? indent(options.app) : ''}
accounts:
${accounts}
defaults:
${options.defaults ?? '  mode: direct\n  privacy: SELF_ONLY'}
posts:
${options.posts}
`
}

export function secretEnvName(account: string): string {
  return `TIKTOK_REFRESH_${account.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`
}
