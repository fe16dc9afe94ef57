import { UserError } from '../errors.js'
import type { AccountConfig } from '../manifest/model.js'
import type { PlanAction } from '../plan/index.js'
import type { AccountState } from '../state/index.js'
import type { CreatorInfo } from '../tiktok/client.js'
import { TikTokApiError } from '../tiktok/errors.js'
import { publish } from './engine-init.js'
import { failAll } from './engine-outcomes.js'
import { resume } from './engine-resume.js'
import type { EngineRun } from './engine-run.js'

/*
 * One account's turn: its access token first (so an account whose token
 * cannot be refreshed never leaves a claim behind), then TikTok's live
 * creator info, then its pairs in the plan's order.
 */

const inFlight = (a: PlanAction): boolean => a.kind === 'resume' || a.kind === 'orphaned'

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

export async function runAccount(run: EngineRun, name: string, actions: PlanAction[]): Promise<void> {
  const account = run.o.manifest.accounts[name]
  let auth: { token: string; scopes?: string[] }
  try {
    auth = await run.o.tokens.accessTokenFor(account)
    run.auth.set(name, { ...auth })
  } catch (error) {
    run.passStop(error)
    notStarted(run, name, actions, error)
    return
  }
  let creatorUsername: string | undefined
  const needsCreator = actions.some((a) => !inFlight(a) && a.mode !== 'inbox')
  if (needsCreator || actions.some(inFlight)) {
    try {
      const info = await creatorInfo(run, account, auth)
      creatorUsername = info.username
      run.updateAccount(name, creatorCacheEntry(info, name, run.now()))
    } catch (error) {
      if (needsCreator) {
        failAll(run, name, actions.filter((a) => !inFlight(a)), error)
        actions = actions.filter(inFlight)
      }
    }
  }
  if (!run.auth.has(name) || run.auth.get(name)!.token !== auth.token) run.auth.set(name, { ...auth })
  run.usernames.set(name, creatorUsername)
  for (const action of actions) {
    if (run.stopped !== undefined) return
    if (inFlight(action)) {
      await resume(run, action, run.auth.get(name)!.token, auth.scopes, creatorUsername)
      continue
    }
    const blocked = run.initBlocked(name)
    if (blocked) {
      run.outcome({ post: action.post, account: name, status: 'deferred', message: blocked })
      continue
    }
    await publish(run, action, creatorUsername)
  }
}

/** The account's token could not be had: nothing of it is started, and what is in flight stays so. */
function notStarted(run: EngineRun, name: string, actions: PlanAction[], error: unknown): void {
  const message = error instanceof UserError && error.fix ? `${error.message} Fix: ${error.fix}.` : error instanceof Error ? error.message : String(error)
  run.o.logger.error(`${name}: ${message}`)
  for (const a of actions) {
    run.outcome({
      post: a.post,
      account: name,
      status: inFlight(a) ? 'processing' : 'failed',
      message: `not started: ${message}`,
      error: { code: 'token', class: 'needs_person' }
    })
  }
}

/**
 * TikTok's creator_info. A cached access token TikTok no longer accepts (the
 * account was authorized again, or revoked) is refreshed once (`auth` is
 * updated in place), then the run gives up on the account's new posts.
 */
async function creatorInfo(run: EngineRun, account: AccountConfig, auth: { token: string; scopes?: string[] }): Promise<CreatorInfo> {
  try {
    return await run.o.client.creatorInfo(auth.token)
  } catch (error) {
    if (!(error instanceof TikTokApiError && error.code === 'access_token_invalid' && run.o.tokens.invalidate)) throw error
    run.o.tokens.invalidate(account)
    const fresh = await run.o.tokens.accessTokenFor(account)
    auth.token = fresh.token
    auth.scopes = fresh.scopes
    return await run.o.client.creatorInfo(auth.token)
  }
}
