import { plan } from '../../src/plan/index.js'
import { fingerprint, type State, type StateRecord } from '../../src/state/index.js'
import { CREATOR_RECHECK_MS, creatorRecheckDue } from '../../src/publish/creator-recheck.js'
import { buildManifest, creator, mediaFor, rec, stateOf, withCreator, type PostSpec } from '../plan/builder.js'

/*
 * Which accounts' creator info is asked again before the run's one plan. It
 * must name exactly the accounts whose pairs that plan would block on a stale
 * cache (the rule apply used to apply after a first plan): fewer, and a pair
 * stays blocked for good; more, and a run refreshes tokens it had no need of.
 */

const NOW = new Date('2026-11-30T12:00:00.000Z')
const MIN = 60_000
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString()
const PUBLIC = creator({ privacy_level_options: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'] })

interface World {
  audited?: boolean
  post?: Partial<PostSpec>
  record?: (fp: string) => StateRecord
  cache?: { info: ReturnType<typeof creator>; checkedAt: string }
  duration?: number
}

function world(w: World) {
  const manifest = buildManifest({ apps: { main: { audited: w.audited ?? false } }, accounts: { a: {} }, posts: [{ id: 'p', accounts: ['a'], ...w.post }] })
  const media = mediaFor(manifest, { p: { durationSec: w.duration ?? 30 } })
  const fp = fingerprint(manifest.posts[0], manifest.posts[0].targets[0], media.get('p')!.digest)
  let state: State = stateOf(w.record ? [['p', 'a', w.record(fp)]] : [])
  if (w.cache) state = withCreator(state, 'a', w.cache.info, w.cache.checkedAt)
  return { manifest, media, state }
}

/** The rule as apply applied it after a first plan: a creator_* block on a cache that is public or over an hour old. */
function fromPlan({ manifest, media, state }: ReturnType<typeof world>): string[] {
  const p = plan({ manifest, state, media, now: NOW })
  const names = new Set<string>()
  for (const a of p.actions) {
    if (a.kind !== 'blocked' || !a.code?.startsWith('creator_')) continue
    const checked = state.accounts[a.account]?.checked_at
    if (a.code === 'creator_public' || !checked || NOW.getTime() - Date.parse(checked) > CREATOR_RECHECK_MS) names.add(a.account)
  }
  return [...names]
}

const due = (w: ReturnType<typeof world>) => creatorRecheckDue({ ...w, now: NOW })

describe('creatorRecheckDue: asked again before the one plan', () => {
  const cases: Array<[string, World, string[]]> = [
    ['no cache: the engine asks TikTok anyway, nothing to ask first', {}, []],
    ['a public account under an unaudited app: asked every run, however fresh the cache', { cache: { info: PUBLIC, checkedAt: ago(MIN) } }, ['a']],
    ['a public account under an audited app: nothing blocks', { audited: true, cache: { info: PUBLIC, checkedAt: ago(2 * 60 * MIN) } }, []],
    ['a privacy not offered, cache 30 min old: the plan trusts it', { post: { privacy: 'PUBLIC_TO_EVERYONE' }, cache: { info: creator(), checkedAt: ago(30 * MIN) } }, []],
    ['a privacy not offered, cache 2 h old: asked again', { post: { privacy: 'PUBLIC_TO_EVERYONE' }, cache: { info: creator(), checkedAt: ago(2 * 60 * MIN) } }, ['a']],
    ['too long for the creator, cache 2 h old: asked again', { duration: 700, cache: { info: creator(), checkedAt: ago(2 * 60 * MIN) } }, ['a']],
    ['an inbox draft is never checked', { post: { mode: 'inbox' }, cache: { info: PUBLIC, checkedAt: ago(MIN) } }, []],
    ['published: nothing is sent', { record: (fp) => rec('published', { fingerprint: fp }), cache: { info: PUBLIC, checkedAt: ago(MIN) } }, []],
    ['in flight: only polled', { record: (fp) => rec('processing', { fingerprint: fp, publish_id: 'x' }), cache: { info: PUBLIC, checkedAt: ago(MIN) } }, []],
    [
      'TikTok refused it for a public account and nothing since shows it private: asked, even with no cache',
      { record: (fp) => rec('failed', { fingerprint: fp, updated_at: ago(10 * MIN), error: { code: 'unaudited_client_can_only_post_to_private_accounts', message: 'm', class: 'needs_person' } }) },
      ['a']
    ],
    [
      'TikTok refused it for a public account, and a later answer shows it private: goes out, nothing to ask',
      {
        record: (fp) => rec('failed', { fingerprint: fp, updated_at: ago(10 * MIN), error: { code: 'unaudited_client_can_only_post_to_private_accounts', message: 'm', class: 'needs_person' } }),
        cache: { info: creator(), checkedAt: ago(MIN) }
      },
      []
    ],
    [
      'a failure that needs a person blocks before the creator does: nothing to ask',
      { record: (fp) => rec('failed', { fingerprint: fp, error: { code: 'spam_risk_user_banned_from_posting', message: 'm', class: 'needs_person' } }), cache: { info: PUBLIC, checkedAt: ago(MIN) } },
      []
    ],
    [
      'a retryable failure is retried, so the creator check applies',
      { record: (fp) => rec('failed', { fingerprint: fp, error: { code: 'internal_error', message: 'm', class: 'retryable' } }), cache: { info: PUBLIC, checkedAt: ago(MIN) } },
      ['a']
    ],
    [
      'attempts used up: blocked for a person first',
      { record: (fp) => rec('failed', { fingerprint: fp, attempts: 5, error: { code: 'internal_error', message: 'm', class: 'retryable' } }), cache: { info: PUBLIC, checkedAt: ago(MIN) } },
      []
    ],
    [
      'a cap is planned as new, so the creator check applies',
      { record: (fp) => rec('failed', { fingerprint: fp, error: { code: 'spam_risk_too_many_posts', message: 'm', class: 'cap' } }), cache: { info: PUBLIC, checkedAt: ago(MIN) } },
      ['a']
    ],
    [
      'a post changed since a failure that needed a person: the new version is checked',
      { record: () => rec('failed', { fingerprint: 'before', error: { code: 'spam_risk_user_banned_from_posting', message: 'm', class: 'needs_person' } }), cache: { info: PUBLIC, checkedAt: ago(MIN) } },
      ['a']
    ]
  ]

  it.each(cases)('%s', (_name, w, expected) => {
    const input = world(w)
    expect(due(input)).toEqual(expected)
    // the same accounts the plan's creator blocks name
    expect(due(input)).toEqual(fromPlan(input))
  })

  it('an account outside the run (--accounts, --shard) is never asked', () => {
    const input = world({ cache: { info: PUBLIC, checkedAt: ago(MIN) } })
    expect(creatorRecheckDue({ ...input, now: NOW, selector: () => false })).toEqual([])
  })
})
