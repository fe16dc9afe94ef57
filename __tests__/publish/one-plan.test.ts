import { readFile, writeFile } from 'node:fs/promises'
import type { EmulatorAccountSpec } from '../../src/emulator/index.js'
import { makeWorkspace, manifestYaml, secretEnvName } from '../helpers/workspace.js'
import { apply, CLIENT_KEY, CLIENT_SECRET, harness, requests, type Harness } from '../reliability/harness.js'

/*
 * Apply executes one plan: the plan's actions and TikTok's live answers decide
 * everything. The creator checks are the plan's one function with its codes,
 * run again by the engine on the creator_info it fetched; stale creator info
 * is asked again before the plan, and never twice in a run.
 */

let h: Harness | undefined
afterEach(async () => {
  await h?.emulator.close()
  h = undefined
})

async function world(spec: EmulatorAccountSpec, audited: boolean): Promise<Harness> {
  const w = await harness([], { apps: [{ client_key: CLIENT_KEY, client_secret: CLIENT_SECRET, audited }] })
  const created = w.emulator.addAccount({ username: 'brand_us', nickname: 'brand-us', ...spec })
  w.env[secretEnvName('brand-us')] = created.refresh_token
  w.openIds['brand-us'] = created.open_id
  return w
}

const inits = (w: Harness) => w.emulator.ledger.filter((l) => l.kind === 'init' || l.kind === 'inbox_init').length
const post = (id: string, video = 'media/a.mp4', extra = '') => `  - id: ${id}\n    video: ${video}\n    caption: "${id}"\n    accounts: all${extra}`

describe('apply executes one plan', () => {
  it("the live creator_info is checked with the plan's function and codes: a privacy the creator does not offer is refused before any claim", async () => {
    h = await world({ private: true }, true)
    const ws = await makeWorkspace(manifestYaml({ accounts: ['brand-us'], posts: post('p', 'media/a.mp4', '\n    privacy: PUBLIC_TO_EVERYONE') }))
    const result = await apply(h, ws.manifestPath)
    // nothing cached yet: the plan sends it, and TikTok's live answer refuses it
    expect(result.plan.actions.map((a) => a.kind)).toEqual(['publish'])
    expect(result.outcomes.map((o) => [o.status, o.error?.code])).toEqual([['failed', 'creator_privacy']])
    expect(result.outcomes[0].message).toMatch(/offers privacy FOLLOWER_OF_CREATOR, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY, not PUBLIC_TO_EVERYONE/)
    expect(inits(h)).toBe(0)
    expect(result.state.posts).toEqual({})
    expect(requests(h.emulator, 'creator_info')).toBe(1)
  })

  it('a public account made private: the next run asks creator_info once, before its one plan, and posts', async () => {
    h = await world({ private: false }, false)
    const ws = await makeWorkspace(manifestYaml({ audited: false, accounts: ['brand-us'], posts: post('p') }))
    const first = await apply(h, ws.manifestPath)
    expect(first.outcomes.map((o) => [o.status, o.error?.code])).toEqual([['failed', 'creator_public']])
    const accounts = (h.emulator as unknown as { accounts: Map<string, { private: boolean }> }).accounts
    accounts.get(h.openIds['brand-us'])!.private = true
    h.clock.advance(60_000)
    const before = requests(h.emulator, 'creator_info')
    const second = await apply(h, ws.manifestPath)
    expect(second.plan.actions.map((a) => a.kind)).toEqual(['publish'])
    expect(second.outcomes.map((o) => o.status)).toEqual(['published'])
    // the answer asked before the plan is the one the engine checks: not asked twice
    expect(requests(h.emulator, 'creator_info')).toBe(before + 1)
    expect(inits(h)).toBe(1)
  })

  it("a post removed from the manifest while in flight, its account's only work, is polled to its end", async () => {
    h = await harness(['brand-us', 'brand-uk'], { processing_polls: 50 })
    const both = manifestYaml({ accounts: ['brand-us', 'brand-uk'], posts: `${post('spring').replace('accounts: all', 'accounts: [brand-us]')}\n${post('other', 'media/b.mp4').replace('accounts: all', 'accounts: [brand-uk]')}` })
    const ws = await makeWorkspace(both)
    const first = await apply(h, ws.manifestPath, { timeBudgetMs: 300 })
    expect(first.outcomes.find((o) => o.post === 'spring')?.status).toBe('processing')
    // the person deletes brand-us's only post while TikTok processes it
    await writeFile(ws.manifestPath, manifestYaml({ accounts: ['brand-us', 'brand-uk'], posts: post('other', 'media/b.mp4').replace('accounts: all', 'accounts: [brand-uk]') }))
    const second = await apply(h, ws.manifestPath)
    expect(second.plan.actions.find((a) => a.post === 'spring')).toMatchObject({ kind: 'orphaned', inFlight: true })
    expect(second.outcomes.find((o) => o.post === 'spring')?.status).toBe('published')
    const state = JSON.parse(await readFile(ws.statePath, 'utf8'))
    expect(state.posts.spring['brand-us'].status).toBe('published')
    expect(inits(h)).toBe(2)
  })
})
