import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { runCli, tempDir, writeManifest } from '../onboarding/helpers.js'
import { REPO_ROOT } from '../helpers/workspace.js'

describe('the command line', () => {
  it('prints the version of package.json with --version and -V', async () => {
    const { version } = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
    for (const flag of ['--version', '-V']) {
      const run = runCli([flag], {}, REPO_ROOT)
      expect(await run.exit).toBe(0)
      expect(run.out()).toBe(`${version}\n`)
    }
  })

  describe('exits 2 on every usage error, before reading anything', () => {
    let dir: string
    beforeAll(async () => {
      dir = await tempDir('usage')
      await writeManifest(dir, { accounts: ['us'] })
    })
    const cases: [string, string[], RegExp][] = [
      ['an unknown command', ['publish'], /unknown command/],
      ['an unknown flag', ['plan', '--nope'], /unknown option/],
      ['a malformed --shard on plan', ['plan', '--shard', '3/2'], /--shard "3\/2" is not of the form k\/n/],
      ['a malformed --shard on apply', ['apply', '--shard', 'x'], /--shard "x"/],
      ['a malformed --shard on validate', ['validate', '--shard', '0/4'], /--shard "0\/4"/],
      ['resolve without --published or --not-published', ['resolve', 'post-us', 'us'], /exactly one of --published VIDEO_ID or --not-published/],
      ['resolve with both', ['resolve', 'post-us', 'us', '--published', '1', '--not-published'], /exactly one of/],
      ['resolve with a video id that is not one', ['resolve', 'post-us', 'us', '--published', 'abc'], /is not a TikTok video id/],
      ['a --time-budget that is not a duration', ['apply', '--time-budget', 'soon'], /--time-budget "soon" is not a duration/],
      ['an --api-base-url that is not a URL', ['apply', '--api-base-url', 'ftp://x'], /--api-base-url "ftp:\/\/x"/],
      ['an emulator --port that is not a port', ['emulator', '--port', 'http'], /--port "http" is not a port number/],
      ['an init --branch that is not a branch', ['init', '--branch', 'a..b'], /--branch "a..b" is not a branch name/]
    ]
    for (const [what, argv, message] of cases) {
      it(what, async () => {
        const run = runCli(argv, {}, dir)
        expect(await run.exit).toBe(2)
        expect(run.err()).toMatch(message)
      })
    }
  })

  it('still exits 1 for input that is wrong, not the command line', async () => {
    const dir = await tempDir('usage')
    const run = runCli(['validate'], {}, dir)
    expect(await run.exit).toBe(1)
    expect(run.err()).toContain('tiktok.yml')
  })
})
