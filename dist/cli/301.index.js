export const id = 301;
export const ids = [301];
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


/***/ })

};
