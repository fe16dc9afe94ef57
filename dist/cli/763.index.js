export const id = 763;
export const ids = [763];
export const modules = {

/***/ 7763:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  defaultBranch: () => (/* binding */ defaultBranch),
  runInit: () => (/* binding */ runInit)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/manifest/checks.ts
var checks = __webpack_require__(2868);
// EXTERNAL MODULE: ./src/project.ts + 1 modules
var project = __webpack_require__(5627);
;// CONCATENATED MODULE: ./src/onboarding/templates.ts

/**
 * Starter files written by `tiktok-publish init`. The action's repository comes
 * from package.json (`repository`), the one place it is written.
 */
const ACTION_REPO = project/* REPOSITORY */.B;
const ACTION_REF = 'v1';
const SCHEMA_URL = `https://raw.githubusercontent.com/${ACTION_REPO}/${ACTION_REF}/schema/tiktok.schema.json`;
const GUIDE_URL = `https://github.com/${ACTION_REPO}/blob/${ACTION_REF}/docs/GUIDE.md`;
/** How the README runs the command line without the npm registry: straight from a tag of the repository (dist/ is committed). */
const NPX_FROM_GITHUB = `npx github:${ACTION_REPO}#${ACTION_REF}`;
const MANIFEST_FILE = 'tiktok.yml';
const WORKFLOW_FILE = '.github/workflows/tiktok-publish.yml';
const COMMENT_WORKFLOW_FILE = '.github/workflows/tiktok-publish-comment.yml';
const WORKFLOW_NAME = 'tiktok-publish';
const COMMENT_ARTIFACT = 'tiktok-publish-plan-comment';
const EXAMPLE_VIDEO = 'media/first-post.mp4';
const CLIENT_KEY_SECRET = 'TIKTOK_CLIENT_KEY';
const CLIENT_SECRET_SECRET = 'TIKTOK_CLIENT_SECRET';
const SECRETS_TOKEN_SECRET = 'TIKTOK_PUBLISH_SECRETS_TOKEN';
/** TIKTOK_REFRESH_<ACCOUNT>: the account name in capitals, other characters as `_`. */
function refreshSecretName(account) {
    return `TIKTOK_REFRESH_${account.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}
/** The secrets the starter manifest names, in the order the workflow passes them. */
function manifestSecrets(account) {
    return [CLIENT_KEY_SECRET, CLIENT_SECRET_SECRET, refreshSecretName(account)];
}
function manifestTemplate(account) {
    return `# yaml-language-server: $schema=${SCHEMA_URL}
#
# What to publish to TikTok. A pull request that changes this file gets a plan
# comment; merging it publishes. Reference: ${GUIDE_URL}
version: 1

apps:
  main:
    # Names of repository secrets (or environment variables), never the values.
    client_key: ${CLIENT_KEY_SECRET}
    client_secret: ${CLIENT_SECRET_SECRET}
    # A new TikTok app is not audited. Until TikTok audits it, TikTok lets it
    # direct-post only SELF_ONLY, only to accounts set to private in the TikTok
    # app, and for at most 5 accounts per 24 h. To reach the public without an
    # audit, use \`mode: inbox\`: the video arrives as a draft in the creator's
    # TikTok inbox and the creator publishes it from the app.
    # Set \`audited: true\` only once TikTok has approved the app's audit.
    audited: false

accounts:
  ${account}:
    app: main
    # The secret holding this account's refresh token: \`tiktok-publish auth\` writes it.
    refresh_token: ${refreshSecretName(account)}
    timezone: UTC            # an IANA zone, e.g. America/New_York: your days and hours
    # Human pacing, off in this starter so the first post goes out on the first
    # apply. TikTok's own caps apply anyway. For example:
    # limits:
    #   posts_per_day: 3
    #   min_gap: 2h            # least time between two posts
    #   window: "09:00-21:00"  # local hours when posting may start

defaults:
  mode: direct               # direct | inbox
  # TikTok makes the poster choose privacy; an unaudited app may only use SELF_ONLY.
  privacy: SELF_ONLY
  # Comments, duet and stitch stay off unless turned on here or per post:
  # allow: { comments: true, duet: false, stitch: false }

posts:
  - id: first-post           # a stable key: never reuse or rename it once published
    video: ${EXAMPLE_VIDEO}  # a file in this repository (or an https:// URL under the app's pull_prefixes)
    caption: "Hello from tiktok-publish #firstpost"
    accounts: all
`;
}
function workflowTemplate(o) {
    const uses = `${ACTION_REPO}@${ACTION_REF}`;
    const env = manifestSecrets(o.account)
        .map((name) => `          ${name}: \${{ secrets.${name} }}`)
        .join('\n');
    const fromFork = 'github.event.pull_request.head.repo.full_name != github.repository';
    const forkSteps = o.forkComments
        ? `
      # A fork's pull request gets a read-only token, so the comment above could
      # not be posted: hand its text to ${COMMENT_WORKFLOW_FILE.split('/').pop()}.
      - if: \${{ !cancelled() && steps.plan.outputs.comment != '' && ${fromFork} }}
        env:
          COMMENT: \${{ steps.plan.outputs.comment }}
          PR_NUMBER: \${{ github.event.pull_request.number }}
        run: |
          mkdir -p "$RUNNER_TEMP/plan-comment"
          printf '%s' "$COMMENT" > "$RUNNER_TEMP/plan-comment/comment.md"
          printf '%s' "$PR_NUMBER" > "$RUNNER_TEMP/plan-comment/pr-number"
      - if: \${{ !cancelled() && steps.plan.outputs.comment != '' && ${fromFork} }}
        uses: actions/upload-artifact@v7
        with:
          name: ${COMMENT_ARTIFACT}
          path: \${{ runner.temp }}/plan-comment/
          retention-days: 1
`
        : '';
    const stateBranch = o.stateBranch
        ? `
          # the state is committed to this branch, not to ${o.branch}, whose
          # protection only takes reviewed pull requests
          state-branch: ${o.stateBranch}`
        : '';
    return `# Plans on pull requests, publishes on merge and every 15 minutes (for posts
# with a later \`at:\`, and to finish posts TikTok is still processing).
name: ${WORKFLOW_NAME}

on:
  pull_request:
  push:
    branches: [${o.branch}]
  schedule:
    - cron: "*/15 * * * *"
  workflow_dispatch:

# Nothing by default: each job asks for what it needs.
permissions: {}

# One run per branch at a time, and never cancel one: a cancelled publish run
# could leave a post TikTok received but the state does not record.
concurrency:
  group: tiktok-publish-\${{ github.ref }}
  cancel-in-progress: false

jobs:
  plan:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      contents: read          # the manifest, the videos, the base branch's state
      pull-requests: write    # the plan comment
    steps:
      # No \`lfs: true\`: tiktok-publish fetches the Git LFS videos it reads
      # (those of due posts, and those this pull request changes) itself.
      - uses: actions/checkout@v7
      # No secrets here: a pull request from a fork must never see them, and
      # the plan needs none (it reads the creator info cached in the state).
      - uses: ${uses}
        id: plan
        with:
          command: plan
${forkSteps}
  apply:
    # publishes only from ${o.branch}, where merging a reviewed pull request is the
    # consent: a workflow_dispatch on another branch must not publish its manifest
    if: github.event_name != 'pull_request' && github.ref == 'refs/heads/${o.branch}'
    runs-on: ubuntu-latest
    timeout-minutes: 30       # the run stops starting new work after time-budget (20m)
    permissions:
      contents: write         # commit ${MANIFEST_FILE.replace('.yml', '.state.json')}
    # Environment secrets are read when the job starts (repository secrets when
    # the run is queued), so a run queued behind one that rotates a refresh
    # token still starts with the new one. A required reviewer on this
    # environment makes every apply wait for approval.
    environment: tiktok-publish
    steps:
      # No \`lfs: true\`: a published post's video is never downloaded again;
      # tiktok-publish runs \`git lfs pull\` for the videos of due posts only.
      - uses: actions/checkout@v7
      - uses: ${uses}
        with:
          command: apply${stateBranch}
          # writes rotated refresh tokens to the environment's secrets
          secrets-token: \${{ secrets.${SECRETS_TOKEN_SECRET} }}
          secrets-environment: tiktok-publish
        # Only the secrets ${MANIFEST_FILE} names, by the same names. Add a line
        # here when you add an account (its refresh token) or an app.
        env:
${env}
`;
}
/**
 * The fork companion (init --fork-comments): runs from the default branch's
 * copy of itself with a write token, never checks out or runs the fork's code,
 * and takes only the comment's text from the fork's run, after checking that
 * the pull request it names is at the commit that run planned.
 */
function commentWorkflowTemplate() {
    return `# Posts the tiktok-publish plan comment on pull requests from forks, whose
# own run gets a read-only token. GitHub runs this file as it is on the default
# branch, with a token that may comment; it never checks out or runs the
# fork's code, and takes nothing from the fork's run but the comment's text.
name: ${WORKFLOW_NAME}-comment

on:
  workflow_run:
    workflows: [${WORKFLOW_NAME}]
    types: [completed]

permissions: {}

jobs:
  comment:
    if: github.event.workflow_run.event == 'pull_request' && github.event.workflow_run.head_repository.full_name != github.repository
    runs-on: ubuntu-latest
    timeout-minutes: 5
    permissions:
      actions: read           # the plan job's artifact
      pull-requests: write    # the comment
    steps:
      - uses: actions/download-artifact@v8
        id: download
        continue-on-error: true   # no artifact: the plan failed before writing one (its log says why)
        with:
          name: ${COMMENT_ARTIFACT}
          path: \${{ runner.temp }}/plan-comment
          run-id: \${{ github.event.workflow_run.id }}
          github-token: \${{ github.token }}
      - if: steps.download.outcome == 'success'
        env:
          GH_TOKEN: \${{ github.token }}
          REPO: \${{ github.repository }}
          HEAD_SHA: \${{ github.event.workflow_run.head_sha }}
          DIR: \${{ runner.temp }}/plan-comment
        run: |
          pr=$(cat "$DIR/pr-number")
          case "$pr" in ''|*[!0-9]*) echo "::error::the artifact names no pull request number"; exit 1;; esac
          # the artifact comes from the fork's run: believe its number only if
          # that pull request's head is the commit the run planned
          head=$(gh api "repos/$REPO/pulls/$pr" --jq .head.sha)
          if [ "$head" != "$HEAD_SHA" ]; then echo "::error::pull request #$pr is not at $HEAD_SHA: not commenting"; exit 1; fi
          marker=$(head -n 1 "$DIR/comment.md")
          case "$marker" in '<!-- tiktok-publish:plan:'*' -->') ;; *) echo "::error::the comment does not start with the plan marker"; exit 1;; esac
          id=$(MARKER="$marker" gh api --paginate "repos/$REPO/issues/$pr/comments" \\
            --jq '.[] | select(.user.login == "github-actions[bot]" and (.body | startswith(env.MARKER))) | .id' | head -n 1)
          if [ -n "$id" ]; then
            gh api -X PATCH "repos/$REPO/issues/comments/$id" -F body=@"$DIR/comment.md" > /dev/null
          else
            gh api -X POST "repos/$REPO/issues/$pr/comments" -F body=@"$DIR/comment.md" > /dev/null
          fi
`;
}

;// CONCATENATED MODULE: ./src/cli/init.ts






const BRANCH_NAME = /^(?!-)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._\/-]+(?<![./])$/;
/**
 * The branch whose pushes publish: the remote's default branch if the clone
 * knows it, else the branch checked out (a fresh `git init` on `master` has
 * no commit yet, but HEAD already names it), else `main`.
 */
function defaultBranch(dir) {
    const git = (...args) => {
        try {
            return (0,external_node_child_process_.execFileSync)('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
        }
        catch {
            return undefined;
        }
    };
    const remote = git('symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD');
    if (remote?.startsWith('origin/'))
        return { branch: remote.slice('origin/'.length), from: "origin's default branch" };
    const head = git('symbolic-ref', '--quiet', '--short', 'HEAD');
    if (head)
        return { branch: head, from: 'the branch checked out here' };
    return { branch: 'main', from: 'no git repository here, so the usual default' };
}
/** `tiktok-publish init`: the manifest and the workflow, then the next three steps. */
async function runInit(flags, ctx) {
    const problem = (0,checks/* checkName */.I3)('account', flags.account);
    if (problem)
        throw new errors/* UsageError */.eb(`--account: ${problem.message}`, { fix: problem.fix });
    for (const [flag, value] of [['--branch', flags.branch], ['--state-branch', flags.stateBranch]]) {
        if (value !== undefined && !BRANCH_NAME.test(value))
            throw new errors/* UsageError */.eb(`${flag} "${value}" is not a branch name`, { fix: `write e.g. ${flag} ${flag === '--branch' ? 'main' : 'tiktok-state'}` });
    }
    const dir = external_node_path_default().resolve(ctx.cwd, flags.dir);
    const detected = flags.branch ? { branch: flags.branch, from: '--branch' } : defaultBranch(dir);
    if (flags.stateBranch && flags.stateBranch === detected.branch) {
        throw new errors/* UsageError */.eb(`--state-branch ${flags.stateBranch} is the branch that publishes`, { fix: 'name a separate branch for the state, e.g. --state-branch tiktok-state' });
    }
    const files = [
        [MANIFEST_FILE, manifestTemplate(flags.account)],
        [WORKFLOW_FILE, workflowTemplate({ branch: detected.branch, account: flags.account, stateBranch: flags.stateBranch, forkComments: flags.forkComments })]
    ];
    if (flags.forkComments)
        files.push([COMMENT_WORKFLOW_FILE, commentWorkflowTemplate()]);
    // All or nothing: checking every file first means a refusal writes none.
    const existing = [];
    for (const [rel] of files)
        if (await exists(external_node_path_default().join(dir, rel)))
            existing.push(rel);
    if (existing.length && !flags.force) {
        throw new errors/* UserError */.yo(`${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''} in ${dir}`, {
            fix: 'run init with --force to overwrite, or edit the existing files'
        });
    }
    for (const [rel, text] of files) {
        const abs = external_node_path_default().join(dir, rel);
        await (0,promises_.mkdir)(external_node_path_default().dirname(abs), { recursive: true });
        await (0,promises_.writeFile)(abs, text);
        ctx.stdout.write(`wrote ${rel}${existing.includes(rel) ? ' (overwritten)' : ''}\n`);
    }
    const refresh = refreshSecretName(flags.account);
    const lines = [
        '',
        `The workflow publishes on pushes to ${detected.branch} (${detected.from}; --branch to change it)` +
            (flags.stateBranch ? ` and commits the state to ${flags.stateBranch}.` : ' and commits the state there.'),
        '',
        'Next steps:',
        '  1. Create the repository secrets (Settings → Secrets and variables → Actions):',
        `       ${CLIENT_KEY_SECRET}, ${CLIENT_SECRET_SECRET}   your TikTok app's client key and secret`,
        `       ${SECRETS_TOKEN_SECRET}              a token with "Secrets" and "Environments: read and write" on this repository`,
        '                                               (TikTok rotates refresh tokens; each run writes the new one back,',
        '                                               to the secrets of the apply job\'s environment tiktok-publish)',
        `  2. Authorize the account; its refresh token goes straight into the secret ${refresh}:`,
        `       export ${CLIENT_KEY_SECRET}=… ${CLIENT_SECRET_SECRET}=… GH_TOKEN=…`,
        `       ${NPX_FROM_GITHUB} auth --account ${flags.account} --github-secret ${refresh} --repo OWNER/REPO`,
        '     The app is not audited: set the account to private in the TikTok app first (auth says if it is not).',
        `  3. Put a video at ${EXAMPLE_VIDEO}, commit, open a pull request and read the plan comment.`,
        '     Merge it: the first post goes out on the first run.',
        `Guide: ${GUIDE_URL}`
    ];
    ctx.stdout.write(lines.join('\n') + '\n');
}
async function exists(file) {
    try {
        await (0,promises_.access)(file);
        return true;
    }
    catch {
        return false;
    }
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


/***/ })

};
