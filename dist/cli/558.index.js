export const id = 558;
export const ids = [558];
export const modules = {

/***/ 6177:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runResolve: () => (/* binding */ runResolve)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _manifest_load_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9779);
/* harmony import */ var _publish_run_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7863);
/* harmony import */ var _state_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2802);
/* harmony import */ var _state_transitions_resolve_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4282);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5217);
/* harmony import */ var _settings_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6023);








/** `resolve`: a person settles an `unknown` pair after checking the account in TikTok. */
async function runResolve(post, account, flags, ctx) {
    if (!!flags.published === !!flags.notPublished) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('resolve needs exactly one of --published VIDEO_ID or --not-published', {
            fix: `check the account in the TikTok app, then run e.g. tiktok-publish resolve ${post} ${account} --not-published`
        });
    }
    if (flags.published && !/^\d{1,20}$/.test(flags.published)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`--published "${flags.published}" is not a TikTok video id`, { fix: 'copy the digits at the end of the video URL, e.g. 7312345678901234567' });
    }
    const s = (0,_settings_js__WEBPACK_IMPORTED_MODULE_7__/* .manifestSettings */ .t8)(flags, ctx);
    const statePath = s.statePath ?? (0,_publish_run_js__WEBPACK_IMPORTED_MODULE_3__/* .defaultStatePath */ .K0)(s.manifestPath);
    (0,_publish_run_js__WEBPACK_IMPORTED_MODULE_3__/* .checkStatePath */ .Bt)(statePath, (0,_manifest_load_js__WEBPACK_IMPORTED_MODULE_2__/* .findRepositoryRoot */ .mL)(node_path__WEBPACK_IMPORTED_MODULE_0___default().dirname(s.manifestPath)));
    const { state, exists } = await (0,_state_index_js__WEBPACK_IMPORTED_MODULE_4__/* .loadState */ .C7)(statePath);
    const record = exists ? (0,_state_index_js__WEBPACK_IMPORTED_MODULE_4__/* .getRecord */ .EI)(state, post, account) : undefined;
    if (!record)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${statePath} has no record for post ${post} on account ${account}`, { fix: 'check the post id and account name (tiktok-publish status lists them)' });
    if (!(0,_state_transitions_resolve_js__WEBPACK_IMPORTED_MODULE_5__/* .canResolve */ .dP)(record)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`post ${post} on ${account} is ${record.status}, not unknown: nothing to resolve`, { fix: 'only pairs left unknown by an interrupted run, or failed ones a person has checked, need resolving' });
    }
    const next = (0,_state_transitions_resolve_js__WEBPACK_IMPORTED_MODULE_5__/* .resolved */ .L$)(record, flags.published ? { published: flags.published } : { notPublished: true }, (0,_context_js__WEBPACK_IMPORTED_MODULE_6__/* .clockOf */ .ie)(ctx).now());
    await (0,_state_index_js__WEBPACK_IMPORTED_MODULE_4__/* .saveState */ .LZ)(statePath, (0,_state_index_js__WEBPACK_IMPORTED_MODULE_4__/* .setRecord */ .ed)(state, post, account, next));
    ctx.stdout.write(`${post} on ${account}: ${flags.published ? `published as video ${flags.published}` : 'not published; the next run publishes it'}\n`);
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
