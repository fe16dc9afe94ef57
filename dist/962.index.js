export const id = 962;
export const ids = [962];
export const modules = {

/***/ 7962:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  TikTokClient: () => (/* binding */ TikTokClient)
});

// EXTERNAL MODULE: ./node_modules/lossless-json/lib/esm/index.js + 6 modules
var esm = __webpack_require__(875);
// EXTERNAL MODULE: ./src/clock.ts
var clock = __webpack_require__(9373);
// EXTERNAL MODULE: ./src/json.ts
var src_json = __webpack_require__(8301);
// EXTERNAL MODULE: ./src/tiktok/backoff.ts
var backoff = __webpack_require__(7270);
// EXTERNAL MODULE: ./src/tiktok/errors.ts
var errors = __webpack_require__(1599);
// EXTERNAL MODULE: ./src/tiktok/http.ts
var http = __webpack_require__(4348);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/keyed-serial.ts
var keyed_serial = __webpack_require__(1186);
;// CONCATENATED MODULE: ./src/tiktok/rate-limit.ts


const TIKTOK_RATE_LIMITS = {
    init: 6,
    status: 30,
    creator_info: 20,
    display: 600
};
/**
 * One sliding window per (access token, class). The window is keyed by a hash
 * of the token so the token itself is never held as a map key that might be
 * dumped in a debugger or heap snapshot.
 *
 * `acquire` WAITS (on the injected clock) until a request fits in the window,
 * rather than sending one TikTok would refuse. Callers of one key are served in
 * arrival order.
 */
class RateLimiter {
    clock;
    limits;
    windowMs;
    marginMs;
    sent = new Map();
    blockedUntil = new Map();
    queues = new keyed_serial/* KeyedSerial */.h();
    constructor(options) {
        this.clock = options.clock;
        this.limits = options.limits ?? TIKTOK_RATE_LIMITS;
        this.windowMs = options.windowMs ?? 60_000;
        this.marginMs = options.marginMs ?? 0;
    }
    static keyFor(accessToken, cls) {
        return `${(0,external_node_crypto_.createHash)('sha256').update(accessToken).digest('hex').slice(0, 24)}:${cls}`;
    }
    /** Resolves when one more request of `cls` may be sent with `accessToken`; records it as sent. */
    acquire(accessToken, cls, signal) {
        const limit = this.limits[cls];
        if (limit === undefined || limit <= 0)
            return Promise.resolve();
        const key = RateLimiter.keyFor(accessToken, cls);
        return this.queues.run(key, () => this.take(key, limit, signal));
    }
    /**
     * TikTok said 429: nobody sends on this key before `ms` from now, whatever our
     * own count says (our count may be wrong when another process shares the token).
     */
    block(accessToken, cls, ms) {
        const key = RateLimiter.keyFor(accessToken, cls);
        const until = this.clock.now().getTime() + ms;
        this.blockedUntil.set(key, Math.max(this.blockedUntil.get(key) ?? 0, until));
    }
    async take(key, limit, signal) {
        for (;;) {
            signal?.throwIfAborted();
            const now = this.clock.now().getTime();
            const blocked = this.blockedUntil.get(key) ?? 0;
            if (blocked > now) {
                await this.clock.sleep(blocked - now, signal);
                continue;
            }
            const span = this.windowMs + this.marginMs;
            const times = (this.sent.get(key) ?? []).filter((t) => t > now - span);
            if (times.length < limit) {
                times.push(now);
                this.sent.set(key, times);
                return;
            }
            this.sent.set(key, times);
            // The oldest send leaves the window at oldest + span; wait until then.
            await this.clock.sleep(Math.max(1, times[0] + span - now), signal);
        }
    }
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(8816);
;// CONCATENATED MODULE: ./src/tiktok/schemas.ts

/**
 * TikTok's responses as zod schemas. Bodies are parsed with parseJsonLossless
 * first, so int64 values beyond 2^53 arrive as decimal strings and small ones as
 * numbers: `int64String` accepts both and always yields a string.
 */
const int64String = schemas/* union */.KCZ([
    schemas/* string */.YjP().regex(/^-?\d+$/),
    schemas/* number */.aig().int().transform((n) => String(n))
]);
const ErrorBody = schemas/* object */.Ikc({
    code: schemas/* string */.YjP(),
    message: schemas/* string */.YjP().optional().default(''),
    log_id: schemas/* string */.YjP().optional()
});
/** The v2 envelope; `data` is validated per endpoint once `error.code` is ok. */
const Envelope = schemas/* object */.Ikc({
    data: schemas/* unknown */.L5J().optional(),
    error: ErrorBody
});
const OAuthTokenResponse = schemas/* object */.Ikc({
    access_token: schemas/* string */.YjP().min(1),
    expires_in: schemas/* number */.aig(),
    refresh_token: schemas/* string */.YjP().min(1),
    refresh_expires_in: schemas/* number */.aig(),
    open_id: schemas/* string */.YjP(),
    scope: schemas/* string */.YjP().optional().default(''),
    token_type: schemas/* string */.YjP().optional()
});
const OAuthErrorResponse = schemas/* object */.Ikc({
    error: schemas/* string */.YjP().min(1),
    error_description: schemas/* string */.YjP().optional(),
    log_id: schemas/* string */.YjP().optional()
});
const CreatorInfoData = schemas/* object */.Ikc({
    creator_avatar_url: schemas/* string */.YjP().optional(),
    creator_username: schemas/* string */.YjP().optional(),
    creator_nickname: schemas/* string */.YjP().optional(),
    privacy_level_options: schemas/* array */.YOg(schemas/* string */.YjP()).default([]),
    comment_disabled: schemas/* boolean */.zMY().optional().default(false),
    duet_disabled: schemas/* boolean */.zMY().optional().default(false),
    stitch_disabled: schemas/* boolean */.zMY().optional().default(false),
    max_video_post_duration_sec: schemas/* number */.aig().optional()
});
const InitData = schemas/* object */.Ikc({
    publish_id: schemas/* string */.YjP().min(1),
    upload_url: schemas/* string */.YjP().optional()
});
const StatusData = schemas/* object */.Ikc({
    status: schemas/* string */.YjP(),
    fail_reason: schemas/* string */.YjP().optional(),
    publicaly_available_post_id: schemas/* array */.YOg(int64String).optional().default([]),
    uploaded_bytes: schemas/* number */.aig().optional(),
    downloaded_bytes: schemas/* number */.aig().optional()
});
const VideoItem = schemas/* object */.Ikc({
    id: int64String,
    title: schemas/* string */.YjP().optional(),
    video_description: schemas/* string */.YjP().optional(),
    create_time: schemas/* number */.aig().optional(),
    share_url: schemas/* string */.YjP().optional(),
    cover_image_url: schemas/* string */.YjP().optional(),
    duration: schemas/* number */.aig().optional(),
    embed_link: schemas/* string */.YjP().optional()
})
    .passthrough();
const VideoListData = schemas/* object */.Ikc({
    videos: schemas/* array */.YOg(VideoItem).optional().default([]),
    cursor: schemas/* union */.KCZ([schemas/* number */.aig(), schemas/* string */.YjP()]).optional(),
    has_more: schemas/* boolean */.zMY().optional().default(false)
});
const VideoQueryData = schemas/* object */.Ikc({
    videos: schemas/* array */.YOg(VideoItem).optional().default([])
});
const UserInfoData = schemas/* object */.Ikc({
    user: schemas/* object */.Ikc({
        open_id: schemas/* string */.YjP().optional(),
        union_id: schemas/* string */.YjP().optional(),
        avatar_url: schemas/* string */.YjP().optional(),
        display_name: schemas/* string */.YjP().optional()
    })
});

;// CONCATENATED MODULE: ./src/tiktok/endpoints.ts
/**
 * The endpoints the client calls, how each may be repeated, and the words its
 * messages use: the what of every call, apart from the request loop in
 * client.ts that decides when to send, repeat or give up.
 */
const VIDEO_FIELDS = 'id,title,video_description,create_time,share_url,cover_image_url,duration';
const USER_FIELDS = 'open_id,union_id,avatar_url,display_name';
const ENDPOINTS = {
    creator_info: { endpoint: 'creator_info', method: 'POST', path: '/v2/post/publish/creator_info/query/', limit: 'creator_info', label: 'creator info query', repeat: 'safe' },
    video_init: { endpoint: 'video_init', method: 'POST', path: '/v2/post/publish/video/init/', limit: 'init', label: 'direct post init', repeat: 'once' },
    inbox_init: { endpoint: 'inbox_init', method: 'POST', path: '/v2/post/publish/inbox/video/init/', limit: 'init', label: 'inbox upload init', repeat: 'once' },
    content_init: { endpoint: 'content_init', method: 'POST', path: '/v2/post/publish/content/init/', limit: 'init', label: 'photo post init', repeat: 'once' },
    status: { endpoint: 'status', method: 'POST', path: '/v2/post/publish/status/fetch/', limit: 'status', label: 'status fetch', repeat: 'safe' },
    // Cancelling twice is harmless, so it may be repeated.
    cancel: { endpoint: 'cancel', method: 'POST', path: '/v2/post/publish/cancel/', label: 'cancel', repeat: 'safe' },
    user_info: { endpoint: 'user_info', method: 'GET', path: `/v2/user/info/?fields=${USER_FIELDS}`, limit: 'display', label: 'user info', repeat: 'safe' },
    video_list: { endpoint: 'video_list', method: 'POST', path: `/v2/video/list/?fields=${VIDEO_FIELDS}`, limit: 'display', label: 'video list', repeat: 'safe' },
    video_query: { endpoint: 'video_query', method: 'POST', path: `/v2/video/query/?fields=${VIDEO_FIELDS}`, limit: 'display', label: 'video query', repeat: 'safe' }
};
const TOKEN_PATH = '/v2/oauth/token/';
function oauthMessage(what, code, desc, logId, attempts) {
    const tail = `${desc ? ` (${desc})` : ''}; log_id ${logId ?? 'none'}.`;
    switch (code) {
        case 'invalid_grant':
            return `${what} was refused: invalid_grant${tail} The refresh token is expired, revoked or was already rotated: authorize the account again.`;
        case 'invalid_client':
        case 'unauthorized_client':
            return `${what} was refused: ${code}${tail} Check the app's client key and client secret.`;
        case 'server_error':
        case 'temporarily_unavailable':
            return `${what} failed: TikTok answered ${code} ${attempts} times${tail} Try again later.`;
        default:
            return `${what} was refused: ${code}${tail}`;
    }
}
/** An init endpoint as it may be repeated for this source (see "Exactly-once and retries"). */
function initSpec(spec, source) {
    return source.source === 'FILE_UPLOAD' ? { ...spec, repeat: 'unstarted' } : spec;
}
function sourceInfoBody(s) {
    if (s.source === 'FILE_UPLOAD') {
        return { source: 'FILE_UPLOAD', video_size: s.videoSize, chunk_size: s.chunkSize, total_chunk_count: s.totalChunkCount };
    }
    return { source: 'PULL_FROM_URL', video_url: s.videoUrl };
}
function videoInfo(v) {
    return {
        id: v.id,
        title: v.title,
        videoDescription: v.video_description,
        createTime: v.create_time,
        shareUrl: v.share_url,
        coverImageUrl: v.cover_image_url,
        duration: v.duration
    };
}

;// CONCATENATED MODULE: ./src/tiktok/client.ts









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
class TikTokClient {
    baseUrl;
    dispatcher;
    ownsDispatcher;
    clock;
    random;
    retry;
    limiter;
    timeouts;
    logger;
    constructor(options = {}) {
        this.baseUrl = options.baseUrl ?? http/* DEFAULT_BASE_URL */.Ql;
        this.ownsDispatcher = options.dispatcher === undefined;
        this.dispatcher = options.dispatcher ?? (0,http/* createAgent */.Sn)(options.timeouts);
        this.clock = options.clock ?? clock/* systemClock */.m;
        this.random = options.random ?? Math.random;
        this.retry = { ...backoff/* DEFAULT_RETRY */.vI, ...options.retry };
        if (this.retry.attempts < 1)
            this.retry.attempts = 1;
        this.limiter =
            options.limiter ??
                new RateLimiter({
                    clock: this.clock,
                    limits: options.rateLimits === false ? {} : { ...TIKTOK_RATE_LIMITS, ...options.rateLimits },
                    marginMs: options.rateLimitMarginMs
                });
        this.timeouts = options.timeouts ?? {};
        this.logger = options.logger;
    }
    async close() {
        if (this.ownsDispatcher)
            await this.dispatcher.close();
    }
    // ------------------------------------------------------------ OAuth
    refreshToken(args) {
        const form = new URLSearchParams({
            client_key: args.clientKey,
            client_secret: args.clientSecret,
            grant_type: 'refresh_token',
            refresh_token: args.refreshToken
        });
        return this.tokenCall(form, 'refresh', [args.clientSecret, args.refreshToken], args.signal);
    }
    exchangeCode(args) {
        const form = new URLSearchParams({
            client_key: args.clientKey,
            client_secret: args.clientSecret,
            code: args.code,
            grant_type: 'authorization_code',
            redirect_uri: args.redirectUri,
            code_verifier: args.codeVerifier
        });
        return this.tokenCall(form, 'code', [args.clientSecret, args.code, args.codeVerifier], args.signal);
    }
    async tokenCall(form, grant, secrets, signal) {
        const what = grant === 'refresh' ? 'The token refresh' : 'The authorization code exchange';
        const lost = grant === 'refresh'
            ? 'TikTok may have rotated the refresh token without us seeing the new one; the next refresh will tell (invalid_grant means run `tiktok-publish auth` again).'
            : 'The code may have been used up; start the authorization again if the next attempt fails.';
        const body = form.toString();
        for (let attempt = 1;; attempt++) {
            const last = attempt >= this.retry.attempts;
            let res;
            try {
                res = await (0,http/* send */.tN)({
                    method: 'POST',
                    url: (0,http/* joinUrl */.we)(this.baseUrl, TOKEN_PATH),
                    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
                    body,
                    dispatcher: this.dispatcher,
                    signal,
                    headersTimeoutMs: this.timeouts.headersTimeoutMs,
                    bodyTimeoutMs: this.timeouts.bodyTimeoutMs,
                    what: `POST ${TOKEN_PATH}`
                });
            }
            catch (e) {
                if (!(e instanceof http/* NetworkError */.Dr)) {
                    if (signal?.aborted) {
                        throw new errors/* TikTokAuthError */.Tn(`${what} was cancelled while in flight. ${lost}`, { error: 'aborted', transient: true, ambiguous: true, cause: e });
                    }
                    throw e;
                }
                const message = (0,errors/* redact */.E$)(e.message, secrets);
                if (!e.sent && !last) {
                    await this.pause(attempt, undefined, `${what}: ${message}`, signal);
                    continue;
                }
                throw new errors/* TikTokAuthError */.Tn(e.sent ? `${what} got no answer: ${message} ${lost}` : `${what} failed: ${message} Check the network and the API base URL.`, {
                    error: e.timeout ? 'timeout' : 'network_error',
                    transient: true,
                    ambiguous: e.sent,
                    cause: e
                });
            }
            const logId = (0,http/* header */.wx)(res.headers, 'x-tt-logid');
            if (res.status === 429) {
                const wait = (0,backoff/* parseRetryAfter */.mu)(res.headers['retry-after'], this.clock.now());
                if (!last) {
                    await this.pause(attempt, wait, `${what}: HTTP 429`, signal);
                    continue;
                }
                throw new errors/* TikTokAuthError */.Tn(`${what} was rate limited by TikTok (HTTP 429) ${this.retry.attempts} times; try again in a few minutes.`, {
                    error: 'rate_limit_exceeded',
                    httpStatus: 429,
                    logId,
                    transient: true
                });
            }
            let json;
            try {
                json = (0,src_json/* parseJsonLossless */.K)(res.text);
            }
            catch {
                json = undefined;
            }
            const ok = OAuthTokenResponse.safeParse(json);
            if (ok.success && res.status < 300) {
                const d = ok.data;
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
                };
            }
            const err = OAuthErrorResponse.safeParse(json);
            if (err.success) {
                const code = err.data.error;
                const desc = err.data.error_description ? (0,errors/* redact */.E$)(err.data.error_description, secrets) : undefined;
                const explicitTransient = code === 'server_error' || code === 'temporarily_unavailable';
                if (explicitTransient && !last) {
                    await this.pause(attempt, undefined, `${what}: ${code}`, signal);
                    continue;
                }
                throw new errors/* TikTokAuthError */.Tn(oauthMessage(what, code, desc, err.data.log_id ?? logId, this.retry.attempts), {
                    error: code,
                    errorDescription: desc,
                    httpStatus: res.status,
                    logId: err.data.log_id ?? logId,
                    transient: explicitTransient
                });
            }
            // A body we cannot read: TikTok may well have processed the grant.
            throw new errors/* TikTokAuthError */.Tn(`${what} got an unreadable answer (HTTP ${res.status}${json === undefined ? ', not JSON' : ', unexpected fields'}). ${lost}`, { error: res.status >= 500 ? 'http_error' : 'malformed_response', httpStatus: res.status, logId, transient: true, ambiguous: true });
        }
    }
    // ------------------------------------------------------------ Content Posting API
    async creatorInfo(accessToken, options = {}) {
        const { data: d, logId } = await this.call(ENDPOINTS.creator_info, accessToken, {}, CreatorInfoData, options.signal);
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
        };
    }
    async initDirectPost(accessToken, args) {
        const p = args.postInfo;
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
        };
        const { data, logId } = await this.call(initSpec(ENDPOINTS.video_init, args.sourceInfo), accessToken, body, InitData, args.signal);
        return { publishId: data.publish_id, uploadUrl: data.upload_url, logId };
    }
    async initInboxUpload(accessToken, args) {
        const body = { source_info: sourceInfoBody(args.sourceInfo) };
        const { data, logId } = await this.call(initSpec(ENDPOINTS.inbox_init, args.sourceInfo), accessToken, body, InitData, args.signal);
        return { publishId: data.publish_id, uploadUrl: data.upload_url, logId };
    }
    /** content/init with media_type PHOTO: like a video init, a retried call is a second post. */
    async initPhotoPost(accessToken, args) {
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
        };
        const { data, logId } = await this.call(ENDPOINTS.content_init, accessToken, body, InitData, args.signal);
        return { publishId: data.publish_id, logId };
    }
    async fetchStatus(accessToken, publishId, options = {}) {
        const { data: d, logId } = await this.call(ENDPOINTS.status, accessToken, { publish_id: publishId }, StatusData, options.signal);
        return {
            status: d.status,
            failReason: d.fail_reason || undefined,
            publicPostIds: d.publicaly_available_post_id,
            uploadedBytes: d.uploaded_bytes,
            downloadedBytes: d.downloaded_bytes,
            logId
        };
    }
    async cancel(accessToken, publishId, options = {}) {
        await this.call(ENDPOINTS.cancel, accessToken, { publish_id: publishId }, undefined, options.signal);
    }
    async listVideos(accessToken, args = {}) {
        const body = { max_count: Math.min(Math.max(args.maxCount ?? 20, 1), 20) };
        // TikTok's cursor is an int64: send it back as a JSON number without losing digits.
        if (args.cursor !== undefined)
            body.cursor = typeof args.cursor === 'string' ? new esm/* LosslessNumber */._J(args.cursor) : args.cursor;
        const { data: d, logId } = await this.call(ENDPOINTS.video_list, accessToken, body, VideoListData, args.signal);
        return { videos: d.videos.map(videoInfo), cursor: d.cursor, hasMore: d.has_more, logId };
    }
    async queryVideos(accessToken, ids, options = {}) {
        const out = [];
        // TikTok takes at most 20 ids per query.
        for (let i = 0; i < ids.length; i += 20) {
            const body = { filters: { video_ids: ids.slice(i, i + 20) } };
            const { data } = await this.call(ENDPOINTS.video_query, accessToken, body, VideoQueryData, options.signal);
            out.push(...data.videos.map(videoInfo));
        }
        return out;
    }
    async userInfo(accessToken, options = {}) {
        const { data } = await this.call(ENDPOINTS.user_info, accessToken, undefined, UserInfoData, options.signal);
        const u = data.user;
        return { openId: u.open_id, unionId: u.union_id, avatarUrl: u.avatar_url, displayName: u.display_name };
    }
    // ------------------------------------------------------------ the call loop
    async call(spec, accessToken, body, schema, signal) {
        const once = spec.repeat === 'once';
        const secrets = [accessToken];
        const what = `TikTok's ${spec.label} (${spec.method} ${spec.path.split('?')[0]})`;
        const ambiguousTail = 'The post may or may not have been created. It is not retried, because TikTok has no idempotency key and a second init would be a second post: reconcile this post against the account (video list, or `tiktok-publish resolve`).';
        const payload = body === undefined ? undefined : (0,esm/* stringify */.As)(body);
        const fail = (message, o) => new errors/* TikTokApiError */.r9((0,errors/* redact */.E$)(message, secrets), { ...o, endpoint: spec.endpoint });
        for (let attempt = 1;; attempt++) {
            const last = attempt >= this.retry.attempts;
            if (spec.limit)
                await this.limiter.acquire(accessToken, spec.limit, signal);
            let res;
            try {
                res = await (0,http/* send */.tN)({
                    method: spec.method,
                    url: (0,http/* joinUrl */.we)(this.baseUrl, spec.path),
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
                });
            }
            catch (e) {
                if (!(e instanceof http/* NetworkError */.Dr)) {
                    // Cancelled by the caller while the request may already be at TikTok.
                    if (once && signal?.aborted) {
                        throw fail(`${what} was cancelled while in flight. ${ambiguousTail}`, { code: 'aborted', retryable: false, ambiguous: true, cause: e });
                    }
                    throw e;
                }
                const code = e.timeout ? 'timeout' : 'network_error';
                if (once && e.sent) {
                    throw fail(`${what} got no answer: ${e.message} ${ambiguousTail}`, { code, retryable: false, ambiguous: true, cause: e });
                }
                if (!last) {
                    await this.pause(attempt, undefined, `${what}: ${e.message}`, signal);
                    continue;
                }
                throw fail(`${what} failed ${attempt} times; the last time: ${e.message} Try again later.`, { code, retryable: true, cause: e });
            }
            let json;
            let parsed;
            try {
                json = (0,src_json/* parseJsonLossless */.K)(res.text);
                parsed = Envelope.safeParse(json);
            }
            catch {
                parsed = undefined;
            }
            const envelope = parsed?.success ? parsed.data : undefined;
            const logId = envelope?.error.log_id ?? (0,http/* header */.wx)(res.headers, 'x-tt-logid');
            const code = envelope?.error.code;
            if (res.status === 429 || code === 'rate_limit_exceeded') {
                // Refused before TikTok acted: safe to repeat, even for an init.
                const wait = (0,backoff/* parseRetryAfter */.mu)(res.headers['retry-after'], this.clock.now()) ?? (0,backoff/* backoffDelay */.EY)(attempt - 1, this.retry, this.random);
                // Other callers using this token wait too, not only this one.
                if (spec.limit)
                    this.limiter.block(accessToken, spec.limit, wait);
                if (!last) {
                    await this.pause(attempt, wait, `${what}: rate limited (HTTP ${res.status})`, signal);
                    continue;
                }
                throw fail(`${what} was rate limited by TikTok ${attempt} times (log_id ${logId ?? 'none'}); it will be tried again in a later run.`, {
                    code: 'rate_limit_exceeded',
                    httpStatus: res.status,
                    logId,
                    retryable: true
                });
            }
            if (envelope === undefined) {
                const desc = json === undefined ? 'a body that is not JSON' : "a body without TikTok's error envelope";
                if (once) {
                    throw fail(`${what} answered HTTP ${res.status} with ${desc}. ${ambiguousTail}`, {
                        code: res.status >= 500 ? 'http_error' : 'malformed_response',
                        httpStatus: res.status,
                        logId,
                        retryable: false,
                        ambiguous: true
                    });
                }
                if ((res.status >= 500 || res.status < 300) && !last) {
                    await this.pause(attempt, undefined, `${what}: HTTP ${res.status} with ${desc}`, signal);
                    continue;
                }
                throw fail(`${what} answered HTTP ${res.status} with ${desc}${res.status >= 500 || res.status < 300 ? ` ${attempt} times` : ''}; check the API base URL, or try again later.`, {
                    code: res.status >= 500 ? 'http_error' : 'malformed_response',
                    httpStatus: res.status,
                    logId,
                    retryable: res.status >= 500 || res.status < 300
                });
            }
            if (code === 'ok' && res.status < 300) {
                if (!schema)
                    return { data: undefined, logId };
                const data = schema.safeParse(envelope.data ?? {});
                if (data.success)
                    return { data: data.data, logId };
                const issue = data.error.issues[0];
                const where = issue ? `${issue.path.join('.') || 'data'}: ${issue.message}` : 'unexpected data';
                throw fail(`${what} answered ok but its data did not match what TikTok documents (${where}; log_id ${logId ?? 'none'}).${once ? ` ${ambiguousTail}` : ''}`, {
                    code: 'invalid_response',
                    httpStatus: res.status,
                    logId,
                    // a FILE_UPLOAD init whose upload_url we could not read can never become a post
                    retryable: spec.repeat === 'unstarted',
                    ambiguous: once
                });
            }
            const tiktokMessage = envelope.error.message ? `: "${envelope.error.message}"` : '';
            if (res.status >= 500 || code === 'internal_error' || code === 'internal') {
                if (once) {
                    throw fail(`${what} answered HTTP ${res.status} ${code}${tiktokMessage} (log_id ${logId ?? 'none'}). ${ambiguousTail}`, {
                        code: code ?? 'http_error',
                        httpStatus: res.status,
                        logId,
                        retryable: false,
                        ambiguous: true
                    });
                }
                if (!last) {
                    await this.pause(attempt, undefined, `${what}: HTTP ${res.status} ${code}`, signal);
                    continue;
                }
                throw fail(`${what} failed ${attempt} times with HTTP ${res.status} ${code}${tiktokMessage} (log_id ${logId ?? 'none'}); try again later.`, {
                    code: code ?? 'http_error',
                    httpStatus: res.status,
                    logId,
                    retryable: true
                });
            }
            // A definite refusal: TikTok said no and did nothing.
            throw fail(`${what} was refused with ${code} (HTTP ${res.status})${tiktokMessage}. log_id: ${logId ?? 'none'}.`, {
                code: code ?? 'http_error',
                httpStatus: res.status,
                logId,
                retryable: false
            });
        }
    }
    async pause(attempt, retryAfterMs, why, signal) {
        const ms = retryAfterMs ?? (0,backoff/* backoffDelay */.EY)(attempt - 1, this.retry, this.random);
        this.logger?.debug(`${why}; retrying in ${ms} ms (attempt ${attempt + 1} of ${this.retry.attempts}).`);
        if (ms > 0)
            await this.clock.sleep(ms, signal);
    }
}


/***/ })

};
