import type { AccountState } from '../schema.js'

/*
 * Pure transitions of the onboarding road (auth, doctor, then the first runs):
 * an account entry and facts in, an entry out; an unchanged entry is returned
 * as it came, so a caller tells a no-op by identity.
 */

/**
 * The refresh token's expiry, learned from where the token is kept (`auth` and
 * `doctor` refresh outside any run and do not write the state). Only fills a
 * gap: a date the state already holds came from a rotation a run saw, which is
 * never older than the store's.
 */
export function recordKnownRefreshExpiry(entry: AccountState | undefined, known: { expiresAt: Date }): AccountState | undefined {
  if (entry?.refresh_expires_at !== undefined) return entry
  if (Number.isNaN(known.expiresAt.getTime())) return entry
  return { ...(entry ?? {}), refresh_expires_at: known.expiresAt.toISOString() }
}
