export const id = 446;
export const ids = [446];
export const modules = {

/***/ 4446:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runValidate: () => (/* binding */ runValidate)
/* harmony export */ });
/* harmony import */ var _publish_run_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7863);
/* harmony import */ var _settings_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6023);
/* harmony import */ var _terminal_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1028);



/** `validate`: the manifest, its videos and the state file checked; no network. */
async function runValidate(flags, ctx) {
    const s = (0,_settings_js__WEBPACK_IMPORTED_MODULE_1__/* .manifestSettings */ .t8)(flags, ctx);
    const inputs = await (0,_publish_run_js__WEBPACK_IMPORTED_MODULE_0__/* .loadInputs */ .IV)({ manifestPath: s.manifestPath, statePath: s.statePath, accounts: s.accounts, shard: s.shard });
    const targets = inputs.manifest.posts.reduce((n, p) => n + p.targets.length, 0);
    const line = `ok: ${inputs.manifest.posts.length} posts, ${targets} post × account pairs, ${Object.keys(inputs.manifest.accounts).length} accounts, ${inputs.media.size} videos checked${photoCount(inputs)}`;
    if (s.json)
        ctx.stdout.write((0,_terminal_js__WEBPACK_IMPORTED_MODULE_2__/* .jsonText */ .s)({ ok: true, posts: inputs.manifest.posts.length, pairs: targets }));
    else
        ctx.stdout.write(line + '\n');
}
/** `, 3 photos checked` when the manifest has photo posts (repository images read; https ones are TikTok's to pull) */
function photoCount(inputs) {
    const files = new Set([...(inputs.photos?.values() ?? [])].flatMap((f) => f.images.filter((i) => i.kind === 'file').map((i) => i.path)));
    return inputs.photos?.size ? `, ${files.size} photos checked` : '';
}


/***/ })

};
