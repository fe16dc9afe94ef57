import type { Clock } from '../clock.js'
import { UserError } from '../errors.js'
import type { Logger } from '../logger.js'
import type { AccountConfig, Manifest, Post, PostTarget } from '../manifest/model.js'
import { recordedVideo, type MediaFacts } from '../media/index.js'
import type { Plan, PlanAction } from '../plan/index.js'
import { fingerprint, getAccountState, getRecord, setAccountState, setRecord, type AccountState, type State, type StateRecord } from '../state/index.js'
import { claimedAt, claimPrivacy, settleBeforeList, settleWithList, type ListCheck } from '../state/transitions/reconcile.js'
import { classifyErrorCode, classifyFailReason, type FailClass } from '../tiktok/fail-reasons.js'
import type { CreatorInfo, TikTokClient } from '../tiktok/client.js'
import { TikTokApiError } from '../tiktok/errors.js'
import { planChunks, uploadFile } from '../tiktok/upload.js'
import { deferredMessage, releaseDeadUpload, releaseInterruptedClaim } from '../state/transitions/retry.js'
import { claim, deferred, failed, initiated, polled, uploadAbandoned, uploaded } from '../state/transitions/record.js'
import type { Checkpointer } from './checkpoint.js'
import { MemoryUploadSessions, type UploadSessions } from './upload-sessions.js'
import { failpoint } from '../failpoint.js'
import { nextLocalMidnight } from '../plan/time.js'
import { isPublicAccount, publicAccountRefusal } from '../plan/public-account.js'
import type { PhotoFacts } from '../media/image.js'
import { isPhotoRecord } from '../state/transitions/photo.js'
import { publishPhoto, reconcilePhoto, type PhotoHost } from './photo.js'
import { ServedChecks } from './served.js'

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

export interface EngineResult {
  plan: Plan
  outcomes: PairOutcome[]
  /** a post failed in a way that needs attention (caps and waits are not failures) */
  failed: boolean
}

const DEFAULT_POLL_MS = [1000, 2000, 3000, 5000, 8000, 10000]
/**
 * Accounts worked on at once. TikTok's limits are per access token, i.e. per
 * account, so more accounts at once cannot cause a 429; what it saves is the
 * time a worker sleeps between status polls of one account's posts.
 */
export const DEFAULT_ACCOUNT_CONCURRENCY = 16
/** A FILE_UPLOAD upload_url lives one hour at TikTok; past that an unfinished upload can never complete. */
const UPLOAD_URL_LIFETIME_MS = 60 * 60 * 1000
/** answers to video/list that the next run would get again: the claim goes to a person at once */
const LIST_REFUSALS = new Set(['scope_not_authorized', 'scope_permission_missed'])
/**
 * A retryable failure is reported as deferred (the run stays green) while the
 * pair has failed fewer times than this; from then on it is reported failed,
 * still retried on schedule, so a fault that never clears reaches a person.
 */
const QUIET_FAILURES = 3
/** New inits of one pair in one run after its upload died (403, 404, 416): bounded, so a broken upload host cannot loop. */
const REINITS_PER_RUN = 2
/** Chunk answers after which only TikTok's status tells whether the upload can go on. */
const DEAD_UPLOAD_CODES = new Set(['upload_url_expired', 'upload_not_found', 'range_mismatch'])

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
/** refusals about the account, not the post: every other post of the account would get the same */
const ACCOUNT_WIDE_CODES = new Set([
  'unaudited_client_can_only_post_to_private_accounts',
  'spam_risk_user_banned_from_posting',
  'scope_not_authorized',
  'scope_permission_missed',
  'access_token_invalid',
  'auth_removed',
  'spam_risk'
])

/**
 * Publishes what the plan says. Order per pair: token → creator info → claim
 * (durable) → init → publish_id (durable) → upload → poll → final (durable).
 * The token comes before the claim so that an account whose token cannot be
 * refreshed never leaves a claim behind that a person would have to settle.
 */
export async function runEngine(options: EngineOptions): Promise<EngineResult> {
  const start = options.clock.now().getTime()
  const deadline = start + options.timeBudgetMs
  const plan = options.plan
  const work = new Map<string, PlanAction[]>()
  for (const action of plan.actions) {
    // a post removed from the manifest while TikTok had it is still polled to
    // its end, so the state says what became of it
    const record = getRecord(options.box.current, action.post, action.account)
    const inFlightOrphan =
      action.kind === 'orphaned' && record?.status === 'processing' && !!record.publish_id && !!options.manifest.accounts[action.account]
    if (action.kind !== 'publish' && action.kind !== 'retry' && action.kind !== 'resume' && !inFlightOrphan) continue
    const list = work.get(action.account) ?? []
    list.push(action)
    work.set(action.account, list)
  }
  const run = new EngineRun(options, deadline)
  const accounts = [...work.keys()]
  const concurrency = Math.max(1, options.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY)
  let index = 0
  const workers = Array.from({ length: Math.min(concurrency, accounts.length) }, async () => {
    while (index < accounts.length && run.stopped === undefined) {
      const name = accounts[index++]
      try {
        await run.account(name, work.get(name)!)
      } catch (error) {
        run.stop(error)
      }
    }
  })
  // every worker ends before the caller may close the client under them
  await Promise.allSettled(workers)
  if (run.stopped !== undefined) throw run.stopped
  await options.checkpointer.checkpoint('run finished')
  const failed = run.outcomes.some((o) => o.status === 'failed' || o.status === 'unknown')
  return { plan, outcomes: run.outcomes, failed }
}

/**
 * Whether TikTok holds every byte of an upload. TikTok reports
 * PROCESSING_UPLOAD both while bytes are missing and while a finished upload
 * is processed; only uploaded_bytes tells them apart.
 */
function uploadState(status: { uploadedBytes?: number }, size: number | undefined): 'complete' | 'incomplete' | 'unknown' {
  if (status.uploadedBytes === undefined || size === undefined) return 'unknown'
  return status.uploadedBytes >= size ? 'complete' : 'incomplete'
}

/** The state's creator cache from a creator_info answer. */
export function creatorCacheEntry(info: CreatorInfo, account: string, now: Date): Pick<AccountState, 'creator' | 'checked_at'> {
  return {
    creator: {
      nickname: info.nickname ?? info.username ?? account,
      privacy_level_options: info.privacyLevelOptions,
      max_video_post_duration_sec: info.maxVideoPostDurationSec ?? 600,
      comment_disabled: info.commentDisabled,
      duet_disabled: info.duetDisabled,
      stitch_disabled: info.stitchDisabled
    },
    checked_at: now.toISOString()
  }
}

class EngineRun {
  readonly outcomes: PairOutcome[] = []
  /** the first error that stopped the run (a state save that failed); every worker stops at its next TikTok call */
  stopped: unknown
  /** each account's current access token; replaced when TikTok refuses it mid-run */
  private readonly auth = new Map<string, { token: string; scopes?: string[] }>()
  /** each account's TikTok username, for post URLs */
  private readonly usernames = new Map<string, string | undefined>()
  /** new inits made in this run per pair after its upload died */
  private readonly reinits = new Map<string, number>()
  private readonly o: EngineOptions
  private readonly uploads: UploadSessions
  /** publish_ids whose upload this run completed */
  private readonly uploaded = new Set<string>()
  /** apps TikTok said reached_active_user_cap for: no more inits for their accounts this run */
  private readonly appsCapped = new Set<string>()
  /** accounts TikTok refused as a whole (needs a person): their other posts are not tried this run */
  private readonly accountsStopped = new Map<string, string>()

  constructor(
    options: EngineOptions,
    private readonly deadline: number
  ) {
    this.uploads = options.uploads ?? new MemoryUploadSessions()
    // Every TikTok call, token refresh and save passes a check of `stopped`:
    // once one save has failed, nothing more is sent or saved by any worker.
    const guard = (): void => {
      if (this.stopped !== undefined) throw new RunStopped(this.stopped)
    }
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

  stop(error: unknown): void {
    if (this.stopped === undefined && !(error instanceof RunStopped)) this.stopped = error
  }

  /** Rethrows when the run is stopping: a caller's catch must not turn that into an outcome. */
  private passStop(error: unknown): void {
    if (error instanceof RunStopped || this.stopped !== undefined) throw error instanceof RunStopped ? error : new RunStopped(this.stopped)
  }

  /**
   * Calls TikTok with the account's access token. TikTok's 401
   * access_token_invalid (the token expired or was revoked mid-run) refused the
   * call before acting on it, so the token is refreshed once and the call
   * repeated, an init included.
   */
  private async authed<T>(account: string, call: (token: string) => Promise<T>): Promise<T> {
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

  private photoHostCache?: PhotoHost
  /** the photo branch (./photo.ts) works through these */
  private photoHost(): PhotoHost {
    this.photoHostCache ??= {
      now: () => this.now(),
      runId: this.o.runId,
      approvedBy: this.o.approvedBy,
      client: this.o.client,
      logger: this.o.logger,
      served: new ServedChecks({ rewrite: this.o.servedRewrite }),
      facts: (post) => this.o.photos?.get(post),
      creator: (account) => this.accountState(account)?.creator,
      record: (post, account) => this.record(post, account),
      setRecord: (post, account, record) => this.setRecord(post, account, record),
      checkpoint: (label) => this.o.checkpointer.checkpoint(label),
      outcome: (o) => this.outcomes.push(o),
      block: (action, message, code) => this.block(action, message, code),
      initFailed: (action, error) => this.initFailed(action, 'PULL_FROM_URL', error),
      poll: (post, account, token, username) => this.poll(post, account, token, username)
    }
    return this.photoHostCache
  }

  private now(): Date {
    return this.o.clock.now()
  }
  private timeLeft(): boolean {
    return this.now().getTime() < this.deadline
  }
  private post(id: string): Post {
    const post = this.o.manifest.posts.find((p) => p.id === id)
    if (!post) throw new Error(`plan names post ${id} that is not in the manifest`)
    return post
  }
  private target(post: Post, account: string): PostTarget {
    const t = post.targets.find((x) => x.account === account)
    if (!t) throw new Error(`plan names account ${account} that post ${post.id} does not target`)
    return t
  }
  private record(post: string, account: string): StateRecord | undefined {
    return getRecord(this.o.box.current, post, account)
  }
  private setRecord(post: string, account: string, record: StateRecord): void {
    this.o.box.current = setRecord(this.o.box.current, post, account, { ...record, updated_at: this.now().toISOString() })
  }
  private accountState(account: string): AccountState | undefined {
    return getAccountState(this.o.box.current, account)
  }
  private updateAccount(account: string, change: Partial<AccountState>): void {
    this.o.box.current = setAccountState(this.o.box.current, account, { ...(this.accountState(account) ?? {}), ...change })
  }

  async account(name: string, actions: PlanAction[]): Promise<void> {
    const account = this.o.manifest.accounts[name]
    const log = this.o.logger
    let token: string
    let scopes: string[] | undefined
    try {
      ;({ token, scopes } = await this.o.tokens.accessTokenFor(account))
      this.auth.set(name, { token, scopes })
    } catch (error) {
      this.passStop(error)
      const message =
        error instanceof UserError && error.fix ? `${error.message} Fix: ${error.fix}.` : error instanceof Error ? error.message : String(error)
      log.error(`${name}: ${message}`)
      for (const a of actions) {
        this.outcomes.push({
          post: a.post,
          account: name,
          status: a.kind === 'resume' || a.kind === 'orphaned' ? 'processing' : 'failed',
          message: `not started: ${message}`,
          error: { code: 'token', class: 'needs_person' }
        })
      }
      return
    }
    let creatorUsername: string | undefined
    const needsCreator = actions.some((a) => a.kind !== 'resume' && a.kind !== 'orphaned' && a.mode !== 'inbox')
    if (needsCreator || actions.some((a) => a.kind === 'resume' || a.kind === 'orphaned')) {
      try {
        let info: CreatorInfo
        try {
          info = await this.o.client.creatorInfo(token)
        } catch (error) {
          // a cached access token TikTok no longer accepts (the account was
          // authorized again, or revoked): refresh once, then give up
          if (!(error instanceof TikTokApiError && error.code === 'access_token_invalid' && this.o.tokens.invalidate)) throw error
          this.o.tokens.invalidate(account)
          ;({ token, scopes } = await this.o.tokens.accessTokenFor(account))
          info = await this.o.client.creatorInfo(token)
        }
        creatorUsername = info.username
        this.updateAccount(name, creatorCacheEntry(info, name, this.now()))
      } catch (error) {
        if (needsCreator) {
          this.failAll(name, actions.filter((a) => a.kind !== 'resume' && a.kind !== 'orphaned'), error)
          actions = actions.filter((a) => a.kind === 'resume' || a.kind === 'orphaned')
        }
      }
    }
    if (!this.auth.has(name) || this.auth.get(name)!.token !== token) this.auth.set(name, { token, scopes })
    this.usernames.set(name, creatorUsername)
    for (const action of actions) {
      if (this.stopped !== undefined) return
      if (action.kind === 'resume' || action.kind === 'orphaned') {
        await this.resume(action, this.auth.get(name)!.token, scopes, creatorUsername)
        continue
      }
      if (!this.timeLeft()) {
        this.outcomes.push({ post: action.post, account: name, status: 'deferred', message: 'time budget used up; next run' })
        continue
      }
      const stopped = this.accountsStopped.get(name)
      if (stopped) {
        this.outcomes.push({ post: action.post, account: name, status: 'deferred', message: `not tried: ${stopped}` })
        continue
      }
      if (this.appsCapped.has(account.app) || this.isHeld(name)) {
        this.outcomes.push({ post: action.post, account: name, status: 'deferred', message: 'account held by a TikTok cap; a later run publishes it' })
        continue
      }
      await this.publish(action, creatorUsername)
    }
  }

  /** Why a pair may not be initiated now in this run, or undefined when it may. */
  private initBlocked(account: string): string | undefined {
    if (!this.timeLeft()) return 'time budget used up; next run'
    const stopped = this.accountsStopped.get(account)
    if (stopped) return `not tried: ${stopped}`
    if (this.appsCapped.has(this.o.manifest.accounts[account].app) || this.isHeld(account)) return 'account held by a TikTok cap; a later run publishes it'
    return undefined
  }

  private isHeld(account: string): boolean {
    const hold = this.accountState(account)?.hold
    return !!hold && new Date(hold.until).getTime() > this.now().getTime()
  }

  private failAll(account: string, actions: PlanAction[], error: unknown): void {
    const classified = this.classify(error)
    for (const a of actions) {
      this.outcomes.push({ post: a.post, account, status: 'failed', message: classified.message, error: classified.error })
    }
  }

  private classify(error: unknown): { message: string; error: PairOutcome['error']; cls: FailClass; said: string } {
    if (error instanceof TikTokApiError) {
      const c = classifyErrorCode(error.code)
      return {
        message: `${error.message} ${c.advice}`.trim(),
        error: { code: error.code, class: c.class, log_id: error.logId },
        cls: c.class,
        said: error.message
      }
    }
    const message = error instanceof Error ? error.message : String(error)
    return { message, error: { code: 'error', class: 'retryable' }, cls: 'retryable', said: message }
  }

  /** A new init, with the claim made durable before TikTok is asked. */
  private async publish(action: PlanAction, creatorUsername?: string): Promise<void> {
    const { post: postId, account } = action
    const post = this.post(postId)
    const target = this.target(post, account)
    const known = this.accountState(account)?.creator
    const app = this.o.manifest.apps[this.o.manifest.accounts[account].app]
    if (target.mode === 'direct' && known && app && !app.audited && isPublicAccount(known)) {
      // TikTok refuses it (unaudited_client_can_only_post_to_private_accounts);
      // refused here, nothing is recorded, so making the account private is
      // the whole fix and no `resolve` is ever needed
      this.block(action, publicAccountRefusal(account, known.nickname, app.name), 'creator_public')
      return
    }
    if (post.video.kind === 'photos') return publishPhoto(this.photoHost(), action, post, target, this.auth.get(account)!.token, creatorUsername)
    const facts = post.video.kind === 'file' ? this.o.media.get(postId) : undefined
    if (post.video.kind === 'file' && !facts) throw new Error(`no media facts for ${postId}`)
    const previous = this.record(postId, account)
    const source = post.video.kind === 'file' ? 'FILE_UPLOAD' : 'PULL_FROM_URL'
    const creator = this.accountState(account)?.creator

    // interactions the creator disabled are sent disabled, whatever the manifest says
    const allow = {
      comments: target.allow.comments && !creator?.comment_disabled,
      duet: target.allow.duet && !creator?.duet_disabled,
      stitch: target.allow.stitch && !creator?.stitch_disabled
    }
    if (target.mode === 'direct' && creator) {
      if (target.privacy && !creator.privacy_level_options.includes(target.privacy)) {
        this.block(action, `privacy ${target.privacy} is not offered by @${creator.nickname} (${creator.privacy_level_options.join(', ')})`, 'privacy_level_option_mismatch')
        return
      }
      if (facts && facts.durationSec > creator.max_video_post_duration_sec) {
        this.block(action, `the video lasts ${facts.durationSec.toFixed(1)} s; @${creator.nickname} may post at most ${creator.max_video_post_duration_sec} s`, 'duration_check_failed')
        return
      }
    }

    this.setRecord(
      postId,
      account,
      claim(previous, {
        now: this.now(),
        runId: this.o.runId,
        fingerprint: action.fingerprint ?? previous?.fingerprint ?? '',
        source,
        mode: target.mode,
        privacy: target.privacy,
        caption: target.caption,
        approvedBy: this.o.approvedBy,
        video: facts ? recordedVideo(facts) : undefined
      })
    )
    await this.o.checkpointer.checkpoint(`claim ${postId}/${account}`)
    failpoint('after-claim')
    // A sink that merged another run's state (the Action's rejected push) may
    // have kept that run's claim instead of ours: then that run owns the pair.
    if (this.record(postId, account)?.run_id !== this.o.runId) {
      this.outcomes.push({ post: postId, account, status: 'deferred', message: 'another run claimed this post first; it is left to that run' })
      return
    }

    const chunkPlan = facts ? planChunks(facts.sizeBytes, this.o.chunkSizeBytes) : undefined
    const sourceInfo =
      post.video.kind === 'file'
        ? { source: 'FILE_UPLOAD' as const, videoSize: facts!.sizeBytes, chunkSize: chunkPlan!.chunkSize, totalChunkCount: chunkPlan!.totalChunkCount }
        : { source: 'PULL_FROM_URL' as const, videoUrl: post.video.url }
    let init: { publishId: string; uploadUrl?: string }
    try {
      init = await this.authed(account, (token) =>
        target.mode === 'inbox'
          ? this.o.client.initInboxUpload(token, { sourceInfo })
          : this.o.client.initDirectPost(token, {
              postInfo: {
                title: target.caption,
                privacyLevel: target.privacy!,
                disableComment: !allow.comments,
                disableDuet: !allow.duet,
                disableStitch: !allow.stitch,
                videoCoverTimestampMs: post.coverMs,
                brandContentToggle: post.disclose.brandedContent,
                brandOrganicToggle: post.disclose.yourBrand,
                isAigc: post.disclose.aiGenerated
              },
              sourceInfo
            })
      )
    } catch (error) {
      this.passStop(error)
      await this.initFailed(action, source, error)
      return
    }
    failpoint('after-init')
    if (post.video.kind === 'file') {
      // kept before the publish_id is checkpointed, so that any run that finds
      // this publish_id in state can also find the URL to finish its upload
      const expiresAt = new Date(this.now().getTime() + UPLOAD_URL_LIFETIME_MS).toISOString()
      await this.uploads.put(init.publishId, { uploadUrl: init.uploadUrl!, expiresAt }, account)
    }
    this.setRecord(postId, account, initiated(this.record(postId, account)!, { publishId: init.publishId, videoSize: facts?.sizeBytes }, this.now()))
    // the publish_id is durable before the first byte goes out: a crash from here
    // on resumes this publish_id and never initiates the pair again
    await this.o.checkpointer.checkpoint(`init ${postId}/${account}`)
    failpoint('after-publish-id')
    this.o.logger.info(`${postId} → ${account}: initiated (${target.mode}, ${source})`)

    if (post.video.kind === 'file') {
      const uploaded = await this.upload(action, init.uploadUrl!)
      if (uploaded === 'failed') return
      if (uploaded === 'reinit') {
        // the upload died and TikTok holds no complete copy: a new init, now
        this.o.logger.info(`${postId} → ${account}: the upload cannot go on; initiating it again`)
        await this.publish(action, creatorUsername)
        return
      }
    }
    await this.poll(postId, account, this.auth.get(account)!.token, creatorUsername)
  }

  /**
   * Streams the video. `done`: TikTok holds every byte. `reinit`: the upload
   * died (403, 404, or a 416 no resume satisfied), TikTok's status says it
   * holds an incomplete copy, and the pair was released for a new init in this
   * run. `failed`: a retryable failure was recorded for a later run.
   */
  private async upload(action: PlanAction, uploadUrl: string): Promise<'done' | 'reinit' | 'failed'> {
    const { post: postId, account } = action
    const post = this.post(postId)
    const facts = this.o.media.get(postId)!
    if (post.video.kind !== 'file') return 'done'
    const record = this.record(postId, account)!
    const guard = (): void => {
      if (this.stopped !== undefined) throw new RunStopped(this.stopped)
    }
    try {
      await uploadFile({
        uploadUrl,
        filePath: post.video.absPath,
        size: facts.sizeBytes,
        mimeType: facts.mimeType,
        chunkPlan: planChunks(facts.sizeBytes, this.o.chunkSizeBytes),
        clock: this.o.clock,
        beforeRequest: guard,
        // a 416 without a usable Content-Range: TikTok's status says where the upload is
        askUploaded: async () => (await this.authed(account, (token) => this.o.client.fetchStatus(token, record.publish_id!))).uploadedBytes,
        logger: this.o.logger,
        onProgress: (sent: number, total: number) => {
          this.uploads.progress?.(record.publish_id!, sent, account)
          failpoint('upload-progress')
          this.o.onUploadProgress?.({ post: postId, account, sent, total })
        }
      })
      await this.uploads.delete(record.publish_id!, account)
      this.uploaded.add(record.publish_id!)
      this.setRecord(postId, account, uploaded(this.record(postId, account)!, this.now()))
      return 'done'
    } catch (error) {
      this.passStop(error)
      if (error instanceof TikTokApiError && DEAD_UPLOAD_CODES.has(error.code)) {
        const next = await this.afterDeadUpload(action, record, facts.sizeBytes, error)
        if (next !== 'failed') return next
      } else {
        // an upload that never completed can never publish, so the pair may be
        // initiated again later: it is a retryable failure, not an unknown
        await this.uploads.delete(record.publish_id!, account)
        const classified = this.classify(error)
        this.fail(action, classified.said, classified.error?.code ?? 'upload', 'retryable')
      }
      await this.o.checkpointer.checkpoint(`upload failed ${postId}/${account}`)
      return 'failed'
    }
  }

  /**
   * TikTok answered a chunk 403 (upload URL expired), 404 (no such upload) or a
   * 416 no resume could satisfy. Only TikTok's status can say whether a
   * complete upload exists: if it does, the publish_id is polled; if TikTok
   * holds fewer bytes than the video, that publish_id can never become a post
   * and the pair is initiated again in this run (a bounded number of times).
   */
  private async afterDeadUpload(action: PlanAction, record: StateRecord, size: number, error: TikTokApiError): Promise<'done' | 'reinit' | 'failed'> {
    const { post, account } = action
    const key = `${post}\u0000${account}`
    let uploadedBytes: number | undefined
    try {
      uploadedBytes = (await this.authed(account, (token) => this.o.client.fetchStatus(token, record.publish_id!))).uploadedBytes
    } catch (statusError) {
      this.passStop(statusError)
      uploadedBytes = undefined
    }
    if (uploadedBytes !== undefined && uploadedBytes >= size) {
      await this.uploads.delete(record.publish_id!, account)
      this.uploaded.add(record.publish_id!)
      this.setRecord(post, account, uploaded(record, this.now()))
      return 'done'
    }
    await this.uploads.delete(record.publish_id!, account)
    const used = this.reinits.get(key) ?? 0
    if (uploadedBytes === undefined || used >= REINITS_PER_RUN || this.initBlocked(account) !== undefined) {
      // without TikTok's count a complete upload cannot be ruled out here; a
      // later run checks the status before anything else
      const why = uploadedBytes === undefined ? `${error.message} TikTok's status could not be read to see where the upload is` : error.message
      this.fail(action, why, error.code, 'retryable')
      return 'failed'
    }
    this.reinits.set(key, used + 1)
    this.setRecord(post, account, releaseDeadUpload(record, { uploadedBytes, videoSize: size, code: error.code, message: error.message }, this.now()))
    await this.o.checkpointer.checkpoint(`release upload ${post}/${account}`)
    return 'reinit'
  }

  private async initFailed(action: PlanAction, source: 'FILE_UPLOAD' | 'PULL_FROM_URL', error: unknown): Promise<void> {
    const { post, account } = action
    const ambiguous = error instanceof TikTokApiError && error.ambiguous
    if (ambiguous && source === 'PULL_FROM_URL') {
      // TikTok may be downloading already: leave the claim for reconciliation
      this.outcomes.push({ post, account, status: 'claimed', message: 'TikTok may have received this init; the next run reconciles it before anything else' })
      await this.o.checkpointer.checkpoint(`ambiguous ${post}/${account}`)
      return
    }
    const classified = this.classify(error)
    if (classified.cls === 'cap' && error instanceof TikTokApiError) {
      this.holdForCap(account, error.code)
      this.setRecord(post, account, deferred(this.record(post, account)!, { code: error.code, message: classified.message }, this.now()))
      this.outcomes.push({ post, account, status: 'deferred', message: `TikTok cap ${error.code}: waits for a later run`, error: classified.error })
      await this.o.checkpointer.checkpoint(`cap ${post}/${account}`)
      return
    }
    this.fail(action, classified.cls === 'retryable' ? classified.said : classified.message, classified.error?.code ?? 'init', classified.cls, classified.error?.log_id)
    await this.o.checkpointer.checkpoint(`init failed ${post}/${account}`)
  }

  private holdForCap(account: string, code: string): void {
    const config = this.o.manifest.accounts[account]
    if (code === 'reached_active_user_cap') {
      this.appsCapped.add(config.app)
      return
    }
    const now = this.now()
    const until =
      code === 'spam_risk_too_many_posts'
        ? new Date(nextLocalMidnight(now.getTime(), config.timezone))
        : new Date(now.getTime() + 24 * 60 * 60 * 1000)
    this.updateAccount(account, { hold: { until: until.toISOString(), reason: code } })
    this.o.logger.warn(`${account}: TikTok said ${code}; held until ${until.toISOString()}`)
  }

  private block(action: PlanAction, message: string, code: string): void {
    this.outcomes.push({ post: action.post, account: action.account, status: 'failed', message, error: { code, class: 'needs_person' } })
  }

  private fail(action: PlanAction, message: string, code: string, cls: FailClass, logId?: string): void {
    const { post, account } = action
    const previous = this.record(post, account)!
    if (cls === 'needs_person') {
      // a person reads this in a summary of many accounts: say which one
      message = `account ${account}: ${message}`
      if (ACCOUNT_WIDE_CODES.has(code)) this.accountsStopped.set(account, message)
    }
    const next = failed(previous, { code, message, class: cls, log_id: logId }, this.now())
    this.setRecord(post, account, next)
    if (cls === 'retryable') {
      // retried on schedule: one sentence with why and when, not red until it keeps failing
      const said = deferredMessage(message, next.next_attempt_at)
      const status: OutcomeStatus = previous.attempts >= QUIET_FAILURES ? 'failed' : 'deferred'
      if (status === 'failed') this.o.logger.error(`${post} → ${account}: ${said}`)
      else this.o.logger.warn(`${post} → ${account}: ${said}`)
      this.outcomes.push({ post, account, status, publish_id: previous.publish_id, message: said, error: { code, class: cls, log_id: logId } })
      return
    }
    this.o.logger.error(`${post} → ${account}: ${message}`)
    this.outcomes.push({ post, account, status: 'failed', publish_id: previous.publish_id, message, error: { code, class: cls, log_id: logId } })
  }

  /** A pair TikTok already has (publish_id saved), or a claim whose run died. */
  private async resume(action: PlanAction, token: string, scopes: string[] | undefined, creatorUsername?: string): Promise<void> {
    const { post, account } = action
    const record = this.record(post, account)!
    if (!record.publish_id) {
      await this.reconcile(action, record, token, scopes)
      return
    }
    const inManifest = this.o.manifest.posts.some((p) => p.id === post)
    if (record.source === 'FILE_UPLOAD' && inManifest) {
      // an upload the previous run left half done is finished while its URL lives
      const session = await this.uploads.get(record.publish_id, account)
      if (session && Date.parse(session.expiresAt) > this.now().getTime() + 60_000) {
        try {
          const status = await this.authed(account, (t) => this.o.client.fetchStatus(t, record.publish_id!))
          if (status.status === 'PROCESSING_UPLOAD' && uploadState(status, this.videoSize(post, record)) !== 'complete') {
            this.o.logger.info(`${post} → ${account}: finishing an upload an earlier run left half done`)
            const uploaded = await this.upload(action, session.uploadUrl)
            if (uploaded === 'failed') return
            if (uploaded === 'reinit') {
              await this.publish(action, creatorUsername)
              return
            }
          }
        } catch (error) {
          this.passStop(error)
          this.outcomes.push({ post, account, status: 'processing', publish_id: record.publish_id, message: `status unknown for now (${this.classify(error).message}); polled again next run` })
          return
        }
      }
    }
    await this.poll(post, account, token, creatorUsername)
  }

  /**
   * A claim an earlier run left without a publish_id. The decisions are the
   * pure transitions in state/transitions/reconcile.ts; this only gathers
   * their inputs. The list is asked only where it could ever show the post.
   */
  private async reconcile(action: PlanAction, record: StateRecord, token: string, scopes: string[] | undefined): Promise<void> {
    const { post, account } = action
    if (isPhotoRecord(record)) {
      const photo = this.o.manifest.posts.find((p) => p.id === post)
      const target = photo?.targets.find((t) => t.account === account)
      const match = photo?.video.kind === 'photos' && target ? { caption: target.caption, title: photo.video.title } : undefined
      return reconcilePhoto(this.photoHost(), action, record, match, token, scopes)
    }
    if (record.source !== 'PULL_FROM_URL') {
      // FILE_UPLOAD: the publish_id is saved before any byte is sent, so a claim
      // without one never reached TikTok's upload and cannot become a post
      await this.releaseAndInitAgain(action, record)
      return
    }
    const manifestPost = this.o.manifest.posts.find((p) => p.id === post)
    const target = manifestPost?.targets.find((t) => t.account === account)
    const current =
      manifestPost && target ? fingerprint(manifestPost, target, this.o.media.get(post)?.digest ?? '') : undefined
    const ctx = { post, account, now: this.now(), scopes, privacy: claimPrivacy(record, { privacy: target?.privacy, fingerprint: current }) }
    let settled = settleBeforeList(record, ctx)
    if (!settled) {
      let check: ListCheck
      try {
        const found = target ? await this.findVideo(token, target.caption, claimedAt(record)) : undefined
        check = found ? { kind: 'found', videoId: found.id, url: found.shareUrl } : { kind: 'not_found' }
      } catch (error) {
        check =
          error instanceof TikTokApiError && LIST_REFUSALS.has(error.code)
            ? { kind: 'refused', code: error.code }
            : { kind: 'failed', message: this.classify(error).message }
      }
      settled = settleWithList(record, { ...ctx, now: this.now() }, check)
    }
    if (settled.status === 'claimed') {
      this.outcomes.push({ post, account, status: 'claimed', message: settled.message })
      return
    }
    this.setRecord(post, account, settled.record)
    if (settled.status === 'published') {
      this.outcomes.push({ post, account, status: 'published', video_id: settled.record.video_id, url: settled.record.url, message: settled.message })
    } else if (settled.status === 'unknown') {
      this.outcomes.push({ post, account, status: 'unknown', message: settled.message, error: { code: 'unknown', class: 'needs_person' } })
      this.o.logger.warn(`${post} → ${account}: ${settled.message}`)
    } else {
      this.outcomes.push({ post, account, status: 'deferred', message: settled.message })
    }
    await this.o.checkpointer.checkpoint(`reconcile ${post}/${account}`)
  }

  /**
   * A FILE_UPLOAD claim whose run died before the init's answer was saved: the
   * claim is released and, unless something stops new inits for the account,
   * the pair is initiated again in this run rather than the next.
   */
  private async releaseAndInitAgain(action: PlanAction, record: StateRecord): Promise<void> {
    const { post, account } = action
    this.setRecord(post, account, releaseInterruptedClaim(record, this.now()))
    await this.o.checkpointer.checkpoint(`release ${post}/${account}`)
    const postConfig = this.o.manifest.posts.find((p) => p.id === post)
    const blocked = this.initBlocked(account) ?? (!postConfig?.targets.some((t) => t.account === account) ? 'no longer in the manifest' : undefined)
    if (blocked) {
      this.outcomes.push({ post, account, status: 'deferred', message: `an interrupted claim was released (no upload had started); ${blocked}` })
      return
    }
    this.o.logger.info(`${post} → ${account}: an interrupted claim was released (no upload had started); initiating it again`)
    await this.publish(action, this.usernames.get(account))
  }

  private async findVideo(token: string, caption: string, after: number): Promise<{ id: string; shareUrl?: string } | undefined> {
    let cursor: number | string | undefined
    // videos are newest first: stop once older than the claim
    for (let page = 0; page < 10; page++) {
      const list = await this.o.client.listVideos(token, { cursor, maxCount: 20 })
      for (const v of list.videos) {
        const created = (v.createTime ?? 0) * 1000
        if (created && created < after - 60_000) return undefined
        if ((v.title ?? '') === caption) return { id: v.id, shareUrl: v.shareUrl }
      }
      if (!list.hasMore) return undefined
      cursor = list.cursor
    }
    return undefined
  }

  private videoSize(post: string, record: StateRecord): number | undefined {
    const saved = (record as { video_size?: unknown }).video_size
    return typeof saved === 'number' ? saved : this.o.media.get(post)?.sizeBytes
  }

  private async poll(post: string, account: string, token: string, creatorUsername?: string): Promise<void> {
    const intervals = this.o.pollIntervalsMs ?? DEFAULT_POLL_MS
    let i = 0
    for (;;) {
      const record = this.record(post, account)!
      let status
      failpoint('before-poll')
      try {
        status = await this.authed(account, (t) => this.o.client.fetchStatus(t, record.publish_id!))
      } catch (error) {
        this.passStop(error)
        const c = this.classify(error)
        this.outcomes.push({ post, account, status: 'processing', publish_id: record.publish_id, message: `status unknown for now (${c.message}); polled again next run` })
        return
      }
      if (status.status === 'PUBLISH_COMPLETE') {
        const videoId = status.publicPostIds[0]
        const url = videoId && creatorUsername ? `https://www.tiktok.com/@${creatorUsername}/video/${videoId}` : undefined
        this.setRecord(post, account, polled(record, { status: 'PUBLISH_COMPLETE', videoId, url }, this.now()))
        this.outcomes.push({ post, account, status: 'published', publish_id: record.publish_id, video_id: videoId, url })
        this.o.logger.info(`${post} → ${account}: published${videoId ? ` (video ${videoId})` : ''}`)
        break
      }
      if (status.status === 'SEND_TO_USER_INBOX') {
        this.setRecord(post, account, polled(record, { status: 'SEND_TO_USER_INBOX' }, this.now()))
        this.outcomes.push({ post, account, status: 'inbox', publish_id: record.publish_id, message: 'sent to the creator\'s TikTok inbox: paste the caption and post it in the app' })
        this.o.logger.info(`${post} → ${account}: in the creator's inbox`)
        break
      }
      if (status.status === 'FAILED') {
        const reason = status.failReason ?? 'unknown'
        const c = classifyFailReason(reason)
        if (c.class === 'cap') this.holdForCap(account, reason)
        this.setRecord(post, account, polled(record, { status: 'FAILED', failure: { code: reason, message: c.advice, class: c.class } }, this.now()))
        const outcome: OutcomeStatus = c.class === 'cap' ? 'deferred' : 'failed'
        this.outcomes.push({ post, account, status: outcome, publish_id: record.publish_id, message: `TikTok: ${reason}. ${c.advice}`, error: { code: reason, class: c.class } })
        this.o.logger.error(`${post} → ${account}: TikTok said FAILED (${reason}). ${c.advice}`)
        break
      }
      if (
        status.status === 'PROCESSING_UPLOAD' &&
        record.source === 'FILE_UPLOAD' &&
        !this.uploaded.has(record.publish_id!) &&
        uploadState(status, this.videoSize(post, record)) !== 'complete'
      ) {
        // An earlier run stopped mid-upload and its upload URL is not at hand
        // (another machine, or it expired): nobody can finish this upload, so
        // polling would wait for nothing. Once the URL has expired the
        // publish_id can never complete, and a new init is safe.
        const expires = new Date(record.initiated_at ?? record.updated_at).getTime() + UPLOAD_URL_LIFETIME_MS
        if (uploadState(status, this.videoSize(post, record)) === 'unknown') {
          // without TikTok's byte count a finished upload cannot be told from an
          // abandoned one, and a new init could post the video twice: keep waiting
          this.outcomes.push({ post, account, status: 'processing', publish_id: record.publish_id, message: 'still uploading or processing at TikTok; the next run checks again' })
          return
        }
        if (this.now().getTime() < expires) {
          this.outcomes.push({ post, account, status: 'processing', publish_id: record.publish_id, message: `an earlier run stopped mid-upload; its upload URL expires at ${new Date(expires).toISOString()}, after which the post is initiated again` })
          return
        }
        this.setRecord(post, account, uploadAbandoned(record, this.now()))
        this.outcomes.push({ post, account, status: 'deferred', publish_id: record.publish_id, message: 'an abandoned upload was released; the post is initiated again on the next run' })
        break
      }
      if (!this.timeLeft()) {
        this.outcomes.push({ post, account, status: 'processing', publish_id: record.publish_id, message: 'still processing at TikTok; the next run resumes polling' })
        return
      }
      await this.o.clock.sleep(intervals[Math.min(i++, intervals.length - 1)])
    }
    failpoint('before-final-save')
    await this.o.checkpointer.checkpoint(`final ${post}/${account}`)
    failpoint('after-final-save')
  }
}

