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
 * Every form in which a secret can travel and come back quoted in a message:
 * raw; URL-encoded (encodeURIComponent, which keeps `~!*'()`); form-encoded
 * (application/x-www-form-urlencoded, as URLSearchParams writes a token
 * request: space as `+`, `~` as `%7E`, and all but `*-._` escaped); each
 * percent form with lower-case hex too; base64 and base64url (Basic auth,
 * JWT-like blobs), padded or not, alone or inside a longer encoded text.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret])
  const percent = [encodeURIComponent(secret), new URLSearchParams({ x: secret }).toString().slice(2), escapeEverything(secret)]
  for (const p of percent) {
    forms.add(p)
    forms.add(p.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()))
    forms.add(p.replace(/%20/gi, '+'))
  }
  // inside a longer base64 text (`Basic base64(user:secret)`) the secret may
  // start at any of three byte offsets: keep the characters it alone decides
  const bytes = Buffer.from(secret, 'utf8')
  for (let k = 0; k < 3; k++) {
    const padded = Buffer.concat([Buffer.alloc(k), bytes])
    const from = Math.ceil((8 * k) / 6)
    const to = Math.floor((8 * padded.length) / 6)
    for (const encoding of ['base64', 'base64url'] as const) {
      const text = padded.toString(encoding)
      if (k === 0) forms.add(text)
      forms.add(text.slice(from, to))
    }
  }
  return [...forms].filter((f) => f.length >= 6).sort((a, b) => b.length - a.length)
}

/** Percent-encodes every byte outside [A-Za-z0-9-._]: what the strictest form encoders send. */
function escapeEverything(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-._]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('')
}

/**
 * Replaces every secret value in `text`, in each of its encodings
 * (`secretForms`), with a marker. Short values are skipped: masking "a" would
 * shred a message and no real secret is that short.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text
  for (const s of secrets) {
    if (!s || s.length < 6) continue
    for (const form of secretForms(s)) {
      out = out.split(form).join('***')
    }
  }
  return out
}
