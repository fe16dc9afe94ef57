import path from 'node:path'
import type { Clock } from '../clock.js'
import { UserError, UserErrors } from '../errors.js'
import type { Logger } from '../logger.js'
import { loadManifest, type AccountConfig, type Manifest } from '../manifest/index.js'
import { readVideoFacts, scanManifestVideos, type MediaFacts, type VideoScan } from '../media/index.js'
import { checkManifestPhotos, type PhotoFacts } from '../media/image.js'
import { hasWork, plan as makePlan, type Plan, type PlanMediaFacts } from '../plan/index.js'
import { accountSelector } from '../select.js'
import { isRunnerName } from '../manifest/checks.js'
import { checkRepositoryPath } from '../repo-paths.js'
import { getAccountState, loadState, setAccountState, type State } from '../state/index.js'
import type { CreatorInfo, TikTokClient } from '../tiktok/client.js'
import { TokenManager, type TokenStore } from '../tiktok/tokens.js'
import { recordKnownExpiry, recordRefreshRotation } from '../state/transitions/account.js'
import { Checkpointer, type StateSink } from './checkpoint.js'
import { isBug } from '../rules/exceptions.js'
import { creatorCacheEntry, creatorRecheckDue } from './creator-recheck.js'
import type { EngineResult } from './engine.js'
import { keepAliveDue } from './keep-alive.js'
import type { UploadSessions } from './upload-sessions.js'

/** Where a run reads and what it touches: the same for the CLI and the Action. */
export interface RunSettings {
  manifestPath: string
  /** default: tiktok.state.json beside the manifest */
  statePath?: string
  accounts?: string
  shard?: string
  /** repository root that video paths resolve against (default: found from the manifest) */
  root?: string
  /** the folder the state file must be inside (default: the repository root); a state branch's work tree */
  stateRoot?: string
  /** the time that decides which Git LFS videos are due (default: now) */
  now?: Date
  /** download the Git LFS content of due videos (the Action); otherwise a due pointer is an error naming the fix */
  fetchLfs?: boolean
  logger?: Logger
  /** read no video yet: the caller replaces the state first, then calls readDueMedia */
  deferMedia?: boolean
}

export interface LoadedInputs {
  manifest: Manifest
  statePath: string
  state: State
  stateExists: boolean
  /** the facts of the videos read: those of posts with work (see readDueMedia), by post id */
  media: Map<string, MediaFacts>
  /** every file video, looked at without reading it; absent: `media` is all there is */
  videos?: VideoScan
  /** how more videos are read, kept for the reads after the state changed */
  mediaOptions?: { fetchLfs?: boolean; logger?: Logger }
  /** photo posts' images, by post id */
  photos?: Map<string, PhotoFacts>
  selector: (name: string) => boolean
}

export function defaultStatePath(manifestPath: string): string {
  return path.join(path.dirname(manifestPath), 'tiktok.state.json')
}

/**
 * Everything a run needs from disk, validated before any network call: the
 * manifest, the videos of posts with work (readDueMedia), and the state. All
 * problems are reported at once so a person fixes them in one go.
 */
export async function loadInputs(settings: RunSettings): Promise<LoadedInputs> {
  const manifestPath = path.resolve(settings.manifestPath)
  const statePath = path.resolve(settings.statePath ?? defaultStatePath(manifestPath))
  const selector = accountSelector({ accounts: settings.accounts, shard: settings.shard })
  const manifest = await loadManifest(manifestPath, { root: settings.root })
  checkStatePath(statePath, settings.stateRoot ?? manifest.root)
  const [videos, photos, loaded] = await Promise.all([scanManifestVideos(manifest), checkManifestPhotos(manifest), loadState(statePath)])
  const errors = [...videos.errors]
  let inputs: LoadedInputs = {
    manifest,
    statePath,
    state: loaded.state,
    stateExists: loaded.exists,
    media: new Map(),
    videos,
    mediaOptions: { fetchLfs: settings.fetchLfs, logger: settings.logger },
    photos: photos.facts,
    selector
  }
  if (!settings.deferMedia) {
    try {
      inputs = await readDueMedia(inputs, settings.now ?? new Date())
    } catch (error) {
      if (!(error instanceof UserErrors)) throw error
      errors.push(...error.errors)
    }
  }
  errors.push(...photos.errors)
  if (errors.length) throw new UserErrors(errors)
  return inputs
}

/** A record that needs no video any more: done at TikTok, or left for a person to settle. */
function settled(state: State, post: string, account: string): boolean {
  const status = Object.prototype.hasOwnProperty.call(state.posts, post) ? state.posts[post][account]?.status : undefined
  return status === 'published' || status === 'inbox' || status === 'unknown'
}

/**
 * Reads the facts of the videos the run has work for, and no others: a post
 * whose selected pairs are all published (or left to a person) is never read,
 * so its video may be a Git LFS pointer, or gone once its records keep its
 * digest. A video in the work tree is read for any pair with work (waiting
 * ones too: reading headers is cheap and gives the plan its duration checks);
 * a Git LFS pointer only for a pair that is due at `now`, or that a pull
 * request changed (`changed`: paths), since fetching costs a download. A
 * waiting pair's pointer is planned from its digest alone until it is due.
 */
export async function readDueMedia(inputs: LoadedInputs, now: Date, o: { changed?: ReadonlySet<string> } = {}): Promise<LoadedInputs> {
  const scan = inputs.videos
  if (!scan) return inputs
  const want = new Set<string>()
  const pointers = new Map<string, string>()
  for (const post of inputs.manifest.posts) {
    if (post.video.kind !== 'file' || inputs.media.has(post.id)) continue
    const file = scan.files.get(post.video.path)
    if (!file || file.errors.length) continue
    if (!post.targets.some((t) => inputs.selector(t.account) && !settled(inputs.state, post.id, t.account))) continue
    if (file.pointer && !o.changed?.has(file.relPath)) pointers.set(post.id, file.relPath)
    else want.add(file.relPath)
  }
  if (pointers.size) {
    // only the plan knows which of them are due now
    for (const a of planRun(inputs, now).actions) {
      const rel = pointers.get(a.post)
      if (rel !== undefined && hasWork(a)) want.add(rel)
    }
  }
  return readVideos(inputs, want)
}

/**
 * The videos of the plan's due pairs that were not read yet (the plan was
 * made at another time, or with a state that changed since loadInputs):
 * read now, or undefined when there were none.
 */
export async function readPlannedMedia(inputs: LoadedInputs, plan: Plan): Promise<LoadedInputs | undefined> {
  if (!inputs.videos) return undefined
  const want = new Set<string>()
  const posts = new Map(inputs.manifest.posts.map((p) => [p.id, p]))
  for (const a of plan.actions) {
    const video = posts.get(a.post)?.video
    if (hasWork(a) && video?.kind === 'file' && !inputs.media.has(a.post)) want.add(video.path)
  }
  return want.size ? readVideos(inputs, want) : undefined
}

async function readVideos(inputs: LoadedInputs, paths: Set<string>): Promise<LoadedInputs> {
  if (paths.size === 0) return inputs
  const read = await readVideoFacts(inputs.videos!, paths, inputs.mediaOptions)
  if (read.errors.length) throw new UserErrors(read.errors)
  return { ...inputs, media: new Map([...inputs.media, ...read.facts]) }
}

/**
 * The digest of every file video for the planner, read or not: the scan's
 * (git's blob id, a Git LFS pointer's own), or, for a file no longer in the
 * work tree, the one its records kept when it was sent.
 */
function plannerDigests(inputs: LoadedInputs): Map<string, { digest: string; durationSec?: number }> {
  const out = new Map<string, { digest: string; durationSec?: number }>()
  const scan = inputs.videos
  if (!scan) return out
  for (const [post, rel] of scan.pathOf) {
    const file = scan.files.get(rel)
    if (file?.digest) {
      out.set(post, { digest: file.digest })
      continue
    }
    if (!file?.missing || !Object.prototype.hasOwnProperty.call(inputs.state.posts, post)) continue
    const kept = Object.values(inputs.state.posts[post])
      .map((r) => r.video?.digest)
      .find((d): d is string => d !== undefined)
    if (kept) out.set(post, { digest: kept })
  }
  return out
}

/**
 * The state file is the repository's like the manifest: it must resolve
 * inside `root` (the repository, or a state branch's work tree) and outside
 * `.git/`. Checked before it is read, locked or written.
 */
export function checkStatePath(statePath: string, root: string): void {
  const misplaced = checkRepositoryPath({
    what: 'the state file',
    file: statePath,
    root,
    location: { file: statePath, line: 1, column: 1 },
    fix: 'keep the state file inside the repository (default: tiktok.state.json beside the manifest), outside `.git/`'
  })
  if (misplaced) throw misplaced
}

export function planRun(inputs: LoadedInputs, now: Date): Plan {
  return makePlan({ manifest: inputs.manifest, state: inputs.state, media: planMedia(inputs), now, options: { accounts: inputs.selector } })
}

/** The planner needs one digest per post, read or not: a carousel's stands for all its images. */
function planMedia(inputs: LoadedInputs): Map<string, PlanMediaFacts> {
  const media: Map<string, PlanMediaFacts> = plannerDigests(inputs)
  for (const [id, facts] of inputs.media) media.set(id, facts)
  for (const [id, facts] of inputs.photos ?? []) media.set(id, { digest: facts.digest })
  return media
}

/** Secret values by NAME: the Action's `secrets` input first, then the environment. */
export type SecretSource = (name: string) => string | undefined

/** Every secret name the manifest declares: the only names a run may look up. */
export function declaredSecretNames(manifest: Manifest): Set<string> {
  const names = new Set<string>()
  for (const app of Object.values(manifest.apps)) names.add(app.clientKeySecret).add(app.clientSecretSecret)
  for (const account of Object.values(manifest.accounts)) names.add(account.refreshTokenSecret)
  return names
}

/**
 * A source that answers only for names the manifest declares, and never for
 * the runner's own variables (ACTIONS_*, GITHUB_*, INPUT_*, RUNNER_*): the
 * manifest is the repository's, and a lookup that fell through to any
 * environment variable would let it have the runner's tokens sent to TikTok.
 */
export function onlyDeclaredSecrets(manifest: Manifest, source: SecretSource): SecretSource {
  const declared = declaredSecretNames(manifest)
  return (name) => (declared.has(name) && !isRunnerName(name) ? source(name) : undefined)
}

/**
 * The credentials of every account that has work, checked before any call so a
 * missing secret never leaves a half-done run.
 */
export function credentialsFor(manifest: Manifest, accounts: string[], secrets: SecretSource) {
  const errors: UserError[] = []
  const out = new Map<string, { name: string; clientKey: string; clientSecret: string; seedRefreshToken?: string }>()
  for (const name of accounts) {
    const account = manifest.accounts[name]
    const app = manifest.apps[account.app]
    const missing = [app.clientKeySecret, app.clientSecretSecret].filter((s) => !secrets(s))
    for (const secret of missing) {
      errors.push(
        new UserError(`secret ${secret} (app ${app.name}, used by account ${name}) is not set`, {
          location: app.location,
          fix: `set ${secret} in the environment; in a workflow, add \`${secret}: \${{ secrets.${secret} }}\` under the tiktok-publish step's \`env:\` (and create the repository secret)`
        })
      )
    }
    if (missing.length) continue
    out.set(name, {
      name,
      clientKey: secrets(app.clientKeySecret)!,
      clientSecret: secrets(app.clientSecretSecret)!,
      seedRefreshToken: secrets(account.refreshTokenSecret)
    })
  }
  if (errors.length) throw new UserErrors(errors)
  return out
}

export interface ApplyOptions {
  inputs: LoadedInputs
  apiBaseUrl: string
  secrets: SecretSource
  tokenStore: TokenStore
  /** makes the state durable; receives the box so it can read and update the serial */
  sink: (box: { current: State }) => StateSink
  clock: Clock
  logger: Logger
  runId: string
  approvedBy?: string
  timeBudgetMs: number
  onSecret?: (value: string) => void
  pollIntervalsMs?: number[]
  rateLimits?: false
  onUploadProgress?: (event: { post: string; account: string; sent: number; total: number }) => void
  uploads?: UploadSessions
  chunkSizeBytes?: number
  /** accounts worked on at once (default: the engine's); 1 makes a run's order of calls repeatable */
  accountConcurrency?: number
  /** the retry jitter's source of numbers; a seeded one makes a run repeatable */
  random?: () => number
  /** where served photos are fetched from instead (URL prefix → replacement), for rehearsals against a local server */
  servedRewrite?: Record<string, string>
}

export interface ApplyResult extends EngineResult {
  state: State
  saves: number
  /** idle accounts whose refresh token this run renewed, and those it could not */
  keepAlive: KeepAliveResult
}

export interface KeepAliveResult {
  renewed: string[]
  failed: { account: string; message: string }[]
}

/** The accounts the plan gives work to (the plan's one test, hasWork): their tokens are refreshed by the engine itself. */
export function busyAccounts(plan: Plan): string[] {
  return [...new Set(plan.actions.filter(hasWork).map((a) => a.account))]
}

/**
 * The accounts a run must call TikTok for: those the plan gives work (in-flight
 * orphans included) and those whose creator info is due a fresh look, whose
 * blocked pairs go out only once TikTok is asked again.
 */
export function accountsToRun(inputs: LoadedInputs, plan: Plan, now: Date): string[] {
  const recheck = creatorRecheckDue({ manifest: inputs.manifest, state: inputs.state, media: planMedia(inputs), now, selector: inputs.selector })
  return [...new Set([...busyAccounts(plan), ...recheck])]
}

/** Selected accounts with no work whose refresh token is due for keep-alive (see keep-alive.ts). */
export function idleKeepAliveDue(inputs: LoadedInputs, plan: Plan, now: Date): string[] {
  const busy = new Set(busyAccounts(plan))
  return keepAliveDue({ manifest: inputs.manifest, state: inputs.state, now, selector: inputs.selector }).filter((name) => !busy.has(name))
}

type Credentials = ReturnType<typeof credentialsFor>

/**
 * The publish run: the facts the plan reads are brought up to date first (the
 * token store's expiry dates, the due videos, stale creator info), then the
 * one plan the engine applies, with the state made durable by `sink`. A look
 * ahead at the plan only picks which videos to read; nothing applies it.
 */
export async function applyRun(options: ApplyOptions): Promise<ApplyResult> {
  const o: ApplyOptions = { ...options, secrets: onlyDeclaredSecrets(options.inputs.manifest, options.secrets) }
  const box = { current: o.inputs.state }
  // The store may know a later expiry than the state (after `auth`, or when
  // runs used a cached access token): learned before deciding what is due.
  await learnKnownExpiries(o, box)
  // checked before any call: a missing secret never leaves a half-done run
  const recheck = creatorRecheckDue({ manifest: o.inputs.manifest, state: box.current, media: planMedia(o.inputs), now: o.clock.now(), selector: o.inputs.selector })
  const credentials: Credentials = new Map()
  addCredentials(o, credentials, recheck)
  // due videos not read yet (the plan's time or state is not loadInputs'): read
  // before any token is touched. This look ahead only picks what to read.
  const ahead = planRun({ ...o.inputs, state: box.current }, o.clock.now())
  const read = await readPlannedMedia({ ...o.inputs, state: box.current }, ahead)
  if (read) o.inputs = { ...read, state: o.inputs.state }

  // the engine and the HTTP client (undici) load here, not with loadInputs: `validate` and `plan` never need them
  const [{ TikTokClient }, { runEngine }] = await Promise.all([import('../tiktok/client.js'), import('./engine.js')])
  const client = new TikTokClient({ baseUrl: o.apiBaseUrl, clock: o.clock, logger: o.logger, rateLimits: o.rateLimits, random: o.random })
  const tokens = new TokenManager({
    client,
    store: o.tokenStore,
    clock: o.clock,
    logger: o.logger,
    onSecret: o.onSecret,
    // every rotation, whatever the run came for: the expiry date is what keep-alive and the warnings read
    onRefreshed: (name, rotation) => {
      box.current = setAccountState(box.current, name, recordRefreshRotation(getAccountState(box.current, name), rotation))
    }
  })
  const checkpointer = new Checkpointer(o.sink(box))
  try {
    const fresh = await refreshCreatorInfo(o, box, recheck, client, tokens, credentials)
    // The plan the engine applies, made from the facts as they now are; the
    // look ahead stands when nothing it was made from changed since.
    let plan = read || fresh.size ? planRun({ ...o.inputs, state: box.current }, o.clock.now()) : ahead
    if (fresh.size) {
      // a pair the fresh answer unblocked may need a video the look ahead did not read
      const unread = await readPlannedMedia({ ...o.inputs, state: box.current }, plan)
      if (unread) {
        o.inputs = { ...unread, state: o.inputs.state }
        plan = planRun({ ...o.inputs, state: box.current }, o.clock.now())
      }
    }
    addCredentials(o, credentials, busyAccounts(plan))
    // idle accounts renewed before the engine, so its final save carries the
    // new dates: one state write (one commit in the Action) for the whole run
    const due = idleKeepAliveDue({ ...o.inputs, state: box.current }, plan, o.clock.now())
    const keepAlive = await renewIdleAccounts(o, due, tokens, credentials)
    const result = await runEngine({
      manifest: o.inputs.manifest,
      box,
      checkpointer,
      media: o.inputs.media,
      client,
      tokens: {
        accessTokenFor: async (account: AccountConfig) => {
          const token = await tokens.accessTokenFor(credentials.get(account.name)!)
          return { token, scopes: tokens.scopesOf(account.name) }
        },
        invalidate: (account: AccountConfig) => tokens.invalidate(account.name)
      },
      clock: o.clock,
      logger: o.logger,
      runId: o.runId,
      approvedBy: o.approvedBy,
      timeBudgetMs: o.timeBudgetMs,
      plan,
      creatorInfo: fresh,
      pollIntervalsMs: o.pollIntervalsMs,
      onUploadProgress: o.onUploadProgress,
      uploads: o.uploads,
      chunkSizeBytes: o.chunkSizeBytes,
      accountConcurrency: o.accountConcurrency,
      photos: o.inputs.photos,
      servedRewrite: o.servedRewrite
    })
    return { ...result, failed: result.failed || keepAlive.failed.length > 0, state: box.current, saves: checkpointer.saves, keepAlive }
  } finally {
    await client.close()
  }
}

/** The credentials of these accounts, checked (all missing secrets at once) and added to `into`. */
function addCredentials(o: ApplyOptions, into: Credentials, accounts: string[]): void {
  for (const [name, c] of credentialsFor(o.inputs.manifest, accounts.filter((n) => !into.has(n)), o.secrets)) {
    o.onSecret?.(c.clientSecret)
    into.set(name, c)
  }
}

/**
 * The store may know a later expiry than the state (after `auth`, or when
 * runs used a cached access token): learn it before deciding what is due.
 */
async function learnKnownExpiries(o: ApplyOptions, box: { current: State }): Promise<void> {
  if (!o.tokenStore.getRefreshExpiry) return
  for (const name of Object.keys(o.inputs.manifest.accounts).filter(o.inputs.selector)) {
    const known = await o.tokenStore.getRefreshExpiry(name).catch(() => undefined)
    if (!known) continue
    const entry = getAccountState(box.current, name)
    const next = recordKnownExpiry(entry, { refreshExpiresAt: known })
    if (next && next !== entry) box.current = setAccountState(box.current, name, next)
  }
}

/**
 * Asks TikTok again about accounts whose cached creator info would block a
 * pair (see creator-recheck.ts), before the plan reads it. The answers go to
 * the engine too, which checks each pair with them instead of asking again.
 * An answer that cannot be had leaves the cache as it was: the plan blocks.
 */
async function refreshCreatorInfo(
  o: ApplyOptions,
  box: { current: State },
  accounts: string[],
  client: TikTokClient,
  tokens: TokenManager,
  credentials: Credentials
): Promise<Map<string, CreatorInfo>> {
  const fresh = new Map<string, CreatorInfo>()
  for (const name of accounts) {
    try {
      const info = await client.creatorInfo(await tokens.accessTokenFor(credentials.get(name)!))
      box.current = setAccountState(box.current, name, { ...(getAccountState(box.current, name) ?? {}), ...creatorCacheEntry(info, name, o.clock.now()) })
      fresh.set(name, info)
    } catch (error) {
      // TikTok's or the network's refusal leaves the cache as it was; a bug stops the run
      if (isBug(error)) throw error
      o.logger.warn(`${name}: could not refresh the creator info (${error instanceof Error ? error.message : String(error)})`)
    }
  }
  return fresh
}

/**
 * Refreshes each idle account whose token is due, through the one client (so
 * with its back-off) and the token manager (so the rotated token is saved
 * before anything else, one refresh per account at a time). A failure is the
 * account's, reported with its fix; it never stops the run's posts.
 */
async function renewIdleAccounts(
  o: ApplyOptions,
  due: string[],
  tokens: TokenManager,
  credentials: Map<string, { name: string; clientKey: string; clientSecret: string; seedRefreshToken?: string }>
): Promise<KeepAliveResult> {
  const out: KeepAliveResult = { renewed: [], failed: [] }
  for (const name of due) {
    const expires = getAccountState(o.inputs.state, name)?.refresh_expires_at
    let creds = credentials.get(name)
    if (!creds) {
      try {
        creds = credentialsFor(o.inputs.manifest, [name], o.secrets).get(name)!
      } catch (error) {
        // The run has no app secrets for this idle account (e.g. a shard's
        // workflow given only its own): it cannot renew it, and nothing it does
        // depends on the account, so this is said, not failed.
        const message = error instanceof UserErrors ? error.errors.map((e) => e.message).join('; ') : error instanceof Error ? error.message : String(error)
        o.logger.warn(`keep-alive: cannot renew the refresh token of idle account ${name}: ${message}`)
        continue
      }
    }
    try {
      o.onSecret?.(creds.clientSecret)
      if (!creds.seedRefreshToken && !(await o.tokenStore.getRefreshToken(name))) {
        // an account declared before anyone authorized it: nothing to keep alive
        o.logger.info(`keep-alive: account ${name} has no refresh token yet; nothing to renew`)
        continue
      }
      await tokens.renew(creds)
      out.renewed.push(name)
      o.logger.info(`keep-alive: renewed the refresh token of idle account ${name}${expires ? ` (it was to expire ${expires})` : ''}`)
    } catch (error) {
      const message = error instanceof UserErrors ? error.errors.map((e) => e.format()).join('; ') : error instanceof UserError ? error.format() : error instanceof Error ? error.message : String(error)
      out.failed.push({ account: name, message })
      // an error, not a warning: the account needs a person and the run exits 1
      o.logger.error(`keep-alive could not renew the refresh token of account ${name}: ${message}`)
    }
  }
  return out
}
