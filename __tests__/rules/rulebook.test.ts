import {
  classifyErrorCode,
  classifyFailReason,
  classifyFailure,
  ERROR_CODES,
  FAIL_CLASSES,
  FAIL_REASON_ORDER,
  FAIL_REASONS,
  holdUntil,
  isAppWideCap,
  NOT_PUBLISHED,
  RULES,
  scopeOf,
  type FailClass
} from '../../src/rules/rulebook.js'
import { recordErrorSchema } from '../../src/state/schema.js'
import { OAUTH_ERROR_CODES } from '../../src/tiktok/errors.js'

describe('fail_reason classification', () => {
  const expected: Array<[string, FailClass, RegExp]> = [
    ['file_format_check_failed', 'fix_media', /re-encode/],
    ['duration_check_failed', 'fix_media', /shorten/],
    ['frame_rate_check_failed', 'fix_media', /23–60 fps/],
    ['picture_size_check_failed', 'fix_media', /360–4096/],
    ['internal', 'retryable', /retries/],
    ['video_pull_failed', 'retryable', /reachable/],
    ['photo_pull_failed', 'retryable', /reachable/],
    ['publish_cancelled', 'needs_person', /resolve/],
    ['auth_removed', 'needs_person', /revoked.*`tiktok-publish auth`/],
    ['spam_risk_too_many_posts', 'cap', /daily post cap/],
    ['spam_risk_user_banned_from_posting', 'needs_person', /TikTok app/],
    ['spam_risk_text', 'fix_media', /change the caption/],
    ['spam_risk', 'needs_person', /must not be retried/]
  ]

  it('lists exactly the 13 documented reasons', () => {
    expect(Object.keys(FAIL_REASONS).sort()).toEqual(expected.map((e) => e[0]).sort())
  })

  it.each(expected)('%s → %s', (reason, cls, advice) => {
    const c = classifyFailReason(reason)
    expect(c.class).toBe(cls)
    expect(c.advice).toMatch(advice)
  })

  it('sends an unknown reason to a person, naming the code', () => {
    const c = classifyFailReason('brand_new_reason')
    expect(c.class).toBe('needs_person')
    expect(c.advice).toContain('brand_new_reason')
  })

  it('does not treat Object.prototype names as known reasons', () => {
    expect(classifyFailReason('constructor').class).toBe('needs_person')
    expect(classifyFailReason('constructor').advice).toContain('constructor')
  })
})

describe('error code classification', () => {
  const expected: Array<[string, FailClass, RegExp]> = [
    ['invalid_param', 'needs_person', /field/],
    ['invalid_params', 'needs_person', /field/],
    ['invalid_file_upload', 'needs_person', /LFS/],
    ['scope_permission_missed', 'needs_person', /tiktok-publish auth/],
    ['access_token_invalid', 'retryable', /refreshed/],
    ['scope_not_authorized', 'needs_person', /tiktok-publish auth/],
    ['spam_risk_too_many_posts', 'cap', /daily post cap/],
    ['spam_risk_user_banned_from_posting', 'needs_person', /TikTok app/],
    ['spam_risk_too_many_pending_share', 'cap', /5 drafts/],
    ['reached_active_user_cap', 'cap', /every account of this app/],
    ['unaudited_client_can_only_post_to_private_accounts', 'needs_person', /set the account to private in the TikTok app/],
    ['url_ownership_unverified', 'needs_person', /verify the prefix in TikTok's developer portal/],
    ['privacy_level_option_mismatch', 'needs_person', /privacy options/],
    ['rate_limit_exceeded', 'retryable', /rate-limited/],
    ['internal_error', 'retryable', /internal error/],
    ['internal', 'retryable', /internal error/],
    ['invalid_publish_id', 'needs_person', /resolve/],
    ['token_not_authorized_for_specified_publish_id', 'needs_person', /resolve/],
    ['app_version_check_failed', 'needs_person', /31\.8/]
  ]

  it('covers every listed code', () => {
    expect(Object.keys(ERROR_CODES).sort()).toEqual(expected.map((e) => e[0]).sort())
  })

  it.each(expected)('%s → %s', (code, cls, advice) => {
    const c = classifyErrorCode(code)
    expect(c.class).toBe(cls)
    expect(c.advice).toMatch(advice)
  })

  it('sends an unknown code to a person, naming it', () => {
    expect(classifyErrorCode('weird_code')).toEqual({
      class: 'needs_person',
      advice: expect.stringContaining('`weird_code`')
    })
  })

  it('classifies a stored code from either list', () => {
    expect(classifyFailure('spam_risk_text').class).toBe('fix_media')
    expect(classifyFailure('rate_limit_exceeded').class).toBe('retryable')
    expect(classifyFailure('reached_active_user_cap').class).toBe('cap')
    expect(classifyFailure('nope').class).toBe('needs_person')
  })

  it('knows which cap covers the whole app', () => {
    expect(isAppWideCap('reached_active_user_cap')).toBe(true)
    expect(isAppWideCap('spam_risk_too_many_posts')).toBe(false)
  })
})

describe('the rulebook: scope and hold', () => {
  it('names every refusal about the whole account, and only those', () => {
    const account = RULES.filter((r) => r.scope === 'account' && (r.origins.includes('posting') || r.origins.includes('status') || r.origins.includes('fail_reason'))).map((r) => r.code)
    expect(account.sort()).toEqual(
      [
        'access_token_invalid',
        'auth_removed',
        'scope_not_authorized',
        'scope_permission_missed',
        'spam_risk',
        'spam_risk_too_many_pending_share',
        'spam_risk_too_many_posts',
        'spam_risk_user_banned_from_posting',
        'unaudited_client_can_only_post_to_private_accounts'
      ].sort()
    )
    expect(scopeOf('invalid_param')).toBe('post')
    expect(scopeOf('never_heard_of_it')).toBe('post')
    expect(scopeOf('constructor')).toBe('post')
  })

  it('holds a daily post cap until the local midnight, a pending-share cap 24 h, the app cap for the run', () => {
    const now = new Date('2026-11-30T10:00:00.000Z')
    const midnight = (ms: number) => ms + 5 * 3_600_000
    expect(holdUntil('spam_risk_too_many_posts', now, midnight)?.toISOString()).toBe('2026-11-30T15:00:00.000Z')
    expect(holdUntil('spam_risk_too_many_pending_share', now, midnight)?.toISOString()).toBe('2026-12-01T10:00:00.000Z')
    expect(holdUntil('reached_active_user_cap', now, midnight)).toBeUndefined()
    expect(RULES.filter((r) => r.class === 'cap').every((r) => r.hold !== undefined)).toBe(true)
    expect(RULES.filter((r) => r.class !== 'cap').every((r) => r.hold === undefined)).toBe(true)
  })

  it('knows the code a person\'s resolve writes, as retryable', () => {
    expect(classifyFailure(NOT_PUBLISHED)).toMatchObject({ class: 'retryable', advice: expect.stringContaining('person') })
    // a code only the project writes is not one TikTok can answer with
    expect(classifyErrorCode(NOT_PUBLISHED).class).toBe('needs_person')
    expect(classifyFailReason(NOT_PUBLISHED).class).toBe('needs_person')
  })

  it('lists each code once, in TikTok\'s order for the fail_reasons, with words for the doc', () => {
    expect(new Set(RULES.map((r) => r.code)).size).toBe(RULES.length)
    expect(Object.keys(FAIL_REASONS)).toEqual([...FAIL_REASON_ORDER])
    expect(RULES.filter((r) => r.origins.includes('fail_reason')).map((r) => r.code).sort()).toEqual([...FAIL_REASON_ORDER].sort())
    for (const r of RULES) expect([r.code, r.cause.length > 0 && r.fix.length > 0 && r.advice.length > 0]).toEqual([r.code, true])
  })

  it('is where the state schema takes its classes from, and every OAuth error TikTok documents is in it', () => {
    expect(recordErrorSchema.shape.class.unwrap().options).toEqual([...FAIL_CLASSES])
    expect(RULES.filter((r) => r.origins.includes('oauth')).map((r) => r.code).sort()).toEqual([...OAUTH_ERROR_CODES].sort())
  })
})
