export const id = 29;
export const ids = [29];
export const modules = {

/***/ 1054:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ digestFiles)
/* harmony export */ });
/* unused harmony export blobId */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);




/*
 * A video's digest is the id git gives its content as a blob, written
 * `git:<hex>`. It tells the planner that a published video was replaced.
 *
 * Why git's blob id rather than a plain sha256: for a tracked, unmodified file
 * git already knows it (`git ls-files -s`), so the common case in CI (a fresh
 * checkout of a repository holding gigabytes of videos) costs one git call and
 * no reads; hashing every video on every run would take minutes. Only modified
 * or untracked files are read, and they get the same kind of id (from
 * `git hash-object`, which applies the repository's filters such as Git LFS, or
 * computed here when git cannot), so committing an unchanged file does not
 * change its digest and cannot make a published post look "changed".
 * Outside a git repository the id is computed here, with git's sha1 format.
 *
 * For a video in Git LFS the committed blob is its pointer, whose `oid
 * sha256:` is the content's own sha256: the digest changes whenever the video
 * does, and is known from the index without downloading the video. It is the
 * same whether the work tree holds the pointer or the fetched content (with
 * the LFS filter configured, git cleans the content back to the pointer).
 */
const READ_CHUNK = 1024 * 1024;
const PATHS_PER_CALL = 500;
function git(root, args, input) {
    return new Promise((resolve) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)('git', ['--literal-pathspecs', '-C', root, ...args], 
        // Reading must never take index.lock: another process may be committing.
        { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' } }, (err, stdout) => resolve({ ok: !err, stdout: stdout ?? Buffer.alloc(0) }));
        child.on('error', () => undefined); // git missing: reported through the callback
        if (input !== undefined)
            child.stdin?.end(input);
    });
}
/** The git blob id of a file's bytes, streamed in 1 MiB reads (no filters applied). */
async function blobId(absPath, format = 'sha1') {
    const { size } = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(absPath);
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.createHash)(format);
    hash.update(`blob ${size}\0`);
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(absPath, 'r');
    try {
        const buf = Buffer.alloc(READ_CHUNK);
        let pos = 0;
        for (;;) {
            const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
            if (bytesRead === 0)
                break;
            hash.update(buf.subarray(0, bytesRead));
            pos += bytesRead;
        }
        if (pos !== size)
            throw new Error(`${absPath} changed size while being read`);
    }
    finally {
        await fh.close();
    }
    return hash.digest('hex');
}
function chunks(xs, n) {
    const out = [];
    for (let i = 0; i < xs.length; i += n)
        out.push(xs.slice(i, i + n));
    return out;
}
function splitZ(buf) {
    return buf.toString('utf8').split('\0').filter((s) => s.length > 0);
}
/** Maps each relative path (as given) to `git:<blob id>`. Files must exist. */
async function digestFiles(root, relPaths) {
    const result = new Map();
    const unique = [...new Set(relPaths)];
    // git speaks in forward-slash paths relative to its cwd (root).
    const norm = new Map(unique.map((p) => [p, node_path__WEBPACK_IMPORTED_MODULE_3___default().posix.normalize(p.split((node_path__WEBPACK_IMPORTED_MODULE_3___default().sep)).join('/'))]));
    const inside = await git(root, ['rev-parse', '--is-inside-work-tree']);
    const isRepo = inside.ok && inside.stdout.toString().trim() === 'true';
    let format = 'sha1';
    const known = new Map();
    const toHash = [];
    if (isRepo) {
        const fmt = await git(root, ['rev-parse', '--show-object-format']);
        if (fmt.ok && fmt.stdout.toString().trim() === 'sha256')
            format = 'sha256';
        const gitPaths = [...new Set(norm.values())];
        const staged = new Map();
        const modified = new Set();
        for (const batch of chunks(gitPaths, PATHS_PER_CALL)) {
            const ls = await git(root, ['ls-files', '-s', '-z', '--', ...batch]);
            if (!ls.ok)
                continue;
            for (const rec of splitZ(ls.stdout)) {
                // "<mode> <object> <stage>\t<path>"
                const tab = rec.indexOf('\t');
                const [mode, object, stage] = rec.slice(0, tab).split(' ');
                const p = rec.slice(tab + 1);
                if (mode === '160000')
                    continue;
                // A conflicted file has no single blob; hashing it is the honest answer.
                if (stage !== '0')
                    modified.add(p);
                else
                    staged.set(p, object);
            }
            const diff = await git(root, ['diff', '--name-only', '--relative', '--no-renames', '-z', '--', ...batch]);
            if (!diff.ok)
                for (const p of batch)
                    modified.add(p);
            else
                for (const p of splitZ(diff.stdout))
                    modified.add(p);
        }
        for (const p of gitPaths) {
            const blob = staged.get(p);
            if (blob && !modified.has(p))
                known.set(p, blob);
            else
                toHash.push(p);
        }
        // hash-object applies the repository's filters (Git LFS stores a pointer),
        // so the id is the one the file will have once committed.
        const hashable = toHash.filter((p) => !p.includes('\n'));
        for (const batch of chunks(hashable, PATHS_PER_CALL)) {
            const ho = await git(root, ['hash-object', '--stdin-paths'], batch.join('\n') + '\n');
            const ids = ho.ok ? ho.stdout.toString().trim().split('\n') : [];
            if (ids.length === batch.length)
                batch.forEach((p, i) => known.set(p, ids[i]));
        }
    }
    for (const [given, p] of norm) {
        const id = known.get(p) ?? (await blobId(node_path__WEBPACK_IMPORTED_MODULE_3___default().resolve(root, given), format));
        known.set(p, id);
        result.set(given, `git:${id}`);
    }
    return result;
}


/***/ }),

/***/ 8029:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   WH: () => (/* binding */ PHOTO_MAX_BYTES),
/* harmony export */   lz: () => (/* binding */ checkManifestPhotos),
/* harmony export */   vb: () => (/* binding */ PHOTO_MAX_LONG_SIDE)
/* harmony export */ });
/* unused harmony exports probeImage, checkImageLimits, carouselDigest */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8992);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1054);
/* harmony import */ var _index_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3736);
/* harmony import */ var _read_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8786);








/*
 * Photo posts: TikTok takes JPEG or WebP, at most 20 MB and 1080 px on the long
 * side. Everything is read from the file's first bytes (image-size reads the
 * headers; a JPEG's SOF marker and a WebP's VP8/VP8L/VP8X chunk sit near the
 * start), so checking 35 images costs 35 small reads.
 */
/** TikTok writes "20 MB": the decimal reading is the smaller, so it holds under both. */
const PHOTO_MAX_BYTES = 20_000_000;
const PHOTO_MAX_LONG_SIDE = 1080;
/** enough for a JPEG whose EXIF block (up to 64 KiB per segment, a few segments) precedes the frame header */
const HEAD_BYTES = 512 * 1024;
const RESIZE_FIX = 'Resize it so the long side is at most 1080 px and save it as JPEG or WebP, e.g. `convert in.png -resize "1080x1080>" -quality 90 out.jpg` (ImageMagick).';
/** Type and dimensions from the first bytes; a UserError without a location for anything unreadable. */
async function probeImage(absPath) {
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(absPath, 'r');
    try {
        const { size } = await fh.stat();
        if (size === 0)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('not an image: the file is empty', { fix: 'Export the image again.' });
        const head = await (0,_read_js__WEBPACK_IMPORTED_MODULE_6__/* .readAt */ .m6)(fh, 0, Math.min(size, HEAD_BYTES));
        if ((0,_index_js__WEBPACK_IMPORTED_MODULE_5__/* .isLfsPointer */ .NS)(head)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('not an image: the file is a Git LFS pointer, not the image itself', {
                fix: 'Check out with Git LFS: in the workflow give actions/checkout `with: { lfs: true }`; in a local clone run `git lfs pull`.'
            });
        }
        // image-size loads its twenty parsers at once: only for a run that has photos to read
        const { imageSize } = await __webpack_require__.e(/* import() */ 13).then(__webpack_require__.bind(__webpack_require__, 2013));
        let found;
        try {
            found = imageSize(head);
        }
        catch {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('not an image TikTok takes: it is neither JPEG nor WebP (its header could not be read)', { fix: RESIZE_FIX });
        }
        if (!found.type || !found.width || !found.height) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`the ${found.type ?? 'image'} header gives no size`, { fix: RESIZE_FIX });
        }
        const mimeType = found.type === 'jpg' ? 'image/jpeg' : found.type === 'webp' ? 'image/webp' : undefined;
        return { type: found.type, mimeType, width: found.width, height: found.height, sizeBytes: size };
    }
    finally {
        await fh.close();
    }
}
/** TikTok's photo limits; each problem comes with its fix. */
function checkImageLimits(facts) {
    const out = [];
    if (!facts.mimeType) {
        out.push({ problem: `it is ${facts.type.toUpperCase()}; TikTok takes photos only as JPEG or WebP`, fix: RESIZE_FIX });
    }
    const long = Math.max(facts.width, facts.height);
    if (long > PHOTO_MAX_LONG_SIDE) {
        out.push({ problem: `it is ${facts.width}×${facts.height} px; TikTok takes at most ${PHOTO_MAX_LONG_SIDE} px on the long side`, fix: RESIZE_FIX });
    }
    if (facts.sizeBytes > PHOTO_MAX_BYTES) {
        out.push({
            problem: `it is ${facts.sizeBytes} bytes; TikTok takes at most 20 MB (${PHOTO_MAX_BYTES} bytes) per photo`,
            fix: 'Save it with stronger compression (a lower JPEG quality) or smaller.'
        });
    }
    return out;
}
function err(location, relPath, message, fix) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`photo "${(0,_text_js__WEBPACK_IMPORTED_MODULE_7__/* .showInvisible */ .j)(relPath)}": ${message}`, { location, fix });
}
/** Path, existence and limits of one repository image; errors carry the entry's location. */
async function inspectImageFile(root, relPath, location) {
    const fail = (message, fix) => ({ errors: [err(location, relPath, message, fix)] });
    const within = 'Commit the image inside the repository and give its path relative to the repository root, e.g. `media/look-1.jpg`.';
    if (node_path__WEBPACK_IMPORTED_MODULE_2___default().isAbsolute(relPath) || node_path__WEBPACK_IMPORTED_MODULE_2___default().win32.isAbsolute(relPath))
        return fail('the path is absolute; photo paths are relative to the repository root', within);
    if (relPath.split(/[\\/]/).includes('..'))
        return fail('the path contains `..`; photo paths must stay inside the repository', within);
    let real;
    try {
        real = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(node_path__WEBPACK_IMPORTED_MODULE_2___default().resolve(root, relPath));
    }
    catch (e) {
        const code = e.code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
            return fail('the file does not exist', 'Check the path (it is relative to the repository root and case-sensitive) and that the image is committed.');
        }
        return fail(`the file cannot be read (${code ?? 'error'})`, 'Check the file and its permissions.');
    }
    const realRoot = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(root);
    if (real !== realRoot && !real.startsWith(realRoot + (node_path__WEBPACK_IMPORTED_MODULE_2___default().sep))) {
        return fail('the path leads outside the repository (through a symbolic link)', 'Replace the link with the image itself, committed inside the repository.');
    }
    if (!(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(real)).isFile())
        return fail('the path is not a file', 'Point the entry at an image file.');
    let image;
    try {
        image = await probeImage(real);
    }
    catch (e) {
        if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo)
            return fail(e.message, e.fix ?? RESIZE_FIX);
        return fail(`the file cannot be read (${e.code ?? 'error'})`, 'Check the file and its permissions.');
    }
    return { image, errors: checkImageLimits(image).map((p) => err(location, relPath, p.problem, p.fix)) };
}
/** The carousel's identity: any image changed, added, moved or replaced changes it. */
function carouselDigest(images) {
    const parts = images.map((i) => (i.kind === 'file' ? `file ${i.path} ${i.digest}` : `url ${i.url}`));
    return `photos:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(parts.join('\n')).digest('hex')}`;
}
/**
 * Checks every repository image of every photo post, before any call: inside
 * the repository, present, JPEG or WebP, within TikTok's limits. Digests come
 * from git (the committed blob ids), as for videos; the engine compares them
 * with what the served URLs return.
 */
async function checkManifestPhotos(manifest) {
    const errors = [];
    const photoPosts = manifest.posts.filter((p) => p.video.kind === 'photos');
    const byPath = new Map();
    for (const post of photoPosts) {
        if (post.video.kind !== 'photos')
            continue;
        for (const image of post.video.images) {
            if (image.kind !== 'file')
                continue;
            byPath.set(image.path, [...(byPath.get(image.path) ?? []), image.location]);
        }
    }
    const inspected = new Map();
    for (const [relPath, locations] of byPath) {
        const r = await inspectImageFile(manifest.root, relPath, locations[0]);
        for (const location of locations) {
            for (const e of r.errors)
                errors.push(location === locations[0] ? e : new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(e.message, { location, fix: e.fix }));
        }
        if (r.image && r.errors.length === 0)
            inspected.set(relPath, r.image);
    }
    const digests = inspected.size ? await (0,_digest_js__WEBPACK_IMPORTED_MODULE_4__/* .digestFiles */ .E)(manifest.root, [...inspected.keys()]) : new Map();
    const facts = new Map();
    for (const post of photoPosts) {
        if (post.video.kind !== 'photos')
            continue;
        const images = [];
        let complete = true;
        for (const image of post.video.images) {
            if (image.kind === 'url')
                images.push({ kind: 'url', url: image.url });
            else if (inspected.has(image.path))
                images.push({ kind: 'file', path: image.path, digest: digests.get(image.path), image: inspected.get(image.path) });
            else
                complete = false;
        }
        if (complete)
            facts.set(post.id, { images, digest: carouselDigest(images) });
    }
    return { facts, errors };
}


/***/ }),

/***/ 3736:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  NS: () => (/* reexport */ isLfsPointer),
  ri: () => (/* binding */ readVideoFacts),
  aI: () => (/* binding */ recordedVideo),
  Fi: () => (/* binding */ scanManifestVideos)
});

// UNUSED EXPORTS: TIKTOK_MEDIA_LIMITS, blobId, checkManifestMedia, checkMediaLimits, checkVideoFile, digestFiles, parseLfsPointer, probeVideo

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/media/digest.ts
var media_digest = __webpack_require__(1054);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/git/git.ts


/** Who the state commits are by, unless a caller says otherwise: the identity GitHub shows for GITHUB_TOKEN pushes. */
const DEFAULT_IDENTITY = {
    name: 'github-actions[bot]',
    email: '41898282+github-actions[bot]@users.noreply.github.com'
};
class GitError extends Error {
    args;
    exitCode;
    stderr;
    name = 'GitError';
    constructor(message, args, exitCode, stderr) {
        super(message);
        this.args = args;
        this.exitCode = exitCode;
        this.stderr = stderr;
    }
}
/**
 * Removes credentials git may echo: actions/checkout's `AUTHORIZATION: basic …`
 * extra header and tokens embedded in remote URLs.
 */
function redact(text) {
    return text
        .replace(/x-access-token:[^@\s]*@/gi, 'x-access-token:***@')
        .replace(/(authorization:\s*(?:basic|bearer|token)\s+)\S+/gi, '$1***')
        .replace(/(https?:\/\/)[^/@\s:]+:[^/@\s]+@/gi, '$1***@');
}
/** The subcommand of an argument list that may start with `-c key=value` pairs. */
function commandName(args) {
    for (let i = 0; i < args.length; i++) {
        if (args[i] === '-c')
            i++;
        else
            return args[i];
    }
    return '';
}
const MAX_BUFFER = (/* unused pure expression or super */ null && (256 * 1024 * 1024));
function createGit(cwd, options) {
    const env = {
        ...process.env,
        ...options.env,
        // a prompt for credentials would hang the job until its timeout
        GIT_TERMINAL_PROMPT: '0',
        // rejections are recognized by git's (English) wording
        LC_ALL: 'C',
        LANGUAGE: 'C'
    };
    const exec = (args, extraEnv, input) => new Promise((resolve) => {
        options.logger.debug(redact(`git ${args.join(' ')}`));
        const child = execFile('git', args, { cwd, env: extraEnv ? { ...env, ...extraEnv } : env, maxBuffer: MAX_BUFFER, encoding: 'utf8' }, (error, stdout, stderr) => {
            if (!error)
                return resolve({ stdout, stderr, code: 0 });
            const code = typeof error.code === 'number' ? (error.code) : undefined;
            // a missing binary or a spawn failure has no exit code: keep its message
            resolve({ stdout: stdout ?? '', stderr: stderr || (code === undefined ? error.message : ''), code: code ?? -1 });
        });
        // git never waits on an open stdin: a command that reads it gets the input or end of file
        if (input !== undefined)
            child.stdin?.end(input);
        else
            child.stdin?.end();
    });
    const fail = (args, result) => {
        const stderr = redact(result.stderr.trim());
        return new GitError(`git ${commandName(args)} failed (exit ${result.code}): ${stderr || 'no message'}`, args, result.code, stderr);
    };
    const run = async (args, opts) => {
        const result = await exec(args, opts?.env, opts?.input);
        if (result.code !== 0)
            throw fail(args, result);
        return result.stdout;
    };
    const revParse = async (ref) => {
        const result = await exec(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
        if (result.code !== 0)
            return undefined;
        return result.stdout.trim();
    };
    // `<rev>:./path` is refused outside a work tree (a bare repository): the prefix works in both
    let prefix;
    const treePath = async (path) => {
        prefix ??= run(['rev-parse', '--show-prefix']).then((p) => p.trim());
        return posix.normalize((await prefix) + path.split('\\').join('/'));
    };
    const git = {
        cwd,
        run,
        revParse,
        async show(ref, path) {
            const sha = await revParse(ref);
            if (!sha)
                throw new GitError(`git: ${ref} names no commit`, ['rev-parse', ref], 128, '');
            const object = `${sha}:${await treePath(path)}`;
            const exists = await exec(['cat-file', '-e', object]);
            if (exists.code !== 0)
                return undefined;
            return run(['cat-file', 'blob', object]);
        },
        async add(paths) {
            const args = ['add', '--', ...paths];
            const result = await exec(args);
            if (result.code !== 0)
                throw fail(args, result);
        },
        async commit(message, paths, identity = DEFAULT_IDENTITY) {
            await run([
                '-c', `user.name=${identity.name}`,
                '-c', `user.email=${identity.email}`,
                // a runner has no signing key; a global signing setting must not fail the state commit
                '-c', 'commit.gpgsign=false',
                'commit', '--quiet', '--no-verify', '-m', message, '--', ...paths
            ]);
            return (await revParse('HEAD'));
        },
        async push(remote, refspec) {
            const args = ['push', '--porcelain', remote, refspec];
            const result = await exec(args);
            if (result.code === 0)
                return { status: 'pushed' };
            for (const line of result.stdout.split('\n')) {
                if (!line.startsWith('!'))
                    continue;
                const summary = line.split('\t')[2] ?? '';
                const reason = /\((.*)\)\s*$/.exec(summary)?.[1] ?? summary;
                if (/^\[rejected\]/.test(summary) && /non-fast-forward|fetch first|stale info/.test(reason))
                    return { status: 'rejected', reason };
                // another push updated the ref between our check and our write
                if (/^\[remote rejected\]/.test(summary) && /cannot lock ref|failed to update ref|incorrect old value|failed to lock/.test(reason)) {
                    return { status: 'rejected', reason };
                }
                throw new GitError(`git push to ${remote} was refused: ${redact(reason)}${result.stderr.trim() ? `\n${redact(result.stderr.trim())}` : ''}`, args, result.code, redact(result.stderr));
            }
            throw fail(args, result);
        },
        async fetch(remote, branch) {
            const args = ['fetch', '--no-tags', '--quiet', remote, `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`];
            const result = await exec(args);
            if (result.code !== 0) {
                if (/couldn't find remote ref/i.test(result.stderr))
                    return undefined;
                throw fail(args, result);
            }
            return revParse('FETCH_HEAD');
        },
        async remoteHasBranch(remote, branch) {
            const out = await run(['ls-remote', '--heads', remote, `refs/heads/${branch}`]);
            return out.split('\n').some((l) => l.endsWith(`\trefs/heads/${branch}`));
        },
        async reset(mode, ref) {
            await run(['reset', '--quiet', `--${mode}`, ref]);
        },
        async checkout(args) {
            await run(['checkout', '--quiet', ...args]);
        },
        async status() {
            const out = await run(['status', '--porcelain', '-z', '--untracked-files=no']);
            const entries = [];
            const parts = out.split('\0');
            for (let i = 0; i < parts.length; i++) {
                const part = parts[i];
                if (part.length < 4)
                    continue;
                const code = part.slice(0, 2);
                entries.push({ code, path: part.slice(3) });
                // a rename or copy is followed by its source path
                if (code[0] === 'R' || code[0] === 'C')
                    i++;
            }
            return entries;
        },
        async worktreeAdd(dir, ref) {
            await run(['worktree', 'add', '--quiet', '--detach', dir, ref]);
        },
        async worktreeList() {
            const out = await run(['worktree', 'list', '--porcelain']);
            return out
                .split('\n')
                .filter((l) => l.startsWith('worktree '))
                .map((l) => l.slice('worktree '.length));
        },
        at(other) {
            return createGit(other, options);
        }
    };
    return git;
}

// EXTERNAL MODULE: ./src/media/read.ts
var read = __webpack_require__(8786);
;// CONCATENATED MODULE: ./src/media/lfs.ts





/*
 * Git LFS: a repository may hold its videos as pointers (a few lines naming
 * the content's sha256 and size) with the content on an LFS server. A run
 * downloads only the videos it is about to read: those of pairs that are due.
 * A published post's video is never needed (its digest is the pointer's blob
 * id, which git knows without the content; see digest.ts), so a scheduled run
 * with nothing due downloads nothing.
 */
const LFS_PREFIXES = ['version https://git-lfs.github.com/spec/v1', 'version https://hawser.github.com/spec/v1'];
/** A pointer is at most a few hundred bytes; Git LFS itself refuses larger ones. */
const POINTER_MAX = 1024;
/** True when a file's first bytes are a Git LFS pointer, i.e. the video itself was never fetched. */
function isLfsPointer(firstBytes) {
    const text = firstBytes.toString('latin1', 0, 64);
    return LFS_PREFIXES.some((p) => text.startsWith(p));
}
/** The pointer's oid and size, or undefined when the bytes are not a whole pointer. */
function parseLfsPointer(bytes) {
    if (bytes.length > POINTER_MAX || !isLfsPointer(bytes))
        return undefined;
    const text = bytes.toString('utf8');
    const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1];
    const size = /^size (\d+)$/m.exec(text)?.[1];
    if (!oid || size === undefined)
        return undefined;
    return { oid, size: Number(size) };
}
/** Reads a file's first bytes: its pointer when it is one, else undefined. */
async function readLfsPointer(absPath) {
    const fh = await (0,promises_.open)(absPath, 'r');
    try {
        const head = await (0,read/* readAt */.m6)(fh, 0, POINTER_MAX + 1);
        return parseLfsPointer(head);
    }
    finally {
        await fh.close();
    }
}
function run(cwd, args) {
    return new Promise((resolve) => {
        const child = (0,external_node_child_process_.execFile)('git', args, { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (err, stdout, stderr) => resolve({ ok: !err, stdout: stdout ?? '', stderr: stderr ?? '', missing: err?.code === 'ENOENT' }));
        child.on('error', () => undefined);
    });
}
/**
 * An include pattern that matches exactly one path: anchored at the root, with
 * the pattern characters escaped. Git LFS splits `--include` at commas and
 * cannot escape one, so a comma becomes `?` (any one character): at worst a
 * sibling whose name differs only there is fetched too.
 */
function includePattern(relPath) {
    const posix = relPath.split((external_node_path_default()).sep).join('/').replace(/^\.\//, '');
    return '/' + posix.replace(/[\\*?[\]!#]/g, (c) => `\\${c}`).replace(/,/g, '?');
}
/**
 * Downloads the Git LFS content of `relPaths` (paths relative to `root`, which
 * must be inside a git work tree) with one `git lfs pull --include …`, and
 * checks each file afterwards: a file still a pointer is reported, never
 * assumed fetched.
 *
 * A checkout made without `lfs: true` has no LFS filter configured, and
 * `git lfs pull` then leaves the files as pointers; worse, a fetched file would
 * look modified to git (its content is not the committed pointer), which would
 * stop the state commit's merge. So the filter is configured first, locally,
 * without hooks and with smudging skipped: later checkouts by this run (moving
 * onto a newer branch tip) never download anything on their own.
 */
async function fetchLfsObjects(root, relPaths, logger) {
    const failed = new Map();
    if (relPaths.length === 0)
        return { fetched: [], failed };
    const version = await run(root, ['lfs', 'version']);
    if (!version.ok)
        return { fetched: [], failed, unavailable: 'git-lfs is not installed on this machine' };
    const configured = await run(root, ['config', '--get', 'filter.lfs.clean']);
    if (!configured.ok || configured.stdout.trim() === '') {
        const install = await run(root, ['lfs', 'install', '--local', '--skip-repo', '--skip-smudge']);
        if (!install.ok)
            return { fetched: [], failed, unavailable: `\`git lfs install --local\` failed: ${lastLine(install.stderr)}` };
    }
    logger?.info(`Git LFS: fetching ${relPaths.length} video(s): ${relPaths.join(', ')}`);
    const pull = await run(root, ['lfs', 'pull', `--include=${relPaths.map(includePattern).join(',')}`, '--exclude=']);
    const said = pull.ok ? '' : lastLine(pull.stderr);
    const fetched = [];
    for (const rel of relPaths) {
        const pointer = await readLfsPointer(external_node_path_default().resolve(root, rel)).catch(() => undefined);
        if (pointer)
            failed.set(rel, said || 'git-lfs did not fetch it (the object may be missing on the LFS server)');
        else
            fetched.push(rel);
    }
    return { fetched, failed };
}
/** git-lfs's last meaningful line, without credentials it may echo. */
function lastLine(stderr) {
    const lines = redact(stderr)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    // the object's error is usually the line before "Failed to fetch some objects"
    const useful = lines.filter((l) => !/^Failed to fetch some objects/.test(l));
    return (useful.length ? useful : lines).slice(-3).join(' ').slice(0, 500);
}

;// CONCATENATED MODULE: ./src/media/limits.ts
/** TikTok's media limits (docs/TIKTOK.md, "Media"). */
const TIKTOK_MEDIA_LIMITS = {
    containers: ['mp4', 'webm', 'mov'],
    videoCodecs: ['h264', 'hevc', 'vp8', 'vp9'],
    minFps: 23,
    maxFps: 60,
    minSide: 360,
    maxSide: 4096,
    maxBytes: 4 * 1024 ** 3,
    /** TikTok's ceiling; a creator's own maximum (3, 5 or 10 min) is checked against creator info. */
    maxDurationSec: 600
};
function fmt(n) {
    return Number.isInteger(n) ? String(n) : n.toFixed(3).replace(/0+$/, '');
}
function checkMediaLimits(facts, opts = {}) {
    const L = TIKTOK_MEDIA_LIMITS;
    const maxDuration = opts.maxDurationSec ?? L.maxDurationSec;
    const out = [];
    if (!L.containers.includes(facts.container)) {
        out.push({
            problem: `the container is ${facts.container}; TikTok accepts MP4, WebM or MOV`,
            fix: 'Remux it into MP4: `ffmpeg -i in.mkv -c copy -movflags +faststart out.mp4`.'
        });
    }
    if (!L.videoCodecs.includes(facts.videoCodec)) {
        out.push({
            problem: `the video codec is ${facts.videoCodec}; TikTok accepts H.264, H.265 (HEVC), VP8 or VP9`,
            fix: 'Re-encode it as H.264: `ffmpeg -i in.mp4 -c:v libx264 -crf 20 -c:a aac -movflags +faststart out.mp4`.'
        });
    }
    if (!(facts.fps >= L.minFps && facts.fps <= L.maxFps)) {
        out.push({
            problem: `the frame rate is ${fmt(facts.fps)} fps; TikTok accepts ${L.minFps}–${L.maxFps} fps`,
            fix: 'Re-encode it at 30 fps: `ffmpeg -i in.mp4 -r 30 -c:v libx264 -c:a copy out.mp4`.'
        });
    }
    const sides = [
        ['width', facts.width],
        ['height', facts.height]
    ];
    const badSides = sides.filter(([, v]) => !(v >= L.minSide && v <= L.maxSide));
    if (badSides.length > 0) {
        out.push({
            problem: `the video is ${facts.width}x${facts.height} px; TikTok needs width and height each ${L.minSide}–${L.maxSide} px (${badSides.map(([k]) => k).join(' and ')} out of range)`,
            fix: 'Scale it, e.g. to 1080x1920 for vertical video: `ffmpeg -i in.mp4 -vf scale=1080:1920 -r 30 out.mp4`.'
        });
    }
    if (facts.sizeBytes > L.maxBytes) {
        out.push({
            problem: `the file is ${(facts.sizeBytes / 1024 ** 3).toFixed(2)} GiB; TikTok accepts up to 4 GiB`,
            fix: 'Re-encode it at a lower bitrate: `ffmpeg -i in.mp4 -c:v libx264 -crf 23 -preset slow -c:a aac out.mp4`.'
        });
    }
    if (!(facts.durationSec > 0)) {
        out.push({
            problem: 'the video has no duration (no frames)',
            fix: 'Export the video again; the file holds no playable frames.'
        });
    }
    else if (facts.durationSec > maxDuration) {
        out.push({
            problem: `the video is ${fmt(facts.durationSec)} s long; the limit is ${maxDuration} s`,
            fix: `Trim it: \`ffmpeg -i in.mp4 -t ${maxDuration} -c copy out.mp4\`.`
        });
    }
    return out;
}

;// CONCATENATED MODULE: ./src/media/mp4.ts

/** ISO BMFF top-level boxes a QuickTime file may start with when it has no `ftyp`. */
const LEGACY_QT_FIRST = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);
/** A moov beyond this is not a real video's index; refusing it keeps memory bounded. */
const MAX_MOOV_BYTES = 256 * 1024 * 1024;
const MAX_TOP_LEVEL_BOXES = 1_000_000;
function looksLikeIsoBmff(head) {
    if (head.length < 8)
        return false;
    const type = head.toString('latin1', 4, 8);
    return type === 'ftyp' || LEGACY_QT_FIRST.has(type);
}
function isBoxType(b) {
    for (const c of b)
        if (!((c >= 0x20 && c <= 0x7e) || c === 0xa9))
            return false;
    return true;
}
/**
 * Walks top-level box headers with positioned reads so that a multi-gigabyte
 * mdat is skipped, not read: only ftyp and moov bytes are loaded. moov may sit
 * after mdat (files written without faststart), so the walk goes to the end.
 */
async function readTopLevel(fh, fileSize) {
    const out = { moofs: [] };
    let off = 0;
    let count = 0;
    let lastType = '';
    while (off < fileSize) {
        if (++count > MAX_TOP_LEVEL_BOXES)
            throw new read/* MediaProblem */.Um('not a video: too many top-level MP4 boxes (the file is corrupt)', read/* REMUX_FIX */.y5);
        const head = await (0,read/* readAt */.m6)(fh, off, 16);
        if (head.length < 8) {
            throw new read/* MediaProblem */.Um(`not a video: the file ends in the middle of a box header at byte ${off} (it looks truncated, e.g. an interrupted copy or download)`, 'Copy or export the video again.');
        }
        const typeBytes = head.subarray(4, 8);
        if (!isBoxType(typeBytes)) {
            if (off === 0)
                throw new read/* MediaProblem */.Um('not a video: the file is neither MP4/MOV nor WebM', read/* REMUX_FIX */.y5);
            throw new read/* MediaProblem */.Um(`not a video: corrupt MP4 data at byte ${off} after the '${lastType}' box`, read/* REMUX_FIX */.y5);
        }
        const type = typeBytes.toString('latin1');
        let size = head.readUInt32BE(0);
        let headerSize = 8;
        if (size === 1) {
            if (head.length < 16)
                throw new read/* MediaProblem */.Um(`not a video: the file ends inside the '${type}' box header (truncated)`, 'Copy or export the video again.');
            const big = head.readBigUInt64BE(8);
            if (big > BigInt(Number.MAX_SAFE_INTEGER))
                throw new read/* MediaProblem */.Um(`not a video: the '${type}' box declares an impossible size`, read/* REMUX_FIX */.y5);
            size = Number(big);
            headerSize = 16;
        }
        else if (size === 0) {
            size = fileSize - off;
        }
        if (size < headerSize)
            throw new read/* MediaProblem */.Um(`not a video: the '${type}' box at byte ${off} has an invalid size ${size}`, read/* REMUX_FIX */.y5);
        if (off === 0 && type !== 'ftyp' && !LEGACY_QT_FIRST.has(type)) {
            throw new read/* MediaProblem */.Um('not a video: the file is neither MP4/MOV nor WebM', read/* REMUX_FIX */.y5);
        }
        if (off + size > fileSize) {
            const missing = out.moov ? '' : ' before any moov box (the index a player needs)';
            throw new read/* MediaProblem */.Um(`not a video: the file ends inside the '${type}' box${missing}; it is ${off + size - fileSize} bytes shorter than it declares (truncated, e.g. an interrupted copy or download)`, 'Copy or export the video again; if the recording was interrupted, re-export it from the editor.');
        }
        if (type === 'ftyp' && !out.ftyp) {
            out.ftyp = await (0,read/* readAt */.m6)(fh, off, Math.min(size, 4096));
        }
        else if (type === 'moov') {
            if (out.moov)
                throw new read/* MediaProblem */.Um('not a video: the file has two moov boxes', read/* REMUX_FIX */.y5);
            if (size > MAX_MOOV_BYTES)
                throw new read/* MediaProblem */.Um(`not a video: the moov box is ${size} bytes, far larger than any real video's index`, read/* REMUX_FIX */.y5);
            out.moov = await (0,read/* readAt */.m6)(fh, off, size);
        }
        else if (type === 'moof') {
            out.moofs.push({ off, size });
        }
        lastType = type;
        off += size;
    }
    return out;
}
/** mp4box codec strings ('avc1.640028', 'hvc1.1.6.L120.90', 'mp4a.40.2') to plain names. */
function normalizeIsoCodec(codec) {
    const fourcc = codec.split('.')[0].trim().toLowerCase();
    switch (fourcc) {
        case 'avc1':
        case 'avc2':
        case 'avc3':
        case 'avc4':
            return 'h264';
        case 'hvc1':
        case 'hev1':
            return 'hevc';
        case 'vp08':
            return 'vp8';
        case 'vp09':
            return 'vp9';
        case 'av01':
            return 'av1';
        case 'mp4v':
            return 'mpeg4';
        case 'mp4a': {
            const oti = codec.split('.')[1]?.toLowerCase();
            if (oti === '6b' || oti === '69')
                return 'mp3';
            return 'aac';
        }
        case 'opus':
            return 'opus';
        case 'ac-3':
            return 'ac3';
        case 'ec-3':
            return 'eac3';
        case 'alac':
            return 'alac';
        case 'sowt':
        case 'twos':
        case 'lpcm':
        case 'ipcm':
        case 'fpcm':
            return 'pcm';
        default:
            return fourcc;
    }
}
/**
 * Parses ftyp+moov alone with mp4box: the two boxes are fed as one buffer at
 * fileStart 0, so sample offsets are wrong but nothing here reads samples.
 * mp4box reports some harmless oddities (e.g. QuickTime udta atoms) with
 * console.error and has no quieter level, so console.error/warn are captured
 * during the synchronous parse and only used to explain a failure.
 */
function parseMoov(top, { createFile, MP4BoxBuffer }) {
    const bytes = Buffer.concat(top.ftyp ? [top.ftyp, top.moov] : [top.moov]);
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const file = createFile();
    let info;
    const complaints = [];
    file.onReady = (i) => {
        info = i;
    };
    file.onError = (module, message) => {
        complaints.push(`${module}: ${message}`);
    };
    const { error, warn } = console;
    console.error = (...args) => complaints.push(args.map(String).join(' '));
    console.warn = console.error;
    try {
        file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(ab, 0));
        file.flush();
    }
    catch (e) {
        complaints.push(e instanceof Error ? e.message : String(e));
    }
    finally {
        console.error = error;
        console.warn = warn;
    }
    if (!info) {
        const detail = complaints.length ? ` (${complaints.slice(-3).join('; ')})` : '';
        throw new read/* MediaProblem */.Um(`not a video: the moov box could not be parsed${detail}`, read/* REMUX_FIX */.y5);
    }
    return { info, iso: file };
}
function* childBoxes(buf, from, to) {
    let off = from;
    while (off + 8 <= to) {
        const size = buf.readUInt32BE(off);
        if (size < 8 || off + size > to)
            return;
        yield { type: buf.toString('latin1', off + 4, off + 8), body: buf.subarray(off + 8, off + size) };
        off += size;
    }
}
/**
 * Samples and ticks of one track across all movie fragments. A fragmented MP4
 * keeps its sample timing in each moof (tfhd defaults, trun entries), not in
 * moov; the moof boxes are small, so reading them stays far from reading mdat.
 */
async function fragmentTiming(fh, moofs, trackId, trexDefault) {
    let samples = 0;
    let ticks = 0;
    for (const m of moofs) {
        if (m.size > 64 * 1024 * 1024)
            throw new read/* MediaProblem */.Um('not a video: a movie fragment header is implausibly large', read/* REMUX_FIX */.y5);
        const moof = await (0,read/* readAt */.m6)(fh, m.off, m.size);
        for (const traf of childBoxes(moof, 8, moof.length)) {
            if (traf.type !== 'traf')
                continue;
            let defaultDuration = trexDefault;
            let mine = false;
            for (const b of childBoxes(traf.body, 0, traf.body.length)) {
                const body = b.body;
                if (b.type === 'tfhd' && body.length >= 8) {
                    const flags = body.readUInt32BE(0) & 0xffffff;
                    mine = body.readUInt32BE(4) === trackId;
                    const at = 8 + (flags & 0x01 ? 8 : 0) + (flags & 0x02 ? 4 : 0);
                    if (flags & 0x08 && body.length >= at + 4)
                        defaultDuration = body.readUInt32BE(at);
                }
                else if (b.type === 'trun' && mine && body.length >= 8) {
                    const flags = body.readUInt32BE(0) & 0xffffff;
                    const count = body.readUInt32BE(4);
                    samples += count;
                    if (flags & 0x100) {
                        const entry = 4 * (1 + (flags & 0x200 ? 1 : 0) + (flags & 0x400 ? 1 : 0) + (flags & 0x800 ? 1 : 0));
                        let at = 8 + (flags & 0x01 ? 4 : 0) + (flags & 0x04 ? 4 : 0);
                        for (let i = 0; i < count && at + 4 <= body.length; i++, at += entry)
                            ticks += body.readUInt32BE(at);
                    }
                    else {
                        ticks += count * defaultDuration;
                    }
                }
            }
        }
    }
    return { samples, ticks };
}
function mp4_frameRate(track, iso, fragments) {
    const trak = iso.moov?.traks?.find((t) => t.tkhd?.track_id === track.id);
    const stts = trak?.mdia?.minf?.stbl?.stts;
    let samples = fragments?.samples ?? 0;
    let ticks = fragments?.ticks ?? 0;
    if (stts) {
        for (let i = 0; i < stts.sample_counts.length; i++) {
            samples += stts.sample_counts[i];
            ticks += stts.sample_counts[i] * stts.sample_deltas[i];
        }
    }
    // The sample table's own timing, not mdhd's duration: an edit list or a
    // trailing gap changes the declared duration but not the frame rate.
    if (samples > 0 && ticks > 0)
        return (samples * track.timescale) / ticks;
    throw new read/* MediaProblem */.Um('the video track does not declare its frame timing, so its frame rate cannot be checked', 'Remux it: `ffmpeg -i in.mp4 -c copy -movflags +faststart out.mp4`.');
}
async function probeIsoBmff(fh, fileSize) {
    const top = await readTopLevel(fh, fileSize);
    if (!top.moov) {
        throw new read/* MediaProblem */.Um('not a video: no moov box (the index a player needs); the file may be truncated or still being written', 'Copy or export the video again; if the recording was interrupted, re-export it from the editor.');
    }
    // mp4box sets up every box type it knows when loaded: loaded on the first MP4 read, not with the command line
    const { info, iso } = parseMoov(top, await __webpack_require__.e(/* import() */ 111).then(__webpack_require__.bind(__webpack_require__, 1111)));
    const track = info.videoTracks.find((t) => t.video && t.video.width > 0) ?? info.videoTracks[0];
    if (!track)
        throw new read/* MediaProblem */.Um('not a video: the file has no video track (audio only?)', 'Use a file that contains a video track.');
    const audio = info.audioTracks[0];
    let fragments;
    if (top.moofs.length > 0) {
        const trex = iso.moov?.mvex?.trexs?.find((t) => t.track_id === track.id);
        fragments = await fragmentTiming(fh, top.moofs, track.id, trex?.default_sample_duration ?? 0);
    }
    let durationSec = info.timescale > 0 ? info.duration / info.timescale : 0;
    if (durationSec <= 0 && info.fragment_duration && info.fragment_duration.den > 0) {
        durationSec = info.fragment_duration.num / info.fragment_duration.den;
    }
    if (durationSec <= 0 && track.timescale > 0)
        durationSec = track.duration / track.timescale;
    if (fragments && track.timescale > 0)
        durationSec = Math.max(durationSec, fragments.ticks / track.timescale);
    let width = track.video?.width ?? track.track_width;
    let height = track.video?.height ?? track.track_height;
    // A phone records landscape pixels and a 90° matrix; people and TikTok see it rotated.
    const m = track.matrix;
    if (m && m.length >= 5 && m[0] === 0 && m[4] === 0 && m[1] !== 0 && m[3] !== 0)
        [width, height] = [height, width];
    const brand = top.ftyp ? top.ftyp.toString('latin1', 8, 12) : undefined;
    const isMov = brand === undefined || brand === 'qt  ';
    return {
        container: isMov ? 'mov' : 'mp4',
        mimeType: isMov ? 'video/quicktime' : 'video/mp4',
        videoCodec: normalizeIsoCodec(track.codec),
        ...(audio ? { audioCodec: normalizeIsoCodec(audio.codec) } : {}),
        width,
        height,
        durationSec: round(durationSec, 3),
        fps: round(mp4_frameRate(track, iso, fragments), 3),
        sizeBytes: fileSize
    };
}
function round(n, digits) {
    const f = 10 ** digits;
    return Math.round(n * f) / f;
}

;// CONCATENATED MODULE: ./src/media/webm.ts


/*
 * A small EBML reader instead of music-metadata: music-metadata skips clusters
 * (good) but drops the track's DefaultDuration from its trackInfo, which is the
 * frame rate, so it could not answer the one question it was needed for. This
 * reader loads only the EBML header, Segment Info and Tracks (and, when a file
 * declares no DefaultDuration, the first cluster's block timestamps), using
 * positioned reads; clusters are skipped by their declared size.
 */
const ID = {
    EBML: 0x1a45dfa3,
    DocType: 0x4282,
    Segment: 0x18538067,
    Info: 0x1549a966,
    TimestampScale: 0x2ad7b1,
    Duration: 0x4489,
    Tracks: 0x1654ae6b,
    TrackEntry: 0xae,
    TrackNumber: 0xd7,
    TrackType: 0x83,
    CodecID: 0x86,
    DefaultDuration: 0x23e383,
    Video: 0xe0,
    PixelWidth: 0xb0,
    PixelHeight: 0xba,
    Cluster: 0x1f43b675,
    ClusterTimestamp: 0xe7,
    SimpleBlock: 0xa3,
    BlockGroup: 0xa0,
    Block: 0xa1
};
const MAX_HEADER_ELEMENT = 16 * 1024 * 1024;
const FIRST_CLUSTER_READ = 4 * 1024 * 1024;
const NOT_WEBM_FIX = 'Export the video as MP4 (H.264), e.g. `ffmpeg -i in.webm -c:v libx264 -c:a aac -movflags +faststart out.mp4`.';
function looksLikeEbml(head) {
    return head.length >= 4 && head.readUInt32BE(0) === ID.EBML;
}
/** Parses an element header at `pos` of `buf`; undefined when `buf` ends first. */
function readHeader(buf, pos) {
    if (pos >= buf.length)
        return undefined;
    const first = buf[pos];
    const idLen = first >= 0x80 ? 1 : first >= 0x40 ? 2 : first >= 0x20 ? 3 : first >= 0x10 ? 4 : 0;
    if (idLen === 0)
        throw new read/* MediaProblem */.Um('not a video: corrupt WebM element ID', NOT_WEBM_FIX);
    if (pos + idLen >= buf.length)
        return undefined;
    let id = 0;
    for (let i = 0; i < idLen; i++)
        id = id * 256 + buf[pos + i];
    const s0 = buf[pos + idLen];
    let sizeLen = 1;
    while (sizeLen <= 8 && !(s0 & (0x80 >> (sizeLen - 1))))
        sizeLen++;
    if (sizeLen > 8)
        throw new read/* MediaProblem */.Um('not a video: corrupt WebM element size', NOT_WEBM_FIX);
    if (pos + idLen + sizeLen > buf.length)
        return undefined;
    let size = s0 & (0xff >> sizeLen);
    let allOnes = size === 0xff >> sizeLen;
    for (let i = 1; i < sizeLen; i++) {
        const b = buf[pos + idLen + i];
        if (b !== 0xff)
            allOnes = false;
        size = size * 256 + b;
    }
    return { id, size: allOnes ? undefined : size, headerLen: idLen + sizeLen };
}
function uint(b) {
    let v = 0;
    for (const x of b)
        v = v * 256 + x;
    return v;
}
function webm_float(b) {
    if (b.length === 4)
        return b.readFloatBE(0);
    if (b.length === 8)
        return b.readDoubleBE(0);
    return 0;
}
/** Children of a fully loaded master element. */
function* children(buf) {
    let pos = 0;
    while (pos < buf.length) {
        const h = readHeader(buf, pos);
        if (!h || h.size === undefined)
            return;
        const start = pos + h.headerLen;
        yield { id: h.id, data: buf.subarray(start, Math.min(buf.length, start + h.size)) };
        pos = start + h.size;
    }
}
function parseTracks(buf) {
    const out = [];
    for (const entry of children(buf)) {
        if (entry.id !== ID.TrackEntry)
            continue;
        const t = { number: 0, type: 0, codecId: '' };
        for (const f of children(entry.data)) {
            if (f.id === ID.TrackNumber)
                t.number = uint(f.data);
            else if (f.id === ID.TrackType)
                t.type = uint(f.data);
            else if (f.id === ID.CodecID)
                t.codecId = f.data.toString('latin1').replace(/\0+$/, '');
            else if (f.id === ID.DefaultDuration)
                t.defaultDurationNs = uint(f.data);
            else if (f.id === ID.Video) {
                for (const v of children(f.data)) {
                    if (v.id === ID.PixelWidth)
                        t.width = uint(v.data);
                    else if (v.id === ID.PixelHeight)
                        t.height = uint(v.data);
                }
            }
        }
        out.push(t);
    }
    return out;
}
function normalizeMatroskaCodec(codecId) {
    const map = {
        V_VP8: 'vp8',
        V_VP9: 'vp9',
        V_AV1: 'av1',
        'V_MPEG4/ISO/AVC': 'h264',
        'V_MPEGH/ISO/HEVC': 'hevc',
        A_OPUS: 'opus',
        A_VORBIS: 'vorbis',
        A_AAC: 'aac',
        A_MPEG_L3: 'mp3',
        A_FLAC: 'flac'
    };
    return map[codecId] ?? codecId.replace(/^[AV]_/, '').toLowerCase();
}
/** Block timestamps (in TimestampScale units) of one track in a cluster's bytes. */
function blockTimes(cluster, track) {
    let base = 0;
    const times = [];
    const visit = (data) => {
        const n = data[0] & 0x80 ? data[0] & 0x7f : -1; // track numbers beyond 127 are not worth supporting here
        if (n === track && data.length >= 3)
            times.push(base + data.readInt16BE(1));
    };
    let pos = 0;
    while (pos < cluster.length) {
        const h = readHeader(cluster, pos);
        if (!h || h.size === undefined)
            break;
        const start = pos + h.headerLen;
        const data = cluster.subarray(start, start + h.size);
        if (data.length < h.size)
            break; // cut by the bounded read
        if (h.id === ID.ClusterTimestamp)
            base = uint(data);
        else if (h.id === ID.SimpleBlock)
            visit(data);
        else if (h.id === ID.BlockGroup) {
            for (const c of children(data))
                if (c.id === ID.Block)
                    visit(c.data);
        }
        else if (h.id === ID.Cluster)
            break;
        pos = start + h.size;
    }
    return times.sort((a, b) => a - b);
}
async function probeWebm(fh, fileSize) {
    const head = await (0,read/* readAt */.m6)(fh, 0, 4096);
    const ebml = readHeader(head, 0);
    if (!ebml || ebml.size === undefined || ebml.headerLen + ebml.size > head.length) {
        throw new read/* MediaProblem */.Um('not a video: the WebM header is truncated or corrupt', NOT_WEBM_FIX);
    }
    let docType = 'matroska';
    for (const c of children(head.subarray(ebml.headerLen, ebml.headerLen + ebml.size))) {
        if (c.id === ID.DocType)
            docType = c.data.toString('latin1').replace(/\0+$/, '');
    }
    if (docType !== 'webm') {
        throw new read/* MediaProblem */.Um(`not an accepted container: Matroska ('${docType}'); TikTok takes MP4, WebM or MOV`, 'Remux it: `ffmpeg -i in.mkv -c copy out.mp4` (or re-encode to WebM with VP9).');
    }
    let pos = ebml.headerLen + ebml.size;
    const seg = readHeader(await (0,read/* readAt */.m6)(fh, pos, 16), 0);
    if (!seg || seg.id !== ID.Segment)
        throw new read/* MediaProblem */.Um('not a video: the WebM file has no Segment', NOT_WEBM_FIX);
    const segEnd = seg.size === undefined ? fileSize : Math.min(fileSize, pos + seg.headerLen + seg.size);
    if (seg.size !== undefined && pos + seg.headerLen + seg.size > fileSize) {
        throw new read/* MediaProblem */.Um(`not a video: the WebM file is ${pos + seg.headerLen + seg.size - fileSize} bytes shorter than it declares (truncated, e.g. an interrupted copy or download)`, 'Copy or export the video again.');
    }
    pos += seg.headerLen;
    let timestampScale = 1_000_000;
    let duration;
    let tracks;
    let firstCluster;
    while (pos < segEnd) {
        const h = readHeader(await (0,read/* readAt */.m6)(fh, pos, 16), 0);
        if (!h)
            break;
        if (h.id === ID.Cluster) {
            if (!firstCluster)
                firstCluster = await (0,read/* readAt */.m6)(fh, pos, Math.min(FIRST_CLUSTER_READ, segEnd - pos));
            // Info and Tracks precede clusters in every muxer worth supporting; the
            // rest of the file is frames.
            if (tracks)
                break;
        }
        else if (h.id === ID.Info || h.id === ID.Tracks) {
            if (h.size === undefined || h.size > MAX_HEADER_ELEMENT)
                throw new read/* MediaProblem */.Um('not a video: a WebM header element has an invalid size', NOT_WEBM_FIX);
            const data = await (0,read/* readAt */.m6)(fh, pos + h.headerLen, h.size);
            if (h.id === ID.Info) {
                for (const c of children(data)) {
                    if (c.id === ID.TimestampScale)
                        timestampScale = uint(c.data) || timestampScale;
                    else if (c.id === ID.Duration)
                        duration = webm_float(c.data);
                }
            }
            else
                tracks = parseTracks(data);
        }
        if (h.size === undefined)
            break;
        pos += h.headerLen + h.size;
    }
    const video = tracks?.find((t) => t.type === 1);
    if (!video)
        throw new read/* MediaProblem */.Um('not a video: the WebM file has no video track', 'Use a file that contains a video track.');
    const audio = tracks?.find((t) => t.type === 2);
    if (duration === undefined) {
        throw new read/* MediaProblem */.Um('the WebM file does not declare its duration (typical of browser recordings), so its length cannot be checked', 'Remux it so the duration is written: `ffmpeg -i in.webm -c copy out.webm`.');
    }
    let fps;
    if (video.defaultDurationNs)
        fps = 1e9 / video.defaultDurationNs;
    else if (firstCluster) {
        const h = readHeader(firstCluster, 0);
        const times = blockTimes(firstCluster.subarray(h.headerLen), video.number);
        if (times.length >= 2)
            fps = ((times.length - 1) * 1e9) / ((times[times.length - 1] - times[0]) * timestampScale);
    }
    if (fps === undefined || !Number.isFinite(fps)) {
        throw new read/* MediaProblem */.Um('the WebM video track declares no frame rate and its first frames do not show one', 'Re-encode it with a fixed frame rate: `ffmpeg -i in.webm -r 30 -c:v libvpx-vp9 out.webm`.');
    }
    return {
        container: 'webm',
        mimeType: 'video/webm',
        videoCodec: normalizeMatroskaCodec(video.codecId),
        ...(audio ? { audioCodec: normalizeMatroskaCodec(audio.codecId) } : {}),
        width: video.width ?? 0,
        height: video.height ?? 0,
        durationSec: round((duration * timestampScale) / 1e9, 3),
        fps: round(fps, 3),
        sizeBytes: fileSize
    };
}

;// CONCATENATED MODULE: ./src/media/index.ts










/** What a record keeps of the video it sent (see the state's `video` field). */
function recordedVideo(facts) {
    return { digest: facts.digest, size_bytes: facts.sizeBytes, duration_sec: facts.durationSec };
}



const LFS_FIX = 'Fetch the video: tiktok-publish fetches the Git LFS videos of due posts itself when git-lfs is installed on the runner (or give actions/checkout `with: { lfs: true }`); in a local clone run `git lfs pull`.';
const PROBE_CONCURRENCY = 4;
/**
 * Container, codecs, size, duration and frame rate, read from headers only:
 * an MP4's mdat and a WebM's clusters are skipped, so a 4 GB file costs a few
 * small reads. Throws a UserError (without a location) for anything that is not
 * a readable MP4, MOV or WebM video.
 */
async function probeVideo(absPath) {
    const fh = await (0,promises_.open)(absPath, 'r');
    try {
        const { size } = await fh.stat();
        if (size === 0)
            throw new read/* MediaProblem */.Um('not a video: the file is empty', 'Copy or export the video again.');
        const head = await (0,read/* readAt */.m6)(fh, 0, 64);
        if (isLfsPointer(head))
            throw new read/* MediaProblem */.Um('not a video: the file is a Git LFS pointer, not the video itself', LFS_FIX);
        if (looksLikeEbml(head))
            return await probeWebm(fh, size);
        if (looksLikeIsoBmff(head))
            return await probeIsoBmff(fh, size);
        throw new read/* MediaProblem */.Um('not a video: the file is neither MP4/MOV nor WebM', read/* REMUX_FIX */.y5);
    }
    finally {
        await fh.close();
    }
}
function err(location, relPath, message, fix) {
    // printing the error must not drive the terminal
    const shown = (0,src_text/* showInvisible */.j)(relPath);
    return new errors/* UserError */.yo(`video "${shown}": ${message}`, { location, fix });
}
async function locate(root, relPath) {
    const withinFix = 'Put the video inside the repository and give its path relative to the repository root, e.g. `media/teaser.mp4`.';
    if (external_node_path_default().isAbsolute(relPath) || external_node_path_default().win32.isAbsolute(relPath)) {
        return { relPath, problem: { message: 'the path is absolute; video paths are relative to the repository root', fix: withinFix } };
    }
    if (relPath.split(/[\\/]/).includes('..'))
        return { relPath, problem: { message: 'the path contains `..`; video paths must stay inside the repository', fix: withinFix } };
    const abs = external_node_path_default().resolve(root, relPath);
    let real;
    try {
        real = await (0,promises_.realpath)(abs);
    }
    catch (e) {
        if (e.code === 'ENOENT' || e.code === 'ENOTDIR') {
            return { relPath, missing: { message: 'the file does not exist', fix: 'Check the path (it is relative to the repository root and case-sensitive) and that the video is committed.' } };
        }
        return { relPath, problem: { message: `the file cannot be read (${e.code ?? 'error'})`, fix: 'Check the file and its permissions.' } };
    }
    const realRoot = await (0,promises_.realpath)(root);
    if (real !== realRoot && !real.startsWith(realRoot + (external_node_path_default()).sep)) {
        return { relPath, problem: { message: 'the path leads outside the repository (through a symbolic link)', fix: 'Replace the link with the video file itself, committed inside the repository.' } };
    }
    const st = await (0,promises_.stat)(real);
    if (!st.isFile())
        return { relPath, problem: { message: 'the path is not a file', fix: 'Point `video:` at a video file.' } };
    const pointer = st.size <= 1024 ? await readLfsPointer(real).catch(() => undefined) : undefined;
    return { relPath, real, pointer };
}
async function probeLocated(l, maxDurationSec) {
    try {
        const probed = await probeVideo(l.real);
        return { probed, problems: checkMediaLimits(probed, { maxDurationSec }).map((p) => ({ message: p.problem, fix: p.fix })) };
    }
    catch (e) {
        if (e instanceof errors/* UserError */.yo)
            return { problems: [{ message: e.message, fix: e.fix ?? read/* REMUX_FIX */.y5 }] };
        const code = e.code;
        if (code)
            return { problems: [{ message: `the file cannot be read (${code})`, fix: 'Check the file and its permissions.' }] };
        throw e;
    }
}
async function checkVideoFile(root, relPath, location) {
    const l = await locate(root, relPath);
    const early = l.problem ?? l.missing;
    if (early)
        return { errors: [err(location, relPath, early.message, early.fix)] };
    const r = await probeLocated(l);
    const errors = r.problems.map((p) => err(location, relPath, p.message, p.fix));
    if (!r.probed)
        return { errors };
    const digests = await digestFiles(root, [relPath]);
    return { facts: { ...r.probed, digest: digests.get(relPath) }, errors };
}
async function mapBounded(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return out;
}
async function scanManifestVideos(manifest) {
    const users = new Map();
    const pathOf = new Map();
    for (const post of manifest.posts) {
        if (post.video.kind !== 'file')
            continue;
        const list = users.get(post.video.path) ?? [];
        list.push({ postId: post.id, location: post.videoLocation ?? post.location });
        users.set(post.video.path, list);
        pathOf.set(post.id, post.video.path);
    }
    const paths = [...users.keys()];
    const located = await mapBounded(paths, PROBE_CONCURRENCY, (p) => locate(manifest.root, p));
    const present = located.filter((l) => l.real !== undefined).map((l) => l.relPath);
    // before anything is fetched: a pointer's blob id is the committed one
    const digests = present.length > 0 ? await (0,media_digest/* digestFiles */.E)(manifest.root, present) : new Map();
    const files = new Map();
    const errors = [];
    for (const l of located) {
        const u = users.get(l.relPath);
        const own = l.problem ? u.map((x) => err(x.location, l.relPath, l.problem.message, l.problem.fix)) : [];
        errors.push(...own);
        files.set(l.relPath, { relPath: l.relPath, users: u, digest: digests.get(l.relPath), pointer: l.pointer, missing: l.missing !== undefined, located: l, errors: own });
    }
    return { root: manifest.root, files, pathOf, errors };
}
/**
 * Reads the facts (container, codecs, size, duration) of the videos at
 * `relPaths`, fetching Git LFS content first when asked. Facts are keyed by
 * post id, for every post naming the file; errors point at each such post.
 * The digest is the scan's, taken before any fetch.
 */
async function readVideoFacts(scan, relPaths, o = {}) {
    const byPath = new Map();
    const facts = new Map();
    const report = (file, p) => {
        const list = byPath.get(file.relPath) ?? [];
        for (const u of file.users)
            list.push(err(u.location, file.relPath, p.message, p.fix));
        byPath.set(file.relPath, list);
    };
    const toProbe = [];
    const toFetch = [];
    for (const rel of new Set(relPaths)) {
        const file = scan.files.get(rel);
        if (!file || file.located.problem)
            continue;
        if (file.located.missing)
            report(file, file.located.missing);
        else if (file.pointer && o.fetchLfs)
            toFetch.push(rel);
        else
            toProbe.push(rel);
    }
    if (toFetch.length) {
        const fetched = await fetchLfsObjects(scan.root, toFetch, o.logger);
        toProbe.push(...fetched.fetched);
        for (const rel of toFetch) {
            const file = scan.files.get(rel);
            if (fetched.unavailable) {
                report(file, {
                    message: `the file is a Git LFS pointer and its content cannot be fetched: ${fetched.unavailable}`,
                    fix: 'Install git-lfs on the runner (e.g. a step `run: sudo apt-get install -y git-lfs` before tiktok-publish), or give actions/checkout `with: { lfs: true }`; then run again.'
                });
            }
            else if (fetched.failed.has(rel)) {
                report(file, {
                    message: `the file is a Git LFS pointer and fetching its content failed: ${fetched.failed.get(rel)}`,
                    fix: `Check that the object was pushed (\`git lfs push --all origin\` from a clone that has the video) and that the repository's Git LFS bandwidth quota is not used up; \`git lfs pull --include="${rel}"\` shows the same error locally. Then run again.`
                });
            }
        }
    }
    const probed = await mapBounded(toProbe, PROBE_CONCURRENCY, async (rel) => ({ rel, r: await probeLocated(scan.files.get(rel).located) }));
    for (const { rel, r } of probed) {
        const file = scan.files.get(rel);
        for (const p of r.problems) {
            // a pointer read without fetching: name the exact command
            report(file, file.pointer && !o.fetchLfs ? { message: p.message, fix: `${p.fix} Just this one: \`git lfs pull --include="${rel}"\`.` } : p);
        }
        if (!r.probed)
            continue;
        // a file git cannot name (outside a repository, or just fetched and never scanned) is hashed here
        const digest = file.digest ?? (await (0,media_digest/* digestFiles */.E)(scan.root, [rel])).get(rel);
        for (const u of file.users)
            facts.set(u.postId, { ...r.probed, digest });
    }
    // in manifest order, whatever finished first
    const errors = [...scan.files.keys()].flatMap((rel) => byPath.get(rel) ?? []);
    return { facts, errors, byPath };
}
/**
 * Checks every file video of the manifest (URL videos are the loader's
 * business), whatever its posts' state. A file named by several posts is
 * probed once; errors point at each post that names a bad file.
 */
async function checkManifestMedia(manifest) {
    const scan = await scanManifestVideos(manifest);
    const read = await readVideoFacts(scan, scan.files.keys());
    // a file's errors together, files in manifest order
    const errors = [...scan.files.values()].flatMap((f) => [...f.errors, ...(read.byPath.get(f.relPath) ?? [])]);
    return { facts: read.facts, errors };
}


/***/ }),

/***/ 8786:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Um: () => (/* binding */ MediaProblem),
/* harmony export */   m6: () => (/* binding */ readAt),
/* harmony export */   y5: () => (/* binding */ REMUX_FIX)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);

/** Reads up to `length` bytes at `position`; shorter only at end of file. */
async function readAt(fh, position, length) {
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
        const { bytesRead } = await fh.read(buf, got, length - got, position + got);
        if (bytesRead === 0)
            break;
        got += bytesRead;
    }
    return got === length ? buf : buf.subarray(0, got);
}
/** A probe failure a person can act on; the caller adds the manifest location. */
class MediaProblem extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo {
    constructor(message, fix) {
        super(message, { fix });
    }
}
const REMUX_FIX = 'Re-encode it, e.g. `ffmpeg -i in.mp4 -c:v libx264 -c:a aac -movflags +faststart out.mp4`, and point the manifest at the new file.';


/***/ })

};
