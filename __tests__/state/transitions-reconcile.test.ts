import type { StateRecord } from '../../src/state/index.js'
import {
  claimPrivacy,
  claimToPublished,
  claimToUnknown,
  RECONCILE_WINDOW_MS,
  releaseInterruptedUpload,
  resolveCommand,
  settleBeforeList,
  settleWithList,
  type ClaimContext
} from '../../src/state/transitions/reconcile.js'

const CLAIMED_AT = '2026-12-01T10:00:00.000Z'
const claim = (over: Partial<StateRecord> = {}): StateRecord => ({
  status: 'claimed',
  fingerprint: 'fp1',
  attempts: 1,
  updated_at: CLAIMED_AT,
  claimed_at: CLAIMED_AT,
  run_id: 'run-1',
  source: 'PULL_FROM_URL',
  mode: 'direct',
  privacy: 'PUBLIC_TO_EVERYONE',
  ...over
})
const at = (msAfterClaim: number): Date => new Date(Date.parse(CLAIMED_AT) + msAfterClaim)
const ctx = (over: Partial<ClaimContext> = {}): ClaimContext => ({ post: 'launch', account: 'brand-us', now: at(5 * 60_000), privacy: 'PUBLIC_TO_EVERYONE', ...over })
const RESOLVE = 'tiktok-publish resolve launch brand-us --published VIDEO_ID'

describe('reconcile transitions (pure: no server)', () => {
  it('claimed → published: found in the list, with its id and link', () => {
    const s = claimToPublished(claim({ error: { code: 'x', message: 'old' } }), { videoId: '7312345678901234567', url: 'https://www.tiktok.com/@b/video/7312345678901234567' }, at(60_000))
    expect(s.status).toBe('published')
    expect(s.record).toMatchObject({ status: 'published', video_id: '7312345678901234567', url: 'https://www.tiktok.com/@b/video/7312345678901234567', completed_at: at(60_000).toISOString() })
    expect(s.record.error).toBeUndefined()
    // the claim's identity is kept: what was posted, by which run, approved by whom
    expect(s.record).toMatchObject({ fingerprint: 'fp1', attempts: 1, run_id: 'run-1', claimed_at: CLAIMED_AT })
  })

  it('claimed → unknown: needs a person, says why and the exact resolve command', () => {
    const s = claimToUnknown(claim(), ctx(), 'some reason')
    expect(s.status).toBe('unknown')
    expect(s.record.status).toBe('unknown')
    expect(s.record.error).toMatchObject({ code: 'unknown', class: 'needs_person' })
    expect(s.message).toContain('some reason')
    expect(s.message).toContain(RESOLVE)
    expect(s.message).toContain('--not-published')
    expect(s.record.error?.message).toBe(s.message)
    expect(s.record.next_attempt_at).toBeUndefined()
    expect(resolveCommand('launch', 'brand-us')).toMatch(/^tiktok-publish resolve launch brand-us --published VIDEO_ID .* or --not-published$/)
  })

  it('claimed → failed (retryable, due now): a FILE_UPLOAD claim without publish_id never reached TikTok', () => {
    const s = releaseInterruptedUpload(claim({ source: 'FILE_UPLOAD' }), at(1000))
    expect(s.status).toBe('released')
    expect(s.record).toMatchObject({ status: 'failed', error: { code: 'run_interrupted', class: 'retryable' }, next_attempt_at: at(1000).toISOString() })
    expect(settleBeforeList(claim({ source: 'FILE_UPLOAD' }), ctx())?.status).toBe('released')
  })

  it('a SELF_ONLY claim is unknown at once, whatever the scopes and however late — never released for a new init', () => {
    for (const now of [at(0), at(60_000), at(RECONCILE_WINDOW_MS + 1), at(30 * 24 * 3_600_000)]) {
      for (const scopes of [undefined, ['video.publish', 'video.list'], ['video.publish']]) {
        const s = settleBeforeList(claim({ privacy: 'SELF_ONLY' }), ctx({ privacy: 'SELF_ONLY', now, scopes }))
        expect(s?.status).toBe('unknown')
        expect(s?.message).toMatch(/shows only public posts/)
        expect(s?.message).toContain(RESOLVE)
      }
    }
  })

  it('followers, friends and unknown privacy are unknown at once too; an inbox draft by URL as well', () => {
    for (const privacy of ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', undefined]) {
      expect(settleBeforeList(claim({ privacy }), ctx({ privacy }))?.status).toBe('unknown')
    }
    const inbox = settleBeforeList(claim({ mode: 'inbox', privacy: undefined }), ctx({ privacy: undefined }))
    expect(inbox?.status).toBe('unknown')
    expect(inbox?.message).toMatch(/inbox draft/)
  })

  it('scope path: a public claim on an account known not to have granted video.list is unknown, naming the scope', () => {
    const s = settleBeforeList(claim(), ctx({ scopes: ['user.info.basic', 'video.publish'] }))
    expect(s?.status).toBe('unknown')
    expect(s?.message).toMatch(/did not grant video\.list/)
    expect(s?.message).toContain('tiktok-publish auth --account brand-us')
    expect(s?.message).toContain(RESOLVE)
  })

  it('a public claim with video.list granted (or scopes not known) asks the list', () => {
    expect(settleBeforeList(claim(), ctx({ scopes: ['video.publish', 'video.list'] }))).toBeUndefined()
    expect(settleBeforeList(claim(), ctx({ scopes: undefined }))).toBeUndefined()
  })

  it('scope path: the list answered scope_not_authorized → unknown at once, even inside the window', () => {
    const s = settleWithList(claim(), ctx({ now: at(60_000) }), { kind: 'refused', code: 'scope_not_authorized' })
    expect(s.status).toBe('unknown')
    expect(s.message).toMatch(/scope_not_authorized/)
    expect(s.message).toContain(RESOLVE)
  })

  it('found in the list → published', () => {
    const s = settleWithList(claim(), ctx(), { kind: 'found', videoId: '7', url: 'u' })
    expect(s.record).toMatchObject({ status: 'published', video_id: '7', url: 'u' })
  })

  it('not found inside the window: stays claimed, unchanged, and the summary says what happens next and when', () => {
    const record = claim()
    const s = settleWithList(record, ctx({ now: at(RECONCILE_WINDOW_MS - 1) }), { kind: 'not_found' })
    expect(s.status).toBe('claimed')
    expect(s.record).toBe(record)
    expect(s.message).toContain(at(RECONCILE_WINDOW_MS).toISOString())
    expect(s.message).toMatch(/next run looks again/)
  })

  it('not found past the window → unknown, never a release for a new init', () => {
    for (const late of [RECONCILE_WINDOW_MS, RECONCILE_WINDOW_MS + 1, 365 * 24 * 3_600_000]) {
      const s = settleWithList(claim(), ctx({ now: at(late) }), { kind: 'not_found' })
      expect(s.status).toBe('unknown')
      expect(s.record.status).toBe('unknown')
      expect(s.record.next_attempt_at).toBeUndefined()
      expect(s.message).toMatch(/does not prove/)
    }
  })

  it('the list could not be read: claimed with the reason inside the window, unknown past it', () => {
    const inside = settleWithList(claim(), ctx({ now: at(60_000) }), { kind: 'failed', message: 'HTTP 503' })
    expect(inside.status).toBe('claimed')
    expect(inside.message).toMatch(/^reconciliation failed: HTTP 503; the next run looks again/)
    const past = settleWithList(claim(), ctx({ now: at(RECONCILE_WINDOW_MS + 1) }), { kind: 'failed', message: 'HTTP 503' })
    expect(past.status).toBe('unknown')
    expect(past.message).toContain(RESOLVE)
  })

  it('the claim’s own privacy wins; an old claim without one takes the manifest’s only for the same version', () => {
    expect(claimPrivacy(claim({ privacy: 'SELF_ONLY' }), { privacy: 'PUBLIC_TO_EVERYONE', fingerprint: 'fp1' })).toBe('SELF_ONLY')
    expect(claimPrivacy(claim({ privacy: undefined }), { privacy: 'PUBLIC_TO_EVERYONE', fingerprint: 'fp1' })).toBe('PUBLIC_TO_EVERYONE')
    // the post changed since the claim: what was sent is not known, so not public
    expect(claimPrivacy(claim({ privacy: undefined }), { privacy: 'PUBLIC_TO_EVERYONE', fingerprint: 'fp2' })).toBeUndefined()
    expect(claimPrivacy(claim({ mode: 'inbox', privacy: undefined }), { privacy: 'PUBLIC_TO_EVERYONE', fingerprint: 'fp1' })).toBeUndefined()
  })

  it('the transitions leave the input record alone', () => {
    const record = Object.freeze(claim())
    settleBeforeList(record, ctx({ privacy: 'SELF_ONLY' }))
    settleWithList(record, ctx({ now: at(RECONCILE_WINDOW_MS + 1) }), { kind: 'not_found' })
    claimToPublished(record, { videoId: '1' }, at(0))
    expect(record.status).toBe('claimed')
  })
})
