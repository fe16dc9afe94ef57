export const id = 606;
export const ids = [606];
export const modules = {

/***/ 3546:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ FileUploadSessions),
/* harmony export */   q: () => (/* binding */ MemoryUploadSessions)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _fs_atomic_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1056);


class MemoryUploadSessions {
    map = new Map();
    async get(id) {
        return this.map.get(id);
    }
    async put(id, s) {
        this.map.set(id, s);
    }
    async delete(id) {
        this.map.delete(id);
    }
}
class FileUploadSessions {
    path;
    queue = Promise.resolve();
    constructor(path) {
        this.path = path;
    }
    async get(id) {
        return (await this.read())[id];
    }
    put(id, s) {
        return this.update((all) => {
            // expired sessions are useless: drop them whenever the file is written
            const now = Date.now();
            for (const [k, v] of Object.entries(all))
                if (Date.parse(v.expiresAt) < now)
                    delete all[k];
            all[id] = s;
        });
    }
    delete(id) {
        return this.update((all) => {
            delete all[id];
        });
    }
    async read() {
        try {
            const parsed = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(this.path, 'utf8'));
            // keyed by publish ids TikTok hands out: no key may reach an inherited property
            return Object.assign(Object.create(null), parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {});
        }
        catch {
            // a missing or damaged file only costs the chance to resume an upload
            return Object.create(null);
        }
    }
    update(change) {
        const run = this.queue.then(async () => {
            const all = await this.read();
            change(all);
            // upload URLs are credentials: owner-only, beside the token store
            await (0,_fs_atomic_js__WEBPACK_IMPORTED_MODULE_1__/* .writeFileAtomic */ .Zf)(this.path, JSON.stringify(all, null, 2) + '\n', { mode: 0o600, dirMode: 0o700 });
        });
        this.queue = run.catch(() => undefined);
        return run;
    }
}


/***/ }),

/***/ 7270:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EY: () => (/* binding */ backoffDelay),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter),
/* harmony export */   vI: () => (/* binding */ DEFAULT_RETRY)
/* harmony export */ });
const DEFAULT_RETRY = { attempts: 5, baseMs: 500, capMs: 30_000 };
/** Wait before retry number `retry` (0 = the first retry). */
function backoffDelay(retry, options, random) {
    const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(retry, 52));
    const r = Math.min(Math.max(random(), 0), 1);
    return Math.floor(r * ceiling);
}
/**
 * Retry-After as milliseconds from `now`: delta-seconds or an HTTP-date.
 * Undefined when absent or unreadable (the caller backs off instead). Capped so a
 * hostile or broken header cannot park a run for a day.
 */
function parseRetryAfter(value, now, capMs = 10 * 60_000) {
    const v = Array.isArray(value) ? value[0] : value;
    if (v === undefined)
        return undefined;
    const text = v.trim();
    if (text === '')
        return undefined;
    let ms;
    if (/^\d+$/.test(text)) {
        ms = Number(text) * 1000;
    }
    else {
        const at = Date.parse(text);
        if (Number.isNaN(at))
            return undefined;
        ms = at - now.getTime();
    }
    return Math.min(Math.max(ms, 0), capMs);
}


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


/***/ }),

/***/ 1967:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dr: () => (/* binding */ NetworkError),
/* harmony export */   Ql: () => (/* binding */ DEFAULT_BASE_URL),
/* harmony export */   Sn: () => (/* binding */ createAgent),
/* harmony export */   Ur: () => (/* binding */ toNetworkError),
/* harmony export */   tN: () => (/* binding */ send),
/* harmony export */   we: () => (/* binding */ joinUrl),
/* harmony export */   wx: () => (/* binding */ header)
/* harmony export */ });
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4371);

/**
 * The thin HTTP layer under the TikTok client and the chunk uploader: one
 * keep-alive Agent, timeouts that a caller may override, base-URL joining that
 * tolerates trailing slashes, and network failures sorted by the one question
 * exactly-once cares about — could the request have reached the server?
 */
const DEFAULT_BASE_URL = 'https://open.tiktokapis.com';
function createAgent(timeouts = {}) {
    return new undici__WEBPACK_IMPORTED_MODULE_0__/* .Agent */ .g6({
        keepAliveTimeout: 10_000,
        keepAliveMaxTimeout: 60_000,
        headersTimeout: timeouts.headersTimeoutMs ?? 60_000,
        bodyTimeout: timeouts.bodyTimeoutMs ?? 120_000,
        connect: { timeout: timeouts.connectTimeoutMs ?? 15_000 }
    });
}
/** `base` may end in slashes and carry a path prefix; `path` starts with one. */
function joinUrl(base, path) {
    const b = base.replace(/\/+$/, '');
    const p = path.startsWith('/') ? path : `/${path}`;
    return b + p;
}
/**
 * A request that got no complete response. `sent` is false only when the
 * failure is certain to have happened before any byte of the request left
 * (connection refused, DNS failure, connect timeout): only then is a
 * non-idempotent request safe to repeat.
 */
class NetworkError extends Error {
    code;
    sent;
    timeout;
    name = 'NetworkError';
    constructor(message, code, sent, timeout, options) {
        super(message, options);
        this.code = code;
        this.sent = sent;
        this.timeout = timeout;
    }
}
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
function errorCode(e) {
    let cur = e;
    for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
        const code = cur.code;
        if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'UND_ERR')
            return code;
        const errors = cur.errors;
        // AggregateError from happy-eyeballs connects: refused on every address.
        if (Array.isArray(errors) && errors.length > 0) {
            const codes = errors.map(errorCode);
            if (codes.every((c) => c === codes[0]))
                return codes[0];
        }
        cur = cur.cause;
    }
    const code = e?.code;
    return typeof code === 'string' ? code : 'UNKNOWN';
}
/** Sorts a thrown transport error; the message names the failure, never the request's headers or body. */
function toNetworkError(e, what) {
    if (e instanceof NetworkError)
        return e;
    const code = errorCode(e);
    const sent = !NOT_SENT_CODES.has(code);
    const timeout = TIMEOUT_CODES.has(code);
    const how = timeout
        ? `timed out (${code})`
        : sent
            ? `failed after the request was sent (${code})`
            : `could not connect (${code})`;
    return new NetworkError(`${what} ${how}.`, code, sent, timeout, { cause: sanitizeCause(e) });
}
/**
 * Keeps the class name, code and message of an undici error but none of its
 * other fields (sockets, request options), so printing the error chain cannot
 * leak a header.
 */
function sanitizeCause(e) {
    if (e instanceof Error) {
        const clean = new Error(e.message);
        clean.name = e.name;
        const code = e.code;
        if (typeof code === 'string')
            clean.code = code;
        return clean;
    }
    return new Error(String(e));
}
/** Sends one request and reads the whole (small) response body as text. */
async function send(options) {
    let res;
    try {
        res = await (0,undici__WEBPACK_IMPORTED_MODULE_0__/* .request */ .Em)(options.url, {
            method: options.method,
            headers: options.headers,
            body: options.body,
            dispatcher: options.dispatcher,
            signal: options.signal,
            headersTimeout: options.headersTimeoutMs,
            bodyTimeout: options.bodyTimeoutMs
        });
    }
    catch (e) {
        if (options.signal?.aborted)
            throw options.signal.reason;
        throw toNetworkError(e, options.what);
    }
    let text;
    try {
        text = await res.body.text();
    }
    catch (e) {
        if (options.signal?.aborted)
            throw options.signal.reason;
        throw toNetworkError(e, `${options.what} (reading the response)`);
    }
    return { status: res.statusCode, headers: res.headers, text };
}
function header(headers, name) {
    const v = headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
}


/***/ }),

/***/ 3421:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cu: () => (/* binding */ planChunks),
/* harmony export */   QM: () => (/* binding */ uploadFile),
/* harmony export */   jQ: () => (/* reexport safe */ _chunks_js__WEBPACK_IMPORTED_MODULE_4__.jQ)
/* harmony export */ });
/* unused harmony export parseUploadedBytes */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4371);
/* harmony import */ var _backoff_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7270);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1599);
/* harmony import */ var _chunks_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5626);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1967);







/**
 * Splits a video into TikTok chunks. The rules: total = floor(size / chunk);
 * every chunk MIN_CHUNK–MAX_CHUNK except the last, which takes the trailing
 * bytes (less than two chunks, so under MAX_LAST_CHUNK); under 5 MiB the whole
 * video is one chunk; over MAX_CHUNK it must be at least two chunks; 1–1000
 * chunks; at most 4 GiB.
 *
 * `preferredChunkSize` (default MAX_CHUNK, i.e. the fewest requests) is used as
 * is when the rules allow it and adjusted when they do not.
 */
function planChunks(videoSize, preferredChunkSize = _chunks_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_CHUNK */ .jQ) {
    if (!Number.isSafeInteger(videoSize) || videoSize <= 0) {
        throw new RangeError(`A video of ${videoSize} bytes cannot be uploaded: the file is empty or its size is unknown.`);
    }
    if (videoSize > _chunks_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_VIDEO_BYTES */ .Tz) {
        throw new RangeError(`The video is ${videoSize} bytes; TikTok accepts at most 4 GB (${_chunks_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_VIDEO_BYTES */ .Tz} bytes). Compress or shorten it.`);
    }
    if (!Number.isSafeInteger(preferredChunkSize) || preferredChunkSize < _chunks_js__WEBPACK_IMPORTED_MODULE_4__/* .MIN_CHUNK */ .Xv || preferredChunkSize > _chunks_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_CHUNK */ .jQ) {
        throw new RangeError(`Chunk size ${preferredChunkSize} is outside TikTok's 5–64 MB (${_chunks_js__WEBPACK_IMPORTED_MODULE_4__/* .MIN_CHUNK */ .Xv}–${_chunks_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_CHUNK */ .jQ} bytes).`);
    }
    let chunkSize;
    if (videoSize < _chunks_js__WEBPACK_IMPORTED_MODULE_4__/* .MIN_CHUNK */ .Xv || videoSize <= Math.min(preferredChunkSize, _chunks_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_CHUNK */ .jQ)) {
        chunkSize = videoSize;
    }
    else {
        chunkSize = preferredChunkSize;
        // Over MAX_CHUNK one chunk is not allowed: floor(size/2) gives exactly two
        // chunks, the second at most one byte larger, both within 32–64 MB.
        if (videoSize > _chunks_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_CHUNK */ .jQ && Math.floor(videoSize / chunkSize) < 2)
            chunkSize = Math.floor(videoSize / 2);
    }
    const totalChunkCount = Math.floor(videoSize / chunkSize);
    if (totalChunkCount > _chunks_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_CHUNKS */ .sJ) {
        throw new RangeError(`Chunk size ${chunkSize} would need ${totalChunkCount} chunks; TikTok allows at most ${_chunks_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_CHUNKS */ .sJ}. Use a larger chunk size.`);
    }
    return (0,_chunks_js__WEBPACK_IMPORTED_MODULE_4__/* .chunkLayout */ .gD)(videoSize, chunkSize, totalChunkCount);
}
// Parses "bytes FIRST-LAST/TOTAL" or "bytes */TOTAL": how many bytes the server holds.
function parseUploadedBytes(contentRange) {
    if (!contentRange)
        return undefined;
    const m = /^\s*bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)\s*$/i.exec(contentRange);
    if (!m)
        return undefined;
    const total = m[3] === '*' ? undefined : Number(m[3]);
    if (m[1] === undefined)
        return { uploaded: 0, total };
    if (Number(m[1]) !== 0)
        return undefined;
    return { uploaded: Number(m[2]) + 1, total };
}
/**
 * Streams the file to TikTok's upload_url chunk by chunk, from disk, 1 MiB at a
 * time: memory stays flat whatever the size. A chunk is repeated on 5xx, 429 and
 * network failures (TikTok keeps the upload's progress, and a 416 tells where it
 * is, so repeating a chunk never duplicates bytes); 416 resumes at TikTok's
 * position, read from the answer's Content-Range or, failing that, from
 * TikTok's status (`askUploaded`); 403 means the one-hour upload_url expired
 * and 404 that TikTok has no such upload: the caller asks TikTok's status and
 * polls a complete upload or initiates again.
 */
async function uploadFile(options) {
    const { uploadUrl, filePath, size, mimeType, chunkPlan, clock, signal } = options;
    const retry = { ..._backoff_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_RETRY */ .vI, ...options.retry };
    const random = options.random ?? Math.random;
    const secrets = [uploadUrl, new URL(uploadUrl).search.slice(1)];
    const ownAgent = options.dispatcher === undefined ? (0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .createAgent */ .Sn)(options.timeouts) : undefined;
    const dispatcher = options.dispatcher ?? ownAgent;
    const chunks = chunkPlan.chunks;
    const fail = (message, o) => new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .TikTokApiError */ .r9((0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(message, secrets), { ...o, endpoint: 'chunk' });
    const onDisk = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(filePath);
    if (onDisk.size !== size) {
        throw fail(`The video file changed since it was planned (${size} bytes expected, ${onDisk.size} on disk); plan it again.`, {
            code: 'file_changed',
            retryable: false
        });
    }
    if (chunks.length === 0 || chunks[chunks.length - 1].last !== size - 1) {
        throw fail(`The chunk plan does not cover the ${size}-byte file.`, { code: 'bad_chunk_plan', retryable: false });
    }
    let requests = 0;
    let resumed = false;
    let failures = 0;
    let lastResumeTo = -1;
    const file = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(filePath, 'r');
    try {
        for (let i = 0; i < chunks.length;) {
            const c = chunks[i];
            const what = `Uploading chunk ${i + 1} of ${chunks.length}`;
            const length = c.last - c.first + 1;
            options.beforeRequest?.();
            requests++;
            let status;
            let contentRange;
            let retryAfter;
            try {
                const res = await (0,undici__WEBPACK_IMPORTED_MODULE_1__/* .request */ .Em)(uploadUrl, {
                    method: 'PUT',
                    headers: {
                        'content-type': mimeType,
                        'content-length': String(length),
                        'content-range': `bytes ${c.first}-${c.last}/${size}`
                    },
                    // undici sends an async iterable body as it is; its types only name streams
                    body: readRange(file, c.first, c.last),
                    dispatcher,
                    signal,
                    headersTimeout: options.timeouts?.headersTimeoutMs,
                    bodyTimeout: options.timeouts?.bodyTimeoutMs
                });
                status = res.statusCode;
                contentRange = (0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .header */ .wx)(res.headers, 'content-range');
                retryAfter = res.headers['retry-after'];
                await res.body.dump({ limit: 1 * _chunks_js__WEBPACK_IMPORTED_MODULE_4__/* .MiB */ .lv }).catch(() => undefined);
            }
            catch (e) {
                if (signal?.aborted)
                    throw signal.reason;
                const ne = (0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .toNetworkError */ .Ur)(e, what);
                if (++failures >= retry.attempts) {
                    throw fail(`${ne.message} It failed ${failures} times in a row; the upload can be retried while its upload_url is valid (one hour).`, {
                        code: ne.timeout ? 'timeout' : 'network_error',
                        retryable: true,
                        cause: ne
                    });
                }
                await wait((0,_backoff_js__WEBPACK_IMPORTED_MODULE_2__/* .backoffDelay */ .EY)(failures - 1, retry, random), ne.message.replace(/\.$/, ""));
                continue;
            }
            if (status === 201) {
                options.onProgress?.(size, size);
                return { requests, resumed };
            }
            if (status >= 200 && status < 300) {
                failures = 0;
                if (i === chunks.length - 1) {
                    throw fail(`TikTok accepted the last chunk with HTTP ${status} but did not report the upload complete (201).`, {
                        code: 'upload_incomplete',
                        httpStatus: status,
                        retryable: false
                    });
                }
                options.onProgress?.(c.last + 1, size);
                i++;
                continue;
            }
            if (status === 403)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UploadUrlExpiredError */ .CW({ httpStatus: 403 });
            if (status === 404) {
                throw fail('TikTok does not know this upload (HTTP 404): the post must be initiated again.', { code: 'upload_not_found', httpStatus: 404, retryable: false });
            }
            if (status === 416) {
                let held = parseUploadedBytes(contentRange);
                if (held === undefined && options.askUploaded) {
                    const uploaded = await options.askUploaded().catch(() => undefined);
                    if (uploaded !== undefined)
                        held = { uploaded, total: size };
                }
                if (held === undefined) {
                    throw fail(`TikTok refused chunk ${i + 1} as out of order (HTTP 416) without saying where the upload is.`, { code: 'range_mismatch', httpStatus: 416, retryable: false });
                }
                if (held.uploaded >= size) {
                    options.onProgress?.(size, size);
                    return { requests, resumed: true };
                }
                const next = chunks.findIndex((k) => k.first === held.uploaded);
                if (next < 0 || next === lastResumeTo) {
                    throw fail(`TikTok holds ${held.uploaded} bytes of this upload, which is not a chunk boundary we can resume from (HTTP 416); the post must be initiated again.`, {
                        code: 'range_mismatch',
                        httpStatus: 416,
                        retryable: false
                    });
                }
                options.logger?.info(`TikTok already holds ${held.uploaded} of ${size} bytes; resuming at chunk ${next + 1}.`);
                lastResumeTo = next;
                resumed = true;
                options.onProgress?.(held.uploaded, size);
                i = next;
                continue;
            }
            if (status === 400) {
                throw fail(`TikTok refused chunk ${i + 1} (HTTP 400): the bytes sent did not match Content-Length. Was the file modified during the upload?`, {
                    code: 'upload_rejected',
                    httpStatus: 400,
                    retryable: false
                });
            }
            if (status >= 500 || status === 429) {
                if (++failures >= retry.attempts) {
                    throw fail(`${what} failed ${failures} times in a row (last: HTTP ${status}); the upload can be retried while its upload_url is valid (one hour).`, {
                        code: status === 429 ? 'rate_limit_exceeded' : 'http_error',
                        httpStatus: status,
                        retryable: true
                    });
                }
                const ms = (status === 429 ? (0,_backoff_js__WEBPACK_IMPORTED_MODULE_2__/* .parseRetryAfter */ .mu)(retryAfter, clock.now()) : undefined) ?? (0,_backoff_js__WEBPACK_IMPORTED_MODULE_2__/* .backoffDelay */ .EY)(failures - 1, retry, random);
                await wait(ms, `${what}: HTTP ${status}`);
                continue;
            }
            throw fail(`${what} got an unexpected HTTP ${status} from TikTok.`, { code: 'http_error', httpStatus: status, retryable: false });
        }
        // Not reached: the loop returns on 201 or throws.
        throw fail('The upload ended without TikTok confirming it.', { code: 'upload_incomplete', retryable: false });
    }
    finally {
        await file.close().catch(() => undefined);
        if (ownAgent)
            await ownAgent.close();
    }
    async function wait(ms, why) {
        options.logger?.debug(`${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(why, secrets)}; retrying in ${ms} ms.`);
        if (ms > 0)
            await clock.sleep(ms, signal);
    }
}
/** Read buffers per chunk request; see readRange. */
const READ_BUFFERS = 3;
/**
 * The bytes first..last of the file, 1 MiB at a time, read into a few buffers
 * that are reused instead of a fresh one per read. A fresh 1 MiB buffer per read
 * (what a read stream does) leaves tens of MB of spent buffers for the garbage
 * collector, which frees outside-heap memory late: that was the bulk of the
 * upload's peak RSS, and the reads cost time too.
 *
 * Reuse is safe because undici writes an iterable body one chunk at a time and
 * asks for the next only after the socket took the previous one or drained
 * (client-h1 writeIterable): when the next chunk is asked for, at most the one
 * just yielded can still be queued in the socket, so a buffer is read into
 * again only after two further yields. Three buffers keep one more in hand.
 */
async function* readRange(file, first, last) {
    // a small chunk (a short video) gets one buffer of its own size, not 3 MiB
    const size = Math.min(_chunks_js__WEBPACK_IMPORTED_MODULE_4__/* .MiB */ .lv, last - first + 1);
    const buffers = [];
    let position = first;
    for (let i = 0; position <= last; i++) {
        if (buffers.length < READ_BUFFERS)
            buffers.push(Buffer.allocUnsafe(size));
        const buffer = buffers[i % READ_BUFFERS];
        const want = Math.min(size, last - position + 1);
        const { bytesRead } = await file.read(buffer, 0, want, position);
        if (bytesRead === 0)
            throw new Error(`the video file ended at byte ${position}, before byte ${last} of its chunk; was it truncated during the upload?`);
        position += bytesRead;
        yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
    }
}


/***/ })

};
