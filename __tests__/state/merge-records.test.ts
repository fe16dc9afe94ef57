import type { Post, PostTarget } from '../../src/manifest/model.js'
import {
  deleteRecord,
  emptyState,
  fingerprint,
  getRecord,
  mergeStates,
  setAccountState,
  setRecord,
  type State,
  type StateRecord
} from '../../src/state/index.js'

const rec = (status: StateRecord['status'], over: Partial<StateRecord> = {}): StateRecord => ({
  status,
  fingerprint: 'fp',
  attempts: 0,
  updated_at: '2026-12-01T10:00:00Z',
  ...over
})

const base0 = (): State => ({ ...emptyState('L'), serial: 7 })

describe('record helpers', () => {
  it('set/get/delete return new states and leave the input alone', () => {
    const s0 = base0()
    const s1 = setRecord(s0, 'p', 'a', rec('claimed'))
    expect(getRecord(s0, 'p', 'a')).toBeUndefined()
    expect(getRecord(s1, 'p', 'a')?.status).toBe('claimed')
    const s2 = setRecord(s1, 'p', 'b', rec('processing'))
    expect(Object.keys(s1.posts.p)).toEqual(['a'])
    expect(Object.keys(s2.posts.p).sort()).toEqual(['a', 'b'])
    const s3 = deleteRecord(deleteRecord(s2, 'p', 'a'), 'p', 'b')
    expect(s3.posts).toEqual({})
    expect(getRecord(s2, 'p', 'a')).toBeDefined()
    expect(getRecord(s0, 'toString', 'a')).toBeUndefined()
    const s4 = setAccountState(s0, 'a', { hold: { until: '2026-12-02T00:00:00Z', reason: 'spam_risk_too_many_posts' } })
    expect(s0.accounts).toEqual({})
    expect(s4.accounts.a.hold?.reason).toBe('spam_risk_too_many_posts')
  })
})

describe('fingerprint', () => {
  const post: Post = {
    id: 'p',
    video: { kind: 'file', path: 'media/a.mp4', absPath: '/repo/media/a.mp4' },
    at: new Date('2026-12-01T17:00:00Z'),
    coverMs: 1200,
    disclose: { yourBrand: false, brandedContent: false, aiGenerated: false },
    targets: [],
    location: { file: '/repo/tiktok.yml', line: 1, column: 1 }
  }
  const target: PostTarget = {
    account: 'a',
    caption: 'hi #x',
    mode: 'direct',
    privacy: 'SELF_ONLY',
    allow: { comments: false, duet: false, stitch: false }
  }
  const base = fingerprint(post, target, 'sha256:1')

  it('is a stable sha256 hex', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/)
    expect(fingerprint({ ...post }, { ...target }, 'sha256:1')).toBe(base)
  })

  it('ignores the schedule and the absolute path', () => {
    expect(fingerprint({ ...post, at: new Date('2027-01-01T00:00:00Z') }, target, 'sha256:1')).toBe(base)
    expect(fingerprint({ ...post, at: undefined }, target, 'sha256:1')).toBe(base)
    expect(fingerprint({ ...post, video: { kind: 'file', path: 'media/a.mp4', absPath: '/elsewhere/a.mp4' } }, target, 'sha256:1')).toBe(base)
  })

  it.each<[string, () => string]>([
    ['digest', () => fingerprint(post, target, 'sha256:2')],
    ['video path', () => fingerprint({ ...post, video: { kind: 'file', path: 'media/b.mp4', absPath: '/repo/media/a.mp4' } }, target, 'sha256:1')],
    ['video url', () => fingerprint({ ...post, video: { kind: 'url', url: 'https://cdn.example.com/a.mp4' } }, target, 'sha256:1')],
    ['caption', () => fingerprint(post, { ...target, caption: 'hi #y' }, 'sha256:1')],
    ['mode', () => fingerprint(post, { ...target, mode: 'inbox', privacy: 'SELF_ONLY' }, 'sha256:1')],
    ['privacy', () => fingerprint(post, { ...target, privacy: 'FOLLOWER_OF_CREATOR' }, 'sha256:1')],
    ['allow', () => fingerprint(post, { ...target, allow: { comments: true, duet: false, stitch: false } }, 'sha256:1')],
    ['disclose', () => fingerprint({ ...post, disclose: { yourBrand: false, brandedContent: false, aiGenerated: true } }, target, 'sha256:1')],
    ['cover', () => fingerprint({ ...post, coverMs: 0 }, target, 'sha256:1')]
  ])('changes with the %s', (_name, f) => {
    expect(f()).not.toBe(base)
  })
})

describe('mergeStates', () => {
  it('keeps records added on either side and takes one-sided changes', () => {
    let base = base0()
    base = setRecord(base, 'p0', 'a', rec('processing', { publish_id: 'x0', attempts: 1 }))
    base = setRecord(base, 'p0', 'b', rec('processing', { publish_id: 'y0', attempts: 1 }))
    const ours = setRecord(
      setRecord(base, 'p0', 'a', rec('published', { publish_id: 'x0', attempts: 1, video_id: '7312345678901234567' })),
      'p1',
      'a',
      rec('claimed')
    )
    const theirs = setRecord(
      setRecord({ ...base, serial: 9 }, 'p0', 'b', rec('inbox', { publish_id: 'y0', attempts: 1 })),
      'p2',
      'b',
      rec('processing', { publish_id: 'z', attempts: 1 })
    )
    const { merged, conflicts } = mergeStates(base, { ...ours, serial: 8 }, theirs)
    expect(conflicts).toEqual([])
    expect(merged.serial).toBe(10)
    expect(merged.lineage).toBe('L')
    expect(getRecord(merged, 'p0', 'a')?.status).toBe('published')
    expect(getRecord(merged, 'p0', 'a')?.video_id).toBe('7312345678901234567')
    expect(getRecord(merged, 'p0', 'b')?.status).toBe('inbox')
    expect(getRecord(merged, 'p1', 'a')?.status).toBe('claimed')
    expect(getRecord(merged, 'p2', 'b')?.publish_id).toBe('z')
  })

  it('never drops a record that one side removed', () => {
    const base = setRecord(base0(), 'p', 'a', rec('unknown'))
    const ours = deleteRecord(base, 'p', 'a')
    const { merged, conflicts } = mergeStates(base, ours, base)
    expect(getRecord(merged, 'p', 'a')?.status).toBe('unknown')
    expect(conflicts).toEqual([expect.stringContaining('posts.p.a: one side removed')])
  })

  it.each<[string, StateRecord, StateRecord, 'ours' | 'theirs']>([
    ['published over processing', rec('processing', { publish_id: 'a' }), rec('published', { publish_id: 'a' }), 'theirs'],
    ['inbox over failed', rec('inbox', { publish_id: 'a' }), rec('failed', { publish_id: 'a' }), 'ours'],
    ['processing over failed', rec('failed', { attempts: 2 }), rec('processing', { publish_id: 'a', attempts: 1 }), 'theirs'],
    ['failed over claimed', rec('claimed', { attempts: 3 }), rec('failed', { attempts: 1 }), 'theirs'],
    ['a publish_id over none', rec('failed', { attempts: 1 }), rec('failed', { publish_id: 'b', attempts: 1 }), 'theirs'],
    ['more attempts', rec('failed', { attempts: 3 }), rec('failed', { attempts: 2 }), 'ours']
  ])('resolves a record both changed: %s', (_name, ours, theirs, winner) => {
    const base = setRecord(base0(), 'p', 'a', rec('claimed', { attempts: 0, updated_at: '2026-11-30T00:00:00Z' }))
    const { merged, conflicts } = mergeStates(base, setRecord(base, 'p', 'a', ours), setRecord(base, 'p', 'a', theirs))
    const got = getRecord(merged, 'p', 'a')!
    const want = winner === 'ours' ? ours : theirs
    expect(got.status).toBe(want.status)
    expect(got.attempts).toBe(want.attempts)
    expect(got.publish_id).toBe(want.publish_id)
    expect(conflicts).toHaveLength(1)
    expect(conflicts[0]).toContain(`kept ${winner}`)
  })

  it('keeps the losing publish_id when both sides initiated the same pair', () => {
    const base = setRecord(base0(), 'p', 'a', rec('claimed'))
    const ours = setRecord(base, 'p', 'a', rec('processing', { publish_id: 'ours-id', attempts: 1 }))
    const theirs = setRecord(base, 'p', 'a', rec('published', { publish_id: 'their-id', attempts: 1 }))
    const { merged, conflicts } = mergeStates(base, ours, theirs)
    const got = getRecord(merged, 'p', 'a')!
    expect(got.publish_id).toBe('their-id')
    expect(got.superseded).toEqual([expect.objectContaining({ publish_id: 'ours-id', status: 'processing' })])
    expect(conflicts[0]).toMatch(/second post/)
  })

  it('merges account entries: newer creator check and longer hold win', () => {
    const creator = (nickname: string) => ({
      nickname,
      privacy_level_options: ['SELF_ONLY'],
      max_video_post_duration_sec: 600,
      comment_disabled: false,
      duet_disabled: false,
      stitch_disabled: false
    })
    const base = setAccountState(base0(), 'a', { creator: creator('old'), checked_at: '2026-11-01T00:00:00Z' })
    const ours = setAccountState(base, 'a', {
      creator: creator('ours'),
      checked_at: '2026-12-01T00:00:00Z',
      hold: { until: '2026-12-02T00:00:00Z', reason: 'spam_risk_too_many_posts' }
    })
    const theirs = setAccountState(
      setAccountState(base, 'a', {
        creator: creator('theirs'),
        checked_at: '2026-12-01T05:00:00Z',
        hold: { until: '2026-12-01T12:00:00Z', reason: 'reached_active_user_cap' }
      }),
      'b',
      { checked_at: '2026-12-01T05:00:00Z' }
    )
    const { merged } = mergeStates(base, ours, theirs)
    expect(merged.accounts.a.creator?.nickname).toBe('theirs')
    expect(merged.accounts.a.checked_at).toBe('2026-12-01T05:00:00Z')
    expect(merged.accounts.a.hold).toEqual({ until: '2026-12-02T00:00:00Z', reason: 'spam_risk_too_many_posts' })
    expect(merged.accounts.b).toEqual({ checked_at: '2026-12-01T05:00:00Z' })
  })

  it('lets one side clear a hold the other did not touch', () => {
    const held = setAccountState(base0(), 'a', { hold: { until: '2026-12-02T00:00:00Z', reason: 'x' } })
    const cleared = setAccountState(held, 'a', {})
    const { merged } = mergeStates(held, held, cleared)
    expect(merged.accounts.a).toEqual({})
  })

  it('refuses states of different lineages', () => {
    const s = base0()
    expect(() => mergeStates(s, s, { ...s, lineage: 'other' })).toThrow(/different lineages/)
  })

  it('does not modify its inputs', () => {
    const base = setRecord(base0(), 'p', 'a', rec('claimed'))
    const ours = setRecord(base, 'p', 'a', rec('processing', { publish_id: 'o', attempts: 1 }))
    const theirs = setRecord(base, 'p', 'a', rec('published', { publish_id: 't', attempts: 1 }))
    const snapshot = structuredClone([base, ours, theirs])
    mergeStates(base, ours, theirs)
    expect([base, ours, theirs]).toEqual(snapshot)
  })
})
