export const id = 740;
export const ids = [740];
export const modules = {

/***/ 1740:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEFAULT_ACCOUNT_CONCURRENCY: () => (/* binding */ DEFAULT_ACCOUNT_CONCURRENCY),
  RunStopped: () => (/* reexport */ RunStopped),
  runEngine: () => (/* binding */ runEngine)
});

// EXTERNAL MODULE: ./src/plan/index.ts + 7 modules
var src_plan = __webpack_require__(5139);
// EXTERNAL MODULE: ./src/errors.ts + 2 modules
var errors = __webpack_require__(3070);
// EXTERNAL MODULE: ./src/tiktok/errors.ts
var tiktok_errors = __webpack_require__(1599);
// EXTERNAL MODULE: ./src/publish/creator-recheck.ts
var creator_recheck = __webpack_require__(2277);
// EXTERNAL MODULE: ./src/failpoint.ts
var failpoint = __webpack_require__(8709);
// EXTERNAL MODULE: ./src/media/index.ts + 4 modules
var media = __webpack_require__(2541);
// EXTERNAL MODULE: ./src/plan/creator.ts
var plan_creator = __webpack_require__(9988);
;// CONCATENATED MODULE: ./src/state/transitions/retry.ts
/**
 * Record moves of the retry path, as pure functions: a record and the facts in,
 * the next record out. The engine calls them instead of building records by
 * hand, so each move is tested here without a server.
 *
 * Attempts count what TikTok was asked to do and failed at. A claim given back
 * because the run died before TikTok's answer was saved, or an upload released
 * so it can be initiated again, returns its attempt: the next init is the same
 * attempt carried on, and a few unlucky kills cannot use up a pair's attempts.
 */
/** The first wait between runs after a retryable failure. */
const RETRY_BASE_MS = 15 * 60 * 1000;
/**
 * The longest wait between runs. Doubling from 15 minutes, a pair that met
 * three failures in a row waits an hour, not the four hours that multiplying
 * by four gave; an hourly schedule still retries it every run.
 */
const RETRY_CAP_MS = 60 * 60 * 1000;
/** How long a pair waits after its `attempts`-th failure: 15, 30, 60, 60 … minutes. */
function retryDelayMs(attempts) {
    const n = Math.max(0, Math.min(attempts, 20) - 1);
    return Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** n);
}
/**
 * A failed attempt. A retryable one is given the time it goes again; any other
 * class waits for a person or a change of the post, so it gets none.
 */
function failAttempt(record, failure, now) {
    return {
        ...record,
        status: 'failed',
        error: { code: failure.code, message: failure.message, class: failure.class, log_id: failure.log_id },
        next_attempt_at: failure.class === 'retryable' ? new Date(now.getTime() + retryDelayMs(record.attempts)).toISOString() : undefined
    };
}
/**
 * The one sentence a pair deferred after the run's own attempts carries: why,
 * and when it goes next. `why` is TikTok's answer as the client described it.
 */
function deferredMessage(why, nextAttemptAt) {
    const reason = why.trim().replace(/[.;:\s]+$/, '');
    if (!nextAttemptAt)
        return `${reason}.`;
    return `${reason}. It goes again at ${nextAttemptAt.replace(/\.\d{3}Z$/, 'Z')}, in the first run from then.`;
}
/**
 * A FILE_UPLOAD claim whose run died between the init and saving its answer.
 * The publish_id is saved before any byte is sent, so whatever that init
 * created received no byte and can never become a post: the claim is released
 * and the pair may be initiated again at once.
 */
function releaseInterruptedClaim(record, now) {
    if (record.status !== 'claimed' || record.publish_id !== undefined || record.source === 'PULL_FROM_URL') {
        throw new Error(`only a FILE_UPLOAD claim without a publish_id can be released, not a ${record.source ?? ''} ${record.status} record`);
    }
    return {
        ...record,
        status: 'failed',
        attempts: Math.max(0, record.attempts - 1),
        error: { code: 'run_interrupted', message: 'the run stopped between claim and init; nothing reached TikTok', class: 'retryable' },
        next_attempt_at: now.toISOString()
    };
}
/**
 * A FILE_UPLOAD publish_id whose upload can no longer finish (TikTok answered
 * a chunk with 403 or 404, or a 416 that no resume could satisfy) and whose
 * bytes TikTok does not all hold: it can never become a post, so the pair is
 * released for a new init now. `uploadedBytes` is TikTok's own count; a caller
 * that does not have it must not release (a finished upload would post twice).
 */
function releaseDeadUpload(record, facts, now) {
    if (record.source !== 'FILE_UPLOAD' || !record.publish_id)
        throw new Error('only a FILE_UPLOAD record with a publish_id has an upload to release');
    if (facts.uploadedBytes >= facts.videoSize) {
        throw new Error(`TikTok holds all ${facts.videoSize} bytes of ${record.publish_id}: the upload is complete and must be polled, not released`);
    }
    return {
        ...record,
        status: 'failed',
        attempts: Math.max(0, record.attempts - 1),
        error: { code: facts.code, message: facts.message, class: 'retryable' },
        next_attempt_at: now.toISOString()
    };
}

;// CONCATENATED MODULE: ./src/state/transitions/record.ts

/**
 * A new attempt, made durable before TikTok is asked: what an earlier attempt
 * left (its publish_id, error, wait, upload) is cleared, and the attempt counted.
 */
function claim(previous, c) {
    return {
        ...(previous ?? {}),
        status: 'claimed',
        fingerprint: c.fingerprint,
        attempts: (previous?.attempts ?? 0) + 1,
        claimed_at: c.now.toISOString(),
        updated_at: c.now.toISOString(),
        run_id: c.runId,
        source: c.source,
        mode: c.mode,
        privacy: c.mode === 'direct' ? c.privacy : undefined,
        approved_by: c.approvedBy ?? previous?.approved_by,
        caption: c.mode === 'inbox' ? c.caption : undefined,
        video: c.video,
        publish_id: undefined,
        video_id: undefined,
        url: undefined,
        error: undefined,
        next_attempt_at: undefined,
        uploaded_at: undefined
    };
}
/**
 * TikTok accepted the init: the pair is only ever polled from here, never
 * initiated again on a guess. The size is kept so a later run can tell a
 * finished upload from an abandoned one.
 */
function initiated(claimed, init, now) {
    if (claimed.status !== 'claimed')
        throw new Error(`a pair is initiated from a claim, not from ${claimed.status}`);
    return { ...claimed, status: 'processing', publish_id: init.publishId, initiated_at: now.toISOString(), updated_at: now.toISOString(), video_size: init.videoSize };
}
/** TikTok holds every byte of the upload: what is left is TikTok's processing. */
function uploaded(record, now) {
    if (record.status !== 'processing' || record.source !== 'FILE_UPLOAD' || !record.publish_id) {
        throw new Error(`only a FILE_UPLOAD in processing with a publish_id is uploaded, not a ${record.source ?? ''} ${record.status} record`);
    }
    return { ...record, uploaded_at: now.toISOString(), updated_at: now.toISOString() };
}
/** The pair's end as TikTok's status reported it; a FAILED one is a failed attempt (see `failed`). */
function polled(record, answer, now) {
    if (!record.publish_id)
        throw new Error('only a record with a publish_id is polled');
    const at = now.toISOString();
    switch (answer.status) {
        case 'PUBLISH_COMPLETE':
            return { ...record, status: 'published', video_id: answer.videoId ?? record.video_id, url: answer.url ?? record.url, completed_at: at, updated_at: at, error: undefined };
        case 'SEND_TO_USER_INBOX':
            return { ...record, status: 'inbox', completed_at: at, updated_at: at, error: undefined };
        case 'FAILED':
            return failed(record, answer.failure, now);
    }
}
/**
 * A failed attempt: a retryable one is given the time it goes again, any
 * other class waits for a person or a change of the post. One formula for the
 * wait, in ./retry.ts.
 */
function failed(record, failure, now) {
    return { ...failAttempt(record, failure, now), updated_at: now.toISOString() };
}
/**
 * TikTok refused the init for a cap (the account's or the app's). A refused
 * init is not an attempt at TikTok, so the claim's attempt is given back; the
 * pair waits for the plan's hold, not for a back-off of its own.
 */
function deferred(record, cap, now) {
    return {
        ...record,
        status: record.publish_id ? record.status : 'failed',
        attempts: Math.max(0, record.attempts - 1),
        error: { code: cap.code, message: cap.message, class: 'cap' },
        updated_at: now.toISOString()
    };
}
/**
 * An upload an earlier run stopped in the middle of, whose upload URL has
 * expired: no one can finish it, TikTok holds fewer bytes than the video, and
 * the publish_id can never become a post. The pair is due for a new init now.
 */
function uploadAbandoned(record, now) {
    if (record.source !== 'FILE_UPLOAD' || !record.publish_id)
        throw new Error('only a FILE_UPLOAD record with a publish_id has an upload to abandon');
    return {
        ...record,
        status: 'failed',
        error: { code: 'upload_abandoned', message: 'an earlier run stopped mid-upload and the upload URL expired; initiated again', class: 'retryable' },
        next_attempt_at: now.toISOString(),
        updated_at: now.toISOString()
    };
}

// EXTERNAL MODULE: ./src/tiktok/upload.ts + 1 modules
var upload = __webpack_require__(7184);
// EXTERNAL MODULE: ./src/plan/time.ts
var time = __webpack_require__(8650);
// EXTERNAL MODULE: ./src/rules/rulebook.ts
var rulebook = __webpack_require__(3876);
;// CONCATENATED MODULE: ./src/publish/engine-outcomes.ts





/*
 * How a pair ends when TikTok says no: a failed attempt, a pair refused
 * before anything was recorded, or a cap that holds the account or the app.
 */
/**
 * A retryable failure is reported as deferred (the run stays green) while the
 * pair has failed fewer times than this; from then on it is reported failed,
 * still retried on schedule, so a fault that never clears reaches a person.
 */
const QUIET_FAILURES = 3;
/** A pair refused before anything was claimed: nothing is recorded, so fixing the cause is the whole fix. */
function block(run, action, message, code) {
    run.outcome({ post: action.post, account: action.account, status: 'failed', message, error: { code, class: 'needs_person' } });
}
/** Every given action of an account fails with one error (e.g. creator_info could not be read). */
function failAll(run, account, actions, error) {
    const classified = run.classify(error);
    for (const a of actions)
        run.outcome({ post: a.post, account, status: 'failed', message: classified.message, error: classified.error });
}
/**
 * A failed attempt, recorded through the `failed` transition and reported.
 * The record keeps what happened; the advice (the rulebook's, for its code)
 * is said in the run's words only, so a plan that adds the advice to the
 * recorded words says it once.
 */
function fail(run, action, what, code, cls, logId, advice = '') {
    const { post, account } = action;
    const previous = run.record(post, account);
    // a person reads this in a summary of many accounts: say which one
    const recorded = cls === 'needs_person' ? `account ${account}: ${what}` : what;
    const message = `${recorded} ${advice}`.trim();
    if (cls === 'needs_person' && (0,rulebook/* scopeOf */.Od)(code) === 'account')
        run.accountsStopped.set(account, message);
    const next = failed(previous, { code, message: recorded, class: cls, log_id: logId }, run.now());
    run.setRecord(post, account, next);
    if (cls === 'retryable') {
        // retried on schedule: one sentence with why and when, not red until it keeps failing
        const said = deferredMessage(message, next.next_attempt_at);
        const status = previous.attempts >= QUIET_FAILURES ? 'failed' : 'deferred';
        if (status === 'failed')
            run.o.logger.error(`${post} → ${account}: ${said}`);
        else
            run.o.logger.warn(`${post} → ${account}: ${said}`);
        run.outcome({ post, account, status, publish_id: previous.publish_id, message: said, error: { code, class: cls, log_id: logId } });
        return;
    }
    run.o.logger.error(`${post} → ${account}: ${message}`);
    run.outcome({ post, account, status: 'failed', publish_id: previous.publish_id, message, error: { code, class: cls, log_id: logId } });
}
/** TikTok refused an init (or may have taken it: an ambiguous pull is left for reconciliation). */
async function initFailed(run, action, source, error) {
    const { post, account } = action;
    const ambiguous = error instanceof tiktok_errors/* TikTokApiError */.r9 && error.ambiguous;
    if (ambiguous && source === 'PULL_FROM_URL') {
        // TikTok may be downloading already: leave the claim for reconciliation
        run.outcome({ post, account, status: 'claimed', message: 'TikTok may have received this init; the next run reconciles it before anything else' });
        await run.checkpoint(`ambiguous ${post}/${account}`);
        return;
    }
    const classified = run.classify(error);
    if (classified.cls === 'cap' && error instanceof tiktok_errors/* TikTokApiError */.r9) {
        holdForCap(run, account, error.code);
        run.setRecord(post, account, deferred(run.record(post, account), { code: error.code, message: classified.message }, run.now()));
        run.outcome({ post, account, status: 'deferred', message: `TikTok cap ${error.code}: waits for a later run`, error: classified.error });
        await run.checkpoint(`cap ${post}/${account}`);
        return;
    }
    fail(run, action, classified.said, classified.error?.code ?? 'init', classified.cls, classified.error?.log_id, classified.cls === 'retryable' ? '' : classified.advice);
    await run.checkpoint(`init failed ${post}/${account}`);
}
/** A cap TikTok reported: the app for the rest of the run, or the account until its hold ends. */
function holdForCap(run, account, code) {
    const config = run.o.manifest.accounts[account];
    if ((0,rulebook/* isAppWideCap */.P7)(code)) {
        run.appsCapped.add(config.app);
        return;
    }
    const until = (0,rulebook/* holdUntil */.iK)(code, run.now(), (ms) => (0,time/* nextLocalMidnight */.nq)(ms, config.timezone));
    if (!until)
        return;
    run.updateAccount(account, { hold: { until: until.toISOString(), reason: code } });
    run.o.logger.warn(`${account}: TikTok said ${code}; held until ${until.toISOString()}`);
}

// EXTERNAL MODULE: ./src/state/index.ts + 1 modules
var state = __webpack_require__(2802);
// EXTERNAL MODULE: ./src/rules/exceptions.ts
var exceptions = __webpack_require__(269);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/fs-atomic.ts
var fs_atomic = __webpack_require__(1056);
;// CONCATENATED MODULE: ./src/publish/upload-sessions.ts


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
            const parsed = JSON.parse(await readFile(this.path, 'utf8'));
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
            await writeFileAtomic(this.path, JSON.stringify(all, null, 2) + '\n', { mode: 0o600, dirMode: 0o700 });
        });
        this.queue = run.catch(() => undefined);
        return run;
    }
}

;// CONCATENATED MODULE: ./src/publish/engine-run.ts





/** A FILE_UPLOAD upload_url lives one hour at TikTok; past that an unfinished upload can never complete. */
const UPLOAD_URL_LIFETIME_MS = 60 * 60 * 1000;
/**
 * Thrown to a worker when another worker's state save failed: it stops before
 * its next TikTok call, and the run reports the first error, once.
 */
class RunStopped extends Error {
    first;
    name = 'RunStopped';
    constructor(first) {
        super('the run stopped after an earlier error');
        this.first = first;
    }
}
class EngineRun {
    deadline;
    outcomes = [];
    /** the first error that stopped the run (a state save that failed); every worker stops at its next TikTok call */
    stopped;
    /** each account's current access token; replaced when TikTok refuses it mid-run */
    auth = new Map();
    /** each account's TikTok username, for post URLs */
    usernames = new Map();
    /** new inits made in this run per pair after its upload died */
    reinits = new Map();
    /** the options, with the client, tokens and checkpointer guarded by `stopped` */
    o;
    uploads;
    /** publish_ids whose upload this run completed */
    uploaded = new Set();
    /** apps TikTok said reached_active_user_cap for: no more inits for their accounts this run */
    appsCapped = new Set();
    /** accounts TikTok refused as a whole (needs a person): their other posts are not tried this run */
    accountsStopped = new Map();
    constructor(options, deadline) {
        this.deadline = deadline;
        this.uploads = options.uploads ?? new MemoryUploadSessions();
        // Every TikTok call, token refresh and save passes a check of `stopped`:
        // once one save has failed, nothing more is sent or saved by any worker.
        const guard = () => this.guard();
        const client = new Proxy(options.client, {
            get(target, key, receiver) {
                const value = Reflect.get(target, key, receiver);
                if (typeof value !== 'function')
                    return value;
                return (...args) => {
                    guard();
                    return value.apply(target, args);
                };
            }
        });
        const checkpointer = {
            checkpoint: async (reason) => {
                guard();
                try {
                    await options.checkpointer.checkpoint(reason);
                }
                catch (error) {
                    this.stop(error);
                    throw error;
                }
            }
        };
        const tokens = {
            accessTokenFor: (account) => {
                guard();
                return options.tokens.accessTokenFor(account);
            },
            invalidate: options.tokens.invalidate?.bind(options.tokens)
        };
        this.o = { ...options, client, checkpointer, tokens };
    }
    /** Throws when the run is stopping: called before each TikTok call and save. */
    guard() {
        if (this.stopped !== undefined)
            throw new RunStopped(this.stopped);
    }
    stop(error) {
        if (this.stopped === undefined && !(error instanceof RunStopped))
            this.stopped = error;
    }
    /**
     * Rethrows when the run is stopping, or when the error is a bug: a caller's
     * catch must not turn either into an outcome. A bug stops the run like a
     * kill at that point (nothing more is sent or saved), so every record stays
     * as the crash guarantees leave it and nothing is retried on a bug's word.
     */
    passStop(error) {
        if (error instanceof RunStopped || this.stopped !== undefined)
            throw error instanceof RunStopped ? error : new RunStopped(this.stopped);
        if ((0,exceptions/* isBug */.X)(error))
            throw error;
    }
    /**
     * Calls TikTok with the account's access token. TikTok's 401
     * access_token_invalid (the token expired or was revoked mid-run) refused the
     * call before acting on it, so the token is refreshed once and the call
     * repeated, an init included.
     */
    async authed(account, call) {
        const auth = this.auth.get(account);
        const used = auth.token;
        try {
            return await call(used);
        }
        catch (error) {
            if (!(error instanceof tiktok_errors/* TikTokApiError */.r9 && error.code === 'access_token_invalid') || !this.o.tokens.invalidate)
                throw error;
            // another call of this account may have refreshed it meanwhile
            if (auth.token === used) {
                this.o.tokens.invalidate(this.o.manifest.accounts[account]);
                const fresh = await this.o.tokens.accessTokenFor(this.o.manifest.accounts[account]);
                auth.token = fresh.token;
                if (fresh.scopes)
                    auth.scopes = fresh.scopes;
                this.o.logger.info(`${account}: TikTok refused the access token (access_token_invalid); refreshed it and repeated the call`);
            }
            return await call(auth.token);
        }
    }
    now() {
        return this.o.clock.now();
    }
    timeLeft() {
        return this.now().getTime() < this.deadline;
    }
    post(id) {
        const post = this.o.manifest.posts.find((p) => p.id === id);
        if (!post)
            throw new Error(`plan names post ${id} that is not in the manifest`);
        return post;
    }
    target(post, account) {
        const t = post.targets.find((x) => x.account === account);
        if (!t)
            throw new Error(`plan names account ${account} that post ${post.id} does not target`);
        return t;
    }
    record(post, account) {
        return (0,state/* getRecord */.EI)(this.o.box.current, post, account);
    }
    setRecord(post, account, record) {
        this.o.box.current = (0,state/* setRecord */.ed)(this.o.box.current, post, account, { ...record, updated_at: this.now().toISOString() });
    }
    accountState(account) {
        return (0,state/* getAccountState */.zI)(this.o.box.current, account);
    }
    updateAccount(account, change) {
        this.o.box.current = (0,state/* setAccountState */.n2)(this.o.box.current, account, { ...(this.accountState(account) ?? {}), ...change });
    }
    outcome(o) {
        this.outcomes.push(o);
    }
    checkpoint(label) {
        return this.o.checkpointer.checkpoint(label);
    }
    /** Why a pair may not be initiated now in this run, or undefined when it may. */
    initBlocked(account) {
        if (!this.timeLeft())
            return 'time budget used up; next run';
        const stopped = this.accountsStopped.get(account);
        if (stopped)
            return `not tried: ${stopped}`;
        if (this.appsCapped.has(this.o.manifest.accounts[account].app) || this.isHeld(account))
            return 'account held by a TikTok cap; a later run publishes it';
        return undefined;
    }
    isHeld(account) {
        const hold = this.accountState(account)?.hold;
        return !!hold && new Date(hold.until).getTime() > this.now().getTime();
    }
    classify(error) {
        this.passStop(error);
        if (error instanceof tiktok_errors/* TikTokApiError */.r9) {
            const c = (0,rulebook/* classifyErrorCode */.w2)(error.code);
            return {
                message: `${error.message} ${c.advice}`.trim(),
                error: { code: error.code, class: c.class, log_id: error.logId },
                cls: c.class,
                said: error.message,
                advice: c.advice
            };
        }
        const message = error instanceof Error ? error.message : String(error);
        return { message, error: { code: 'error', class: 'retryable' }, cls: 'retryable', said: message, advice: '' };
    }
    /** How many bytes the pair's video has: the size the init declared, else the file's. */
    videoSize(post, record) {
        const saved = record.video_size;
        return typeof saved === 'number' ? saved : this.o.media.get(post)?.sizeBytes;
    }
}

;// CONCATENATED MODULE: ./src/publish/engine-poll.ts





const DEFAULT_POLL_MS = [1000, 2000, 3000, 5000, 8000, 10000];
/**
 * Whether TikTok holds every byte of an upload. TikTok reports
 * PROCESSING_UPLOAD both while bytes are missing and while a finished upload
 * is processed; only uploaded_bytes tells them apart.
 */
function uploadState(status, size) {
    if (status.uploadedBytes === undefined || size === undefined)
        return 'unknown';
    return status.uploadedBytes >= size ? 'complete' : 'incomplete';
}
/**
 * Polls a publish_id until TikTok's answer is final (saved, then reported) or
 * the run's time is up (the next run polls on). A poll that fails leaves the
 * pair processing: it is TikTok's, whatever became of it.
 */
async function poll(run, post, account, creatorUsername) {
    const intervals = run.o.pollIntervalsMs ?? DEFAULT_POLL_MS;
    let i = 0;
    for (;;) {
        const record = run.record(post, account);
        let status;
        (0,failpoint/* failpoint */.Z)('before-poll');
        try {
            status = await run.authed(account, (t) => run.o.client.fetchStatus(t, record.publish_id));
        }
        catch (error) {
            run.passStop(error);
            const c = run.classify(error);
            run.outcome({ post, account, status: 'processing', publish_id: record.publish_id, message: `status unknown for now (${c.message}); polled again next run` });
            return;
        }
        const step = settle(run, post, account, record, status, creatorUsername);
        if (step === 'left')
            return;
        if (step === 'final')
            break;
        if (!run.timeLeft()) {
            run.outcome({ post, account, status: 'processing', publish_id: record.publish_id, message: 'still processing at TikTok; the next run resumes polling' });
            return;
        }
        await run.o.clock.sleep(intervals[Math.min(i++, intervals.length - 1)]);
    }
    (0,failpoint/* failpoint */.Z)('before-final-save');
    await run.checkpoint(`final ${post}/${account}`);
    (0,failpoint/* failpoint */.Z)('after-final-save');
}
/**
 * One status answer: `final` when the record took its end (to be saved),
 * `left` when the pair stays in flight for a later run, `wait` to poll again.
 */
function settle(run, post, account, record, status, creatorUsername) {
    if (status.status === 'PUBLISH_COMPLETE') {
        const videoId = status.publicPostIds[0];
        const url = videoId && creatorUsername ? `https://www.tiktok.com/@${creatorUsername}/video/${videoId}` : undefined;
        run.setRecord(post, account, polled(record, { status: 'PUBLISH_COMPLETE', videoId, url }, run.now()));
        run.outcome({ post, account, status: 'published', publish_id: record.publish_id, video_id: videoId, url });
        run.o.logger.info(`${post} → ${account}: published${videoId ? ` (video ${videoId})` : ''}`);
        return 'final';
    }
    if (status.status === 'SEND_TO_USER_INBOX') {
        run.setRecord(post, account, polled(record, { status: 'SEND_TO_USER_INBOX' }, run.now()));
        run.outcome({ post, account, status: 'inbox', publish_id: record.publish_id, message: 'sent to the creator\'s TikTok inbox: paste the caption and post it in the app' });
        run.o.logger.info(`${post} → ${account}: in the creator's inbox`);
        return 'final';
    }
    if (status.status === 'FAILED') {
        const reason = status.failReason ?? 'unknown';
        const c = (0,rulebook/* classifyFailReason */.hr)(reason);
        if (c.class === 'cap')
            holdForCap(run, account, reason);
        run.setRecord(post, account, polled(record, { status: 'FAILED', failure: { code: reason, message: 'TikTok reported the post FAILED', class: c.class } }, run.now()));
        const outcome = c.class === 'cap' ? 'deferred' : 'failed';
        run.outcome({ post, account, status: outcome, publish_id: record.publish_id, message: `TikTok: ${reason}. ${c.advice}`, error: { code: reason, class: c.class } });
        run.o.logger.error(`${post} → ${account}: TikTok said FAILED (${reason}). ${c.advice}`);
        return 'final';
    }
    const finished = run.uploaded.has(record.publish_id) || record.uploaded_at !== undefined;
    if (status.status !== 'PROCESSING_UPLOAD' || record.source !== 'FILE_UPLOAD' || finished)
        return 'wait';
    const bytes = uploadState(status, run.videoSize(post, record));
    return bytes === 'complete' ? 'wait' : unfinishedUpload(run, post, account, record, bytes);
}
/**
 * An earlier run stopped mid-upload and its upload URL is not at hand
 * (another machine, or it expired): nobody can finish this upload, so polling
 * would wait for nothing. Once the URL has expired the publish_id can never
 * complete, and a new init is safe.
 */
function unfinishedUpload(run, post, account, record, state) {
    const expires = new Date(record.initiated_at ?? record.updated_at).getTime() + UPLOAD_URL_LIFETIME_MS;
    if (state === 'unknown') {
        // without TikTok's byte count a finished upload cannot be told from an
        // abandoned one, and a new init could post the video twice: keep waiting
        run.outcome({ post, account, status: 'processing', publish_id: record.publish_id, message: 'still uploading or processing at TikTok; the next run checks again' });
        return 'left';
    }
    if (run.now().getTime() < expires) {
        run.outcome({ post, account, status: 'processing', publish_id: record.publish_id, message: `an earlier run stopped mid-upload; its upload URL expires at ${new Date(expires).toISOString()}, after which the post is initiated again` });
        return 'left';
    }
    run.setRecord(post, account, uploadAbandoned(record, run.now()));
    run.outcome({ post, account, status: 'deferred', publish_id: record.publish_id, message: 'an abandoned upload was released; the post is initiated again on the next run' });
    return 'final';
}

;// CONCATENATED MODULE: ./src/publish/engine-upload.ts






/** New inits of one pair in one run after its upload died (403, 404, 416): bounded, so a broken upload host cannot loop. */
const REINITS_PER_RUN = 2;
/** Chunk answers after which only TikTok's status tells whether the upload can go on. */
const DEAD_UPLOAD_CODES = new Set(['upload_url_expired', 'upload_not_found', 'range_mismatch']);
/**
 * Streams the video. `done`: TikTok holds every byte. `reinit`: the upload
 * died (403, 404, or a 416 no resume satisfied), TikTok's status says it
 * holds an incomplete copy, and the pair was released for a new init in this
 * run. `failed`: a retryable failure was recorded for a later run.
 */
async function engine_upload_upload(run, action, uploadUrl) {
    const { post: postId, account } = action;
    const post = run.post(postId);
    const facts = run.o.media.get(postId);
    if (post.video.kind !== 'file')
        return 'done';
    const record = run.record(postId, account);
    try {
        await (0,upload/* uploadFile */.QM)({
            uploadUrl,
            filePath: post.video.absPath,
            size: facts.sizeBytes,
            mimeType: facts.mimeType,
            chunkPlan: (0,upload/* planChunks */.Cu)(facts.sizeBytes, run.o.chunkSizeBytes),
            clock: run.o.clock,
            beforeRequest: () => run.guard(),
            // a 416 without a usable Content-Range: TikTok's status says where the upload is
            askUploaded: async () => (await run.authed(account, (token) => run.o.client.fetchStatus(token, record.publish_id))).uploadedBytes,
            logger: run.o.logger,
            onProgress: (sent, total) => {
                run.uploads.progress?.(record.publish_id, sent, account);
                (0,failpoint/* failpoint */.Z)('upload-progress');
                run.o.onUploadProgress?.({ post: postId, account, sent, total });
            }
        });
        await run.uploads.delete(record.publish_id, account);
        run.uploaded.add(record.publish_id);
        run.setRecord(postId, account, uploaded(run.record(postId, account), run.now()));
        return 'done';
    }
    catch (error) {
        run.passStop(error);
        if (error instanceof tiktok_errors/* TikTokApiError */.r9 && DEAD_UPLOAD_CODES.has(error.code)) {
            const next = await afterDeadUpload(run, action, record, facts.sizeBytes, error);
            if (next !== 'failed')
                return next;
        }
        else {
            // an upload that never completed can never publish, so the pair may be
            // initiated again later: it is a retryable failure, not an unknown
            await run.uploads.delete(record.publish_id, account);
            const classified = run.classify(error);
            fail(run, action, classified.said, classified.error?.code ?? 'upload', 'retryable');
        }
        await run.checkpoint(`upload failed ${postId}/${account}`);
        return 'failed';
    }
}
/**
 * TikTok answered a chunk 403 (upload URL expired), 404 (no such upload) or a
 * 416 no resume could satisfy. Only TikTok's status can say whether a
 * complete upload exists: if it does, the publish_id is polled; if TikTok
 * holds fewer bytes than the video, that publish_id can never become a post
 * and the pair is initiated again in this run (a bounded number of times).
 */
async function afterDeadUpload(run, action, record, size, error) {
    const { post, account } = action;
    const key = `${post}\u0000${account}`;
    let uploadedBytes;
    try {
        uploadedBytes = (await run.authed(account, (token) => run.o.client.fetchStatus(token, record.publish_id))).uploadedBytes;
    }
    catch (statusError) {
        run.passStop(statusError);
        uploadedBytes = undefined;
    }
    if (uploadedBytes !== undefined && uploadedBytes >= size) {
        await run.uploads.delete(record.publish_id, account);
        run.uploaded.add(record.publish_id);
        run.setRecord(post, account, uploaded(record, run.now()));
        return 'done';
    }
    await run.uploads.delete(record.publish_id, account);
    const used = run.reinits.get(key) ?? 0;
    if (uploadedBytes === undefined || used >= REINITS_PER_RUN || run.initBlocked(account) !== undefined) {
        // without TikTok's count a complete upload cannot be ruled out here; a
        // later run checks the status before anything else
        const why = uploadedBytes === undefined ? `${error.message} TikTok's status could not be read to see where the upload is` : error.message;
        fail(run, action, why, error.code, 'retryable');
        return 'failed';
    }
    run.reinits.set(key, used + 1);
    run.setRecord(post, account, releaseDeadUpload(record, { uploadedBytes, videoSize: size, code: error.code, message: error.message }, run.now()));
    await run.checkpoint(`release upload ${post}/${account}`);
    return 'reinit';
}

;// CONCATENATED MODULE: ./src/state/transitions/photo.ts

function isPhotoRecord(record) {
    return record?.media === 'photos';
}
/** Claimed before content/init is sent, and made durable first: a run that dies after this never initiates blindly. */
function claimPhoto(previous, c) {
    // a video claim's clearing and counting, with TikTok's one way to take photos
    const claimed = claim(previous, { now: c.now, runId: c.runId, fingerprint: c.fingerprint, source: 'PULL_FROM_URL', mode: c.mode, caption: c.caption, approvedBy: c.approvedBy });
    return { ...claimed, privacy: previous?.privacy, media: 'photos', photo_count: c.photoCount };
}
/** TikTok accepted content/init: from here the pair is only ever polled. */
function photoInitiated(claimed, publishId, now) {
    if (claimed.status !== 'claimed')
        throw new Error(`a photo post is initiated from a claim, not from ${claimed.status}`);
    return { ...claimed, status: 'processing', publish_id: publishId, initiated_at: now.toISOString(), updated_at: now.toISOString() };
}
/** A claim without a publish_id whose post was found on the account. */
function photoFound(claimed, found, now) {
    if (claimed.publish_id !== undefined || claimed.status !== 'claimed')
        throw new Error('only a claim without a publish_id is reconciled');
    return {
        ...claimed,
        status: 'published',
        video_id: found.videoId,
        url: found.url ?? claimed.url,
        completed_at: now.toISOString(),
        updated_at: now.toISOString(),
        error: undefined
    };
}
/**
 * A claim without a publish_id whose post is not found. The account's video
 * list shows only public posts, so "not found" never proves TikTok has nothing:
 * the pair waits for a person instead of a second content/init.
 */
function photoNotFound(claimed, why, resolveHint, now) {
    if (claimed.publish_id !== undefined || claimed.status !== 'claimed')
        throw new Error('only a claim without a publish_id is reconciled');
    return {
        ...claimed,
        status: 'unknown',
        updated_at: now.toISOString(),
        error: { code: 'unknown', message: `${why}; ${resolveHint}`, class: 'needs_person' }
    };
}

;// CONCATENATED MODULE: ./src/publish/photo.ts


/** The URLs of the images TikTok would pull that do not serve the committed bytes yet; empty when all do. */
async function staleImages(host, post, target) {
    if (post.video.kind !== 'photos')
        return [];
    const facts = host.facts(post.id);
    const urls = target.photoUrls ?? [];
    if (!facts || urls.length !== post.video.images.length)
        return ['the images were not read, so their served copies cannot be checked'];
    const checks = facts.images.map(async (image, i) => {
        if (image.kind !== 'file')
            return undefined; // an https image is pulled as it is: nothing committed to compare with
        const r = await host.served.check(urls[i], image.digest);
        return r.ok ? undefined : r.reason;
    });
    return (await Promise.all(checks)).filter((r) => r !== undefined);
}
async function publishPhoto(host, action, post, target, token, creatorUsername) {
    const { post: postId, account } = action;
    if (post.video.kind !== 'photos')
        throw new Error(`${postId} is not a photo post`);
    const photos = post.video;
    const urls = target.photoUrls ?? [];
    // the creator checks ran before (the engine's, on the live creator_info)
    const creator = host.creator(account);
    // Before anything is claimed: a late deploy makes the post wait, and costs nothing at TikTok.
    const stale = await staleImages(host, post, target);
    if (stale.length) {
        const message = `waits for a later run: ${stale.join('; ')}`;
        host.logger.warn(`${postId} → ${account}: ${message}`);
        host.outcome({ post: postId, account, status: 'deferred', message, error: { code: 'photo_not_served', class: 'retryable' } });
        return;
    }
    const previous = host.record(postId, account);
    host.setRecord(postId, account, claimPhoto(previous, {
        now: host.now(),
        runId: host.runId,
        fingerprint: action.fingerprint ?? previous?.fingerprint ?? '',
        mode: target.mode,
        photoCount: photos.images.length,
        caption: target.caption,
        approvedBy: host.approvedBy
    }));
    await host.checkpoint(`claim ${postId}/${account}`);
    (0,failpoint/* failpoint */.Z)('after-claim');
    // a sink that merged another run's state may have kept that run's claim: then that run owns the pair
    if (host.record(postId, account)?.run_id !== host.runId) {
        host.outcome({ post: postId, account, status: 'deferred', message: 'another run claimed this post first; it is left to that run' });
        return;
    }
    const comments = target.allow.comments && !creator?.comment_disabled;
    let publishId;
    try {
        ;
        ({ publishId } = await host.client.initPhotoPost(token, {
            mode: target.mode === 'inbox' ? 'MEDIA_UPLOAD' : 'DIRECT_POST',
            title: photos.title || undefined,
            description: target.caption,
            privacyLevel: target.mode === 'direct' ? target.privacy : undefined,
            disableComment: !comments,
            autoAddMusic: photos.autoAddMusic,
            brandContentToggle: post.disclose.brandedContent,
            brandOrganicToggle: post.disclose.yourBrand,
            isAigc: post.disclose.aiGenerated,
            images: urls,
            coverIndex: photos.cover
        }));
    }
    catch (error) {
        await host.initFailed(action, error);
        return;
    }
    (0,failpoint/* failpoint */.Z)('after-init');
    host.setRecord(postId, account, photoInitiated(host.record(postId, account), publishId, host.now()));
    // durable before polling: from here a crash resumes this publish_id, never a new init
    await host.checkpoint(`init ${postId}/${account}`);
    (0,failpoint/* failpoint */.Z)('after-publish-id');
    host.logger.info(`${postId} → ${account}: initiated (${photos.images.length} photos, ${target.mode})`);
    await host.poll(postId, account, token, creatorUsername);
}
/**
 * A photo claim whose publish_id was lost (the run died during content/init, or
 * TikTok's answer was lost). The account's public list can show the post; it
 * can never show that TikTok does not have it (a private post is never listed).
 */
async function reconcilePhoto(host, action, record, match, token, scopes) {
    const { post, account } = action;
    const hint = `check the account in TikTok, then run \`tiktok-publish resolve ${post} ${account} --published VIDEO_ID\` or \`--not-published\``;
    const unknown = async (why) => {
        const next = photoNotFound(record, why, hint, host.now());
        host.setRecord(post, account, next);
        host.outcome({ post, account, status: 'unknown', message: next.error.message, error: { code: 'unknown', class: 'needs_person' } });
        host.logger.warn(`${post} → ${account}: ${next.error.message}`);
        await host.checkpoint(`unknown ${post}/${account}`);
    };
    if (scopes && !scopes.includes('video.list'))
        return unknown('a run stopped after sending this photo post to TikTok, and the account did not grant video.list to look for it');
    if (!match || (!match.caption && !match.title))
        return unknown('a run stopped after sending this photo post to TikTok, and the post has no caption or title to look for it by');
    const claimedAt = Date.parse(record.claimed_at ?? record.updated_at);
    let found;
    try {
        let cursor;
        search: for (let page = 0; page < 10; page++) {
            const list = await host.client.listVideos(token, { cursor, maxCount: 20 });
            for (const v of list.videos) {
                const created = (v.createTime ?? 0) * 1000;
                if (created && created < claimedAt - 60_000)
                    break search; // newest first: older than the claim
                const texts = [v.title ?? '', v.videoDescription ?? ''];
                if ((match.caption && texts.includes(match.caption)) || (match.title && texts.includes(match.title))) {
                    found = { id: v.id, shareUrl: v.shareUrl };
                    break search;
                }
            }
            if (!list.hasMore)
                break;
            cursor = list.cursor;
        }
    }
    catch (error) {
        host.outcome({ post, account, status: 'claimed', message: `reconciliation failed: ${error.message}; tried again next run` });
        return;
    }
    if (!found)
        return unknown('a run stopped after sending this photo post to TikTok, and it is not among the account\'s public posts (a private post never is)');
    host.setRecord(post, account, photoFound(record, { videoId: found.id, url: found.shareUrl }, host.now()));
    host.outcome({ post, account, status: 'published', video_id: found.id, url: found.shareUrl, message: 'found on the account by reconciliation' });
    await host.checkpoint(`reconcile ${post}/${account}`);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
// EXTERNAL MODULE: ./src/media/image.ts
var media_image = __webpack_require__(8029);
;// CONCATENATED MODULE: ./src/publish/served.ts



const DEFAULT_TIMEOUT_MS = 30_000;
function rewritten(url, rewrite) {
    for (const [from, to] of Object.entries(rewrite ?? {}))
        if (url.startsWith(from))
            return to + url.slice(from.length);
    return url;
}
/** `git:<hex>` of the bytes, in the hash the committed id uses (sha1, or sha256 for sha256 repositories). */
function blobDigest(bytes, committed) {
    const hex = committed.replace(/^git:/, '');
    const hash = (0,external_node_crypto_.createHash)(hex.length === 64 ? 'sha256' : 'sha1');
    hash.update(`blob ${bytes.length}\0`);
    hash.update(bytes);
    return `git:${hash.digest('hex')}`;
}
/** Fetches one URL, at most 20 MB, no redirects, and compares its digest with the committed one. */
async function checkServed(url, committed, options = {}) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const stale = (served) => `the image at ${url} is not the committed one yet (served digest ${served}, committed ${committed})`;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
        // undici's request() never follows a redirect, as TikTok's pull does not
        const res = await (0,undici.request)(rewritten(url, options.rewrite), { method: 'GET', signal, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
        if (res.statusCode !== 200) {
            await res.body.dump();
            const note = res.statusCode >= 300 && res.statusCode < 400 ? '; TikTok does not follow redirects, so serve the file at this URL itself' : '';
            return { ok: false, reason: stale(`none: HTTP ${res.statusCode}${note}`) };
        }
        const chunks = [];
        let size = 0;
        for await (const chunk of res.body) {
            size += chunk.length;
            if (size > media_image/* PHOTO_MAX_BYTES */.WH) {
                res.body.destroy();
                return { ok: false, reason: stale(`none: it is over ${media_image/* PHOTO_MAX_BYTES */.WH} bytes`) };
            }
            chunks.push(chunk);
        }
        const served = blobDigest(Buffer.concat(chunks), committed);
        return served === committed ? { ok: true } : { ok: false, reason: stale(served) };
    }
    catch (error) {
        const why = signal.aborted ? `no answer within ${Math.round(timeoutMs / 1000)} s` : error.message;
        return { ok: false, reason: stale(`none: ${why}`) };
    }
}
/**
 * One check per URL and run: the accounts of one app pull the same URLs, and
 * the engine works on accounts at once.
 */
class ServedChecks {
    options;
    results = new Map();
    constructor(options = {}) {
        this.options = options;
    }
    check(url, committed) {
        const key = `${url}\u0000${committed}`;
        let result = this.results.get(key);
        if (!result)
            this.results.set(key, (result = checkServed(url, committed, this.options)));
        return result;
    }
}

;// CONCATENATED MODULE: ./src/publish/engine-init.ts











async function publish(run, action, creatorUsername) {
    const { post: postId, account } = action;
    const post = run.post(postId);
    const target = run.target(post, account);
    const facts = post.video.kind === 'file' ? run.o.media.get(postId) : undefined;
    if (post.video.kind === 'file' && !facts)
        throw new Error(`no media facts for ${postId}`);
    if (refusedByCreator(run, action, target, facts))
        return;
    if (post.video.kind === 'photos')
        return publishPhoto(photoHost(run), action, post, target, run.auth.get(account).token, creatorUsername);
    const source = post.video.kind === 'file' ? 'FILE_UPLOAD' : 'PULL_FROM_URL';
    if (!(await claimPair(run, action, target, source, facts)))
        return;
    const init = await sendInit(run, action, post, target, facts);
    if (!init)
        return;
    (0,failpoint/* failpoint */.Z)('after-init');
    if (post.video.kind === 'file') {
        // kept before the publish_id is checkpointed, so that any run that finds
        // this publish_id in state can also find the URL to finish its upload
        const expiresAt = new Date(run.now().getTime() + UPLOAD_URL_LIFETIME_MS).toISOString();
        await run.uploads.put(init.publishId, { uploadUrl: init.uploadUrl, expiresAt }, account);
    }
    run.setRecord(postId, account, initiated(run.record(postId, account), { publishId: init.publishId, videoSize: facts?.sizeBytes }, run.now()));
    // the publish_id is durable before the first byte goes out: a crash from here
    // on resumes this publish_id and never initiates the pair again
    await run.checkpoint(`init ${postId}/${account}`);
    (0,failpoint/* failpoint */.Z)('after-publish-id');
    run.o.logger.info(`${postId} → ${account}: initiated (${target.mode}, ${source})`);
    if (post.video.kind === 'file') {
        const uploaded = await engine_upload_upload(run, action, init.uploadUrl);
        if (uploaded === 'failed')
            return;
        if (uploaded === 'reinit') {
            // the upload died and TikTok holds no complete copy: a new init, now
            run.o.logger.info(`${postId} → ${account}: the upload cannot go on; initiating it again`);
            await publish(run, action, creatorUsername);
            return;
        }
    }
    await poll(run, postId, account, creatorUsername);
}
/**
 * The plan's creator checks (one function, one set of codes), run again on
 * the live creator_info this run fetched: a public account under an unaudited
 * app, a privacy the creator does not offer, a video longer than the creator
 * may post. Refused here, nothing is recorded, so fixing the cause is the
 * whole fix and no `resolve` is ever needed.
 */
function refusedByCreator(run, action, target, facts) {
    const creator = run.accountState(action.account)?.creator;
    if (!creator)
        return false;
    const app = run.o.manifest.apps[run.o.manifest.accounts[action.account].app];
    const check = (0,plan_creator/* checkCreator */.J)({ target, creator, app, facts });
    if (!check.blocked)
        return false;
    block(run, action, check.blocked.reason, check.blocked.code);
    return true;
}
/** The claim, made durable before TikTok is asked; false when another run owns the pair. */
async function claimPair(run, action, target, source, facts) {
    const { post, account } = action;
    const previous = run.record(post, account);
    run.setRecord(post, account, claim(previous, {
        now: run.now(),
        runId: run.o.runId,
        fingerprint: action.fingerprint ?? previous?.fingerprint ?? '',
        source,
        mode: target.mode,
        privacy: target.privacy,
        caption: target.caption,
        approvedBy: run.o.approvedBy,
        video: facts ? (0,media/* recordedVideo */.aI)(facts) : undefined
    }));
    await run.checkpoint(`claim ${post}/${account}`);
    (0,failpoint/* failpoint */.Z)('after-claim');
    // A sink that merged another run's state (the Action's rejected push) may
    // have kept that run's claim instead of ours: then that run owns the pair.
    if (run.record(post, account)?.run_id !== run.o.runId) {
        run.outcome({ post, account, status: 'deferred', message: 'another run claimed this post first; it is left to that run' });
        return false;
    }
    return true;
}
/** The init request; undefined when TikTok refused it (the failure is recorded). */
async function sendInit(run, action, post, target, facts) {
    const creator = run.accountState(action.account)?.creator;
    // interactions the creator disabled are sent disabled, whatever the manifest says
    const allow = {
        comments: target.allow.comments && !creator?.comment_disabled,
        duet: target.allow.duet && !creator?.duet_disabled,
        stitch: target.allow.stitch && !creator?.stitch_disabled
    };
    const video = post.video;
    if (video.kind === 'photos')
        throw new Error(`${post.id} is a photo post, initiated by the photo branch`);
    const chunkPlan = facts ? (0,upload/* planChunks */.Cu)(facts.sizeBytes, run.o.chunkSizeBytes) : undefined;
    const sourceInfo = video.kind === 'file'
        ? { source: 'FILE_UPLOAD', videoSize: facts.sizeBytes, chunkSize: chunkPlan.chunkSize, totalChunkCount: chunkPlan.totalChunkCount }
        : { source: 'PULL_FROM_URL', videoUrl: video.url };
    try {
        return await run.authed(action.account, (token) => target.mode === 'inbox'
            ? run.o.client.initInboxUpload(token, { sourceInfo })
            : run.o.client.initDirectPost(token, {
                postInfo: {
                    title: target.caption,
                    privacyLevel: target.privacy,
                    disableComment: !allow.comments,
                    disableDuet: !allow.duet,
                    disableStitch: !allow.stitch,
                    videoCoverTimestampMs: post.coverMs,
                    brandContentToggle: post.disclose.brandedContent,
                    brandOrganicToggle: post.disclose.yourBrand,
                    isAigc: post.disclose.aiGenerated
                },
                sourceInfo
            }));
    }
    catch (error) {
        run.passStop(error);
        await initFailed(run, action, sourceInfo.source, error);
        return undefined;
    }
}
const hosts = new WeakMap();
/** The photo branch (./photo.ts) works through these. */
function photoHost(run) {
    let host = hosts.get(run);
    if (!host) {
        host = {
            now: () => run.now(),
            runId: run.o.runId,
            approvedBy: run.o.approvedBy,
            client: run.o.client,
            logger: run.o.logger,
            served: new ServedChecks({ rewrite: run.o.servedRewrite }),
            facts: (post) => run.o.photos?.get(post),
            creator: (account) => run.accountState(account)?.creator,
            record: (post, account) => run.record(post, account),
            setRecord: (post, account, record) => run.setRecord(post, account, record),
            checkpoint: (label) => run.checkpoint(label),
            outcome: (o) => run.outcome(o),
            initFailed: (action, error) => initFailed(run, action, 'PULL_FROM_URL', error),
            poll: (post, account, _token, username) => poll(run, post, account, username)
        };
        hosts.set(run, host);
    }
    return host;
}

;// CONCATENATED MODULE: ./src/state/transitions/reconcile.ts
/**
 * Settling a claim an earlier run left without a publish_id (it stopped, or
 * the init's answer was lost, between the claim and saving TikTok's answer).
 *
 * The only evidence TikTok offers is /v2/video/list/, and it lists only the
 * account's PUBLIC posts, some of them hours late. So finding the post proves
 * it exists, while not finding it proves nothing: a claim is never released
 * for a new init on the list's silence. What the list cannot settle becomes
 * `unknown`, which stops the pair until a person checks the account and runs
 * `resolve`.
 *
 * Every function here is pure: record and inputs in, record out.
 */
/** How long a public post is looked for in the list before a person is asked: TikTok's pull gives up an hour after init, and moderation takes minutes. */
const RECONCILE_WINDOW_MS = 2 * 60 * 60 * 1000;
/** The command a person runs once they have looked at the account. */
function resolveCommand(post, account) {
    return `tiktok-publish resolve ${post} ${account} --published VIDEO_ID (the digits at the end of the video's link) or --not-published`;
}
/** When the claim was made (the moment TikTok could have received the init). */
function claimedAt(record) {
    return Date.parse(record.claimed_at ?? record.updated_at);
}
/** The privacy the claim went out with: the record's own, else the manifest's when the claim is of the same version. */
function claimPrivacy(record, manifest) {
    if (record.mode === 'inbox')
        return undefined;
    if (typeof record.privacy === 'string')
        return record.privacy;
    return manifest.fingerprint !== undefined && manifest.fingerprint === record.fingerprint ? manifest.privacy : undefined;
}
/** claimed → unknown: TikTok may have the post and nothing here can tell; a person checks. */
function claimToUnknown(record, ctx, why) {
    const message = `${why}: TikTok may have posted it, so it is not sent again. Check the account in the TikTok app, then run \`${resolveCommand(ctx.post, ctx.account)}\``;
    return {
        status: 'unknown',
        message,
        record: { ...record, status: 'unknown', error: { code: 'unknown', message, class: 'needs_person' }, next_attempt_at: undefined, updated_at: ctx.now.toISOString() }
    };
}
/** claimed → published: the post is on the account's list. */
function claimToPublished(record, found, now) {
    return {
        status: 'published',
        message: 'found on the account by reconciliation',
        record: {
            ...record,
            status: 'published',
            video_id: found.videoId,
            url: found.url ?? record.url,
            error: undefined,
            next_attempt_at: undefined,
            completed_at: now.toISOString(),
            updated_at: now.toISOString()
        }
    };
}
/**
 * claimed → failed (retryable, due now): a FILE_UPLOAD claim without a
 * publish_id. Its publish_id is saved before any byte is sent, so TikTok never
 * received a byte of it and it can never become a post.
 */
function releaseInterruptedUpload(record, now) {
    return {
        status: 'released',
        message: 'an interrupted claim was released (no upload had started); it is published on the next run',
        record: {
            ...record,
            status: 'failed',
            error: { code: 'run_interrupted', message: 'the run stopped between claim and init; nothing reached TikTok', class: 'retryable' },
            next_attempt_at: now.toISOString(),
            updated_at: now.toISOString()
        }
    };
}
/**
 * What can be settled before asking TikTok anything, or undefined when the
 * account's video list must be read. Decided by the claim alone, never by the
 * clock: a late run settles a private claim exactly as an early one does.
 */
function settleBeforeList(record, ctx) {
    if (record.source !== 'PULL_FROM_URL')
        return releaseInterruptedUpload(record, ctx.now);
    if (record.mode === 'inbox')
        return claimToUnknown(record, ctx, 'an inbox draft sent by URL whose answer was lost never shows in the account\'s video list');
    if (ctx.privacy !== 'PUBLIC_TO_EVERYONE') {
        const seen = ctx.privacy ? `a ${ctx.privacy} post` : 'a post of unknown privacy';
        return claimToUnknown(record, ctx, `TikTok's video list shows only public posts, and this claim was ${seen} whose answer was lost`);
    }
    if (ctx.scopes && !ctx.scopes.includes('video.list')) {
        return claimToUnknown(record, ctx, `account ${ctx.account} did not grant video.list, so the run cannot look for the post (grant it with \`tiktok-publish auth --account ${ctx.account}\` for later claims)`);
    }
    return undefined;
}
/** The claim after the account's video list was read (or could not be). */
function settleWithList(record, ctx, check) {
    if (check.kind === 'found')
        return claimToPublished(record, check, ctx.now);
    if (check.kind === 'refused') {
        return claimToUnknown(record, ctx, `TikTok refused to list the videos of ${ctx.account} (${check.code}), so the run cannot look for the post`);
    }
    const deadline = claimedAt(record) + RECONCILE_WINDOW_MS;
    const past = !(ctx.now.getTime() < deadline);
    if (check.kind === 'not_found') {
        if (past)
            return claimToUnknown(record, ctx, `not in the account's public video list ${RECONCILE_WINDOW_MS / 3_600_000} h after the claim, which does not prove TikTok never received it`);
        return {
            status: 'claimed',
            record,
            message: `not in the account's public video list yet (TikTok may still be processing it); the next run looks again, and from ${new Date(deadline).toISOString()} it is left for a person to check`
        };
    }
    if (past)
        return claimToUnknown(record, ctx, `the account's video list could not be read (${check.message}) and the claim is ${RECONCILE_WINDOW_MS / 3_600_000} h old`);
    return {
        status: 'claimed',
        record,
        message: `reconciliation failed: ${check.message}; the next run looks again, and from ${new Date(deadline).toISOString()} it is left for a person to check`
    };
}

;// CONCATENATED MODULE: ./src/publish/engine-resume.ts









/*
 * Pairs an earlier run left in flight: a publish_id to poll (an upload to
 * finish first while its URL lives), or a claim without a publish_id to
 * reconcile. Nothing here initiates a pair TikTok may already have.
 */
/** answers to video/list that the next run would get again: the claim goes to a person at once */
const LIST_REFUSALS = new Set(['scope_not_authorized', 'scope_permission_missed']);
/** A pair TikTok already has (publish_id saved), or a claim whose run died. */
async function resume(run, action, token, scopes, creatorUsername) {
    const { post, account } = action;
    const record = run.record(post, account);
    if (!record.publish_id) {
        await reconcile(run, action, record, token, scopes);
        return;
    }
    const inManifest = run.o.manifest.posts.some((p) => p.id === post);
    if (record.source === 'FILE_UPLOAD' && inManifest) {
        // an upload the previous run left half done is finished while its URL lives
        const session = await run.uploads.get(record.publish_id, account);
        if (session && Date.parse(session.expiresAt) > run.now().getTime() + 60_000) {
            try {
                const status = await run.authed(account, (t) => run.o.client.fetchStatus(t, record.publish_id));
                if (status.status === 'PROCESSING_UPLOAD' && uploadState(status, run.videoSize(post, record)) !== 'complete') {
                    run.o.logger.info(`${post} → ${account}: finishing an upload an earlier run left half done`);
                    const uploaded = await engine_upload_upload(run, action, session.uploadUrl);
                    if (uploaded === 'failed')
                        return;
                    if (uploaded === 'reinit') {
                        await publish(run, action, creatorUsername);
                        return;
                    }
                }
            }
            catch (error) {
                run.passStop(error);
                run.outcome({ post, account, status: 'processing', publish_id: record.publish_id, message: `status unknown for now (${run.classify(error).message}); polled again next run` });
                return;
            }
        }
    }
    await poll(run, post, account, creatorUsername);
}
/**
 * A claim an earlier run left without a publish_id. The decisions are the
 * pure transitions in state/transitions/reconcile.ts; this only gathers
 * their inputs. The list is asked only where it could ever show the post.
 */
async function reconcile(run, action, record, token, scopes) {
    const { post, account } = action;
    const manifestPost = run.o.manifest.posts.find((p) => p.id === post);
    const target = manifestPost?.targets.find((t) => t.account === account);
    if (isPhotoRecord(record)) {
        const match = manifestPost?.video.kind === 'photos' && target ? { caption: target.caption, title: manifestPost.video.title } : undefined;
        return reconcilePhoto(photoHost(run), action, record, match, token, scopes);
    }
    if (record.source !== 'PULL_FROM_URL') {
        // FILE_UPLOAD: the publish_id is saved before any byte is sent, so a claim
        // without one never reached TikTok's upload and cannot become a post
        await releaseAndInitAgain(run, action, record);
        return;
    }
    const current = manifestPost && target ? (0,state/* fingerprint */.Rj)(manifestPost, target, run.o.media.get(post)?.digest ?? '') : undefined;
    const ctx = { post, account, now: run.now(), scopes, privacy: claimPrivacy(record, { privacy: target?.privacy, fingerprint: current }) };
    let settled = settleBeforeList(record, ctx);
    if (!settled) {
        let check;
        try {
            const found = target ? await findVideo(run, token, target.caption, claimedAt(record)) : undefined;
            check = found ? { kind: 'found', videoId: found.id, url: found.shareUrl } : { kind: 'not_found' };
        }
        catch (error) {
            check =
                error instanceof tiktok_errors/* TikTokApiError */.r9 && LIST_REFUSALS.has(error.code)
                    ? { kind: 'refused', code: error.code }
                    : { kind: 'failed', message: run.classify(error).message };
        }
        settled = settleWithList(record, { ...ctx, now: run.now() }, check);
    }
    if (settled.status === 'claimed') {
        run.outcome({ post, account, status: 'claimed', message: settled.message });
        return;
    }
    run.setRecord(post, account, settled.record);
    if (settled.status === 'published') {
        run.outcome({ post, account, status: 'published', video_id: settled.record.video_id, url: settled.record.url, message: settled.message });
    }
    else if (settled.status === 'unknown') {
        run.outcome({ post, account, status: 'unknown', message: settled.message, error: { code: 'unknown', class: 'needs_person' } });
        run.o.logger.warn(`${post} → ${account}: ${settled.message}`);
    }
    else {
        run.outcome({ post, account, status: 'deferred', message: settled.message });
    }
    await run.checkpoint(`reconcile ${post}/${account}`);
}
/**
 * A FILE_UPLOAD claim whose run died before the init's answer was saved: the
 * claim is released and, unless something stops new inits for the account,
 * the pair is initiated again in this run rather than the next.
 */
async function releaseAndInitAgain(run, action, record) {
    const { post, account } = action;
    run.setRecord(post, account, releaseInterruptedClaim(record, run.now()));
    await run.checkpoint(`release ${post}/${account}`);
    const postConfig = run.o.manifest.posts.find((p) => p.id === post);
    const blocked = run.initBlocked(account) ?? (!postConfig?.targets.some((t) => t.account === account) ? 'no longer in the manifest' : undefined);
    if (blocked) {
        run.outcome({ post, account, status: 'deferred', message: `an interrupted claim was released (no upload had started); ${blocked}` });
        return;
    }
    run.o.logger.info(`${post} → ${account}: an interrupted claim was released (no upload had started); initiating it again`);
    await publish(run, action, run.usernames.get(account));
}
async function findVideo(run, token, caption, after) {
    let cursor;
    // videos are newest first: stop once older than the claim
    for (let page = 0; page < 10; page++) {
        const list = await run.o.client.listVideos(token, { cursor, maxCount: 20 });
        for (const v of list.videos) {
            const created = (v.createTime ?? 0) * 1000;
            if (created && created < after - 60_000)
                return undefined;
            if ((v.title ?? '') === caption)
                return { id: v.id, shareUrl: v.shareUrl };
        }
        if (!list.hasMore)
            return undefined;
        cursor = list.cursor;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/publish/engine-account.ts






/*
 * One account's turn: its access token first (so an account whose token
 * cannot be refreshed never leaves a claim behind), then TikTok's live
 * creator info, then its pairs in the plan's order.
 */
const inFlight = (a) => a.kind === 'resume' || a.kind === 'orphaned';
async function runAccount(run, name, actions) {
    const account = run.o.manifest.accounts[name];
    let auth;
    try {
        auth = await run.o.tokens.accessTokenFor(account);
        run.auth.set(name, { ...auth });
    }
    catch (error) {
        run.passStop(error);
        notStarted(run, name, actions, error);
        return;
    }
    let creatorUsername;
    const needsCreator = actions.some((a) => !inFlight(a) && a.mode !== 'inbox');
    if (needsCreator || actions.some(inFlight)) {
        try {
            // asked before the plan in this run: the same answer, not a second request
            const fresh = run.o.creatorInfo?.get(name);
            const info = fresh ?? (await creatorInfo(run, account, auth));
            creatorUsername = info.username;
            if (!fresh)
                run.updateAccount(name, (0,creator_recheck/* creatorCacheEntry */.xm)(info, name, run.now()));
        }
        catch (error) {
            if (needsCreator) {
                failAll(run, name, actions.filter((a) => !inFlight(a)), error);
                actions = actions.filter(inFlight);
            }
        }
    }
    if (!run.auth.has(name) || run.auth.get(name).token !== auth.token)
        run.auth.set(name, { ...auth });
    run.usernames.set(name, creatorUsername);
    for (const action of actions) {
        if (run.stopped !== undefined)
            return;
        if (inFlight(action)) {
            await resume(run, action, run.auth.get(name).token, auth.scopes, creatorUsername);
            continue;
        }
        const blocked = run.initBlocked(name);
        if (blocked) {
            run.outcome({ post: action.post, account: name, status: 'deferred', message: blocked });
            continue;
        }
        await publish(run, action, creatorUsername);
    }
}
/** The account's token could not be had: nothing of it is started, and what is in flight stays so. */
function notStarted(run, name, actions, error) {
    const message = error instanceof errors/* UserError */.yo && error.fix ? `${error.message} Fix: ${error.fix}.` : error instanceof Error ? error.message : String(error);
    run.o.logger.error(`${name}: ${message}`);
    for (const a of actions) {
        run.outcome({
            post: a.post,
            account: name,
            status: inFlight(a) ? 'processing' : 'failed',
            message: `not started: ${message}`,
            error: { code: 'token', class: 'needs_person' }
        });
    }
}
/**
 * TikTok's creator_info. A cached access token TikTok no longer accepts (the
 * account was authorized again, or revoked) is refreshed once (`auth` is
 * updated in place), then the run gives up on the account's new posts.
 */
async function creatorInfo(run, account, auth) {
    try {
        return await run.o.client.creatorInfo(auth.token);
    }
    catch (error) {
        if (!(error instanceof tiktok_errors/* TikTokApiError */.r9 && error.code === 'access_token_invalid' && run.o.tokens.invalidate))
            throw error;
        run.o.tokens.invalidate(account);
        const fresh = await run.o.tokens.accessTokenFor(account);
        auth.token = fresh.token;
        auth.scopes = fresh.scopes;
        return await run.o.client.creatorInfo(auth.token);
    }
}

;// CONCATENATED MODULE: ./src/publish/engine.ts




/**
 * Accounts worked on at once. TikTok's limits are per access token, i.e. per
 * account, so more accounts at once cannot cause a 429; what it saves is the
 * time a worker sleeps between status polls of one account's posts.
 */
const DEFAULT_ACCOUNT_CONCURRENCY = 200;
/**
 * Applies the plan: its actions and TikTok's live answers decide everything. Order per pair: token → creator info → claim
 * (durable) → init → publish_id (durable) → upload → poll → final (durable).
 * The token comes before the claim so that an account whose token cannot be
 * refreshed never leaves a claim behind that a person would have to settle.
 */
async function runEngine(options) {
    const start = options.clock.now().getTime();
    const deadline = start + options.timeBudgetMs;
    const plan = options.plan;
    // the plan alone says what is applied: new inits, pairs in flight, and posts
    // removed from the manifest while TikTok had them (polled to their end)
    const work = new Map();
    for (const action of plan.actions.filter(src_plan/* hasWork */.OJ)) {
        const list = work.get(action.account) ?? [];
        list.push(action);
        work.set(action.account, list);
    }
    const run = new EngineRun(options, deadline);
    const accounts = [...work.keys()];
    const concurrency = Math.max(1, options.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY);
    let index = 0;
    const workers = Array.from({ length: Math.min(concurrency, accounts.length) }, async () => {
        while (index < accounts.length && run.stopped === undefined) {
            const name = accounts[index++];
            try {
                await runAccount(run, name, work.get(name));
            }
            catch (error) {
                run.stop(error);
            }
        }
    });
    // every worker ends before the caller may close the client under them
    await Promise.allSettled(workers);
    if (run.stopped !== undefined)
        throw run.stopped;
    await options.checkpointer.checkpoint('run finished');
    const failed = run.outcomes.some((o) => o.status === 'failed' || o.status === 'unknown');
    return { plan, outcomes: run.outcomes, failed };
}


/***/ })

};
