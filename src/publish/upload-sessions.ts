import { readFile } from 'node:fs/promises'
import { writeFileAtomic } from '../fs-atomic.js'

/**
 * Upload URLs of uploads in progress, so a run that died mid-upload can be
 * finished by the next run on the same machine while the URL lives (one hour).
 * An upload URL is a short-lived credential: it is kept beside the token store,
 * readable by its owner only, and never in the state file or the repository.
 */
export interface UploadSessions {
  /** `account` lets a store keep each account's sessions apart (the Action seals them with that account's app secret) */
  get(publishId: string, account?: string): Promise<{ uploadUrl: string; expiresAt: string } | undefined>
  put(publishId: string, session: { uploadUrl: string; expiresAt: string }, account?: string): Promise<void>
  delete(publishId: string, account?: string): Promise<void>
  /** bytes TikTok has acknowledged; a store may keep it, it must not slow the upload */
  progress?(publishId: string, bytesSent: number, account?: string): void
}

export class MemoryUploadSessions implements UploadSessions {
  private readonly map = new Map<string, { uploadUrl: string; expiresAt: string }>()
  async get(id: string) {
    return this.map.get(id)
  }
  async put(id: string, s: { uploadUrl: string; expiresAt: string }) {
    this.map.set(id, s)
  }
  async delete(id: string) {
    this.map.delete(id)
  }
}

type SessionFile = Record<string, { uploadUrl: string; expiresAt: string }>

export class FileUploadSessions implements UploadSessions {
  private queue: Promise<unknown> = Promise.resolve()
  constructor(private readonly path: string) {}

  async get(id: string) {
    return (await this.read())[id]
  }
  put(id: string, s: { uploadUrl: string; expiresAt: string }) {
    return this.update((all) => {
      // expired sessions are useless: drop them whenever the file is written
      const now = Date.now()
      for (const [k, v] of Object.entries(all)) if (Date.parse(v.expiresAt) < now) delete all[k]
      all[id] = s
    })
  }
  delete(id: string) {
    return this.update((all) => {
      delete all[id]
    })
  }

  private async read(): Promise<SessionFile> {
    try {
      const parsed = JSON.parse(await readFile(this.path, 'utf8')) as unknown
      // keyed by publish ids TikTok hands out: no key may reach an inherited property
      return Object.assign(Object.create(null) as SessionFile, parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {})
    } catch {
      // a missing or damaged file only costs the chance to resume an upload
      return Object.create(null) as SessionFile
    }
  }

  private update(change: (all: SessionFile) => void): Promise<void> {
    const run = this.queue.then(async () => {
      const all = await this.read()
      change(all)
      // upload URLs are credentials: owner-only, beside the token store
      await writeFileAtomic(this.path, JSON.stringify(all, null, 2) + '\n', { mode: 0o600, dirMode: 0o700 })
    })
    this.queue = run.catch(() => undefined)
    return run
  }
}
