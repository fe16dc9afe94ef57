/**
 * From a fresh repository to a first post, exactly as README and GUIDE say:
 * the package installed as the README installs it (here from `npm pack` of
 * this checkout, which is what `github:…#v1` fetches), then the shell blocks
 * of docs/GUIDE.md's "Rehearse before you post", run by bash as written, with
 * three substitutions a reader makes too: a free port for 8099, a real video
 * for `~/Videos/short-clip.mp4`, and a temporary HOME.
 *
 * The walk: a `git init` repository on `master`, `init` (a workflow for
 * master), `auth` without a browser, `doctor` ok for an unaudited app with a
 * private account, `plan`, `apply` publishing the first post, `status`, and a
 * second `apply` that leaves the state file byte for byte.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, readdir } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { parse as parseYaml } from 'yaml'
import { REPOSITORY } from '../../src/project.js'
import { REPO_ROOT } from '../helpers/workspace.js'

const run = promisify(execFile)
const VIDEO = path.join(REPO_ROOT, 'examples/media/spring-teaser.mp4')

/** The fenced ```sh blocks of one `## ` section of a Markdown file. */
function shellBlocks(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`\n## ${heading}\n`)
  if (start < 0) throw new Error(`no section "## ${heading}"`)
  const end = markdown.indexOf('\n## ', start + 1)
  const section = markdown.slice(start, end < 0 ? undefined : end)
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!)
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('a fresh repository on master, through README and GUIDE as typed, to a first post', () => {
  let dir: string
  let env: NodeJS.ProcessEnv
  let emulator: ChildProcess | undefined
  afterAll(() => {
    emulator?.kill('SIGTERM')
  })

  it('installs, inits, authorizes without a browser, passes doctor, plans, publishes once, and then leaves the state alone', async () => {
    if (!existsSync(path.join(REPO_ROOT, 'dist/cli/index.js'))) throw new Error('no dist/: run npm run build first')
    dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-first-post-'))
    const home = path.join(dir, 'home')
    await mkdir(home)

    // Install: README's `npm install --global github:OWNER/tiktok-publish#v1`, from the packed checkout.
    const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8')
    expect(readme).toContain(`npm install --global github:${REPOSITORY}#v1`)
    const npmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' }
    const packed = JSON.parse((await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: REPO_ROOT, env: npmEnv, maxBuffer: 32 << 20 })).stdout) as { filename: string }[]
    const prefix = path.join(dir, 'global')
    await run('npm', ['install', '--global', '--offline', '--prefix', prefix, path.join(dir, packed[0]!.filename)], { env: npmEnv })
    env = {
      PATH: `${path.join(prefix, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      HOME: home,
      GIT_CONFIG_NOSYSTEM: '1',
      NO_PROXY: '127.0.0.1,localhost',
      no_proxy: '127.0.0.1,localhost'
    }
    expect((await run('tiktok-publish', ['--version'], { env })).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)

    // GUIDE, "Rehearse before you post": one block for the emulator's terminal, one for the user's.
    const guide = await readFile(path.join(REPO_ROOT, 'docs/GUIDE.md'), 'utf8')
    const [terminal1, terminal2] = shellBlocks(guide, 'Rehearse before you post')
    expect(terminal1!.trim()).toBe('tiktok-publish emulator --unaudited --port 8099')
    expect(terminal2).toContain('git init -b master')
    const port = String(await freePort())
    const asTyped = (block: string) => block.replaceAll('8099', port).replaceAll('~/Videos/short-clip.mp4', JSON.stringify(VIDEO))

    emulator = spawn('bash', ['-c', `exec ${asTyped(terminal1!)}`], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
    const url = await new Promise<string>((resolve, reject) => {
      let out = ''
      let err = ''
      emulator!.stdout!.on('data', (b: Buffer) => {
        out += b.toString()
        if (out.includes('\n')) resolve(out.split('\n')[0]!)
      })
      emulator!.stderr!.on('data', (b: Buffer) => (err += b.toString()))
      emulator!.on('exit', (code) => reject(new Error(`the emulator exited ${code}: ${err}`)))
    })
    expect(url).toBe(`http://127.0.0.1:${port}`)

    // Each line of the user's block runs as typed; after each, the state file is copied aside so
    // the test can compare the first apply's state with the second's.
    const snaps = path.join(dir, 'snapshots')
    await mkdir(snaps)
    const lines = asTyped(terminal2!).split('\n').filter((l) => l.trim())
    const script = ['set -eo pipefail']
    lines.forEach((line, i) => {
      script.push(`echo "@@@ ${i}"`, line, `[ -f tiktok.state.json ] && cp tiktok.state.json "${snaps}/${i}.json" || true`)
    })
    let result: { stdout: string; stderr: string }
    try {
      result = await run('bash', ['-c', script.join('\n')], { cwd: dir, env, maxBuffer: 32 << 20, timeout: 120_000 })
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string }
      throw new Error(`the GUIDE's commands failed: ${e.message}\nstdout:\n${e.stdout}\nstderr:\n${e.stderr}`)
    }
    const outputs = result.stdout.split(/^@@@ \d+\n/m).slice(1)
    expect(outputs).toHaveLength(lines.length)
    const outputOf = (command: string, nth = 0): string => {
      const at = lines.map((l, i) => (l.startsWith(command) ? i : -1)).filter((i) => i >= 0)[nth]
      if (at === undefined) throw new Error(`the GUIDE has no line starting ${command}`)
      return outputs[at]!
    }
    const repo = path.join(dir, 'rehearsal')

    // init wrote a workflow for this repository's own branch, master
    expect(outputOf('tiktok-publish init')).toContain('publishes on pushes to master')
    const workflow = parseYaml(await readFile(path.join(repo, '.github/workflows/tiktok-publish.yml'), 'utf8')) as { on: { push: { branches: string[] } } }
    expect(workflow.on.push.branches).toEqual(['master'])

    // auth completed without a browser and never printed the token
    const auth = outputOf('tiktok-publish auth')
    expect(auth).toContain('refresh token stored in')
    expect(auth).toContain('under account brand-us')
    expect(auth).toMatch(/privacy options: (?!.*PUBLIC_TO_EVERYONE)/)
    const emuAccounts = (await (await fetch(`${url}/_emulator/accounts`)).json()) as { accounts: { open_id: string; username: string; private: boolean; refresh_token: string }[] }
    expect(emuAccounts.accounts).toHaveLength(1)
    expect(emuAccounts.accounts[0]).toMatchObject({ username: 'emu_creator', private: true })
    expect(result.stdout + result.stderr).not.toContain(emuAccounts.accounts[0]!.refresh_token)

    // doctor: ok, for an unaudited app with a private account
    const doctor = outputOf('tiktok-publish doctor')
    expect(doctor).toMatch(/^ok\s+brand-us$/m)
    expect(doctor).not.toMatch(/problem/)

    // plan: the first post goes now, and the plan ends with TikTok's consent line
    const plan = outputOf('tiktok-publish plan')
    expect(plan).toMatch(/^first-post\s+brand-us\s+publish\s+now\s/m)
    expect(plan).toContain("agrees to TikTok's Music Usage Confirmation")

    // the first apply publishes the first post, SELF_ONLY, on the private account
    const firstApply = lines.findIndex((l) => l.startsWith('tiktok-publish apply'))
    expect(outputOf('tiktok-publish apply')).toMatch(/first-post.*brand-us.*published/)
    const posts = (await (await fetch(`${url}/_emulator/posts`)).json()) as { posts: { status: string; privacy_level: string; mode: string; open_id: string }[] }
    expect(posts.posts).toHaveLength(1)
    expect(posts.posts[0]).toMatchObject({ status: 'PUBLISH_COMPLETE', privacy_level: 'SELF_ONLY', mode: 'direct', open_id: emuAccounts.accounts[0]!.open_id })
    const state = JSON.parse(await readFile(path.join(snaps, `${firstApply}.json`), 'utf8')) as { posts: Record<string, Record<string, { status: string }>> }
    expect(state.posts['first-post']!['brand-us']!.status).toBe('published')
    expect(outputOf('tiktok-publish status')).toMatch(/first-post[\s\S]*published/)

    // the second apply has nothing to do and leaves tiktok.state.json byte for byte
    const secondApply = lines.findIndex((l, i) => i > firstApply && l.startsWith('tiktok-publish apply'))
    expect(secondApply).toBeGreaterThan(firstApply)
    expect(outputOf('tiktok-publish apply', 1)).toContain('Nothing to do')
    const snapshots = (await readdir(snaps)).length
    expect(snapshots).toBeGreaterThan(0)
    expect(await readFile(path.join(snaps, `${secondApply}.json`), 'utf8')).toBe(await readFile(path.join(snaps, `${firstApply}.json`), 'utf8'))
    expect(await readFile(path.join(repo, 'tiktok.state.json'), 'utf8')).toBe(await readFile(path.join(snaps, `${firstApply}.json`), 'utf8'))
    expect((await (await fetch(`${url}/_emulator/posts`)).json()) as { posts: unknown[] }).toMatchObject({ posts: [expect.anything()] })
  }, 180_000)
})
