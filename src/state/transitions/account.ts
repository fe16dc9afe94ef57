import type { AccountState } from '../schema.js'

/*
 * Pure transitions of an account's entry in the state (`accounts.<name>`):
 * the entry and the facts in, a new entry out. The input is never modified, and
 * a transition that changes nothing returns its input, so a caller can tell a
 * no-op (no state write, no commit) by identity.
 */

/** Why no run that reads this state can keep an account's refresh token alive. */
export type KeepAliveBlock = 'secrets_token_missing'

/**
 * TikTok rotated the account's refresh token: record when the new one stops
 * working. The date is what `plan`, `status` and keep-alive read, so it is
 * recorded on every rotation, whatever the run came to do. A rotation also
 * proves the run could save the token, so a recorded block is lifted.
 */
export function recordRefreshRotation(entry: AccountState | undefined, rotation: { refreshExpiresAt: Date }): AccountState {
  const at = rotation.refreshExpiresAt
  if (Number.isNaN(at.getTime())) throw new Error('recordRefreshRotation: refreshExpiresAt is not a date')
  const next: AccountState = { ...(entry ?? {}), refresh_expires_at: at.toISOString() }
  delete next.keep_alive_blocked
  return next
}

/**
 * The token store knows a later expiry than the state (a token saved by
 * `auth`, or a run that used a cached access token and so never refreshed):
 * record it. Never moves the date back; returns the input when nothing changes.
 */
export function recordKnownExpiry(entry: AccountState | undefined, known: { refreshExpiresAt: Date }): AccountState | undefined {
  const at = known.refreshExpiresAt.getTime()
  if (Number.isNaN(at)) return entry
  const recorded = entry?.refresh_expires_at ? Date.parse(entry.refresh_expires_at) : NaN
  if (!Number.isNaN(recorded) && recorded >= at) return entry
  return { ...(entry ?? {}), refresh_expires_at: known.refreshExpiresAt.toISOString() }
}

/**
 * A run that should have kept the account alive could not (it had no way to
 * save a rotated token). Recorded so that a run without secrets, such as a
 * pull request's plan, can warn. The first `since` is kept: it says how long
 * the account has gone without keep-alive.
 */
export function recordKeepAliveBlocked(entry: AccountState | undefined, block: { reason: KeepAliveBlock; now: Date }): AccountState {
  if (entry?.keep_alive_blocked?.reason === block.reason) return entry
  return { ...(entry ?? {}), keep_alive_blocked: { reason: block.reason, since: block.now.toISOString() } }
}

/** The reason is gone (e.g. the run now has a `secrets-token`), whether or not it refreshed. */
export function clearKeepAliveBlocked(entry: AccountState | undefined): AccountState | undefined {
  if (!entry?.keep_alive_blocked) return entry
  const next = { ...entry }
  delete next.keep_alive_blocked
  return next
}
