import { checkCreator, plan } from '../../src/plan/index.js'
import { buildManifest, creator, mediaFor, stateOf, withCreator } from './builder.js'

const target = (over: Partial<Parameters<typeof checkCreator>[0]['target']> = {}) => ({
  account: 'us',
  mode: 'direct' as const,
  privacy: 'SELF_ONLY' as const,
  allow: { comments: true, duet: false, stitch: false },
  ...over
})
const audited = { name: 'main', audited: true }
const unaudited = { name: 'free', audited: false }

describe('checkCreator: what creator_info allows a direct post', () => {
  it('refuses a public account under an unaudited app before anything else', () => {
    const info = creator({ privacy_level_options: ['PUBLIC_TO_EVERYONE', 'SELF_ONLY'], max_video_post_duration_sec: 10 })
    const r = checkCreator({ target: target({ privacy: 'FOLLOWER_OF_CREATOR' }), creator: info, app: unaudited, facts: { durationSec: 60 } })
    expect(r.blocked?.code).toBe('creator_public')
    expect(r.blocked?.reason).toContain('account us (Brand US) is public and app free is not audited')
    // the same public account under an audited app may post
    expect(checkCreator({ target: target(), creator: info, app: audited, facts: { durationSec: 5 } })).toEqual({ warnings: [] })
  })

  it('refuses a privacy level the creator does not offer, naming the ones offered', () => {
    const r = checkCreator({ target: target({ privacy: 'PUBLIC_TO_EVERYONE' }), creator: creator(), app: audited })
    expect(r.blocked).toEqual({
      code: 'creator_privacy',
      reason: 'Brand US (us) offers privacy FOLLOWER_OF_CREATOR, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY, not PUBLIC_TO_EVERYONE: choose one of those for this post'
    })
    expect(checkCreator({ target: target({ privacy: 'SELF_ONLY' }), creator: creator({ privacy_level_options: [] }) }).blocked?.reason).toContain('offers privacy (none)')
  })

  it('refuses a video longer than the creator may post; a video without a duration is not refused', () => {
    const info = creator({ max_video_post_duration_sec: 60 })
    expect(checkCreator({ target: target(), creator: info, facts: { durationSec: 60 } }).blocked).toBeUndefined()
    expect(checkCreator({ target: target(), creator: info, facts: { durationSec: 61.6 } }).blocked).toEqual({
      code: 'creator_duration',
      reason: 'the video runs 62 s; Brand US (us) may post at most 60 s: shorten the video'
    })
    expect(checkCreator({ target: target(), creator: info, facts: {} }).blocked).toBeUndefined()
    expect(checkCreator({ target: target(), creator: info }).blocked).toBeUndefined()
  })

  it('sends interactions the creator turned off as off, with a warning, not a refusal', () => {
    const info = creator({ comment_disabled: true, duet_disabled: true, stitch_disabled: false })
    expect(checkCreator({ target: target({ allow: { comments: true, duet: true, stitch: true } }), creator: info })).toEqual({
      warnings: ['Brand US (us) has comments, duet turned off; the post is sent with them off']
    })
    expect(checkCreator({ target: target({ allow: { comments: false, duet: true, stitch: true } }), creator: info }).warnings).toEqual([
      'Brand US (us) has duet turned off; the post is sent with it off'
    ])
  })

  it('never checks an inbox draft (finished in the TikTok app)', () => {
    const info = creator({ privacy_level_options: ['PUBLIC_TO_EVERYONE'], max_video_post_duration_sec: 1, comment_disabled: true })
    expect(checkCreator({ target: target({ mode: 'inbox', privacy: undefined }), creator: info, app: unaudited, facts: { durationSec: 99 } })).toEqual({ warnings: [] })
  })

  it('is what the plan applies to the cached creator info, with the same code and words', () => {
    const m = buildManifest({ accounts: { us: {} }, posts: [{ id: 'loud', accounts: ['us'], privacy: 'PUBLIC_TO_EVERYONE' }] })
    const state = withCreator(stateOf([]), 'us', creator(), '2026-06-10T11:00:00Z')
    const a = plan({ manifest: m, state, media: mediaFor(m), now: new Date('2026-06-10T12:00:00Z') }).actions[0]
    const direct = checkCreator({ target: m.posts[0].targets[0], creator: creator(), app: m.apps.main, facts: { durationSec: 30 } })
    expect(a.kind).toBe('blocked')
    expect({ code: a.code, reason: a.reason }).toEqual(direct.blocked)
  })
})
