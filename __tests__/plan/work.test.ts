import { dueNow, goesOut, hasWork, plan, PLAN_ACTION_KINDS, PLAN_CODES, type PlanAction } from '../../src/plan/index.js'
import { buildManifest, mediaFor, rec, stateOf } from './builder.js'

const NOW = new Date('2026-06-10T12:00:00Z')

describe('hasWork: the one test of "apply asks TikTok about this pair"', () => {
  const m = buildManifest({ accounts: { us: {}, br: {} }, posts: [{ id: 'kept', accounts: ['us'] }] })
  const state = stateOf([
    ['kept', 'br', rec('processing', { publish_id: 'v_account_dropped', mode: 'direct' })],
    ['gone-flying', 'us', rec('processing', { publish_id: 'v_1', mode: 'direct' })],
    ['gone-claimed', 'us', rec('claimed', { claimed_at: '2026-06-10T11:00:00Z' })],
    ['gone-done', 'us', rec('published', { video_id: '7' })],
    ['gone-no-id', 'us', rec('processing', {})],
    ['gone-elsewhere', 'nowhere', rec('processing', { publish_id: 'v_2' })]
  ])
  const p = plan({ manifest: m, state, media: mediaFor(m), now: NOW })
  const byPost = (post: string, account = 'us'): PlanAction => p.actions.find((a) => a.post === post && a.account === account)!

  it('marks an orphan TikTok still processes, on an account still in the manifest, and only that one', () => {
    expect(p.actions.filter((a) => a.inFlight).map((a) => `${a.post}/${a.account}`)).toEqual(['gone-flying/us', 'kept/br'])
    expect(hasWork(byPost('gone-flying'))).toBe(true)
    expect(hasWork(byPost('kept', 'br'))).toBe(true)
    for (const post of ['gone-claimed', 'gone-done', 'gone-no-id']) expect(hasWork(byPost(post))).toBe(false)
    // its account is gone: no token to ask TikTok with
    expect(hasWork(byPost('gone-elsewhere', 'nowhere'))).toBe(false)
    expect(byPost('gone-elsewhere', 'nowhere').inFlight).toBeUndefined()
  })

  it('is true for publish, retry and resume, false for the kinds that leave TikTok alone', () => {
    const work = PLAN_ACTION_KINDS.filter((kind) => hasWork({ kind }))
    expect(work).toEqual(['publish', 'resume', 'retry'])
    expect(hasWork(byPost('kept'))).toBe(true)
  })

  it('keeps orphans out of the pairs that go out (consent, timeline, "now")', () => {
    const orphan = byPost('gone-flying')
    expect(dueNow(orphan)).toBe(false)
    expect(goesOut(orphan)).toBe(false)
    expect(PLAN_ACTION_KINDS.filter((kind) => goesOut({ kind }))).toEqual(['publish', 'resume', 'retry', 'wait'])
  })

  it('gives only codes of the named union', () => {
    for (const a of p.actions) if (a.code !== undefined) expect(PLAN_CODES).toContain(a.code)
  })
})
