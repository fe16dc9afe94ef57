import { readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { EmulatorAccountSpec } from '../../src/emulator/index.js'
import { RECONCILE_WINDOW_MS } from '../../src/state/transitions/reconcile.js'
import { makeWorkspace, secretEnvName } from '../helpers/workspace.js'
import { runCli } from '../helpers/cli.js'
import { apply, harness, manifest, requests, startOrigin, PULL_PREFIX, type Harness } from '../reliability/harness.js'

/**
 * Claims left without a publish_id, settled against the emulator, which (as
 * TikTok) lists only an account's PUBLIC posts: the list's silence never
 * licenses a new init, a missing video.list scope or a refused list asks a
 * person with the exact `resolve` command, and a post TikTok would refuse is
 * refused before any request.
 */

const LATER_CLOCK = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'action-reliability', 'later-clock.cjs')
const HOUR = 3_600_000
const DAY = 24 * HOUR
const ALL_SCOPES = ['user.info.basic', 'video.publish', 'video.upload', 'video.list']
const NO_LIST = ['user.info.basic', 'video.publish', 'video.upload']

let origin: { url: string; close(): Promise<void> }
beforeAll(async () => {
  origin = await startOrigin()
})
afterAll(async () => origin?.close())

const successfulInits = (h: Harness) => h.emulator.ledger.filter((l) => (l.kind === 'init' || l.kind === 'inbox_init') && l.code === 'ok').length
const inits = (h: Harness) => h.emulator.ledger.filter((l) => l.kind === 'init' || l.kind === 'inbox_init').length

async function world(spec: EmulatorAccountSpec, options: { audited?: boolean } = {}): Promise<Harness> {
  const h = await harness([], {
    pull_rewrite: { [PULL_PREFIX]: origin.url },
    apps: [{ client_key: 'emu_client_key', client_secret: 'emu_client_secret', audited: options.audited ?? true, pull_prefixes: [PULL_PREFIX] }]
  })
  const created = h.emulator.addAccount({ username: 'brand_us', nickname: 'brand-us', ...spec })
  h.env[secretEnvName('brand-us')] = created.refresh_token
  h.openIds['brand-us'] = created.open_id
  return h
}

function pulledPost(privacy: string): string {
  return `  - id: p\n    video: ${PULL_PREFIX}a.mp4\n    caption: "pulled"\n    accounts: all\n    privacy: ${privacy}`
}

const unaudited = (text: string) => text.replace('audited: true', 'audited: false')

async function record(statePath: string): Promise<Record<string, unknown> & { status: string }> {
  return JSON.parse(await readFile(statePath, 'utf8')).posts.p['brand-us']
}

describe('a SELF_ONLY PULL_FROM_URL post whose run was killed after TikTok accepted the init', () => {
  // the main road: an unaudited app, a private account, SELF_ONLY direct posts
  it.each([
    ['every scope', ALL_SCOPES],
    ['no video.list', NO_LIST]
  ])('with %s: the next run marks it unknown and initiates nothing, however late it runs', async (_name, scopes) => {
    const h = await world({ private: true, scopes }, { audited: false })
    try {
      const ws = await makeWorkspace(unaudited(manifest({ posts: pulledPost('SELF_ONLY') })))
      const env: Record<string, string> = {
        ...h.env,
        TIKTOK_API_BASE_URL: h.emulator.url,
        TIKTOK_PUBLISH_POLL_MS: '20,40',
        TIKTOK_PUBLISH_TOKEN_STORE: h.tokenStorePath,
        HOME: tmpdir()
      }
      const args = ['apply', '--manifest', ws.manifestPath]
      const killed = await runCli(args, { ...env, TIKTOK_PUBLISH_FAILPOINT: 'after-init:1' })
      expect(killed.signal).toBe('SIGKILL')
      // TikTok accepted it and posts it (privately); the state knows only the claim
      expect(successfulInits(h)).toBe(1)
      expect((await record(ws.statePath)).status).toBe('claimed')
      h.emulator.advance(10 * 60_000)
      expect(h.emulator.posts().map((p) => p.status)).toEqual(['PUBLISH_COMPLETE'])

      // right away, past the reconciliation window, and a month later
      for (const later of [0, RECONCILE_WINDOW_MS + HOUR, 40 * DAY]) {
        const run = await runCli(args, { ...env, TIKTOK_TEST_CLOCK_OFFSET_MS: String(later), NODE_OPTIONS: `--require ${LATER_CLOCK}` })
        expect(run.signal).toBeNull()
        const r = await record(ws.statePath)
        expect(r.status).toBe('unknown')
        expect(run.out).toContain('tiktok-publish resolve p brand-us --published VIDEO_ID')
        expect(run.out).not.toMatch(/internal error/)
        // the run that finds it fails, so a person hears of it; later runs still name the command
        if (later === 0) expect(run.code).toBe(1)
      }
      // nothing initiated again, and the public-only list was never asked about a private post
      expect(inits(h)).toBe(1)
      expect(requests(h.emulator, 'video_list')).toBe(0)
      expect(h.emulator.posts()).toHaveLength(1)
    } finally {
      await h.emulator.close()
    }
  }, 120_000)
})

describe('a PUBLIC_TO_EVERYONE claim whose init answer was lost', () => {
  it('TikTok has it: the next run finds it in the list and records it, with no second init', async () => {
    const h = await world({})
    try {
      const ws = await makeWorkspace(manifest({ posts: pulledPost('PUBLIC_TO_EVERYONE') }))
      h.emulator.inject({ endpoint: 'init', kind: 'drop' })
      expect((await apply(h, ws.manifestPath)).outcomes.map((o) => o.status)).toEqual(['claimed'])
      h.emulator.advance(5 * 60_000)
      const next = await apply(h, ws.manifestPath)
      expect(next.outcomes.map((o) => o.status)).toEqual(['published'])
      const r = await record(ws.statePath)
      expect(r).toMatchObject({ status: 'published', video_id: h.emulator.posts()[0].video_id, privacy: 'PUBLIC_TO_EVERYONE' })
      expect(successfulInits(h)).toBe(1)
    } finally {
      await h.emulator.close()
    }
  })

  it('not in the list: claimed with what happens next until the window ends, then unknown, and never initiated again', async () => {
    const h = await world({})
    try {
      const ws = await makeWorkspace(manifest({ posts: pulledPost('PUBLIC_TO_EVERYONE') }))
      // a 5xx: TikTok did nothing, but the client cannot know that
      h.emulator.inject({ endpoint: 'init', kind: 'http_error', status: 500 })
      expect((await apply(h, ws.manifestPath)).outcomes.map((o) => o.status)).toEqual(['claimed'])
      h.clock.advance(HOUR)
      const mid = await apply(h, ws.manifestPath)
      expect(mid.outcomes.map((o) => o.status)).toEqual(['claimed'])
      expect(mid.outcomes[0].message).toMatch(/next run looks again, and from \S+ it is left for a person to check/)
      h.clock.advance(RECONCILE_WINDOW_MS)
      const late = await apply(h, ws.manifestPath)
      expect(late.outcomes.map((o) => o.status)).toEqual(['unknown'])
      expect(late.outcomes[0].message).toContain('tiktok-publish resolve p brand-us --published VIDEO_ID')
      expect(late.failed).toBe(true)
      h.clock.advance(30 * DAY)
      const muchLater = await apply(h, ws.manifestPath)
      expect(muchLater.outcomes).toEqual([])
      expect((await record(ws.statePath)).status).toBe('unknown')
      expect(inits(h)).toBe(1)
    } finally {
      await h.emulator.close()
    }
  })
})

describe('no silent stuck claims: scopes travel with the token', () => {
  it('an account that did not grant video.list: unknown at once with the resolve command, and the list is not asked', async () => {
    const h = await world({ scopes: NO_LIST })
    try {
      const ws = await makeWorkspace(manifest({ posts: pulledPost('PUBLIC_TO_EVERYONE') }))
      h.emulator.inject({ endpoint: 'init', kind: 'drop' })
      expect((await apply(h, ws.manifestPath)).outcomes.map((o) => o.status)).toEqual(['claimed'])
      // the token store kept the scopes of the grant
      const store = JSON.parse(await readFile(h.tokenStorePath, 'utf8'))
      expect(store.accounts['brand-us'].scopes).toEqual(NO_LIST)
      const next = await apply(h, ws.manifestPath)
      expect(next.outcomes.map((o) => o.status)).toEqual(['unknown'])
      expect(next.outcomes[0].message).toMatch(/did not grant video\.list/)
      expect(next.outcomes[0].message).toContain('tiktok-publish resolve p brand-us --published VIDEO_ID')
      expect(requests(h.emulator, 'video_list')).toBe(0)
      expect((await record(ws.statePath)).status).toBe('unknown')
      expect(inits(h)).toBe(1)
    } finally {
      await h.emulator.close()
    }
  })

  it('scopes not known (an older token store) and video/list answers scope_not_authorized: unknown at once', async () => {
    const h = await world({ scopes: NO_LIST })
    try {
      const ws = await makeWorkspace(manifest({ posts: pulledPost('PUBLIC_TO_EVERYONE') }))
      h.emulator.inject({ endpoint: 'init', kind: 'drop' })
      await apply(h, ws.manifestPath)
      const store = JSON.parse(await readFile(h.tokenStorePath, 'utf8'))
      delete store.accounts['brand-us'].scopes
      await writeFile(h.tokenStorePath, JSON.stringify(store))
      const next = await apply(h, ws.manifestPath)
      expect(next.outcomes.map((o) => o.status)).toEqual(['unknown'])
      expect(next.outcomes[0].message).toMatch(/scope_not_authorized/)
      expect(next.outcomes[0].message).toContain('tiktok-publish resolve p brand-us --published VIDEO_ID')
      expect(h.emulator.ledger.filter((l) => l.kind === 'video_list').map((l) => l.code)).toEqual(['scope_not_authorized'])
      expect(inits(h)).toBe(1)
    } finally {
      await h.emulator.close()
    }
  })
})

describe('a public account under an unaudited app', () => {
  const filePost = `  - id: p\n    video: media/a.mp4\n    caption: "x"\n    accounts: all`
  const makePrivate = (h: Harness) => {
    const accounts = (h.emulator as unknown as { accounts: Map<string, { private: boolean }> }).accounts
    accounts.get(h.openIds['brand-us'])!.private = true
  }

  it('is refused before any init, with the fix; once creator_info shows it private, the pair goes out with no resolve', async () => {
    const h = await world({ private: false }, { audited: false })
    try {
      const ws = await makeWorkspace(unaudited(manifest({ posts: filePost })))
      const first = await apply(h, ws.manifestPath)
      expect(first.outcomes.map((o) => [o.status, o.error?.code])).toEqual([['failed', 'creator_public']])
      expect(first.outcomes[0].message).toMatch(/set the account to private/)
      expect(inits(h)).toBe(0)
      expect(first.state.posts).toEqual({})
      // the creator cache now says public: the plan refuses it, and each run asks TikTok again
      const creatorInfos = requests(h.emulator, 'creator_info')
      const second = await apply(h, ws.manifestPath)
      expect(second.plan.actions.map((a) => [a.kind, a.code])).toEqual([['blocked', 'creator_public']])
      expect(requests(h.emulator, 'creator_info')).toBe(creatorInfos + 1)
      expect(inits(h)).toBe(0)
      makePrivate(h)
      const third = await apply(h, ws.manifestPath)
      expect(third.outcomes.map((o) => o.status)).toEqual(['published'])
      expect(inits(h)).toBe(1)
    } finally {
      await h.emulator.close()
    }
  })

  it('a pair TikTok already refused for it (an older run) goes out once the account is private, with no resolve', async () => {
    const h = await world({ private: false }, { audited: false })
    try {
      const ws = await makeWorkspace(unaudited(manifest({ posts: filePost })))
      // what an older version recorded after TikTok's refusal
      const plan = (await apply(h, ws.manifestPath)).plan
      const state = JSON.parse(await readFile(ws.statePath, 'utf8'))
      const at = h.clock.now().toISOString()
      state.posts.p = {
        'brand-us': {
          status: 'failed',
          fingerprint: plan.actions[0].fingerprint,
          attempts: 1,
          updated_at: at,
          claimed_at: at,
          source: 'FILE_UPLOAD',
          mode: 'direct',
          error: { code: 'unaudited_client_can_only_post_to_private_accounts', message: 'refused', class: 'needs_person' }
        }
      }
      delete state.accounts['brand-us']
      await writeFile(ws.statePath, JSON.stringify(state))
      h.clock.advance(60_000)
      const still = await apply(h, ws.manifestPath)
      expect(still.plan.actions.map((a) => [a.kind, a.code])).toEqual([['blocked', 'creator_public']])
      expect(inits(h)).toBe(0)
      makePrivate(h)
      h.clock.advance(60_000)
      const out = await apply(h, ws.manifestPath)
      expect(out.outcomes.map((o) => o.status)).toEqual(['published'])
      expect(inits(h)).toBe(1)
    } finally {
      await h.emulator.close()
    }
  })
})
