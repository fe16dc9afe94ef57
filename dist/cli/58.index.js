export const id = 58;
export const ids = [58];
export const modules = {

/***/ 3058:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runStatus: () => (/* binding */ runStatus)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _logger_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(6999);
/* harmony import */ var _publish_run_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7863);
/* harmony import */ var _state_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2802);
/* harmony import */ var _plan_photo_text_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(4407);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(8992);
/* harmony import */ var _terminal_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1028);
/* harmony import */ var _tiktok_tokens_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3466);
/* harmony import */ var _publish_keep_alive_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5518);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5217);
/* harmony import */ var _settings_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6023);











/**
 * `status`: the state joined with the manifest, and for posts TikTok still has
 * in flight, what TikTok says of them now. It never writes the state: the next
 * apply records what it finds.
 */
async function runStatus(flags, ctx) {
    const s = (0,_settings_js__WEBPACK_IMPORTED_MODULE_7__/* .manifestSettings */ .t8)(flags, ctx);
    const inputs = await (0,_publish_run_js__WEBPACK_IMPORTED_MODULE_1__/* .loadInputs */ .IV)({ manifestPath: s.manifestPath, statePath: s.statePath, accounts: s.accounts, shard: s.shard });
    const rows = [];
    for (const post of inputs.manifest.posts) {
        for (const target of post.targets) {
            if (!inputs.selector(target.account))
                continue;
            const r = (0,_state_index_js__WEBPACK_IMPORTED_MODULE_2__/* .getRecord */ .EI)(inputs.state, post.id, target.account);
            rows.push({
                post: post.id,
                account: target.account,
                status: r?.status ?? 'not published',
                publish_id: r?.publish_id,
                video_id: r?.video_id,
                url: r?.url,
                error: r?.error?.message,
                caption_to_paste: r?.status === 'inbox' || (r?.status === 'processing' && target.mode === 'inbox') ? (r.caption ?? target.caption) : undefined,
                ...((0,_plan_photo_text_js__WEBPACK_IMPORTED_MODULE_8__/* .privateWithoutId */ .lU)(target, r) ? { note: _plan_photo_text_js__WEBPACK_IMPORTED_MODULE_8__/* .PRIVATE_NO_ID */ .W3 } : {}),
                ...(post.video.kind === 'photos' ? { photos: (0,_plan_photo_text_js__WEBPACK_IMPORTED_MODULE_8__/* .photoSummary */ .tg)(post, target) } : {})
            });
        }
    }
    const inFlight = rows.filter((r) => r.status === 'processing' && r.publish_id);
    if (inFlight.length && !flags.offline)
        await addLiveStatus(inFlight, inputs.manifest, flags, ctx);
    const expiring = (0,_publish_keep_alive_js__WEBPACK_IMPORTED_MODULE_5__/* .renderExpiryWarnings */ .hV)((0,_publish_keep_alive_js__WEBPACK_IMPORTED_MODULE_5__/* .expiryWarnings */ .FN)({ manifest: inputs.manifest, state: inputs.state, now: (0,_context_js__WEBPACK_IMPORTED_MODULE_6__/* .clockOf */ .ie)(ctx).now(), selector: inputs.selector }));
    if (s.json) {
        ctx.stdout.write((0,_terminal_js__WEBPACK_IMPORTED_MODULE_3__/* .jsonText */ .s)(rows, 2));
        // the JSON stays a list of rows; the warnings go where a person sees them
        ctx.stderr.write(expiring);
        return;
    }
    // state files and TikTok's messages are not ours: nothing they hold may
    // drive the terminal or reorder what a person reads
    for (const row of rows) {
        const extra = [row.video_id && `video ${row.video_id}`, row.url, row.publish_id && !row.video_id && `publish_id ${row.publish_id}`, row.note, row.live && `TikTok now: ${row.live}`, row.error]
            .filter(Boolean)
            .map((text) => (0,_text_js__WEBPACK_IMPORTED_MODULE_9__/* .showInvisible */ .j)(String(text)))
            .join('  ');
        ctx.stdout.write(`${row.post.padEnd(24)} ${row.account.padEnd(16)} ${row.status.padEnd(14)} ${extra}\n`);
        if (row.photos) {
            ctx.stdout.write(`${''.padEnd(41)} ${(0,_text_js__WEBPACK_IMPORTED_MODULE_9__/* .showInvisible */ .j)((0,_plan_photo_text_js__WEBPACK_IMPORTED_MODULE_8__/* .photoLine */ .Je)(row.photos))}\n`);
            for (const [i, u] of row.photos.urls.entries())
                ctx.stdout.write(`${''.padEnd(41)} photo ${i + 1}: ${(0,_text_js__WEBPACK_IMPORTED_MODULE_9__/* .showInvisible */ .j)(u || '(no URL)')}\n`);
        }
        if (row.caption_to_paste)
            ctx.stdout.write(`${''.padEnd(41)} caption to paste: ${(0,_text_js__WEBPACK_IMPORTED_MODULE_9__/* .showInvisible */ .j)(row.caption_to_paste, { keepLayout: true })}\n`);
    }
    ctx.stdout.write(expiring);
}
async function addLiveStatus(rows, manifest, flags, ctx) {
    // only now: a status with nothing in flight talks to nobody, whatever the API flags say
    const s = (0,_settings_js__WEBPACK_IMPORTED_MODULE_7__/* .apiSettings */ .m7)(flags, ctx);
    const logger = new _logger_js__WEBPACK_IMPORTED_MODULE_10__/* .ConsoleLogger */ .C({ stream: ctx.stderr, verbose: s.debug });
    // the HTTP client (and undici under it) loads only for a status that asks TikTok
    const { TikTokClient } = await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(962)]).then(__webpack_require__.bind(__webpack_require__, 7962));
    const client = new TikTokClient({ baseUrl: s.apiBaseUrl, clock: (0,_context_js__WEBPACK_IMPORTED_MODULE_6__/* .clockOf */ .ie)(ctx), logger });
    const tokens = new _tiktok_tokens_js__WEBPACK_IMPORTED_MODULE_4__/* .TokenManager */ .tC({
        client,
        store: new _tiktok_tokens_js__WEBPACK_IMPORTED_MODULE_4__/* .FileTokenStore */ .vv({ path: s.tokenStorePath }),
        clock: (0,_context_js__WEBPACK_IMPORTED_MODULE_6__/* .clockOf */ .ie)(ctx),
        logger
    });
    try {
        for (const row of rows) {
            const account = manifest.accounts[row.account];
            const app = manifest.apps[account.app];
            const clientKey = s.secret(app.clientKeySecret);
            const clientSecret = s.secret(app.clientSecretSecret);
            if (!clientKey || !clientSecret) {
                row.live = `unknown (set ${app.clientKeySecret} and ${app.clientSecretSecret} to ask TikTok)`;
                continue;
            }
            try {
                const token = await tokens.accessTokenFor({ name: row.account, clientKey, clientSecret, seedRefreshToken: s.secret(account.refreshTokenSecret) });
                const live = await client.fetchStatus(token, row.publish_id);
                row.live = live.failReason ? `${live.status} (${live.failReason})` : live.status;
                if (live.publicPostIds[0] && !row.video_id)
                    row.video_id = live.publicPostIds[0];
            }
            catch (error) {
                row.live = `unknown (${error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo ? error.message : error instanceof Error ? error.message : String(error)})`;
            }
        }
    }
    finally {
        await client.close();
    }
}


/***/ }),

/***/ 6999:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ ConsoleLogger),
/* harmony export */   j: () => (/* binding */ MemoryLogger)
/* harmony export */ });
class ConsoleLogger {
    options;
    constructor(options = {}) {
        this.options = options;
    }
    write(line) {
        ;
        (this.options.stream ?? process.stderr).write(line + '\n');
    }
    debug(message) {
        if (this.options.verbose)
            this.write(`debug: ${message}`);
    }
    info(message) {
        this.write(message);
    }
    warn(message) {
        this.write(`warning: ${message}`);
    }
    error(message) {
        this.write(`error: ${message}`);
    }
    async group(name, fn) {
        this.write(`== ${name}`);
        return fn();
    }
}
/** Collects lines; for tests and for callers that render output later. */
class MemoryLogger {
    lines = [];
    debug(message) {
        this.lines.push(`debug: ${message}`);
    }
    info(message) {
        this.lines.push(message);
    }
    warn(message) {
        this.lines.push(`warning: ${message}`);
    }
    error(message) {
        this.lines.push(`error: ${message}`);
    }
    async group(name, fn) {
        this.lines.push(`== ${name}`);
        return fn();
    }
}


/***/ })

};
