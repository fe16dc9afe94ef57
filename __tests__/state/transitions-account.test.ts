import { mergeStates } from '../../src/state/merge.js'
import { emptyState, parseState, serializeState, type AccountState } from '../../src/state/index.js'
import { clearKeepAliveBlocked, recordKeepAliveBlocked, recordKnownExpiry, recordRefreshRotation } from '../../src/state/transitions/account.js'

const creator = { nickname: 'Brand', privacy_level_options: ['SELF_ONLY'], max_video_post_duration_sec: 600, comment_disabled: false, duet_disabled: false, stitch_disabled: false }

describe('account transitions', () => {
  it('a rotation records when the new refresh token expires, keeps the rest of the entry, and leaves the input as it was', () => {
    const before: AccountState = { creator, checked_at: '2026-11-01T00:00:00.000Z', hold: { until: '2026-11-02T00:00:00.000Z', reason: 'cap' } }
    const frozen = JSON.stringify(before)
    const after = recordRefreshRotation(before, { refreshExpiresAt: new Date('2027-05-30T12:00:00Z') })
    expect(after).toEqual({ ...before, refresh_expires_at: '2027-05-30T12:00:00.000Z' })
    expect(JSON.stringify(before)).toBe(frozen)
  })

  it('a rotation on an account the state has never seen creates its entry', () => {
    expect(recordRefreshRotation(undefined, { refreshExpiresAt: new Date('2027-05-30T12:00:00Z') })).toEqual({ refresh_expires_at: '2027-05-30T12:00:00.000Z' })
  })

  it('a later rotation replaces the date and lifts a keep-alive block (the run could save the token)', () => {
    const blocked = recordKeepAliveBlocked({ refresh_expires_at: '2026-12-01T00:00:00.000Z' }, { reason: 'secrets_token_missing', now: new Date('2026-11-05T00:00:00Z') })
    expect(blocked.keep_alive_blocked).toEqual({ reason: 'secrets_token_missing', since: '2026-11-05T00:00:00.000Z' })
    const renewed = recordRefreshRotation(blocked, { refreshExpiresAt: new Date('2027-05-20T00:00:00Z') })
    expect(renewed).toEqual({ refresh_expires_at: '2027-05-20T00:00:00.000Z' })
  })

  it('refuses a date that is not one rather than writing "Invalid Date" into the state', () => {
    expect(() => recordRefreshRotation({}, { refreshExpiresAt: new Date('nonsense') })).toThrow(/not a date/)
  })

  it('recording the same block again is a no-op by identity and keeps the first `since`', () => {
    const once = recordKeepAliveBlocked(undefined, { reason: 'secrets_token_missing', now: new Date('2026-11-05T00:00:00Z') })
    const twice = recordKeepAliveBlocked(once, { reason: 'secrets_token_missing', now: new Date('2026-11-06T00:00:00Z') })
    expect(twice).toBe(once)
    expect(twice.keep_alive_blocked?.since).toBe('2026-11-05T00:00:00.000Z')
  })

  it('clearing a block removes it; clearing nothing returns the input', () => {
    const entry: AccountState = { refresh_expires_at: '2027-01-01T00:00:00.000Z' }
    expect(clearKeepAliveBlocked(entry)).toBe(entry)
    expect(clearKeepAliveBlocked(undefined)).toBeUndefined()
    const blocked = recordKeepAliveBlocked(entry, { reason: 'secrets_token_missing', now: new Date('2026-11-05T00:00:00Z') })
    expect(clearKeepAliveBlocked(blocked)).toEqual(entry)
  })

  it('a date the token store knows is recorded only when later than the state\'s; never moves it back', () => {
    const entry: AccountState = { creator, refresh_expires_at: '2027-01-01T00:00:00.000Z' }
    expect(recordKnownExpiry(entry, { refreshExpiresAt: new Date('2026-12-01T00:00:00Z') })).toBe(entry)
    expect(recordKnownExpiry(entry, { refreshExpiresAt: new Date('2027-01-01T00:00:00Z') })).toBe(entry)
    expect(recordKnownExpiry(entry, { refreshExpiresAt: new Date('2027-06-01T00:00:00Z') })).toEqual({ creator, refresh_expires_at: '2027-06-01T00:00:00.000Z' })
    expect(recordKnownExpiry(undefined, { refreshExpiresAt: new Date('2027-06-01T00:00:00Z') })).toEqual({ refresh_expires_at: '2027-06-01T00:00:00.000Z' })
    expect(recordKnownExpiry(entry, { refreshExpiresAt: new Date('nonsense') })).toBe(entry)
  })

  it('the recorded fields survive the state file round trip', () => {
    const state = emptyState('lineage-1')
    const entry = recordKeepAliveBlocked(recordRefreshRotation(undefined, { refreshExpiresAt: new Date('2027-05-30T12:00:00Z') }), { reason: 'secrets_token_missing', now: new Date('2026-11-05T00:00:00Z') })
    const text = serializeState({ ...state, accounts: { 'brand-us': entry } })
    expect(parseState(text, 'tiktok.state.json').accounts['brand-us']).toEqual(entry)
  })

  it('a merge of two runs that both renewed keeps the later expiry, whichever side it is on', () => {
    const base = { ...emptyState('l'), accounts: { a: { refresh_expires_at: '2026-12-01T00:00:00.000Z' } } }
    const early = { ...base, serial: 1, accounts: { a: recordRefreshRotation(base.accounts.a, { refreshExpiresAt: new Date('2027-05-01T00:00:00Z') }) } }
    const late = { ...base, serial: 1, accounts: { a: recordRefreshRotation(base.accounts.a, { refreshExpiresAt: new Date('2027-05-02T00:00:00Z') }) } }
    expect(mergeStates(base, early, late).merged.accounts.a.refresh_expires_at).toBe('2027-05-02T00:00:00.000Z')
    expect(mergeStates(base, late, early).merged.accounts.a.refresh_expires_at).toBe('2027-05-02T00:00:00.000Z')
    // only one side renewed: that side's date
    expect(mergeStates(base, base, late).merged.accounts.a.refresh_expires_at).toBe('2027-05-02T00:00:00.000Z')
    expect(mergeStates(base, early, base).merged.accounts.a.refresh_expires_at).toBe('2027-05-01T00:00:00.000Z')
  })
})
