import { cp, copyFile, lstat, mkdir, mkdtemp, open, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { existsSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { FIXTURES, secretEnvName } from '../helpers/workspace.js'
import { looksLikeACrash, runMain } from './cli.js'
import { CLIENT_KEY, VIDEO } from './harness.js'

/**
 * The hostile-input corpus: manifests, state files and arguments meant to
 * break the command line. Each case is a folder in hostile/ holding the files
 * of a repository (tiktok.yml, tiktok.state.json, includes) and a case.json:
 *   about     what it is
 *   expect    a pattern the error must match (exit 1 cases)
 *   location  FILE:LINE[:COL] the error must name
 *   commands  default validate, plan, apply
 *   args      extra arguments
 *   exit      default 1; 2 for a usage error; null = any, just no crash
 *   generate  files built at test time (too big, or symlinks and directories)
 *   videos    fixture videos to copy in, by repository path
 *   safe      valid input that must not reach the terminal raw
 *   failing   a known bug: the case runs as it.failing and names it
 *   forbidden strings that must appear in no output (a planted credential)
 * A command may carry its own flags ("plan --json").
 * Every command must fail (or pass) cleanly: no stack trace, no raw escape
 * sequence in the output, not a single request to the API, and a state file
 * byte for byte as it was.
 */

const here = path.dirname(fileURLToPath(import.meta.url))
const corpus = path.join(here, 'hostile')

interface Case {
  about: string
  expect?: string
  location?: string
  commands?: string[]
  args?: string[]
  exit?: number | null
  generate?: string
  videos?: Record<string, string>
  safe?: boolean
  failing?: string
  /** text that must not appear in any output (a credential the case plants) */
  forbidden?: string[]
}

const names = (await readdir(corpus)).filter((n) => existsSync(path.join(corpus, n, 'case.json'))).sort()
const cases: Array<[string, Case]> = names.map((n) => [n, JSON.parse(readFileSync(path.join(corpus, n, 'case.json'), 'utf8')) as Case])

const BASE_MANIFEST = () => readFile(path.join(corpus, 'm12-video-tilde-home', 'tiktok.yml'), 'utf8').then((t) => t.replace('~/.ssh/id_rsa', 'media/a.mp4'))

/** Files too big, too deep or too special to commit. */
const generators: Record<string, (dir: string) => Promise<void | Record<string, string>>> = {
  'manifest-2mb': async (dir) => writeFile(path.join(dir, 'tiktok.yml'), (await BASE_MANIFEST()) + `# ${'x'.repeat(2 * 1024 * 1024)}\n`),
  'include-2mb': async (dir) => {
    const base = (await BASE_MANIFEST()).replace(/posts:\n[\s\S]*$/, 'posts: []\ninclude:\n  - posts/*.yml\n')
    await writeFile(path.join(dir, 'tiktok.yml'), base)
    await mkdir(path.join(dir, 'posts'), { recursive: true })
    await writeFile(path.join(dir, 'posts', 'big.yml'), `posts: []\n# ${'x'.repeat(2 * 1024 * 1024)}\n`)
  },
  'deep-seq': async (dir) => writeFile(path.join(dir, 'tiktok.yml'), `version: 1\nposts: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`),
  'deep-map': async (dir) => writeFile(path.join(dir, 'tiktok.yml'), `version: 1\nposts: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`),
  'symlink-passwd': async (dir) => symlink('/etc/passwd', path.join(dir, 'media', 'passwd.mp4')),
  'symlink-dir': async (dir) => symlink('/etc', path.join(dir, 'outside')),
  'include-symlink': async (dir) => {
    const outside = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-outside-'))
    await writeFile(path.join(outside, 'x.yml'), 'posts:\n  - id: stolen\n    video: media/a.mp4\n    caption: "x"\n    accounts: all\n')
    await symlink(outside, path.join(dir, 'posts'))
  },
  'empty-video': async (dir) => writeFile(path.join(dir, 'media', 'empty.mp4'), ''),
  'dir-video': async (dir) => mkdir(path.join(dir, 'media', 'dir.mp4')),
  'binary-manifest': async (dir) =>
    writeFile(path.join(dir, 'tiktok.yml'), Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 73) % 256))])),
  'utf16-manifest': async (dir) => writeFile(path.join(dir, 'tiktok.yml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(await BASE_MANIFEST(), 'utf16le')])),
  'manifest-dir': async (dir) => {
    await rm(path.join(dir, 'tiktok.yml'), { force: true })
    await mkdir(path.join(dir, 'tiktok.yml'))
  },
  'deep-state': async (dir) =>
    writeFile(path.join(dir, 'tiktok.state.json'), `{"version":1,"lineage":"l","serial":1,"accounts":{},"posts":{},"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}\n`),
  'state-dir': async (dir) => mkdir(path.join(dir, 'tiktok.state.json')),
  'poll-env': async () => ({ TIKTOK_PUBLISH_POLL_MS: 'abc' }),
  // what actions/checkout leaves in .git/config: the job's token as a Basic header (a fake one)
  'git-config': async (dir) => {
    await mkdir(path.join(dir, '.git'), { recursive: true })
    await writeFile(
      path.join(dir, '.git', 'config'),
      '[core]\n\trepositoryformatversion = 0\n[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX0hPU1RJTEVGQUtFQ1JFREVOVElBTDEyMzQ=\n'
    )
  },
  'manifest-git-config': async (dir) => {
    await generators['git-config'](dir)
    await rm(path.join(dir, 'tiktok.yml'))
    await symlink(path.join('.git', 'config'), path.join(dir, 'tiktok.yml'))
  },
  'includes-18mb': async (dir) => {
    await mkdir(path.join(dir, 'posts'), { recursive: true })
    const filler = `posts: []\n# ${'x'.repeat(900 * 1024)}\n`
    for (let i = 0; i < 20; i++) await writeFile(path.join(dir, 'posts', `p${String(i).padStart(2, '0')}.yml`), filler)
    await writeFile(path.join(dir, 'tiktok.yml'), (await readFile(path.join(dir, 'tiktok.yml'), 'utf8')) + 'include:\n  - posts/*.yml\n')
  },
  'state-symlink': async (dir) => {
    const state = '{"version":1,"lineage":"l","serial":1,"accounts":{},"posts":{}}\n'
    await mkdir(path.join(dir, 'data'), { recursive: true })
    await writeFile(path.join(dir, 'data', 'real.state.json'), state)
    await symlink(path.join('data', 'real.state.json'), path.join(dir, 'tiktok.state.json'))
  },
  'state-dev-zero': async (dir) => symlink('/dev/zero', path.join(dir, 'tiktok.state.json')),
  'state-65mb': async (dir) => {
    const fh = await open(path.join(dir, 'tiktok.state.json'), 'w')
    await fh.truncate(65 * 1024 * 1024) // sparse: no 65 MB written to the disk
    await fh.close()
  }
}

let emulator: Emulator
let env: Record<string, string>
beforeAll(async () => {
  // a client secret nobody could guess, so that finding it in output means a leak
  const clientSecret = `cs_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`
  emulator = await startEmulator({ config: { rate_limits: false, apps: [{ client_key: CLIENT_KEY, client_secret: clientSecret }] } })
  const account = emulator.addAccount({ username: 'brand_us' })
  const store = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-hostile-tokens-'))
  env = {
    TIKTOK_CLIENT_KEY: CLIENT_KEY,
    TIKTOK_CLIENT_SECRET: clientSecret,
    [secretEnvName('brand-us')]: account.refresh_token,
    TIKTOK_API_BASE_URL: emulator.url,
    TIKTOK_PUBLISH_TOKEN_STORE: path.join(store, 'tokens.json'),
    TIKTOK_PUBLISH_POLL_MS: '10'
  }
})
afterAll(async () => emulator?.close())

async function snapshot(file: string): Promise<Buffer | string> {
  const l = await lstat(file).catch(() => undefined)
  if (!l) return 'absent'
  // a link, a device or a 65 MB sparse file: what it is, not what reading it would give
  if (l.isSymbolicLink()) return `link (${l.mtimeMs})`
  const s = await stat(file)
  if (s.isDirectory()) return 'directory'
  if (!s.isFile() || s.size > 8 * 1024 * 1024) return `file of ${s.size} bytes (${s.mtimeMs})`
  return readFile(file)
}

// ESC and the one-byte CSI: nothing we print may start a terminal sequence
const TERMINAL_CONTROL = /[\u001b\u009b]/
// bidi embeddings, overrides and isolates: they make text read differently from what it is
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/

describe('hostile input: refused before any network call, cleanly, with nothing changed', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40)
  })

  const runCase = async (name: string, c: Case): Promise<void> => {
    const dir = await mkdtemp(path.join(tmpdir(), `tiktok-publish-hostile-${name}-`))
    await cp(path.join(corpus, name), dir, { recursive: true, filter: (src) => path.basename(src) !== 'case.json' })
    await mkdir(path.join(dir, 'media'), { recursive: true })
    await copyFile(VIDEO, path.join(dir, 'media', 'a.mp4'))
    for (const [rel, fixture] of Object.entries(c.videos ?? {})) await copyFile(path.join(FIXTURES, fixture), path.join(dir, rel))
    const extraEnv = (c.generate ? await generators[c.generate](dir) : undefined) ?? {}
    const statePath = c.args?.includes('--state') ? c.args[c.args.indexOf('--state') + 1] : path.join(dir, 'tiktok.state.json')
    const before = await snapshot(statePath)
    const requestsBefore = emulator.ledger.length

    for (const command of c.commands ?? ['validate', 'plan', 'apply']) {
      const argv = [...command.split(' '), ...(c.args ?? [])]
      const r = await runMain(argv, { ...env, ...extraEnv }, dir)
      const out = r.stdout + r.stderr
      const what = `${name}: tiktok-publish ${argv.join(' ').slice(0, 80)}`
      expect({ what, crash: looksLikeACrash(out) }).toEqual({ what, crash: false })
      if (c.exit !== null) expect({ what, code: r.code, out: out.slice(0, 600) }).toMatchObject({ what, code: c.exit ?? 1 })
      if (c.expect) expect(r.stderr).toMatch(new RegExp(c.expect))
      if (c.location) expect(r.stderr).toContain(`${path.join(dir, c.location)}`)
      if (c.exit !== null && (c.exit ?? 1) === 1 && !c.safe) expect(r.stderr).toMatch(/fix: |error: /)
      expect(TERMINAL_CONTROL.test(out)).toBe(false)
      for (const secret of [env.TIKTOK_CLIENT_SECRET, env[secretEnvName('brand-us')], ...(c.forbidden ?? [])]) expect({ what, leaked: out.includes(secret) ? secret : undefined }).toEqual({ what, leaked: undefined })
      if (c.safe) expect(BIDI_CONTROL.test(out)).toBe(false)
      // no prototype was polluted by anything the run parsed
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    }
    // not one request reached the API
    expect(emulator.ledger.slice(requestsBefore)).toEqual([])
    // a failed run rewrites nothing: the state is byte for byte what it was
    if (!c.safe) expect(await snapshot(statePath)).toEqual(before)
  }

  for (const [name, c] of cases) {
    const title = `${name}: ${c.about}`
    if (c.failing) {
      // BUG: named in the case's `failing` field (and in docs/RELIABILITY.md)
      it.failing(title, () => runCase(name, c))
    } else {
      it(title, () => runCase(name, c))
    }
  }
})

describe('an --accounts glob built to backtrack', () => {
  // A glob of many stars once made a RegExp backtrack for ever. The check runs
  // the built CLI in a child process killed after 10 s (the answer takes
  // milliseconds), so it is part of the full suite only (RELIABILITY_FULL=1);
  // __tests__/select covers the matcher in the default suite.
  const full = process.env.RELIABILITY_FULL === '1' && existsSync(path.join(corpus, '..', '..', '..', 'dist', 'cli', 'index.js'))
  const maybe = full ? it : it.skip
  maybe('answers at once, whatever the number of stars', async () => {
    const { spawn } = await import('node:child_process')
    const dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-glob-'))
    await writeFile(path.join(dir, 'tiktok.yml'), await BASE_MANIFEST())
    await mkdir(path.join(dir, 'media'))
    await copyFile(VIDEO, path.join(dir, 'media', 'a.mp4'))
    const cli = path.join(corpus, '..', '..', '..', 'dist', 'cli', 'index.js')
    const finished = await new Promise<boolean>((resolve) => {
      const child = spawn(process.execPath, [cli, 'plan', '--accounts', `${'*'.repeat(40)}x`], { cwd: dir, stdio: 'ignore' })
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        resolve(false)
      }, 10_000)
      child.on('exit', (_code, signal) => {
        clearTimeout(timer)
        resolve(signal === null)
      })
    })
    expect(finished).toBe(true)
  }, 20_000)
})
