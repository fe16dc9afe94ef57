import { readFile } from 'node:fs/promises'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { main } from '../../src/cli/main.js'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { setFailpointHook } from '../../src/failpoint.js'
import { makeWorkspace, manifestYaml, secretEnvName } from '../helpers/workspace.js'

/**
 * An exception that is neither TikTok's, the network's nor the user's is a bug
 * in tiktok-publish: the run fails saying so, once, and nothing is retried on
 * its word. Here a TypeError is thrown from inside the upload (a progress hook
 * the upload calls after every chunk), after the publish_id was saved.
 */
describe('a bug in the middle of a run', () => {
  let emulator: Emulator | undefined
  afterEach(async () => {
    setFailpointHook(undefined)
    await emulator?.close()
  })

  async function applyWithBug(debug: boolean) {
    emulator = await startEmulator({ config: { rate_limits: false, processing_polls: 0 } })
    const env: Record<string, string> = {
      TIKTOK_CLIENT_KEY: 'emu_client_key',
      TIKTOK_CLIENT_SECRET: 'emu_client_secret',
      TIKTOK_API_BASE_URL: emulator.url,
      TIKTOK_PUBLISH_POLL_MS: '10',
      ...(debug ? { TIKTOK_PUBLISH_DEBUG: '1' } : {})
    }
    env[secretEnvName('brand-us')] = emulator.addAccount({ username: 'brand_us' }).refresh_token
    const ws = await makeWorkspace(manifestYaml({ accounts: ['brand-us'], posts: '  - id: spring\n    video: media/a.mp4\n    caption: "hi"\n    accounts: all\n' }))
    env.TIKTOK_PUBLISH_TOKEN_STORE = path.join(await mkdtemp(path.join(tmpdir(), 'tiktok-publish-bug-')), 'tokens.json')
    setFailpointHook((name) => {
      if (name === 'upload-progress') {
        const facts = undefined as unknown as { digest: string }
        void facts.digest // TypeError: Cannot read properties of undefined
      }
    })
    let out = ''
    const sink = new Writable({ write: (c, _e, cb) => ((out += c), cb()) })
    const code = await main(['apply', '--manifest', ws.manifestPath], { stdout: sink, stderr: sink, cwd: ws.dir, env })
    setFailpointHook(undefined)
    const state = JSON.parse(await readFile(ws.statePath, 'utf8')) as { posts: Record<string, Record<string, Record<string, unknown>>> }
    return { code, out, record: state.posts.spring['brand-us'], inits: emulator.ledger.filter((l) => l.kind === 'init' && l.code === 'ok').length }
  }

  it('fails the run with exit 1, says "bug" once with where to report it, schedules no retry and keeps the publish_id', async () => {
    const { code, out, record, inits } = await applyWithBug(false)
    expect(code).toBe(1)
    expect(out.match(/This is a bug in tiktok-publish/g)).toHaveLength(1)
    expect(out).toContain("TypeError: Cannot read properties of undefined (reading 'digest')")
    expect(out).toMatch(/https:\/\/github\.com\/[^/\s]+\/tiktok-publish\/issues/)
    // the stack only in debug output
    expect(out).not.toMatch(/\n\s+at /)
    // TikTok has this publish_id and may hold every byte: the record says exactly that, and is resumed, never initiated again
    expect(inits).toBe(1)
    expect(record.status).toBe('processing')
    expect(record.publish_id).toEqual(expect.any(String))
    expect(record.next_attempt_at).toBeUndefined()
    expect(record.error).toBeUndefined()
  }, 30_000)

  it('prints the stack with TIKTOK_PUBLISH_DEBUG', async () => {
    const { code, out } = await applyWithBug(true)
    expect(code).toBe(1)
    expect(out.match(/This is a bug in tiktok-publish/g)).toHaveLength(1)
    expect(out).toMatch(/TypeError: Cannot read properties of undefined[^\n]*\n\s+at /)
  }, 30_000)
})

describe('a TikTok refusal', () => {
  let emulator: Emulator | undefined
  afterEach(async () => emulator?.close())

  it('says what to do once: the rulebook\'s advice, not a second hint from the client', async () => {
    emulator = await startEmulator({ config: { rate_limits: false, processing_polls: 0 } })
    const env: Record<string, string> = { TIKTOK_CLIENT_KEY: 'emu_client_key', TIKTOK_CLIENT_SECRET: 'emu_client_secret', TIKTOK_API_BASE_URL: emulator.url, TIKTOK_PUBLISH_POLL_MS: '10' }
    env[secretEnvName('brand-us')] = emulator.addAccount({ username: 'brand_us' }).refresh_token
    const ws = await makeWorkspace(manifestYaml({ accounts: ['brand-us'], posts: '  - id: spring\n    video: media/a.mp4\n    caption: "hi"\n    accounts: all\n' }))
    env.TIKTOK_PUBLISH_TOKEN_STORE = path.join(await mkdtemp(path.join(tmpdir(), 'tiktok-publish-advice-')), 'tokens.json')
    emulator.inject({ kind: 'error_code', endpoint: 'init', status: 401, code: 'scope_not_authorized', times: 1 })
    let out = ''
    const sink = new Writable({ write: (c, _e, cb) => ((out += c), cb()) })
    const code = await main(['apply', '--manifest', ws.manifestPath], { stdout: sink, stderr: sink, cwd: ws.dir, env })
    expect(code).toBe(1)
    const line = out.split('\n').find((l) => l.includes('scope_not_authorized'))!
    expect(line).toContain('run `tiktok-publish auth` for this account again')
    expect(line.match(/tiktok-publish auth/g)).toHaveLength(1)
    expect(out).not.toContain('This is a bug')

    // the next plan shows the pair blocked, with the advice once too
    let planned = ''
    const planSink = new Writable({ write: (c, _e, cb) => ((planned += c), cb()) })
    await main(['plan', '--manifest', ws.manifestPath], { stdout: planSink, stderr: planSink, cwd: ws.dir, env })
    const reason = planned.split('\n').filter((l) => l.includes('scope_not_authorized')).join('\n')
    expect(reason.match(/tiktok-publish auth/g)).toHaveLength(1)
  }, 30_000)

  it('a FAILED status: its advice once in the run and once in the next plan', async () => {
    emulator = await startEmulator({ config: { rate_limits: false, processing_polls: 0 } })
    const env: Record<string, string> = { TIKTOK_CLIENT_KEY: 'emu_client_key', TIKTOK_CLIENT_SECRET: 'emu_client_secret', TIKTOK_API_BASE_URL: emulator.url, TIKTOK_PUBLISH_POLL_MS: '10' }
    env[secretEnvName('brand-us')] = emulator.addAccount({ username: 'brand_us' }).refresh_token
    const ws = await makeWorkspace(manifestYaml({ accounts: ['brand-us'], posts: '  - id: spring\n    video: media/a.mp4\n    caption: "hi"\n    accounts: all\n' }))
    env.TIKTOK_PUBLISH_TOKEN_STORE = path.join(await mkdtemp(path.join(tmpdir(), 'tiktok-publish-advice-')), 'tokens.json')
    emulator.inject({ kind: 'fail_post', fail_reason: 'frame_rate_check_failed' })
    let out = ''
    const sink = new Writable({ write: (c, _e, cb) => ((out += c), cb()) })
    expect(await main(['apply', '--manifest', ws.manifestPath], { stdout: sink, stderr: sink, cwd: ws.dir, env })).toBe(1)
    for (const line of out.split('\n').filter((l) => l.includes('frame_rate_check_failed'))) expect(line.match(/23–60 fps/g)).toHaveLength(1)
    let planned = ''
    const planSink = new Writable({ write: (c, _e, cb) => ((planned += c), cb()) })
    await main(['plan', '--manifest', ws.manifestPath], { stdout: planSink, stderr: planSink, cwd: ws.dir, env })
    const reason = planned.split('\n').filter((l) => l.includes('frame_rate_check_failed')).join('\n')
    expect(reason).toContain('TikTok reported the post FAILED')
    expect(reason.match(/23–60 fps/g)).toHaveLength(1)
  }, 30_000)
})
