import type { Clock } from '../clock.js'
import type { Logger } from '../logger.js'
import type { AccountConfig, Manifest, Post, PostTarget } from '../manifest/model.js'
import type { MediaFacts } from '../media/index.js'
import type { PhotoFacts } from '../media/image.js'
import type { Plan } from '../plan/index.js'
import { getAccountState, getRecord, setAccountState, setRecord, type AccountState, type State, type StateRecord } from '../state/index.js'
import { classifyErrorCode, type FailClass } from '../rules/rulebook.js'
import { isBug } from '../rules/exceptions.js'
import type { TikTokClient } from '../tiktok/client.js'
import { TikTokApiError } from '../tiktok/errors.js'
import type { Checkpointer } from './checkpoint.js'
import { MemoryUploadSessions, type UploadSessions } from './upload-sessions.js'

/*
 * The engine's shared room: what one run knows (options, tokens, outcomes,
 * what stops it) and the small helpers every step uses. The steps themselves
 * live beside it: engine-account (token and creator), engine-init (claim and
 * init), engine-upload, engine-poll, engine-resume (resume and reconcile) and
 * engine-outcomes (failures, holds, caps).
 */

/** What the engine needs to get a usable access token for an account. */
export interface AccessTokens {
  accessTokenFor(account: AccountConfig): Promise<{ token: string; scopes?: string[] }>
  /** forget a cached access token TikTok refused, so the next call refreshes */
  invalidate?(account: AccountConfig): void
}

export interface EngineOptions {
  manifest: Manifest
  /**
   * The working state. State values are immutable; the engine replaces
   * `box.current` at each step and the checkpointer's sink saves whatever is
   * current when it runs.
   */
  box: { current: State }
  checkpointer: Checkpointer
  media: Map<string, MediaFacts>
  client: TikTokClient
  tokens: AccessTokens
  clock: Clock
  logger: Logger
  runId: string
  /** Commit that approved the posts (the Action's sha), recorded on each claim. */
  approvedBy?: string
  /** After this many ms no new post is initiated and polling stops; in-flight posts resume next run. */
  timeBudgetMs: number
  /** The plan computed from `box.current` at the start of the run. */
  plan: Plan
  /** Accounts worked on at once. Each account's own posts go in order. */
  accountConcurrency?: number
  /** Waits between status polls; the last one repeats. */
  pollIntervalsMs?: number[]
  /** preferred upload chunk size in bytes (5 MiB to 64,000,000; TikTok's rules adjust it); default 64,000,000, the fewest requests */
  chunkSizeBytes?: number
  /** where upload URLs of uploads in progress are kept, so a later run can finish them */
  uploads?: UploadSessions
  onUploadProgress?: (event: { post: string; account: string; sent: number; total: number }) => void
  /** photo posts' images (committed digests), by post id */
  photos?: Map<string, PhotoFacts>
  /** where served photos are fetched from instead (URL prefix → replacement), for rehearsals against a local server */
  servedRewrite?: Record<string, string>
}

export type OutcomeStatus = 'published' | 'inbox' | 'processing' | 'failed' | 'deferred' | 'unknown' | 'claimed'

export interface PairOutcome {
  post: string
  account: string
  status: OutcomeStatus
  publish_id?: string
  video_id?: string
  url?: string
  /** one sentence for people */
  message?: string
  error?: { code: string; class: FailClass; log_id?: string }
}

/** A FILE_UPLOAD upload_url lives one hour at TikTok; past that an unfinished upload can never complete. */
export const UPLOAD_URL_LIFETIME_MS = 60 * 60 * 1000

/**
 * Thrown to a worker when another worker's state save failed: it stops before
 * its next TikTok call, and the run reports the first error, once.
 */
export class RunStopped extends Error {
  override name = 'RunStopped'
  constructor(readonly first: unknown) {
    super('the run stopped after an earlier error')
  }
}

/** A thrown error as the outcomes and records say it. */
export interface Classified {
  message: string
  error: PairOutcome['error']
  cls: FailClass
  /** TikTok's own words, without the advice */
  said: string
  /** the rulebook's advice for the code ('' for an answer that is not TikTok's) */
  advice: string
}

export class EngineRun {
  readonly outcomes: PairOutcome[] = []
  /** the first error that stopped the run (a state save that failed); every worker stops at its next TikTok call */
  stopped: unknown
  /** each account's current access token; replaced when TikTok refuses it mid-run */
  readonly auth = new Map<string, { token: string; scopes?: string[] }>()
  /** each account's TikTok username, for post URLs */
  readonly usernames = new Map<string, string | undefined>()
  /** new inits made in this run per pair after its upload died */
  readonly reinits = new Map<string, number>()
  /** the options, with the client, tokens and checkpointer guarded by `stopped` */
  readonly o: EngineOptions
  readonly uploads: UploadSessions
  /** publish_ids whose upload this run completed */
  readonly uploaded = new Set<string>()
  /** apps TikTok said reached_active_user_cap for: no more inits for their accounts this run */
  readonly appsCapped = new Set<string>()
  /** accounts TikTok refused as a whole (needs a person): their other posts are not tried this run */
  readonly accountsStopped = new Map<string, string>()

  constructor(
    options: EngineOptions,
    private readonly deadline: number
  ) {
    this.uploads = options.uploads ?? new MemoryUploadSessions()
    // Every TikTok call, token refresh and save passes a check of `stopped`:
    // once one save has failed, nothing more is sent or saved by any worker.
    const guard = (): void => this.guard()
    const client = new Proxy(options.client, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver)
        if (typeof value !== 'function') return value
        return (...args: unknown[]) => {
          guard()
          return (value as (...a: unknown[]) => unknown).apply(target, args)
        }
      }
    })
    const checkpointer = {
      checkpoint: async (reason: string): Promise<void> => {
        guard()
        try {
          await options.checkpointer.checkpoint(reason)
        } catch (error) {
          this.stop(error)
          throw error
        }
      }
    } as unknown as Checkpointer
    const tokens: AccessTokens = {
      accessTokenFor: (account) => {
        guard()
        return options.tokens.accessTokenFor(account)
      },
      invalidate: options.tokens.invalidate?.bind(options.tokens)
    }
    this.o = { ...options, client, checkpointer, tokens }
  }

  /** Throws when the run is stopping: called before each TikTok call and save. */
  guard(): void {
    if (this.stopped !== undefined) throw new RunStopped(this.stopped)
  }

  stop(error: unknown): void {
    if (this.stopped === undefined && !(error instanceof RunStopped)) this.stopped = error
  }

  /**
   * Rethrows when the run is stopping, or when the error is a bug: a caller's
   * catch must not turn either into an outcome. A bug stops the run like a
   * kill at that point (nothing more is sent or saved), so every record stays
   * as the crash guarantees leave it and nothing is retried on a bug's word.
   */
  passStop(error: unknown): void {
    if (error instanceof RunStopped || this.stopped !== undefined) throw error instanceof RunStopped ? error : new RunStopped(this.stopped)
    if (isBug(error)) throw error
  }

  /**
   * Calls TikTok with the account's access token. TikTok's 401
   * access_token_invalid (the token expired or was revoked mid-run) refused the
   * call before acting on it, so the token is refreshed once and the call
   * repeated, an init included.
   */
  async authed<T>(account: string, call: (token: string) => Promise<T>): Promise<T> {
    const auth = this.auth.get(account)!
    const used = auth.token
    try {
      return await call(used)
    } catch (error) {
      if (!(error instanceof TikTokApiError && error.code === 'access_token_invalid') || !this.o.tokens.invalidate) throw error
      // another call of this account may have refreshed it meanwhile
      if (auth.token === used) {
        this.o.tokens.invalidate(this.o.manifest.accounts[account])
        const fresh = await this.o.tokens.accessTokenFor(this.o.manifest.accounts[account])
        auth.token = fresh.token
        if (fresh.scopes) auth.scopes = fresh.scopes
        this.o.logger.info(`${account}: TikTok refused the access token (access_token_invalid); refreshed it and repeated the call`)
      }
      return await call(auth.token)
    }
  }

  now(): Date {
    return this.o.clock.now()
  }
  timeLeft(): boolean {
    return this.now().getTime() < this.deadline
  }
  post(id: string): Post {
    const post = this.o.manifest.posts.find((p) => p.id === id)
    if (!post) throw new Error(`plan names post ${id} that is not in the manifest`)
    return post
  }
  target(post: Post, account: string): PostTarget {
    const t = post.targets.find((x) => x.account === account)
    if (!t) throw new Error(`plan names account ${account} that post ${post.id} does not target`)
    return t
  }
  record(post: string, account: string): StateRecord | undefined {
    return getRecord(this.o.box.current, post, account)
  }
  setRecord(post: string, account: string, record: StateRecord): void {
    this.o.box.current = setRecord(this.o.box.current, post, account, { ...record, updated_at: this.now().toISOString() })
  }
  accountState(account: string): AccountState | undefined {
    return getAccountState(this.o.box.current, account)
  }
  updateAccount(account: string, change: Partial<AccountState>): void {
    this.o.box.current = setAccountState(this.o.box.current, account, { ...(this.accountState(account) ?? {}), ...change })
  }
  outcome(o: PairOutcome): void {
    this.outcomes.push(o)
  }
  checkpoint(label: string): Promise<void> {
    return this.o.checkpointer.checkpoint(label)
  }

  /** Why a pair may not be initiated now in this run, or undefined when it may. */
  initBlocked(account: string): string | undefined {
    if (!this.timeLeft()) return 'time budget used up; next run'
    const stopped = this.accountsStopped.get(account)
    if (stopped) return `not tried: ${stopped}`
    if (this.appsCapped.has(this.o.manifest.accounts[account].app) || this.isHeld(account)) return 'account held by a TikTok cap; a later run publishes it'
    return undefined
  }

  isHeld(account: string): boolean {
    const hold = this.accountState(account)?.hold
    return !!hold && new Date(hold.until).getTime() > this.now().getTime()
  }

  classify(error: unknown): Classified {
    this.passStop(error)
    if (error instanceof TikTokApiError) {
      const c = classifyErrorCode(error.code)
      return {
        message: `${error.message} ${c.advice}`.trim(),
        error: { code: error.code, class: c.class, log_id: error.logId },
        cls: c.class,
        said: error.message,
        advice: c.advice
      }
    }
    const message = error instanceof Error ? error.message : String(error)
    return { message, error: { code: 'error', class: 'retryable' }, cls: 'retryable', said: message, advice: '' }
  }

  /** How many bytes the pair's video has: the size the init declared, else the file's. */
  videoSize(post: string, record: StateRecord): number | undefined {
    const saved = (record as { video_size?: unknown }).video_size
    return typeof saved === 'number' ? saved : this.o.media.get(post)?.sizeBytes
  }
}
