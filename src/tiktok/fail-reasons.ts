/**
 * What a failure from TikTok means for the next run. The planner decides from
 * this class alone whether a failed pair is retried, waits, or needs a person,
 * so every documented fail_reason and posting error code is listed here.
 *
 * - `retryable`: transient; retried with back-off, up to a maximum of attempts.
 * - `fix_media`: the post's content is at fault (the video, or the caption TikTok
 *   judged risky). Retrying it unchanged fails again; changing the post in the
 *   manifest (a new fingerprint) lets it be published again.
 * - `needs_person`: only a person can fix it (re-authorize, change a setting in
 *   the TikTok app or the developer portal). Never retried automatically.
 * - `cap`: a quota was hit. Not a failure: the pair waits for a later run.
 */
export type FailClass = 'retryable' | 'fix_media' | 'needs_person' | 'cap'

export interface FailClassification {
  class: FailClass
  /** A sentence a person can act on. */
  advice: string
}

const REAUTH = 'run `tiktok-publish auth` for this account again'

/** The 13 `fail_reason` values of `status/fetch` (docs/TIKTOK.md, "Status"). */
export const FAIL_REASONS: Readonly<Record<string, FailClassification>> = {
  file_format_check_failed: {
    class: 'fix_media',
    advice: 'TikTok could not read the video format: re-encode it as MP4 (H.264), WebM or MOV and change the post'
  },
  duration_check_failed: {
    class: 'fix_media',
    advice: "the video is longer than the creator may post: shorten it below the creator's maximum duration"
  },
  frame_rate_check_failed: {
    class: 'fix_media',
    advice: 'the frame rate is outside 23–60 fps: re-encode the video at a frame rate TikTok accepts'
  },
  picture_size_check_failed: {
    class: 'fix_media',
    advice: 'the picture size is outside 360–4096 px per side: re-encode the video at a size TikTok accepts'
  },
  internal: {
    class: 'retryable',
    advice: 'TikTok had an internal error; the next run retries it'
  },
  video_pull_failed: {
    class: 'retryable',
    advice:
      'TikTok could not download the video from its URL: make sure it is reachable over https, without redirects, for an hour; the next run retries it'
  },
  photo_pull_failed: {
    class: 'retryable',
    advice:
      'TikTok could not download the images from their URLs: make sure they are reachable over https, without redirects; the next run retries it'
  },
  publish_cancelled: {
    class: 'needs_person',
    advice:
      'the upload was cancelled; to post it again run `tiktok-publish resolve POST ACCOUNT --not-published` after checking the account'
  },
  auth_removed: {
    class: 'needs_person',
    advice: `the creator revoked this app's access: ${REAUTH}`
  },
  spam_risk_too_many_posts: {
    class: 'cap',
    advice: "the creator reached TikTok's daily post cap; it is posted on a later day"
  },
  spam_risk_user_banned_from_posting: {
    class: 'needs_person',
    advice: 'TikTok does not let this user post now: check the account in the TikTok app'
  },
  spam_risk_text: {
    class: 'fix_media',
    advice: 'TikTok judged the caption risky: change the caption'
  },
  spam_risk: {
    class: 'needs_person',
    advice: 'TikTok judged the post risky and it must not be retried as is: check the account and the post in the TikTok app'
  }
}

/** Error codes of the posting and status endpoints (docs/TIKTOK.md, "Errors"). */
export const ERROR_CODES: Readonly<Record<string, FailClassification>> = {
  invalid_param: {
    class: 'needs_person',
    advice: 'TikTok rejected a field of the request (the message says which): check the post in the manifest'
  },
  invalid_params: {
    class: 'needs_person',
    advice: 'TikTok rejected a field of the request (the message says which): check the post in the manifest'
  },
  invalid_file_upload: {
    class: 'needs_person',
    advice: 'TikTok rejected the file upload: check that the video file is complete and not a Git LFS pointer'
  },
  scope_permission_missed: {
    class: 'needs_person',
    advice: `the account did not grant a scope this needs: ${REAUTH}`
  },
  access_token_invalid: {
    class: 'retryable',
    advice: 'the access token expired or is unknown; it is refreshed and the call retried'
  },
  scope_not_authorized: {
    class: 'needs_person',
    advice: `the account did not grant the scope this needs (video.publish or video.upload): ${REAUTH}`
  },
  spam_risk_too_many_posts: {
    class: 'cap',
    advice: "the creator reached TikTok's daily post cap; it is posted on a later day"
  },
  spam_risk_user_banned_from_posting: {
    class: 'needs_person',
    advice: 'TikTok does not let this user post now: check the account in the TikTok app'
  },
  spam_risk_too_many_pending_share: {
    class: 'cap',
    advice: 'the creator has 5 drafts waiting in the TikTok inbox from the last 24 h; it is uploaded once one drops out'
  },
  reached_active_user_cap: {
    class: 'cap',
    advice: "the app used up its daily quota of posting accounts; every account of this app waits for a later run"
  },
  unaudited_client_can_only_post_to_private_accounts: {
    class: 'needs_person',
    advice:
      'the app is not audited, so it may only post to private accounts: set the account to private in the TikTok app'
  },
  url_ownership_unverified: {
    class: 'needs_person',
    advice:
      "the video URL's domain or prefix is not verified for this app: verify the prefix in TikTok's developer portal (and list it in the app's pull_prefixes)"
  },
  privacy_level_option_mismatch: {
    class: 'needs_person',
    advice: "the post's privacy is not one the creator offers: choose one of the creator's privacy options in the manifest"
  },
  rate_limit_exceeded: {
    class: 'retryable',
    advice: 'TikTok rate-limited the requests; it is retried after a pause'
  },
  internal_error: {
    class: 'retryable',
    advice: 'TikTok had an internal error; the next run retries it'
  },
  internal: {
    class: 'retryable',
    advice: 'TikTok had an internal error; the next run retries it'
  },
  invalid_publish_id: {
    class: 'needs_person',
    advice:
      'TikTok does not know this publish_id: check the account in the TikTok app, then settle it with `tiktok-publish resolve`'
  },
  token_not_authorized_for_specified_publish_id: {
    class: 'needs_person',
    advice:
      "the publish_id belongs to another account or app: check the account's refresh token secret, then settle it with `tiktok-publish resolve`"
  },
  app_version_check_failed: {
    class: 'needs_person',
    advice: 'the creator must update the TikTok app (31.8 or later) to receive drafts'
  }
}

/**
 * Codes the client gives failures that carried no verdict from TikTok (the
 * connection broke, no answer in time, a body that could not be read). Kept
 * apart from TikTok's own codes. They are transient, and for a FILE_UPLOAD
 * init they are safe to retry: whatever TikTok may have created never received
 * a byte and can never be published (the engine saves the publish_id before
 * the first byte).
 */
export const CLIENT_ERROR_CODES: Readonly<Record<string, FailClassification>> = {
  network_error: {
    class: 'retryable',
    advice: 'no complete answer came back from TikTok (the connection failed); the next run retries it'
  },
  timeout: {
    class: 'retryable',
    advice: 'TikTok did not answer in time; the next run retries it'
  },
  http_error: {
    class: 'retryable',
    advice: 'TikTok answered with an HTTP error and no error code; the next run retries it'
  },
  malformed_response: {
    class: 'retryable',
    advice: 'TikTok answered with a body that could not be read; the next run retries it'
  },
  invalid_response: {
    class: 'retryable',
    advice: 'TikTok answered with data that did not match its documentation; the next run retries it'
  }
}

function lookup(table: Readonly<Record<string, FailClassification>>, code: string): FailClassification | undefined {
  return Object.prototype.hasOwnProperty.call(table, code) ? table[code] : undefined
}

function unknownCode(kind: string, code: string): FailClassification {
  return {
    class: 'needs_person',
    advice: `TikTok reported ${kind} \`${code}\`, which tiktok-publish does not know: check the account in the TikTok app before posting it again`
  }
}

/** Classifies a `fail_reason` from `status/fetch`. */
export function classifyFailReason(reason: string): FailClassification {
  return lookup(FAIL_REASONS, reason) ?? unknownCode('the fail_reason', reason)
}

/** Classifies an `error.code` from a posting or status endpoint. */
export function classifyErrorCode(code: string): FailClassification {
  return lookup(ERROR_CODES, code) ?? lookup(CLIENT_ERROR_CODES, code) ?? unknownCode('the error code', code)
}

/**
 * Classifies a code stored in a state record's `error.code`, which may be either
 * a fail_reason or an error code (the two lists share `internal`, the spam codes).
 */
export function classifyFailure(code: string): FailClassification {
  return lookup(FAIL_REASONS, code) ?? lookup(ERROR_CODES, code) ?? lookup(CLIENT_ERROR_CODES, code) ?? unknownCode('the code', code)
}

/** Codes whose cap covers every account of the app, not just the one that hit it. */
export function isAppWideCap(code: string): boolean {
  return code === 'reached_active_user_cap'
}
