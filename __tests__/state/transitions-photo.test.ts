import { claimPhoto, isPhotoRecord, photoFound, photoInitiated, photoNotFound } from '../../src/state/transitions/photo.js'
import { stateRecordSchema, type StateRecord } from '../../src/state/schema.js'

const t0 = new Date('2026-12-01T17:00:00Z')
const t1 = new Date('2026-12-01T17:00:05Z')
const claim = (previous?: StateRecord) =>
  claimPhoto(previous, { now: t0, runId: 'run-1', fingerprint: 'fp', mode: 'direct', photoCount: 3, caption: 'Three looks', approvedBy: 'abc123' })

describe('photo record transitions', () => {
  it('a claim is a PULL_FROM_URL photo record with no publish_id, counted as an attempt', () => {
    const r = claim()
    expect(r).toMatchObject({ status: 'claimed', source: 'PULL_FROM_URL', media: 'photos', photo_count: 3, attempts: 1, run_id: 'run-1', mode: 'direct', approved_by: 'abc123' })
    expect(r.publish_id).toBeUndefined()
    // a direct post carries its caption to TikTok: only drafts keep it for the hand-off
    expect(r.caption).toBeUndefined()
    expect(isPhotoRecord(r)).toBe(true)
    expect(stateRecordSchema.safeParse(r).success).toBe(true)
  })

  it('a claim after a failure clears what the failed try left and counts one more attempt', () => {
    const failed: StateRecord = { status: 'failed', fingerprint: 'old', attempts: 2, updated_at: t0.toISOString(), publish_id: 'p_old', error: { code: 'photo_pull_failed', message: 'x', class: 'retryable' }, next_attempt_at: t0.toISOString() }
    const r = claim(failed)
    expect(r).toMatchObject({ status: 'claimed', attempts: 3, fingerprint: 'fp' })
    expect([r.publish_id, r.error, r.next_attempt_at]).toEqual([undefined, undefined, undefined])
  })

  it('an inbox claim keeps the caption the creator will paste', () => {
    const r = claimPhoto(undefined, { now: t0, runId: 'r', fingerprint: 'fp', mode: 'inbox', photoCount: 1, caption: 'paste me' })
    expect(r.caption).toBe('paste me')
  })

  it('init accepted → processing with the publish_id and the time TikTok took it', () => {
    const r = photoInitiated(claim(), 'p_pub_url~v2-1.1', t1)
    expect(r).toMatchObject({ status: 'processing', publish_id: 'p_pub_url~v2-1.1', initiated_at: t1.toISOString(), media: 'photos' })
    expect(() => photoInitiated(r, 'again', t1)).toThrow(/from a claim/)
  })

  it('a lost publish_id: found on the account → published with its id', () => {
    const r = photoFound(claim(), { videoId: '7312345678901234567', url: 'https://www.tiktok.com/@a/photo/7312345678901234567' }, t1)
    expect(r).toMatchObject({ status: 'published', video_id: '7312345678901234567', completed_at: t1.toISOString() })
  })

  it('a lost publish_id: not found → unknown for a person, never back to a state that initiates again', () => {
    const r = photoNotFound(claim(), 'not among the public posts', 'run resolve', t1)
    expect(r.status).toBe('unknown')
    expect(r.error).toEqual({ code: 'unknown', message: 'not among the public posts; run resolve', class: 'needs_person' })
    expect(r.next_attempt_at).toBeUndefined()
    expect(r.attempts).toBe(1)
  })

  it('only a claim without a publish_id is reconciled', () => {
    const processing = photoInitiated(claim(), 'p1', t1)
    expect(() => photoFound(processing, { videoId: '1' }, t1)).toThrow()
    expect(() => photoNotFound(processing, 'x', 'y', t1)).toThrow()
  })
})
