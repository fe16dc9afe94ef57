export const id = 343;
export const ids = [343];
export const modules = {

/***/ 5343:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runDoctor: () => (/* binding */ runDoctor)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _logger_js__WEBPACK_IMPORTED_MODULE_15__ = __webpack_require__(6999);
/* harmony import */ var _manifest_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2878);
/* harmony import */ var _onboarding_scopes_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(652);
/* harmony import */ var _select_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5955);
/* harmony import */ var _tiktok_client_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7962);
/* harmony import */ var _tiktok_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1599);
/* harmony import */ var _tiktok_tokens_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3466);
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(7607);
/* harmony import */ var _publish_run_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(7863);
/* harmony import */ var _publish_keep_alive_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(5518);
/* harmony import */ var _state_index_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(2802);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(5217);
/* harmony import */ var _settings_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(6023);
/* harmony import */ var _rules_rulebook_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(3876);
















/**
 * `tiktok-publish doctor`: everything that would make a run fail for an
 * account, checked with real calls: secrets, a token refresh, scopes, and the
 * creator's settings against the app's audit status.
 */
async function runDoctor(flags, ctx) {
    const settings = (0,_settings_js__WEBPACK_IMPORTED_MODULE_12__/* .apiSettings */ .m7)(flags, ctx);
    const manifest = await (0,_manifest_index_js__WEBPACK_IMPORTED_MODULE_2__/* .loadManifest */ .eY)(node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(ctx.cwd, flags.manifest));
    const selected = (0,_select_js__WEBPACK_IMPORTED_MODULE_4__/* .accountSelector */ .jZ)({ accounts: flags.accounts });
    const names = Object.keys(manifest.accounts).filter(selected);
    if (names.length === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('no account of the manifest matches --accounts', { fix: `choose from: ${Object.keys(manifest.accounts).join(', ')}` });
    const store = new _tiktok_tokens_js__WEBPACK_IMPORTED_MODULE_7__/* .FileTokenStore */ .vv({ path: settings.tokenStorePath });
    const client = new _tiktok_client_js__WEBPACK_IMPORTED_MODULE_5__.TikTokClient({ baseUrl: settings.apiBaseUrl });
    // the expiry dates runs recorded, for accounts this check cannot refresh; an unreadable state is not doctor's concern
    const state = await (0,_state_index_js__WEBPACK_IMPORTED_MODULE_10__/* .loadState */ .C7)((0,_publish_run_js__WEBPACK_IMPORTED_MODULE_8__/* .defaultStatePath */ .K0)(manifest.file)).then((l) => (l.exists ? l.state : undefined), () => undefined);
    const reports = [];
    try {
        for (const name of names) {
            const report = await checkAccount(manifest, manifest.accounts[name], { settings, clock: (0,_context_js__WEBPACK_IMPORTED_MODULE_11__/* .clockOf */ .ie)(ctx), store, client, state });
            reports.push(report);
            ctx.stdout.write(`${name}\n${report.details.map((d) => `  ${d}\n`).join('')}`);
        }
    }
    finally {
        await client.close();
    }
    ctx.stdout.write('\n');
    for (const r of reports) {
        if (r.ok)
            ctx.stdout.write(`ok       ${r.account}\n`);
        else
            ctx.stdout.write(`problem  ${r.account}: ${r.problems.map((p) => `${p.message} — fix: ${p.fix}`).join('; ')}\n`);
    }
    if (reports.some((r) => !r.ok))
        ctx.exitCode = _context_js__WEBPACK_IMPORTED_MODULE_11__/* .EXIT_FAILED */ .hj;
}
function uses(manifest, account) {
    const targets = manifest.posts.flatMap((p) => p.targets.filter((t) => t.account === account));
    return { direct: targets.some((t) => t.mode === 'direct'), inbox: targets.some((t) => t.mode === 'inbox') };
}
async function checkAccount(manifest, account, deps) {
    const app = manifest.apps[account.app];
    const check = { ...deps, manifest, account, app, report: { account: account.name, ok: true, details: [], problems: [] } };
    describeSetup(check);
    const stored = await checkSecrets(check);
    if (check.report.problems.length)
        return finish(check, false);
    const refreshed = await refresh(check, stored);
    if (!refreshed)
        return finish(check, false);
    const granted = checkScopes(check, refreshed.grant);
    if (granted.includes('video.publish'))
        await checkCreator(check, refreshed.accessToken);
    return finish(check, !!refreshed.grant);
}
function problem(check, message, fix) {
    check.report.problems.push({ message, fix });
}
/** The report as it stands; the refresh token's expiry as the state recorded it when this check did not learn it afresh. */
function finish(check, expiryShown) {
    const { report } = check;
    if (!expiryShown) {
        const recorded = check.state ? (0,_state_index_js__WEBPACK_IMPORTED_MODULE_10__/* .getAccountState */ .zI)(check.state, check.account.name)?.refresh_expires_at : undefined;
        report.details.push(`refresh token expires: ${recorded ? `${recorded.slice(0, 10)} (as recorded in the state by the last run that refreshed it)` : 'unknown (no run has recorded it yet)'}`);
    }
    return { ...report, ok: report.problems.length === 0 };
}
function describeSetup({ account, app, report }) {
    const within = (0,_publish_keep_alive_js__WEBPACK_IMPORTED_MODULE_9__/* .keepAliveWithin */ .K1)(account);
    report.details.push(`keep_alive: ${within === undefined ? 'off (an idle account\'s token is left to expire)' : `${(0,_duration_js__WEBPACK_IMPORTED_MODULE_14__/* .formatDuration */ .a)(within)} (runs renew an idle account's token this close to expiry)`}`);
    report.details.push(`app ${app.name} (${app.audited ? 'audited' : 'not audited: SELF_ONLY direct posts to private accounts, or inbox drafts'})`);
}
/** The secrets the account needs, by name only: a secret's value never reaches the output. Answers the stored refresh token, if any. */
async function checkSecrets(check) {
    const { account, app, settings, store, report } = check;
    const has = (name) => !!settings.secret(name);
    const stored = await store.getRefreshToken(account.name);
    report.details.push(`secrets: ${[app.clientKeySecret, app.clientSecretSecret, account.refreshTokenSecret].map((s) => `${s} ${has(s) ? 'set' : 'not set'}`).join(', ')}; ` +
        `token store ${store.path}: ${stored ? 'has a refresh token' : 'none'}`);
    for (const s of [app.clientKeySecret, app.clientSecretSecret].filter((s) => !has(s))) {
        problem(check, `secret ${s} (app ${app.name}) is not set`, `set ${s} to the value from TikTok's developer portal`);
    }
    if (!has(account.refreshTokenSecret) && !stored) {
        problem(check, `no refresh token: ${account.refreshTokenSecret} is not set and the token store has none`, `run \`tiktok-publish auth --account ${account.name}\` (a token kept only in a GitHub secret cannot be checked here; the workflow's runs check it)`);
    }
    return stored;
}
/** A real refresh: a cached access token would prove nothing about the refresh token. Undefined when it failed (a problem says why). */
async function refresh(check, stored) {
    const { account, app, settings, store, client, clock, report } = check;
    let grant;
    const noCache = {
        getRefreshToken: (a) => store.getRefreshToken(a),
        saveRefreshToken: (a, t, m) => store.saveRefreshToken(a, t, m),
        saveAccessToken: (a, t, e, scopes) => store.saveAccessToken(a, t, e, scopes)
    };
    const logger = new _logger_js__WEBPACK_IMPORTED_MODULE_15__/* .MemoryLogger */ .j();
    const recording = {
        refreshToken: async (args) => {
            grant = await client.refreshToken(args);
            return grant;
        }
    };
    const tokens = new _tiktok_tokens_js__WEBPACK_IMPORTED_MODULE_7__/* .TokenManager */ .tC({ client: recording, store: noCache, clock, logger });
    let accessToken;
    try {
        accessToken = await tokens.accessTokenFor({
            name: account.name,
            clientKey: settings.secret(app.clientKeySecret),
            clientSecret: settings.secret(app.clientSecretSecret),
            seedRefreshToken: settings.secret(account.refreshTokenSecret)
        });
    }
    catch (e) {
        const { message, fix } = explain(e, account.name);
        report.details.push(`refresh: failed`);
        problem(check, message, fix);
        return undefined;
    }
    report.details.push(`refresh: ok (refresh token from ${stored ? `the token store` : account.refreshTokenSecret})`);
    if (grant) {
        // the date of the token this check just received
        report.details.push(`refresh token expires: ${new Date(clock.now().getTime() + grant.refreshExpiresIn * 1000).toISOString().slice(0, 10)}`);
    }
    if (grant && grant.refreshToken) {
        report.details.push(`  TikTok rotates the refresh token on every refresh: the new one was saved to ${store.path} before anything else`);
        if (!stored) {
            report.details.push(`  note: the value in ${account.refreshTokenSecret} no longer works; the token store holds the working one. If that value is also a GitHub secret, run \`tiktok-publish auth --account ${account.name} --github-secret ${account.refreshTokenSecret} --repo OWNER/REPO\``);
        }
    }
    for (const line of logger.lines.filter((l) => l.startsWith('warning: ')))
        report.details.push(line);
    return { accessToken, grant };
}
/** The scopes granted against what the manifest asks of the account; answers the granted ones. */
function checkScopes(check, grant) {
    const { manifest, account, report } = check;
    const granted = grant?.scope ?? [];
    report.details.push(`scopes granted: ${(0,_onboarding_scopes_js__WEBPACK_IMPORTED_MODULE_3__/* .sortScopes */ .C)(granted).join(', ') || '(none)'}`);
    for (const line of (0,_onboarding_scopes_js__WEBPACK_IMPORTED_MODULE_3__/* .missingScopeLines */ .wf)(granted))
        report.details.push(`  ${line}`);
    const need = uses(manifest, account.name);
    if (need.direct && !granted.includes('video.publish')) {
        problem(check, 'video.publish is not granted but the manifest direct-posts to this account', `run \`tiktok-publish auth --account ${account.name}\` and grant every scope, or use mode: inbox`);
    }
    if (need.inbox && !granted.includes('video.upload')) {
        problem(check, 'video.upload is not granted but the manifest sends inbox drafts to this account', `run \`tiktok-publish auth --account ${account.name}\` and grant every scope`);
    }
    return granted;
}
/** The creator's settings against the app's audit status: an unaudited app cannot direct-post to a public account. */
async function checkCreator(check, accessToken) {
    const { manifest, account, app, client, report } = check;
    try {
        const info = await client.creatorInfo(accessToken);
        report.details.push(`creator: ${info.nickname ?? '(no nickname)'}${info.username ? ` (@${info.username})` : ''}; privacy options ${info.privacyLevelOptions.join(', ')}; ` +
            `max duration ${info.maxVideoPostDurationSec ?? '?'} s`);
        const isPublic = info.privacyLevelOptions.includes('PUBLIC_TO_EVERYONE');
        report.details.push(`account is ${isPublic ? 'public' : 'private'}`);
        const need = uses(manifest, account.name);
        const onlyInbox = need.inbox && !need.direct;
        if (!app.audited && isPublic && !onlyInbox) {
            problem(check, `${account.name} is a public TikTok account and app ${app.name} is not audited, so TikTok refuses direct posts to it`, 'set the account to private in the TikTok app, or use mode: inbox');
        }
    }
    catch (e) {
        const { message, fix } = explain(e, account.name);
        problem(check, `creator info failed: ${message}`, fix);
    }
}
function explain(e, account) {
    if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .isUserError */ .iU)(e)) {
        const first = e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserErrors */ .tQ ? e.errors[0] : e;
        return { message: first.message, fix: first.fix ?? `run \`tiktok-publish auth --account ${account}\`` };
    }
    // what to do is the rulebook's; docs/TROUBLESHOOTING.md shows the same words
    if (e instanceof _tiktok_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .TikTokApiError */ .r9)
        return { message: `TikTok answered ${e.code}: ${e.message}`, fix: (0,_rules_rulebook_js__WEBPACK_IMPORTED_MODULE_13__/* .classifyErrorCode */ .w2)(e.code).advice };
    if (e instanceof _tiktok_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .TikTokAuthError */ .Tn)
        return { message: e.message, fix: 'check the network and --api-base-url, then run doctor again' };
    throw e;
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


/***/ }),

/***/ 652:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ sortScopes),
/* harmony export */   Tg: () => (/* binding */ SCOPE_FEATURES),
/* harmony export */   qk: () => (/* binding */ ALL_SCOPES),
/* harmony export */   wf: () => (/* binding */ missingScopeLines)
/* harmony export */ });
/** The scopes tiktok-publish uses (docs/TIKTOK.md, "Scopes") and what each one unlocks. */
const ALL_SCOPES = ['user.info.basic', 'video.publish', 'video.upload', 'video.list'];
const SCOPE_FEATURES = {
    'user.info.basic': "the account's display name (user/info)",
    'video.publish': 'direct posts (mode: direct) and the creator info check',
    'video.upload': 'inbox drafts (mode: inbox)',
    'video.list': 'reconciliation of interrupted pull-from-URL posts (video list)'
};
/** Lines saying which features a missing scope turns off; empty when all are granted. */
function missingScopeLines(granted, wanted = ALL_SCOPES) {
    const have = new Set(granted);
    return wanted
        .filter((s) => !have.has(s) && s in SCOPE_FEATURES)
        .map((s) => `${s} not granted: no ${SCOPE_FEATURES[s]}`);
}
/** Known scopes in the order above, then any others as TikTok sent them. */
function sortScopes(scopes) {
    const rank = (s) => {
        const i = ALL_SCOPES.indexOf(s);
        return i < 0 ? ALL_SCOPES.length : i;
    };
    return [...scopes].sort((a, b) => rank(a) - rank(b));
}


/***/ })

};
