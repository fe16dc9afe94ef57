export const id = 436;
export const ids = [436];
export const modules = {

/***/ 6436:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runApply: () => (/* binding */ runApply)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/logger.ts
var src_logger = __webpack_require__(6999);
// EXTERNAL MODULE: ./src/manifest/load.ts + 6 modules
var load = __webpack_require__(9779);
// EXTERNAL MODULE: ./src/plan/index.ts + 8 modules
var src_plan = __webpack_require__(3459);
// EXTERNAL MODULE: ./src/publish/file-sink.ts
var file_sink = __webpack_require__(2549);
// EXTERNAL MODULE: ./src/publish/keep-alive.ts
var keep_alive = __webpack_require__(5518);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/state/index.ts + 1 modules
var src_state = __webpack_require__(2802);
// EXTERNAL MODULE: ./src/state/transitions/resolve.ts
var resolve = __webpack_require__(4282);
;// CONCATENATED MODULE: ./src/state/transitions/grow.ts

/**
 * Records are grow-only outside `resolve`. A record is the tool's evidence of
 * what TikTok holds for a pair; a commit that drops it or turns it back (a
 * merged pull request, a merge-conflict fix that took the older side) would
 * make the next run publish the video again. So a run merges the state it
 * loaded with the last state the tool itself wrote (`base`), record by
 * record, and never goes back.
 *
 * Pure: records and states in, records and states out.
 */
/** Evidence that a post exists or may exist at TikTok: never given up by a commit. */
const PROTECTED_STATUSES = new Set(['published', 'processing', 'inbox', 'unknown']);
const time = (iso) => Date.parse(iso ?? '') || 0;
/** A change `resolve` made to the base's record (it marks its records; see the CLI's resolve). */
function isResolutionOf(working, base) {
    return typeof working.resolved_by === 'string' && working.resolved_by !== '' && resolve/* RESOLVABLE_STATUSES */.ng.has(base.status) && time(working.updated_at) >= time(base.updated_at);
}
/**
 * One pair: `base` is the record the tool last wrote, `working` the record
 * the run loaded. The working record wins unless it loses evidence the base
 * holds: a record the base protects stays as the base has it, unless the
 * working record is a resolution of it, the same evidence (status and
 * publish_id), a step forward on the same publish_id, or a newer publish_id
 * (a later init the base never saw: losing it could post twice).
 */
function growRecord(base, working) {
    if (!base)
        return { record: working };
    if (!working)
        return { record: base, kept: 'dropped' };
    if (!PROTECTED_STATUSES.has(base.status))
        return { record: working };
    if (isResolutionOf(working, base))
        return { record: working };
    if (working.publish_id !== undefined && working.publish_id !== base.publish_id && time(working.updated_at) > time(base.updated_at))
        return { record: working };
    if (working.status === base.status && working.publish_id === base.publish_id)
        return { record: working };
    const forward = base.status === 'processing' && (working.status === 'published' || working.status === 'inbox') && working.publish_id === base.publish_id;
    if (forward)
        return { record: working };
    return { record: base, kept: 'went back' };
}
/**
 * The working state grown by the base's records. Lineage and serial are the
 * working copy's when it exists (the file on disk must accept the next save),
 * the base's when the working file is gone. Account entries (creator cache,
 * holds) are the working copy's: TikTok is asked again about those.
 */
function growState(base, working, workingExists = true) {
    const kept = [];
    const posts = {};
    const ids = [...new Set([...Object.keys(working.posts), ...Object.keys(base.posts)])];
    for (const post of ids) {
        const b = Object.prototype.hasOwnProperty.call(base.posts, post) ? base.posts[post] : {};
        const w = Object.prototype.hasOwnProperty.call(working.posts, post) ? working.posts[post] : {};
        const out = {};
        for (const account of [...new Set([...Object.keys(w), ...Object.keys(b)])]) {
            const bRec = Object.prototype.hasOwnProperty.call(b, account) ? b[account] : undefined;
            const wRec = Object.prototype.hasOwnProperty.call(w, account) ? w[account] : undefined;
            const d = growRecord(bRec, wRec);
            if (d.record)
                out[account] = d.record;
            if (d.kept && bRec) {
                kept.push({
                    post,
                    account,
                    status: bRec.status,
                    publish_id: bRec.publish_id,
                    video_id: bRec.video_id,
                    reason: d.kept,
                    working: wRec?.status
                });
            }
        }
        if (Object.keys(out).length)
            posts[post] = out;
    }
    const shell = workingExists ? working : { ...working, lineage: base.lineage, serial: base.serial };
    return { state: kept.length ? { ...shell, accounts: workingExists ? working.accounts : base.accounts, posts } : workingExists ? working : base, kept };
}
/** One line per kept record, for logs and summaries. */
function describeKept(k) {
    const id = k.publish_id ? `, publish_id ${k.publish_id}` : '';
    return k.reason === 'dropped' ? `${k.post} → ${k.account}: ${k.status}${id} (dropped by a commit)` : `${k.post} → ${k.account}: ${k.status}${id} (a commit turned it back to ${k.working})`;
}

;// CONCATENATED MODULE: ./src/publish/keep-records.ts






/**
 * The loaded inputs with the state grown by the last state the tool wrote
 * (`base`): records a commit dropped or turned back are put back, so the plan
 * never publishes a pair TikTok already has. Logged, one line per record.
 */
function keepRecords(inputs, base, logger, from) {
    if (!base)
        return { inputs, kept: [] };
    if (inputs.stateExists && base.lineage !== inputs.state.lineage) {
        // another state file now lives there (lineage guards against a foreign state): not ours to grow
        logger.warn(`the state file has lineage ${inputs.state.lineage}, the last one tiktok-publish wrote (${from}) has ${base.lineage}: records are not carried over between two different states`);
        return { inputs, kept: [] };
    }
    const grown = growState(base, inputs.state, inputs.stateExists);
    if (grown.kept.length === 0)
        return { inputs, kept: [] };
    logger.warn(`${grown.kept.length} record(s) of the state were dropped or turned back by a commit since tiktok-publish last wrote it (${from}); they are kept, so nothing is posted twice:\n${grown.kept.map((k) => `  ${describeKept(k)}`).join('\n')}`);
    return { inputs: { ...inputs, state: grown.state }, kept: grown.kept };
}
/** The commit reasons of a save that puts kept records back. */
function keptReasons(kept) {
    return kept.map((k) => `restore ${k.post}/${k.account}`);
}
/**
 * The command line writes its state file without git, and a person may commit
 * it, edit it or merge over it. So the last state the tool wrote is also kept
 * where only the tool writes: beside the token store, one file per state file
 * (named by a hash of its absolute path), owner-only like the token store.
 */
class StateCopies {
    dir;
    warned = false;
    constructor(dir) {
        this.dir = dir;
    }
    file(statePath) {
        return external_node_path_default().join(this.dir, `${(0,external_node_crypto_.createHash)('sha256').update(external_node_path_default().resolve(statePath)).digest('hex').slice(0, 24)}.json`);
    }
    async read(statePath, logger) {
        const file = this.file(statePath);
        let text;
        try {
            text = await (0,promises_.readFile)(file, 'utf8');
        }
        catch {
            return undefined;
        }
        try {
            return (0,src_state/* parseState */.Bu)(text, file);
        }
        catch (e) {
            // a damaged copy only costs the protection it gave: say so, never fail the run
            logger.warn(`the copy of the last state tiktok-publish wrote (${file}) does not parse; records a commit dropped cannot be restored this run (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
            return undefined;
        }
    }
    async write(statePath, state) {
        const file = this.file(statePath);
        await (0,promises_.mkdir)(this.dir, { recursive: true, mode: 0o700 });
        const tmp = `${file}.${(0,external_node_crypto_.randomUUID)().slice(0, 8)}.tmp`;
        const fh = await (0,promises_.open)(tmp, 'w', 0o600);
        try {
            await fh.writeFile((0,src_state/* serializeState */.sU)(state));
            await fh.sync();
        }
        finally {
            await fh.close();
        }
        await (0,promises_.chmod)(tmp, 0o600);
        await (0,promises_.rename)(tmp, file).catch(async (e) => {
            await (0,promises_.unlink)(tmp).catch(() => undefined);
            throw e;
        });
    }
    /**
     * Writes the copy; a copy that cannot be written costs only the protection
     * it gives, never the run: one warning, then the run goes on.
     */
    async keep(statePath, state, logger) {
        try {
            await this.write(statePath, state);
        }
        catch (e) {
            if (this.warned)
                return;
            this.warned = true;
            logger.warn(`could not keep a copy of the state in ${this.dir} (${e.code ?? (e instanceof Error ? e.message : String(e))}); records a later commit drops cannot be restored from it`);
        }
    }
    /** A sink that also keeps the copy, after the state file itself is durable. */
    wrap(statePath, box, inner, logger) {
        return {
            save: async (reasons) => {
                await inner.save(reasons);
                await this.keep(statePath, box.current, logger);
            }
        };
    }
}

// EXTERNAL MODULE: ./src/publish/report.ts
var report = __webpack_require__(4585);
// EXTERNAL MODULE: ./src/publish/run.ts + 2 modules
var run = __webpack_require__(7863);
// EXTERNAL MODULE: ./src/publish/upload-sessions.ts
var upload_sessions = __webpack_require__(3546);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/lockfile.ts
var lockfile = __webpack_require__(9746);
;// CONCATENATED MODULE: ./src/state/run-lock.ts




/**
 * A run's claim on one state file, taken before the state is read and before
 * any token is touched, and held until the run ends: two runs on one state
 * (two overlapping cron jobs) never both plan from the same state, never both
 * refresh the same account, and never both create the first state file.
 */
/** A run touches its lock this often; a lock untouched for RUN_LOCK_STALE_MS is abandoned. */
const RUN_LOCK_STALE_MS = 5 * 60_000;
const DEFAULT_RUN_LOCK_WAIT_MS = 60_000;
function runLockPath(statePath) {
    return `${statePath}.run.lock`;
}
async function lockStateForRun(statePath, options) {
    const file = runLockPath(statePath);
    const log = options.logger;
    try {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(file), { recursive: true });
        const attempt = await (0,lockfile/* acquireLock */.I)(file, {
            waitMs: options.waitMs,
            staleMs: RUN_LOCK_STALE_MS,
            purpose: options.purpose ?? 'apply',
            onWait: (holder) => log.info(`another tiktok-publish run holds the state (${(0,lockfile/* describeHolder */.s)(holder)}); waiting up to ${Math.round(options.waitMs / 1000)} s for it to finish`),
            onTakeOver: (holder, why) => log.warn(`taking over the state lock ${file} left by ${(0,lockfile/* describeHolder */.s)(holder)}: ${why}`)
        });
        if (attempt.held)
            return { held: attempt.held };
        const holder = attempt.busy;
        const message = `another tiktok-publish ${holder?.purpose ?? 'run'} holds the state ${statePath} (${(0,lockfile/* describeHolder */.s)(holder)}); ` +
            `this run stood aside after waiting ${Math.round(options.waitMs / 1000)} s: nothing was refreshed, sent or written. ` +
            `The next run publishes what is still due (or wait longer with --lock-wait).`;
        return { standAside: { holder, message } };
    }
    catch (e) {
        throw new errors/* UserError */.yo(`cannot lock the state file ${statePath} for this run (${e.code ?? e.message})`, {
            fix: `check the permissions of the folder that holds the state file; the lock is ${file}`
        });
    }
}

// EXTERNAL MODULE: ./src/tiktok/tokens.ts
var tokens = __webpack_require__(3466);
// EXTERNAL MODULE: ./src/tiktok/upload.ts
var upload = __webpack_require__(3421);
// EXTERNAL MODULE: ./src/cli/context.ts
var context = __webpack_require__(5217);
// EXTERNAL MODULE: ./src/cli/progress.ts
var cli_progress = __webpack_require__(9851);
// EXTERNAL MODULE: ./src/cli/settings.ts + 1 modules
var settings = __webpack_require__(6023);
// EXTERNAL MODULE: ./src/cli/terminal.ts
var terminal = __webpack_require__(1028);
;// CONCATENATED MODULE: ./src/cli/apply.ts



















/** `apply`: publish what is due, poll until final, write the state. */
async function runApply(flags, ctx) {
    const s = (0,settings/* applySettings */.iN)(flags, ctx);
    const logger = new src_logger/* ConsoleLogger */.C({ stream: ctx.stderr, verbose: s.debug });
    if (!s.api)
        return dryRun(s, ctx);
    // One writer per state, decided before the state is read and before any
    // token is touched: a second run waits, then stands aside.
    const statePath = external_node_path_default().resolve(s.statePath ?? (0,run/* defaultStatePath */.K0)(s.manifestPath));
    // judged before its lock is made beside it: not outside the repository, not in .git/
    (0,run/* checkStatePath */.Bt)(statePath, (0,load/* findRepositoryRoot */.mL)(external_node_path_default().dirname(s.manifestPath)));
    const lock = await lockStateForRun(statePath, { waitMs: s.lockWaitMs, logger });
    if (lock.standAside) {
        if (s.json) {
            ctx.stderr.write(lock.standAside.message + '\n');
            ctx.stdout.write('[]\n');
        }
        else
            ctx.stdout.write(lock.standAside.message + '\n');
        return;
    }
    const progress = new cli_progress/* ProgressView */.z(ctx.progress ?? ctx.stderr);
    try {
        await publish({ ...s, statePath }, ctx, logger, progress);
    }
    finally {
        progress.stop();
        await lock.held.release();
    }
}
async function dryRun(s, ctx) {
    const inputs = await (0,run/* loadInputs */.IV)({ manifestPath: s.manifestPath, statePath: s.statePath, accounts: s.accounts, shard: s.shard });
    const plan = (0,run/* planRun */.nY)(inputs, (0,context/* clockOf */.ie)(ctx).now());
    ctx.stdout.write(s.json ? (0,terminal/* jsonText */.s)(plan, 2) : (0,src_plan/* renderPlanTable */.Qi)(plan, inputs.manifest, inputs.state));
}
/** The run itself, with the state locked. */
async function publish(s, ctx, logger, progress) {
    const loaded = await (0,run/* loadInputs */.IV)({ manifestPath: s.manifestPath, statePath: s.statePath, accounts: s.accounts, shard: s.shard });
    const tokenStore = new tokens/* FileTokenStore */.vv({ path: s.api.tokenStorePath });
    const { inputs, sink } = await keepGrownRecords(loaded, tokenStore.path, logger);
    const result = await (0,run/* applyRun */.qU)({
        inputs,
        apiBaseUrl: s.api.apiBaseUrl,
        secrets: s.secret,
        tokenStore,
        uploads: new upload_sessions/* FileUploadSessions */.B(external_node_path_default().join(external_node_path_default().dirname(tokenStore.path), 'uploads.json')),
        sink,
        clock: (0,context/* clockOf */.ie)(ctx),
        logger,
        runId: (0,external_node_crypto_.randomUUID)(),
        approvedBy: headCommit(inputs.manifest.root),
        timeBudgetMs: s.timeBudgetMs,
        pollIntervalsMs: s.api.pollIntervalsMs,
        // 62 MiB and up are sent as 64,000,000 bytes, the largest chunk that is
        // within TikTok's "64 MB" whichever way it counts a megabyte
        chunkSizeBytes: s.api.chunkMiB === undefined ? undefined : Math.min(s.api.chunkMiB * 1024 * 1024, upload/* MAX_CHUNK */.jQ),
        servedRewrite: s.api.servedRewrite,
        onUploadProgress: (e) => progress.update(e)
    });
    progress.stop();
    ctx.stdout.write(s.json ? (0,terminal/* jsonText */.s)(result.outcomes, 2) : (0,report/* renderOutcomes */.S)(result.outcomes, result.plan.actions));
    // read from the state as this run left it: a token it just renewed is no longer a concern
    const expiring = (0,keep_alive/* expiryWarnings */.FN)({ manifest: inputs.manifest, state: result.state, now: (0,context/* clockOf */.ie)(ctx).now(), selector: inputs.selector });
    // what keep-alive did is already in the log (standard error)
    ctx.stderr.write((0,keep_alive/* renderExpiryWarnings */.hV)(expiring));
    if (result.failed)
        ctx.exitCode = context/* EXIT_FAILED */.hj;
}
/**
 * Records are grow-only outside `resolve`: the last state this tool wrote is
 * kept beside the token store, and a commit or an edit that dropped records
 * from the state file does not make this run post them again.
 */
async function keepGrownRecords(loaded, tokenStorePath, logger) {
    const copies = new StateCopies(external_node_path_default().join(external_node_path_default().dirname(tokenStorePath), 'states'));
    const sink = (box) => copies.wrap(loaded.statePath, box, (0,file_sink/* fileSink */.a)(loaded.statePath, box), logger);
    const copy = await copies.read(loaded.statePath, logger);
    // a state this tool has not written on this machine yet: what is there now is the best history known
    if (!copy && loaded.stateExists)
        await copies.keep(loaded.statePath, loaded.state, logger);
    const grown = keepRecords(loaded, copy, logger, 'its copy beside the token store');
    let inputs = grown.inputs;
    if (grown.kept.length) {
        const box = { current: inputs.state };
        await sink(box).save(keptReasons(grown.kept));
        inputs = { ...inputs, state: box.current, stateExists: true };
    }
    return { inputs, sink };
}
/** The commit a run publishes from, recorded on each claim as what approved it; none outside git. */
function headCommit(root) {
    try {
        return (0,external_node_child_process_.execFileSync)('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 9851:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   z: () => (/* binding */ ProgressView)
/* harmony export */ });
/* harmony import */ var cli_progress__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8502);
/* harmony import */ var cli_progress__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(cli_progress__WEBPACK_IMPORTED_MODULE_0__);

/**
 * Upload progress: bars on a terminal, one plain line per finished upload
 * otherwise (CI logs must not fill with redraws).
 */
class ProgressView {
    stream;
    multi;
    bars = new Map();
    stopped = false;
    constructor(stream) {
        this.stream = stream;
        if (stream.isTTY) {
            this.multi = new (cli_progress__WEBPACK_IMPORTED_MODULE_0___default().MultiBar)({ stream: stream, format: ' {bar} {percentage}% | {name} | {value_mb}/{total_mb} MB', hideCursor: true, clearOnComplete: false }, (cli_progress__WEBPACK_IMPORTED_MODULE_0___default().Presets).shades_classic);
        }
    }
    update(e) {
        const name = `${e.post} → ${e.account}`;
        const mb = (n) => (n / 1048576).toFixed(1);
        if (this.multi) {
            let bar = this.bars.get(name);
            if (!bar) {
                bar = this.multi.create(e.total, 0, { name, value_mb: mb(0), total_mb: mb(e.total) });
                this.bars.set(name, bar);
            }
            bar.update(e.sent, { value_mb: mb(e.sent), total_mb: mb(e.total) });
            return;
        }
        if (e.sent === e.total)
            this.stream.write(`uploaded ${name}: ${mb(e.total)} MB\n`);
    }
    stop() {
        if (this.stopped)
            return;
        this.stopped = true;
        this.multi?.stop();
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


/***/ }),

/***/ 2549:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ fileSink)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _state_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2802);
/* harmony import */ var _state_store_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6992);
/* harmony import */ var _failpoint_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8709);




/**
 * The command line's durability: the state file itself, written atomically
 * with fsync. saveState refuses a file another run moved meanwhile, which is
 * what stops two runs on one state from both initiating a pair.
 */
function fileSink(file, box) {
    return {
        async save() {
            (0,_failpoint_js__WEBPACK_IMPORTED_MODULE_3__/* .failpoint */ .Z)('state-write');
            // A run with nothing to do must leave the file byte for byte: a server
            // that commits its state would otherwise get a diff every run.
            if (await alreadyOnDisk(file, box.current)) {
                (0,_failpoint_js__WEBPACK_IMPORTED_MODULE_3__/* .failpoint */ .Z)('state-written');
                return;
            }
            const written = await (0,_state_index_js__WEBPACK_IMPORTED_MODULE_1__/* .saveState */ .LZ)(file, box.current);
            (0,_failpoint_js__WEBPACK_IMPORTED_MODULE_3__/* .failpoint */ .Z)('state-written');
            // the engine may have moved on while the write was in flight: keep its
            // changes and take only the serial the file now carries
            box.current = { ...box.current, serial: written.serial };
        }
    };
}
/** The file holds exactly this state, serial included (so nobody wrote it meanwhile). */
async function alreadyOnDisk(file, state) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, 'utf8');
    }
    catch {
        return false;
    }
    // the file still holds what this run wrote last: compare text, no parse (a save per step stays linear)
    if (text === (0,_state_store_js__WEBPACK_IMPORTED_MODULE_2__/* .lastWrittenText */ .FV)(file))
        return (0,_state_index_js__WEBPACK_IMPORTED_MODULE_1__/* .serializeState */ .sU)(state) === text;
    try {
        const disk = (0,_state_index_js__WEBPACK_IMPORTED_MODULE_1__/* .parseState */ .Bu)(text, file);
        return disk.lineage === state.lineage && disk.serial === state.serial && (0,_state_index_js__WEBPACK_IMPORTED_MODULE_1__/* .serializeState */ .sU)(disk) === (0,_state_index_js__WEBPACK_IMPORTED_MODULE_1__/* .serializeState */ .sU)(state);
    }
    catch {
        // an unreadable file is saveState's to report
        return false;
    }
}


/***/ }),

/***/ 4585:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ renderOutcomes)
/* harmony export */ });
/**
 * One line per pair and a totals line: what the command line prints after
 * apply. Pairs the plan blocked (an `unknown` claim, a public account under an
 * unaudited app…) follow with their reason, so every run says what a person
 * has to do, not only the run that found it.
 */
function renderOutcomes(outcomes, planned = []) {
    const worked = new Set(outcomes.map((o) => `${o.post}\u0000${o.account}`));
    const waiting = planned.filter((a) => a.kind === 'blocked' && !worked.has(`${a.post}\u0000${a.account}`));
    const lines = [];
    if (outcomes.length === 0) {
        lines.push(waiting.length
            ? 'Nothing published by this run.'
            : 'Nothing to do: every post is published, waiting for its time, or needs a person (see `tiktok-publish plan`).');
    }
    else {
        for (const o of outcomes) {
            const ids = [o.video_id && `video ${o.video_id}`, o.url, !o.video_id && o.publish_id && `publish_id ${o.publish_id}`].filter(Boolean).join('  ');
            lines.push(`${o.post.padEnd(24)} ${o.account.padEnd(16)} ${o.status.padEnd(11)} ${ids}${o.message ? `${ids ? '  ' : ''}${o.message}` : ''}`);
        }
        const totals = new Map();
        for (const o of outcomes)
            totals.set(o.status, (totals.get(o.status) ?? 0) + 1);
        lines.push('');
        lines.push([...totals].map(([k, v]) => `${v} ${k}`).join(', '));
    }
    if (waiting.length) {
        lines.push('', `Not started, ${waiting.length} waiting for a person:`);
        for (const a of waiting)
            lines.push(`${a.post.padEnd(24)} ${a.account.padEnd(16)} ${a.reason}`);
    }
    return lines.join('\n') + '\n';
}


/***/ }),

/***/ 4282:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L$: () => (/* binding */ resolved),
/* harmony export */   dP: () => (/* binding */ canResolve),
/* harmony export */   ng: () => (/* binding */ RESOLVABLE_STATUSES)
/* harmony export */ });
/* unused harmony export RESOLVED_BY */
/* harmony import */ var _rules_rulebook_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3876);

/**
 * A person's verdict on a pair (`tiktok-publish resolve`), as a pure move:
 * the record and the verdict in, the next record out. The person looked at
 * the account in TikTok, which no run can do for a private post, so the
 * verdict wins over what the record said.
 */
/** What `resolve` accepts: pairs an interrupted run left unknown or claimed, and failed ones a person checked. */
const RESOLVABLE_STATUSES = new Set(['unknown', 'claimed', 'failed']);
/** Marks a record a person settled: grow-only merging lets it replace the evidence it settles. */
const RESOLVED_BY = 'person';
function canResolve(record) {
    return RESOLVABLE_STATUSES.has(record.status);
}
/**
 * `published`: the post is on the account with this video id; the pair is
 * done. `notPublished`: it is not there; the pair goes out in the next run,
 * with fresh attempts (the planner reads `not_published` as a person's word).
 */
function resolved(record, verdict, now) {
    if (!canResolve(record))
        throw new Error(`a ${record.status} record cannot be resolved`);
    const at = now.toISOString();
    if ('published' in verdict) {
        return { ...record, status: 'published', video_id: verdict.published, error: undefined, next_attempt_at: undefined, completed_at: at, updated_at: at, resolved_by: RESOLVED_BY };
    }
    return {
        ...record,
        status: 'failed',
        error: { code: _rules_rulebook_js__WEBPACK_IMPORTED_MODULE_0__/* .NOT_PUBLISHED */ .nu, message: 'a person checked: not on the account', class: (0,_rules_rulebook_js__WEBPACK_IMPORTED_MODULE_0__/* .classifyFailure */ .XE)(_rules_rulebook_js__WEBPACK_IMPORTED_MODULE_0__/* .NOT_PUBLISHED */ .nu).class },
        next_attempt_at: at,
        updated_at: at,
        resolved_by: RESOLVED_BY
    };
}


/***/ })

};
