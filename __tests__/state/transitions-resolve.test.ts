import { plan } from '../../src/plan/index.js'
import { fingerprint, stateRecordSchema, type StateRecord } from '../../src/state/index.js'
import { isResolutionOf } from '../../src/state/transitions/grow.js'
import { canResolve, resolved } from '../../src/state/transitions/resolve.js'
import { buildManifest, mediaFor, stateOf } from '../plan/builder.js'

const NOW = new Date('2026-11-30T10:00:00.000Z')

function record(over: Partial<StateRecord> = {}): StateRecord {
  return { status: 'unknown', fingerprint: 'fp', attempts: 1, updated_at: '2026-11-30T09:00:00.000Z', claimed_at: '2026-11-30T09:00:00.000Z', source: 'PULL_FROM_URL', run_id: 'r1', ...over } as StateRecord
}

describe('resolved: a person settles a pair', () => {
  it('--published records the video id and ends the pair, marked as a person\'s change', () => {
    const before = record({ status: 'failed', error: { code: 'invalid_publish_id', message: 'x', class: 'needs_person' }, next_attempt_at: '2026-11-30T09:30:00.000Z' })
    const next = resolved(before, { published: '7312345678901234567' }, NOW)
    expect(next).toEqual({
      ...before,
      status: 'published',
      video_id: '7312345678901234567',
      error: undefined,
      next_attempt_at: undefined,
      completed_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
      resolved_by: 'person'
    })
    expect(stateRecordSchema.parse(next).status).toBe('published')
    expect(before.status).toBe('failed') // the input is not changed
  })

  it('--not-published makes the pair due now, retryable, with the code the planner reads as a person\'s word', () => {
    const next = resolved(record({ attempts: 5 }), { notPublished: true }, NOW)
    expect(next).toMatchObject({
      status: 'failed',
      attempts: 5,
      error: { code: 'not_published', message: 'a person checked: not on the account', class: 'retryable' },
      next_attempt_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
      resolved_by: 'person'
    })
    expect(stateRecordSchema.parse(next).error?.class).toBe('retryable')
  })

  it('the planner gives a resolved pair a fresh try even when its attempts are used up', () => {
    const manifest = buildManifest({ accounts: { us: {} }, posts: [{ id: 'a', accounts: ['us'] }] })
    const media = mediaFor(manifest)
    const post = manifest.posts[0]
    const fp = fingerprint(post, post.targets[0], media.get('a')!.digest)
    const state = stateOf([['a', 'us', record({ status: 'failed', fingerprint: fp, attempts: 5, error: { code: 'video_pull_failed', message: '', class: 'retryable' } })]])
    const before = plan({ manifest, state, media, now: NOW }).actions[0]
    expect(before).toMatchObject({ kind: 'blocked', code: 'attempts_exhausted' })
    const settled = resolved(state.posts.a.us, { notPublished: true }, NOW)
    const after = plan({ manifest, state: stateOf([['a', 'us', settled]]), media, now: NOW }).actions[0]
    expect(after.kind).toBe('retry')
  })

  it('is a resolution in the grow-only merge, so a later run keeps it over the evidence it settles', () => {
    const base = record()
    expect(isResolutionOf(resolved(base, { notPublished: true }, NOW), base)).toBe(true)
    expect(isResolutionOf(resolved(base, { published: '1' }, NOW), base)).toBe(true)
  })

  it('accepts unknown, claimed and failed records only', () => {
    for (const status of ['unknown', 'claimed', 'failed'] as const) expect([status, canResolve(record({ status }))]).toEqual([status, true])
    for (const status of ['published', 'processing', 'inbox'] as const) {
      expect([status, canResolve(record({ status }))]).toEqual([status, false])
      expect(() => resolved(record({ status }), { notPublished: true }, NOW)).toThrow(`a ${status} record cannot be resolved`)
    }
  })
})
