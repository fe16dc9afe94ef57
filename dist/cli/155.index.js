export const id = 155;
export const ids = [155];
export const modules = {

/***/ 1155:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runDemo: () => (/* binding */ runDemo)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _clock_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9373);
/* harmony import */ var _emulator_index_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1006);
/* harmony import */ var _logger_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(6999);
/* harmony import */ var _plan_index_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3459);
/* harmony import */ var _publish_file_sink_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2549);
/* harmony import */ var _publish_report_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(4585);
/* harmony import */ var _publish_run_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(7863);
/* harmony import */ var _tiktok_tokens_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(3466);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(5217);
/* harmony import */ var _progress_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(9851);















/** The package's root: dist/cli/index.js and src/cli/demo.ts both sit two levels below it. */
function packageRoot() {
    // not `new URL('../..', import.meta.url)`: the bundler would treat that as an asset to copy
    const here = node_path__WEBPACK_IMPORTED_MODULE_3___default().dirname((0,node_url__WEBPACK_IMPORTED_MODULE_4__.fileURLToPath)(import.meta.url));
    return node_path__WEBPACK_IMPORTED_MODULE_3___default().resolve(here, '..', '..');
}
/** `demo`: the bundled example manifest published against the bundled emulator, no credentials. */
async function runDemo(flags, ctx) {
    const root = packageRoot();
    const manifestPath = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(root, 'examples', 'tiktok.yml');
    const statePath = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(root, 'examples', 'tiktok.state.json');
    if (flags.fresh)
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(statePath, { force: true });
    const out = (line = '') => ctx.stdout.write(line + '\n');
    // the main road: an unaudited app and private accounts
    const emulator = await (0,_emulator_index_js__WEBPACK_IMPORTED_MODULE_6__.startEmulator)({
        config: {
            apps: [{ client_key: 'emu_client_key', client_secret: 'emu_client_secret', audited: false }],
            accounts: [
                { username: 'brand_us', nickname: 'Brand US', private: true, refresh_token: 'demo-refresh-brand-us' },
                { username: 'brand_br', nickname: 'Brand BR', private: true, refresh_token: 'demo-refresh-brand-br' }
            ],
            processing_polls: 2
        }
    });
    const tokenDir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join((0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'tiktok-publish-demo-'));
    try {
        out(`TikTok emulator at ${emulator.url} (an unaudited app, two private accounts)`);
        const inputs = await (0,_publish_run_js__WEBPACK_IMPORTED_MODULE_9__/* .loadInputs */ .IV)({ manifestPath, statePath, root });
        out(`\nPlan for ${node_path__WEBPACK_IMPORTED_MODULE_3___default().relative(ctx.cwd, manifestPath) || manifestPath}:\n`);
        ctx.stdout.write((0,_plan_index_js__WEBPACK_IMPORTED_MODULE_7__/* .renderPlanTable */ .Qi)((0,_publish_run_js__WEBPACK_IMPORTED_MODULE_9__/* .planRun */ .nY)(inputs, _clock_js__WEBPACK_IMPORTED_MODULE_5__/* .systemClock */ .m.now()), inputs.manifest, inputs.state));
        out('\nApplying…');
        const demoSecrets = {
            TIKTOK_CLIENT_KEY: 'emu_client_key',
            TIKTOK_CLIENT_SECRET: 'emu_client_secret',
            TIKTOK_REFRESH_BRAND_US: 'demo-refresh-brand-us',
            TIKTOK_REFRESH_BRAND_BR: 'demo-refresh-brand-br'
        };
        const progress = new _progress_js__WEBPACK_IMPORTED_MODULE_12__/* .ProgressView */ .z(ctx.stderr);
        const result = await (0,_publish_run_js__WEBPACK_IMPORTED_MODULE_9__/* .applyRun */ .qU)({
            inputs,
            apiBaseUrl: emulator.url,
            secrets: (name) => demoSecrets[name],
            tokenStore: new _tiktok_tokens_js__WEBPACK_IMPORTED_MODULE_10__/* .FileTokenStore */ .vv({ path: node_path__WEBPACK_IMPORTED_MODULE_3___default().join(tokenDir, 'tokens.json') }),
            sink: (box) => (0,_publish_file_sink_js__WEBPACK_IMPORTED_MODULE_8__/* .fileSink */ .a)(statePath, box),
            clock: _clock_js__WEBPACK_IMPORTED_MODULE_5__/* .systemClock */ .m,
            logger: new _logger_js__WEBPACK_IMPORTED_MODULE_13__/* .ConsoleLogger */ .C({ stream: ctx.stderr }),
            runId: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)(),
            timeBudgetMs: 60_000,
            pollIntervalsMs: [250, 500],
            onUploadProgress: (e) => progress.update(e)
        });
        progress.stop();
        out();
        ctx.stdout.write((0,_publish_report_js__WEBPACK_IMPORTED_MODULE_14__/* .renderOutcomes */ .S)(result.outcomes));
        out(`\nState written to ${node_path__WEBPACK_IMPORTED_MODULE_3___default().relative(ctx.cwd, statePath) || statePath}:\n`);
        ctx.stdout.write(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(statePath, 'utf8').catch(() => '(no state written)\n'));
        out('\nRun the demo again (`tiktok-publish demo`, or `npm run demo` in a clone): nothing is posted twice. `--fresh` starts over.');
        if (result.failed)
            ctx.exitCode = _context_js__WEBPACK_IMPORTED_MODULE_11__/* .EXIT_FAILED */ .hj;
    }
    finally {
        await emulator.close();
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(tokenDir, { recursive: true, force: true });
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


/***/ })

};
