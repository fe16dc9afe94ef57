import { emptyState, type State, type StateRecord } from '../../src/state/index.js'
import { describeKept, growRecord, growState, isResolutionOf } from '../../src/state/transitions/grow.js'

const T0 = '2026-11-20T10:00:00.000Z'
const T1 = '2026-11-20T11:00:00.000Z'

function rec(status: StateRecord['status'], extra: Partial<StateRecord> = {}): StateRecord {
  return { status, fingerprint: 'f'.repeat(64), attempts: 1, updated_at: T0, ...extra }
}

function state(posts: Record<string, Record<string, StateRecord>>, o: Partial<State> = {}): State {
  return { ...emptyState('lineage-a'), serial: 7, posts, ...o }
}

describe('growRecord: never going back', () => {
  const published = rec('published', { publish_id: 'p_1', video_id: '7001' })

  it('keeps a record the working copy dropped', () => {
    expect(growRecord(published, undefined)).toEqual({ record: published, kept: 'dropped' })
    // a claimed or failed record is history too: kept when dropped
    expect(growRecord(rec('failed'), undefined).record?.status).toBe('failed')
  })

  it('takes a record only the working copy has', () => {
    const w = rec('claimed')
    expect(growRecord(undefined, w)).toEqual({ record: w })
  })

  it.each(['published', 'processing', 'inbox', 'unknown'] as const)('a %s record turned back to failed or claimed stays as the tool wrote it', (status) => {
    const base = rec(status, { publish_id: status === 'unknown' ? undefined : 'p_1' })
    for (const back of [rec('failed', { publish_id: base.publish_id }), rec('claimed'), rec('failed', { updated_at: T1 })]) {
      expect(growRecord(base, back)).toEqual({ record: base, kept: 'went back' })
    }
  })

  it('a published record edited without losing its evidence is the working copy', () => {
    const edited = { ...published, note: 'a person wrote this' }
    expect(growRecord(published, edited)).toEqual({ record: edited })
  })

  it('a processing record that went forward on the same publish_id is the working copy', () => {
    const base = rec('processing', { publish_id: 'p_1' })
    expect(growRecord(base, rec('published', { publish_id: 'p_1', updated_at: T1 })).kept).toBeUndefined()
    expect(growRecord(base, rec('inbox', { publish_id: 'p_1', updated_at: T1 })).kept).toBeUndefined()
    // back to processing without its publish_id is going back
    expect(growRecord(base, rec('processing')).kept).toBe('went back')
  })

  it('a newer publish_id the base never saw is not lost; an older one is', () => {
    const base = rec('processing', { publish_id: 'p_1' })
    expect(growRecord(base, rec('processing', { publish_id: 'p_2', updated_at: T1 })).record?.publish_id).toBe('p_2')
    expect(growRecord(base, rec('processing', { publish_id: 'p_0', updated_at: T0 })).record?.publish_id).toBe('p_1')
  })

  it('a failed or claimed base protects nothing: the working copy wins', () => {
    const w = rec('claimed', { attempts: 2, updated_at: T1 })
    expect(growRecord(rec('failed'), w)).toEqual({ record: w })
  })

  it('resolve may change an unknown record: its mark and a time not before the base', () => {
    const base = rec('unknown')
    const notPublished = rec('failed', { resolved_by: 'person', updated_at: T1, error: { code: 'not_published', message: 'checked' } })
    const published7 = rec('published', { resolved_by: 'person', updated_at: T1, video_id: '7002' })
    expect(isResolutionOf(notPublished, base)).toBe(true)
    expect(growRecord(base, notPublished)).toEqual({ record: notPublished })
    expect(growRecord(base, published7)).toEqual({ record: published7 })
    // an old resolution put back by a merge is older than the base: not a resolution of it
    expect(growRecord(base, { ...notPublished, updated_at: '2026-11-19T00:00:00.000Z' }).kept).toBe('went back')
    // resolve refuses a published record, so a resolve mark cannot turn one back
    const p = rec('published', { publish_id: 'p_1' })
    expect(growRecord(p, { ...notPublished, updated_at: T1 }).kept).toBe('went back')
  })
})

describe('growState', () => {
  it('restores every dropped record and lists them, keeping the working lineage and serial', () => {
    const base = state({
      a: { us: rec('published', { publish_id: 'p_a', video_id: '7001' }), br: rec('inbox', { publish_id: 'p_ab' }) },
      b: { us: rec('processing', { publish_id: 'p_b' }) }
    })
    const working = state({ a: { us: rec('published', { publish_id: 'p_a', video_id: '7001' }) }, c: { us: rec('claimed') } }, { serial: 9 })
    const { state: grown, kept } = growState(base, working)
    expect(grown.serial).toBe(9)
    expect(grown.lineage).toBe('lineage-a')
    expect(Object.keys(grown.posts).sort()).toEqual(['a', 'b', 'c'])
    expect(grown.posts.a.br.status).toBe('inbox')
    expect(grown.posts.b.us.publish_id).toBe('p_b')
    expect(grown.posts.c.us.status).toBe('claimed')
    expect(kept.map((k) => `${k.post}/${k.account}:${k.status}:${k.reason}`).sort()).toEqual(['a/br:inbox:dropped', 'b/us:processing:dropped'])
    expect(describeKept(kept.find((k) => k.post === 'b')!)).toBe('b → us: processing, publish_id p_b (dropped by a commit)')
  })

  it('a deleted state file comes back whole, with the base lineage', () => {
    const base = state({ a: { us: rec('published', { publish_id: 'p_a' }) } }, { accounts: { us: { checked_at: T0 } } })
    const { state: grown, kept } = growState(base, emptyState('a-new-lineage'), false)
    expect(grown.lineage).toBe('lineage-a')
    expect(grown.serial).toBe(7)
    expect(grown.posts).toEqual(base.posts)
    expect(grown.accounts).toEqual(base.accounts)
    expect(kept).toHaveLength(1)
  })

  it('nothing to keep: the working state itself, unchanged', () => {
    const base = state({ a: { us: rec('published', { publish_id: 'p_a' }) } })
    const working = state({ a: { us: rec('published', { publish_id: 'p_a' }) }, b: { us: rec('failed') } })
    const r = growState(base, working)
    expect(r.kept).toEqual([])
    expect(r.state).toBe(working)
  })

  it('does not change its inputs', () => {
    const base = state({ a: { us: rec('published', { publish_id: 'p_a' }) } })
    const working = state({})
    const before = JSON.stringify([base, working])
    growState(base, working)
    expect(JSON.stringify([base, working])).toBe(before)
  })
})
