export const id = 197;
export const ids = [197];
export const modules = {

/***/ 3197:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runAuth: () => (/* binding */ runAuth)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/duration.ts
var duration = __webpack_require__(7607);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/manifest/index.ts + 1 modules
var src_manifest = __webpack_require__(2878);
// EXTERNAL MODULE: ./src/onboarding/scopes.ts
var onboarding_scopes = __webpack_require__(652);
// EXTERNAL MODULE: ./src/tiktok/client.ts + 3 modules
var tiktok_client = __webpack_require__(7962);
// EXTERNAL MODULE: ./src/tiktok/errors.ts
var tiktok_errors = __webpack_require__(1599);
// EXTERNAL MODULE: ./src/tiktok/http.ts
var http = __webpack_require__(1967);
// EXTERNAL MODULE: ./src/tiktok/tokens.ts
var tokens = __webpack_require__(3466);
// EXTERNAL MODULE: ./node_modules/libsodium-wrappers/dist/modules-esm/libsodium-wrappers.mjs + 1 modules
var libsodium_wrappers = __webpack_require__(4768);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(4371);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 15 modules
var schemas = __webpack_require__(9691);
// EXTERNAL MODULE: ./src/clock.ts
var src_clock = __webpack_require__(9373);
;// CONCATENATED MODULE: ./src/github/secrets.ts
/**
 * Repository secrets over GitHub's REST API: where the Action writes a rotated
 * TikTok refresh token back, so the next run can refresh again.
 *
 * Secrets are sealed (libsodium sealed box) with the repository's public key
 * before they leave this process; only GitHub holds the private key. That makes
 * the sealed value safe to print, which is what the hand-off message relies on
 * when a write fails: a person can finish the write with `gh api` without the
 * plaintext token ever appearing anywhere.
 */





const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
/** `the repository secret X` or `the secret X of environment E`: what a message names. */
function secretLabel(target, name) {
    return target.environment ? `the secret ${name} of environment ${target.environment}` : `the repository secret ${name}`;
}
function secretsBase(t) {
    const repo = `/repos/${encodeURIComponent(t.owner)}/${encodeURIComponent(t.repo)}`;
    return t.environment ? `${repo}/environments/${encodeURIComponent(t.environment)}/secrets` : `${repo}/actions/secrets`;
}
const publicKeySchema = schemas/* object */.Ikc({
    key_id: schemas/* string */.YjP().min(1),
    key: schemas/* string */.YjP().min(1)
});
const PERMISSION_FIX = 'give the secrets-token the `secrets: write` permission on this repository (fine-grained token: Repository permissions → Secrets → Read and write) or the `repo` scope (classic token); the workflow GITHUB_TOKEN can never write secrets';
function permissionSentence(owner, repo) {
    return `the secrets-token cannot write secrets of ${owner}/${repo}: it needs the \`secrets: write\` permission (fine-grained token) or \`repo\` scope (classic); GITHUB_TOKEN cannot write secrets`;
}
/** A write that failed after the value was sealed: everything a person needs to finish it by hand. */
class SecretWriteError extends errors/* UserError */.yo {
    handOff;
    name = 'SecretWriteError';
    constructor(message, handOff, fix) {
        super(message, { fix });
        this.handOff = handOff;
    }
}
/** One HTTP exchange; a network failure becomes a thrown Error naming only its code. */
async function call(target, method, path, body) {
    const base = (target.apiUrl || DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
    let res;
    try {
        res = await (0,undici/* request */.Em)(base + path, {
            method,
            headers: {
                authorization: `Bearer ${target.token}`,
                accept: 'application/vnd.github+json',
                'x-github-api-version': '2022-11-28',
                'user-agent': 'tiktok-publish',
                ...(body === undefined ? {} : { 'content-type': 'application/json' })
            },
            body: body === undefined ? undefined : JSON.stringify(body),
            headersTimeout: 30_000,
            bodyTimeout: 30_000
        });
    }
    catch (e) {
        // undici's errors carry the request options on some paths; keep only the code.
        const code = e.code ?? e.name ?? 'error';
        throw new NetworkError(`GitHub did not answer (${code})`);
    }
    const text = await res.body.text().catch(() => '');
    return { status: res.statusCode, headers: res.headers, text };
}
class NetworkError extends Error {
    name = 'NetworkError';
}
function retryable(a) {
    if (a.status >= 500 || a.status === 429)
        return true;
    // GitHub's rate limits answer 403 with these headers; a permission refusal does not.
    return a.status === 403 && (header(a, 'x-ratelimit-remaining') === '0' || header(a, 'retry-after') !== undefined);
}
function header(a, name) {
    const v = a.headers[name];
    return Array.isArray(v) ? v[0] : v;
}
function backoffMs(a, attempt) {
    const retryAfter = a ? Number(header(a, 'retry-after')) : NaN;
    if (Number.isFinite(retryAfter) && retryAfter >= 0)
        return Math.min(retryAfter, 60) * 1000;
    return 1000 * 2 ** attempt;
}
/** Runs `once` until it answers something other than a transient failure, or the attempts run out. */
async function withRetries(opts, once) {
    const clock = opts.clock ?? src_clock/* systemClock */.m;
    const attempts = Math.max(1, opts.attempts ?? 3);
    let last = {};
    for (let i = 0; i < attempts; i++) {
        try {
            const answer = await once();
            last = { answer };
            if (!retryable(answer))
                return last;
        }
        catch (e) {
            if (!(e instanceof NetworkError))
                throw e;
            last = { networkError: e.message };
        }
        if (i + 1 < attempts)
            await clock.sleep(backoffMs(last.answer, i));
    }
    return last;
}
/** GitHub's own `message` field, short and single-line; it never echoes request bodies. */
function githubMessage(a) {
    try {
        const m = JSON.parse(a.text).message;
        if (typeof m === 'string' && m)
            return m.replace(/\s+/g, ' ').slice(0, 200);
    }
    catch {
        // not JSON
    }
    return '';
}
function describeAnswer(r) {
    if (r.networkError)
        return r.networkError;
    const a = r.answer;
    const m = githubMessage(a);
    return `HTTP ${a.status}${m ? ` ${m}` : ''}`;
}
function refusal(a, target, doing) {
    if (a.status === 401) {
        return new errors/* UserError */.yo(`GitHub refused the secrets-token while ${doing} (401 ${githubMessage(a) || 'Bad credentials'}): the token is wrong, expired or revoked.`, {
            fix: 'create a new token and store it in the secret passed as `secrets-token`'
        });
    }
    if (a.status === 404 && target.environment) {
        return new errors/* UserError */.yo(`GitHub answered 404 while ${doing}: the environment ${target.environment} does not exist in ${target.owner}/${target.repo}, or the secrets-token cannot see it.`, {
            fix: `create the environment (Settings → Environments → New environment, or name it in the apply job's \`environment:\`, which creates it on the first run) and give the secrets-token Environments: read and write (fine-grained token) or the \`repo\` scope (classic); or remove \`secrets-environment\` to write repository secrets`
        });
    }
    if (a.status === 403 || a.status === 404) {
        // Only classic tokens and OAuth apps send their scopes; naming them shows what is missing.
        const scopes = header(a, 'x-oauth-scopes');
        const has = scopes === undefined ? '' : ` (it is a classic token with scopes: ${scopes.trim() || 'none'})`;
        if (target.environment) {
            return new errors/* UserError */.yo(`GitHub answered ${a.status} while ${doing}: the secrets-token cannot write secrets of environment ${target.environment} in ${target.owner}/${target.repo}${has}.`, {
                fix: 'give the secrets-token Environments: read and write on this repository (fine-grained token) or the `repo` scope (classic token); the workflow GITHUB_TOKEN can never write secrets'
            });
        }
        return new errors/* UserError */.yo(`GitHub answered ${a.status} while ${doing}: ${permissionSentence(target.owner, target.repo)}${has}.`, { fix: PERMISSION_FIX });
    }
    return undefined;
}
function publicKeyPath(t) {
    return `${secretsBase(t)}/public-key`;
}
/** GET /repos/{owner}/{repo}/actions/secrets/public-key */
async function getRepoPublicKey(target) {
    const doing = `reading the secrets public key of ${target.owner}/${target.repo}${target.environment ? ` (environment ${target.environment})` : ''}`;
    const r = await withRetries(target, () => call(target, 'GET', publicKeyPath(target)));
    const a = r.answer;
    if (a && a.status === 200)
        return publicKeyFrom(a, doing);
    const refused = a && refusal(a, target, doing);
    if (refused)
        throw refused;
    throw new errors/* UserError */.yo(`GitHub failed while ${doing}: ${describeAnswer(r)}.`, { fix: 'check https://www.githubstatus.com and run the workflow again' });
}
/**
 * Checks, before any TikTok refresh, that the token can reach the repository's
 * secrets, so a run never rotates a refresh token it then cannot save.
 *
 * GitHub exposes no way to test write access without writing, so this proves
 * secrets access (the public key needs it; GITHUB_TOKEN never has it). A
 * fine-grained token with read-only Secrets passes; its first write then fails
 * with the hand-off.
 */
async function checkSecretsWritable(target) {
    const doing = `checking that the secrets-token can write secrets of ${target.owner}/${target.repo}${target.environment ? ` (environment ${target.environment})` : ''}`;
    const r = await withRetries(target, () => call(target, 'GET', publicKeyPath(target)));
    const a = r.answer;
    if (a && a.status === 200)
        return publicKeyFrom(a, doing);
    const refused = a && refusal(a, target, doing);
    if (refused)
        throw refused;
    throw new errors/* UserError */.yo(`GitHub failed while ${doing}: ${describeAnswer(r)}; no TikTok token was refreshed.`, {
        fix: 'check https://www.githubstatus.com and run the workflow again'
    });
}
function publicKeyFrom(a, doing) {
    let parsed;
    try {
        parsed = JSON.parse(a.text);
    }
    catch {
        parsed = undefined;
    }
    const key = publicKeySchema.safeParse(parsed);
    if (!key.success)
        throw new errors/* UserError */.yo(`GitHub's answer while ${doing} is not a public key.`, { fix: 'check that the GitHub API URL points at the GitHub REST API (GITHUB_API_URL)' });
    return { key_id: key.data.key_id, key: key.data.key };
}
/** libsodium sealed box of `value` for the repository key, base64 (original variant) as GitHub expects. */
async function sealSecret(value, base64PublicKey) {
    await libsodium_wrappers/* default.ready */.Ay.ready;
    const key = libsodium_wrappers/* default.from_base64 */.Ay.from_base64(base64PublicKey, libsodium_wrappers/* default.base64_variants */.Ay.base64_variants.ORIGINAL);
    const sealed = libsodium_wrappers/* default */.Ay.crypto_box_seal(libsodium_wrappers/* default.from_string */.Ay.from_string(value), key);
    return libsodium_wrappers/* default.to_base64 */.Ay.to_base64(sealed, libsodium_wrappers/* default.base64_variants */.Ay.base64_variants.ORIGINAL);
}
/** The command a person runs to finish a failed write; every part is safe to print. */
function handOffCommand(args) {
    // gh talks to github.com unless told which GitHub Enterprise Server to use.
    const host = args.apiUrl ? new URL(args.apiUrl).host : 'api.github.com';
    const hostname = host === 'api.github.com' ? '' : `--hostname ${host} `;
    const path = args.environment ? `environments/${encodeURIComponent(args.environment)}/secrets` : 'actions/secrets';
    return `gh api ${hostname}-X PUT repos/${args.owner}/${args.repo}/${path}/${args.name} -f encrypted_value='${args.encryptedValue}' -f key_id='${args.keyId}'`;
}
/**
 * PUT /repos/{owner}/{repo}/actions/secrets/{name}. Retries transient failures;
 * a stale public key (422) is fetched again once. If the write still fails,
 * throws a SecretWriteError carrying the sealed value and the `gh api` command.
 */
async function putRepoSecret(target) {
    const { owner, repo, name } = target;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /^GITHUB_/i.test(name)) {
        throw new errors/* UserError */.yo(`${name} cannot be a secret name.`, { fix: 'name the secret with letters, digits and _ only, not starting with GITHUB_' });
    }
    let publicKey = target.publicKey ?? (await getRepoPublicKey(target));
    let encryptedValue = await sealSecret(target.value, publicKey.key);
    const path = `${secretsBase(target)}/${encodeURIComponent(name)}`;
    let r = await withRetries(target, () => call(target, 'PUT', path, { encrypted_value: encryptedValue, key_id: publicKey.key_id }));
    if (r.answer?.status === 422) {
        // The repository's key was rotated since we read it: seal again with the new one.
        try {
            publicKey = await getRepoPublicKey(target);
            encryptedValue = await sealSecret(target.value, publicKey.key);
            r = await withRetries(target, () => call(target, 'PUT', path, { encrypted_value: encryptedValue, key_id: publicKey.key_id }));
        }
        catch (e) {
            if (!(e instanceof errors/* UserError */.yo))
                throw e;
        }
    }
    const a = r.answer;
    if (a && (a.status === 201 || a.status === 204))
        return { created: a.status === 201, publicKey };
    const doing = `writing ${secretLabel(target, name)}`;
    const refused = a && refusal(a, target, doing);
    const reason = refused ? refused.message : `GitHub failed while ${doing} of ${owner}/${repo}: ${describeAnswer(r)}.`;
    const command = handOffCommand({ apiUrl: target.apiUrl, owner, repo, environment: target.environment, name, keyId: publicKey.key_id, encryptedValue });
    const message = `${reason}\n` +
        `To finish the write by hand, run this with a token that may write secrets of ${owner}/${repo} ` +
        `(the value is sealed with the ${target.environment ? "environment's" : "repository's"} public key: only GitHub can open it, so it is safe to show):\n` +
        `  ${command}\n` +
        `  secret: ${name}\n${target.environment ? `  environment: ${target.environment}\n` : ''}  key_id: ${publicKey.key_id}\n  encrypted_value: ${encryptedValue}\n` +
        // Prose last: callers append to the message, and nothing may stick to the command or the value.
        `Until that write is done, the new token exists only in this sealed value.`;
    throw new SecretWriteError(message, { owner, repo, name, keyId: publicKey.key_id, encryptedValue, command }, refused?.fix ? `${refused.fix}; then run the gh api command above before the next run` : 'run the gh api command above before the next run');
}

// EXTERNAL MODULE: ./src/cli/settings.ts + 1 modules
var settings = __webpack_require__(6023);
;// CONCATENATED MODULE: ./src/cli/auth.ts














const CALLBACK_PATH = '/callback';
/**
 * `tiktok-publish auth`: TikTok's desktop Login Kit flow with a loopback
 * listener. Everything that can be checked locally (manifest, secrets, flags)
 * is checked before the listener opens, so a typo never leaves a browser tab
 * pointing at a dead port.
 */
async function runAuth(flags, ctx) {
    const err = (line) => ctx.stderr.write(line + '\n');
    const out = (line) => ctx.stdout.write(line + '\n');
    const s = (0,settings/* apiSettings */.m7)(flags, ctx);
    const { account, known, app } = await accountAndApp(flags, ctx);
    const clientKey = secretFromEnv(s, app.clientKeySecret, app.name);
    const clientSecret = secretFromEnv(s, app.clientSecretSecret, app.name);
    const scopes = parseScopes(flags.scopes);
    const port = parsePort(flags.port);
    const timeoutMs = (0,duration/* parseDuration */.E)(flags.timeout);
    if (timeoutMs === undefined || timeoutMs <= 0)
        throw new errors/* UsageError */.eb(`--timeout "${flags.timeout}" is not a duration`, { fix: 'write e.g. --timeout 5m' });
    const github = githubTarget(flags, ctx);
    const base = s.apiBaseUrl;
    // Another API base (the emulator, a rehearsal) serves its own authorize page; TikTok's lives on www.tiktok.com.
    const authUrl = flags.authUrl ?? (base.replace(/\/+$/, '') !== http/* DEFAULT_BASE_URL */.Ql ? `${base.replace(/\/+$/, '')}/v2/auth/authorize/` : tokens/* TIKTOK_AUTHORIZE_URL */.j7);
    // Before the browser step: an authorization whose token cannot be stored is wasted.
    let publicKey;
    if (github)
        publicKey = await checkSecretsWritable(github);
    const listener = await startLoopback(port);
    const client = new tiktok_client.TikTokClient({ baseUrl: base });
    try {
        const redirectUri = `http://127.0.0.1:${listener.port}${CALLBACK_PATH}`;
        const pkce = (0,tokens/* createPkce */.Y1)();
        const state = (0,external_node_crypto_.randomBytes)(24).toString('base64url');
        const url = (0,tokens/* buildAuthorizeUrl */.xj)({ baseAuthUrl: authUrl, clientKey, scopes, redirectUri, state, challenge: pkce.challenge });
        err(`Listening on 127.0.0.1 port ${listener.port} for TikTok's redirect to ${redirectUri}`);
        err(`(the app's Login Kit settings must list this redirect URI; a desktop app may register http://127.0.0.1:*${CALLBACK_PATH} for any port)`);
        err(`Open this URL in a browser and sign in as the TikTok account for ${account}:`);
        out(url);
        if (flags.open)
            openBrowser(url);
        const callback = await listener.next(timeoutMs);
        const q = callback.query;
        if (q.get('state') !== state) {
            callback.respond(400, page('Authorization refused', 'This answer does not belong to the authorization tiktok-publish started (the state does not match). Nothing was saved. Start again from the terminal.'));
            throw new errors/* UserError */.yo('the callback carried a state that does not match this authorization: it was not started here, or is a replay', {
                fix: `run \`tiktok-publish auth --account ${account}\` again and use the URL it prints`
            });
        }
        const error = q.get('error');
        if (error) {
            const description = q.get('error_description') ?? '';
            callback.respond(400, page('Authorization not completed', `TikTok answered ${error}${description ? `: ${description}` : ''}. Nothing was saved.`));
            throw new errors/* UserError */.yo(error === 'access_denied'
                ? `the authorization of ${account} was declined in TikTok (access_denied)`
                : `TikTok did not authorize ${account}: ${error}${description ? ` (${description})` : ''}`, { fix: authErrorFix(error, account) });
        }
        const code = q.get('code');
        if (!code) {
            callback.respond(400, page('Authorization not completed', 'TikTok sent no authorization code. Nothing was saved.'));
            throw new errors/* UserError */.yo('TikTok redirected back without an authorization code', { fix: `run \`tiktok-publish auth --account ${account}\` again` });
        }
        let grant;
        try {
            grant = await client.exchangeCode({ clientKey, clientSecret, code, redirectUri, codeVerifier: pkce.verifier });
        }
        catch (e) {
            callback.respond(502, page('Authorization failed', 'TikTok refused to exchange the authorization code. The terminal says why.'));
            if (e instanceof tiktok_errors/* TikTokAuthError */.Tn) {
                throw new errors/* UserError */.yo(`TikTok refused the authorization code of ${account} (${e.error}): ${e.message}`, {
                    fix: `check ${app.clientKeySecret} and ${app.clientSecretSecret}, and that the redirect URI is registered in the app; then run auth again`,
                    cause: e
                });
            }
            throw e;
        }
        callback.respond(200, page('Done', `tiktok-publish is authorized for ${account}. You can close this tab.`));
        // The token first: if anything below fails, the authorization is not lost.
        const refreshExpiresAt = new Date(Date.now() + grant.refreshExpiresIn * 1000);
        if (github) {
            await putRepoSecret({ ...github, name: flags.githubSecret, value: grant.refreshToken, publicKey });
            out(`refresh token stored in repository secret ${flags.githubSecret} of ${github.owner}/${github.repo}`);
            out('(no local copy is kept: refresh tokens rotate, so two copies that refresh apart would kill each other)');
        }
        else {
            const store = new tokens/* FileTokenStore */.vv({ path: s.tokenStorePath });
            await store.saveRefreshToken(account, grant.refreshToken, { expiresAt: refreshExpiresAt });
            await store.saveAccessToken(account, grant.accessToken, new Date(Date.now() + grant.expiresIn * 1000), grant.scope.length ? grant.scope : undefined);
            out(`refresh token stored in ${store.path} under account ${account} (expires ${refreshExpiresAt.toISOString()})`);
        }
        out(`scopes granted: ${(0,onboarding_scopes/* sortScopes */.C)(grant.scope).join(', ') || '(none)'}`);
        for (const line of (0,onboarding_scopes/* missingScopeLines */.wf)(grant.scope))
            out(`  ${line}`);
        await describeAccount(client, grant, app, account, out);
        if (!known)
            out(`next: add account ${account} (app: ${app.name}) to ${flags.manifest}`);
        else if (!github) {
            out(`next: for GitHub Actions, store it as the repository secret ${known.refreshTokenSecret}:`);
            out(`  tiktok-publish auth --account ${account} --github-secret ${known.refreshTokenSecret} --repo OWNER/REPO`);
        }
    }
    finally {
        await listener.close();
        await client.close();
    }
}
/** The account to authorize and its app, from the manifest and --app; refused when they disagree or are unknown. */
async function accountAndApp(flags, ctx) {
    const manifestPath = external_node_path_default().resolve(ctx.cwd, flags.manifest);
    const manifest = await (0,src_manifest/* loadManifest */.eY)(manifestPath);
    const account = flags.account;
    const known = manifest.accounts[account];
    const appName = flags.app ?? known?.app;
    if (!appName) {
        throw new errors/* UserError */.yo(`account ${account} is not in ${flags.manifest}, so its app is unknown`, {
            fix: `add the account to ${flags.manifest}, or name its app with --app (one of: ${Object.keys(manifest.apps).join(', ')})`
        });
    }
    if (known && flags.app && known.app !== flags.app) {
        throw new errors/* UserError */.yo(`account ${account} uses app ${known.app} in ${flags.manifest}, not ${flags.app}`, {
            fix: `drop --app, or write --app ${known.app}`
        });
    }
    const app = manifest.apps[appName];
    if (!app) {
        throw new errors/* UserError */.yo(`app ${appName} is not in ${flags.manifest}`, { fix: `use one of: ${Object.keys(manifest.apps).join(', ') || '(none: add an app under apps:)'}` });
    }
    return { account, known, app };
}
async function describeAccount(client, grant, app, account, out) {
    const granted = new Set(grant.scope);
    if (granted.has('user.info.basic')) {
        try {
            const user = await client.userInfo(grant.accessToken);
            out(`display name: ${user.displayName ?? '(none)'}`);
        }
        catch (e) {
            out(`display name: unavailable (${e instanceof tiktok_errors/* TikTokApiError */.r9 ? e.code : 'error'})`);
        }
    }
    if (!granted.has('video.publish'))
        return;
    try {
        const info = await client.creatorInfo(grant.accessToken);
        out(`creator: ${info.nickname ?? '(no nickname)'}${info.username ? ` (@${info.username})` : ''}`);
        out(`privacy options: ${info.privacyLevelOptions.join(', ')}`);
        if (info.maxVideoPostDurationSec)
            out(`max video duration: ${info.maxVideoPostDurationSec} s`);
        if (!app.audited && info.privacyLevelOptions.includes('PUBLIC_TO_EVERYONE')) {
            out(`warning: ${account} is a public account and app ${app.name} is not audited: TikTok refuses direct posts to it.`);
            out('  fix: set the account to private in the TikTok app, or use mode: inbox for its posts');
        }
    }
    catch (e) {
        out(`creator info: unavailable (${e instanceof tiktok_errors/* TikTokApiError */.r9 ? e.code : 'error'})`);
    }
}
function authErrorFix(error, account) {
    switch (error) {
        case 'access_denied':
            return `run \`tiktok-publish auth --account ${account}\` again and choose Authorize in TikTok`;
        case 'invalid_scope':
            return `request only scopes the app has in TikTok's developer portal (--scopes ${onboarding_scopes/* ALL_SCOPES */.qk.join(',')} needs all four products enabled)`;
        case 'invalid_client':
        case 'unauthorized_client':
            return "check the app's client key secret, and that Login Kit is added to the app";
        default:
            return `check the app's settings in TikTok's developer portal (redirect URI, Login Kit), then run auth again`;
    }
}
function secretFromEnv(s, name, app) {
    const value = s.secret(name);
    if (!value) {
        throw new errors/* UserError */.yo(`secret ${name} (app ${app}) is not set`, {
            fix: `export ${name}=… with the value from TikTok's developer portal (the app's page) before running auth`
        });
    }
    return value;
}
function parseScopes(text) {
    if (text === undefined)
        return [...onboarding_scopes/* ALL_SCOPES */.qk];
    const list = text
        .split(/[,\s]+/)
        .map((s) => s.trim())
        .filter(Boolean);
    const unknown = list.filter((s) => !(s in onboarding_scopes/* SCOPE_FEATURES */.Tg));
    if (list.length === 0 || unknown.length) {
        throw new errors/* UsageError */.eb(`--scopes "${text}" ${list.length === 0 ? 'is empty' : `names unknown scopes: ${unknown.join(', ')}`}`, {
            fix: `choose from ${onboarding_scopes/* ALL_SCOPES */.qk.join(',')}`
        });
    }
    return [...new Set(list)];
}
function parsePort(text) {
    if (text === undefined)
        return 0;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 65535)
        throw new errors/* UsageError */.eb(`--port "${text}" is not a port number`, { fix: 'write e.g. --port 8765, or leave it out for any free port' });
    return n;
}
function githubTarget(flags, ctx) {
    if (!flags.githubSecret && !flags.repo)
        return undefined;
    if (!flags.githubSecret || !flags.repo) {
        throw new errors/* UsageError */.eb('--github-secret and --repo go together', { fix: 'write e.g. --github-secret TIKTOK_REFRESH_BRAND_US --repo my-org/my-repo' });
    }
    if (!/^[A-Z_][A-Z0-9_]*$/.test(flags.githubSecret) || flags.githubSecret.startsWith('GITHUB_')) {
        throw new errors/* UsageError */.eb(`--github-secret "${flags.githubSecret}" is not a usable secret name`, {
            fix: 'use capitals, digits and _, not starting with GITHUB_ (e.g. TIKTOK_REFRESH_BRAND_US, as the account names it in the manifest)'
        });
    }
    const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(flags.repo);
    if (!m)
        throw new errors/* UsageError */.eb(`--repo "${flags.repo}" is not owner/name`, { fix: 'write e.g. --repo my-org/my-repo' });
    const { token, apiUrl } = (0,settings/* githubSettings */.ND)(flags, ctx);
    if (!token) {
        throw new errors/* UserError */.yo('writing a repository secret needs a GitHub token', {
            fix: 'pass --github-token, or set GITHUB_TOKEN or GH_TOKEN (e.g. GH_TOKEN=$(gh auth token)) to a token that may write Actions secrets'
        });
    }
    return { apiUrl, token, owner: m[1], repo: m[2] };
}
/** Listens on 127.0.0.1 only: the callback carries a code that must not reach other hosts. */
async function startLoopback(port) {
    let deliver;
    const pending = [];
    let taken = false;
    const server = (0,external_node_http_.createServer)((req, res) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        req.resume();
        if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
            res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
            return;
        }
        if (taken) {
            res.writeHead(409, { 'content-type': 'text/html; charset=utf-8' }).end(page('Already handled', 'This authorization was already answered. See the terminal.'));
            return;
        }
        taken = true;
        const cb = {
            query: url.searchParams,
            respond: (status, html) => {
                if (!res.headersSent)
                    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
            }
        };
        if (deliver)
            deliver(cb);
        else
            pending.push(cb);
    });
    await new Promise((resolve, reject) => {
        server.once('error', (e) => reject(e.code === 'EADDRINUSE'
            ? new errors/* UserError */.yo(`port ${port} on 127.0.0.1 is in use`, { fix: 'choose another --port, or leave it out for any free port' })
            : e));
        server.listen(port, '127.0.0.1', () => resolve());
    });
    return {
        port: server.address().port,
        next: (timeoutMs) => new Promise((resolve, reject) => {
            const first = pending.shift();
            if (first)
                return resolve(first);
            const timer = setTimeout(() => {
                deliver = undefined;
                reject(new errors/* UserError */.yo(`no answer from TikTok within ${(0,duration/* formatDuration */.a)(timeoutMs)}`, { fix: 'run auth again and open the printed URL in a browser (or raise --timeout)' }));
            }, timeoutMs);
            timer.unref();
            deliver = (c) => {
                clearTimeout(timer);
                resolve(c);
            };
        }),
        close: () => new Promise((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
        })
    };
}
function page(title, text) {
    const esc = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    return `<!doctype html><html><head><meta charset="utf-8"><title>tiktok-publish: ${esc(title)}</title></head><body style="font-family:sans-serif;margin:3em"><h1>${esc(title)}</h1><p>${esc(text)}</p></body></html>\n`;
}
/** Best effort: the URL is printed anyway, so a missing opener is no failure. */
function openBrowser(url) {
    const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
    try {
        const child = (0,external_node_child_process_.spawn)(cmd, args, { stdio: 'ignore', detached: true });
        child.on('error', () => undefined);
        child.unref();
    }
    catch {
        // no opener on this machine
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
