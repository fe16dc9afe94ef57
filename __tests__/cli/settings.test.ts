import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import type { CliContext } from '../../src/cli/context.js'
import { apiSettings, applySettings, githubSettings, manifestSettings } from '../../src/cli/settings.js'
import { UsageError, UserError } from '../../src/errors.js'
import { REPO_ROOT } from '../helpers/workspace.js'

function context(env: NodeJS.ProcessEnv, cwd = '/work/repo'): CliContext {
  return { stdout: new PassThrough(), stderr: new PassThrough(), env, cwd, exitCode: 0 }
}

const applyFlags = { manifest: 'tiktok.yml', timeBudget: '20m', lockWait: '1m' }

describe('the command line settings', () => {
  it('resolve paths against the run folder and carry the selection flags', () => {
    const s = manifestSettings({ manifest: 'sub/tiktok.yml', state: 'state.json', accounts: 'us,br', shard: '1/2', json: true }, context({}))
    expect(s).toMatchObject({ manifestPath: '/work/repo/sub/tiktok.yml', statePath: '/work/repo/state.json', accounts: 'us,br', shard: '1/2', json: true, debug: false })
    expect(manifestSettings({ manifest: 'tiktok.yml' }, context({})).statePath).toBeUndefined()
  })

  it('take a flag over its environment variable, and the environment over the default', () => {
    const env = { TIKTOK_API_BASE_URL: 'http://127.0.0.1:9/', TIKTOK_PUBLISH_TOKEN_STORE: 'tokens/t.json' }
    expect(apiSettings({}, context(env))).toMatchObject({ apiBaseUrl: 'http://127.0.0.1:9/', tokenStorePath: '/work/repo/tokens/t.json' })
    expect(apiSettings({ apiBaseUrl: 'https://open.tiktokapis.com', tokenStore: '/elsewhere/t.json' }, context(env))).toMatchObject({
      apiBaseUrl: 'https://open.tiktokapis.com',
      tokenStorePath: '/elsewhere/t.json'
    })
    expect(apiSettings({}, context({ XDG_CONFIG_HOME: '/cfg' }))).toMatchObject({ apiBaseUrl: 'https://open.tiktokapis.com', tokenStorePath: '/cfg/tiktok-publish/tokens.json' })
  })

  it('read a secret by the name the manifest gives it, an empty one as unset', () => {
    const s = manifestSettings({ manifest: 'tiktok.yml' }, context({ TIKTOK_CLIENT_KEY: 'k', TIKTOK_REFRESH_US: '', TIKTOK_PUBLISH_DEBUG: '1' }))
    expect(s.secret('TIKTOK_CLIENT_KEY')).toBe('k')
    expect(s.secret('TIKTOK_REFRESH_US')).toBeUndefined()
    expect(s.secret('NOT_THERE')).toBeUndefined()
    expect(s.debug).toBe(true)
  })

  it('read the rehearsal knobs of apply from the environment, checked', () => {
    const env = { TIKTOK_PUBLISH_POLL_MS: '20, 40', TIKTOK_PUBLISH_CHUNK_MB: '16', TIKTOK_PUBLISH_MEDIA_REWRITE: 'https://m.example.com/=http://127.0.0.1:8080/' }
    const s = applySettings(applyFlags, context(env))
    expect(s).toMatchObject({ dryRun: false, timeBudgetMs: 20 * 60_000, lockWaitMs: 60_000 })
    expect(s.api).toMatchObject({ pollIntervalsMs: [20, 40], chunkMiB: 16, servedRewrite: { 'https://m.example.com/': 'http://127.0.0.1:8080/' } })
    for (const [name, value] of [['TIKTOK_PUBLISH_POLL_MS', '20,x'], ['TIKTOK_PUBLISH_CHUNK_MB', '65'], ['TIKTOK_PUBLISH_MEDIA_REWRITE', 'nothing']]) {
      const run = () => applySettings(applyFlags, context({ [name]: value }))
      expect(run).toThrow(UserError)
      expect(run).toThrow(new RegExp(`^${name} "${value}"`))
    }
  })

  it('leave the knobs of publishing out of a dry run, which publishes nothing', () => {
    const s = applySettings({ ...applyFlags, dryRun: true }, context({ TIKTOK_PUBLISH_CHUNK_MB: 'lots' }))
    expect(s.dryRun).toBe(true)
    expect(s.api).toBeUndefined()
  })

  it('refuse malformed flags as usage errors, the flags of the command line first', () => {
    expect(() => applySettings({ ...applyFlags, timeBudget: 'soon', apiBaseUrl: 'ftp://x' }, context({}))).toThrow(/--time-budget "soon"/)
    expect(() => applySettings({ ...applyFlags, apiBaseUrl: 'ftp://x' }, context({}))).toThrow(UsageError)
    expect(() => applySettings({ ...applyFlags, lockWait: 'a while' }, context({}))).toThrow(/--lock-wait "a while"/)
    expect(() => apiSettings({}, context({ TIKTOK_API_BASE_URL: 'http://tiktok.example.com' }))).toThrow(/plain http:\/\/ to tiktok.example.com/)
  })

  it('find the GitHub token in the flag, then GITHUB_TOKEN, then GH_TOKEN', () => {
    expect(githubSettings({ githubToken: 'f' }, context({ GITHUB_TOKEN: 'g', GH_TOKEN: 'h' }))).toEqual({ token: 'f', apiUrl: 'https://api.github.com' })
    expect(githubSettings({}, context({ GITHUB_TOKEN: '', GH_TOKEN: 'h', GITHUB_API_URL: 'https://ghe.example.com/api/v3' }))).toEqual({ token: 'h', apiUrl: 'https://ghe.example.com/api/v3' })
    expect(githubSettings({}, context({})).token).toBeUndefined()
  })

  it('are the only place in src/cli that reads the environment', () => {
    const dir = path.join(REPO_ROOT, 'src', 'cli')
    const readers = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && f !== 'settings.ts')
      .filter((f) => {
        const text = readFileSync(path.join(dir, f), 'utf8')
        // main.ts hands process.env to the context and reads no variable of it
        return /\benv\s*[.[]/.test(text) || /process\.env\s*[.[]/.test(text)
      })
    expect(readers).toEqual([])
  })
})
