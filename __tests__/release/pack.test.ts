/**
 * What `npm pack` ships, and that the packed tarball installs into an empty
 * folder (no registry: the package has no runtime dependencies, dist/ bundles
 * them) where `npx tiktok-publish --version` and `demo` run.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, writeFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT } from '../helpers/workspace.js'

const run = promisify(execFile)

interface Packed {
  filename: string
  files: { path: string }[]
}

async function npm(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('npm', args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' }, maxBuffer: 32 * 1024 * 1024 })
  return stdout
}

describe('the npm package', () => {
  let dir: string
  let packed: Packed
  let version: string
  beforeAll(async () => {
    if (!existsSync(path.join(REPO_ROOT, 'dist/cli/index.js'))) throw new Error('no dist/: run npm run build first')
    version = (JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version
    dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-pack-'))
    // a demo run leaves examples/tiktok.state.json behind: no state file may ship
    // (a name of its own here, so a demo running meanwhile is not disturbed)
    const leftover = path.join(REPO_ROOT, `examples/pack-test-${process.pid}.state.json`)
    await writeFile(leftover, '{"left":"by a demo"}\n')
    try {
      packed = (JSON.parse(await npm(REPO_ROOT, 'pack', '--json', '--pack-destination', dir)) as Packed[])[0]!
    } finally {
      await rm(leftover, { force: true })
    }
  }, 120_000)

  it('ships dist, action.yml, the schema, the examples without state, README, LICENSE and CHANGELOG', () => {
    const files = packed.files.map((f) => f.path)
    for (const f of ['dist/index.js', 'dist/cli/index.js', 'action.yml', 'schema/tiktok.schema.json', 'examples/tiktok.yml', 'examples/media/spring-teaser.mp4', 'README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']) {
      expect([f, files.includes(f)]).toEqual([f, true])
    }
    expect(files.filter((f) => /state\.json/.test(f))).toEqual([])
    // nothing of the development tree
    expect(files.filter((f) => /^(src|__tests__|bench|scripts|node_modules|\.github)\//.test(f))).toEqual([])
  })

  it('installs into an empty folder without the registry; npx tiktok-publish --version and demo run there', async () => {
    const empty = path.join(dir, 'empty')
    await mkdir(empty)
    await npm(empty, 'install', '--offline', '--no-package-lock', path.join(dir, packed.filename))
    const npx = async (...args: string[]) => (await run('npx', ['--offline', 'tiktok-publish', ...args], { cwd: empty, maxBuffer: 32 * 1024 * 1024 })).stdout
    expect(await npx('--version')).toBe(`${version}\n`)
    const demo = await npx('demo')
    expect(demo).toContain('spring-teaser')
    expect(demo).toMatch(/published/)
    // and only the bundle was installed: no dependency came along
    const installed = JSON.parse(await readFile(path.join(empty, 'node_modules/tiktok-publish/package.json'), 'utf8')) as { dependencies?: object }
    expect(installed.dependencies ?? {}).toEqual({})
  }, 180_000)
})
