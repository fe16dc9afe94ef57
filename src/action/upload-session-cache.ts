/**
 * Upload sessions kept between Action jobs in the Actions cache, so that a job
 * killed mid-upload (a runner lost, a timeout, a cancelled workflow) is
 * finished by the next job, on a fresh runner and a fresh clone, with the same
 * publish_id while TikTok's upload URL lives (one hour). Without it the URL
 * died with the runner and the post waited for the URL to expire.
 *
 * An upload URL is a short-lived credential, and Actions caches are readable
 * by every workflow run of the repository, pull requests from forks included.
 * So, as in the access-token cache, an entry is sealed with AES-256-GCM under
 * a key derived (HKDF-SHA256) from the account's app client_secret, with the
 * account bound as associated data: whoever cannot read the secret cannot
 * read or forge a session. Nothing of it goes to the state file, a log or a
 * commit.
 */
import { createHash } from 'node:crypto'
import type { UploadSessions } from '../publish/upload-sessions.js'
import { createSealedCache, deriveSealingKey, seal, unseal, type SealedBox, type SealedCacheOptions } from './sealed-cache.js'

/** One live upload: the URL TikTok gave with the publish_id, when it dies, how many bytes TikTok had acknowledged when it was saved. */
export interface UploadSession {
  uploadUrl: string
  expiresAt: string
  bytesSent: number
}

export type SessionSet = Record<string, UploadSession>

export interface SealedSessions extends SealedBox {
  v: 1
}

// another salt than the access-token cache's: a key for one purpose never opens the other
const SALT = 'tiktok-publish upload-session cache v1'

export function deriveSessionKey(clientSecret: string, account: string): Buffer {
  return deriveSealingKey(SALT, clientSecret, account)
}

function aad(account: string): Buffer {
  return Buffer.from(JSON.stringify(['tiktok-publish upload sessions', account]), 'utf8')
}

export function sealSessions(key: Buffer, account: string, sessions: SessionSet): SealedSessions {
  return { v: 1, ...seal(key, aad(account), JSON.stringify(sessions)) }
}

/** The sessions, or undefined for anything that does not open: another key, another account, tampering, garbage. */
export function openSessions(key: Buffer, account: string, entry: unknown): SessionSet | undefined {
  if (!entry || typeof entry !== 'object') return undefined
  const e = entry as Partial<SealedSessions>
  if (e.v !== 1) return undefined
  const text = unseal(key, aad(account), e)
  if (text === undefined) return undefined
  try {
    const parsed = JSON.parse(text) as unknown
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined
    const out: SessionSet = {}
    for (const [id, s] of Object.entries(parsed as Record<string, Partial<UploadSession>>)) {
      if (typeof s?.uploadUrl === 'string' && typeof s.expiresAt === 'string') out[id] = { uploadUrl: s.uploadUrl, expiresAt: s.expiresAt, bytesSent: typeof s.bytesSent === 'number' ? s.bytesSent : 0 }
    }
    return out
  } catch {
    return undefined
  }
}

/**
 * `tiktok-publish-upload-<16 hex>-` names one (repository, account, app)
 * without revealing them. A cache key, once saved, can never be saved again,
 * so every save of the set gets a key of its own (run id, attempt, a counter)
 * and a restore asks for the prefix: the cache answers with the newest entry
 * under it, i.e. the set as the last job left it. One entry per account keeps
 * two matrix shards (which split accounts) from hiding each other's sessions.
 */
export function uploadSessionKeyPrefix(repo: string, account: string, clientKey: string): string {
  const id = createHash('sha256').update(JSON.stringify(['upload-sessions', repo, account, clientKey])).digest('hex').slice(0, 16)
  return `tiktok-publish-upload-${id}-`
}

export interface ActionsUploadSessionsOptions extends SealedCacheOptions {
  now?: () => Date
}

interface AccountSessions {
  sessions: SessionSet
  dirty: boolean
  saving?: Promise<void>
}

/**
 * UploadSessions on the Actions cache. Every failure (no cache service, a
 * refused save, an entry that does not open) costs only the resume: the next
 * job then waits for the URL to expire, as it did without this store.
 */
export function createActionsUploadSessions(options: ActionsUploadSessionsOptions): UploadSessions {
  const logger = options.logger
  const now = options.now ?? (() => new Date())
  const accounts = new Map<string, Promise<AccountSessions | undefined>>()
  const cache = createSealedCache(options, {
    dirName: 'tiktok-publish-upload-sessions',
    keyPrefix: uploadSessionKeyPrefix,
    deriveKey: deriveSessionKey,
    offMessage: (why) => `Upload sessions are not kept between jobs (${why}); a job that dies mid-upload is finished once its upload URL expires instead.`
  })

  const live = (s: UploadSession) => Date.parse(s.expiresAt) > now().getTime()

  async function restore(account: string): Promise<AccountSessions | undefined> {
    const r = await cache.restore(account)
    if (!r) return undefined
    let sessions: SessionSet = {}
    if (r.hit) {
      const opened = openSessions(r.key, account, r.entry)
      if (!opened) logger.debug(`The cached upload sessions of ${account} do not open with the current client secret; starting afresh.`)
      sessions = Object.fromEntries(Object.entries(opened ?? {}).filter(([, v]) => live(v)))
    }
    return { sessions, dirty: false }
  }

  function load(account: string): Promise<AccountSessions | undefined> {
    let p = accounts.get(account)
    if (!p) {
      p = restore(account)
      accounts.set(account, p)
    }
    return p
  }

  /** Saves the account's set; saves asked for while one is in flight share the next one. */
  function save(account: string, st: AccountSessions): Promise<void> {
    st.dirty = true
    if (!st.saving) {
      st.saving = (async () => {
        while (st.dirty && !cache.off) {
          st.dirty = false
          const sessions = { ...st.sessions }
          await cache.save(account, (key) => sealSessions(key, account, sessions))
        }
        st.saving = undefined
      })()
    }
    return st.saving
  }

  return {
    async get(publishId, account) {
      if (!account) return undefined
      const st = await load(account)
      const s = st?.sessions[publishId]
      return s && live(s) ? { uploadUrl: s.uploadUrl, expiresAt: s.expiresAt } : undefined
    },
    async put(publishId, session, account) {
      if (!account) return
      const st = await load(account)
      if (!st) return
      for (const [id, s] of Object.entries(st.sessions)) if (!live(s)) delete st.sessions[id]
      st.sessions[publishId] = { ...session, bytesSent: 0 }
      // awaited: the publish_id is made durable next, and a job that finds it must find the URL too
      await save(account, st)
    },
    progress(publishId, bytesSent, account) {
      if (!account) return
      void load(account).then((st) => {
        const s = st?.sessions[publishId]
        if (!st || !s) return
        s.bytesSent = bytesSent
        // not awaited: the upload never waits for the cache
        void save(account, st)
      })
    },
    async delete(publishId, account) {
      if (!account) return
      const st = await accounts.get(account)
      if (!st || !(publishId in st.sessions)) return
      delete st.sessions[publishId]
      await save(account, st)
    }
  }
}
