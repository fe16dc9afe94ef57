import { execFileSync } from 'node:child_process'
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { parseState, serializeState, type State } from '../../src/state/index.js'
import { makeWorkspace, manifestYaml, secretEnvName } from '../helpers/workspace.js'
import { runCli as run } from '../helpers/cli.js'

/**
 * Records are grow-only outside `resolve`, for the command line too: it keeps
 * the last state it wrote beside the token store, so a person's commit that
 * drops published records (or deletes the state file) costs no second post.
 */
const ACCOUNTS = ['brand-us', 'brand-br']

const post = (id: string, video: string, accounts = 'all') => `  - id: ${id}\n    video: media/${video}.mp4\n    caption: "Post ${id}"\n    accounts: ${accounts}\n`

describe('the CLI on a git repository whose state a person edits', () => {
  let emulator: Emulator
  afterEach(async () => emulator?.close())

  it('a commit that drops published records, then apply: nothing posted twice, the records back in the state file', async () => {
    emulator = await startEmulator({ config: { rate_limits: false, processing_polls: 0 } })
    const env: Record<string, string> = { TIKTOK_CLIENT_KEY: 'emu_client_key', TIKTOK_CLIENT_SECRET: 'emu_client_secret', TIKTOK_API_BASE_URL: emulator.url, TIKTOK_PUBLISH_POLL_MS: '10' }
    for (const a of ACCOUNTS) env[secretEnvName(a)] = emulator.addAccount({ username: a.replace('-', '_') }).refresh_token
    const ws = await makeWorkspace(manifestYaml({ accounts: ACCOUNTS, posts: post('a', 'a') + post('b', 'b') }), { git: true })
    env.TIKTOK_PUBLISH_TOKEN_STORE = path.join(ws.dir, '..', `${path.basename(ws.dir)}-tokens`, 'tokens.json')
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=A Person', '-c', 'user.email=person@example.com', ...args], { cwd: ws.dir, encoding: 'utf8' })
    const inits = () => emulator.ledger.filter((e) => e.kind.endsWith('init') && e.code === 'ok').length
    const apply = () => run(['apply', '--manifest', ws.manifestPath], env)

    const first = await apply()
    expect(first.code).toBe(0)
    const published = parseState(await readFile(ws.statePath, 'utf8'), ws.statePath)
    expect(inits()).toBe(4)
    git('add', 'tiktok.state.json')
    git('commit', '-qm', 'state after the first run')

    // a person's commit drops post a and turns b → brand-br back to failed
    const edited: State = structuredClone(published)
    delete edited.posts.a
    edited.posts.b['brand-br'] = { ...edited.posts.b['brand-br'], status: 'failed' }
    await writeFile(ws.statePath, serializeState(edited))
    git('commit', '-qam', 'tidy the state')

    const second = await apply()
    expect(second.code).toBe(0)
    expect(second.stderr).toContain('3 record(s) of the state were dropped or turned back by a commit')
    expect(inits()).toBe(4)
    const back = parseState(await readFile(ws.statePath, 'utf8'), ws.statePath)
    for (const p of ['a', 'b']) for (const a of ACCOUNTS) expect(back.posts[p][a]).toEqual(published.posts[p][a])
    expect(back.lineage).toBe(published.lineage)

    // the whole file deleted by a commit: it comes back, same lineage
    git('commit', '-qam', 'state after the second run')
    git('rm', '-q', 'tiktok.state.json')
    git('commit', '-qm', 'start over')
    const third = await apply()
    expect(third.code).toBe(0)
    expect(inits()).toBe(4)
    const again = parseState(await readFile(ws.statePath, 'utf8'), ws.statePath)
    expect(again.lineage).toBe(published.lineage)
    for (const p of ['a', 'b']) for (const a of ACCOUNTS) expect(again.posts[p][a]).toEqual(published.posts[p][a])
  }, 60_000)

  it('resolve still changes an unknown record; a hand edit of it does not', async () => {
    emulator = await startEmulator({ config: { rate_limits: false, processing_polls: 0 } })
    const env: Record<string, string> = { TIKTOK_CLIENT_KEY: 'emu_client_key', TIKTOK_CLIENT_SECRET: 'emu_client_secret', TIKTOK_API_BASE_URL: emulator.url, TIKTOK_PUBLISH_POLL_MS: '10' }
    env[secretEnvName('brand-us')] = emulator.addAccount({ username: 'brand_us' }).refresh_token
    const ws = await makeWorkspace(manifestYaml({ accounts: ['brand-us'], posts: post('a', 'a') }))
    env.TIKTOK_PUBLISH_TOKEN_STORE = path.join(ws.dir, '.tokens', 'tokens.json')
    const inits = () => emulator.ledger.filter((e) => e.kind.endsWith('init') && e.code === 'ok').length
    const apply = () => run(['apply', '--manifest', ws.manifestPath], env)

    // an earlier run lost track of post c: its record is unknown, for a person to settle
    const first = await apply()
    expect(first.code).toBe(0)
    const s1 = parseState(await readFile(ws.statePath, 'utf8'), ws.statePath)
    const unknown = { ...s1.posts.a['brand-us'], status: 'unknown' as const, publish_id: undefined, video_id: undefined, url: undefined }
    await writeFile(ws.statePath, serializeState({ ...s1, posts: { ...s1.posts, c: { 'brand-us': unknown } } }))
    // the tool writes it on its next save (a new post makes one), so it is the tool's record from then on
    await writeFile(ws.manifestPath, manifestYaml({ accounts: ['brand-us'], posts: post('a', 'a') + post('c', 'b') + post('d', 'a') }))
    const second = await apply()
    expect(second.stderr).not.toContain('turned back')
    expect(inits()).toBe(2)

    // a hand edit turning it to failed is not a resolution: kept unknown, nothing posted
    const s2 = parseState(await readFile(ws.statePath, 'utf8'), ws.statePath)
    await writeFile(ws.statePath, serializeState({ ...s2, posts: { ...s2.posts, c: { 'brand-us': { ...s2.posts.c['brand-us'], status: 'failed' } } } }))
    const handEdit = await apply()
    expect(handEdit.code).toBe(0)
    expect(handEdit.stderr).toContain('c → brand-us: unknown (a commit turned it back to failed)')
    expect(inits()).toBe(2)
    expect(parseState(await readFile(ws.statePath, 'utf8'), ws.statePath).posts.c['brand-us'].status).toBe('unknown')

    // resolve --not-published is honoured: the next apply publishes it, once
    const resolved = await run(['resolve', 'c', 'brand-us', '--not-published', '--manifest', ws.manifestPath], env)
    expect(resolved.code).toBe(0)
    const last = await apply()
    expect(last.stderr).not.toContain('turned back')
    expect(last.code).toBe(0)
    expect(inits()).toBe(3)
    expect(parseState(await readFile(ws.statePath, 'utf8'), ws.statePath).posts.c['brand-us'].status).toBe('published')
    await rm(ws.dir, { recursive: true, force: true })
  }, 60_000)
})
