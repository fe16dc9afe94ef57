export const id = 625;
export const ids = [625];
export const modules = {

/***/ 1006:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  loadEmulatorConfigFile: () => (/* reexport */ loadEmulatorConfigFile),
  startEmulator: () => (/* reexport */ startEmulator)
});

// UNUSED EXPORTS: DEFAULT_SCOPES, EmulatorServer, MB, checkChunkPlan, parseEmulatorConfig

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 15 modules
var schemas = __webpack_require__(9691);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/core.js
var core = __webpack_require__(8532);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/emulator/config.ts




const DEFAULT_SCOPES = ['user.info.basic', 'video.publish', 'video.upload', 'video.list'];
const KNOWN_SCOPES = new Set(DEFAULT_SCOPES);
const nonNegInt = schemas/* number */.aig().int().nonnegative();
const appSchema = schemas/* strictObject */.rej({
    client_key: schemas/* string */.YjP().min(1),
    client_secret: schemas/* string */.YjP().min(1),
    audited: schemas/* boolean */.zMY().optional(),
    pull_prefixes: schemas/* array */.YOg(schemas/* string */.YjP().startsWith('https://', 'a pull prefix must be an https:// URL')).optional()
});
const accountSpecSchema = schemas/* strictObject */.rej({
    app: schemas/* string */.YjP().min(1).optional(),
    username: schemas/* string */.YjP().min(1).optional(),
    nickname: schemas/* string */.YjP().min(1).optional(),
    scopes: schemas/* array */.YOg(schemas/* string */.YjP().min(1)).optional(),
    private: schemas/* boolean */.zMY().optional(),
    refresh_token: schemas/* string */.YjP().min(1).optional(),
    max_video_post_duration_sec: schemas/* number */.aig().int().positive().optional(),
    comment_disabled: schemas/* boolean */.zMY().optional(),
    duet_disabled: schemas/* boolean */.zMY().optional(),
    stitch_disabled: schemas/* boolean */.zMY().optional(),
    daily_post_cap: nonNegInt.optional()
});
const configSchema = schemas/* strictObject */.rej({
    apps: schemas/* array */.YOg(appSchema).optional(),
    accounts: schemas/* array */.YOg(accountSpecSchema).optional(),
    access_token_ttl_sec: schemas/* number */.aig().int().positive().optional(),
    refresh_token_ttl_sec: schemas/* number */.aig().int().positive().optional(),
    processing_polls: nonNegInt.optional(),
    rate_limits: schemas/* union */.KCZ([
        schemas/* boolean */.zMY(),
        schemas/* strictObject */.rej({
            init: nonNegInt.optional(),
            status: nonNegInt.optional(),
            creator_info: nonNegInt.optional(),
            display: nonNegInt.optional()
        })
    ])
        .optional(),
    pull_rewrite: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).optional(),
    pending_share_cap: nonNegInt.optional(),
    unaudited_account_cap: nonNegInt.optional(),
    authorize_private: schemas/* boolean */.zMY().optional()
});
/** JSON cannot spell Infinity, so the admin API also takes null, -1 or "Infinity" for "forever". */
const timesSchema = schemas/* unknown */.L5J().transform((v, ctx) => {
    if (v === null || v === 'Infinity' || v === -1 || v === Infinity)
        return Infinity;
    if (typeof v === 'number' && Number.isInteger(v) && v > 0)
        return v;
    ctx.addIssue({ code: 'custom', message: 'times must be a positive integer, or Infinity (also null, -1 or "Infinity")' });
    return core/* NEVER */.tm;
});
const endpointSchema = schemas/* enum */.k5n([
    'token',
    'creator_info',
    'init',
    'inbox_init',
    'content_init',
    'status',
    'chunk',
    'video_list',
    'video_query',
    'user_info',
    '*'
]);
const faultBase = {
    endpoint: endpointSchema.optional(),
    open_id: schemas/* string */.YjP().optional(),
    times: timesSchema.optional()
};
const faultSchema = schemas/* discriminatedUnion */.gMt('kind', [
    schemas/* strictObject */.rej({ ...faultBase, kind: schemas/* literal */.euz('http_error'), status: schemas/* union */.KCZ([schemas/* literal */.euz(500), schemas/* literal */.euz(502), schemas/* literal */.euz(503)]) }),
    schemas/* strictObject */.rej({ ...faultBase, kind: schemas/* literal */.euz('rate_limit'), retry_after_sec: nonNegInt.optional() }),
    schemas/* strictObject */.rej({ ...faultBase, kind: schemas/* literal */.euz('latency'), ms: nonNegInt }),
    schemas/* strictObject */.rej({ ...faultBase, kind: schemas/* literal */.euz('drop') }),
    schemas/* strictObject */.rej({ ...faultBase, kind: schemas/* literal */.euz('malformed_json') }),
    schemas/* strictObject */.rej({ ...faultBase, kind: schemas/* literal */.euz('html_page') }),
    schemas/* strictObject */.rej({
        ...faultBase,
        kind: schemas/* literal */.euz('error_code'),
        status: schemas/* number */.aig().int().min(400).max(599),
        code: schemas/* string */.YjP().min(1),
        message: schemas/* string */.YjP().optional()
    }),
    schemas/* strictObject */.rej({ ...faultBase, kind: schemas/* literal */.euz('fail_post'), fail_reason: schemas/* string */.YjP().min(1) }),
    schemas/* strictObject */.rej({ ...faultBase, kind: schemas/* literal */.euz('stuck'), polls: schemas/* number */.aig().int().positive() })
]);
function describeZodError(error) {
    return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}
/** Validates an EmulatorConfig from untrusted input (file, admin API). */
function parseEmulatorConfig(value, source = 'emulator config') {
    const result = configSchema.safeParse(value ?? {});
    if (!result.success) {
        throw new errors/* UserError */.yo(`${source} is invalid: ${describeZodError(result.error)}`, {
            fix: 'correct the config; see src/emulator/README.md for its fields'
        });
    }
    return result.data;
}
function parseFault(value) {
    const result = faultSchema.safeParse(value);
    if (!result.success)
        throw new Error(describeZodError(result.error));
    return result.data;
}
/** Reads a JSON or YAML config file (YAML is a superset of JSON, so one parser serves both). */
async function loadEmulatorConfigFile(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new errors/* UserError */.yo(`cannot read emulator config ${file}: ${error.message}`, {
            fix: 'pass an existing JSON or YAML file to --config'
        });
    }
    let value;
    try {
        value = (0,dist/* parse */.qg)(text);
    }
    catch (error) {
        throw new errors/* UserError */.yo(`emulator config ${file} is not valid JSON or YAML: ${error.message}`, {
            fix: 'fix the syntax of the config file'
        });
    }
    return parseEmulatorConfig(value, `emulator config ${file}`);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/emulator/http.ts

/** An int64 that must reach the wire as a bare JSON number, digits intact. */
class Int64 {
    digits;
    constructor(digits) {
        this.digits = digits;
    }
}
const MARK = `@@i64${(0,external_node_crypto_.randomBytes)(4).toString('hex')}:`;
const MARK_RE = new RegExp(`"${MARK}(-?\\d+)@@"`, 'g');
/** JSON.stringify that writes Int64 values as raw numbers beyond 2^53, as TikTok does. */
function toJsonText(value) {
    const text = JSON.stringify(value, (_key, v) => (v instanceof Int64 ? `${MARK}${v.digits}@@` : v));
    return text.replace(MARK_RE, '$1');
}
function newLogId(nowMs) {
    const d = new Date(nowMs);
    const stamp = d.toISOString().replace(/[-:TZ.]/g, '').slice(0, 14);
    return `${stamp}${(0,external_node_crypto_.randomBytes)(10).toString('hex').toUpperCase()}`;
}
function randomToken(prefix, bytes = 24) {
    return `${prefix}${(0,external_node_crypto_.randomBytes)(bytes).toString('hex')}`;
}
/**
 * Writes a reply. `drop` sends the headers and half of the body, then destroys the
 * socket; `malformed` sends a truncated body that no JSON parser accepts; `html`
 * replaces the answer with a proxy's 502 page, as a gateway does when the
 * upstream's answer did not reach it.
 */
function sendReply(res, reply, mode = 'normal') {
    if (mode === 'html') {
        const page = Buffer.from(BAD_GATEWAY_PAGE, 'utf8');
        res.writeHead(502, { 'content-type': 'text/html', 'content-length': String(page.length) });
        res.end(page);
        return;
    }
    let body = Buffer.from(reply.body, 'utf8');
    const headers = { 'content-type': 'application/json; charset=utf-8', ...reply.headers };
    if (mode === 'malformed')
        body = Buffer.concat([body.subarray(0, Math.floor(body.length / 2)), Buffer.from('<!-- upstream error')]);
    headers['content-length'] = String(body.length);
    res.writeHead(reply.status, headers);
    if (mode === 'drop') {
        res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))), () => res.socket?.destroy());
        return;
    }
    res.end(body);
}
const BAD_GATEWAY_PAGE = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';
class BodyTooLarge extends Error {
}
async function readSmallBody(req, limit = 1024 * 1024) {
    const parts = [];
    let size = 0;
    for await (const chunk of req) {
        size += chunk.length;
        if (size > limit)
            throw new BodyTooLarge(`request body over ${limit} bytes`);
        parts.push(chunk);
    }
    return Buffer.concat(parts).toString('utf8');
}

;// CONCATENATED MODULE: ./src/emulator/admin.ts


/**
 * `/_emulator/*`: the test and rehearsal controls over HTTP (faults, accounts,
 * apps, the ledger, the posts, the clock), for a caller in another process.
 */
async function serveAdmin(emulator, parts, req, res, method, path) {
    const json = (status, value) => sendReply(res, { status, body: JSON.stringify(value), code: 'ok' });
    let body = {};
    try {
        const raw = await readSmallBody(req);
        body = raw.trim() ? JSON.parse(raw) : {};
    }
    catch (error) {
        return json(400, { error: `body is not JSON: ${error.message}` });
    }
    try {
        const route = `${method} ${path.replace(/\/$/, '')}`;
        switch (route) {
            case 'POST /_emulator/faults': {
                const list = Array.isArray(body) ? body : [body];
                const parsed = list.map((f) => parseFault(f));
                for (const f of parsed)
                    emulator.inject(f);
                return json(200, { injected: parsed.length });
            }
            case 'GET /_emulator/faults':
                return json(200, { faults: parts.faults.pending() });
            case 'DELETE /_emulator/faults':
                emulator.clearFaults();
                return json(200, { cleared: true });
            case 'POST /_emulator/accounts':
                return json(200, emulator.addAccount(body));
            case 'GET /_emulator/accounts':
                return json(200, {
                    accounts: [...parts.core.accounts.values()].map((a) => ({
                        open_id: a.open_id,
                        username: a.username,
                        app: a.app,
                        scopes: a.scopes,
                        private: a.private,
                        refresh_token: a.refresh_token
                    }))
                });
            case 'POST /_emulator/apps':
                emulator.addApp(body);
                return json(200, { added: body.client_key });
            case 'GET /_emulator/ledger':
                return json(200, { ledger: emulator.ledger });
            case 'GET /_emulator/posts':
                return json(200, { posts: emulator.posts() });
            case 'POST /_emulator/advance': {
                const ms = body.ms;
                if (typeof ms !== 'number')
                    return json(400, { error: 'body must be {"ms": NUMBER}' });
                emulator.advance(ms);
                return json(200, { now: parts.core.now() });
            }
            default:
                return json(404, { error: `no admin endpoint ${method} ${path}` });
        }
    }
    catch (error) {
        const message = error instanceof Error && 'issues' in error ? describeZodError(error) : error.message;
        return json(400, { error: message });
    }
}

// EXTERNAL MODULE: ./src/json.ts
var json = __webpack_require__(8301);
;// CONCATENATED MODULE: ./src/emulator/core.ts


/*
 * What every product area of the emulator shares: its clock, its configuration,
 * the apps and creators it knows, the ledger, and TikTok's two reply shapes
 * (the API's envelope, OAuth's flat error).
 */
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const PUBLIC_PRIVACY = 'PUBLIC_TO_EVERYONE';
const PUBLIC_OPTIONS = [PUBLIC_PRIVACY, 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'];
const PRIVATE_OPTIONS = ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'];
/** The privacy levels creator_info offers this creator, and the only ones a direct post may use. */
function privacyOptions(account) {
    return account.private ? PRIVATE_OPTIONS : PUBLIC_OPTIONS;
}
/** Thrown by an endpoint: answered as TikTok's error envelope. */
class ApiError extends Error {
    status;
    code;
    publish_id;
    constructor(status, code, message, publish_id) {
        super(message);
        this.status = status;
        this.code = code;
        this.publish_id = publish_id;
    }
}
class Core {
    config;
    baseNow;
    ledger = [];
    apps = new Map();
    /** by open_id */
    accounts = new Map();
    /** base URL once listening; upload URLs point here */
    url = '';
    offset = 0;
    constructor(config, baseNow) {
        this.config = config;
        this.baseNow = baseNow;
    }
    now() {
        return this.baseNow() + this.offset;
    }
    advance(ms) {
        if (!Number.isFinite(ms) || ms < 0)
            throw new Error('advance(ms) needs a non-negative number');
        this.offset += ms;
    }
    addApp(app) {
        const parsed = appSchema.parse(app);
        this.apps.set(parsed.client_key, {
            client_key: parsed.client_key,
            client_secret: parsed.client_secret,
            audited: parsed.audited ?? true,
            pull_prefixes: parsed.pull_prefixes ?? []
        });
    }
    record(entry) {
        const clean = { at: this.now(), kind: entry.kind };
        if (entry.open_id !== undefined)
            clean.open_id = entry.open_id;
        if (entry.publish_id !== undefined)
            clean.publish_id = entry.publish_id;
        if (entry.code !== undefined)
            clean.code = entry.code;
        if (entry.detail !== undefined)
            clean.detail = entry.detail;
        this.ledger.push(clean);
    }
    /** One ledger entry per request; refusals the client could have avoided are also logged as violations. */
    recordOutcome(kind, reply, violation) {
        this.record({ kind, open_id: reply.open_id, publish_id: reply.publish_id, code: reply.code, detail: reply.detail });
        if (violation && reply.status >= 400 && reply.status < 500) {
            this.record({ kind: 'violation', open_id: reply.open_id, publish_id: reply.publish_id, code: reply.code, detail: `${kind}: ${reply.detail ?? ''}`.trim() });
        }
    }
    envelope(data, extra = {}) {
        return {
            status: 200,
            body: toJsonText({ data, error: { code: 'ok', message: '', log_id: newLogId(this.now()) } }),
            code: 'ok',
            ...extra
        };
    }
    envelopeError(status, code, message, extra = {}) {
        return {
            status,
            body: toJsonText({ data: {}, error: { code, message, log_id: newLogId(this.now()) } }),
            code,
            detail: message,
            ...extra
        };
    }
    flatError(status, error, description, extra = {}) {
        return {
            status,
            body: toJsonText({ error, error_description: description, log_id: newLogId(this.now()) }),
            code: error,
            detail: description,
            ...extra
        };
    }
}

;// CONCATENATED MODULE: ./src/emulator/api.ts



/*
 * The door of every endpoint behind a bearer token: injected faults first,
 * then the token, its scopes, TikTok's per-token rate limits and a JSON body,
 * in that order, before the endpoint's own handler runs.
 */
const DEFAULT_RATES = { init: 6, status: 30, creator_info: 20, display: 600 };
class ApiGate {
    core;
    oauth;
    faults;
    /** request times per token and limit, within the last minute */
    rateWindows = new Map();
    constructor(core, oauth, faults) {
        this.core = core;
        this.oauth = oauth;
        this.faults = faults;
    }
    async serve(route, req, res, url) {
        let raw;
        try {
            raw = await readSmallBody(req);
        }
        catch (error) {
            if (error instanceof BodyTooLarge)
                return sendReply(res, this.core.envelopeError(413, 'invalid_param', error.message));
            throw error;
        }
        const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
        const grant = bearer ? this.oauth.accessTokens.get(bearer) : undefined;
        const faulted = await this.faults.apply(route.name, grant?.open_id, false);
        if (faulted.reply) {
            this.core.recordOutcome(route.name, faulted.reply, false);
            return sendReply(res, faulted.reply, faulted.mode);
        }
        const reply = await this.reply(route, bearer, grant, raw, url);
        this.core.recordOutcome(route.name, reply, !(reply.code === 'access_token_invalid' && grant !== undefined));
        sendReply(res, reply, faulted.mode);
    }
    async reply(route, bearer, grant, raw, url) {
        const core = this.core;
        if (!bearer || !grant) {
            return core.envelopeError(401, 'access_token_invalid', bearer ? 'the access token is unknown' : 'missing Authorization: Bearer header');
        }
        const open_id = grant.open_id;
        if (grant.expires_at <= core.now())
            return core.envelopeError(401, 'access_token_invalid', 'the access token has expired', { open_id });
        const account = core.accounts.get(open_id);
        if (!account)
            return core.envelopeError(401, 'access_token_invalid', 'the access token is unknown');
        if (!route.scopes.some((s) => account.scopes.includes(s))) {
            return core.envelopeError(401, 'scope_not_authorized', `the user did not authorize the scope ${route.scopes.join(' or ')}`, { open_id });
        }
        const limit = this.rateLimit(route.rate);
        if (limit !== undefined) {
            const key = `${bearer}|${route.rate === 'display' ? route.name : route.rate}`;
            const now = core.now();
            const window = (this.rateWindows.get(key) ?? []).filter((t) => t > now - MINUTE);
            if (window.length >= limit) {
                this.rateWindows.set(key, window);
                return core.envelopeError(429, 'rate_limit_exceeded', `more than ${limit} ${route.name} requests per minute for this token`, { open_id });
            }
            window.push(now);
            this.rateWindows.set(key, window);
        }
        let body = {};
        if (route.name !== 'user_info') {
            let parsed;
            try {
                parsed = raw.trim() === '' ? {} : (0,json/* parseJsonLossless */.K)(raw);
            }
            catch {
                return core.envelopeError(400, 'invalid_param', 'the request body is not valid JSON', { open_id });
            }
            if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
                return core.envelopeError(400, 'invalid_param', 'the request body must be a JSON object', { open_id });
            }
            body = parsed;
        }
        try {
            const reply = await route.handler({ account, body, url });
            reply.open_id ??= open_id;
            return reply;
        }
        catch (error) {
            if (error instanceof ApiError)
                return core.envelopeError(error.status, error.code, error.message, { open_id, publish_id: error.publish_id });
            throw error;
        }
    }
    rateLimit(endpoint) {
        const cfg = this.core.config.rate_limits;
        if (cfg === false)
            return undefined;
        if (cfg === undefined || cfg === true)
            return DEFAULT_RATES[endpoint];
        return cfg[endpoint] ?? DEFAULT_RATES[endpoint];
    }
}

;// CONCATENATED MODULE: ./src/emulator/display.ts


/*
 * What a client reads about the creator and the creator's videos:
 * creator_info (Content Posting API), user/info, video/list and video/query
 * (Display API), with int64 ids as raw JSON numbers as TikTok writes them.
 */
const VIDEO_FIELDS = new Set([
    'id',
    'create_time',
    'cover_image_url',
    'share_url',
    'video_description',
    'duration',
    'height',
    'width',
    'title',
    'embed_html',
    'embed_link',
    'like_count',
    'comment_count',
    'share_count',
    'view_count'
]);
const USER_FIELDS = new Set(['open_id', 'union_id', 'avatar_url', 'avatar_url_100', 'avatar_large_url', 'display_name']);
class Display {
    core;
    posts;
    constructor(core, posts) {
        this.core = core;
        this.posts = posts;
    }
    creatorInfo({ account }) {
        return this.core.envelope({
            creator_avatar_url: avatarUrl(account),
            creator_username: account.username,
            creator_nickname: account.nickname,
            privacy_level_options: privacyOptions(account),
            comment_disabled: account.comment_disabled,
            duet_disabled: account.duet_disabled,
            stitch_disabled: account.stitch_disabled,
            max_video_post_duration_sec: account.max_video_post_duration_sec
        });
    }
    userInfo({ account, url }) {
        const fields = requestedFields(url, USER_FIELDS);
        const avatar = avatarUrl(account);
        const all = {
            open_id: account.open_id,
            union_id: account.union_id,
            avatar_url: avatar,
            avatar_url_100: avatar,
            avatar_large_url: avatar,
            display_name: account.nickname
        };
        return this.core.envelope({ user: Object.fromEntries(fields.map((f) => [f, all[f]])) });
    }
    videoList({ account, body, url }) {
        const fields = requestedFields(url, VIDEO_FIELDS);
        const max = body.max_count ?? 10;
        if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 20)
            throw new ApiError(400, 'invalid_param', 'max_count must be an integer from 1 to 20');
        const cursorRaw = body.cursor;
        let cursor = Infinity;
        if (cursorRaw !== undefined && cursorRaw !== null && cursorRaw !== 0) {
            const c = Number(cursorRaw);
            if (!Number.isFinite(c))
                throw new ApiError(400, 'invalid_param', 'cursor must be a number from a previous response');
            cursor = c;
        }
        const all = this.publicVideos(account.open_id).filter((p) => p.published_at < cursor);
        const page = all.slice(0, max);
        const hasMore = all.length > page.length;
        return this.core.envelope({
            videos: page.map((p) => videoObject(p, account, fields)),
            cursor: page.length ? page[page.length - 1].published_at : 0,
            has_more: hasMore
        }, { detail: `${page.length} video(s)` });
    }
    videoQuery({ account, body, url }) {
        const fields = requestedFields(url, VIDEO_FIELDS);
        const filters = body.filters;
        const ids = filters && typeof filters === 'object' ? filters.video_ids : undefined;
        if (!Array.isArray(ids) || ids.length === 0 || ids.length > 20)
            throw new ApiError(400, 'invalid_param', 'filters.video_ids must list 1 to 20 ids');
        const wanted = new Set(ids.map((x) => String(x)));
        const videos = this.publicVideos(account.open_id).filter((p) => wanted.has(p.video_id));
        return this.core.envelope({ videos: videos.map((p) => videoObject(p, account, fields)), cursor: 0, has_more: false }, { detail: `${videos.length} video(s)` });
    }
    /**
     * What video/list and video/query show: the account's PUBLIC posts only, as
     * TikTok documents ("the given user's public TikTok video posts"). A
     * SELF_ONLY, followers' or friends' post exists at TikTok but never appears,
     * so a client can never read the list's silence as "not posted".
     */
    publicVideos(open_id) {
        const list = [...this.posts.byId.values()].filter((p) => p.open_id === open_id && p.mode === 'direct');
        for (const p of list)
            this.posts.settle(p, false);
        return list
            .filter((p) => p.status === 'PUBLISH_COMPLETE' && p.privacy_level === PUBLIC_PRIVACY)
            .sort((a, b) => b.published_at - a.published_at);
    }
}
function avatarUrl(account) {
    return `https://emulator.invalid/avatar/${encodeURIComponent(account.username)}.jpeg`;
}
function requestedFields(url, allowed) {
    const raw = url.searchParams.get('fields');
    if (!raw)
        throw new ApiError(400, 'invalid_param', 'the fields query parameter is required');
    const fields = raw
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean);
    const bad = fields.find((f) => !allowed.has(f));
    if (bad)
        throw new ApiError(400, 'invalid_param', `unknown field ${bad}`);
    return fields;
}
function videoObject(post, account, fields) {
    const share = `https://www.tiktok.com/@${account.username}/video/${post.video_id}`;
    const all = {
        id: new Int64(post.video_id),
        create_time: Math.floor(post.published_at / 1000),
        cover_image_url: `https://emulator.invalid/cover/${post.video_id}.jpeg`,
        share_url: share,
        video_description: post.title ?? '',
        duration: Math.round(post.duration_sec ?? 0),
        height: 1920,
        width: 1080,
        title: post.title ?? '',
        embed_html: `<blockquote class="tiktok-embed" cite="${share}"></blockquote>`,
        embed_link: `https://www.tiktok.com/player/v1/${post.video_id}`,
        like_count: 0,
        comment_count: 0,
        share_count: 0,
        view_count: 0
    };
    return Object.fromEntries(fields.map((f) => [f, all[f]]));
}

;// CONCATENATED MODULE: ./src/emulator/faults.ts

/** Faults injected by tests and rehearsals, waiting for the request they hit. */
class FaultBox {
    core;
    faults = [];
    constructor(core) {
        this.core = core;
    }
    inject(fault) {
        const parsed = parseFault(fault);
        this.faults.push({ fault: parsed, left: parsed.times ?? 1 });
    }
    clear() {
        this.faults = [];
    }
    /** what is still queued, `times` as the admin API writes it */
    pending() {
        return this.faults.map((f) => ({ ...f.fault, times: f.left === Infinity ? 'Infinity' : f.left }));
    }
    /**
     * Consumes at most one matching fault per group (delay, response, transport,
     * fail, stuck), oldest first, so two queued faults hit two requests.
     */
    take(endpoint, open_id, kinds) {
        const group = (k) => k === 'http_error' || k === 'rate_limit' || k === 'error_code' ? 'response' : k === 'drop' || k === 'malformed_json' || k === 'html_page' ? 'transport' : k;
        const taken = [];
        const used = new Set();
        for (const f of this.faults) {
            if (f.left <= 0 || !kinds.includes(f.fault.kind) || used.has(group(f.fault.kind)))
                continue;
            const ep = f.fault.endpoint ?? '*';
            if (ep !== '*' && ep !== endpoint)
                continue;
            if (f.fault.open_id !== undefined && f.fault.open_id !== open_id)
                continue;
            f.left--;
            used.add(group(f.fault.kind));
            taken.push(f.fault);
        }
        this.faults = this.faults.filter((f) => f.left > 0);
        return taken;
    }
    /**
     * Applies the request-level faults aimed at this request: waits out latency,
     * and answers the injected reply (`flat` in OAuth's shape) if there is one.
     * Returns the send mode for whatever reply goes out.
     */
    async apply(endpoint, open_id, flat) {
        const taken = this.take(endpoint, open_id, ['latency', 'http_error', 'rate_limit', 'error_code', 'drop', 'malformed_json', 'html_page']);
        const core = this.core;
        const error = (status, code, message, extra = {}) => flat ? core.flatError(status, code, message, extra) : core.envelopeError(status, code, message, extra);
        let mode = 'normal';
        let reply;
        for (const f of taken) {
            core.record({ kind: 'fault', open_id, code: f.kind, detail: `${endpoint}: ${JSON.stringify(f)}` });
            if (f.kind === 'latency')
                await new Promise((r) => setTimeout(r, f.ms));
            else if (f.kind === 'drop')
                mode = 'drop';
            else if (f.kind === 'malformed_json')
                mode = 'malformed';
            else if (f.kind === 'html_page')
                mode = 'html';
            else if (!reply) {
                if (f.kind === 'http_error') {
                    reply = flat ? core.flatError(f.status, 'server_error', 'injected server error') : core.envelopeError(f.status, 'internal_error', 'injected server error');
                }
                else if (f.kind === 'rate_limit') {
                    const headers = f.retry_after_sec !== undefined ? { 'retry-after': String(f.retry_after_sec) } : {};
                    reply = error(429, 'rate_limit_exceeded', 'injected rate limit', { headers });
                }
                else if (f.kind === 'error_code') {
                    reply = error(f.status, f.code, f.message ?? `injected ${f.code}`);
                }
            }
        }
        if (reply)
            reply.open_id = open_id;
        return { reply, mode };
    }
    /**
     * The post-level faults (fail_post, stuck) aimed at an init, recorded
     * against the new post: how many extra PROCESSING polls it owes, and the
     * fail_reason it will end with.
     */
    takeForPost(endpoint, open_id, publish_id) {
        const faults = this.take(endpoint, open_id, ['fail_post', 'stuck']);
        let extraPolls = 0;
        let failReason;
        for (const f of faults) {
            this.core.record({ kind: 'fault', open_id, publish_id, code: f.kind, detail: JSON.stringify(f) });
            if (f.kind === 'stuck')
                extraPolls += f.polls;
            else if (f.kind === 'fail_post' && failReason === undefined)
                failReason = f.fail_reason;
        }
        return { extraPolls, failReason };
    }
}

;// CONCATENATED MODULE: ./src/emulator/oauth.ts




/*
 * Login Kit as TikTok runs it: the authorize page (PKCE for desktop apps),
 * code and refresh grants with a refresh token that ROTATES on every use, and
 * revocation. The creators' accounts are made here too, since making one
 * issues its first tokens.
 */
const CODE_TTL = 10 * MINUTE;
/** who the authorize page signs in as when the URL names nobody (`&username=NAME` picks another creator) */
const DEFAULT_AUTHORIZE_USERNAME = 'emu_creator';
class OAuth {
    core;
    faults;
    /** live access tokens, by value */
    accessTokens = new Map();
    /** live refresh tokens, by value */
    refreshTokens = new Map();
    /** refresh tokens a rotation replaced, with their open_id: presenting one is told apart in the ledger */
    rotatedAway = new Map();
    codes = new Map();
    accountSeq = 0;
    constructor(core, faults) {
        this.core = core;
        this.faults = faults;
    }
    addAccount(spec = {}) {
        const s = accountSpecSchema.parse(spec);
        const appKey = s.app ?? [...this.core.apps.keys()][0];
        if (!appKey || !this.core.apps.has(appKey))
            throw new Error(`addAccount: unknown app ${JSON.stringify(s.app)}`);
        if (s.refresh_token !== undefined && this.refreshTokens.has(s.refresh_token))
            throw new Error('addAccount: that refresh token is already in use');
        const unknownScope = (s.scopes ?? []).find((x) => !KNOWN_SCOPES.has(x));
        if (unknownScope)
            throw new Error(`addAccount: unknown scope ${unknownScope}`);
        const n = ++this.accountSeq;
        const open_id = randomToken(`-000emu${n}`, 8);
        const isPrivate = s.private ?? false;
        const account = {
            open_id,
            union_id: randomToken('union.', 8),
            app: appKey,
            username: s.username ?? `emu_creator_${n}`,
            nickname: s.nickname ?? s.username ?? `Emulated Creator ${n}`,
            scopes: s.scopes ?? [...DEFAULT_SCOPES],
            private: isPrivate,
            max_video_post_duration_sec: s.max_video_post_duration_sec ?? 600,
            comment_disabled: s.comment_disabled ?? false,
            duet_disabled: isPrivate || (s.duet_disabled ?? false),
            stitch_disabled: isPrivate || (s.stitch_disabled ?? false),
            daily_post_cap: s.daily_post_cap ?? 15
        };
        this.core.accounts.set(open_id, account);
        const refresh_token = s.refresh_token ?? randomToken('rft.');
        this.setRefreshToken(account, refresh_token);
        const access_token = this.issueAccessToken(account);
        return { open_id, refresh_token, access_token };
    }
    currentRefreshToken(open_id) {
        return this.core.accounts.get(open_id)?.refresh_token;
    }
    setRefreshToken(account, value) {
        if (account.refresh_token) {
            this.refreshTokens.delete(account.refresh_token);
            this.rotatedAway.set(account.refresh_token, account.open_id);
        }
        account.refresh_token = value;
        this.refreshTokens.set(value, {
            open_id: account.open_id,
            client_key: account.app,
            expires_at: this.core.now() + (this.core.config.refresh_token_ttl_sec ?? 15_552_000) * 1000
        });
    }
    issueAccessToken(account) {
        const token = randomToken('act.');
        this.accessTokens.set(token, {
            open_id: account.open_id,
            client_key: account.app,
            expires_at: this.core.now() + (this.core.config.access_token_ttl_sec ?? 7200) * 1000
        });
        return token;
    }
    authorize(req, res, url) {
        req.resume();
        const core = this.core;
        const q = url.searchParams;
        const clientKey = q.get('client_key') ?? '';
        const redirect = q.get('redirect_uri') ?? '';
        const fail400 = (error, description) => {
            const reply = core.flatError(400, error, description);
            core.recordOutcome('authorize', reply, true);
            sendReply(res, reply);
        };
        if (!core.apps.has(clientKey))
            return fail400('invalid_client', 'unknown client_key');
        let target;
        try {
            target = new URL(redirect);
            if (target.protocol !== 'http:' && target.protocol !== 'https:')
                throw new Error('scheme');
        }
        catch {
            return fail400('invalid_request', 'redirect_uri is missing or not an http(s) URL');
        }
        const state = q.get('state');
        const redirectError = (error, description) => {
            target.searchParams.set('error', error);
            target.searchParams.set('error_description', description);
            if (state !== null)
                target.searchParams.set('state', state);
            core.recordOutcome('authorize', { status: 302, body: '', code: error, detail: description }, true);
            res.writeHead(302, { location: target.toString(), 'content-length': '0' });
            res.end();
        };
        if (q.get('response_type') !== 'code')
            return redirectError('unsupported_response_type', 'response_type must be code');
        const scopes = (q.get('scope') ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
        if (scopes.length === 0)
            return redirectError('invalid_scope', 'scope is required');
        const unknown = scopes.find((s) => !KNOWN_SCOPES.has(s));
        if (unknown)
            return redirectError('invalid_scope', `unknown scope ${unknown}`);
        const challenge = q.get('code_challenge') ?? undefined;
        const method = q.get('code_challenge_method');
        // TikTok requires PKCE of desktop apps, whose redirect is a loopback address
        if (challenge === undefined && isLoopback(target)) {
            return redirectError('invalid_request', 'code_challenge is required: a desktop app (loopback redirect_uri) must use PKCE');
        }
        if (challenge !== undefined && method !== 'S256')
            return redirectError('invalid_request', 'code_challenge_method must be S256');
        if (challenge !== undefined && !/^[0-9a-fA-F]{64}$/.test(challenge)) {
            return redirectError('invalid_request', 'code_challenge must be the hex SHA-256 of the code verifier');
        }
        // One TikTok user signs in, however often the page is opened: the same
        // username (the default creator when none is given) is the same account.
        const username = q.get('username') || DEFAULT_AUTHORIZE_USERNAME;
        const privateParam = q.get('private');
        const makePrivate = privateParam === null ? core.config.authorize_private ?? false : privateParam === 'true';
        const existing = [...core.accounts.values()].find((a) => a.app === clientKey && a.username === username);
        if (existing) {
            existing.scopes = scopes;
            if (privateParam !== null)
                setPrivate(existing, makePrivate);
        }
        const created = existing ? { open_id: existing.open_id } : this.addAccount({ app: clientKey, scopes, username, private: makePrivate });
        const code = randomToken('code.');
        this.codes.set(code, {
            open_id: created.open_id,
            client_key: clientKey,
            redirect_uri: redirect,
            challenge: challenge?.toLowerCase(),
            expires_at: core.now() + CODE_TTL
        });
        target.searchParams.set('code', code);
        target.searchParams.set('scopes', scopes.join(','));
        if (state !== null)
            target.searchParams.set('state', state);
        core.record({ kind: 'authorize', open_id: created.open_id, code: 'ok', detail: `scopes ${scopes.join(',')}` });
        res.writeHead(302, { location: target.toString(), 'content-length': '0' });
        res.end();
    }
    async token(req, res) {
        const form = await readForm(req);
        const grant = form?.get('grant_type') ?? '';
        const kind = grant === 'refresh_token' ? 'refresh' : 'token';
        const presented = form?.get('refresh_token') ?? undefined;
        const faultOpenId = presented ? this.refreshTokens.get(presented)?.open_id : undefined;
        const faulted = await this.faults.apply('token', faultOpenId, true);
        if (faulted.reply) {
            this.core.recordOutcome(kind, faulted.reply, false);
            return sendReply(res, faulted.reply, faulted.mode);
        }
        const reply = this.tokenReply(form, grant);
        this.core.recordOutcome(kind, reply, true);
        sendReply(res, reply, faulted.mode);
    }
    tokenReply(form, grant) {
        const core = this.core;
        if (!form)
            return core.flatError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
        const app = core.apps.get(form.get('client_key') ?? '');
        if (!app || app.client_secret !== form.get('client_secret'))
            return core.flatError(401, 'invalid_client', 'client_key or client_secret is wrong');
        if (grant === 'authorization_code') {
            const code = form.get('code') ?? '';
            const entry = this.codes.get(code);
            if (!entry || entry.client_key !== app.client_key || entry.expires_at <= core.now()) {
                return core.flatError(400, 'invalid_grant', 'the authorization code is invalid, expired or already used');
            }
            this.codes.delete(code);
            if (form.get('redirect_uri') !== entry.redirect_uri) {
                return core.flatError(400, 'invalid_grant', 'redirect_uri does not match the one used to authorize', { open_id: entry.open_id });
            }
            if (entry.challenge !== undefined) {
                const verifier = form.get('code_verifier') ?? '';
                if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) {
                    return core.flatError(400, 'invalid_request', 'code_verifier must be 43-128 characters of [A-Za-z0-9-._~]', { open_id: entry.open_id });
                }
                if ((0,external_node_crypto_.createHash)('sha256').update(verifier).digest('hex') !== entry.challenge) {
                    return core.flatError(400, 'invalid_grant', 'code_verifier does not match code_challenge', { open_id: entry.open_id });
                }
            }
            const account = core.accounts.get(entry.open_id);
            if (!account)
                return core.flatError(400, 'invalid_grant', 'the account no longer exists');
            this.setRefreshToken(account, randomToken('rft.'));
            return this.tokenSuccess(account);
        }
        if (grant === 'refresh_token') {
            const presented = form.get('refresh_token') ?? '';
            const entry = this.refreshTokens.get(presented);
            const retiredFor = this.rotatedAway.get(presented);
            const refused = 'the refresh token is invalid, expired or already rotated';
            if (retiredFor !== undefined) {
                // TikTok says no more than invalid_grant; the ledger's detail says which case it was
                return core.flatError(400, 'invalid_grant', refused, { open_id: retiredFor, detail: 'rotated-away refresh token presented' });
            }
            if (entry && entry.expires_at <= core.now()) {
                return core.flatError(400, 'invalid_grant', refused, { open_id: entry.open_id, detail: 'expired refresh token presented' });
            }
            if (!entry || entry.client_key !== app.client_key)
                return core.flatError(400, 'invalid_grant', refused, { open_id: entry?.open_id });
            const account = core.accounts.get(entry.open_id);
            if (!account)
                return core.flatError(400, 'invalid_grant', 'the account no longer exists');
            // Rotation: the presented token dies the moment a new one is issued.
            this.setRefreshToken(account, randomToken('rft.'));
            return this.tokenSuccess(account);
        }
        return core.flatError(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
    }
    tokenSuccess(account) {
        const access = this.issueAccessToken(account);
        return {
            status: 200,
            body: toJsonText({
                access_token: access,
                expires_in: this.core.config.access_token_ttl_sec ?? 7200,
                open_id: account.open_id,
                refresh_expires_in: this.core.config.refresh_token_ttl_sec ?? 15_552_000,
                refresh_token: account.refresh_token,
                scope: account.scopes.join(','),
                token_type: 'Bearer'
            }),
            code: 'ok',
            open_id: account.open_id
        };
    }
    async revoke(req, res) {
        const form = await readForm(req);
        const app = this.core.apps.get(form?.get('client_key') ?? '');
        if (!form || !app || app.client_secret !== form.get('client_secret')) {
            return sendReply(res, this.core.flatError(401, 'invalid_client', 'client_key or client_secret is wrong'));
        }
        const token = this.accessTokens.get(form.get('token') ?? '');
        if (token) {
            for (const [k, v] of this.accessTokens)
                if (v.open_id === token.open_id)
                    this.accessTokens.delete(k);
            const account = this.core.accounts.get(token.open_id);
            if (account?.refresh_token)
                this.refreshTokens.delete(account.refresh_token);
            if (account)
                account.refresh_token = undefined;
        }
        res.writeHead(200, { 'content-length': '0' });
        res.end();
    }
}
/** A creator switching the account to private (or public) in the TikTok app; a private account has duet and stitch off. */
function setPrivate(account, value) {
    account.private = value;
    if (value) {
        account.duet_disabled = true;
        account.stitch_disabled = true;
    }
}
async function readForm(req) {
    const raw = await readSmallBody(req);
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded')
        return undefined;
    return new URLSearchParams(raw);
}
function isLoopback(url) {
    return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

// EXTERNAL MODULE: ./src/tiktok/chunks.ts
var chunks = __webpack_require__(5626);
;// CONCATENATED MODULE: ./src/emulator/chunks.ts

/*
 * TikTok's FILE_UPLOAD chunk rules as the emulator enforces them at init. The
 * numbers are the client's own (src/tiktok/chunks.ts); TikTok writes "MB" and
 * its example counts in decimal bytes, so only what is valid under both
 * readings passes: chunks of 5 MiB to 64,000,000 bytes, a last chunk of at
 * most 128,000,000. A client that reads "MB" either way alone fails here, not
 * at TikTok.
 */
/** 1 MiB, under the name the emulator's callers know */
const MB = (/* unused pure expression or super */ null && (MiB));
/** Returns why the plan breaks TikTok's chunk rules, or undefined when it keeps them. */
function checkChunkPlan(plan) {
    const { video_size: size, chunk_size: chunk, total_chunk_count: total } = plan;
    for (const [name, v] of [
        ['video_size', size],
        ['chunk_size', chunk],
        ['total_chunk_count', total]
    ]) {
        if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0)
            return `source_info.${name} must be a positive integer`;
    }
    const s = size;
    const c = chunk;
    const t = total;
    if (s > chunks/* MAX_VIDEO_BYTES */.Tz)
        return `video_size ${s} exceeds the 4 GB limit`;
    if (s < chunks/* MIN_CHUNK */.Xv) {
        if (c !== s || t !== 1)
            return `a video under 5 MB (${s} bytes) is one chunk: chunk_size must equal video_size and total_chunk_count must be 1`;
        return undefined;
    }
    if (c < chunks/* MIN_CHUNK */.Xv)
        return `chunk_size ${c} is below 5 MB (${chunks/* MIN_CHUNK */.Xv} bytes)`;
    if (c > chunks/* MAX_CHUNK */.jQ)
        return `chunk_size ${c} is above 64 MB (${chunks/* MAX_CHUNK */.jQ} bytes)`;
    if (c > s)
        return `chunk_size ${c} is larger than video_size ${s}`;
    const expected = Math.floor(s / c);
    if (t !== expected)
        return `total_chunk_count must be floor(video_size / chunk_size) = ${expected}, got ${t}`;
    if (t > chunks/* MAX_CHUNKS */.sJ)
        return `total_chunk_count ${t} is above 1000`;
    if (s > chunks/* MAX_CHUNK */.jQ && t < 2)
        return `a video over 64 MB must be uploaded in several chunks`;
    const lastChunk = s - (t - 1) * c;
    if (lastChunk > chunks/* MAX_LAST_CHUNK */.Wu)
        return `the last chunk would be ${lastChunk} bytes, over 128 MB (${chunks/* MAX_LAST_CHUNK */.Wu} bytes)`;
    return undefined;
}
/** The init's source_info laid out as the client lays it out, or why it breaks the rules. */
function declaredUpload(source) {
    const problem = checkChunkPlan(source);
    if (problem)
        return { problem };
    const videoSize = source.video_size;
    return { videoSize, plan: (0,chunks/* chunkLayout */.gD)(videoSize, source.chunk_size, source.total_chunk_count) };
}

// EXTERNAL MODULE: ./node_modules/image-size/dist/esm/index.js + 25 modules
var esm = __webpack_require__(2013);
// EXTERNAL MODULE: ./src/media/image.ts
var media_image = __webpack_require__(8029);
;// CONCATENATED MODULE: ./src/emulator/photo.ts



/*
 * content/init with media_type PHOTO, as TikTok answers it: PULL_FROM_URL only,
 * every URL under a prefix verified for the app, 1–35 images, a cover index,
 * title ≤ 90 and description ≤ 4000 UTF-16 units, privacy for direct posts.
 * Each image is really fetched (no redirects) and checked (JPEG or WebP, at
 * most 1080 px on the long side and 20 MB); caps count photo posts like videos.
 */
const MAX_IMAGES = 35;
const TITLE_MAX = 90;
const DESCRIPTION_MAX = 4000;
/** what posts() shows of a photo post, beside a video's fields */
const PHOTO_POST_FIELDS = ['media_type', 'photo_title', 'photo_images', 'photo_cover_index', 'photo_sha256', 'auto_add_music'];
const isObject = (v) => !!v && typeof v === 'object' && !Array.isArray(v);
function photoInit(host, body) {
    const bad = (message) => host.error(400, 'invalid_param', message);
    if (body.media_type !== 'PHOTO')
        throw bad('media_type must be PHOTO');
    const mode = body.post_mode === 'DIRECT_POST' ? 'direct' : body.post_mode === 'MEDIA_UPLOAD' ? 'inbox' : undefined;
    if (!mode)
        throw bad('post_mode must be DIRECT_POST or MEDIA_UPLOAD');
    const scope = mode === 'direct' ? 'video.publish' : 'video.upload';
    if (!host.account.scopes.includes(scope))
        throw host.error(401, 'scope_not_authorized', `the user did not authorize the scope ${scope}`);
    const p = isObject(body.post_info) ? body.post_info : {};
    const s = body.source_info;
    if (!isObject(s))
        throw bad('source_info is required');
    if (s.source !== 'PULL_FROM_URL')
        throw bad('photos are taken only with source PULL_FROM_URL');
    const images = s.photo_images;
    if (!Array.isArray(images) || images.length === 0 || images.length > MAX_IMAGES || !images.every((u) => typeof u === 'string')) {
        throw bad(`source_info.photo_images must list 1 to ${MAX_IMAGES} URLs`);
    }
    const cover = s.photo_cover_index;
    if (!Number.isInteger(cover) || cover < 0 || cover >= images.length) {
        throw bad('source_info.photo_cover_index is required: a 0-based index into photo_images');
    }
    for (const url of images) {
        let u;
        try {
            u = new URL(url);
        }
        catch {
            throw bad(`photo_images holds something that is not a URL`);
        }
        if (u.protocol !== 'https:')
            throw bad('photo_images must be https URLs');
        const isIp = /^[\d.]+$/.test(u.hostname) || u.hostname.startsWith('[');
        if (isIp || !host.app.pull_prefixes.some((prefix) => url.startsWith(prefix))) {
            throw host.error(403, 'url_ownership_unverified', `${url} is not under a URL prefix verified for this app`);
        }
    }
    for (const [key, max] of [['title', TITLE_MAX], ['description', DESCRIPTION_MAX]]) {
        if (p[key] === undefined)
            continue;
        if (typeof p[key] !== 'string')
            throw bad(`post_info.${key} must be a string`);
        if (p[key].length > max)
            throw bad(`post_info.${key} is ${p[key].length} UTF-16 code units; the limit is ${max}`);
    }
    for (const key of ['disable_comment', 'auto_add_music', 'brand_content_toggle', 'brand_organic_toggle']) {
        if (p[key] !== undefined && typeof p[key] !== 'boolean')
            throw bad(`post_info.${key} must be a boolean`);
    }
    if (body.is_aigc !== undefined && typeof body.is_aigc !== 'boolean')
        throw bad('is_aigc must be a boolean');
    if (p.disable_duet !== undefined || p.disable_stitch !== undefined)
        throw bad('photo posts have no duet or stitch');
    let privacy;
    if (mode === 'direct') {
        if (typeof p.privacy_level !== 'string' || p.privacy_level === '')
            throw bad('post_info.privacy_level is required for DIRECT_POST');
        privacy = p.privacy_level;
        host.checkDirectPrivacy(privacy, p.brand_content_toggle === true);
    }
    host.checkCaps(mode);
    const description = p.description ?? '';
    const post = host.createPost(mode, {
        media_type: 'PHOTO',
        // the public list shows a photo post's description as its title
        title: description,
        photo_title: p.title ?? '',
        photo_images: images,
        photo_cover_index: cover,
        auto_add_music: p.auto_add_music ?? false,
        ...(privacy !== undefined ? { privacy_level: privacy } : {}),
        disable_comment: p.disable_comment ?? false
    });
    host.track(pullAll(host, post, images));
    return { publish_id: post.publish_id };
}
/** Fetches every image in order; the post is ready once all arrived, or fails as TikTok would. */
async function pullAll(host, post, urls) {
    const digests = [];
    for (const url of urls) {
        const chunks = [];
        try {
            await host.fetch(url, (b) => {
                chunks.push(b);
                post.received(b.length);
            });
        }
        catch (error) {
            host.record({ kind: 'fault', publish_id: post.publish_id, code: 'photo_pull_failed', detail: `${url}: ${error.message}` });
            return post.markReady('photo_pull_failed');
        }
        const bytes = Buffer.concat(chunks);
        let found = {};
        try {
            found = (0,esm.imageSize)(bytes);
        }
        catch {
            found = {};
        }
        if (found.type !== 'jpg' && found.type !== 'webp') {
            host.record({ kind: 'fault', publish_id: post.publish_id, code: 'file_format_check_failed', detail: `${url}: ${found.type ?? 'unreadable'}` });
            return post.markReady('file_format_check_failed');
        }
        if (Math.max(found.width ?? 0, found.height ?? 0) > media_image/* PHOTO_MAX_LONG_SIDE */.vb || bytes.length > media_image/* PHOTO_MAX_BYTES */.WH) {
            host.record({ kind: 'fault', publish_id: post.publish_id, code: 'picture_size_check_failed', detail: `${url}: ${found.width}×${found.height}, ${bytes.length} bytes` });
            return post.markReady('picture_size_check_failed');
        }
        digests.push((0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex'));
    }
    post.markReady(undefined, digests);
}

;// CONCATENATED MODULE: ./src/emulator/posting.ts




class Posting {
    core;
    posts;
    uploads;
    pulls;
    constructor(core, posts, uploads, pulls) {
        this.core = core;
        this.posts = posts;
        this.uploads = uploads;
        this.pulls = pulls;
    }
    directInit({ account, body }) {
        const app = this.app(account);
        const pi = body.post_info;
        if (!pi || typeof pi !== 'object' || Array.isArray(pi))
            throw new ApiError(400, 'invalid_param', 'post_info is required');
        const p = pi;
        const source = parseSource(body, app);
        if (typeof p.privacy_level !== 'string' || p.privacy_level === '')
            throw new ApiError(400, 'invalid_param', 'post_info.privacy_level is required');
        if (p.title !== undefined && typeof p.title !== 'string')
            throw new ApiError(400, 'invalid_param', 'post_info.title must be a string');
        const title = p.title ?? '';
        if (title.length > 2200)
            throw new ApiError(400, 'invalid_param', `post_info.title is ${title.length} UTF-16 code units; the limit is 2200`);
        for (const key of ['disable_duet', 'disable_comment', 'disable_stitch', 'brand_content_toggle', 'brand_organic_toggle', 'is_aigc']) {
            if (p[key] !== undefined && typeof p[key] !== 'boolean')
                throw new ApiError(400, 'invalid_param', `post_info.${key} must be a boolean`);
        }
        if (p.video_cover_timestamp_ms !== undefined && !Number.isInteger(p.video_cover_timestamp_ms)) {
            throw new ApiError(400, 'invalid_param', 'post_info.video_cover_timestamp_ms must be an integer');
        }
        checkDirectPrivacy(app, account, p.privacy_level, p.brand_content_toggle === true);
        this.checkCaps(account, 'direct');
        return this.startVideo(account, 'direct', source, {
            title,
            privacy_level: p.privacy_level,
            disable_comment: p.disable_comment ?? false,
            disable_duet: p.disable_duet ?? false,
            disable_stitch: p.disable_stitch ?? false
        });
    }
    inboxInit({ account, body }) {
        const source = parseSource(body, this.app(account));
        this.checkCaps(account, 'inbox');
        return this.startVideo(account, 'inbox', source, {});
    }
    contentInit({ account, body }) {
        const { publish_id } = photoInit(this.photoHost(account), body);
        return this.core.envelope({ publish_id }, { publish_id, detail: 'PHOTO PULL_FROM_URL' });
    }
    statusFetch({ account, body }) {
        const id = body.publish_id;
        if (typeof id !== 'string' || id === '')
            throw new ApiError(400, 'invalid_param', 'publish_id is required');
        const post = this.posts.byId.get(id);
        if (!post)
            throw new ApiError(400, 'invalid_publish_id', 'no post has this publish_id', id);
        if (post.open_id !== account.open_id) {
            throw new ApiError(400, 'token_not_authorized_for_specified_publish_id', 'this publish_id belongs to another user', id);
        }
        this.posts.settle(post, true);
        const data = { status: post.status };
        if (post.status === 'FAILED')
            data.fail_reason = post.fail_reason;
        // only a public post has a publicly available id; private, friends' and followers' posts report none
        data.publicaly_available_post_id =
            post.status === 'PUBLISH_COMPLETE' && post.privacy_level === PUBLIC_PRIVACY && post.video_id ? [new Int64(post.video_id)] : [];
        data.uploaded_bytes = post.source === 'FILE_UPLOAD' ? post.bytes_received : 0;
        data.downloaded_bytes = post.downloaded_bytes;
        return this.core.envelope(data, { publish_id: id, detail: post.status });
    }
    app(account) {
        return this.core.apps.get(account.app);
    }
    /** A video post made, its upload opened or its pull started, answered with what init returns. */
    startVideo(account, mode, source, info) {
        const fromFile = source.source === 'FILE_UPLOAD';
        const post = this.posts.create(account, mode, fromFile ? 'video_file' : 'video_url', mode === 'direct' ? 'init' : 'inbox_init', info);
        if (source.source === 'FILE_UPLOAD')
            this.uploads.open(post, source.upload.videoSize, source.upload.plan);
        else
            this.pulls.startVideo(post, source.url);
        const data = { publish_id: post.publish_id };
        const uploadUrl = this.uploads.uploadUrl(post);
        if (uploadUrl)
            data.upload_url = uploadUrl;
        const plan = post.upload?.plan;
        const detail = plan ? `FILE_UPLOAD ${post.upload.videoSize} bytes in ${plan.totalChunkCount} chunk(s) of ${plan.chunkSize}` : 'PULL_FROM_URL';
        return this.core.envelope(data, { publish_id: post.publish_id, detail });
    }
    /** TikTok's caps, video and photo alike: daily direct posts or pending drafts per creator, then posting users per unaudited app. */
    checkCaps(account, mode) {
        const recent = this.posts.recent(account.open_id, mode).length;
        if (mode === 'direct' && recent >= account.daily_post_cap) {
            throw new ApiError(403, 'spam_risk_too_many_posts', `the creator reached the daily post cap (${account.daily_post_cap})`);
        }
        const pendingCap = this.core.config.pending_share_cap ?? 5;
        if (mode === 'inbox' && recent >= pendingCap) {
            throw new ApiError(403, 'spam_risk_too_many_pending_share', `the creator has ${pendingCap} pending inbox shares in the last 24 h`);
        }
        const app = this.app(account);
        if (app.audited)
            return;
        const since = this.core.now() - DAY;
        const posters = new Set([...this.posts.byId.values()].filter((p) => p.client_key === app.client_key && p.created_at > since).map((p) => p.open_id));
        const cap = this.core.config.unaudited_account_cap ?? 5;
        if (!posters.has(account.open_id) && posters.size >= cap) {
            throw new ApiError(403, 'reached_active_user_cap', `this unaudited app already had ${posters.size} posting users in the last 24 h (cap ${cap})`);
        }
    }
    photoHost(account) {
        const app = this.app(account);
        return {
            app,
            account,
            checkDirectPrivacy: (privacy, brandContent) => checkDirectPrivacy(app, account, privacy, brandContent),
            checkCaps: (mode) => this.checkCaps(account, mode),
            createPost: (mode, info) => {
                const post = this.posts.create(account, mode, 'photo', 'content_init', info);
                return {
                    publish_id: post.publish_id,
                    received: (bytes) => this.posts.pulled(post, bytes),
                    markReady: (failReason, sha256) => {
                        if (failReason !== undefined && post.fail_pending === undefined)
                            post.fail_pending = failReason;
                        if (sha256)
                            post.photo_sha256 = sha256;
                        post.ready_at = this.core.now();
                    }
                };
            },
            fetch: (url, onChunk) => this.pulls.fetch(url, onChunk),
            track: (pull) => this.pulls.track(pull),
            record: (e) => this.core.record({ ...e, open_id: account.open_id }),
            error: (status, code, message) => new ApiError(status, code, message)
        };
    }
}
/** A direct post's privacy, video and photo alike: an unaudited app posts SELF_ONLY to private accounts only. */
function checkDirectPrivacy(app, account, privacy, brandContent) {
    if (!app.audited && !account.private) {
        throw new ApiError(403, 'unaudited_client_can_only_post_to_private_accounts', 'this app is not audited: the account must be set to private');
    }
    const options = privacyOptions(account);
    if (!options.includes(privacy)) {
        throw new ApiError(403, 'privacy_level_option_mismatch', `privacy_level ${privacy} is not one of the creator's options (${options.join(', ')})`);
    }
    if (!app.audited && privacy !== 'SELF_ONLY')
        throw new ApiError(403, 'privacy_level_option_mismatch', 'this app is not audited: only SELF_ONLY is allowed');
    if (brandContent && privacy === 'SELF_ONLY')
        throw new ApiError(400, 'invalid_param', 'branded content (brand_content_toggle) cannot be SELF_ONLY');
}
function parseSource(body, app) {
    const si = body.source_info;
    if (!si || typeof si !== 'object' || Array.isArray(si))
        throw new ApiError(400, 'invalid_param', 'source_info is required');
    const s = si;
    if (s.source === 'FILE_UPLOAD') {
        const upload = declaredUpload(s);
        if ('problem' in upload)
            throw new ApiError(400, 'invalid_param', upload.problem);
        return { source: 'FILE_UPLOAD', upload };
    }
    if (s.source === 'PULL_FROM_URL') {
        if (typeof s.video_url !== 'string')
            throw new ApiError(400, 'invalid_param', 'source_info.video_url is required for PULL_FROM_URL');
        const videoUrl = s.video_url;
        let u;
        try {
            u = new URL(videoUrl);
        }
        catch {
            throw new ApiError(400, 'invalid_param', 'source_info.video_url is not a URL');
        }
        if (u.protocol !== 'https:')
            throw new ApiError(400, 'invalid_param', 'source_info.video_url must be https');
        const isIp = /^[\d.]+$/.test(u.hostname) || u.hostname.startsWith('[');
        if (isIp || !app.pull_prefixes.some((p) => videoUrl.startsWith(p))) {
            throw new ApiError(403, 'url_ownership_unverified', 'video_url is not under a URL prefix verified for this app');
        }
        return { source: 'PULL_FROM_URL', url: videoUrl };
    }
    throw new ApiError(400, 'invalid_param', 'source_info.source must be FILE_UPLOAD or PULL_FROM_URL');
}

;// CONCATENATED MODULE: ./src/emulator/posts.ts


/*
 * Every post TikTok holds, whatever made it (a video by file or by URL, a
 * photo post), and how it moves from PROCESSING_* to its final status.
 */
/** A post that is not stuck publishes on its own this long after processing starts, so reconciliation without polling works. */
const AUTO_FINALIZE_MS = MINUTE;
const ID_PREFIX = { video_file: 'v_pub_file', video_url: 'v_pub_url', photo: 'p_pub_url' };
const VIDEO_POST_FIELDS = ['fail_reason', 'video_id', 'title', 'privacy_level', 'disable_comment', 'disable_duet', 'disable_stitch', 'video_size', 'sha256', 'duration_sec'];
class PostStore {
    core;
    faults;
    /** by publish_id, in the order they were made */
    byId = new Map();
    publishSeq = 0;
    videoSeq = 0;
    lastPublishedAt = 0;
    constructor(core, faults) {
        this.core = core;
        this.faults = faults;
    }
    /**
     * The one builder of a post record, for every init endpoint: it takes the
     * fail_post and stuck faults aimed at `endpoint` and registers the post.
     * The media (upload or pull) is the caller's to attach.
     */
    create(account, mode, media, endpoint, info) {
        const publish_id = `${ID_PREFIX[media]}~v2-1.${7312000000000000n + BigInt(++this.publishSeq)}`;
        const { extraPolls, failReason } = this.faults.takeForPost(endpoint, account.open_id, publish_id);
        const fromFile = media === 'video_file';
        const post = {
            publish_id,
            open_id: account.open_id,
            client_key: account.app,
            mode,
            source: fromFile ? 'FILE_UPLOAD' : 'PULL_FROM_URL',
            status: fromFile ? 'PROCESSING_UPLOAD' : 'PROCESSING_DOWNLOAD',
            bytes_received: 0,
            downloaded_bytes: 0,
            created_at: this.core.now(),
            pending_polls: (this.core.config.processing_polls ?? 1) + extraPolls,
            stuck: extraPolls > 0,
            ...info
        };
        if (failReason !== undefined)
            post.fail_pending = failReason;
        this.byId.set(publish_id, post);
        return post;
    }
    /** this creator's posts of one mode in the last 24 h that did not fail: what TikTok's caps count */
    recent(open_id, mode) {
        const since = this.core.now() - DAY;
        return [...this.byId.values()].filter((p) => p.open_id === open_id && p.mode === mode && p.created_at > since && p.status !== 'FAILED');
    }
    /** bytes TikTok pulled from a URL */
    pulled(post, bytes) {
        post.downloaded_bytes += bytes;
        post.bytes_received += bytes;
    }
    /** All of a video arrived: processing starts; a video longer than the creator may post will fail. */
    mediaComplete(post, sniffer) {
        post.ready_at = this.core.now();
        if (sniffer.durationSec !== undefined) {
            post.duration_sec = sniffer.durationSec;
            const account = this.core.accounts.get(post.open_id);
            if (account && sniffer.durationSec > account.max_video_post_duration_sec && post.fail_pending === undefined) {
                post.fail_pending = 'duration_check_failed';
            }
        }
    }
    /** Moves a post towards its final status; `poll` says a status fetch is driving it. */
    settle(post, poll) {
        if (post.status === 'FAILED' || post.status === 'PUBLISH_COMPLETE' || post.status === 'SEND_TO_USER_INBOX')
            return;
        if (post.pull?.failed)
            return this.finish(post, 'video_pull_failed');
        if (post.ready_at === undefined)
            return;
        if (poll && post.pending_polls > 0) {
            post.pending_polls--;
            return;
        }
        if (!poll && (post.stuck ? post.pending_polls > 0 : post.pending_polls > 0 && this.core.now() - post.ready_at < AUTO_FINALIZE_MS))
            return;
        this.finish(post, post.fail_pending);
    }
    finish(post, failReason) {
        let status;
        if (failReason !== undefined) {
            status = 'FAILED';
            post.fail_reason = failReason;
        }
        else if (post.mode === 'direct') {
            status = 'PUBLISH_COMPLETE';
            post.published_at = Math.max(this.core.now(), this.lastPublishedAt + 1);
            this.lastPublishedAt = post.published_at;
            post.video_id = (7312345678901234567n + BigInt(++this.videoSeq) * 7919n).toString();
        }
        else
            status = 'SEND_TO_USER_INBOX';
        post.status = status;
        this.core.record({ kind: 'published', open_id: post.open_id, publish_id: post.publish_id, code: failReason ?? 'ok', detail: status });
    }
    /** What a test sees of every post, each settled first as time has moved on. */
    snapshot() {
        for (const p of this.byId.values())
            this.settle(p, false);
        return [...this.byId.values()].map((p) => {
            const out = {
                publish_id: p.publish_id,
                open_id: p.open_id,
                mode: p.mode,
                source: p.source,
                status: p.status,
                bytes_received: p.bytes_received,
                created_at: p.created_at
            };
            for (const key of [...VIDEO_POST_FIELDS, ...PHOTO_POST_FIELDS]) {
                if (p[key] !== undefined)
                    out[key] = p[key];
            }
            return out;
        });
    }
}

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(4371);
;// CONCATENATED MODULE: ./src/emulator/mp4.ts
/**
 * Reads an MP4's duration from its `moov/mvhd` box while the bytes stream past,
 * so the emulator can apply the creator's duration limit without keeping the video.
 * Anything that does not start with an `ftyp` box is left alone.
 */
const MAX_MOOV = 32 * 1024 * 1024;
class Mp4DurationSniffer {
    state = 'header';
    header = Buffer.alloc(0);
    remaining = 0;
    moovParts = [];
    boxes = 0;
    durationSec;
    feed(chunk) {
        let pos = 0;
        while (pos < chunk.length && this.state !== 'done') {
            if (this.state === 'header') {
                const need = this.headerNeed();
                const take = Math.min(need - this.header.length, chunk.length - pos);
                this.header = Buffer.concat([this.header, chunk.subarray(pos, pos + take)]);
                pos += take;
                if (this.header.length < this.headerNeed())
                    continue;
                this.onHeader();
            }
            else {
                const take = Math.min(this.remaining, chunk.length - pos);
                if (this.state === 'moov')
                    this.moovParts.push(Buffer.from(chunk.subarray(pos, pos + take)));
                pos += take;
                this.remaining -= take;
                if (this.remaining === 0) {
                    if (this.state === 'moov') {
                        this.durationSec = readMvhd(Buffer.concat(this.moovParts));
                        this.state = 'done';
                    }
                    else
                        this.state = 'header';
                }
            }
        }
    }
    headerNeed() {
        return this.header.length >= 8 && this.header.readUInt32BE(0) === 1 ? 16 : 8;
    }
    onHeader() {
        const size32 = this.header.readUInt32BE(0);
        const type = this.header.toString('latin1', 4, 8);
        const headerLen = this.header.length;
        const size = size32 === 1 ? Number(this.header.readBigUInt64BE(8)) : size32;
        this.header = Buffer.alloc(0);
        this.boxes++;
        if ((this.boxes === 1 && type !== 'ftyp') || size32 === 0 || size < headerLen) {
            this.state = 'done';
            return;
        }
        this.remaining = size - headerLen;
        if (type === 'moov' && this.remaining <= MAX_MOOV)
            this.state = 'moov';
        else
            this.state = 'skip';
        if (this.remaining === 0)
            this.state = 'header';
    }
}
function readMvhd(moov) {
    let pos = 0;
    while (pos + 8 <= moov.length) {
        const size = moov.readUInt32BE(pos);
        const type = moov.toString('latin1', pos + 4, pos + 8);
        if (size < 8)
            return undefined;
        if (type === 'mvhd') {
            const body = pos + 8;
            const version = moov[body];
            if (version === 1 && body + 32 <= moov.length) {
                const timescale = moov.readUInt32BE(body + 20);
                const duration = Number(moov.readBigUInt64BE(body + 24));
                return timescale ? duration / timescale : undefined;
            }
            if (body + 20 <= moov.length) {
                const timescale = moov.readUInt32BE(body + 12);
                const duration = moov.readUInt32BE(body + 16);
                return timescale ? duration / timescale : undefined;
            }
            return undefined;
        }
        pos += size;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/emulator/pull.ts



/**
 * PULL_FROM_URL: TikTok fetching the media itself, in the background, from a
 * URL under a prefix the app verified (`pull_rewrite` maps it to a local
 * server). Closing the emulator stops and waits for every pull.
 */
class Pulls {
    core;
    posts;
    running = new Set();
    abort = new AbortController();
    constructor(core, posts) {
        this.core = core;
        this.posts = posts;
    }
    /** GET of the rewritten URL, never following a redirect; rejects on any status but 200. */
    async fetch(url, onChunk) {
        // undici's request() never follows redirects, which is what TikTok requires (a 3xx invalidates the URL).
        const res = await (0,undici/* request */.Em)(this.rewrite(url), { method: 'GET', signal: this.abort.signal });
        if (res.statusCode !== 200) {
            await res.body.dump();
            throw new Error(`HTTP ${res.statusCode}`);
        }
        for await (const chunk of res.body)
            onChunk(chunk);
    }
    /** keeps a background pull known, so closing the emulator waits for it */
    track(pull) {
        const running = pull.finally(() => this.running.delete(running));
        this.running.add(running);
    }
    /** Starts pulling a video post's media. */
    startVideo(post, url) {
        post.pull = { done: false, failed: false, hash: (0,external_node_crypto_.createHash)('sha256'), sniffer: new Mp4DurationSniffer() };
        this.track(this.runVideo(post, url));
    }
    async close() {
        this.abort.abort();
        await Promise.allSettled([...this.running]);
    }
    rewrite(url) {
        for (const [from, to] of Object.entries(this.core.config.pull_rewrite ?? {})) {
            if (url.startsWith(from))
                return to + url.slice(from.length);
        }
        return url;
    }
    async runVideo(post, url) {
        const pull = post.pull;
        try {
            await this.fetch(url, (b) => {
                this.posts.pulled(post, b.length);
                pull.hash.update(b);
                pull.sniffer.feed(b);
            });
            post.video_size = post.downloaded_bytes;
            post.sha256 = pull.hash.digest('hex');
            this.posts.mediaComplete(post, pull.sniffer);
        }
        catch (error) {
            pull.failed = true;
            this.core.record({ kind: 'fault', open_id: post.open_id, publish_id: post.publish_id, code: 'video_pull_failed', detail: error.message });
        }
        finally {
            pull.done = true;
        }
    }
}

;// CONCATENATED MODULE: ./src/emulator/upload.ts




/*
 * FILE_UPLOAD: the chunk PUTs to the upload_url an init answered. Chunks come
 * in order, each exactly where the declared layout puts it; the upload_url
 * dies an hour after init. The emulator keeps no bytes: a count, a SHA-256
 * and the MP4's duration.
 */
const UPLOAD_URL_TTL = 60 * MINUTE;
const VIDEO_TYPES = new Set(['video/mp4', 'video/quicktime', 'video/webm']);
class Uploads {
    core;
    faults;
    posts;
    /** open uploads by upload_id */
    byId = new Map();
    constructor(core, faults, posts) {
        this.core = core;
        this.faults = faults;
        this.posts = posts;
    }
    /** Opens the upload of a FILE_UPLOAD post, laid out as init declared it. */
    open(post, videoSize, plan) {
        post.video_size = videoSize;
        const id = randomToken('', 16);
        post.upload = { id, videoSize, plan, next: 0, expires_at: this.core.now() + UPLOAD_URL_TTL, hash: (0,external_node_crypto_.createHash)('sha256'), sniffer: new Mp4DurationSniffer() };
        this.byId.set(id, post);
    }
    /** the upload_url init answers */
    uploadUrl(post) {
        return post.upload && `${this.core.url}/video/?upload_id=${post.upload.id}&upload_token=${randomToken('', 8)}`;
    }
    async putChunk(req, res, url) {
        const core = this.core;
        const post = this.byId.get(url.searchParams.get('upload_id') ?? '');
        const early = async (reply, violation = true) => {
            core.recordOutcome('chunk', reply, violation);
            // Read and discard the chunk first: answering mid-body makes the client see
            // EPIPE or a reset instead of the status it has to act on.
            await drain(req);
            if (!res.destroyed)
                sendReply(res, reply);
        };
        if (!post || !post.upload)
            return early(core.envelopeError(404, 'not_found', 'no upload has this upload_id'));
        const up = post.upload;
        const ids = { open_id: post.open_id, publish_id: post.publish_id };
        const faulted = await this.faults.apply('chunk', post.open_id, false);
        if (faulted.reply)
            return early({ ...faulted.reply, ...ids }, false);
        const total = up.videoSize;
        const progress = () => ({
            'content-range': post.bytes_received > 0 ? `bytes 0-${post.bytes_received - 1}/${total}` : `bytes */${total}`
        });
        if (core.now() > up.expires_at) {
            return early(core.envelopeError(403, 'upload_url_expired', 'the upload_url expired one hour after init: call init again', ids));
        }
        const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        if (!VIDEO_TYPES.has(type)) {
            return early(core.envelopeError(400, 'invalid_file_upload', `Content-Type must be video/mp4, video/quicktime or video/webm, not ${type || 'missing'}`, ids));
        }
        const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers['content-range'] ?? '');
        if (!m)
            return early(core.envelopeError(400, 'invalid_param', 'Content-Range must be "bytes FIRST-LAST/TOTAL"', { ...ids, headers: progress() }));
        const [first, last, whole] = [Number(m[1]), Number(m[2]), Number(m[3])];
        const count = up.plan.totalChunkCount;
        if (up.next >= count) {
            return early(core.envelopeError(416, 'range_not_satisfiable', 'the upload is already complete', { ...ids, headers: progress() }));
        }
        const want = up.plan.chunks[up.next];
        if (whole !== total || first !== want.first || last !== want.last) {
            const message = `expected chunk ${up.next + 1}/${count} as bytes ${want.first}-${want.last}/${total}, got ${m[0]}`;
            return early(core.envelopeError(416, 'range_not_satisfiable', message, { ...ids, headers: progress() }));
        }
        const declared = req.headers['content-length'];
        const length = last - first + 1;
        if (declared === undefined || Number(declared) !== length) {
            return early(core.envelopeError(400, 'invalid_param', `Content-Length (${declared ?? 'missing'}) must equal the chunk's ${length} bytes`, { ...ids, headers: progress() }));
        }
        // Hash into copies so a chunk cut short leaves the upload exactly where it was.
        const hash = up.hash.copy();
        const sniffer = cloneSniffer(up.sniffer);
        let received = 0;
        try {
            for await (const chunk of req) {
                received += chunk.length;
                hash.update(chunk);
                sniffer.feed(chunk);
            }
        }
        catch {
            core.record({ kind: 'chunk', ...ids, code: 'aborted', detail: `chunk ${up.next + 1} cut off after ${received} bytes` });
            return;
        }
        if (received !== length) {
            const reply = core.envelopeError(400, 'invalid_param', `received ${received} bytes, Content-Length said ${length}`, { ...ids, headers: progress() });
            core.recordOutcome('chunk', reply, true);
            return sendReply(res, reply);
        }
        up.hash = hash;
        up.sniffer = sniffer;
        up.next++;
        post.bytes_received += received;
        const complete = up.next === count;
        const reply = { status: complete ? 201 : 206, body: '', headers: progress(), code: 'ok', ...ids, detail: `bytes ${first}-${last}/${total}` };
        core.recordOutcome('chunk', reply, false);
        if (complete) {
            post.sha256 = up.hash.digest('hex');
            this.posts.mediaComplete(post, up.sniffer);
            core.record({ kind: 'upload_complete', ...ids, code: 'ok', detail: `${total} bytes sha256 ${post.sha256}` });
        }
        if (faulted.mode === 'html')
            return sendReply(res, reply, 'html');
        res.writeHead(reply.status, { ...reply.headers, 'content-length': '0' });
        if (faulted.mode === 'drop')
            res.socket?.destroy();
        else
            res.end();
    }
}
function drain(req) {
    return new Promise((resolveDrain) => {
        if (req.readableEnded)
            return resolveDrain();
        req.on('end', () => resolveDrain());
        req.on('error', () => resolveDrain());
        req.on('close', () => resolveDrain());
        req.resume();
    });
}
function cloneSniffer(s) {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(s)), s);
    // moovParts is the only mutable collection; its buffers are never written after being pushed.
    const parts = s.moovParts;
    copy.moovParts = [...parts];
    return copy;
}

;// CONCATENATED MODULE: ./src/emulator/server.ts













/**
 * The emulator's HTTP server: it routes each request to its product area
 * (OAuth, posting, upload, pull, display, admin; faults apply across them)
 * and is the `Emulator` tests and the CLI drive.
 */
class EmulatorServer {
    options;
    port = 0;
    server;
    core;
    faults;
    oauth;
    postStore;
    pulls;
    uploadArea;
    gate;
    routes;
    constructor(options) {
        this.options = options;
        this.core = new Core(parseEmulatorConfig(options.config ?? {}), options.now ?? Date.now);
        const apps = this.core.config.apps?.length ? this.core.config.apps : [{ client_key: 'emu_client_key', client_secret: 'emu_client_secret', audited: true }];
        for (const app of apps)
            this.core.addApp(app);
        this.faults = new FaultBox(this.core);
        this.oauth = new OAuth(this.core, this.faults);
        this.postStore = new PostStore(this.core, this.faults);
        this.pulls = new Pulls(this.core, this.postStore);
        this.uploadArea = new Uploads(this.core, this.faults, this.postStore);
        this.gate = new ApiGate(this.core, this.oauth, this.faults);
        const posting = new Posting(this.core, this.postStore, this.uploadArea, this.pulls);
        const display = new Display(this.core, this.postStore);
        this.routes = {
            'POST /v2/post/publish/creator_info/query/': { name: 'creator_info', scopes: ['video.publish'], rate: 'creator_info', handler: (c) => display.creatorInfo(c) },
            'POST /v2/post/publish/video/init/': { name: 'init', scopes: ['video.publish'], rate: 'init', handler: (c) => posting.directInit(c) },
            'POST /v2/post/publish/inbox/video/init/': { name: 'inbox_init', scopes: ['video.upload'], rate: 'init', handler: (c) => posting.inboxInit(c) },
            'POST /v2/post/publish/content/init/': { name: 'content_init', scopes: ['video.publish', 'video.upload'], rate: 'init', handler: (c) => posting.contentInit(c) },
            'POST /v2/post/publish/status/fetch/': { name: 'status', scopes: ['video.upload', 'video.publish'], rate: 'status', handler: (c) => posting.statusFetch(c) },
            'POST /v2/video/list/': { name: 'video_list', scopes: ['video.list'], rate: 'display', handler: (c) => display.videoList(c) },
            'POST /v2/video/query/': { name: 'video_query', scopes: ['video.list'], rate: 'display', handler: (c) => display.videoQuery(c) },
            'GET /v2/user/info/': { name: 'user_info', scopes: ['user.info.basic'], rate: 'display', handler: (c) => display.userInfo(c) }
        };
        this.server = (0,external_node_http_.createServer)((req, res) => {
            this.handle(req, res).catch((error) => {
                if (!res.headersSent)
                    sendReply(res, this.core.envelopeError(500, 'internal_error', `emulator bug: ${error.message}`));
                else
                    res.destroy();
            });
        });
    }
    /** 'http://127.0.0.1:PORT' once listening */
    get url() {
        return this.core.url;
    }
    get ledger() {
        return this.core.ledger;
    }
    // The tables below are read by tests through a cast (the secret scan gathers
    // every token and upload id handed out; some tests flip an account private).
    get accounts() {
        return this.core.accounts;
    }
    get accessTokens() {
        return this.oauth.accessTokens;
    }
    get refreshTokens() {
        return this.oauth.refreshTokens;
    }
    get uploads() {
        return this.uploadArea.byId;
    }
    async listen() {
        const host = this.options.host ?? '127.0.0.1';
        await new Promise((resolve, reject) => {
            this.server.once('error', reject);
            this.server.listen(this.options.port ?? 0, host, () => {
                this.server.off('error', reject);
                resolve();
            });
        });
        this.port = this.server.address().port;
        this.core.url = `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
        for (const spec of this.core.config.accounts ?? [])
            this.addAccount(spec);
    }
    async close() {
        await this.pulls.close();
        await new Promise((resolve) => {
            this.server.close(() => resolve());
            this.server.closeAllConnections();
        });
    }
    now() {
        return this.core.now();
    }
    advance(ms) {
        this.core.advance(ms);
    }
    addApp(app) {
        this.core.addApp(app);
    }
    addAccount(spec = {}) {
        return this.oauth.addAccount(spec);
    }
    currentRefreshToken(open_id) {
        return this.oauth.currentRefreshToken(open_id);
    }
    inject(fault) {
        this.faults.inject(fault);
    }
    clearFaults() {
        this.faults.clear();
    }
    posts() {
        return this.postStore.snapshot();
    }
    async handle(req, res) {
        const url = new URL(req.url ?? '/', 'http://emulator.invalid');
        const path = url.pathname;
        const method = req.method ?? 'GET';
        if (path.startsWith('/_emulator/'))
            return serveAdmin(this, { core: this.core, faults: this.faults }, req, res, method, path);
        if (method === 'PUT' && path === '/video/')
            return this.uploadArea.putChunk(req, res, url);
        if (method === 'GET' && path === '/v2/auth/authorize/')
            return this.oauth.authorize(req, res, url);
        if (method === 'POST' && path === '/v2/oauth/token/')
            return this.oauth.token(req, res);
        if (method === 'POST' && path === '/v2/oauth/revoke/')
            return this.oauth.revoke(req, res);
        const route = this.routes[`${method} ${path}`];
        if (!route) {
            req.resume();
            return sendReply(res, this.core.envelopeError(404, 'not_found', `no such endpoint: ${method} ${path}`));
        }
        return this.gate.serve(route, req, res, url);
    }
}
async function startEmulator(options = {}) {
    const server = new EmulatorServer(options);
    await server.listen();
    return server;
}

;// CONCATENATED MODULE: ./src/emulator/index.ts
/**
 * A local stand-in for TikTok's API (docs/TIKTOK.md): OAuth with rotating refresh
 * tokens, direct and inbox posting with TikTok's chunk rules and caps, status,
 * the Display API, and injectable faults. Used by tests, the demo and rehearsals.
 */





/***/ }),

/***/ 5626:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Tz: () => (/* binding */ MAX_VIDEO_BYTES),
/* harmony export */   Wu: () => (/* binding */ MAX_LAST_CHUNK),
/* harmony export */   Xv: () => (/* binding */ MIN_CHUNK),
/* harmony export */   gD: () => (/* binding */ chunkLayout),
/* harmony export */   jQ: () => (/* binding */ MAX_CHUNK),
/* harmony export */   lv: () => (/* binding */ MiB),
/* harmony export */   sJ: () => (/* binding */ MAX_CHUNKS)
/* harmony export */ });
/**
 * TikTok's FILE_UPLOAD chunk rules and layout, shared by the client that plans
 * an upload and the emulator that judges one.
 *
 * TikTok's media transfer guide says "MB" without saying which; its worked
 * example is decimal (`chunk_size: 10000000`). Every chunk sent lies inside
 * both readings: at least 5 MiB (the larger 5 MB), at most 64,000,000 bytes
 * (the smaller 64 MB), the last at most 128,000,000.
 */
const MiB = 1024 * 1024;
const MIN_CHUNK = 5 * MiB;
const MAX_CHUNK = 64_000_000;
const MAX_LAST_CHUNK = 128_000_000;
const MAX_CHUNKS = 1000;
const MAX_VIDEO_BYTES = 4 * 1024 * MiB;
/**
 * Where each chunk lies: `totalChunkCount` chunks of `chunkSize`, the last
 * taking every trailing byte (so it may be up to twice as large). The caller
 * has checked the numbers against the rules.
 */
function chunkLayout(videoSize, chunkSize, totalChunkCount) {
    const chunks = [];
    for (let i = 0; i < totalChunkCount; i++) {
        const first = i * chunkSize;
        chunks.push({ first, last: i === totalChunkCount - 1 ? videoSize - 1 : first + chunkSize - 1 });
    }
    return { chunkSize, totalChunkCount, chunks };
}


/***/ })

};
