import type { Manifest, PostTarget } from '../manifest/model.js'
import { checkCreator, DEFAULT_MAX_ATTEMPTS, type PlanMediaFacts } from '../plan/index.js'
import { isPublicAccount } from '../plan/public-account.js'
import { fingerprint, getAccountState, getRecord, type AccountState, type State, type StateRecord } from '../state/index.js'
import { classifyFailure, NOT_PUBLISHED } from '../rules/rulebook.js'
import type { CreatorInfo } from '../tiktok/client.js'

/*
 * Which accounts' creator info is asked again BEFORE the run's one plan
 * (and how an answer is cached).
 *
 * The plan checks a direct post against the creator info cached in the state.
 * A pair blocked by an old cache would stay blocked for good if nothing else
 * asked TikTok about the account (the engine only asks about accounts with
 * work). So an account is asked again first when one of its pairs would be
 * sent but for the cache, and the cache is over an hour old, or says public
 * under an unaudited app (asked every run, so the posts go out on the first
 * run after the account is made private), or TikTok itself refused a post
 * because the account was public and nothing asked since shows it private.
 * The answer is passed on to the engine, which checks the pairs again with it
 * and does not ask a second time.
 *
 * Pure: manifest, state, media facts and now in, account names out.
 */

export const CREATOR_RECHECK_MS = 60 * 60 * 1000
/** TikTok's refusal of a direct post from an unaudited app to a public account */
const PUBLIC_REFUSAL = 'unaudited_client_can_only_post_to_private_accounts'

export interface RecheckInput {
  manifest: Manifest
  state: State
  /** the plan's media facts, by post id */
  media: Map<string, PlanMediaFacts>
  now: Date
  /** only accounts this returns true for are looked at (--accounts, --shard) */
  selector?: (name: string) => boolean
}

export function creatorRecheckDue(input: RecheckInput): string[] {
  const { manifest, state, media, now } = input
  const names = new Set<string>()
  for (const post of manifest.posts) {
    for (const target of post.targets) {
      const account = target.account
      if (names.has(account) || target.mode !== 'direct' || !(input.selector ?? (() => true))(account)) continue
      if (!Object.prototype.hasOwnProperty.call(manifest.accounts, account)) continue
      const facts = media.get(post.id) ?? (post.video.kind === 'url' ? { digest: '' } : undefined)
      if (!facts) continue
      const record = getRecord(state, post.id, account)
      const entry = getAccountState(state, account)
      const gate = record ? failedGate(record, fingerprint(post, target, facts.digest) !== record.fingerprint, entry) : 'creator'
      if (gate === 'ask' || (gate === 'creator' && staleBlock(input, target, entry, facts))) names.add(account)
    }
  }
  return [...names]
}

/**
 * What stands between a recorded pair and the creator check, as the plan
 * decides it: `none` when the pair is not sent whatever the creator allows
 * (in flight, done, needs a person), `ask` when TikTok refused it for a public
 * account and no later answer shows the account private.
 */
function failedGate(record: StateRecord, changed: boolean, entry: AccountState | undefined): 'none' | 'ask' | 'creator' {
  if (record.status !== 'failed') return 'none'
  const code = record.error?.code ?? 'unrecorded'
  const cls = record.error ? (record.error.class ?? classifyFailure(code).class) : 'retryable'
  if (cls === 'retryable') return record.attempts >= DEFAULT_MAX_ATTEMPTS && !changed && code !== NOT_PUBLISHED ? 'none' : 'creator'
  if (code === PUBLIC_REFUSAL && !changed) {
    const checked = Date.parse(entry?.checked_at ?? '')
    const updated = Date.parse(record.updated_at)
    const privateSince = !!entry?.creator && !isPublicAccount(entry.creator) && !Number.isNaN(checked) && checked > (Number.isNaN(updated) ? Infinity : updated)
    return privateSince ? 'creator' : 'ask'
  }
  if (cls === 'cap' || changed) return 'creator'
  return 'none'
}

/** The cached creator info blocks the pair, and is old enough (or public) to be asked again. */
function staleBlock(input: RecheckInput, target: PostTarget, entry: AccountState | undefined, facts: PlanMediaFacts): boolean {
  if (!entry?.creator) return false
  const accountConfig = input.manifest.accounts[target.account]
  const app = Object.prototype.hasOwnProperty.call(input.manifest.apps, accountConfig.app) ? input.manifest.apps[accountConfig.app] : undefined
  const check = checkCreator({ target, creator: entry.creator, app, facts })
  if (!check.blocked) return false
  const checked = Date.parse(entry.checked_at ?? '')
  return check.blocked.code === 'creator_public' || Number.isNaN(checked) || input.now.getTime() - checked > CREATOR_RECHECK_MS
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
