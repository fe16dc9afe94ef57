import type { AppConfig, PostTarget } from '../manifest/model.js'
import type { CreatorInfo } from '../state/schema.js'
import { isPublicAccount, publicAccountRefusal } from './public-account.js'

/*
 * What TikTok's creator_info allows a direct post, checked the same way on the
 * cached answer (the plan) and on the live one (the engine, just before the
 * init), so both refuse a pair with the same code and the same words.
 */

export type CreatorCheckCode = 'creator_public' | 'creator_privacy' | 'creator_duration'
export const CREATOR_CHECK_CODES: readonly CreatorCheckCode[] = ['creator_public', 'creator_privacy', 'creator_duration']

export interface CreatorCheck {
  /** the pair must not be sent: TikTok would refuse it (or post it other than the manifest says) */
  blocked?: { code: CreatorCheckCode; reason: string }
  /** the pair goes out, with something a person should know */
  warnings: string[]
}

export interface CreatorCheckInput {
  target: Pick<PostTarget, 'account' | 'mode' | 'privacy' | 'allow'>
  /** creator_info as cached in the state (or just asked) */
  creator: CreatorInfo
  /** the account's app; undefined when the manifest no longer names it */
  app?: Pick<AppConfig, 'name' | 'audited'>
  /** the video's facts; a photo post or an unread URL video has no duration */
  facts?: { durationSec?: number }
}

/**
 * Refusals in TikTok's own order of importance: a public account under an
 * unaudited app first (nothing can go out), then a privacy level the creator
 * does not offer, then a video longer than the creator may post. Interactions
 * the creator turned off are not a refusal: the post is sent with them off.
 * Drafts are finished in the TikTok app, so an inbox target is never checked.
 */
export function checkCreator({ target, creator, app, facts }: CreatorCheckInput): CreatorCheck {
  const warnings: string[] = []
  if (target.mode !== 'direct') return { warnings }
  const account = target.account
  const who = `${creator.nickname} (${account})`
  if (app && !app.audited && isPublicAccount(creator)) {
    return { blocked: { code: 'creator_public', reason: publicAccountRefusal(account, creator.nickname, app.name) }, warnings }
  }
  if (target.privacy && !creator.privacy_level_options.includes(target.privacy)) {
    return {
      blocked: {
        code: 'creator_privacy',
        reason: `${who} offers privacy ${creator.privacy_level_options.join(', ') || '(none)'}, not ${target.privacy}: choose one of those for this post`
      },
      warnings
    }
  }
  const duration = facts?.durationSec
  if (duration !== undefined && duration > creator.max_video_post_duration_sec) {
    return {
      blocked: {
        code: 'creator_duration',
        reason: `the video runs ${Math.round(duration)} s; ${who} may post at most ${creator.max_video_post_duration_sec} s: shorten the video`
      },
      warnings
    }
  }
  const off: string[] = []
  if (target.allow.comments && creator.comment_disabled) off.push('comments')
  if (target.allow.duet && creator.duet_disabled) off.push('duet')
  if (target.allow.stitch && creator.stitch_disabled) off.push('stitch')
  if (off.length) warnings.push(`${who} has ${off.join(', ')} turned off; the post is sent with ${off.length > 1 ? 'them' : 'it'} off`)
  return { warnings }
}
