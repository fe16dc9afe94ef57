/**
 * Typed failures of the TikTok client. Every message is a sentence a person can
 * act on and never carries a secret: callers build messages from endpoint names,
 * codes and TikTok's own message after `redact` has removed the values in play.
 */

/** Endpoint names used in errors, rate limiting and logs. */
export type Endpoint =
  | 'oauth_token'
  | 'creator_info'
  | 'video_init'
  | 'inbox_init'
  | 'content_init'
  | 'status'
  | 'cancel'
  | 'user_info'
  | 'video_list'
  | 'video_query'
  | 'chunk'

export interface TikTokApiErrorOptions {
  code: string
  httpStatus?: number
  logId?: string
  retryable: boolean
  /**
   * True when TikTok may have acted on the request although we saw a failure
   * (a non-idempotent call whose outcome is unknown). Such a call must not be
   * repeated blindly: the caller reconciles instead.
   */
  ambiguous?: boolean
  endpoint: Endpoint
  cause?: unknown
}

export class TikTokApiError extends Error {
  override name = 'TikTokApiError'
  readonly code: string
  /** 0 when no HTTP response was received (network failure, timeout). */
  readonly httpStatus: number
  readonly logId?: string
  readonly retryable: boolean
  readonly ambiguous: boolean
  readonly endpoint: Endpoint

  constructor(message: string, options: TikTokApiErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = options.code
    this.httpStatus = options.httpStatus ?? 0
    this.logId = options.logId
    this.retryable = options.retryable
    this.ambiguous = options.ambiguous ?? false
    this.endpoint = options.endpoint
  }
}

/** The upload URL of an initiated post stopped working; only a new init helps. */
export class UploadUrlExpiredError extends TikTokApiError {
  override name = 'UploadUrlExpiredError'
  constructor(options: { httpStatus: number; cause?: unknown }) {
    super('upload_url expired (it lives one hour): the post must be initiated again.', {
      code: 'upload_url_expired',
      httpStatus: options.httpStatus,
      retryable: false,
      endpoint: 'chunk',
      cause: options.cause
    })
  }
}

export const OAUTH_ERROR_CODES = [
  'access_denied',
  'invalid_client',
  'invalid_grant',
  'invalid_request',
  'invalid_scope',
  'unauthorized_client',
  'unsupported_grant_type',
  'unsupported_response_type',
  'server_error',
  'temporarily_unavailable'
] as const

/**
 * A failure of POST /v2/oauth/token/. `error` is TikTok's flat OAuth code, or one
 * of ours: `network_error`, `timeout`, `malformed_response`, `http_error`,
 * `rate_limit_exceeded`.
 */
export class TikTokAuthError extends Error {
  override name = 'TikTokAuthError'
  readonly error: string
  readonly errorDescription?: string
  readonly httpStatus: number
  readonly logId?: string
  /** A later attempt may succeed with the same refresh token. */
  readonly transient: boolean
  /**
   * The request may have reached TikTok and rotated the refresh token although
   * we never saw the new one. The stored token may be dead; a person may have to
   * re-authorize if the next refresh gets invalid_grant.
   */
  readonly ambiguous: boolean
  readonly endpoint: Endpoint = 'oauth_token'

  constructor(
    message: string,
    options: {
      error: string
      errorDescription?: string
      httpStatus?: number
      logId?: string
      transient: boolean
      ambiguous?: boolean
      cause?: unknown
    }
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.error = options.error
    this.errorDescription = options.errorDescription
    this.httpStatus = options.httpStatus ?? 0
    this.logId = options.logId
    this.transient = options.transient
    this.ambiguous = options.ambiguous ?? false
  }

  /** Only invalid_grant means the refresh token (or code) is dead for good. */
  get grantDead(): boolean {
    return this.error === 'invalid_grant'
  }
}

/**
 * Replaces every secret value in `text` (and its URL-encoded form, as tokens
 * appear in form bodies and query strings) with a marker. Short values are
 * skipped: masking "a" would shred a message and no real secret is that short.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text
  for (const s of secrets) {
    if (!s || s.length < 6) continue
    for (const form of new Set([s, encodeURIComponent(s)])) {
      out = out.split(form).join('***')
    }
  }
  return out
}
