import { createHash, randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { ensureDirectory, writeFileAtomic } from '../fs-atomic.js'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Clock } from '../clock.js'
import { UserError } from '../errors.js'
import type { Logger } from '../logger.js'
import type { TikTokClient, TokenGrant } from './client.js'
import { TikTokApiError, TikTokAuthError, redact } from './errors.js'
import { failpoint } from '../failpoint.js'
import { acquireLock, describeHolder } from '../lockfile.js'
import { KeyedSerial } from '../keyed-serial.js'

/** Where an account's refresh token lives (GitHub secret, local file, …). */
export interface TokenStore {
  getRefreshToken(account: string): Promise<string | undefined>
  saveRefreshToken(account: string, token: string, meta: { expiresAt: Date }): Promise<void>
  /** `scopes`: what the account granted with this token, when the store kept it */
  getAccessToken?(account: string): Promise<{ token: string; expiresAt: Date; scopes?: string[] } | undefined>
  /** when the stored refresh token expires, if the store keeps it (not a secret) */
  getRefreshExpiry?(account: string): Promise<Date | undefined>
  saveAccessToken?(account: string, token: string, expiresAt: Date, scopes?: string[]): Promise<void>
  /** When the stored refresh token stops working, if the store knows (it learned it with the token). */
  getRefreshExpiry?(account: string): Promise<Date | undefined>
  /**
   * Runs `fn` while no other process refreshes this account through the same
   * store (refresh tokens rotate: two refreshes at once burn one of them).
   */
  withRefreshLock?<T>(account: string, fn: () => Promise<T>): Promise<T>
  /**
   * Why a refresh token the store handed out may be dead, and what to do,
   * when the store knows better than "authorize again" (a secret read when a
   * queued run was queued).
   */
  explainDeadRefreshToken?(account: string): { cause: string; fix: string } | undefined
}

interface TokenFile {
  version: 1
  accounts: Record<
    string,
    {
      refresh_token?: string
      refresh_expires_at?: string
      access_token?: string
      access_expires_at?: string
      /** granted with the access token; the engine needs them to know what it may ask */
      scopes?: string[]
    }
  >
}

export function defaultTokenStorePath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.TIKTOK_PUBLISH_TOKEN_STORE
  if (fromEnv) return fromEnv
  const config = env.XDG_CONFIG_HOME || join(homedir(), '.config')
  return join(config, 'tiktok-publish', 'tokens.json')
}

/**
 * Tokens for command-line use, in a JSON file outside any repository (default
 * ~/.config/tiktok-publish/tokens.json or $TIKTOK_PUBLISH_TOKEN_STORE), readable
 * by its owner only. Writes go to a temporary file that is renamed over the old
 * one, so a crash leaves either the old or the new token, never half a file.
 *
 * Access tokens are kept here only when `cacheAccessTokens` is on: the file
 * already holds the refresh token, which is worth more than any access token,
 * so caching them beside it adds no exposure and spares a rotation per run.
 */
export class FileTokenStore implements TokenStore {
  readonly path: string
  private readonly cacheAccessTokens: boolean
  private queue: Promise<unknown> = Promise.resolve()

  constructor(options: { path?: string; cacheAccessTokens?: boolean } = {}) {
    this.path = options.path ?? defaultTokenStorePath()
    this.cacheAccessTokens = options.cacheAccessTokens ?? true
  }

  async getRefreshToken(account: string): Promise<string | undefined> {
    return (await this.read()).accounts[account]?.refresh_token
  }

  async getRefreshExpiry(account: string): Promise<Date | undefined> {
    const a = (await this.read()).accounts[account]
    if (!a?.refresh_token || !a.refresh_expires_at) return undefined
    const at = new Date(a.refresh_expires_at)
    return Number.isNaN(at.getTime()) ? undefined : at
  }

  saveRefreshToken(account: string, token: string, meta: { expiresAt: Date }): Promise<void> {
    return this.update((f) => {
      const a = (f.accounts[account] ??= {})
      a.refresh_token = token
      a.refresh_expires_at = meta.expiresAt.toISOString()
    })
  }

  async getAccessToken(account: string): Promise<{ token: string; expiresAt: Date; scopes?: string[] } | undefined> {
    if (!this.cacheAccessTokens) return undefined
    const a = (await this.read()).accounts[account]
    if (!a?.access_token || !a.access_expires_at) return undefined
    const expiresAt = new Date(a.access_expires_at)
    if (Number.isNaN(expiresAt.getTime())) return undefined
    const scopes = Array.isArray(a.scopes) && a.scopes.every((x) => typeof x === 'string') ? a.scopes : undefined
    return scopes ? { token: a.access_token, expiresAt, scopes } : { token: a.access_token, expiresAt }
  }

  async saveAccessToken(account: string, token: string, expiresAt: Date, scopes?: string[]): Promise<void> {
    if (!this.cacheAccessTokens) return
    return this.update((f) => {
      const a = (f.accounts[account] ??= {})
      a.access_token = token
      a.access_expires_at = expiresAt.toISOString()
      // scopes belong to this token: a token saved without them must not inherit an older grant's
      if (scopes) a.scopes = scopes
      else delete a.scopes
    })
  }

  /** One lock file per account beside the store: `tokens.json.<account>.lock`. */
  refreshLockPath(account: string): string {
    return `${this.path}.${account.replace(/[^A-Za-z0-9._-]/g, '_')}.lock`
  }

  async withRefreshLock<T>(account: string, fn: () => Promise<T>): Promise<T> {
    const file = this.refreshLockPath(account)
    await ensureDirectory(dirname(file), 0o700)
    // a refresh takes seconds (minutes with TikTok's back-off): a holder that
    // has not touched its lock for REFRESH_LOCK_STALE_MS is gone
    const attempt = await acquireLock(file, { waitMs: REFRESH_LOCK_WAIT_MS, staleMs: REFRESH_LOCK_STALE_MS, purpose: `refresh ${account}`, mode: 0o600 })
    if (!attempt.held) {
      throw new UserError(`Another tiktok-publish is refreshing the TikTok token of ${account} (${describeHolder(attempt.busy)}) and did not finish within ${REFRESH_LOCK_WAIT_MS / 1000} s.`, {
        fix: `run again once it has finished; if no tiktok-publish runs, delete ${file}`
      })
    }
    try {
      return await fn()
    } finally {
      await attempt.held.release()
    }
  }

  private async read(): Promise<TokenFile> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, accounts: Object.create(null) as TokenFile['accounts'] }
      throw new UserError(`The token store ${this.path} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`, {
        fix: 'check its permissions, or point TIKTOK_PUBLISH_TOKEN_STORE at another file'
      })
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = undefined
    }
    const f = parsed as Partial<TokenFile> | undefined
    if (!f || typeof f !== 'object' || f.version !== 1 || typeof f.accounts !== 'object' || f.accounts === null) {
      // Never echo the content: it holds tokens.
      throw new UserError(`The token store ${this.path} is not a tiktok-publish token file.`, {
        fix: 'move it aside and run `tiktok-publish auth` for each account'
      })
    }
    // account names come from the manifest: `constructor` or `toString` must
    // find their own entry, never what every object inherits
    return { version: 1, accounts: Object.assign(Object.create(null) as TokenFile['accounts'], f.accounts) }
  }

  /** Read-modify-write, one at a time within this process. */
  private update(change: (f: TokenFile) => void): Promise<void> {
    const run = this.queue.catch(() => undefined).then(async () => {
      const f = await this.read()
      change(f)
      await this.writeAtomic(JSON.stringify(f, null, 2) + '\n')
    })
    this.queue = run
    return run
  }

  private writeAtomic(text: string): Promise<void> {
    // refresh tokens: the file readable by its owner only, and its folder too
    return writeFileAtomic(this.path, text, { mode: 0o600, dirMode: 0o700 })
  }
}

const REFRESH_LOCK_WAIT_MS = 3 * 60_000
const REFRESH_LOCK_STALE_MS = 2 * 60_000

export interface AccountCredentials {
  /** the manifest's account name */
  name: string
  clientKey: string
  clientSecret: string
  /** the refresh token from the environment, used when the store has none */
  seedRefreshToken?: string
}

export interface TokenManagerOptions {
  client: Pick<TikTokClient, 'refreshToken'>
  store: TokenStore
  clock: Clock
  logger: Logger
  /** called with every secret value the moment it is known (the Action masks it) */
  onSecret?: (value: string) => void
  /** an access token this close to expiry is refreshed instead; default 5 min */
  marginMs?: number
  /** warn when the refresh token expires within this; default 14 days */
  refreshWarnMs?: number
  /** attempts to save a rotated refresh token; default 3 */
  saveAttempts?: number
  /**
   * Called after every refresh whose token was saved, with when the refresh
   * token now expires: the run records the date in the state (it is not a secret).
   */
  onRefreshed?: (account: string, rotation: { refreshExpiresAt: Date }) => void
}

const DAY = 24 * 60 * 60 * 1000

/**
 * Hands out access tokens per account, refreshing when needed. Two rules carry
 * the weight: a rotated refresh token is saved BEFORE the new access token is
 * handed out (if the save fails nobody gets the token, so nothing runs on an
 * account whose only working refresh token exists nowhere but in memory), and
 * refreshes of one account run one at a time (a second concurrent refresh
 * would present the already-rotated token and kill the account's grant).
 */
export class TokenManager {
  private readonly opts: TokenManagerOptions & { marginMs: number; refreshWarnMs: number; saveAttempts: number }
  private readonly cache = new Map<string, { token: string; expiresAt: number }>()
  /** what each account granted, from the last grant or the stored access token; absent when unknown */
  private readonly scopes = new Map<string, string[]>()
  private readonly locks = new KeyedSerial()
  /** accounts whose stored access token TikTok refused: the store's copy is stale too */
  private readonly skipStored = new Set<string>()
  /** the access token TikTok refused, per account: a different one in the store is another process's fresh one */
  private readonly refusedTokens = new Map<string, string>()

  constructor(options: TokenManagerOptions) {
    this.opts = { marginMs: 5 * 60_000, refreshWarnMs: 14 * DAY, saveAttempts: 3, ...options }
  }

  accessTokenFor(account: AccountCredentials): Promise<string> {
    return this.serialized(account.name, () => this.obtain(account))
  }

  /**
   * Refreshes now, whatever access token is cached: keep-alive needs TikTok to
   * hand out a new refresh token, which only a refresh does. Serialized with
   * every other refresh of the account, so it never presents a rotated-away token.
   */
  async renew(account: AccountCredentials): Promise<void> {
    await this.serialized(account.name, () => this.obtain(account, true))
  }

  /**
   * Runs `fn` with the account's access token; if TikTok calls the token
   * invalid (revoked or expired early), refreshes once and runs `fn` again.
   * Safe for inits too: access_token_invalid is a definite refusal, so TikTok
   * did nothing with the first attempt.
   */
  async withAccessToken<T>(account: AccountCredentials, fn: (accessToken: string) => Promise<T>): Promise<T> {
    const token = await this.accessTokenFor(account)
    try {
      return await fn(token)
    } catch (e) {
      if (!(e instanceof TikTokApiError) || e.code !== 'access_token_invalid') throw e
      this.opts.logger.info(`TikTok refused the cached access token of ${account.name}; refreshing it once.`)
      await this.serialized(account.name, async () => {
        // Another caller may already have replaced the refused token.
        if (this.cache.get(account.name)?.token === token) this.cache.delete(account.name)
        this.skipStored.add(account.name)
        this.refusedTokens.set(account.name, token)
      })
      return fn(await this.accessTokenFor(account))
    }
  }

  /**
   * The scopes the account granted, as of the access token last handed out;
   * undefined when no store kept them (a caller then asks TikTok and reads a
   * scope_not_authorized answer instead).
   */
  scopesOf(accountName: string): string[] | undefined {
    return this.scopes.get(accountName)
  }

  /** Forget a cached access token TikTok refused (access_token_invalid), so the next call refreshes. */
  invalidate(accountName: string): void {
    const refused = this.cache.get(accountName)?.token
    if (refused) this.refusedTokens.set(accountName, refused)
    else this.refusedTokens.delete(accountName)
    this.cache.delete(accountName)
    this.skipStored.add(accountName)
  }

  private serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(key, fn)
  }

  private fresh(expiresAt: number): boolean {
    return expiresAt - this.opts.clock.now().getTime() > this.opts.marginMs
  }

  private async obtain(account: AccountCredentials, force = false): Promise<string> {
    const name = account.name
    const cached = this.cache.get(name)
    if (cached && this.fresh(cached.expiresAt) && !force) return cached.token
    const stored = force ? undefined : await this.storedAccessToken(name)
    if (stored) return stored
    const lock = this.opts.store.withRefreshLock?.bind(this.opts.store)
    if (!lock) return this.refresh(account)
    // Another process may have refreshed while this one waited for the lock:
    // its access token is in the store, and its refresh token is the only live one.
    // A renewal (force) refreshes even then: it exists to get a new refresh
    // token, and inside the lock it presents the live one.
    return lock(name, async () => (force ? undefined : await this.storedAccessToken(name)) ?? this.refresh(account))
  }

  /** The store's access token while fresh, unless it is the one TikTok refused. */
  private async storedAccessToken(name: string): Promise<string | undefined> {
    const { store } = this.opts
    if (!store.getAccessToken) return undefined
    const stored = await store.getAccessToken(name).catch(() => undefined)
    if (!stored || !this.fresh(stored.expiresAt.getTime())) return undefined
    if (this.skipStored.has(name)) {
      const refused = this.refusedTokens.get(name)
      if (refused === undefined || refused === stored.token) return undefined
    }
    this.opts.onSecret?.(stored.token)
    this.cache.set(name, { token: stored.token, expiresAt: stored.expiresAt.getTime() })
    if (stored.scopes) this.scopes.set(name, stored.scopes)
    else this.scopes.delete(name)
    this.skipStored.delete(name)
    return stored.token
  }

  private async refresh(account: AccountCredentials): Promise<string> {
    const { store, logger, clock } = this.opts
    const name = account.name
    let refreshToken = (await store.getRefreshToken(name)) ?? account.seedRefreshToken
    if (!refreshToken) {
      throw new UserError(`No refresh token is known for TikTok account ${name}.`, {
        fix: `run \`tiktok-publish auth --account ${name}\`, or set the secret named by the account's refresh_token`
      })
    }
    this.opts.onSecret?.(refreshToken)

    let grant: TokenGrant
    for (let attempt = 1; ; attempt++) {
      try {
        grant = await this.opts.client.refreshToken({ clientKey: account.clientKey, clientSecret: account.clientSecret, refreshToken })
        break
      } catch (e) {
        if (e instanceof TikTokAuthError && e.grantDead) {
          // A run that does not take the lock (an older release, another
          // machine) may have rotated the token and saved the new one: that
          // one works, and the account needs nobody.
          const now = await store.getRefreshToken(name).catch(() => undefined)
          if (now && now !== refreshToken && attempt < 3) {
            this.opts.onSecret?.(now)
            logger.info(`TikTok refused the refresh token of ${name} this run started with; the token store now holds a newer one (another run rotated it), so this run uses that.`)
            refreshToken = now
            continue
          }
          const hint = store.explainDeadRefreshToken?.(name)
          throw new UserError(`TikTok refused the refresh token of account ${name} (invalid_grant): ${hint?.cause ?? 'it expired, was revoked, or was already used.'}`, {
            fix: hint?.fix ?? `run \`tiktok-publish auth --account ${name}\` and store the new refresh token`,
            cause: e
          })
        }
        if (e instanceof TikTokAuthError && (e.error === 'invalid_client' || e.error === 'unauthorized_client')) {
          throw new UserError(`TikTok refused the app credentials used for account ${name} (${e.error}).`, {
            fix: "check the app's client_key and client_secret secrets",
            cause: e
          })
        }
        throw e
      }
    }
    this.opts.onSecret?.(grant.accessToken)
    this.opts.onSecret?.(grant.refreshToken)

    const now = clock.now().getTime()
    const refreshExpiresAt = new Date(now + grant.refreshExpiresIn * 1000)
    failpoint('token-refreshed')
    if (grant.refreshToken !== refreshToken) {
      let lastError: unknown
      let saved = false
      for (let i = 0; i < this.opts.saveAttempts && !saved; i++) {
        try {
          await store.saveRefreshToken(name, grant.refreshToken, { expiresAt: refreshExpiresAt })
          saved = true
        } catch (e) {
          lastError = e
          if (i + 1 < this.opts.saveAttempts) await clock.sleep(500 * 2 ** i)
        }
      }
      if (!saved) {
        throw new UserError(
          `TikTok rotated the refresh token for ${name} but it could not be saved: ${redact(describe(lastError), [grant.refreshToken, grant.accessToken, refreshToken])}; the old token no longer works.`,
          {
            // a store that can say how to finish the write by hand (the Action's
            // sealed-box hand-off) beats authorizing the account all over again
            fix:
              lastError instanceof UserError && lastError.fix
                ? `${lastError.fix}; failing that, run \`tiktok-publish auth --account ${name}\``
                : `run \`tiktok-publish auth --account ${name}\` to authorize the account again`,
            cause: lastError
          }
        )
      }
    } else {
      await store.saveRefreshToken(name, grant.refreshToken, { expiresAt: refreshExpiresAt }).catch(() => undefined)
    }
    this.opts.onRefreshed?.(name, { refreshExpiresAt })

    if (grant.refreshExpiresIn * 1000 < this.opts.refreshWarnMs) {
      const days = Math.max(0, Math.floor((grant.refreshExpiresIn * 1000) / DAY))
      logger.warn(`The refresh token of TikTok account ${name} expires in ${days} day(s) (${refreshExpiresAt.toISOString()}); run \`tiktok-publish auth --account ${name}\` before then.`)
    }

    const expiresAt = now + grant.expiresIn * 1000
    this.cache.set(name, { token: grant.accessToken, expiresAt })
    // an answer without a scope list says nothing about what was granted
    const granted = grant.scope.length ? grant.scope : undefined
    if (granted) this.scopes.set(name, granted)
    else this.scopes.delete(name)
    this.skipStored.delete(name)
    this.refusedTokens.delete(name)
    if (store.saveAccessToken) {
      await store.saveAccessToken(name, grant.accessToken, new Date(expiresAt), granted).catch((e) => {
        logger.warn(`Could not cache the access token of ${name}: ${redact(describe(e), [grant.refreshToken, grant.accessToken])}.`)
      })
    }
    logger.info(`Refreshed the TikTok access token of ${name}; it is valid for ${Math.round(grant.expiresIn / 60)} minutes.`)
    return grant.accessToken
  }
}

/** An error's message without its stack; store errors carry paths, never tokens. */
function describe(e: unknown): string {
  if (e instanceof Error) return e.message.replace(/[.\s]+$/, '')
  return String(e)
}

// ---------------------------------------------------------------- PKCE (Login Kit)

export const TIKTOK_AUTHORIZE_URL = 'https://www.tiktok.com/v2/auth/authorize/'

export interface Pkce {
  verifier: string
  challenge: string
  method: 'S256'
}

/**
 * A fresh PKCE pair. TikTok's desktop guide wants the challenge as the HEX
 * SHA-256 of the verifier (not base64url as in RFC 7636).
 */
export function createPkce(): Pkce {
  // base64url of 48 random bytes: 64 characters, all in [A-Za-z0-9-_].
  const verifier = randomBytes(48).toString('base64url')
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' }
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('hex')
}

export function buildAuthorizeUrl(args: {
  baseAuthUrl?: string
  clientKey: string
  scopes: string[]
  redirectUri: string
  state: string
  challenge: string
}): string {
  const url = new URL(args.baseAuthUrl ?? TIKTOK_AUTHORIZE_URL)
  url.searchParams.set('client_key', args.clientKey)
  url.searchParams.set('scope', args.scopes.join(','))
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('redirect_uri', args.redirectUri)
  url.searchParams.set('state', args.state)
  url.searchParams.set('code_challenge', args.challenge)
  url.searchParams.set('code_challenge_method', 'S256')
  return url.toString()
}
