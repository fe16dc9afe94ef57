import { recordKnownRefreshExpiry } from '../../src/state/transitions/onboard.js'
import type { AccountState } from '../../src/state/index.js'

describe('recordKnownRefreshExpiry', () => {
  const at = new Date('2027-05-29T05:00:00.000Z')

  it('fills in an expiry the state does not have, keeping the rest of the entry', () => {
    const entry = { creator: { nickname: 'Brand' } } as unknown as AccountState
    expect(recordKnownRefreshExpiry(entry, { expiresAt: at })).toEqual({ creator: { nickname: 'Brand' }, refresh_expires_at: '2027-05-29T05:00:00.000Z' })
    expect(entry).toEqual({ creator: { nickname: 'Brand' } })
    expect(recordKnownRefreshExpiry(undefined, { expiresAt: at })).toEqual({ refresh_expires_at: '2027-05-29T05:00:00.000Z' })
  })

  it('never replaces a recorded expiry, and returns the same entry so the caller writes nothing', () => {
    const entry = { refresh_expires_at: '2027-06-01T00:00:00.000Z' } as AccountState
    expect(recordKnownRefreshExpiry(entry, { expiresAt: at })).toBe(entry)
  })

  it('ignores a date that is not one', () => {
    const entry = {} as AccountState
    expect(recordKnownRefreshExpiry(entry, { expiresAt: new Date('nope') })).toBe(entry)
  })
})
