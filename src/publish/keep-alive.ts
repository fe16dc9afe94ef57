/**
 * Keep-alive: TikTok's refresh tokens expire unless used, and a refresh is the
 * only use. An account with nothing to post for months would otherwise die
 * quietly, so a run renews the refresh token of an idle account once its
 * recorded expiry comes within the account's `keep_alive` (default 30 days),
 * and the state keeps each account's expiry date so that plans, summaries and
 * `status` can warn in time about accounts no run will renew.
 *
 * The recorded date is at worst older than the truth (a refresh by `status`,
 * `doctor` or `auth` does not write the state; an apply takes a later date
 * from the token store), which only makes keep-alive renew early: never late.
 */
import { DEFAULT_KEEP_ALIVE_MS, type AccountConfig, type Manifest } from '../manifest/model.js'
import { getAccountState, type State } from '../state/index.js'

const DAY = 86_400_000
/** Plans, summaries and `status` warn this long before a token no run renews expires. */
export const EXPIRY_WARN_MS = 14 * DAY

/** How close to expiry the account's token is renewed, or undefined when keep-alive is off. */
export function keepAliveWithin(account: AccountConfig): number | undefined {
  if (account.keepAlive === 'off') return undefined
  return account.keepAlive ?? DEFAULT_KEEP_ALIVE_MS
}

function recordedExpiry(state: State, account: string): number | undefined {
  const text = getAccountState(state, account)?.refresh_expires_at
  if (text === undefined) return undefined
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? undefined : ms
}

/**
 * The selected accounts whose refresh token a run should renew now: keep-alive
 * on, and the recorded expiry within the threshold, or not recorded at all
 * (a state written before expiry dates were kept: one refresh learns it).
 * In manifest order, so runs and tests see one order.
 */
export function keepAliveDue(o: { manifest: Manifest; state: State; now: Date; selector: (name: string) => boolean }): string[] {
  const due: string[] = []
  for (const account of Object.values(o.manifest.accounts)) {
    if (!o.selector(account.name)) continue
    const within = keepAliveWithin(account)
    if (within === undefined) continue
    const expires = recordedExpiry(o.state, account.name)
    if (expires === undefined || expires - o.now.getTime() <= within) due.push(account.name)
  }
  return due
}

export type ExpiryWarningReason = 'expired' | 'keep_alive_off' | 'secrets_token_missing'

export interface ExpiryWarning {
  account: string
  /** ISO instant the refresh token stops (or stopped) working */
  expires_at: string
  reason: ExpiryWarningReason
  /** one sentence for people, naming the account and the fix */
  message: string
}

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * Accounts whose refresh token has expired, or expires within 14 days with no
 * run able to renew it: keep-alive is off, or the runs cannot save a renewed
 * token (the Action without `secrets-token`; known to this run through
 * `secretsTokenMissing`, to a pull request's plan, which has no secrets,
 * through what the last scheduled run recorded in the state). Pure: state,
 * manifest and `now` in.
 */
export function expiryWarnings(o: {
  manifest: Manifest
  state: State
  now: Date
  selector: (name: string) => boolean
  /** this run is the Action's and has no `secrets-token` */
  secretsTokenMissing?: boolean
}): ExpiryWarning[] {
  const out: ExpiryWarning[] = []
  const now = o.now.getTime()
  for (const account of Object.values(o.manifest.accounts)) {
    if (!o.selector(account.name)) continue
    const expires = recordedExpiry(o.state, account.name)
    if (expires === undefined) continue
    const name = account.name
    const auth = `\`tiktok-publish auth --account ${name}\``
    const base = { account: name, expires_at: new Date(expires).toISOString() }
    if (expires <= now) {
      out.push({ ...base, reason: 'expired', message: `the refresh token of account ${name} expired on ${dateOf(expires)}: run ${auth} to authorize it again` })
      continue
    }
    if (expires - now > EXPIRY_WARN_MS) continue
    const days = Math.ceil((expires - now) / DAY)
    const when = `expires on ${dateOf(expires)} (in ${days} day${days === 1 ? '' : 's'})`
    if (keepAliveWithin(account) === undefined) {
      out.push({
        ...base,
        reason: 'keep_alive_off',
        message: `the refresh token of account ${name} ${when} and keep_alive is off, so no run renews it: run ${auth} before then, or remove \`keep_alive: off\``
      })
    } else if (o.secretsTokenMissing || getAccountState(o.state, name)?.keep_alive_blocked?.reason === 'secrets_token_missing') {
      out.push({
        ...base,
        reason: 'secrets_token_missing',
        message: `the refresh token of account ${name} ${when} and the workflow has no \`secrets-token\`, so no run can save a renewed token: pass \`secrets-token\` to the scheduled workflow, or run ${auth} before then`
      })
    }
  }
  return out
}

/** The command line's lines for the warnings: one per account, after the table. */
export function renderExpiryWarnings(warnings: ExpiryWarning[]): string {
  return warnings.map((w) => `warning: ${w.message}\n`).join('')
}
