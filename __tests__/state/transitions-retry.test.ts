import type { StateRecord } from '../../src/state/index.js'
import {
  RETRY_CAP_MS,
  deferredMessage,
  failAttempt,
  releaseDeadUpload,
  releaseInterruptedClaim,
  retryDelayMs
} from '../../src/state/transitions/retry.js'

const NOW = new Date('2026-11-30T10:00:00.000Z')
const MIN = 60_000

function record(over: Partial<StateRecord> = {}): StateRecord {
  return { status: 'claimed', fingerprint: 'fp', attempts: 1, updated_at: '2026-11-30T09:00:00.000Z', source: 'FILE_UPLOAD', run_id: 'r1', ...over } as StateRecord
}

describe('retryDelayMs: the wait between runs', () => {
  it('doubles from 15 minutes and stops at an hour', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => retryDelayMs(n) / MIN)).toEqual([15, 30, 60, 60, 60, 60])
    expect(retryDelayMs(0)).toBe(15 * MIN)
    expect(retryDelayMs(1_000_000)).toBe(RETRY_CAP_MS)
  })

  it('three init 500s in a row wait an hour, not four', () => {
    expect(retryDelayMs(3)).toBe(60 * MIN)
  })
})

describe('failAttempt', () => {
  it('a retryable failure gets the time it goes again', () => {
    const next = failAttempt(record({ status: 'processing', publish_id: 'p1', attempts: 2 }), { code: 'http_error', message: 'm', class: 'retryable' }, NOW)
    expect(next.status).toBe('failed')
    expect(next.attempts).toBe(2)
    expect(next.publish_id).toBe('p1')
    expect(next.error).toEqual({ code: 'http_error', message: 'm', class: 'retryable', log_id: undefined })
    expect(next.next_attempt_at).toBe('2026-11-30T10:30:00.000Z')
  })

  it('any other class waits for a person or a change, so it has no next time', () => {
    for (const cls of ['needs_person', 'fix_media', 'cap'] as const) {
      const next = failAttempt(record({ next_attempt_at: '2026-11-30T09:30:00.000Z' }), { code: 'x', message: 'm', class: cls, log_id: 'L' }, NOW)
      expect(next.next_attempt_at).toBeUndefined()
      expect(next.error?.log_id).toBe('L')
    }
  })

  it('leaves its input as it was', () => {
    const before = record()
    const copy = structuredClone(before)
    failAttempt(before, { code: 'x', message: 'm', class: 'retryable' }, NOW)
    expect(before).toEqual(copy)
  })
})

describe('deferredMessage', () => {
  it('says why and when, in one sentence', () => {
    expect(deferredMessage("TikTok's direct post init failed 5 times with HTTP 503; try again later.", '2026-11-30T10:15:00.000Z')).toBe(
      "TikTok's direct post init failed 5 times with HTTP 503; try again later. It goes again at 2026-11-30T10:15:00Z, in the first run from then."
    )
  })
  it('without a next time says only why', () => {
    expect(deferredMessage('no answer;  ', undefined)).toBe('no answer.')
  })
})

describe('releaseInterruptedClaim', () => {
  it('gives the claim and its attempt back, ready now', () => {
    const next = releaseInterruptedClaim(record({ attempts: 2 }), NOW)
    expect(next.status).toBe('failed')
    expect(next.attempts).toBe(1)
    expect(next.error).toMatchObject({ code: 'run_interrupted', class: 'retryable' })
    expect(next.next_attempt_at).toBe(NOW.toISOString())
    expect(next.fingerprint).toBe('fp')
  })

  it('never releases a claim TikTok may be downloading, or one with a publish_id', () => {
    expect(() => releaseInterruptedClaim(record({ source: 'PULL_FROM_URL' }), NOW)).toThrow(/FILE_UPLOAD/)
    expect(() => releaseInterruptedClaim(record({ publish_id: 'p1' }), NOW)).toThrow(/FILE_UPLOAD/)
    expect(() => releaseInterruptedClaim(record({ status: 'processing' }), NOW)).toThrow(/processing/)
  })

  it('never takes attempts below zero', () => {
    expect(releaseInterruptedClaim(record({ attempts: 0 }), NOW).attempts).toBe(0)
  })
})

describe('releaseDeadUpload', () => {
  const processing = record({ status: 'processing', publish_id: 'p1', attempts: 1 })

  it('releases an upload TikTok holds only part of, for a new init now', () => {
    const next = releaseDeadUpload(processing, { uploadedBytes: 5_242_880, videoSize: 11_000_000, code: 'upload_url_expired', message: 'expired' }, NOW)
    expect(next.status).toBe('failed')
    expect(next.attempts).toBe(0)
    expect(next.next_attempt_at).toBe(NOW.toISOString())
    expect(next.error).toEqual({ code: 'upload_url_expired', message: 'expired', class: 'retryable' })
  })

  it('refuses to release an upload TikTok holds in full: it must be polled, or it posts twice', () => {
    expect(() => releaseDeadUpload(processing, { uploadedBytes: 11_000_000, videoSize: 11_000_000, code: 'upload_not_found', message: 'gone' }, NOW)).toThrow(/complete/)
  })

  it('refuses a record without an upload', () => {
    expect(() => releaseDeadUpload(record({ status: 'processing' }), { uploadedBytes: 0, videoSize: 10, code: 'c', message: 'm' }, NOW)).toThrow(/publish_id/)
    expect(() => releaseDeadUpload(record({ status: 'processing', publish_id: 'p', source: 'PULL_FROM_URL' }), { uploadedBytes: 0, videoSize: 10, code: 'c', message: 'm' }, NOW)).toThrow(/FILE_UPLOAD/)
  })
})
