import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { manifestYaml } from '../helpers/workspace.js'
import { apply, post, remoteState, type World } from './apply-world.js'
import { FakeGitHubApi } from './fake-github.js'
import { makeRepo } from './harness.js'
import { randomBytes } from 'node:crypto'

const inits = (e: Emulator) => e.ledger.filter((l) => (l.kind === 'init' || l.kind === 'inbox_init') && l.code === 'ok').length
const CLIENT_KEY = `ck_${randomBytes(6).toString('hex')}`
const CLIENT_SECRET = `cs_${randomBytes(16).toString('hex')}`

/**
 * The Action decides by itself whether a run has anything to do: an account
 * whose only pairs are blocked by a public account under an unaudited app must
 * still count, or TikTok is never asked again and the posts never go out.
 */
describe('the Action asks TikTok again about a creator the plan blocked', () => {
  let w: World | undefined
  afterEach(async () => {
    await w?.emulator.close()
    await w?.github.close()
  })

  it('a public account made private: the next scheduled run posts without anyone resolving it', async () => {
    const emulator = await startEmulator({ config: { rate_limits: false, processing_polls: 0, apps: [{ client_key: CLIENT_KEY, client_secret: CLIENT_SECRET, audited: false }] } })
    const github = await FakeGitHubApi.start()
    const us = emulator.addAccount({ username: 'brand_us', nickname: 'BRAND-US', private: false })
    const br = emulator.addAccount({ username: 'brand_br', nickname: 'BRAND-BR', private: true })
    w = { emulator, github, openIds: { 'brand-us': us.open_id, 'brand-br': br.open_id }, seeds: { 'brand-us': us.refresh_token, 'brand-br': br.refresh_token } }
    // the refresh token as the repository secret holds it now: every run rotates it
    const keys = () => ({ secrets: JSON.stringify({ TIKTOK_CLIENT_KEY: CLIENT_KEY, TIKTOK_CLIENT_SECRET: CLIENT_SECRET, TIKTOK_REFRESH_BRAND_US: github.secret('TIKTOK_REFRESH_BRAND_US') ?? us.refresh_token }) })
    const repo = await makeRepo({ 'tiktok.yml': manifestYaml({ audited: false, accounts: ['brand-us', 'brand-br'], posts: post('a', ['brand-us']) }) })

    const first = await apply(w, repo, { inputs: keys() })
    expect(first.stdout).toContain('creator_public')
    expect(remoteState(repo).posts.a?.['brand-us']?.status).not.toBe('published')
    expect(inits(emulator)).toBe(0)

    const accounts = (emulator as unknown as { accounts: Map<string, { private: boolean }> }).accounts
    accounts.get(us.open_id)!.private = true
    const second = await apply(w, repo, { eventName: 'schedule', inputs: keys() })
    expect(second.stdout).not.toContain('nothing is due')
    expect(second.code).toBe(0)
    expect(remoteState(repo).posts.a['brand-us'].status).toBe('published')
    expect(inits(emulator)).toBe(1)
  })
})
