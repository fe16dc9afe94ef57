export const id = 943;
export const ids = [943];
export const modules = {

/***/ 8943:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runPlan: () => (/* binding */ runPlan)
/* harmony export */ });
/* harmony import */ var _plan_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3459);
/* harmony import */ var _publish_keep_alive_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5518);
/* harmony import */ var _publish_run_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7863);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5217);
/* harmony import */ var _settings_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6023);
/* harmony import */ var _terminal_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1028);






/** `plan`: what a run would do now; no network. */
async function runPlan(flags, ctx) {
    const s = (0,_settings_js__WEBPACK_IMPORTED_MODULE_4__/* .manifestSettings */ .t8)(flags, ctx);
    const inputs = await (0,_publish_run_js__WEBPACK_IMPORTED_MODULE_2__/* .loadInputs */ .IV)({ manifestPath: s.manifestPath, statePath: s.statePath, accounts: s.accounts, shard: s.shard });
    const plan = (0,_publish_run_js__WEBPACK_IMPORTED_MODULE_2__/* .planRun */ .nY)(inputs, (0,_context_js__WEBPACK_IMPORTED_MODULE_3__/* .clockOf */ .ie)(ctx).now());
    const expiring = (0,_publish_keep_alive_js__WEBPACK_IMPORTED_MODULE_1__/* .expiryWarnings */ .FN)({ manifest: inputs.manifest, state: inputs.state, now: (0,_context_js__WEBPACK_IMPORTED_MODULE_3__/* .clockOf */ .ie)(ctx).now(), selector: inputs.selector });
    if (s.json)
        ctx.stdout.write((0,_terminal_js__WEBPACK_IMPORTED_MODULE_5__/* .jsonText */ .s)(expiring.length ? { ...plan, account_warnings: expiring } : plan, 2));
    else
        ctx.stdout.write((0,_plan_index_js__WEBPACK_IMPORTED_MODULE_0__/* .renderPlanTable */ .Qi)(plan, inputs.manifest, inputs.state) + (0,_publish_keep_alive_js__WEBPACK_IMPORTED_MODULE_1__/* .renderExpiryWarnings */ .hV)(expiring));
    // a post asking for what the creator does not offer would fail at TikTok: say so now
    if (plan.actions.some((a) => a.kind === 'blocked' && a.code?.startsWith('creator_')))
        ctx.exitCode = _context_js__WEBPACK_IMPORTED_MODULE_3__/* .EXIT_FAILED */ .hj;
}


/***/ })

};
