import type { Dispatcher } from 'undici'
import { stringify as losslessStringify, LosslessNumber } from 'lossless-json'
import type { z } from 'zod'
import { systemClock, type Clock } from '../clock.js'
import { parseJsonLossless } from '../json.js'
import type { Logger } from '../logger.js'
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter, type Random, type RetryOptions } from './backoff.js'
import { TikTokApiError, TikTokAuthError, redact } from './errors.js'
import { createAgent, DEFAULT_BASE_URL, header, joinUrl, NetworkError, send, type HttpTimeouts, type RawResponse } from './http.js'
import { RateLimiter, TIKTOK_RATE_LIMITS } from './rate-limit.js'
import { CreatorInfoData, Envelope, InitData, OAuthErrorResponse, OAuthTokenResponse, StatusData, UserInfoData, VideoListData, VideoQueryData } from './schemas.js'
import { ENDPOINTS, initSpec, oauthMessage, sourceInfoBody, TOKEN_PATH, videoInfo, type EndpointSpec } from './endpoints.js'
import type { CreatorInfo, InitResult, PhotoPostArgs, PostInfo, SourceInfo, StatusResult, TikTokClientOptions, TokenGrant, UserInfo, VideoInfo, VideoListResult } from './types.js'

export type {
  CreatorInfo,
  InitResult,
  PhotoPostArgs,
  PostInfo,
  PublishStatus,
  SourceInfo,
  StatusResult,
  TikTokClientOptions,
  TokenGrant,
  UserInfo,
  VideoInfo,
  VideoListResult
} from './types.js'

/*
 * Exactly-once and retries.
 *
 * TikTok has no idempotency key: every init that TikTok processes is a post.
 * So an init may be repeated only when we KNOW TikTok did not act on it:
 *   - a 429: TikTok refused it before doing anything;
 *   - a connection that never opened (ECONNREFUSED, DNS failure, connect
 *     timeout): no byte of the request left this machine.
 * Everything else is ambiguous, 5xx included: a 500 may come from a proxy
 * after the post was created, a reset or timeout may hide a success, a 200
 * with an unreadable body surely created one. Those throw TikTokApiError with
 * `ambiguous: true`, and the engine reconciles the pair (video list, or a
 * person) instead of initiating again. A definite refusal (4xx with TikTok's
 * error body) is not ambiguous: TikTok said no.
 *
 * Except for FILE_UPLOAD. What a FILE_UPLOAD init creates is a publish_id
 * waiting for bytes sent to its upload_url; an init whose answer we never read
 * gave us no upload_url, so nobody can send those bytes and that publish_id
 * can never become a post (TikTok drops it when the URL expires). Repeating
 * such an init is therefore as safe as repeating a read: it is retried on 5xx,
 * network failures and unreadable bodies, within the same attempts and pacing.
 * PULL_FROM_URL stays `once`: TikTok fetches the video by itself.
 *
 * The token refresh has the same shape: a refresh TikTok processed has already
 * rotated the refresh token, and repeating it with the old one gets
 * invalid_grant — the account would be locked out. It is repeated only when the
 * connection never opened, on a 429, or when TikTok's body says server_error or
 * temporarily_unavailable (an explicit "nothing happened").
 *
 * Reads (status, creator info, display API) and cancel are repeated on 429,
 * 5xx, network failures and malformed bodies.
 */

export class TikTokClient {
  readonly baseUrl: string
  private readonly dispatcher: Dispatcher
  private readonly ownsDispatcher: boolean
  private readonly clock: Clock
  private readonly random: Random
  private readonly retry: RetryOptions
  private readonly limiter: RateLimiter
  private readonly timeouts: HttpTimeouts
  private readonly logger?: Logger

  constructor(options: TikTokClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? DEFAULT_BASE_URL
    this.ownsDispatcher = options.dispatcher === undefined
    this.dispatcher = options.dispatcher ?? createAgent(options.timeouts)
    this.clock = options.clock ?? systemClock
    this.random = options.random ?? Math.random
    this.retry = { ...DEFAULT_RETRY, ...options.retry }
    if (this.retry.attempts < 1) this.retry.attempts = 1
    this.limiter =
      options.limiter ??
      new RateLimiter({
        clock: this.clock,
        limits: options.rateLimits === false ? {} : { ...TIKTOK_RATE_LIMITS, ...options.rateLimits },
        marginMs: options.rateLimitMarginMs
      })
    this.timeouts = options.timeouts ?? {}
    this.logger = options.logger
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close()
  }

  // ------------------------------------------------------------ OAuth

  refreshToken(args: { clientKey: string; clientSecret: string; refreshToken: string; signal?: AbortSignal }): Promise<TokenGrant> {
    const form = new URLSearchParams({
      client_key: args.clientKey,
      client_secret: args.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: args.refreshToken
    })
    return this.tokenCall(form, 'refresh', [args.clientSecret, args.refreshToken], args.signal)
  }

  exchangeCode(args: {
    clientKey: string
    clientSecret: string
    code: string
    redirectUri: string
    codeVerifier: string
    signal?: AbortSignal
  }): Promise<TokenGrant> {
    const form = new URLSearchParams({
      client_key: args.clientKey,
      client_secret: args.clientSecret,
      code: args.code,
      grant_type: 'authorization_code',
      redirect_uri: args.redirectUri,
      code_verifier: args.codeVerifier
    })
    return this.tokenCall(form, 'code', [args.clientSecret, args.code, args.codeVerifier], args.signal)
  }

  private async tokenCall(form: URLSearchParams, grant: 'refresh' | 'code', secrets: string[], signal?: AbortSignal): Promise<TokenGrant> {
    const what = grant === 'refresh' ? 'The token refresh' : 'The authorization code exchange'
    const lost =
      grant === 'refresh'
        ? 'TikTok may have rotated the refresh token without us seeing the new one; the next refresh will tell (invalid_grant means run `tiktok-publish auth` again).'
        : 'The code may have been used up; start the authorization again if the next attempt fails.'
    const body = form.toString()
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= this.retry.attempts
      let res: RawResponse
      try {
        res = await send({
          method: 'POST',
          url: joinUrl(this.baseUrl, TOKEN_PATH),
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body,
          dispatcher: this.dispatcher,
          signal,
          headersTimeoutMs: this.timeouts.headersTimeoutMs,
          bodyTimeoutMs: this.timeouts.bodyTimeoutMs,
          what: `POST ${TOKEN_PATH}`
        })
      } catch (e) {
        if (!(e instanceof NetworkError)) {
          if (signal?.aborted) {
            throw new TikTokAuthError(`${what} was cancelled while in flight. ${lost}`, { error: 'aborted', transient: true, ambiguous: true, cause: e })
          }
          throw e
        }
        const message = redact(e.message, secrets)
        if (!e.sent && !last) {
          await this.pause(attempt, undefined, `${what}: ${message}`, signal)
          continue
        }
        throw new TikTokAuthError(e.sent ? `${what} got no answer: ${message} ${lost}` : `${what} failed: ${message} Check the network and the API base URL.`, {
          error: e.timeout ? 'timeout' : 'network_error',
          transient: true,
          ambiguous: e.sent,
          cause: e
        })
      }
      const logId = header(res.headers, 'x-tt-logid')
      if (res.status === 429) {
        const wait = parseRetryAfter(res.headers['retry-after'], this.clock.now())
        if (!last) {
          await this.pause(attempt, wait, `${what}: HTTP 429`, signal)
          continue
        }
        throw new TikTokAuthError(`${what} was rate limited by TikTok (HTTP 429) ${this.retry.attempts} times; try again in a few minutes.`, {
          error: 'rate_limit_exceeded',
          httpStatus: 429,
          logId,
          transient: true
        })
      }
      let json: unknown
      try {
        json = parseJsonLossless(res.text)
      } catch {
        json = undefined
      }
      const ok = OAuthTokenResponse.safeParse(json)
      if (ok.success && res.status < 300) {
        const d = ok.data
        return {
          accessToken: d.access_token,
          expiresIn: d.expires_in,
          refreshToken: d.refresh_token,
          refreshExpiresIn: d.refresh_expires_in,
          openId: d.open_id,
          scope: d.scope
            .split(/[,\s]+/)
            .map((s) => s.trim())
            .filter(Boolean)
        }
      }
      const err = OAuthErrorResponse.safeParse(json)
      if (err.success) {
        const code = err.data.error
        const desc = err.data.error_description ? redact(err.data.error_description, secrets) : undefined
        const explicitTransient = code === 'server_error' || code === 'temporarily_unavailable'
        if (explicitTransient && !last) {
          await this.pause(attempt, undefined, `${what}: ${code}`, signal)
          continue
        }
        throw new TikTokAuthError(oauthMessage(what, code, desc, err.data.log_id ?? logId, this.retry.attempts), {
          error: code,
          errorDescription: desc,
          httpStatus: res.status,
          logId: err.data.log_id ?? logId,
          transient: explicitTransient
        })
      }
      // A body we cannot read: TikTok may well have processed the grant.
      throw new TikTokAuthError(
        `${what} got an unreadable answer (HTTP ${res.status}${json === undefined ? ', not JSON' : ', unexpected fields'}). ${lost}`,
        { error: res.status >= 500 ? 'http_error' : 'malformed_response', httpStatus: res.status, logId, transient: true, ambiguous: true }
      )
    }
  }

  // ------------------------------------------------------------ Content Posting API

  async creatorInfo(accessToken: string, options: { signal?: AbortSignal } = {}): Promise<CreatorInfo> {
    const { data: d, logId } = await this.call(ENDPOINTS.creator_info, accessToken, {}, CreatorInfoData, options.signal)
    return {
      avatarUrl: d.creator_avatar_url,
      username: d.creator_username,
      nickname: d.creator_nickname,
      privacyLevelOptions: d.privacy_level_options,
      commentDisabled: d.comment_disabled,
      duetDisabled: d.duet_disabled,
      stitchDisabled: d.stitch_disabled,
      maxVideoPostDurationSec: d.max_video_post_duration_sec,
      logId
    }
  }

  async initDirectPost(
    accessToken: string,
    args: { postInfo: PostInfo; sourceInfo: SourceInfo; signal?: AbortSignal }
  ): Promise<InitResult> {
    const p = args.postInfo
    const body = {
      post_info: {
        title: p.title,
        privacy_level: p.privacyLevel,
        disable_duet: p.disableDuet,
        disable_comment: p.disableComment,
        disable_stitch: p.disableStitch,
        video_cover_timestamp_ms: p.videoCoverTimestampMs,
        brand_content_toggle: p.brandContentToggle,
        brand_organic_toggle: p.brandOrganicToggle,
        is_aigc: p.isAigc
      },
      source_info: sourceInfoBody(args.sourceInfo)
    }
    const { data, logId } = await this.call(initSpec(ENDPOINTS.video_init, args.sourceInfo), accessToken, body, InitData, args.signal)
    return { publishId: data.publish_id, uploadUrl: data.upload_url, logId }
  }

  async initInboxUpload(accessToken: string, args: { sourceInfo: SourceInfo; signal?: AbortSignal }): Promise<InitResult> {
    const body = { source_info: sourceInfoBody(args.sourceInfo) }
    const { data, logId } = await this.call(initSpec(ENDPOINTS.inbox_init, args.sourceInfo), accessToken, body, InitData, args.signal)
    return { publishId: data.publish_id, uploadUrl: data.upload_url, logId }
  }

  /** content/init with media_type PHOTO: like a video init, a retried call is a second post. */
  async initPhotoPost(accessToken: string, args: PhotoPostArgs & { signal?: AbortSignal }): Promise<InitResult> {
    const body = {
      post_info: {
        title: args.title,
        description: args.description,
        privacy_level: args.privacyLevel,
        disable_comment: args.disableComment,
        auto_add_music: args.autoAddMusic,
        brand_content_toggle: args.brandContentToggle,
        brand_organic_toggle: args.brandOrganicToggle
      },
      source_info: { source: 'PULL_FROM_URL', photo_cover_index: args.coverIndex, photo_images: args.images },
      post_mode: args.mode,
      media_type: 'PHOTO',
      is_aigc: args.isAigc
    }
    const { data, logId } = await this.call(ENDPOINTS.content_init, accessToken, body, InitData, args.signal)
    return { publishId: data.publish_id, logId }
  }

  async fetchStatus(accessToken: string, publishId: string, options: { signal?: AbortSignal } = {}): Promise<StatusResult> {
    const { data: d, logId } = await this.call(ENDPOINTS.status, accessToken, { publish_id: publishId }, StatusData, options.signal)
    return {
      status: d.status,
      failReason: d.fail_reason || undefined,
      publicPostIds: d.publicaly_available_post_id,
      uploadedBytes: d.uploaded_bytes,
      downloadedBytes: d.downloaded_bytes,
      logId
    }
  }

  async cancel(accessToken: string, publishId: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.call(ENDPOINTS.cancel, accessToken, { publish_id: publishId }, undefined, options.signal)
  }

  async listVideos(
    accessToken: string,
    args: { cursor?: number | string; maxCount?: number; signal?: AbortSignal } = {}
  ): Promise<VideoListResult> {
    const body: Record<string, unknown> = { max_count: Math.min(Math.max(args.maxCount ?? 20, 1), 20) }
    // TikTok's cursor is an int64: send it back as a JSON number without losing digits.
    if (args.cursor !== undefined) body.cursor = typeof args.cursor === 'string' ? new LosslessNumber(args.cursor) : args.cursor
    const { data: d, logId } = await this.call(ENDPOINTS.video_list, accessToken, body, VideoListData, args.signal)
    return { videos: d.videos.map(videoInfo), cursor: d.cursor, hasMore: d.has_more, logId }
  }

  async queryVideos(accessToken: string, ids: string[], options: { signal?: AbortSignal } = {}): Promise<VideoInfo[]> {
    const out: VideoInfo[] = []
    // TikTok takes at most 20 ids per query.
    for (let i = 0; i < ids.length; i += 20) {
      const body = { filters: { video_ids: ids.slice(i, i + 20) } }
      const { data } = await this.call(ENDPOINTS.video_query, accessToken, body, VideoQueryData, options.signal)
      out.push(...data.videos.map(videoInfo))
    }
    return out
  }

  async userInfo(accessToken: string, options: { signal?: AbortSignal } = {}): Promise<UserInfo> {
    const { data } = await this.call(ENDPOINTS.user_info, accessToken, undefined, UserInfoData, options.signal)
    const u = data.user
    return { openId: u.open_id, unionId: u.union_id, avatarUrl: u.avatar_url, displayName: u.display_name }
  }

  // ------------------------------------------------------------ the call loop

  private async call<S extends z.ZodType>(
    spec: EndpointSpec,
    accessToken: string,
    body: unknown,
    schema: S | undefined,
    signal?: AbortSignal
  ): Promise<{ data: z.output<S>; logId?: string }> {
    const once = spec.repeat === 'once'
    const secrets = [accessToken]
    const what = `TikTok's ${spec.label} (${spec.method} ${spec.path.split('?')[0]})`
    const ambiguousTail =
      'The post may or may not have been created. It is not retried, because TikTok has no idempotency key and a second init would be a second post: reconcile this post against the account (video list, or `tiktok-publish resolve`).'
    const payload = body === undefined ? undefined : losslessStringify(body)
    const fail = (message: string, o: { code: string; httpStatus?: number; logId?: string; retryable: boolean; ambiguous?: boolean; cause?: unknown }) =>
      new TikTokApiError(redact(message, secrets), { ...o, endpoint: spec.endpoint })

    for (let attempt = 1; ; attempt++) {
      const last = attempt >= this.retry.attempts
      if (spec.limit) await this.limiter.acquire(accessToken, spec.limit, signal)
      let res: RawResponse
      try {
        res = await send({
          method: spec.method,
          url: joinUrl(this.baseUrl, spec.path),
          headers: {
            authorization: `Bearer ${accessToken}`,
            'content-type': 'application/json; charset=UTF-8',
            accept: 'application/json'
          },
          body: payload,
          dispatcher: this.dispatcher,
          signal,
          headersTimeoutMs: this.timeouts.headersTimeoutMs,
          bodyTimeoutMs: this.timeouts.bodyTimeoutMs,
          what: `${spec.method} ${spec.path.split('?')[0]}`
        })
      } catch (e) {
        if (!(e instanceof NetworkError)) {
          // Cancelled by the caller while the request may already be at TikTok.
          if (once && signal?.aborted) {
            throw fail(`${what} was cancelled while in flight. ${ambiguousTail}`, { code: 'aborted', retryable: false, ambiguous: true, cause: e })
          }
          throw e
        }
        const code = e.timeout ? 'timeout' : 'network_error'
        if (once && e.sent) {
          throw fail(`${what} got no answer: ${e.message} ${ambiguousTail}`, { code, retryable: false, ambiguous: true, cause: e })
        }
        if (!last) {
          await this.pause(attempt, undefined, `${what}: ${e.message}`, signal)
          continue
        }
        throw fail(`${what} failed ${attempt} times; the last time: ${e.message} Try again later.`, { code, retryable: true, cause: e })
      }

      let json: unknown
      let parsed: z.ZodSafeParseResult<z.output<typeof Envelope>> | undefined
      try {
        json = parseJsonLossless(res.text)
        parsed = Envelope.safeParse(json)
      } catch {
        parsed = undefined
      }
      const envelope = parsed?.success ? parsed.data : undefined
      const logId = envelope?.error.log_id ?? header(res.headers, 'x-tt-logid')
      const code = envelope?.error.code

      if (res.status === 429 || code === 'rate_limit_exceeded') {
        // Refused before TikTok acted: safe to repeat, even for an init.
        const wait = parseRetryAfter(res.headers['retry-after'], this.clock.now()) ?? backoffDelay(attempt - 1, this.retry, this.random)
        // Other callers using this token wait too, not only this one.
        if (spec.limit) this.limiter.block(accessToken, spec.limit, wait)
        if (!last) {
          await this.pause(attempt, wait, `${what}: rate limited (HTTP ${res.status})`, signal)
          continue
        }
        throw fail(`${what} was rate limited by TikTok ${attempt} times (log_id ${logId ?? 'none'}); it will be tried again in a later run.`, {
          code: 'rate_limit_exceeded',
          httpStatus: res.status,
          logId,
          retryable: true
        })
      }

      if (envelope === undefined) {
        const desc = json === undefined ? 'a body that is not JSON' : "a body without TikTok's error envelope"
        if (once) {
          throw fail(`${what} answered HTTP ${res.status} with ${desc}. ${ambiguousTail}`, {
            code: res.status >= 500 ? 'http_error' : 'malformed_response',
            httpStatus: res.status,
            logId,
            retryable: false,
            ambiguous: true
          })
        }
        if ((res.status >= 500 || res.status < 300) && !last) {
          await this.pause(attempt, undefined, `${what}: HTTP ${res.status} with ${desc}`, signal)
          continue
        }
        throw fail(`${what} answered HTTP ${res.status} with ${desc}${res.status >= 500 || res.status < 300 ? ` ${attempt} times` : ''}; check the API base URL, or try again later.`, {
          code: res.status >= 500 ? 'http_error' : 'malformed_response',
          httpStatus: res.status,
          logId,
          retryable: res.status >= 500 || res.status < 300
        })
      }

      if (code === 'ok' && res.status < 300) {
        if (!schema) return { data: undefined as z.output<S>, logId }
        const data = schema.safeParse(envelope.data ?? {})
        if (data.success) return { data: data.data, logId }
        const issue = data.error.issues[0]
        const where = issue ? `${issue.path.join('.') || 'data'}: ${issue.message}` : 'unexpected data'
        throw fail(`${what} answered ok but its data did not match what TikTok documents (${where}; log_id ${logId ?? 'none'}).${once ? ` ${ambiguousTail}` : ''}`, {
          code: 'invalid_response',
          httpStatus: res.status,
          logId,
          // a FILE_UPLOAD init whose upload_url we could not read can never become a post
          retryable: spec.repeat === 'unstarted',
          ambiguous: once
        })
      }

      const tiktokMessage = envelope.error.message ? `: "${envelope.error.message}"` : ''
      if (res.status >= 500 || code === 'internal_error' || code === 'internal') {
        if (once) {
          throw fail(`${what} answered HTTP ${res.status} ${code}${tiktokMessage} (log_id ${logId ?? 'none'}). ${ambiguousTail}`, {
            code: code ?? 'http_error',
            httpStatus: res.status,
            logId,
            retryable: false,
            ambiguous: true
          })
        }
        if (!last) {
          await this.pause(attempt, undefined, `${what}: HTTP ${res.status} ${code}`, signal)
          continue
        }
        throw fail(`${what} failed ${attempt} times with HTTP ${res.status} ${code}${tiktokMessage} (log_id ${logId ?? 'none'}); try again later.`, {
          code: code ?? 'http_error',
          httpStatus: res.status,
          logId,
          retryable: true
        })
      }

      // A definite refusal: TikTok said no and did nothing.
      throw fail(`${what} was refused with ${code} (HTTP ${res.status})${tiktokMessage}. log_id: ${logId ?? 'none'}.`, {
        code: code ?? 'http_error',
        httpStatus: res.status,
        logId,
        retryable: false
      })
    }
  }

  private async pause(attempt: number, retryAfterMs: number | undefined, why: string, signal?: AbortSignal): Promise<void> {
    const ms = retryAfterMs ?? backoffDelay(attempt - 1, this.retry, this.random)
    this.logger?.debug(`${why}; retrying in ${ms} ms (attempt ${attempt + 1} of ${this.retry.attempts}).`)
    if (ms > 0) await this.clock.sleep(ms, signal)
  }
}
