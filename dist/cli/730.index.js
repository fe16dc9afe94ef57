export const id = 730;
export const ids = [730,301];
export const modules = {

/***/ 8301:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ stableStringify),
/* harmony export */   K: () => (/* binding */ parseJsonLossless)
/* harmony export */ });
/* harmony import */ var lossless_json__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(875);

/**
 * Parses JSON keeping integers beyond 2^53 exact, as decimal strings. TikTok's
 * video ids (~7.3e18) would silently lose digits through JSON.parse.
 */
function parseJsonLossless(text) {
    return (0,lossless_json__WEBPACK_IMPORTED_MODULE_0__/* .parse */ .qg)(text, null, (value) => {
        if ((0,lossless_json__WEBPACK_IMPORTED_MODULE_0__/* .isSafeNumber */ .Lz)(value))
            return Number(value);
        if (/^-?\d+$/.test(value))
            return value;
        return Number(value);
    });
}
/** Stable JSON: keys sorted at every level, two-space indent, trailing newline. */
function stableStringify(value) {
    return JSON.stringify(sortKeys(value), null, 2) + '\n';
}
function sortKeys(value) {
    if (Array.isArray(value))
        return value.map(sortKeys);
    if (value && typeof value === 'object') {
        // A plain object, not Object.create(null): V8 keeps it in fast mode and
        // stringifies it twice as fast (the state is written after every step of a run).
        const out = {};
        for (const key of Object.keys(value).sort()) {
            const v = value[key];
            if (v === undefined)
                continue;
            // a `__proto__` key is written as data, not taken as the prototype
            if (key === '__proto__')
                Object.defineProperty(out, key, { value: sortKeys(v), enumerable: true, writable: true, configurable: true });
            else
                out[key] = sortKeys(v);
        }
        return out;
    }
    return value;
}


/***/ }),

/***/ 2868:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $k: () => (/* binding */ PHOTO_DESCRIPTION_MAX),
/* harmony export */   Bp: () => (/* binding */ checkCaption),
/* harmony export */   Et: () => (/* binding */ parseWindow),
/* harmony export */   GD: () => (/* binding */ checkVideo),
/* harmony export */   I3: () => (/* binding */ checkName),
/* harmony export */   J: () => (/* binding */ PHOTOS_MAX),
/* harmony export */   JX: () => (/* binding */ POST_ID_RE),
/* harmony export */   S: () => (/* binding */ checkPullPrefix),
/* harmony export */   S_: () => (/* binding */ CAPTION_MAX),
/* harmony export */   UF: () => (/* binding */ checkTimezone),
/* harmony export */   Um: () => (/* binding */ canonicalTimezone),
/* harmony export */   Yt: () => (/* binding */ checkPostId),
/* harmony export */   ZW: () => (/* binding */ checkPhoto),
/* harmony export */   Zy: () => (/* binding */ matchesPullPrefix),
/* harmony export */   aM: () => (/* binding */ checkSecretName),
/* harmony export */   ce: () => (/* binding */ isReservedName),
/* harmony export */   eF: () => (/* binding */ NAME_RE),
/* harmony export */   hn: () => (/* binding */ SECRET_NAME_RE),
/* harmony export */   lI: () => (/* binding */ checkPhotoTitle),
/* harmony export */   nV: () => (/* binding */ parseInstant),
/* harmony export */   oB: () => (/* binding */ isRunnerName),
/* harmony export */   po: () => (/* binding */ DIRECT_POSTS_PER_DAY_CEILING),
/* harmony export */   pr: () => (/* binding */ checkWindow),
/* harmony export */   rQ: () => (/* binding */ PHOTO_TITLE_MAX),
/* harmony export */   rc: () => (/* binding */ checkKeepAlive),
/* harmony export */   s$: () => (/* binding */ COVER_MS_MAX),
/* harmony export */   tD: () => (/* binding */ checkMinGap),
/* harmony export */   wv: () => (/* binding */ checkInstant),
/* harmony export */   x: () => (/* binding */ checkMediaBaseUrl)
/* harmony export */ });
/* unused harmony exports RESERVED_NAMES, looksLikeToken, RUNNER_PREFIXES, checkPhotoCaption */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7607);


const POST_ID_RE = /^[a-z0-9][a-z0-9._-]*$/;
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SECRET_NAME_RE = /^[A-Z_][A-Z0-9_]*$/;
const CAPTION_MAX = 2200;
/** TikTok's photo description limit: a photo post's caption */
const PHOTO_DESCRIPTION_MAX = 4000;
const PHOTO_TITLE_MAX = 90;
/** TikTok's photo_images takes 1 to 35 URLs */
const PHOTOS_MAX = 35;
const COVER_MS_MAX = 2 ** 31 - 1;
/** TikTok's usual shared daily cap; `limits.posts_per_day` may only lower it. */
const DIRECT_POSTS_PER_DAY_CEILING = 15;
/**
 * Names every JavaScript object already answers to (`constructor`,
 * `toString`, `__proto__`, …) and `prototype`. Post ids, app and account names
 * become keys of the state and the token store; one of these would read or
 * overwrite what objects inherit instead of its own entry, so they are not
 * names a manifest may use.
 */
const RESERVED_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);
function isReservedName(name) {
    return RESERVED_NAMES.has(name);
}
function reserved(kind, name) {
    return {
        message: `${kind} \`${name}\` is a name JavaScript objects already use, so it cannot be a name here`,
        fix: `rename it, e.g. \`${name.replace(/^_+|_+$/g, '').toLowerCase() || 'name'}-1\``
    };
}
function checkPostId(id) {
    if (id === '')
        return { message: 'the post id is empty', fix: 'give the post a stable id such as `spring-teaser`' };
    if (isReservedName(id))
        return reserved('post id', id);
    if (POST_ID_RE.test(id))
        return undefined;
    const suggestion = id
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^[^a-z0-9]+/, '');
    return {
        message: `post id \`${id}\` may only hold lowercase letters, digits, \`-\`, \`_\` and \`.\`, starting with a letter or digit`,
        fix: suggestion ? `rename it, e.g. \`${suggestion}\`` : 'rename it, e.g. `spring-teaser`'
    };
}
function checkName(kind, name) {
    if (kind === 'account' && name === 'all') {
        return { message: 'an account may not be named `all`', fix: '`accounts: all` means every account; choose another name' };
    }
    if (isReservedName(name))
        return reserved(`${kind} name`, name);
    if (NAME_RE.test(name))
        return undefined;
    return {
        message: `${kind} name \`${name}\` may only hold letters, digits, \`-\`, \`_\` and \`.\``,
        fix: `rename the ${kind}, e.g. \`brand-us\``
    };
}
/**
 * A secret field must hold the NAME of a secret. People paste the token itself
 * surprisingly often, and echoing it back into a CI log would leak it, so
 * anything that looks like a credential is refused without repeating it.
 */
function looksLikeToken(value) {
    if (/^(act|rft|clt|cat)\./i.test(value))
        return true;
    if (value.length > 64)
        return true;
    if (value.length > 40 && !SECRET_NAME_RE.test(value))
        return true;
    if (value.length >= 20 && /\d/.test(value) && !value.includes('_'))
        return true;
    if (/[.\-~/+=:!@#$%^&*]/.test(value))
        return true;
    if (/[a-z]/.test(value) && /\d/.test(value))
        return true;
    if (/[a-z]/.test(value) && /[A-Z]/.test(value) && !value.includes('_') && value.length >= 16)
        return true;
    return false;
}
/**
 * Variables the Actions runner sets for itself: its cache and results tokens
 * (ACTIONS_RUNTIME_TOKEN, …), the job's context and token (GITHUB_*), the step's
 * inputs (INPUT_SECRETS holds every secret) and the runner's own (RUNNER_*).
 * None is a secret a manifest may ask for.
 */
const RUNNER_PREFIXES = ['ACTIONS_', 'GITHUB_', 'INPUT_', 'RUNNER_'];
function isRunnerName(name) {
    const upper = name.toUpperCase();
    return RUNNER_PREFIXES.some((p) => upper.startsWith(p));
}
function checkSecretName(value, example) {
    if (value === '')
        return { message: 'the secret name is empty', fix: `write the name of the secret, e.g. ${example}` };
    if (looksLikeToken(value)) {
        return {
            message: 'the value here looks like a token itself, not the NAME of a secret (it is not repeated here in case it is real)',
            fix: `put the token in a repository secret and write its name here, e.g. ${example}; if it was a real token, revoke or rotate it, since it is now in the repository`
        };
    }
    if (SECRET_NAME_RE.test(value)) {
        if (isRunnerName(value)) {
            return {
                message: `secret name \`${value}\` is one of the runner's own variables (${RUNNER_PREFIXES.map((p) => `${p}*`).join(', ')}), not a secret of yours`,
                fix: `name your secret something else, e.g. ${example}: a manifest that named the runner's tokens would have them sent to TikTok`
            };
        }
        return undefined;
    }
    // Only values that are plainly names (words joined by `_`) are repeated:
    // anything else might be a short password typed in the wrong place.
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(value) && value.includes('_')) {
        return {
            message: `secret name \`${value}\` must match ${SECRET_NAME_RE.source} (upper-case letters, digits and \`_\`)`,
            fix: `write \`${value.toUpperCase()}\` and name the secret the same`
        };
    }
    return {
        message: `this is not a secret name: names match ${SECRET_NAME_RE.source} (upper-case letters, digits and \`_\`); the value is not repeated here in case it is a real secret`,
        fix: `write the name of the secret, e.g. ${example}`
    };
}
function checkTimezone(tz) {
    const fix = 'use an IANA time zone name such as `America/New_York`, `Europe/Paris` or `UTC`';
    // Newer engines accept offsets such as "+05:00"; older ones do not. Only
    // names are accepted so a manifest means the same on every Node version.
    if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz))
        return { message: `\`${tz}\` is not an IANA time zone name`, fix };
    return canonicalZone(tz) === undefined ? { message: `unknown time zone \`${tz}\``, fix } : undefined;
}
function canonicalTimezone(tz) {
    const canonical = canonicalZone(tz);
    if (canonical === undefined)
        throw new RangeError(`Invalid time zone specified: ${tz}`);
    return canonical;
}
// An Intl formatter is slow to make, and a manifest of many accounts names the
// same few zones again and again: each name is asked once per process.
const zones = new Map();
function canonicalZone(tz) {
    if (zones.has(tz))
        return zones.get(tz);
    let canonical;
    try {
        canonical = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
    }
    catch {
        canonical = undefined;
    }
    if (zones.size < 1000)
        zones.set(tz, canonical);
    return canonical;
}
const WINDOW_RE = /^(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})$/;
function parseWindow(text) {
    const m = WINDOW_RE.exec(text.trim());
    if (!m)
        return undefined;
    const [sh, sm, eh, em] = m.slice(1).map(Number);
    if (sh > 23 || sm > 59 || em > 59 || eh > 24 || (eh === 24 && em !== 0))
        return undefined;
    return { startMinute: sh * 60 + sm, endMinute: eh * 60 + em };
}
function checkWindow(text) {
    const w = parseWindow(text);
    if (!w) {
        return {
            message: `window \`${text}\` is not of the form "HH:MM-HH:MM" (24-hour local time)`,
            fix: 'write e.g. `window: "09:00-21:00"` (quoted); `22:00-02:00` wraps past midnight'
        };
    }
    if (w.startMinute === w.endMinute) {
        return { message: `window \`${text}\` starts where it ends`, fix: 'remove `window` to allow posting at any hour, or give it a start and a later end' };
    }
    return undefined;
}
function checkMinGap(text) {
    const ms = (0,_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDuration */ .E)(text);
    if (ms === undefined) {
        return { message: `min_gap \`${text}\` is not a duration`, fix: 'write a duration such as `90m`, `2h` or `1h30m` (units: ms, s, m, h, d)' };
    }
    if (ms <= 0)
        return { message: 'min_gap must be longer than zero', fix: 'remove `min_gap`, or write a duration such as `2h`' };
    return undefined;
}
/** `keep_alive`: `off`, or how close to its expiry an idle account's refresh token is renewed. */
function checkKeepAlive(text) {
    if (text.trim() === 'off')
        return undefined;
    const ms = (0,_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDuration */ .E)(text);
    if (ms === undefined) {
        return { message: `keep_alive \`${text}\` is neither \`off\` nor a duration`, fix: 'write a duration such as `30d` (the default), or `off`' };
    }
    if (ms < 86_400_000) {
        return { message: `keep_alive \`${text}\` is shorter than a day: a daily run could miss the last chance to renew the token`, fix: 'write at least `1d`; `30d` (the default) leaves room for missed runs' };
    }
    return undefined;
}
const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|z|[+-]\d{2}:?\d{2})$/;
/** ISO-8601 instant with an explicit zone; undefined when it is not one. */
function parseInstant(text) {
    const m = INSTANT_RE.exec(text.trim());
    if (!m)
        return undefined;
    const [y, mo, d, h, mi] = m.slice(1, 6).map(Number);
    const s = m[6] === undefined ? 0 : Number(m[6]);
    if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59)
        return undefined;
    // Date.UTC silently rolls 30 February into March; compare the fields back.
    const probe = new Date(Date.UTC(y, mo - 1, d));
    if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d)
        return undefined;
    const zone = m[8];
    if (zone !== 'Z' && zone !== 'z') {
        const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
        if (Number(zm[2]) > 23 || Number(zm[3]) > 59)
            return undefined;
    }
    const date = new Date(text.trim().replace(' ', 'T').replace(/z$/, 'Z').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isNaN(date.getTime()) ? undefined : date;
}
function checkInstant(text) {
    if (parseInstant(text) !== undefined)
        return undefined;
    const local = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(text.trim());
    if (local) {
        return {
            message: `\`at: ${text}\` has no time zone, so the instant is ambiguous`,
            fix: `add a zone: \`Z\` for UTC or an offset, e.g. \`${text.trim().includes('T') ? text.trim() : `${text.trim()}T12:00:00`}Z\` or \`…-05:00\``
        };
    }
    return {
        message: `\`at: ${text}\` is not an ISO-8601 date and time`,
        fix: 'write an instant with a zone, e.g. `2026-12-01T17:00:00Z` or `2026-12-01T12:00:00-05:00`'
    };
}
function checkCaption(text, max = CAPTION_MAX, what = 'the caption') {
    if (text.length > max) {
        return {
            message: `${what} is ${text.length} UTF-16 code units long; TikTok allows at most ${max}`,
            fix: `shorten it by at least ${text.length - max} (emoji count as two)`
        };
    }
    // eslint-disable-next-line no-control-regex
    const bad = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.exec(text);
    if (bad) {
        const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
        return {
            message: `${what} holds the control character U+${code} at character ${bad.index + 1}`,
            fix: 'remove it; captions may hold line breaks and tabs but no other control characters'
        };
    }
    return undefined;
}
function checkPullPrefix(prefix) {
    let url;
    try {
        url = new URL(prefix);
    }
    catch {
        return { message: `pull prefix \`${prefix}\` is not a URL`, fix: 'write the https URL prefix verified in TikTok\'s developer portal, e.g. `https://cdn.example.com/tiktok/`' };
    }
    if (url.protocol !== 'https:') {
        return { message: `pull prefix \`${prefix}\` is not https`, fix: 'TikTok pulls only from https URLs: use https' };
    }
    if (url.username || url.password || url.search || url.hash) {
        return { message: 'a pull prefix may not hold credentials, a query or a fragment', fix: 'write only `https://host/path/`' };
    }
    return undefined;
}
/** Does `url` fall under `prefix` (same origin, path below the prefix's path)? */
function matchesPullPrefix(url, prefix) {
    let u;
    let p;
    try {
        u = new URL(url);
        p = new URL(prefix);
    }
    catch {
        return false;
    }
    if (u.origin !== p.origin)
        return false;
    if (p.pathname.endsWith('/'))
        return u.pathname.startsWith(p.pathname);
    // A prefix without a trailing slash must end at a path boundary, so that
    // `/videos` does not also vouch for `/videos-private`.
    return u.pathname === p.pathname || u.pathname.startsWith(`${p.pathname}/`);
}
function checkVideo(video) {
    return checkMediaReference(video, 'video', 'media/clip.mp4');
}
/** A `photos:` entry: a repository path or an https URL, like a video. */
function checkPhoto(photo) {
    return checkMediaReference(photo, 'photo', 'media/look-1.jpg');
}
/** A caption of a photo post: TikTok's description, up to 4000 UTF-16 units. */
function checkPhotoCaption(text) {
    return checkCaption(text, PHOTO_DESCRIPTION_MAX);
}
/** The title of a photo post: at most 90 UTF-16 units, no control characters. */
function checkPhotoTitle(text) {
    return checkCaption(text, PHOTO_TITLE_MAX, 'the photo title');
}
/**
 * Where the repository's files are served. Paths are appended to it as they
 * are written, so it must end with `/` (else `https://x.com/site` + `media/a.jpg`
 * would name `https://x.com/sitemedia/a.jpg`).
 */
function checkMediaBaseUrl(base) {
    const example = 'e.g. `https://media.example.com/`';
    let url;
    try {
        url = new URL(base);
    }
    catch {
        return { message: `media_base_url \`${base}\` is not a URL`, fix: `write the https address where the repository's files are served, ${example}` };
    }
    if (url.protocol !== 'https:')
        return { message: `media_base_url \`${base}\` is not https`, fix: 'TikTok pulls photos only from https URLs: serve the files over https' };
    if (url.username || url.password || url.search || url.hash) {
        return { message: 'media_base_url may not hold credentials, a query or a fragment', fix: `write only \`https://host/path/\`, ${example}` };
    }
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(url.hostname.replace(/^\[|\]$/g, ''))) {
        return { message: 'media_base_url names an IP address; TikTok pulls only from host names', fix: 'use the verified domain name instead of the IP address' };
    }
    if (!base.endsWith('/'))
        return { message: `media_base_url \`${base}\` does not end with \`/\``, fix: `write \`${base}/\`: repository paths are appended to it as written` };
    return undefined;
}
function checkMediaReference(value, what, example) {
    if (value.trim() === '')
        return { message: `the ${what} is empty`, fix: `write a path inside the repository, e.g. \`${example}\`, or an https:// URL` };
    if (/^http:\/\//i.test(value)) {
        return { message: `the ${what} URL uses http://`, fix: `use https: TikTok pulls ${what}s only from https:// URLs on a verified prefix` };
    }
    if (/^https:\/\//i.test(value)) {
        let url;
        try {
            url = new URL(value);
        }
        catch {
            return { message: `the ${what} URL is not a valid URL`, fix: 'write a full https:// URL, or a path inside the repository' };
        }
        if (url.username || url.password) {
            return { message: `the ${what} URL holds a user name or password`, fix: 'remove the credentials; TikTok pulls from public https URLs on a verified prefix' };
        }
        const host = url.hostname.replace(/^\[|\]$/g, '');
        if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(host))
            return { message: `the ${what} URL names an IP address; TikTok pulls only from host names`, fix: 'use the verified domain name instead of the IP address' };
        return undefined;
    }
    if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) {
        return { message: `the ${what} is a URL of a kind TikTok cannot pull`, fix: 'use an https:// URL, or a path inside the repository' };
    }
    if (value.includes('\\')) {
        return { message: `${what} path \`${value}\` holds a backslash`, fix: `use forward slashes: \`${value.replace(/\\/g, '/')}\`` };
    }
    if (value.startsWith('/') || /^[A-Za-z]:/.test(value)) {
        return { message: `${what} path \`${value}\` is absolute`, fix: `write the path relative to the repository root, e.g. \`${example}\`` };
    }
    if (value.split('/').includes('..')) {
        return { message: `${what} path \`${value}\` has a \`..\` segment`, fix: `${what}s must stay inside the repository: write the path from the repository root without \`..\`` };
    }
    if (value.endsWith('/'))
        return { message: `${what} path \`${value}\` names a folder`, fix: `name the ${what} file, e.g. \`${example}\`` };
    return undefined;
}


/***/ }),

/***/ 2878:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  eY: () => (/* reexport */ load/* loadManifest */.eY)
});

// UNUSED EXPORTS: CAPTION_MAX, DEFAULT_KEEP_ALIVE_MS, POST_ID_RE, PRIVACY_LEVELS, SECRET_NAME_RE, accountSchema, appSchema, defaultsSchema, displayPath, findRepositoryRoot, includeFileSchema, looksLikeToken, manifestLocationOf, manifestSchema, matchesPullPrefix, parseInstant, parseWindow, postSchema, readYamlFile, renderJsonSchema

// EXTERNAL MODULE: ./src/manifest/load.ts + 6 modules
var load = __webpack_require__(9779);
// EXTERNAL MODULE: ./src/manifest/schema.ts
var schema = __webpack_require__(6470);
;// CONCATENATED MODULE: ./src/manifest/json-schema.ts


/**
 * The JSON Schema editors use to check tiktok.yml as it is typed. Generated
 * from the zod schema so the two cannot drift; references between entries and
 * TikTok's posting rules are only checked by `tiktok-publish validate`.
 */
function renderJsonSchema() {
    const schema = z.toJSONSchema(manifestSchema, { io: 'input', target: 'draft-2020-12' });
    return `${JSON.stringify(schema, null, 2)}\n`;
}

// EXTERNAL MODULE: ./src/manifest/yaml-source.ts
var yaml_source = __webpack_require__(8558);
// EXTERNAL MODULE: ./src/manifest/checks.ts
var checks = __webpack_require__(2868);
;// CONCATENATED MODULE: ./src/manifest/index.ts








/***/ }),

/***/ 9779:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  mL: () => (/* binding */ findRepositoryRoot),
  eY: () => (/* binding */ loadManifest)
});

// UNUSED EXPORTS: MAX_INCLUDED_BYTES

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/errors.ts
var src_errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/manifest/suggest.ts
/** Optimal string alignment distance (Levenshtein plus adjacent swaps). */
function editDistance(a, b) {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++)
        d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}
const squash = (s) => s.toLowerCase().replace(/[-_\s]/g, '');
/** The known word a typo most likely meant, if one is close enough. */
function didYouMean(input, known) {
    const s = squash(input);
    const same = known.find((k) => squash(k) === s);
    if (same !== undefined)
        return same;
    let best;
    let bestDistance = Infinity;
    for (const k of known) {
        const dist = editDistance(s, squash(k));
        if (dist < bestDistance) {
            best = k;
            bestDistance = dist;
        }
    }
    const allowed = Math.max(1, Math.min(3, Math.floor(Math.max(s.length, 1) / 3)));
    return bestDistance <= allowed ? best : undefined;
}

// EXTERNAL MODULE: ./src/manifest/yaml-source.ts
var yaml_source = __webpack_require__(8558);
;// CONCATENATED MODULE: ./src/manifest/issues.ts



/** `posts[2].allow.duet` — how a path is shown in messages. */
function pathText(segments) {
    let out = '';
    for (const seg of segments) {
        if (typeof seg === 'number')
            out += `[${seg}]`;
        else
            out += out === '' ? String(seg) : `.${String(seg)}`;
    }
    return out === '' ? 'the top level' : out;
}
function describe(value) {
    if (value === null)
        return 'an empty value';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a mapping';
    if (typeof value === 'number')
        return Number.isInteger(value) ? 'a whole number' : String(value);
    if (typeof value === 'boolean')
        return value ? '`true`' : '`false`';
    if (typeof value === 'string')
        return 'text';
    return typeof value;
}
const EXPECTED = {
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: '`true` or `false`',
    array: 'a list',
    object: 'a mapping (`key: value` lines)',
    record: 'a mapping (`name:` entries)'
};
/** Known keys of the object schema at a path, for typo suggestions. */
function objectKeysAt(schema, segments) {
    let s = schema;
    const unwrap = (x) => {
        for (let guard = 0; guard < 20; guard++) {
            const def = x._zod?.def;
            if (!def)
                return x;
            if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'readonly')
                x = def.innerType;
            else if (def.type === 'pipe')
                x = def.in;
            else
                return x;
        }
        return x;
    };
    for (const seg of segments) {
        s = unwrap(s);
        const def = s._zod.def;
        if (def.type === 'object')
            s = def.shape[String(seg)];
        else if (def.type === 'record')
            s = def.valueType;
        else if (def.type === 'array')
            s = def.element;
        else if (def.type === 'union') {
            const options = def.options;
            s = options.find((o) => ['array', 'object', 'record'].includes(unwrap(o)._zod.def.type));
            if (!s)
                return [];
            s = unwrap(s);
            const d2 = s._zod.def;
            s = d2.type === 'array' ? d2.element : d2.type === 'record' ? d2.valueType : d2.shape[String(seg)];
        }
        else
            return [];
        if (!s)
            return [];
    }
    s = unwrap(s);
    const def = s._zod.def;
    return def.type === 'object' ? Object.keys(def.shape) : [];
}
/** Turns zod's issues for one file into errors that point into that file. */
/** A required key that is absent: pointed at its parent, whose line is where it goes. */
function missingKey(src, p, fix) {
    const parent = p.slice(0, -1);
    const key = String(p[p.length - 1]);
    return new src_errors/* UserError */.yo(`${pathText(parent)}: missing required key \`${key}\``, {
        location: (0,yaml_source/* locate */.x5)(src, parent),
        fix: fix ? fix(key) : addKeyFix(key, parent.length === 0)
    });
}
function issuesToErrors(issues, src, schema) {
    const out = [];
    for (const issue of issues)
        out.push(...issueToErrors(issue, src, schema));
    return out;
}
function issueToErrors(issue, src, schema) {
    const p = issue.path;
    const where = pathText(p);
    const raw = (0,yaml_source/* valueAt */.fK)(src.data, p);
    const present = p.length === 0 ? src.data !== undefined : hasKey(src.data, p);
    switch (issue.code) {
        case 'unrecognized_keys': {
            const known = objectKeysAt(schema, p);
            return issue.keys.map((key) => {
                const guess = didYouMean(key, known);
                return new src_errors/* UserError */.yo(`unknown key \`${key}\` ${p.length ? `in ${where}` : 'at the top level'}`, {
                    location: (0,yaml_source/* locate */.x5)(src, [...p, key], 'key'),
                    fix: guess
                        ? `did you mean \`${guess}\`?`
                        : `remove it; the keys allowed here are: ${known.map((k) => `\`${k}\``).join(', ')}`
                });
            });
        }
        case 'invalid_key': {
            const inner = issue.issues.find((i) => i.code === 'custom');
            const fix = inner?.params?.fix ?? 'use letters, digits, `-`, `_` and `.`';
            return [new src_errors/* UserError */.yo(`${where}: ${inner?.message ?? 'invalid name'}`, { location: (0,yaml_source/* locate */.x5)(src, p, 'key'), fix })];
        }
        case 'custom': {
            const fix = issue.params?.fix ?? 'correct this value';
            return [new src_errors/* UserError */.yo(`${where}: ${issue.message}`, { location: (0,yaml_source/* locate */.x5)(src, p), fix })];
        }
        case 'invalid_type': {
            if (!present)
                return [missingKey(src, p)];
            if (p.length === 0) {
                return [
                    new src_errors/* UserError */.yo(`the file must hold a YAML mapping (\`key: value\` lines), not ${describe(raw)}`, {
                        location: (0,yaml_source/* locate */.x5)(src, p),
                        fix: 'start from the example in the README: `version: 1`, `apps:`, `accounts:`, `posts:`'
                    })
                ];
            }
            const expected = EXPECTED[issue.expected] ?? issue.expected;
            return [
                new src_errors/* UserError */.yo(`${where} must be ${expected}, not ${describe(raw)}`, {
                    location: (0,yaml_source/* locate */.x5)(src, p),
                    fix: typeFix(issue.expected, raw)
                })
            ];
        }
        case 'invalid_value': {
            if (p.length === 1 && p[0] === 'version') {
                if (!present) {
                    return [new src_errors/* UserError */.yo('missing `version: 1`', { location: (0,yaml_source/* locate */.x5)(src, []), fix: 'add `version: 1` as the first line' })];
                }
                return [
                    new src_errors/* UserError */.yo(`unsupported manifest version ${JSON.stringify(raw)}; this tiktok-publish reads version 1`, {
                        location: (0,yaml_source/* locate */.x5)(src, p),
                        fix: 'write `version: 1`, or upgrade tiktok-publish if the manifest was written for a newer version'
                    })
                ];
            }
            const values = issue.values.map((v) => String(v));
            if (!present)
                return [missingKey(src, p, (key) => `add \`${key}: ${values[0]}\` (one of ${values.join(' | ')})`)];
            const guess = typeof raw === 'string' ? didYouMean(raw, values) : undefined;
            return [
                new src_errors/* UserError */.yo(`${where} must be one of ${values.join(' | ')}, not ${typeof raw === 'string' ? `\`${raw}\`` : describe(raw)}`, {
                    location: (0,yaml_source/* locate */.x5)(src, p),
                    fix: guess ? `did you mean \`${guess}\`?` : `write one of ${values.join(', ')}`
                })
            ];
        }
        case 'too_small': {
            if (issue.origin === 'array') {
                const accounts = p[p.length - 1] === 'accounts';
                return [
                    new src_errors/* UserError */.yo(`${where} is an empty list`, {
                        location: (0,yaml_source/* locate */.x5)(src, p),
                        fix: accounts ? 'name at least one account, or write `accounts: all`' : 'add an entry, or remove the key'
                    })
                ];
            }
            if (issue.origin === 'string') {
                return [new src_errors/* UserError */.yo(`${where} is empty`, { location: (0,yaml_source/* locate */.x5)(src, p), fix: 'write a value, or remove the entry' })];
            }
            return [new src_errors/* UserError */.yo(`${where} must be at least ${String(issue.minimum)}`, { location: (0,yaml_source/* locate */.x5)(src, p), fix: `write a number of ${String(issue.minimum)} or more` })];
        }
        case 'too_big': {
            const extra = p[p.length - 1] === 'posts_per_day' ? '; `limits` can only lower the built-in ceiling of 15 direct posts a day' : '';
            return [
                new src_errors/* UserError */.yo(`${where} must be at most ${String(issue.maximum)}${extra}`, {
                    location: (0,yaml_source/* locate */.x5)(src, p),
                    fix: `write a number of ${String(issue.maximum)} or less`
                })
            ];
        }
        case 'invalid_union': {
            if (!present)
                return [missingKey(src, p)];
            return [
                new src_errors/* UserError */.yo(`${where} ${issue.message}`, {
                    location: (0,yaml_source/* locate */.x5)(src, p),
                    fix: p[p.length - 1] === 'accounts' ? 'write `accounts: all` or `accounts: [brand-us, brand-br]`' : 'correct this value'
                })
            ];
        }
        default:
            return [new src_errors/* UserError */.yo(`${where}: ${issue.message}`, { location: (0,yaml_source/* locate */.x5)(src, p), fix: 'correct this value' })];
    }
}
function hasKey(data, p) {
    const parent = (0,yaml_source/* valueAt */.fK)(data, p.slice(0, -1));
    return parent !== null && typeof parent === 'object' && Object.prototype.hasOwnProperty.call(parent, p[p.length - 1]);
}
function addKeyFix(key, topLevel) {
    const hint = missingHint(key, topLevel);
    return hint ? `add \`${key}:\` with${hint}` : `add \`${key}:\``;
}
function missingHint(key, topLevel) {
    if (topLevel) {
        if (key === 'apps')
            return ' with your TikTok app: its client_key and client_secret secret names';
        if (key === 'accounts')
            return ' with your TikTok accounts: app and refresh_token secret name';
        if (key === 'posts')
            return ' with a list of posts';
    }
    const hints = {
        id: ' a stable post id such as `spring-teaser`',
        video: ' a path inside the repository or an https:// URL',
        accounts: ' `all` or a list of account names',
        app: ' the name of an app under `apps`',
        refresh_token: ' the NAME of the secret holding the refresh token, e.g. TIKTOK_REFRESH_BRAND_US',
        client_key: ' the NAME of the secret holding the client key, e.g. TIKTOK_CLIENT_KEY',
        client_secret: ' the NAME of the secret holding the client secret, e.g. TIKTOK_CLIENT_SECRET',
    };
    return hints[key] ?? '';
}
function typeFix(expected, raw) {
    if (expected === 'string' && (typeof raw === 'number' || typeof raw === 'boolean'))
        return 'quote the value so YAML reads it as text, e.g. `"…"`';
    if (expected === 'int')
        return 'write a whole number';
    if (expected === 'boolean')
        return 'write `true` or `false` (unquoted)';
    if (expected === 'array')
        return 'write a list, e.g. `[a, b]` or one `- item` per line';
    if (expected === 'object' || expected === 'record')
        return 'write `key: value` lines indented under this key';
    if (expected === 'number')
        return 'write a number (unquoted)';
    return `write ${EXPECTED[expected] ?? expected}`;
}

// EXTERNAL MODULE: ./src/duration.ts
var duration = __webpack_require__(7607);
// EXTERNAL MODULE: ./src/manifest/checks.ts
var checks = __webpack_require__(2868);
// EXTERNAL MODULE: ./src/manifest/schema.ts
var schema = __webpack_require__(6470);
;// CONCATENATED MODULE: ./src/manifest/load-config.ts






const asRecord = (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined);
/**
 * An entry as its own schema reads it: taken from the whole file's parse when
 * that succeeded (the same schema, so the same result), parsed alone otherwise.
 */
function entryOf(parsed, value, schema) {
    if (parsed)
        return parsed;
    const r = schema.safeParse(value);
    return r.success ? r.data : undefined;
}
function appsOf(main, rawApps, parsedApps) {
    // keyed by names from the repository: no entry may reach an inherited property
    const apps = Object.create(null);
    for (const [name, value] of Object.entries(rawApps)) {
        const a = entryOf(asRecord(parsedApps?.[name]), value, schema/* appSchema */.vG);
        if (!a || (0,checks/* checkName */.I3)('app', name))
            continue;
        apps[name] = {
            name,
            clientKeySecret: a.client_key,
            clientSecretSecret: a.client_secret,
            audited: a.audited ?? false,
            pullPrefixes: a.pull_prefixes ?? [],
            ...(a.media_base_url !== undefined ? { mediaBaseUrl: a.media_base_url } : {}),
            location: (0,yaml_source/* locate */.x5)(main, ['apps', name], 'key')
        };
    }
    return apps;
}
function accountsOf(main, rawAccounts, parsedAccounts, appNames, errors) {
    const accounts = Object.create(null);
    for (const [name, value] of Object.entries(rawAccounts)) {
        const appName = asRecord(value)?.app;
        if (typeof appName === 'string' && !appNames.includes(appName))
            errors.push(unknownApp(main, name, appName, appNames));
        const a = entryOf(asRecord(parsedAccounts?.[name]), value, schema/* accountSchema */.rE);
        if (!a || (0,checks/* checkName */.I3)('account', name))
            continue;
        const window = a.limits?.window !== undefined ? (0,checks/* parseWindow */.Et)(a.limits.window) : undefined;
        accounts[name] = {
            name,
            app: a.app,
            refreshTokenSecret: a.refresh_token,
            timezone: (0,checks/* canonicalTimezone */.Um)(a.timezone ?? 'UTC'),
            limits: {
                ...(a.limits?.posts_per_day !== undefined ? { postsPerDay: a.limits.posts_per_day } : {}),
                ...(a.limits?.min_gap !== undefined ? { minGapMs: (0,duration/* parseDuration */.E)(a.limits.min_gap) } : {}),
                ...(window ? { window: { ...window, text: a.limits.window.trim() } } : {})
            },
            ...(a.keep_alive === undefined ? {} : { keepAlive: a.keep_alive === false || a.keep_alive === true || a.keep_alive.trim() === 'off' ? 'off' : (0,duration/* parseDuration */.E)(a.keep_alive) }),
            location: (0,yaml_source/* locate */.x5)(main, ['accounts', name], 'key')
        };
    }
    return accounts;
}
function unknownApp(main, account, appName, appNames) {
    const guess = didYouMean(appName, appNames);
    return new src_errors/* UserError */.yo(`account \`${account}\` names app \`${appName}\`, which is not under \`apps\``, {
        location: (0,yaml_source/* locate */.x5)(main, ['accounts', account, 'app']),
        fix: guess
            ? `did you mean \`${guess}\`?`
            : appNames.length
                ? `use one of: ${appNames.map((a) => `\`${a}\``).join(', ')}, or add \`${appName}\` under \`apps\``
                : `add \`${appName}:\` under \`apps\` with its client_key and client_secret secret names`
    });
}

// EXTERNAL MODULE: ./node_modules/tinyglobby/dist/index.mjs + 1 modules
var dist = __webpack_require__(3382);
// EXTERNAL MODULE: ./src/repo-paths.ts
var repo_paths = __webpack_require__(7746);
;// CONCATENATED MODULE: ./src/manifest/load-includes.ts









/** All included files together: 16 manifests' worth; more is a mistake or an attack. */
const MAX_INCLUDED_BYTES = 16 * 1024 * 1024;
/**
 * The files `include` names, read in sorted path order: their post entries,
 * and every file read (for errors' order and for the model's `files`).
 */
async function readIncludes(main, rawInclude, root, errors) {
    const entries = [];
    const files = [];
    const shown = [];
    let includedBytes = 0;
    for (const inc of await resolveIncludes(main, rawInclude, root, errors)) {
        includedBytes += (0,external_node_fs_.statSync)(inc, { throwIfNoEntry: false })?.size ?? 0;
        if (includedBytes > MAX_INCLUDED_BYTES) {
            errors.push(new src_errors/* UserError */.yo(`the included files add up to more than ${MAX_INCLUDED_BYTES / 1024 / 1024} MiB, from ${(0,yaml_source/* displayPath */.Gt)(inc)} on`, {
                location: (0,yaml_source/* locate */.x5)(main, ['include']),
                fix: 'include fewer or smaller files: a manifest of posts never needs this much'
            }));
            break;
        }
        const src = await (0,yaml_source/* readYamlFile */.kv)(inc, errors);
        files.push(inc);
        if (!src)
            continue;
        shown.push(src.file);
        if (src.data === undefined) {
            errors.push(new src_errors/* UserError */.yo(`included file ${src.file} is empty`, {
                location: { file: src.file, line: 1, column: 1 },
                fix: 'give it a `posts:` list, or delete it'
            }));
            continue;
        }
        const r = schema/* includeFileSchema */.g0.safeParse(src.data);
        if (!r.success)
            errors.push(...issuesToErrors(r.error.issues, src, schema/* includeFileSchema */.g0));
        const posts = asRecord(src.data)?.posts;
        const parsed = r.success ? r.data.posts : undefined;
        if (Array.isArray(posts))
            posts.forEach((p, i) => entries.push({ src, path: ['posts', i], raw: p, parsed: parsed?.[i] }));
    }
    return { entries, files, shown };
}
async function resolveIncludes(main, rawInclude, root, errors) {
    if (!Array.isArray(rawInclude))
        return [];
    const dir = external_node_path_default().dirname(main.abs);
    const origin = new Map();
    for (const [i, pattern] of rawInclude.entries()) {
        if (typeof pattern !== 'string' || pattern === '')
            continue; // the schema reports these
        const location = (0,yaml_source/* locate */.x5)(main, ['include', i]);
        if (external_node_path_default().isAbsolute(pattern) || pattern.includes('\\')) {
            errors.push(new src_errors/* UserError */.yo(`include \`${pattern}\` must be a relative path with forward slashes`, {
                location,
                fix: 'write the glob relative to the manifest\'s folder, e.g. `posts/*.yml`'
            }));
            continue;
        }
        // judged on the pattern itself, not on what it happens to match: `../*.yml` must be refused
        // on a machine where the folder above holds nothing as much as on one where it does
        const reach = external_node_path_default().relative(root, external_node_path_default().resolve(dir, pattern));
        if (reach === '..' || reach.startsWith('../') || external_node_path_default().isAbsolute(reach)) {
            errors.push(new src_errors/* UserError */.yo(`include \`${pattern}\` climbs with \`..\` outside the repository (${root})`, {
                location,
                fix: 'keep included files inside the repository and write the glob without `..` past its root'
            }));
            continue;
        }
        let matches;
        if (!(0,dist/* isDynamicPattern */.ey)(pattern)) {
            const f = external_node_path_default().resolve(dir, pattern);
            let isFile = false;
            try {
                isFile = (0,external_node_fs_.statSync)(f).isFile();
            }
            catch {
                isFile = false;
            }
            if (!isFile) {
                errors.push(new src_errors/* UserError */.yo(`include \`${pattern}\` does not exist`, {
                    location,
                    fix: `create it, correct the path (relative to ${external_node_path_default().dirname(main.file) || '.'}), or remove the entry; a glob such as \`posts/*.yml\` may match nothing`
                }));
                continue;
            }
            matches = [f];
        }
        else {
            matches = (await (0,dist/* glob */.TI)(pattern, { cwd: dir, absolute: true, onlyFiles: true, expandDirectories: false })).map((m) => external_node_path_default().resolve(m));
        }
        for (const m of matches) {
            if (m === main.abs || origin.has(m))
                continue;
            // a symlinked folder inside the repository may lead out of it, and
            // `.git/config` holds the checkout's token: judge where the file really is
            const misplaced = (0,repo_paths/* checkRepositoryPath */.CS)({
                what: `include \`${pattern}\` reaches`,
                file: m,
                root,
                location,
                fix: 'keep included files inside the repository, outside `.git/`'
            });
            if (misplaced) {
                errors.push(misplaced);
                continue;
            }
            origin.set(m, i);
        }
    }
    return [...origin.keys()].sort();
}

;// CONCATENATED MODULE: ./src/manifest/photos.ts

/*
 * TikTok takes photos only by pulling them from URLs under a prefix verified
 * for the app. A photo committed to the repository is pulled from where the
 * repository is served (the app's media_base_url), so its URL depends on the
 * app: two accounts of two apps may pull the same file from two places.
 */
const where = (l) => `${l.file}:${l.line}:${l.column}`;
/** `media/a b.jpg` under `https://m.example.com/` → `https://m.example.com/media/a%20b.jpg`; undefined without a base. */
function servedUrl(image, app) {
    if (image.kind === 'url')
        return image.url;
    if (app.mediaBaseUrl === undefined)
        return undefined;
    return app.mediaBaseUrl + image.path.split('/').map(encodeURIComponent).join('/');
}
/** Why TikTok would refuse to pull this image for an account of `app`, with the fix; undefined when it may. */
function photoUrlProblem(image, url, app, account) {
    const prefixes = app.pullPrefixes;
    if (url === undefined) {
        return {
            message: `photo \`${image.kind === 'file' ? image.path : ''}\` is a repository path, but app \`${app.name}\` (account \`${account}\`) has no \`media_base_url\` saying where the repository's files are served`,
            fix: `add \`media_base_url:\` to \`apps.${app.name}\` (${where(app.location)}), the https address serving this repository (e.g. GitHub Pages on the domain verified in TikTok's developer portal), or write the image's https URL`
        };
    }
    if (prefixes.length === 0) {
        return {
            message: `TikTok pulls photos from URLs, but app \`${app.name}\` (account \`${account}\`) has no \`pull_prefixes\`; this photo would be pulled from ${url}`,
            fix: `add the URL prefix verified for app \`${app.name}\` in TikTok's developer portal to \`apps.${app.name}.pull_prefixes\` (${where(app.location)})`
        };
    }
    if (!prefixes.some((p) => (0,checks/* matchesPullPrefix */.Zy)(url, p))) {
        return {
            message: `the photo URL ${url} does not start with any of app \`${app.name}\`'s \`pull_prefixes\` (account \`${account}\`)`,
            fix: image.kind === 'file'
                ? `serve the repository under ${prefixes.map((x) => `\`${x}\``).join(' or ')} (set \`apps.${app.name}.media_base_url\` to match), or add the verified prefix to \`apps.${app.name}.pull_prefixes\` (${where(app.location)})`
                : `use a URL under ${prefixes.map((x) => `\`${x}\``).join(' or ')}, or add its verified prefix to \`apps.${app.name}.pull_prefixes\` (${where(app.location)})`
        };
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/manifest/load-post.ts









/*
 * One `posts:` entry into a Post, in named steps: its references (id,
 * accounts, captions), its media (a video or a photo carousel), and one target
 * per account with TikTok's privacy rules. Every problem is collected; a
 * location is looked up only where something is reported, or kept.
 */
const load_post_where = (l) => `${l.file}:${l.line}:${l.column}`;
function once(ctx, key, make) {
    if (ctx.reported.has(key))
        return;
    ctx.reported.add(key);
    ctx.errors.push(make());
}
/** The entry as a Post, or undefined when it is too broken to be one (its problems are in ctx.errors). */
function postOf(ctx, entry) {
    const { src } = entry;
    const e = {
        ctx,
        src,
        at: (...rest) => (0,yaml_source/* locate */.x5)(src, [...entry.path, ...rest]),
        keyAt: (...rest) => (0,yaml_source/* locate */.x5)(src, [...entry.path, ...rest], 'key')
    };
    checkReferences(e, asRecord(entry.raw));
    let p;
    if (entry.parsed !== undefined)
        p = entry.parsed;
    else {
        const r = schema/* postSchema */.Qn.safeParse(entry.raw);
        if (!r.success)
            return undefined;
        p = r.data;
    }
    const video = videoOf(e, p, entry.path);
    if (!video)
        return undefined;
    const targetNames = p.accounts === 'all' ? ctx.accountNames : [...new Set(p.accounts)];
    const targets = targetNames.map((name) => targetOf(e, p, video, name));
    return {
        id: p.id,
        video,
        ...(p.at !== undefined ? { at: (0,checks/* parseInstant */.nV)(p.at) } : {}),
        ...(p.cover_ms !== undefined ? { coverMs: p.cover_ms } : {}),
        disclose: {
            yourBrand: p.disclose?.your_brand ?? false,
            brandedContent: p.disclose?.branded_content ?? false,
            aiGenerated: p.disclose?.ai_generated ?? false
        },
        targets,
        location: e.keyAt(),
        videoLocation: video.kind === 'photos' ? e.at('photos') : e.at('video')
    };
}
/**
 * The id (used once), the accounts and the captions' accounts, checked on the
 * raw entry so they are reported even when another field of the post is wrong.
 */
function checkReferences(e, rawPost) {
    const { ctx } = e;
    if (rawPost && typeof rawPost.id === 'string' && rawPost.id !== '') {
        const prev = ctx.seenIds.get(rawPost.id);
        const here = e.at('id');
        if (prev) {
            ctx.errors.push(new src_errors/* UserError */.yo(`post id \`${rawPost.id}\` is used twice: here and at ${load_post_where(prev)}`, {
                location: here,
                fix: 'give each post its own id (ids are the key of the published state and are never reused)'
            }));
        }
        else
            ctx.seenIds.set(rawPost.id, here);
    }
    let rawTargets;
    if (rawPost?.accounts === 'all')
        rawTargets = ctx.accountSet;
    else if (Array.isArray(rawPost?.accounts))
        rawTargets = listedAccounts(e, rawPost.accounts);
    const rawCaptions = asRecord(rawPost?.captions);
    if (rawCaptions && rawTargets) {
        for (const name of Object.keys(rawCaptions)) {
            if (rawTargets.has(name))
                continue;
            const guess = ctx.accountSet.has(name) ? undefined : didYouMean(name, [...rawTargets]);
            ctx.errors.push(new src_errors/* UserError */.yo(`\`captions\` has a caption for \`${name}\`, which this post does not post to`, {
                location: e.keyAt('captions', name),
                fix: guess ? `did you mean \`${guess}\`?` : `add \`${name}\` to the post's \`accounts\`, or remove this caption`
            }));
        }
    }
}
function listedAccounts(e, listed) {
    const { ctx } = e;
    const names = new Set();
    listed.forEach((name, j) => {
        if (typeof name !== 'string')
            return;
        if (names.has(name)) {
            ctx.errors.push(new src_errors/* UserError */.yo(`account \`${name}\` is listed twice`, { location: e.at('accounts', j), fix: 'list each account once' }));
            return;
        }
        names.add(name);
        if (!ctx.accountSet.has(name)) {
            const guess = didYouMean(name, ctx.accountNames);
            ctx.errors.push(new src_errors/* UserError */.yo(`post names account \`${name}\`, which is not under \`accounts\``, {
                location: e.at('accounts', j),
                fix: guess ? `did you mean \`${guess}\`?` : `add \`${name}:\` under \`accounts\`, or use one of: ${ctx.accountNames.map((a) => `\`${a}\``).join(', ')}`
            }));
        }
    });
    return names;
}
/** A photo carousel, a file video or a URL video; undefined when the post has none or both. */
function videoOf(e, p, entryPath) {
    const { ctx } = e;
    if (p.photos !== undefined) {
        if (p.video === undefined)
            return photosOf(e, p, p.photos);
        ctx.errors.push(new src_errors/* UserError */.yo(`post \`${p.id}\` has both \`video\` and \`photos\``, {
            location: e.keyAt('photos'),
            fix: 'a post is either a video or a photo carousel: keep one, and give the other its own post id'
        }));
        return undefined;
    }
    if (p.video === undefined) {
        ctx.errors.push(new src_errors/* UserError */.yo(`${pathText(entryPath)}: missing required key \`video\``, {
            location: e.at(),
            fix: 'add `video:` with a path inside the repository or an https:// URL, or `photos:` with 1 to 35 JPEG or WebP images'
        }));
        return undefined;
    }
    for (const key of ['cover', 'title', 'auto_add_music']) {
        if (p[key] === undefined)
            continue;
        ctx.errors.push(new src_errors/* UserError */.yo(`\`${key}\` applies to photo posts; post \`${p.id}\` is a video`, {
            location: e.keyAt(key),
            fix: key === 'cover' ? 'use `cover_ms:` to pick the video frame, or remove `cover`' : `remove \`${key}\`, or make the post a photo post with \`photos:\``
        }));
    }
    // the schema allows photo descriptions (4000); a video caption has TikTok's video limit
    const captions = [];
    if (p.caption !== undefined)
        captions.push([p.caption, () => e.at('caption')]);
    for (const [name, text] of Object.entries(p.captions ?? {}))
        captions.push([text, () => e.at('captions', name)]);
    for (const [text, at] of captions) {
        const problem = (0,checks/* checkCaption */.Bp)(text);
        if (problem)
            ctx.errors.push(new src_errors/* UserError */.yo(problem.message, { location: at(), fix: problem.fix }));
    }
    return /^https:\/\//i.test(p.video) ? { kind: 'url', url: p.video } : { kind: 'file', path: p.video, absPath: external_node_path_default().resolve(ctx.root, p.video) };
}
function photosOf(e, p, photos) {
    const { ctx } = e;
    const images = photos.map((value, j) => /^https:\/\//i.test(value)
        ? { kind: 'url', url: value, location: e.at('photos', j) }
        : { kind: 'file', path: value, absPath: external_node_path_default().resolve(ctx.root, value), location: e.at('photos', j) });
    const cover = p.cover ?? 0;
    if (cover >= images.length) {
        ctx.errors.push(new src_errors/* UserError */.yo(`\`cover: ${cover}\` points past the last of the ${images.length} photos (0 is the first)`, {
            location: e.at('cover'),
            fix: `use an index from 0 to ${images.length - 1}, or remove \`cover\` to use the first photo`
        }));
    }
    const refused = ['duet', 'stitch'].filter((k) => p.allow?.[k] === true);
    if (refused.length) {
        ctx.errors.push(new src_errors/* UserError */.yo(`photo post \`${p.id}\` turns on ${refused.join(' and ')}, which TikTok photo posts do not have`, {
            location: e.at('allow', refused[0]),
            fix: `remove \`${refused.join('` and `')}\` from this post's \`allow\` (only \`comments\` applies to photos)`
        }));
    }
    if (p.cover_ms !== undefined) {
        ctx.errors.push(new src_errors/* UserError */.yo('`cover_ms` picks a video frame; a photo post has none', {
            location: e.at('cover_ms'),
            fix: 'use `cover:` with the index of the cover photo instead'
        }));
    }
    return { kind: 'photos', images, cover, title: p.title ?? '', autoAddMusic: p.auto_add_music ?? false };
}
/** The post as one account receives it: its caption, mode, privacy, interactions and photo URLs. */
function targetOf(e, p, video, name) {
    const { ctx } = e;
    const account = ctx.accounts[name];
    const app = account ? ctx.apps[account.app] : undefined;
    const mode = p.mode ?? ctx.defaults?.mode ?? 'direct';
    const caption = p.captions?.[name] ?? p.caption ?? '';
    const photoUrls = video.kind === 'photos' && app ? photoUrlsOf(ctx, video.images, app, name) : undefined;
    if (video.kind === 'url' && app)
        checkPullPrefix(e, p, video.url, app, name);
    if (mode === 'inbox') {
        // TikTok takes neither privacy nor interactions for drafts: the
        // creator chooses them in the app, so none are carried.
        return { account: name, caption, mode, privacy: undefined, allow: { comments: false, duet: false, stitch: false }, ...(photoUrls ? { photoUrls } : {}) };
    }
    const privacy = p.privacy ?? ctx.defaults?.privacy;
    const allow = {
        comments: p.allow?.comments ?? ctx.defaults?.allow?.comments ?? false,
        duet: p.allow?.duet ?? ctx.defaults?.allow?.duet ?? false,
        stitch: p.allow?.stitch ?? ctx.defaults?.allow?.stitch ?? false
    };
    checkPrivacy(e, p, privacy, app, name);
    return { account: name, caption, mode, privacy, allow, ...(photoUrls ? { photoUrls } : {}) };
}
function photoUrlsOf(ctx, images, app, name) {
    const urls = [];
    for (const image of images) {
        const url = servedUrl(image, app);
        const problem = photoUrlProblem(image, url, app, name);
        if (problem)
            once(ctx, `photo-url:${load_post_where(image.location)}:${app.name}`, () => new src_errors/* UserError */.yo(problem.message, { location: image.location, fix: problem.fix }));
        else
            urls.push(url);
    }
    return urls;
}
function checkPullPrefix(e, p, videoUrl, app, name) {
    const key = `prefix:${p.id}:${app.name}`;
    // once per post and app: the answer is the same for every account of the app
    if (e.ctx.reported.has(key) || app.pullPrefixes.some((prefix) => (0,checks/* matchesPullPrefix */.Zy)(videoUrl, prefix)))
        return;
    once(e.ctx, key, () => app.pullPrefixes.length === 0
        ? new src_errors/* UserError */.yo(`the video is an https URL, but app \`${app.name}\` (account \`${name}\`) has no \`pull_prefixes\``, {
            location: e.at('video'),
            fix: `add the URL prefix verified for app \`${app.name}\` in TikTok's developer portal to \`apps.${app.name}.pull_prefixes\` (${load_post_where(app.location)}), or commit the video to the repository and write its path`
        })
        : new src_errors/* UserError */.yo(`the video URL does not start with any of app \`${app.name}\`'s \`pull_prefixes\` (account \`${name}\`)`, {
            location: e.at('video'),
            fix: `use a URL under ${app.pullPrefixes.map((x) => `\`${x}\``).join(' or ')}, or add its verified prefix to \`apps.${app.name}.pull_prefixes\` (${load_post_where(app.location)})`
        }));
}
/** TikTok's rules on a direct post's privacy: one must be chosen; an unaudited app posts SELF_ONLY; branded content is never private. */
function checkPrivacy(e, p, privacy, app, name) {
    const { ctx } = e;
    if (privacy === undefined) {
        if (!ctx.defaults)
            return;
        once(ctx, `privacy:${p.id}:${load_post_where(e.keyAt())}`, () => new src_errors/* UserError */.yo(`post \`${p.id}\` is a direct post with no privacy: neither the post nor \`defaults\` sets \`privacy\``, {
            location: e.keyAt(),
            fix: `add \`privacy:\` to this post or to \`defaults\` in ${ctx.main.file} (PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR or SELF_ONLY; SELF_ONLY for an unaudited app): TikTok requires the poster to choose it`
        }));
        return;
    }
    const fromDefaults = p.privacy === undefined;
    const privacyAt = () => (fromDefaults ? (0,yaml_source/* locate */.x5)(ctx.main, ['defaults', 'privacy']) : e.at('privacy'));
    if (app && !app.audited && privacy !== 'SELF_ONLY') {
        const at = privacyAt();
        once(ctx, `audit:${load_post_where(at)}:${app.name}`, () => new src_errors/* UserError */.yo(`post \`${p.id}\` would direct-post to \`${name}\` as ${privacy}${fromDefaults ? ' (from `defaults`)' : ''}, but app \`${app.name}\` is not audited, and TikTok lets an unaudited app direct-post only SELF_ONLY`, {
            location: at,
            fix: `set \`privacy: SELF_ONLY\`${fromDefaults ? ' (on the post or in `defaults`)' : ''}, or set \`audited: true\` on app \`${app.name}\` (${load_post_where(app.location)}) once TikTok has audited the app; \`mode: inbox\` instead sends a draft the creator can publish publicly`
        }));
    }
    if (p.disclose?.branded_content === true && privacy === 'SELF_ONLY') {
        once(ctx, `branded:${p.id}`, () => new src_errors/* UserError */.yo(`post \`${p.id}\` is branded content but ${fromDefaults ? '`defaults` make it' : 'it is'} SELF_ONLY; TikTok forbids private branded content`, {
            location: e.at('disclose', 'branded_content'),
            fix: `choose a privacy other than SELF_ONLY (which needs an audited app), or set \`branded_content: false\` if the post is not a paid partnership`
        }));
    }
}

;// CONCATENATED MODULE: ./src/manifest/load.ts












/** Nearest ancestor of `dir` (itself included) holding `.git`, else `dir`. */
function findRepositoryRoot(dir) {
    let d = external_node_path_default().resolve(dir);
    for (;;) {
        if ((0,external_node_fs_.existsSync)(external_node_path_default().join(d, '.git')))
            return d;
        const up = external_node_path_default().dirname(d);
        if (up === d)
            return external_node_path_default().resolve(dir);
        d = up;
    }
}
/**
 * Reads the manifest and its includes, validates everything, and returns the
 * normalized model. Throws UserErrors listing every problem found, each with
 * file, line, column and a fix; nothing is returned unless all is well.
 */
async function loadManifest(file, options = {}) {
    const abs = external_node_path_default().resolve(file);
    const errors = [];
    const fileOrder = [];
    const fail = () => {
        throw new src_errors/* UserErrors */.tQ(sortErrors(errors, fileOrder).map(visible));
    };
    const root = options.root !== undefined ? external_node_path_default().resolve(options.root) : findRepositoryRoot(external_node_path_default().dirname(abs));
    const main = await readMain(abs, errors);
    if (!main)
        return fail();
    fileOrder.push(main.file);
    const parsed = schema/* manifestSchema */.rc.safeParse(main.data);
    if (!parsed.success)
        errors.push(...issuesToErrors(parsed.error.issues, main, schema/* manifestSchema */.rc));
    // every entry below is read from the whole file's parse when it succeeded, and parsed alone otherwise
    const whole = parsed.success ? parsed.data : undefined;
    const raw = asRecord(main.data) ?? {};
    const rawApps = asRecord(raw.apps) ?? {};
    const rawAccounts = asRecord(raw.accounts) ?? {};
    const apps = appsOf(main, rawApps, whole?.apps);
    const accountNames = Object.keys(rawAccounts);
    const accounts = accountsOf(main, rawAccounts, whole?.accounts, Object.keys(rawApps), errors);
    // When `defaults` is itself broken, rules that depend on it are skipped
    // rather than reported as if it were absent.
    const defaultsResult = schema/* defaultsSchema */.ms.safeParse(raw.defaults ?? {});
    const defaults = defaultsResult.success ? defaultsResult.data : undefined;
    const entries = [];
    if (Array.isArray(raw.posts))
        raw.posts.forEach((p, i) => entries.push({ src: main, path: ['posts', i], raw: p, parsed: whole?.posts?.[i] }));
    const included = await readIncludes(main, raw.include, root, errors);
    entries.push(...included.entries);
    fileOrder.push(...included.shown);
    const ctx = {
        main,
        root,
        apps,
        accounts,
        accountNames,
        accountSet: new Set(accountNames),
        defaults,
        errors,
        seenIds: new Map(),
        reported: new Set()
    };
    const posts = [];
    for (const entry of entries) {
        const post = postOf(ctx, entry);
        if (post)
            posts.push(post);
    }
    if (errors.length > 0)
        return fail();
    return { file: abs, root, apps, accounts, posts, files: [abs, ...included.files] };
}
/**
 * The manifest itself, refused before a byte is read when it is not a plain
 * file of the repository: a manifest that is a link to `.git/config` must not
 * have its credential quoted back in a YAML error.
 */
async function readMain(abs, errors) {
    const misplaced = (0,repo_paths/* checkRepositoryPath */.CS)({
        what: 'the manifest',
        file: abs,
        // its own repository: an explicit root only says where videos resolve
        root: findRepositoryRoot(external_node_path_default().dirname(abs)),
        location: { file: (0,yaml_source/* displayPath */.Gt)(abs), line: 1, column: 1 },
        fix: 'keep the manifest a plain file inside the repository, outside `.git/`'
    });
    if (misplaced) {
        errors.push(misplaced);
        return undefined;
    }
    const main = await (0,yaml_source/* readYamlFile */.kv)(abs, errors);
    if (!main || main.data !== undefined)
        return main;
    errors.push(new src_errors/* UserError */.yo(`${main.file} is empty`, {
        location: { file: main.file, line: 1, column: 1 },
        fix: 'start with `version: 1`, then `apps:`, `accounts:` and `posts:` (see the README)'
    }));
    return undefined;
}
function visible(e) {
    if (!(0,src_text/* hasInvisible */.w)(e.message, { keepLayout: true }) && !(0,src_text/* hasInvisible */.w)(e.fix ?? '', { keepLayout: true }))
        return e;
    return new src_errors/* UserError */.yo((0,src_text/* showInvisible */.j)(e.message, { keepLayout: true }), { location: e.location, fix: e.fix === undefined ? undefined : (0,src_text/* showInvisible */.j)(e.fix, { keepLayout: true }) });
}
function sortErrors(errors, fileOrder) {
    const rank = (e) => {
        const i = e.location ? fileOrder.indexOf(e.location.file) : -1;
        return i < 0 ? fileOrder.length : i;
    };
    return errors
        .map((e, i) => ({ e, i }))
        .sort((a, b) => rank(a.e) - rank(b.e) ||
        (a.e.location?.line ?? 0) - (b.e.location?.line ?? 0) ||
        (a.e.location?.column ?? 0) - (b.e.location?.column ?? 0) ||
        a.i - b.i)
        .map((x) => x.e);
}


/***/ }),

/***/ 5848:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ DEFAULT_KEEP_ALIVE_MS),
/* harmony export */   T: () => (/* binding */ PRIVACY_LEVELS)
/* harmony export */ });
const PRIVACY_LEVELS = [
    'PUBLIC_TO_EVERYONE',
    'MUTUAL_FOLLOW_FRIENDS',
    'FOLLOWER_OF_CREATOR',
    'SELF_ONLY'
];
/** An idle account's refresh token is renewed when it expires within this. */
const DEFAULT_KEEP_ALIVE_MS = 30 * 86_400_000;


/***/ }),

/***/ 6470:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qn: () => (/* binding */ postSchema),
/* harmony export */   g0: () => (/* binding */ includeFileSchema),
/* harmony export */   ms: () => (/* binding */ defaultsSchema),
/* harmony export */   rE: () => (/* binding */ accountSchema),
/* harmony export */   rc: () => (/* binding */ manifestSchema),
/* harmony export */   vG: () => (/* binding */ appSchema)
/* harmony export */ });
/* unused harmony exports allowSchema, discloseSchema, limitsSchema */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9691);
/* harmony import */ var _model_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5848);
/* harmony import */ var _checks_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2868);



/**
 * The manifest as users write it (v1, docs/GUIDE.md "Manifest reference"). The schema only describes
 * and checks single values; references between entries (accounts, apps, ids,
 * TikTok's privacy rules) are checked by the loader, which knows every file.
 * Refinements carry their fix in `params.fix` so errors can tell what to do.
 */
function refined(schema, check) {
    return schema.superRefine((value, ctx) => {
        const problem = check(value);
        if (problem)
            ctx.addIssue({ code: 'custom', message: problem.message, params: { fix: problem.fix }, input: value });
    });
}
function secretName(example, description) {
    return refined(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), (v) => (0,_checks_js__WEBPACK_IMPORTED_MODULE_0__/* .checkSecretName */ .aM)(v, example)).meta({
        description: `${description} The NAME of a repository secret or environment variable, never its value.`,
        pattern: _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .SECRET_NAME_RE */ .hn.source,
        examples: [example]
    });
}
const privacySchema = zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(_model_js__WEBPACK_IMPORTED_MODULE_2__/* .PRIVACY_LEVELS */ .T).meta({
    description: 'Who can see the post. TikTok requires the poster to choose it: there is no built-in default.'
});
const modeSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(['direct', 'inbox']).meta({
    description: '`direct` publishes; `inbox` sends a draft to the creator\'s TikTok inbox (no caption or privacy at TikTok).'
});
const allowSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    comments: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY().optional(),
    duet: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY().optional(),
    stitch: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY().optional()
})
    .meta({ description: 'Interactions to turn on. Anything not turned on is off.' });
const discloseSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    your_brand: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY().optional().meta({ description: 'Promotional content: promotes your own business (brand_organic_toggle).' }),
    branded_content: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY().optional().meta({ description: 'Paid partnership promoting a third party (brand_content_toggle). Cannot be SELF_ONLY.' }),
    ai_generated: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY().optional().meta({ description: 'AI-generated content label (is_aigc).' })
})
    .meta({ description: 'Commercial and AI disclosure.' });
const appSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    client_key: secretName('TIKTOK_CLIENT_KEY', 'Secret holding the app\'s client key.'),
    client_secret: secretName('TIKTOK_CLIENT_SECRET', 'Secret holding the app\'s client secret.'),
    audited: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY().optional().meta({
        description: 'Whether TikTok has audited the app. Default false: direct posts must be SELF_ONLY and accounts private.'
    }),
    pull_prefixes: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(refined(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .checkPullPrefix */ .S))
        .optional()
        .meta({ description: 'https URL prefixes verified for this app in TikTok\'s developer portal (PULL_FROM_URL).' }),
    media_base_url: refined(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .checkMediaBaseUrl */ .x)
        .optional()
        .meta({
        description: 'Where this repository\'s files are served over https, ending with `/`: a photo `media/a.jpg` is pulled from `<media_base_url>media/a.jpg`, which must start with one of `pull_prefixes`.',
        examples: ['https://media.example.com/']
    })
});
const limitsSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    posts_per_day: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig()
        .int()
        .min(1)
        .max(_checks_js__WEBPACK_IMPORTED_MODULE_0__/* .DIRECT_POSTS_PER_DAY_CEILING */ .po)
        .optional()
        .meta({ description: `Posts per local calendar day; can only lower the built-in ceiling of ${_checks_js__WEBPACK_IMPORTED_MODULE_0__/* .DIRECT_POSTS_PER_DAY_CEILING */ .po}.` }),
    min_gap: refined(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .checkMinGap */ .tD)
        .optional()
        .meta({ description: 'Least time between two posts on this account, e.g. `2h` or `1h30m`.' }),
    window: refined(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .checkWindow */ .pr)
        .optional()
        .meta({ description: 'Local hours when posting is allowed, "HH:MM-HH:MM"; may wrap past midnight.', pattern: '^\\d{2}:\\d{2}-\\d{2}:\\d{2}$' })
})
    .meta({ description: 'Per-account pacing; all optional.' });
const accountSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    app: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().meta({ description: 'Name of the app (under `apps`) this account authorized.' }),
    refresh_token: secretName('TIKTOK_REFRESH_BRAND_US', 'Secret holding the account\'s refresh token.'),
    timezone: refined(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .checkTimezone */ .UF)
        .optional()
        .meta({ description: 'IANA time zone for windows and daily limits; default UTC.' }),
    limits: limitsSchema.optional(),
    keep_alive: zod__WEBPACK_IMPORTED_MODULE_1__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY()], { error: 'keep_alive must be a duration such as `30d`, or `off`' })
        .superRefine((value, ctx) => {
        const problem = value === false ? undefined : (0,_checks_js__WEBPACK_IMPORTED_MODULE_0__/* .checkKeepAlive */ .rc)(value === true ? 'true' : value);
        if (problem)
            ctx.addIssue({ code: 'custom', message: problem.message, params: { fix: problem.fix }, input: value });
    })
        .optional()
        .meta({
        description: 'Refresh the token of an account with nothing to post when its refresh token expires within this, e.g. `30d` (the default); `off` lets an idle account\'s token lapse.'
    })
});
const defaultsSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    mode: modeSchema.optional(),
    privacy: privacySchema.optional(),
    allow: allowSchema.optional()
})
    .meta({ description: 'Settings every post takes unless it says otherwise.' });
// A photo post's caption is TikTok's photo description (4000); a video's is
// checked against its own limit (2200) by the loader, which knows the post's kind.
const captionSchema = refined(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), (text) => (0,_checks_js__WEBPACK_IMPORTED_MODULE_0__/* .checkCaption */ .Bp)(text, _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .PHOTO_DESCRIPTION_MAX */ .$k)).meta({
    description: `Caption with hashtags and @mentions; at most ${_checks_js__WEBPACK_IMPORTED_MODULE_0__/* .CAPTION_MAX */ .S_} UTF-16 code units for a video, ${_checks_js__WEBPACK_IMPORTED_MODULE_0__/* .PHOTO_DESCRIPTION_MAX */ .$k} for photos (the photo description).`,
    maxLength: _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .PHOTO_DESCRIPTION_MAX */ .$k
});
function checkPhotoCount(list) {
    if (list.length === 0)
        return { message: '`photos` is empty', fix: 'list 1 to 35 images (JPEG or WebP), or write `video:` instead' };
    if (list.length > _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .PHOTOS_MAX */ .J) {
        return { message: `\`photos\` lists ${list.length} images; TikTok takes at most ${_checks_js__WEBPACK_IMPORTED_MODULE_0__/* .PHOTOS_MAX */ .J}`, fix: `remove ${list.length - _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .PHOTOS_MAX */ .J}, or split them into two posts` };
    }
    return undefined;
}
const postSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    id: refined(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .checkPostId */ .Yt).meta({
        description: 'Stable key: lowercase letters, digits, - _ . ; never reused.',
        pattern: _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .POST_ID_RE */ .JX.source
    }),
    video: refined(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .checkVideo */ .GD)
        .optional()
        .meta({
        description: 'A path inside the repository (FILE_UPLOAD), or an https:// URL on one of the app\'s pull_prefixes (PULL_FROM_URL). A post has `video` or `photos`.'
    }),
    photos: refined(zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(refined(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .checkPhoto */ .ZW)), checkPhotoCount)
        .optional()
        .meta({
        description: `A photo post: 1 to ${_checks_js__WEBPACK_IMPORTED_MODULE_0__/* .PHOTOS_MAX */ .J} JPEG or WebP images, each a repository path (served at the app's media_base_url) or an https:// URL on one of the app's pull_prefixes. TikTok pulls them; a post has \`video\` or \`photos\`.`,
        minItems: 1,
        maxItems: _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .PHOTOS_MAX */ .J
    }),
    cover: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig()
        .int()
        .min(0)
        .max(_checks_js__WEBPACK_IMPORTED_MODULE_0__/* .PHOTOS_MAX */ .J - 1)
        .optional()
        .meta({ description: 'Photo posts: index into `photos` (0 = the first) of the cover image; default 0.' }),
    title: refined(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .checkPhotoTitle */ .lI)
        .optional()
        .meta({ description: `Photo posts: the title, at most ${_checks_js__WEBPACK_IMPORTED_MODULE_0__/* .PHOTO_TITLE_MAX */ .rQ} UTF-16 code units; \`caption\` is the description.`, maxLength: _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .PHOTO_TITLE_MAX */ .rQ }),
    auto_add_music: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY().optional().meta({ description: 'Photo posts: let TikTok add music.' }),
    caption: captionSchema.optional(),
    accounts: zod__WEBPACK_IMPORTED_MODULE_1__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz('all'), zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP()).min(1)], {
        error: 'must be `all` or a list of account names'
    })
        .meta({ description: '`all`, or the names of the accounts to post to.' }),
    at: refined(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .checkInstant */ .wv)
        .optional()
        .meta({ description: 'Not before this instant: ISO-8601 with a zone, e.g. 2026-12-01T17:00:00Z.' }),
    mode: modeSchema.optional(),
    privacy: privacySchema.optional(),
    allow: allowSchema.optional(),
    cover_ms: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig()
        .int()
        .min(0)
        .max(_checks_js__WEBPACK_IMPORTED_MODULE_0__/* .COVER_MS_MAX */ .s$)
        .optional()
        .meta({ description: 'Time of the frame used as cover, in milliseconds.' }),
    disclose: discloseSchema.optional(),
    captions: zod__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), captionSchema)
        .optional()
        .meta({ description: 'Per-account captions, keyed by account name; each replaces `caption` for that account.' })
}).meta({
    // exactly one of the two; the loader says which is missing or extra, with its line
    oneOf: [{ required: ['video'] }, { required: ['photos'] }]
});
const appsSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1P(refined(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), (n) => (0,_checks_js__WEBPACK_IMPORTED_MODULE_0__/* .checkName */ .I3)('app', n)).meta({ pattern: _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .NAME_RE */ .eF.source }), appSchema)
    .meta({ description: 'TikTok developer apps, by name.' });
const accountsSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1P(refined(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), (n) => (0,_checks_js__WEBPACK_IMPORTED_MODULE_0__/* .checkName */ .I3)('account', n)).meta({ pattern: _checks_js__WEBPACK_IMPORTED_MODULE_0__/* .NAME_RE */ .eF.source }), accountSchema)
    .meta({ description: 'TikTok accounts, by name.' });
const includeSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().min(1))
    .meta({ description: 'Globs, relative to this file, of files holding more `posts:`.' });
const manifestSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    version: zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz(1).meta({ description: 'Manifest format version.' }),
    apps: appsSchema,
    accounts: accountsSchema,
    // An empty `posts:` (every entry commented out) means no posts, not an error.
    defaults: defaultsSchema.nullable().optional(),
    posts: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(postSchema).nullable().optional(),
    include: includeSchema.nullable().optional()
})
    .meta({
    title: 'tiktok-publish manifest',
    description: 'Videos, captions and accounts that tiktok-publish publishes to TikTok (tiktok.yml, version 1).'
});
/** An `include`d file holds posts and nothing else. */
const includeFileSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({ posts: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(postSchema).nullable() });


/***/ }),

/***/ 8558:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gt: () => (/* binding */ displayPath),
/* harmony export */   fK: () => (/* binding */ valueAt),
/* harmony export */   kv: () => (/* binding */ readYamlFile),
/* harmony export */   x5: () => (/* binding */ locate)
/* harmony export */ });
/* unused harmony exports MAX_MANIFEST_BYTES, at, parseYamlText, clip, excerpt */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/* harmony import */ var _checks_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2868);





const MAX_MANIFEST_BYTES = 1024 * 1024;
function displayPath(abs) {
    const rel = node_path__WEBPACK_IMPORTED_MODULE_1___default().relative(process.cwd(), abs);
    return rel === '' || rel.startsWith('..') || node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(rel) ? abs : rel;
}
function at(file, line, column) {
    return { file, line, column };
}
function positionOfByte(bytes, index) {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < index; i++) {
        if (bytes[i] === 0x0a) {
            line++;
            lineStart = i + 1;
        }
    }
    // Columns count characters, not bytes: decode the line's prefix.
    const prefix = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, index));
    return { line, column: [...prefix].length + 1 };
}
/** Offset of the first byte that does not start or continue valid UTF-8, or -1. */
function firstInvalidUtf8(bytes) {
    let i = 0;
    while (i < bytes.length) {
        const b = bytes[i];
        let n = 0;
        let min = 0;
        if (b < 0x80) {
            i++;
            continue;
        }
        else if (b >= 0xc2 && b <= 0xdf) {
            n = 1;
            min = 0x80;
        }
        else if (b >= 0xe0 && b <= 0xef) {
            n = 2;
            min = 0x800;
        }
        else if (b >= 0xf0 && b <= 0xf4) {
            n = 3;
            min = 0x10000;
        }
        else
            return i;
        let cp = b & (0x3f >> n);
        for (let k = 1; k <= n; k++) {
            const c = bytes[i + k];
            if (c === undefined || (c & 0xc0) !== 0x80)
                return i;
            cp = (cp << 6) | (c & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return i;
        i += n + 1;
    }
    return -1;
}
/**
 * Reads and parses one YAML file. Problems go to `errors`; returns undefined
 * when the file cannot be read as YAML at all (the caller stops there for it).
 */
async function readYamlFile(abs, errors, shown = displayPath(abs)) {
    const fileStart = at(shown, 1, 1);
    let size;
    try {
        const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(abs);
        if (!st.isFile()) {
            errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${shown} is not a file`, { location: fileStart, fix: 'point to the YAML file itself' }));
            return undefined;
        }
        size = st.size;
    }
    catch (e) {
        const code = e.code;
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(code === 'ENOENT' ? `${shown} does not exist` : `cannot read ${shown} (${code ?? String(e)})`, {
            location: fileStart,
            fix: code === 'ENOENT' ? 'check the path (it is relative to the working directory), or create the file' : 'check the file\'s permissions'
        }));
        return undefined;
    }
    // Refused before reading: a manifest this large is a mistake or an attack,
    // and parsing it would only make the failure slower.
    if (size > MAX_MANIFEST_BYTES) {
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${shown} is ${size} bytes; a manifest file may be at most ${MAX_MANIFEST_BYTES} bytes (1 MiB)`, {
            location: fileStart,
            fix: 'split the posts into several files listed under `include`'
        }));
        return undefined;
    }
    const bytes = new Uint8Array(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(abs));
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
        const p = positionOfByte(bytes, nul);
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${shown} holds a NUL byte, so it is not a text file`, {
            location: at(shown, p.line, p.column),
            fix: 'save the manifest as UTF-8 text (a NUL often means UTF-16: re-save as UTF-8)'
        }));
        return undefined;
    }
    const bad = firstInvalidUtf8(bytes);
    if (bad >= 0) {
        const p = positionOfByte(bytes, bad);
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${shown} is not valid UTF-8`, { location: at(shown, p.line, p.column), fix: 'save the manifest as UTF-8 text' }));
        return undefined;
    }
    const text = new TextDecoder('utf-8').decode(bytes); // drops a leading BOM
    return parseYamlText(text, abs, shown, errors);
}
function parseYamlText(text, abs, shown, errors) {
    const lineCounter = new yaml__WEBPACK_IMPORTED_MODULE_2__/* .LineCounter */ .HN();
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .parseDocument */ .Tp)(text, {
        lineCounter,
        uniqueKeys: true,
        prettyErrors: false,
        version: '1.2',
        schema: 'core',
        merge: false,
        strict: true
    });
    const pos = (offset) => {
        const lp = lineCounter.linePos(offset);
        return at(shown, lp.line, lp.col);
    };
    const before = errors.length;
    for (const e of [...doc.errors, ...doc.warnings]) {
        const location = pos(e.pos[0]);
        if (e.code === 'DUPLICATE_KEY') {
            const first = firstOccurrenceOfDuplicate(doc, e.pos[0]);
            const name = first ? ` \`${clip(first.key)}\`` : '';
            const where = first ? ` (first at line ${lineCounter.linePos(first.offset).line}, column ${lineCounter.linePos(first.offset).col})` : '';
            errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`duplicate key${name}${where}`, {
                location,
                fix: 'keep one of them: YAML would otherwise silently use only one value'
            }));
        }
        else if (e.code === 'MULTIPLE_DOCS') {
            errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('the file holds more than one YAML document (a second `---`)', {
                location,
                fix: 'keep one document per file; put more posts in files listed under `include`'
            }));
        }
        else if (e.code === 'TAG_RESOLVE_FAILED' || e.code === 'BAD_COLLECTION_TYPE') {
            errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`unsupported YAML tag: ${excerpt(e.message)}`, { location, fix: 'remove the `!tag`; the manifest uses plain YAML values' }));
        }
        else {
            errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`YAML syntax error: ${excerpt(e.message)}`, {
                location,
                fix: 'correct the YAML here (quote values that contain `: `, ` #` or start with a special character)'
            }));
        }
    }
    if (errors.length > before)
        return undefined;
    (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .visit */ .YR)(doc, {
        Pair(_key, pair) {
            if (pair.key !== null && !(0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .isScalar */ .jn)(pair.key)) {
                const offset = pair.key.range?.[0] ?? 0;
                errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('a key here is a list or mapping', { location: pos(offset), fix: 'keys are plain names such as `privacy`' }));
            }
            else if ((0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .isScalar */ .jn)(pair.key) && typeof pair.key.value === 'string' && (0,_checks_js__WEBPACK_IMPORTED_MODULE_4__/* .isReservedName */ .ce)(pair.key.value)) {
                // refused before the document becomes an object: `__proto__` as a key
                // would set the object's prototype instead of adding an entry
                errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`\`${pair.key.value}\` is a name JavaScript objects already use, so it cannot be a key of the manifest`, {
                    location: pos(pair.key.range?.[0] ?? 0),
                    fix: 'rename it (an account, an app or a caption key): e.g. `brand-us`'
                }));
            }
        }
    });
    if (errors.length > before)
        return undefined;
    // Aliases are refused outright: the manifest has no need for them, they
    // hide where a value is written (errors could not point at it), and nested
    // aliases expand exponentially (a "billion laughs" file).
    let aliases = 0;
    let sixth;
    (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .visit */ .YR)(doc, {
        Alias(_key, node) {
            aliases++;
            if (aliases === 6)
                sixth = node.range?.[0];
            if (aliases <= 5) {
                errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`YAML alias \`*${clip(node.source)}\` is not supported in a manifest`, {
                    location: pos(node.range?.[0] ?? 0),
                    fix: 'write the value out in full instead of referring to an `&anchor`'
                }));
            }
        }
    });
    if (aliases > 5) {
        errors.push(new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${aliases - 5} more YAML aliases in this file, from here on`, {
            location: pos(sixth ?? 0),
            fix: 'write values out in full instead of using `&anchor` and `*alias`'
        }));
    }
    if (aliases > 0)
        return undefined;
    const data = doc.toJS({ maxAliasCount: 0 });
    return { file: shown, abs, doc, lineCounter, data: data === null ? undefined : data };
}
/** Longest run of source text an error may quote, and longest message. */
const QUOTE_MAX = 24;
const MESSAGE_MAX = 160;
/**
 * The parser's message, with any source it quotes cut to a short excerpt:
 * the file is the repository's, and a long token in it may be a credential
 * that a link or a careless include brought in. The line and column say
 * where to look; the excerpt only helps recognise it.
 */
function clip(text) {
    return text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX - 8)}…` : text;
}
function excerpt(message) {
    const cut = message.replace(/"([^"\n]*)"/g, (_m, q) => `"${clip(q)}"`);
    const line = cut.split('\n')[0];
    return line.length > MESSAGE_MAX ? `${line.slice(0, MESSAGE_MAX - 1)}…` : line;
}
function keyText(key) {
    if ((0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .isScalar */ .jn)(key))
        return String(key.value);
    return String(key);
}
function firstOccurrenceOfDuplicate(doc, offset) {
    let found;
    (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .visit */ .YR)(doc, {
        Map(_k, map) {
            const dup = map.items.find((p) => (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .isScalar */ .jn)(p.key) && p.key.range?.[0] === offset);
            if (!dup)
                return;
            const name = keyText(dup.key);
            const first = map.items.find((p) => p !== dup && keyText(p.key) === name);
            if (first && (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .isScalar */ .jn)(first.key))
                found = { key: name, offset: first.key.range?.[0] ?? 0 };
            return yaml__WEBPACK_IMPORTED_MODULE_2__/* .visit */ .YR.BREAK;
        }
    });
    return found;
}
/**
 * Where a value (or its key) is written, found by walking the document along a
 * zod-style path. A path that runs out (a missing key) points at the nearest
 * existing node that holds it, which is where the key has to be added.
 */
function locate(src, pathSegments, part = 'value') {
    const pos = (offset) => {
        const lp = src.lineCounter.linePos(offset);
        return at(src.file, lp.line, lp.col);
    };
    let node = src.doc.contents;
    let keyOffset;
    const start = (n) => (n?.range ? n.range[0] : undefined);
    let lastGood = start(node) ?? 0;
    for (let i = 0; i < pathSegments.length; i++) {
        const seg = pathSegments[i];
        const last = i === pathSegments.length - 1;
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .isMap */ .jh)(node)) {
            const pair = node.items.find((p) => (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .isPair */ .tO)(p) && keyText(p.key) === String(seg));
            if (!pair)
                return pos(keyOffset ?? lastGood);
            keyOffset = start(pair.key);
            if (last && part === 'key' && keyOffset !== undefined)
                return pos(keyOffset);
            node = pair.value;
            // `key:` with nothing after it: the key is the helpful place to point.
            if ((0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .isScalar */ .jn)(node) && node.value === null && (node.source === '' || node.source === undefined)) {
                if (last)
                    return pos(keyOffset ?? lastGood);
            }
        }
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .isSeq */ .oP)(node)) {
            const item = node.items[Number(seg)];
            if (item === undefined)
                return pos(lastGood);
            keyOffset = undefined;
            node = item;
        }
        else {
            break;
        }
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .isAlias */ .Vj)(node))
            break;
        lastGood = start(node) ?? keyOffset ?? lastGood;
    }
    return pos(lastGood);
}
/** The plain value at a path in parsed data, or undefined. */
function valueAt(data, pathSegments) {
    let v = data;
    for (const seg of pathSegments) {
        if (v === null || typeof v !== 'object')
            return undefined;
        v = v[seg];
    }
    return v;
}


/***/ }),

/***/ 7746:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CS: () => (/* binding */ checkRepositoryPath)
/* harmony export */ });
/* unused harmony exports realPathOf, isInside */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);



/**
 * Where a file really is: its real path, or for a file not written yet, the
 * real path of the nearest folder that exists with the rest appended.
 */
function realPathOf(p) {
    const abs = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(p);
    const rest = [];
    let d = abs;
    for (;;) {
        try {
            return node_path__WEBPACK_IMPORTED_MODULE_1___default().join((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(d), ...rest.reverse());
        }
        catch {
            const up = node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(d);
            if (up === d)
                return abs;
            rest.push(node_path__WEBPACK_IMPORTED_MODULE_1___default().basename(d));
            d = up;
        }
    }
}
/** `file` under `root` (both absolute), `root` itself included. */
function isInside(root, file) {
    const rel = node_path__WEBPACK_IMPORTED_MODULE_1___default().relative(root, file);
    return rel === '' || (!rel.startsWith('..') && !node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(rel));
}
/** The path inside `root` has a `.git` folder (or file) among its parts. */
function throughGit(root, file) {
    return node_path__WEBPACK_IMPORTED_MODULE_1___default().relative(root, file)
        .split((node_path__WEBPACK_IMPORTED_MODULE_1___default().sep))
        .some((part) => part.toLowerCase() === '.git');
}
/**
 * What a repository's author controls is read only from inside the
 * repository, and never from `.git/`: actions/checkout keeps the job's token in
 * `.git/config`, and a symbolic link or an include can point anywhere. Judged
 * on the real path, so a link inside the repository that leads out (or into
 * `.git/`) is refused as surely as a path that says so.
 */
function checkRepositoryPath(o) {
    const root = realPathOf(o.root);
    const abs = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(o.file);
    const real = realPathOf(abs);
    const via = real !== abs ? ` (it resolves to ${real})` : '';
    if (!isInside(root, real)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${o.what} ${abs}${via} is outside the repository (${o.root})`, { location: o.location, fix: o.fix });
    }
    if (throughGit(root, real) || throughGit(node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(o.root), abs)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${o.what} ${abs}${via} is inside \`.git/\`, which holds git's own files (and the checkout's credentials), not the repository's`, {
            location: o.location,
            fix: o.fix
        });
    }
    return undefined;
}


/***/ })

};
