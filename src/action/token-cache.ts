/**
 * TikTok access tokens kept between Action runs in the Actions cache, so a run
 * within a token's lifetime (TikTok's `expires_in`, 2 h today) does not refresh, and so does not rotate the
 * refresh token and write a secret, again.
 *
 * Caches are readable by every workflow run of the repository, including pull
 * requests from forks, which get no secrets. So an entry is sealed with
 * AES-256-GCM under a key derived from the app's client_secret: whoever cannot
 * read the secret cannot read the token. The account name and expiry are bound
 * as associated data, so an entry cannot be replayed for another account or
 * given a longer life.
 */
import { createHash } from 'node:crypto'
import { createSealedCache, deriveSealingKey, seal, unseal, type SealedBox, type SealedCacheOptions } from './sealed-cache.js'

export interface AccessTokenCache {
  /** `scopes`: what the account granted with the token, when the entry kept them */
  get(account: string): Promise<{ token: string; expiresAt: Date; scopes?: string[] } | undefined>
  put(account: string, token: string, expiresAt: Date, scopes?: string[]): Promise<void>
}

/** What is stored: nothing in it is readable without the client secret. */
export interface SealedAccessToken extends SealedBox {
  /** 1: the ciphertext is the token; 2: it is JSON {token, scopes}, so the scopes travel sealed with it */
  v: 1 | 2
  /** ISO 8601; authenticated, not secret */
  expiresAt: string
}

const SALT = 'tiktok-publish access-token cache v1'

export function deriveCacheKey(clientSecret: string, account: string): Buffer {
  return deriveSealingKey(SALT, clientSecret, account)
}

function aad(account: string, expiresAt: string, v: 1 | 2): Buffer {
  // the version is bound too (from 2 on), so one kind of entry never opens as the other
  return Buffer.from(JSON.stringify(v === 1 ? ['tiktok-publish access token', account, expiresAt] : ['tiktok-publish access token', account, expiresAt, v]), 'utf8')
}

export function encryptAccessToken(key: Buffer, account: string, token: string, expiresAt: Date, scopes?: string[]): SealedAccessToken {
  const exp = expiresAt.toISOString()
  const v = scopes ? 2 : 1
  const plain = v === 2 ? JSON.stringify({ token, scopes }) : token
  return { v, ...seal(key, aad(account, exp, v), plain), expiresAt: exp }
}

/** The token, or undefined for anything that does not open: another key, another account, tampering, garbage. */
export function decryptAccessToken(key: Buffer, account: string, entry: unknown): { token: string; expiresAt: Date; scopes?: string[] } | undefined {
  if (!entry || typeof entry !== 'object') return undefined
  const e = entry as Partial<SealedAccessToken>
  if ((e.v !== 1 && e.v !== 2) || typeof e.expiresAt !== 'string') return undefined
  const expiresAt = new Date(e.expiresAt)
  if (Number.isNaN(expiresAt.getTime())) return undefined
  const plain = unseal(key, aad(account, e.expiresAt, e.v), e)
  if (plain === undefined) return undefined
  if (e.v === 1) return { token: plain, expiresAt }
  try {
    const opened = JSON.parse(plain) as { token?: unknown; scopes?: unknown }
    if (typeof opened.token !== 'string' || !Array.isArray(opened.scopes) || !opened.scopes.every((x) => typeof x === 'string')) return undefined
    return { token: opened.token, expiresAt, scopes: opened.scopes as string[] }
  } catch {
    return undefined
  }
}

/**
 * `tiktok-publish-token-<16 hex>-` names one (repository, account, app) without
 * revealing any of them; the suffix makes every save unique, since a cache key,
 * once saved, can never be overwritten. Restoring by the prefix finds the newest.
 */
export function cacheKeyPrefix(repo: string, account: string, clientKey: string): string {
  const id = createHash('sha256').update(JSON.stringify([repo, account, clientKey])).digest('hex').slice(0, 16)
  return `tiktok-publish-token-${id}-`
}

export type { CacheService } from './sealed-cache.js'

export interface ActionsAccessTokenCacheOptions extends SealedCacheOptions {
  now?: () => Date
}

/**
 * An AccessTokenCache on the Actions cache. Every failure (no cache service, a
 * refused save, a corrupt or foreign entry) is a cache miss: the run refreshes
 * instead, which costs one rotation and never a failure.
 */
export function createActionsAccessTokenCache(options: ActionsAccessTokenCacheOptions): AccessTokenCache {
  const logger = options.logger
  const now = options.now ?? (() => new Date())
  const cache = createSealedCache(options, {
    dirName: 'tiktok-publish-token-cache',
    keyPrefix: cacheKeyPrefix,
    deriveKey: deriveCacheKey,
    offMessage: (why) => `Access tokens are not cached between runs (${why}); each run refreshes them instead.`
  })

  return {
    async get(account) {
      const r = await cache.restore(account)
      if (!r?.hit) return undefined
      const opened = decryptAccessToken(r.key, account, r.entry)
      if (!opened) {
        logger.debug(`The cached access token of ${account} does not open with the current client secret; refreshing instead.`)
        return undefined
      }
      if (opened.expiresAt.getTime() <= now().getTime()) return undefined
      return opened
    },

    async put(account, token, expiresAt, scopes) {
      await cache.save(account, (key) => encryptAccessToken(key, account, token, expiresAt, scopes), String(Math.floor(expiresAt.getTime() / 1000)))
    }
  }
}
