/**
 * What the Action's two caches of secrets (access tokens, upload sessions)
 * share: per account, one entry in the Actions cache, sealed under a key
 * derived from the account's app client_secret, restored by key prefix (the
 * newest entry wins) and saved under a key of its own each time (a cache key,
 * once saved, can never be saved again). Every failure turns the cache off
 * for the run with one info line; what each cache seals, and what a miss
 * costs, stays with that cache.
 */
import * as actionsCache from '@actions/cache'
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Logger } from '../logger.js'

/** An AES-256-GCM ciphertext as an entry stores it, each part base64. */
export interface SealedBox {
  /** 12 bytes */
  iv: string
  /** 16 bytes */
  tag: string
  ciphertext: string
}

/** A 32-byte key from the app's client_secret; each cache has a salt of its own, so a key for one never opens the other. */
export function deriveSealingKey(salt: string, clientSecret: string, account: string): Buffer {
  return Buffer.from(hkdfSync('sha256', clientSecret, salt, account, 32))
}

/** `aad` is authenticated, not secret: what it binds (the account, an expiry) cannot be swapped without the open failing. */
export function seal(key: Buffer, aad: Buffer, plain: string): SealedBox {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(aad)
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') }
}

/** The plaintext, or undefined for anything that does not open: another key or aad, tampering, a malformed box. */
export function unseal(key: Buffer, aad: Buffer, box: Partial<SealedBox>): string | undefined {
  if (typeof box.iv !== 'string' || typeof box.tag !== 'string' || typeof box.ciphertext !== 'string') return undefined
  try {
    const iv = Buffer.from(box.iv, 'base64')
    const tag = Buffer.from(box.tag, 'base64')
    if (iv.length !== 12 || tag.length !== 16) return undefined
    const decipher = createDecipheriv('aes-256-gcm', key, iv)
    decipher.setAAD(aad)
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(Buffer.from(box.ciphertext, 'base64')), decipher.final()]).toString('utf8')
  } catch {
    return undefined
  }
}

/** The parts of @actions/cache used here; @github/local-action's stand-in lacks isFeatureAvailable. */
export interface CacheService {
  isFeatureAvailable?: () => boolean
  restoreCache(paths: string[], primaryKey: string, restoreKeys?: string[]): Promise<string | undefined>
  saveCache(paths: string[], key: string): Promise<number>
}

/** What the caller of either cache passes. */
export interface SealedCacheOptions {
  /** owner/repo */
  repo: string
  /** per account: the app credentials the key and the cache name derive from */
  credentials: (account: string) => { clientKey: string; clientSecret: string } | undefined
  logger: Logger
  /** where an entry is written before saving and restored to; default a fixed folder in the OS temp dir */
  dir?: string
  /** makes cache keys unique per run; default GITHUB_RUN_ID.GITHUB_RUN_ATTEMPT */
  runId?: string
  /** default: @actions/cache */
  service?: CacheService
}

/** What one cache is made of. */
export interface SealedCacheKind {
  /** the folder's name under the OS temp dir */
  dirName: string
  keyPrefix(repo: string, account: string, clientKey: string): string
  deriveKey(clientSecret: string, account: string): Buffer
  /** the info line written once when the cache turns off */
  offMessage(why: string): string
}

export interface SealedCache {
  /** true once the cache is off for the rest of the run */
  readonly off: boolean
  /**
   * The entry last saved for the account, parsed but still sealed, with the
   * key that opens it: `entry` is undefined on a miss or an unreadable file.
   * Undefined when the cache is off, fails, or the account has no credentials.
   */
  restore(account: string): Promise<{ key: Buffer; hit: boolean; entry: unknown } | undefined>
  /**
   * Saves what `seal` makes of the account's key, under the prefix, then
   * `label-` when given, then the run id and a counter.
   */
  save(account: string, seal: (key: Buffer) => unknown, label?: string): Promise<void>
}

export function createSealedCache(options: SealedCacheOptions, kind: SealedCacheKind): SealedCache {
  const service: CacheService = options.service ?? (actionsCache as unknown as CacheService)
  // @actions/cache hashes the entry's path into its version, and a restore
  // finds only entries of the same version: the path must be the same in
  // every run on every runner. $RUNNER_TEMP differs on self-hosted runners
  // (and between test runs), so every restore would miss; the OS temp dir's
  // path does not move.
  const dir = options.dir ?? join(tmpdir(), kind.dirName)
  const runId = options.runId ?? `${process.env.GITHUB_RUN_ID ?? 'local'}.${process.env.GITHUB_RUN_ATTEMPT ?? '1'}`
  let off = false
  let saves = 0

  function disable(why: string): void {
    if (off) return
    off = true
    options.logger.info(kind.offMessage(why))
  }

  function available(): boolean {
    if (off) return false
    if (typeof service.isFeatureAvailable === 'function') {
      let ok = false
      try {
        ok = service.isFeatureAvailable()
      } catch {
        ok = false
      }
      if (!ok) disable('no Actions cache service is available to this run')
    }
    return !off
  }

  function setup(account: string): { key: Buffer; prefix: string; file: string } | undefined {
    const cred = options.credentials(account)
    if (!cred) return undefined
    const prefix = kind.keyPrefix(options.repo, account, cred.clientKey)
    return { key: kind.deriveKey(cred.clientSecret, account), prefix, file: join(dir, `${prefix.slice(0, -1)}.json`) }
  }

  return {
    get off() {
      return off
    },

    async restore(account) {
      if (!available()) return undefined
      const s = setup(account)
      if (!s) return undefined
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 })
        await rm(s.file, { force: true })
        const hit = await service.restoreCache([s.file], s.prefix, [s.prefix])
        if (!hit) return { key: s.key, hit: false, entry: undefined }
        const text = await readFile(s.file, 'utf8').catch(() => undefined)
        await rm(s.file, { force: true })
        let entry: unknown
        try {
          entry = text === undefined ? undefined : JSON.parse(text)
        } catch {
          entry = undefined
        }
        return { key: s.key, hit: true, entry }
      } catch (e) {
        disable(`the Actions cache failed: ${describe(e)}`)
        return undefined
      }
    },

    async save(account, seal, label) {
      if (!available()) return
      const s = setup(account)
      if (!s) return
      try {
        const entry = seal(s.key)
        await mkdir(dir, { recursive: true, mode: 0o700 })
        await writeFile(s.file, JSON.stringify(entry), { mode: 0o600 })
        await chmod(s.file, 0o600)
        const id = await service.saveCache([s.file], `${s.prefix}${label === undefined ? '' : `${label}-`}${runId}-${++saves}`)
        // @actions/cache reports most failures as -1 (after its own warning) rather than throwing.
        if (id === -1) disable('the Actions cache did not accept the entry')
      } catch (e) {
        disable(`the Actions cache failed: ${describe(e)}`)
      } finally {
        await rm(s.file, { force: true }).catch(() => undefined)
      }
    }
  }
}

/** Class and message without query strings: cache errors can carry signed storage URLs. */
function describe(e: unknown): string {
  const name = e instanceof Error ? e.name : 'error'
  const message = e instanceof Error ? e.message : String(e)
  return `${name}: ${message.replace(/\?\S*/g, '?…').replace(/\s+/g, ' ').slice(0, 200)}`
}
