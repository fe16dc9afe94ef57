import { stateRecordSchema, type StateRecord } from '../../src/state/schema.js'
import { claim, deferred, failed, initiated, polled, uploadAbandoned, uploaded, type Claim } from '../../src/state/transitions/record.js'

const T0 = new Date('2026-11-30T10:00:00.000Z')
const T1 = new Date('2026-11-30T10:00:05.000Z')
const T2 = new Date('2026-11-30T10:02:00.000Z')

const upload: Claim = { now: T0, runId: 'run-1', fingerprint: 'fp', source: 'FILE_UPLOAD', mode: 'direct', privacy: 'SELF_ONLY', caption: 'Hello', approvedBy: 'abc123' }
const processing = (): StateRecord => initiated(claim(undefined, upload), { publishId: 'v_inbox_file~v2.1', videoSize: 1_000 }, T1)

/** Every move hands back a new record: the input is as it was. */
function pure<T>(input: StateRecord, move: (r: StateRecord) => T): T {
  const copy = structuredClone(input)
  const out = move(input)
  expect(input).toEqual(copy)
  return out
}

describe('claim', () => {
  it('a first claim is a durable promise with no publish_id, counted as attempt 1', () => {
    const r = claim(undefined, upload)
    expect(r).toMatchObject({ status: 'claimed', attempts: 1, fingerprint: 'fp', run_id: 'run-1', source: 'FILE_UPLOAD', mode: 'direct', privacy: 'SELF_ONLY', approved_by: 'abc123', claimed_at: T0.toISOString(), updated_at: T0.toISOString() })
    expect(r.publish_id).toBeUndefined()
    // a direct post carries its caption to TikTok: only drafts keep it for the hand-off
    expect(r.caption).toBeUndefined()
    expect(stateRecordSchema.safeParse(r).success).toBe(true)
  })

  it('a claim after a failure clears what the failed attempt left and counts one more', () => {
    const before: StateRecord = {
      status: 'failed',
      fingerprint: 'old',
      attempts: 2,
      updated_at: T0.toISOString(),
      publish_id: 'p_old',
      video_id: '1',
      url: 'u',
      uploaded_at: T0.toISOString(),
      approved_by: 'first',
      error: { code: 'internal_error', message: 'x', class: 'retryable' },
      next_attempt_at: T0.toISOString()
    }
    const r = pure(before, (b) => claim(b, { ...upload, approvedBy: undefined, now: T2 }))
    expect(r).toMatchObject({ status: 'claimed', attempts: 3, fingerprint: 'fp', approved_by: 'first', claimed_at: T2.toISOString() })
    expect([r.publish_id, r.video_id, r.url, r.error, r.next_attempt_at, r.uploaded_at]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined])
  })

  it('an inbox draft keeps its caption and has no privacy', () => {
    const r = claim(undefined, { ...upload, mode: 'inbox', source: 'PULL_FROM_URL' })
    expect(r).toMatchObject({ mode: 'inbox', source: 'PULL_FROM_URL', caption: 'Hello' })
    expect(r.privacy).toBeUndefined()
  })
})

describe('initiated', () => {
  it('claim → processing with the publish_id, the time TikTok took it and the size', () => {
    const c = claim(undefined, upload)
    const r = pure(c, (x) => initiated(x, { publishId: 'p1', videoSize: 1_000 }, T1))
    expect(r).toMatchObject({ status: 'processing', publish_id: 'p1', initiated_at: T1.toISOString(), updated_at: T1.toISOString(), video_size: 1_000, attempts: 1 })
    expect(stateRecordSchema.safeParse(r).success).toBe(true)
  })

  it('only a claim is initiated: a publish_id is never replaced on a guess', () => {
    expect(() => initiated(processing(), { publishId: 'p2' }, T2)).toThrow(/from a claim, not from processing/)
  })
})

describe('uploaded', () => {
  it('marks when TikTok held every byte, and nothing else', () => {
    const before = processing()
    const r = pure(before, (x) => uploaded(x, T2))
    expect(r).toEqual({ ...before, uploaded_at: T2.toISOString(), updated_at: T2.toISOString() })
  })

  it('only an upload TikTok has a publish_id for can be uploaded', () => {
    expect(() => uploaded(claim(undefined, upload), T2)).toThrow(/claimed/)
    expect(() => uploaded({ ...processing(), source: 'PULL_FROM_URL' }, T2)).toThrow(/PULL_FROM_URL/)
  })
})

describe('polled', () => {
  it('PUBLISH_COMPLETE → published with the video id and link', () => {
    const r = pure(processing(), (x) => polled(x, { status: 'PUBLISH_COMPLETE', videoId: '7300000000000000001', url: 'https://www.tiktok.com/@a/video/7300000000000000001' }, T2))
    expect(r).toMatchObject({ status: 'published', video_id: '7300000000000000001', url: 'https://www.tiktok.com/@a/video/7300000000000000001', completed_at: T2.toISOString(), publish_id: 'v_inbox_file~v2.1' })
    expect(r.error).toBeUndefined()
  })

  it('PUBLISH_COMPLETE without ids (a private post) keeps what the record had', () => {
    const r = polled({ ...processing(), video_id: '5', url: 'kept' }, { status: 'PUBLISH_COMPLETE' }, T2)
    expect(r).toMatchObject({ status: 'published', video_id: '5', url: 'kept' })
  })

  it('SEND_TO_USER_INBOX → inbox, clearing an earlier error', () => {
    const r = polled({ ...processing(), error: { code: 'x', message: 'y' } }, { status: 'SEND_TO_USER_INBOX' }, T2)
    expect(r).toMatchObject({ status: 'inbox', completed_at: T2.toISOString() })
    expect(r.error).toBeUndefined()
  })

  it('FAILED → a failed attempt of the class TikTok\'s reason has', () => {
    const r = polled(processing(), { status: 'FAILED', failure: { code: 'file_format_check_failed', message: 'fix the file', class: 'fix_media' } }, T2)
    expect(r).toMatchObject({ status: 'failed', publish_id: 'v_inbox_file~v2.1', error: { code: 'file_format_check_failed', class: 'fix_media' } })
    expect(r.next_attempt_at).toBeUndefined()
  })

  it('a record TikTok never accepted has nothing to poll', () => {
    expect(() => polled(claim(undefined, upload), { status: 'SEND_TO_USER_INBOX' }, T2)).toThrow(/publish_id/)
  })
})

describe('failed', () => {
  it('retryable: waits by the one back-off (15 min after the first attempt)', () => {
    const r = pure(processing(), (x) => failed(x, { code: 'internal_error', message: 'm', class: 'retryable', log_id: 'L1' }, T2))
    expect(r).toMatchObject({ status: 'failed', attempts: 1, updated_at: T2.toISOString(), error: { code: 'internal_error', message: 'm', class: 'retryable', log_id: 'L1' } })
    expect(r.next_attempt_at).toBe(new Date(T2.getTime() + 15 * 60_000).toISOString())
  })

  it('needs_person: no time to go again', () => {
    const r = failed({ ...processing(), next_attempt_at: T0.toISOString() }, { code: 'spam_risk_user_banned_from_posting', message: 'm', class: 'needs_person' }, T2)
    expect(r.next_attempt_at).toBeUndefined()
    expect(r.error?.class).toBe('needs_person')
  })
})

describe('deferred', () => {
  it('a cap-refused init gives the attempt back and waits as a failed cap', () => {
    const c = claim({ status: 'failed', fingerprint: 'fp', attempts: 1, updated_at: T0.toISOString() }, upload)
    expect(c.attempts).toBe(2)
    const r = pure(c, (x) => deferred(x, { code: 'spam_risk_too_many_posts', message: 'too many posts today' }, T2))
    expect(r).toMatchObject({ status: 'failed', attempts: 1, updated_at: T2.toISOString(), error: { code: 'spam_risk_too_many_posts', message: 'too many posts today', class: 'cap' } })
  })

  it('a record TikTok has a publish_id for keeps its status: it is still polled', () => {
    const r = deferred(processing(), { code: 'reached_active_user_cap', message: 'm' }, T2)
    expect(r.status).toBe('processing')
    expect(r.publish_id).toBe('v_inbox_file~v2.1')
  })

  it('never counts below zero', () => {
    expect(deferred({ status: 'claimed', fingerprint: 'fp', attempts: 0, updated_at: T0.toISOString() }, { code: 'c', message: 'm' }, T2).attempts).toBe(0)
  })
})

describe('uploadAbandoned', () => {
  it('a dead upload whose URL expired is due for a new init now', () => {
    const r = pure(processing(), (x) => uploadAbandoned(x, T2))
    expect(r).toMatchObject({ status: 'failed', next_attempt_at: T2.toISOString(), error: { code: 'upload_abandoned', class: 'retryable' }, attempts: 1 })
  })

  it('only an upload with a publish_id can be abandoned', () => {
    expect(() => uploadAbandoned(claim(undefined, upload), T2)).toThrow(/publish_id/)
  })
})
