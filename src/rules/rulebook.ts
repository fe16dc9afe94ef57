/**
 * The rulebook: what every answer TikTok can give means for tiktok-publish,
 * in one place. For each error code, `fail_reason` and OAuth error, and for
 * the few codes the project writes into a record itself: its class (what the
 * next run does), its scope (who else it is about), how long a cap holds,
 * and the advice a person reads. The planner, the engine, the state schema,
 * the CLI and docs/TROUBLESHOOTING.md (a generated section) all read it; the
 * TikTok client only parses answers into codes.
 */

/**
 * What a failure means for the next run. The planner decides from the class
 * alone whether a failed pair is retried, waits, or needs a person.
 *
 * - `retryable`: transient; retried with back-off, up to a maximum of attempts.
 * - `fix_media`: the post's content is at fault (the video, or the caption TikTok
 *   judged risky). Retrying it unchanged fails again; changing the post in the
 *   manifest (a new fingerprint) lets it be published again.
 * - `needs_person`: only a person can fix it (re-authorize, change a setting in
 *   the TikTok app or the developer portal). Never retried automatically.
 * - `cap`: a quota was hit. Not a failure: the pair waits for a later run.
 */
export const FAIL_CLASSES = ['retryable', 'fix_media', 'needs_person', 'cap'] as const
export type FailClass = (typeof FAIL_CLASSES)[number]

/**
 * Who else an answer is about. `post`: this post alone. `account`: every other
 * post of the account would get the same answer now, so none is tried this run.
 * `app`: every account of the app.
 */
export const SCOPES = ['post', 'account', 'app'] as const
export type Scope = (typeof SCOPES)[number]

/**
 * How long a cap keeps new inits away. `local_day`: until the account's next
 * local midnight. `day`: 24 hours from the answer. `run`: the rest of this run
 * (the planner's own count of the quota holds later runs back).
 */
export type Hold = 'local_day' | 'day' | 'run'
export const HOLD_MS = { day: 24 * 60 * 60 * 1000 } as const

/**
 * Where a code comes from: TikTok's posting or status endpoints (`error.code`),
 * the status' `fail_reason`, the cancel endpoint, the OAuth token endpoint, the
 * client (no verdict from TikTok: the connection broke, an unreadable body), or
 * this project (a person's `resolve`, a released upload).
 */
export type Origin = 'posting' | 'status' | 'fail_reason' | 'cancel' | 'oauth' | 'client' | 'project'

export interface FailClassification {
  class: FailClass
  /** a sentence a person can act on */
  advice: string
}

export interface Rule extends FailClassification {
  code: string
  origins: readonly Origin[]
  scope: Scope
  /** caps only */
  hold?: Hold
  /** HTTP status TikTok answers with, as docs/TROUBLESHOOTING.md shows it */
  http?: string
  /** docs/TROUBLESHOOTING.md: why it happens, and what to do */
  cause: string
  fix: string
  /** the `fail_reason` table's words, where they differ from the error code's */
  failReasonDoc?: { cause: string; fix: string }
}

/** A person's `resolve --not-published`: the pair goes out again, with fresh attempts. */
export const NOT_PUBLISHED = 'not_published'

const REAUTH = 'run `tiktok-publish auth` for this account again'
const AUTH_AGAIN = '`tiktok-publish auth --account NAME` again'
const INTERNAL_ADVICE = 'TikTok had an internal error; the next run retries it'
const FIELD_ADVICE = 'TikTok rejected a field of the request (the message says which): check the post in the manifest'
const BANNED_ADVICE = 'TikTok does not let this user post now: check the account in the TikTok app'
const DAILY_CAP_ADVICE = "the creator reached TikTok's daily post cap; it is posted on a later day"

type Spec = Omit<Rule, 'code' | 'scope'> & { scope?: Scope }

/** Codes of the posting and status endpoints, and the 13 `fail_reason`s of status/fetch. */
const TIKTOK: Record<string, Spec> = {
  invalid_param: {
    origins: ['posting'], http: '400', class: 'needs_person', advice: FIELD_ADVICE,
    cause: "a field of the request is missing or wrong; TikTok's message says which",
    fix: 'check the post in the manifest (caption, privacy, cover_ms, video); if the manifest is valid, report it with the log_id'
  },
  invalid_params: {
    origins: ['posting'], http: '400', class: 'needs_person', advice: FIELD_ADVICE,
    cause: "the same, as TikTok's general error page spells it",
    fix: 'as `invalid_param`'
  },
  invalid_file_upload: {
    origins: ['posting'], http: '400', class: 'needs_person',
    advice: 'TikTok rejected the file upload: check that the video file is complete and not a Git LFS pointer',
    cause: 'TikTok rejected the upload (content type or the file itself)',
    fix: 'check the video is complete and not a Git LFS pointer (the Action fetches due LFS videos itself; locally run `git lfs pull`)'
  },
  scope_permission_missed: {
    origins: ['posting'], http: '400', class: 'needs_person', scope: 'account',
    advice: `the account did not grant a scope this needs: ${REAUTH}`,
    cause: 'the token lacks a scope this call needs',
    fix: `${AUTH_AGAIN} and grant every scope`
  },
  access_token_invalid: {
    origins: ['posting', 'status'], http: '401', class: 'retryable', scope: 'account',
    advice: 'the access token expired or is unknown; it is refreshed and the call retried',
    cause: 'the access token expired early or was revoked',
    fix: 'none: the token is refreshed and the call repeated once; if it keeps happening, run `auth` again'
  },
  scope_not_authorized: {
    origins: ['posting', 'status'], http: '401', class: 'needs_person', scope: 'account',
    advice: `the account did not grant the scope this needs (video.publish or video.upload): ${REAUTH}`,
    cause: 'the user did not grant `video.publish` (direct) or `video.upload` (inbox)',
    fix: '`tiktok-publish auth --account NAME` and grant every scope; `doctor` lists what is granted'
  },
  spam_risk_too_many_posts: {
    origins: ['posting', 'fail_reason'], http: '403', class: 'cap', scope: 'account', hold: 'local_day', advice: DAILY_CAP_ADVICE,
    cause:
      "the creator hit TikTok's daily post cap (shared by all apps; TikTok gives no fixed number, and this tool plans at most 15 a day, its own conservative default: [TIKTOK.md](TIKTOK.md#limits))",
    fix: "none: the account waits until its next local midnight and it is posted on a later day; lower `limits.posts_per_day` to stay under it",
    failReasonDoc: { cause: "the creator's daily post cap", fix: 'none: the account waits until its next local midnight; posted on a later day' }
  },
  spam_risk_user_banned_from_posting: {
    origins: ['posting', 'fail_reason'], http: '403', class: 'needs_person', scope: 'account', advice: BANNED_ADVICE,
    cause: 'TikTok does not let this user post now',
    fix: 'check the account in the TikTok app; settle the pair with `resolve` when it can post again',
    failReasonDoc: { cause: 'TikTok does not let this user post now', fix: 'check the account in the TikTok app' }
  },
  spam_risk_too_many_pending_share: {
    origins: ['posting'], http: '403', class: 'cap', scope: 'account', hold: 'day',
    advice: 'the creator has 5 drafts waiting in the TikTok inbox from the last 24 h; it is uploaded once one drops out',
    cause:
      "too many inbox drafts are still waiting in the creator's inbox (TikTok gives no fixed number; this tool sends at most 5 per 24 h, its own conservative default)",
    fix: 'none: the account waits 24 h and it is uploaded once one is 24 h old; the creator can also post or delete pending drafts'
  },
  reached_active_user_cap: {
    origins: ['posting'], http: '403', class: 'cap', scope: 'app', hold: 'run',
    advice: 'the app used up its daily quota of posting accounts; every account of this app waits for a later run',
    cause: 'the app used up its daily quota of posting accounts (unaudited: 5 direct-posting accounts per 24 h)',
    fix: 'none: every account of the app waits for a later run; use fewer accounts per day, or get the app audited'
  },
  unaudited_client_can_only_post_to_private_accounts: {
    origins: ['posting'], http: '403', class: 'needs_person', scope: 'account',
    advice: 'the app is not audited, so it may only post to private accounts: set the account to private in the TikTok app',
    cause: 'the app is not audited and the **account** is public',
    fix:
      'set the account to private in the TikTok app (Settings → Privacy), or use `mode: inbox`; see [GUIDE.md](GUIDE.md#unaudited-apps). tiktok-publish normally refuses such a post itself before asking TikTok (`creator_public`, from the creator info it asks each run); once the account is private the next run posts it, no `resolve` needed'
  },
  url_ownership_unverified: {
    origins: ['posting'], http: '403', class: 'needs_person',
    advice:
      "the video URL's domain or prefix is not verified for this app: verify the prefix in TikTok's developer portal (and list it in the app's pull_prefixes)",
    cause: 'PULL_FROM_URL from a domain or prefix not verified for the app',
    fix: "verify the prefix in TikTok's developer portal and list it in the app's `pull_prefixes`, or use a repository file"
  },
  privacy_level_option_mismatch: {
    origins: ['posting'], http: '403', class: 'needs_person',
    advice: "the post's privacy is not one the creator offers: choose one of the creator's privacy options in the manifest",
    cause: "the post's privacy is not one the creator offers (e.g. `PUBLIC_TO_EVERYONE` on a private account, or anything but `SELF_ONLY` on an unaudited app)",
    fix: "choose one of the creator's privacy options (`doctor` lists them)"
  },
  rate_limit_exceeded: {
    origins: ['posting', 'status'], http: '429', class: 'retryable',
    advice: 'TikTok rate-limited the requests; it is retried after a pause',
    cause: 'the per-token rate limit was hit',
    fix: 'none: retried after a pause (honouring `Retry-After`)'
  },
  internal_error: {
    origins: ['posting', 'status'], http: '5xx', class: 'retryable', advice: INTERNAL_ADVICE,
    cause: 'TikTok had an internal error',
    fix: "none: retried with back-off. On a repository file's (FILE_UPLOAD) **init** it is retried in the run too: the publish_id an unanswered init may have created never receives a byte, so it can never become a post. On a PULL_FROM_URL init it is ambiguous (TikTok may be downloading): the claim is reconciled instead of posted again, or becomes `unknown` — see below"
  },
  internal: {
    origins: ['posting', 'status', 'fail_reason'], http: '5xx', class: 'retryable', advice: INTERNAL_ADVICE,
    cause: 'the same, as some pages spell it',
    fix: 'as `internal_error`',
    failReasonDoc: { cause: 'TikTok had an internal error', fix: 'none: the next run retries it' }
  },
  invalid_publish_id: {
    origins: ['status'], http: '400', class: 'needs_person',
    advice: 'TikTok does not know this publish_id: check the account in the TikTok app, then settle it with `tiktok-publish resolve`',
    cause: 'status fetch: TikTok does not know this publish_id',
    fix: 'check the account in the TikTok app, then `tiktok-publish resolve POST ACCOUNT --published VIDEO_ID` or `--not-published`'
  },
  token_not_authorized_for_specified_publish_id: {
    origins: ['status'], http: '400', class: 'needs_person',
    advice:
      "the publish_id belongs to another account or app: check the account's refresh token secret, then settle it with `tiktok-publish resolve`",
    cause: 'status fetch: the publish_id belongs to another account or app',
    fix: "check that the account's `refresh_token` secret belongs to this account; then `resolve`"
  },
  publish_not_cancellable: {
    origins: ['cancel'], http: '400', class: 'needs_person',
    advice: 'TikTok could not cancel it: the download already finished or is processing; let it finish, or delete the post in the TikTok app',
    cause: 'cancel: the download already finished or is processing',
    fix: 'nothing to cancel; let it finish, or delete the post in the TikTok app'
  },
  app_version_check_failed: {
    origins: ['posting'], http: '400', class: 'needs_person',
    advice: 'the creator must update the TikTok app (31.8 or later) to receive drafts',
    cause: 'a draft (MEDIA_UPLOAD) needs TikTok app 31.8 or later',
    fix: 'the creator updates the TikTok app'
  },
  file_format_check_failed: {
    origins: ['fail_reason'], class: 'fix_media',
    advice: 'TikTok could not read the video format: re-encode it as MP4 (H.264), WebM or MOV and change the post',
    cause: 'TikTok could not read the video format',
    fix: 're-encode as MP4 (H.264), WebM or MOV, and change the post'
  },
  duration_check_failed: {
    origins: ['fail_reason'], class: 'fix_media',
    advice: "the video is longer than the creator may post: shorten it below the creator's maximum duration",
    cause: 'the video is longer than the creator may post',
    fix: "shorten it below the creator's `max_video_post_duration_sec` (`doctor` shows it)"
  },
  frame_rate_check_failed: {
    origins: ['fail_reason'], class: 'fix_media',
    advice: 'the frame rate is outside 23–60 fps: re-encode the video at a frame rate TikTok accepts',
    cause: 'frame rate outside 23–60 fps',
    fix: 're-encode at a frame rate TikTok accepts'
  },
  picture_size_check_failed: {
    origins: ['fail_reason'], class: 'fix_media',
    advice: 'the picture size is outside 360–4096 px per side: re-encode the video at a size TikTok accepts',
    cause: 'width or height outside 360–4096 px',
    fix: 're-encode at a size TikTok accepts'
  },
  video_pull_failed: {
    origins: ['fail_reason'], class: 'retryable',
    advice:
      'TikTok could not download the video from its URL: make sure it is reachable over https, without redirects, for an hour; the next run retries it',
    cause: 'TikTok could not download the video from its URL',
    fix: 'make it reachable over https, without redirects, for an hour after init; the next run retries it. Consider a repository file (FILE_UPLOAD) instead'
  },
  photo_pull_failed: {
    origins: ['fail_reason'], class: 'retryable',
    advice:
      'TikTok could not download the images from their URLs: make sure they are reachable over https, without redirects; the next run retries it',
    cause: 'TikTok could not download the images',
    fix: 'make them reachable over https without redirects; retried'
  },
  publish_cancelled: {
    origins: ['fail_reason'], class: 'needs_person',
    advice: 'the upload was cancelled; to post it again run `tiktok-publish resolve POST ACCOUNT --not-published` after checking the account',
    cause: 'the upload was cancelled',
    fix: 'check the account; `tiktok-publish resolve POST ACCOUNT --not-published` to post it again'
  },
  auth_removed: {
    origins: ['fail_reason'], class: 'needs_person', scope: 'account',
    advice: `the creator revoked this app's access: ${REAUTH}`,
    cause: "the creator revoked the app's access",
    fix: AUTH_AGAIN
  },
  spam_risk: {
    // TikTok's risk verdict is about the account as much as the post: its other posts wait for a person too
    origins: ['fail_reason'], class: 'needs_person', scope: 'account',
    advice: 'TikTok judged the post risky and it must not be retried as is: check the account and the post in the TikTok app',
    cause: 'TikTok judged the post risky; do not retry as is',
    fix: 'check the account and the post in the TikTok app'
  },
  spam_risk_text: {
    origins: ['fail_reason'], class: 'fix_media',
    advice: 'TikTok judged the caption risky: change the caption',
    cause: 'TikTok judged the caption risky',
    fix: 'change the caption'
  }
}

const TRANSIENT_OAUTH = 'retried automatically; run again later'

/** Errors of POST /v2/oauth/token/ and the authorize redirect. A token that cannot be had stops the account's posts. */
const OAUTH: Record<string, Spec> = {
  access_denied: {
    origins: ['oauth'], class: 'needs_person', scope: 'account',
    advice: 'the account owner chose not to authorize: run `tiktok-publish auth` again and choose Authorize',
    cause: 'the account owner chose not to authorize',
    fix: 'run `auth` again and choose Authorize'
  },
  invalid_client: {
    origins: ['oauth'], class: 'needs_person', scope: 'app',
    advice: "check the app's client key and client secret",
    cause: 'the client key or secret is wrong',
    fix: 'check `TIKTOK_CLIENT_KEY` / `TIKTOK_CLIENT_SECRET` (the values, from the developer portal)'
  },
  invalid_grant: {
    origins: ['oauth'], class: 'needs_person', scope: 'account',
    advice: `the refresh token is expired, revoked or was already rotated: ${REAUTH}`,
    cause:
      'the refresh token expired (180 days), was revoked, or was **already used** (rotation: another run or machine refreshed first); for a code: expired, used, or the redirect URI / PKCE verifier did not match',
    fix:
      'In the Action, when the message says *most likely another run rotated it after this run was queued*: nothing is wrong with the account — the secret already holds the new token; run the workflow again, and put the apply job in an environment with `secrets-environment` so queued runs read the token when they start. Otherwise `tiktok-publish auth --account NAME` and store the new token. Keep one copy of each refresh token: a local store and a repository secret that refresh apart kill each other. (On the command line a run that finds a newer token in the store uses it by itself.)'
  },
  invalid_request: {
    origins: ['oauth'], class: 'needs_person', scope: 'account',
    advice: 'a parameter of the authorization is missing or malformed (often the redirect URI): run `tiktok-publish auth` again',
    cause: 'a parameter is missing or malformed (often the redirect URI)',
    fix: 'register `http://127.0.0.1:*/callback` for the desktop platform; run `auth` again'
  },
  invalid_scope: {
    origins: ['oauth'], class: 'needs_person', scope: 'app',
    advice: 'a requested scope is not enabled for the app: add its product in the developer portal',
    cause: 'a requested scope is not enabled for the app',
    fix: 'add the products (Login Kit, Content Posting API, Display API) in the portal, or pass fewer `--scopes`'
  },
  unauthorized_client: {
    origins: ['oauth'], class: 'needs_person', scope: 'app',
    advice: 'the app may not use this grant: add Login Kit to the app and check its status in the developer portal',
    cause: 'the app may not use this grant (Login Kit missing, app not live)',
    fix: 'add Login Kit to the app; check its status in the portal'
  },
  unsupported_grant_type: {
    origins: ['oauth'], class: 'needs_person', scope: 'app',
    advice: 'TikTok refused the grant type: a bug in the caller, please report it',
    cause: 'a wrong `grant_type`',
    fix: 'a bug in the caller: report it'
  },
  unsupported_response_type: {
    origins: ['oauth'], class: 'needs_person', scope: 'app',
    advice: 'the authorize URL lacks `response_type=code`: a bug in the caller, please report it',
    cause: 'the authorize URL lacks `response_type=code`',
    fix: 'a bug in the caller: report it'
  },
  server_error: {
    origins: ['oauth'], class: 'retryable', scope: 'account',
    advice: 'TikTok failed to hand out a token; run again later',
    cause: 'TikTok failed',
    fix: TRANSIENT_OAUTH
  },
  temporarily_unavailable: {
    origins: ['oauth'], class: 'retryable', scope: 'account',
    advice: 'TikTok is briefly unavailable; run again later',
    cause: 'TikTok is briefly unavailable',
    fix: TRANSIENT_OAUTH
  }
}

/**
 * Codes the client gives failures that carried no verdict from TikTok (the
 * connection broke, no answer in time, a body that could not be read), and
 * codes this project writes into a record. They are transient, and for a
 * FILE_UPLOAD init safe to retry: whatever TikTok may have created never
 * received a byte and can never be published (the engine saves the publish_id
 * before the first byte).
 */
const OURS: Record<string, Spec> = {
  network_error: {
    origins: ['client'], class: 'retryable',
    advice: 'no complete answer came back from TikTok (the connection failed); the next run retries it',
    cause: 'the connection to TikTok failed before a complete answer came back',
    fix: 'none: the next run retries it'
  },
  timeout: {
    origins: ['client'], class: 'retryable',
    advice: 'TikTok did not answer in time; the next run retries it',
    cause: 'TikTok did not answer in time',
    fix: 'none: the next run retries it'
  },
  http_error: {
    origins: ['client'], class: 'retryable',
    advice: 'TikTok answered with an HTTP error and no error code; the next run retries it',
    cause: 'TikTok answered with an HTTP error and no error code',
    fix: 'none: the next run retries it; if it persists, check the API base URL'
  },
  malformed_response: {
    origins: ['client'], class: 'retryable',
    advice: 'TikTok answered with a body that could not be read; the next run retries it',
    cause: 'TikTok answered with a body that could not be read',
    fix: 'none: the next run retries it; if it persists, check the API base URL'
  },
  invalid_response: {
    origins: ['client'], class: 'retryable',
    advice: 'TikTok answered with data that did not match its documentation; the next run retries it',
    cause: 'TikTok answered with data that did not match its documentation',
    fix: 'none: the next run retries it; if it persists, report it with the log_id'
  },
  [NOT_PUBLISHED]: {
    origins: ['project'], class: 'retryable',
    advice: 'a person checked the account and the post is not there; the next run publishes it, with fresh attempts',
    cause: 'a person ran `tiktok-publish resolve POST ACCOUNT --not-published`',
    fix: 'none: the next run posts it'
  },
  upload_abandoned: {
    origins: ['project'], class: 'retryable',
    advice: 'an earlier run stopped mid-upload and the upload URL expired; the post is initiated again',
    cause: 'an earlier run stopped mid-upload and its upload URL (one hour) expired before another run could finish it',
    fix: 'none: the next run initiates it again'
  }
}

function build(table: Record<string, Spec>): Rule[] {
  return Object.entries(table).map(([code, spec]) => ({ code, scope: 'post', ...spec }))
}

/** Every rule, TikTok's answers first. */
export const RULES: readonly Rule[] = [...build(TIKTOK), ...build(OAUTH), ...build(OURS)]

const BY_CODE = new Map(RULES.map((r) => [r.code, r]))

function view(keep: (r: Rule) => boolean): Readonly<Record<string, Rule>> {
  return Object.fromEntries(RULES.filter(keep).map((r) => [r.code, r]))
}

/** The 13 `fail_reason` values of `status/fetch`, in the order TikTok documents them. */
export const FAIL_REASON_ORDER = [
  'file_format_check_failed',
  'duration_check_failed',
  'frame_rate_check_failed',
  'picture_size_check_failed',
  'internal',
  'video_pull_failed',
  'photo_pull_failed',
  'publish_cancelled',
  'auth_removed',
  'spam_risk_too_many_posts',
  'spam_risk_user_banned_from_posting',
  'spam_risk_text',
  'spam_risk'
] as const
export const FAIL_REASONS: Readonly<Record<string, Rule>> = Object.fromEntries(FAIL_REASON_ORDER.map((code) => [code, BY_CODE.get(code)!]))
/** Error codes of the posting and status endpoints. */
export const ERROR_CODES = view((r) => r.origins.includes('posting') || r.origins.includes('status'))
/** Codes the client gives failures that carried no verdict from TikTok. */
export const CLIENT_ERROR_CODES = view((r) => r.origins.includes('client'))

/** The rule for a code, looked up among `origins` (all when omitted); never an Object.prototype name. */
export function ruleFor(code: string, origins?: readonly Origin[]): Rule | undefined {
  const rule = BY_CODE.get(code)
  if (!rule || (origins && !rule.origins.some((o) => origins.includes(o)))) return undefined
  return rule
}

function unknownCode(kind: string, code: string): FailClassification {
  return {
    class: 'needs_person',
    advice: `TikTok reported ${kind} \`${code}\`, which tiktok-publish does not know: check the account in the TikTok app before posting it again`
  }
}

/** Classifies a `fail_reason` from `status/fetch`. */
export function classifyFailReason(reason: string): FailClassification {
  return ruleFor(reason, ['fail_reason']) ?? unknownCode('the fail_reason', reason)
}

/** Classifies an `error.code` from a posting, status or cancel endpoint, or one the client gave. */
export function classifyErrorCode(code: string): FailClassification {
  return ruleFor(code, ['posting', 'status', 'cancel', 'client']) ?? unknownCode('the error code', code)
}

/**
 * Classifies a code stored in a state record's `error.code`, which may be a
 * fail_reason, an error code, or one this project wrote.
 */
export function classifyFailure(code: string): FailClassification {
  return ruleFor(code, ['fail_reason', 'posting', 'status', 'cancel', 'client', 'project']) ?? unknownCode('the code', code)
}

/** Who else an answer is about; an unknown code is about its post alone. */
export function scopeOf(code: string): Scope {
  return BY_CODE.get(code)?.scope ?? 'post'
}

/** Codes whose cap covers every account of the app, not just the one that hit it. */
export function isAppWideCap(code: string): boolean {
  const rule = BY_CODE.get(code)
  return rule?.class === 'cap' && rule.scope === 'app'
}

/**
 * Until when a cap holds an account, from the moment TikTok said it;
 * undefined when it holds only for the rest of this run. `nextLocalMidnight`
 * is the account's local calendar, passed in so the rulebook stays free of it.
 */
export function holdUntil(code: string, now: Date, nextLocalMidnight: (ms: number) => number): Date | undefined {
  const hold = BY_CODE.get(code)?.hold ?? 'day'
  if (hold === 'run') return undefined
  if (hold === 'local_day') return new Date(nextLocalMidnight(now.getTime()))
  return new Date(now.getTime() + HOLD_MS.day)
}
