export const id = 863;
export const ids = [863];
export const modules = {

/***/ 9988:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ checkCreator),
/* harmony export */   j: () => (/* binding */ CREATOR_CHECK_CODES)
/* harmony export */ });
/* harmony import */ var _public_account_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4628);

const CREATOR_CHECK_CODES = ['creator_public', 'creator_privacy', 'creator_duration'];
/**
 * Refusals in TikTok's own order of importance: a public account under an
 * unaudited app first (nothing can go out), then a privacy level the creator
 * does not offer, then a video longer than the creator may post. Interactions
 * the creator turned off are not a refusal: the post is sent with them off.
 * Drafts are finished in the TikTok app, so an inbox target is never checked.
 */
function checkCreator({ target, creator, app, facts }) {
    const warnings = [];
    if (target.mode !== 'direct')
        return { warnings };
    const account = target.account;
    const who = `${creator.nickname} (${account})`;
    if (app && !app.audited && (0,_public_account_js__WEBPACK_IMPORTED_MODULE_0__/* .isPublicAccount */ .h)(creator)) {
        return { blocked: { code: 'creator_public', reason: (0,_public_account_js__WEBPACK_IMPORTED_MODULE_0__/* .publicAccountRefusal */ .D)(account, creator.nickname, app.name) }, warnings };
    }
    if (target.privacy && !creator.privacy_level_options.includes(target.privacy)) {
        return {
            blocked: {
                code: 'creator_privacy',
                reason: `${who} offers privacy ${creator.privacy_level_options.join(', ') || '(none)'}, not ${target.privacy}: choose one of those for this post`
            },
            warnings
        };
    }
    const duration = facts?.durationSec;
    if (duration !== undefined && duration > creator.max_video_post_duration_sec) {
        return {
            blocked: {
                code: 'creator_duration',
                reason: `the video runs ${Math.round(duration)} s; ${who} may post at most ${creator.max_video_post_duration_sec} s: shorten the video`
            },
            warnings
        };
    }
    const off = [];
    if (target.allow.comments && creator.comment_disabled)
        off.push('comments');
    if (target.allow.duet && creator.duet_disabled)
        off.push('duet');
    if (target.allow.stitch && creator.stitch_disabled)
        off.push('stitch');
    if (off.length)
        warnings.push(`${who} has ${off.join(', ')} turned off; the post is sent with ${off.length > 1 ? 'them' : 'it'} off`);
    return { warnings };
}


/***/ }),

/***/ 3459:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Gz: () => (/* reexport */ DEFAULT_MAX_ATTEMPTS),
  Jg: () => (/* reexport */ plan_creator/* checkCreator */.J),
  OJ: () => (/* reexport */ hasWork),
  et: () => (/* reexport */ plan),
  Qi: () => (/* reexport */ renderPlanTable)
});

// UNUSED EXPORTS: CREATOR_CACHE_MAX_AGE_MS, CREATOR_CHECK_CODES, DIRECT_POSTS_PER_DAY, INBOX_DRAFTS_PER_24H, LIMIT_CODES, PLAN_ACTION_KINDS, PLAN_CODES, UNAUDITED_ACCOUNTS_PER_24H, dueNow, goesOut

// EXTERNAL MODULE: ./src/plan/time.ts
var time = __webpack_require__(8650);
;// CONCATENATED MODULE: ./src/plan/ledger.ts

/*
 * The inits every limit counts: per account (caps, spacing, daily counts) and
 * per app (the unaudited app's accounts per 24 h). They come from every record
 * in the state, orphans included (a post removed from the manifest still used
 * its slot at TikTok), and from the pairs this plan makes publish or wait.
 */
const H24 = 86_400_000;
function has(o, key) {
    return Object.prototype.hasOwnProperty.call(o, key);
}
function parseTime(s) {
    if (s === undefined)
        return undefined;
    const ms = Date.parse(s);
    return Number.isNaN(ms) ? undefined : ms;
}
/**
 * When a record took (or may have taken) a slot at TikTok. A claim without an
 * init may still have reached TikTok (a run died mid-call), so it counts too:
 * over-counting only delays a post, under-counting could break a cap.
 */
function initTime(r) {
    const initiated = parseTime(r.initiated_at);
    if (initiated !== undefined)
        return initiated;
    if (r.status === 'claimed' || r.status === 'unknown')
        return parseTime(r.claimed_at) ?? parseTime(r.updated_at);
    return undefined;
}
/** Most chunks hold this many items; one twice as long is split. */
const CHUNK = 256;
/**
 * Items kept sorted by time, so every limit reads only the span it needs.
 * They are held in short sorted chunks: an app's ledger gathers the inits of
 * all its accounts, out of time order, and inserting into one long array
 * moved half of it each time (quadratic in the pairs of a large plan).
 */
class Ledger {
    chunks = [];
    add(item) {
        const chunks = this.chunks;
        if (chunks.length === 0) {
            chunks.push([item]);
            return;
        }
        // after any equal times: order stays the order of insertion (deterministic)
        let k = this.chunkAfter(item.time);
        if (k === chunks.length)
            k--;
        const chunk = chunks[k];
        if (chunk[chunk.length - 1].time <= item.time)
            chunk.push(item);
        else
            chunk.splice(firstAfter(chunk, item.time), 0, item);
        if (chunk.length >= 2 * CHUNK)
            chunks.splice(k, 1, chunk.slice(0, CHUNK), chunk.slice(CHUNK));
    }
    /** items with lo < time <= hi, by time */
    between(lo, hi) {
        const out = [];
        const chunks = this.chunks;
        const start = this.chunkAfter(lo);
        for (let k = start; k < chunks.length; k++) {
            const chunk = chunks[k];
            // every chunk before `start` ends at or before lo; the ones after it begin later
            for (let i = k === start ? firstAfter(chunk, lo) : 0; i < chunk.length; i++) {
                if (chunk[i].time > hi)
                    return out;
                out.push(chunk[i]);
            }
        }
        return out;
    }
    /** the latest item with lo < time <= hi */
    lastBetween(lo, hi) {
        const chunks = this.chunks;
        let k = this.chunkAfter(hi);
        let i = k < chunks.length ? firstAfter(chunks[k], hi) - 1 : -1;
        if (i < 0) {
            // every item of chunk k is later than hi: the latest earlier one ends the chunk before
            k--;
            if (k < 0)
                return undefined;
            i = chunks[k].length - 1;
        }
        const item = chunks[k][i];
        return item.time > lo ? item : undefined;
    }
    /** the first chunk whose last item is later than `time` (chunks.length when none is) */
    chunkAfter(time) {
        const chunks = this.chunks;
        let lo = 0;
        let hi = chunks.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            const chunk = chunks[mid];
            if (chunk[chunk.length - 1].time <= time)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
/** the index of the first item later than `time` in a sorted list */
function firstAfter(items, time) {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (items[mid].time <= time)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
/**
 * One account's inits, with how many fall on each local day of its zone: a
 * daily limit asks one count instead of reading the local date of every init
 * near the instant it checks.
 */
class AccountInits {
    timezone;
    inits = new Ledger();
    all = new Map();
    direct = new Map();
    constructor(timezone) {
        this.timezone = timezone;
    }
    add(init) {
        this.inits.add(init);
        const day = (0,time/* localDayNumber */.PU)(init.time, this.timezone);
        this.all.set(day, (this.all.get(day) ?? 0) + 1);
        if (init.mode === 'direct')
            this.direct.set(day, (this.direct.get(day) ?? 0) + 1);
    }
    /** inits on the local day of `t` (direct posts only, or every init) */
    onDayOf(t, directOnly) {
        const day = (0,time/* localDayNumber */.PU)(t, this.timezone);
        return (directOnly ? this.direct : this.all).get(day) ?? 0;
    }
}
/** Every account's and every app's inits. */
class Ledgers {
    manifest;
    accounts = new Map();
    apps = new Map();
    constructor(manifest) {
        this.manifest = manifest;
    }
    /**
     * The inits of the state's records. Those older than any limit looks back (a
     * local day, 24 h, the longest min_gap) are left out.
     */
    static fromState(manifest, state, now) {
        let maxGap = 0;
        for (const a of Object.values(manifest.accounts))
            maxGap = Math.max(maxGap, a.limits.minGapMs ?? 0);
        const horizon = now - Math.max(2 * H24, maxGap);
        const ledgers = new Ledgers(manifest);
        for (const post of Object.keys(state.posts).sort()) {
            for (const account of Object.keys(state.posts[post]).sort()) {
                const r = state.posts[post][account];
                const time = initTime(r);
                if (time !== undefined && time > horizon)
                    ledgers.add(account, { time, mode: r.mode ?? 'direct' });
            }
        }
        return ledgers;
    }
    of(account) {
        let inits = this.accounts.get(account);
        if (!inits) {
            const timezone = has(this.manifest.accounts, account) ? this.manifest.accounts[account].timezone : 'UTC';
            this.accounts.set(account, (inits = new AccountInits(timezone ?? 'UTC')));
        }
        return inits;
    }
    /** which account of the app initiated when (for the unaudited app's account cap) */
    ofApp(app) {
        return this.apps.get(app);
    }
    add(account, init) {
        this.of(account).add(init);
        const app = has(this.manifest.accounts, account) ? this.manifest.accounts[account].app : undefined;
        if (app === undefined)
            return;
        let ledger = this.apps.get(app);
        if (!ledger)
            this.apps.set(app, (ledger = new Ledger()));
        ledger.add({ time: init.time, key: account });
    }
}

// EXTERNAL MODULE: ./src/duration.ts
var duration = __webpack_require__(7607);
// EXTERNAL MODULE: ./src/rules/rulebook.ts
var rulebook = __webpack_require__(3876);
// EXTERNAL MODULE: ./src/plan/creator.ts
var plan_creator = __webpack_require__(9988);
;// CONCATENATED MODULE: ./src/plan/types.ts

const PLAN_ACTION_KINDS = ['publish', 'resume', 'retry', 'wait', 'done', 'blocked', 'changed', 'orphaned'];
/** The limits a pair can wait on; the first one that refuses `now` names the wait. */
const LIMIT_CODES = ['scheduled', 'hold', 'backoff', 'window', 'min_gap', 'posts_per_day', 'daily_cap', 'pending_share_cap', 'app_account_cap'];
/** Every machine reason the planner gives, by the kinds that carry it. */
const PLAN_CODES = [
    // resume: a claim with no publish_id, settled before anything else
    'reconcile',
    // blocked
    'unknown',
    'media_missing',
    'attempts_exhausted',
    'fix_media',
    'needs_person',
    ...plan_creator/* CREATOR_CHECK_CODES */.j,
    // wait (posts_per_day: 0 blocks)
    ...LIMIT_CODES,
    // orphaned
    'post_removed',
    'account_removed'
];
/** This tool's conservative daily direct-post ceiling per account: TikTok's own cap (shared by all apps) varies by creator and has no published number. */
const DIRECT_POSTS_PER_DAY = 15;
/** This tool's conservative ceiling of inbox drafts per account in any 24 h: TikTok refuses when too many are pending, without a published number. */
const INBOX_DRAFTS_PER_24H = 5;
/** Accounts an unaudited app may direct-post to in any 24 h (TikTok's rule; the plan counts inbox drafts too, to be safe). */
const UNAUDITED_ACCOUNTS_PER_24H = 5;
/** Older creator info is shown with a warning: the creator may have changed settings. */
const CREATOR_CACHE_MAX_AGE_MS = 7 * 86_400_000;
/** inits of one pair before a retryable failure needs a person */
const DEFAULT_MAX_ATTEMPTS = 5;

;// CONCATENATED MODULE: ./src/plan/limits.ts





/*
 * Every limit a pair waits on, each a named step: the schedule, a hold after a
 * TikTok cap, a retry's back-off, the posting window, min_gap, the daily
 * counts, the inbox's pending drafts and the unaudited app's accounts per 24 h.
 * A limit answers "not at t, look again at u" cheaply; the sentence saying why
 * is built only for the one limit that names the wait.
 */
const MINUTE = 60_000;
const iso = time/* isoInstant */.j2;
/** The holds TikTok's caps left in the state, still running at `now`. */
class Holds {
    manifest;
    state;
    now;
    // computed once per app: looking through every account of the app for every
    // pair made plans of many accounts quadratic
    appWideByApp = new Map();
    accountsOfApp = new Map();
    constructor(manifest, state, now) {
        this.manifest = manifest;
        this.state = state;
        this.now = now;
        const sorted = Object.values(manifest.accounts).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
        for (const a of sorted) {
            const list = this.accountsOfApp.get(a.app);
            if (list)
                list.push(a.name);
            else
                this.accountsOfApp.set(a.app, [a.name]);
        }
    }
    active(name) {
        const hold = has(this.state.accounts, name) ? this.state.accounts[name].hold : undefined;
        const until = parseTime(hold?.until);
        if (!hold || until === undefined || until <= this.now)
            return undefined;
        return { from: name, until, reason: hold.reason };
    }
    /** An app-wide cap recorded on any account of the app holds all of them. */
    appWide(app) {
        let list = this.appWideByApp.get(app);
        if (!list) {
            list = [];
            for (const name of this.accountsOfApp.get(app) ?? []) {
                const h = this.active(name);
                if (h && (0,rulebook/* isAppWideCap */.P7)(h.reason))
                    list.push(h);
            }
            this.appWideByApp.set(app, list);
        }
        return list;
    }
}
/** The pair's limits in the order they name a wait, or why nothing may ever be posted there. */
function limitsFor(p) {
    const tz = p.accountConfig?.timezone ?? 'UTC';
    const key = `${p.account}\u0000${p.mode}`;
    let account = p.cache.get(key);
    if (!account)
        p.cache.set(key, (account = accountModeLimits(p, tz)));
    if (account.blocked)
        return { blocked: account.blocked };
    const list = [];
    const scheduled = scheduledLimit(p.post, tz);
    if (scheduled)
        list.push(scheduled);
    if (account.hold)
        list.push(account.hold);
    const backoff = backoffLimit(p.backoffUntil, tz);
    if (backoff)
        list.push(backoff);
    for (const limit of account.rest)
        list.push(limit);
    return { list };
}
function accountModeLimits(p, tz) {
    const limits = p.accountConfig?.limits ?? {};
    const mine = p.ledgers.of(p.account);
    const rest = [];
    const push = (limit) => {
        if (limit)
            rest.push(limit);
    };
    const hold = holdLimit(p, tz);
    push(windowLimit(p.account, tz, limits.window));
    push(minGapLimit(p.account, mine, limits.minGapMs));
    const perDay = limits.postsPerDay;
    if (perDay !== undefined) {
        if (perDay <= 0) {
            return { rest, blocked: { code: 'posts_per_day', reason: `posts_per_day is ${perDay} for ${p.account}: nothing may be posted there` } };
        }
        rest.push(dailyLimit('posts_per_day', perDay, mine, false, `${p.account} reached its posts_per_day of ${perDay}`));
    }
    if (p.mode === 'direct') {
        rest.push(dailyLimit('daily_cap', DIRECT_POSTS_PER_DAY, mine, true, `${p.account} reached ${DIRECT_POSTS_PER_DAY} direct posts today, this tool's conservative daily ceiling (TikTok's own cap varies by creator and has no published number)`));
    }
    else {
        rest.push(pendingShareLimit(p.account, mine));
    }
    if (p.app && !p.app.audited)
        rest.push(appAccountLimit(p.account, p.app, p.ledgers));
    return { ...(hold ? { hold } : {}), rest };
}
function scheduledLimit(post, tz) {
    const at = post.at?.getTime();
    if (at === undefined)
        return undefined;
    return {
        code: 'scheduled',
        check: (t) => (t < at ? at : undefined),
        why: () => ({ text: `scheduled for ${iso(at)} (${(0,time/* formatLocal */.xg)(at, tz)})`, namesUntil: true })
    };
}
function holdLimit(p, tz) {
    const holds = [];
    const own = p.holds.active(p.account);
    if (own)
        holds.push(own);
    if (p.accountConfig)
        for (const h of p.holds.appWide(p.accountConfig.app))
            if (h.from !== p.account)
                holds.push(h);
    if (!holds.length)
        return undefined;
    const longest = holds.reduce((a, b) => (b.until > a.until ? b : a));
    const whose = longest.from === p.account ? p.account : `every account of app ${p.accountConfig?.app} (recorded on ${longest.from})`;
    return {
        code: 'hold',
        check: (t) => (t < longest.until ? longest.until : undefined),
        why: () => ({
            text: `${whose} is held after TikTok answered ${longest.reason}, until ${iso(longest.until)} (${(0,time/* formatLocal */.xg)(longest.until, tz)})`,
            namesUntil: true
        })
    };
}
function backoffLimit(until, tz) {
    if (until === undefined)
        return undefined;
    return {
        code: 'backoff',
        check: (t) => (t < until ? until : undefined),
        why: () => ({ text: `backing off until ${iso(until)} (${(0,time/* formatLocal */.xg)(until, tz)})`, namesUntil: true })
    };
}
function windowLimit(account, tz, window) {
    if (!window)
        return undefined;
    return {
        code: 'window',
        check: (t) => {
            const open = (0,time/* nextWindowOpen */.g5)(t, tz, window);
            return open > t ? open : undefined;
        },
        why: () => ({ text: `outside ${account}'s posting window ${window.text} (${tz})` })
    };
}
/**
 * With min_gap, a later post on the same account waits for the gap after the
 * one planned before it: the engine runs a plan's publishes in order and sleeps
 * through a gap only when the run's time budget allows, so a plan promises at
 * most one new post per account and run. The gap holds on both sides of a slot
 * expected later, too.
 */
function minGapLimit(account, mine, gap) {
    if (gap === undefined || gap <= 0)
        return undefined;
    const clashAt = (t) => mine.inits.lastBetween(t - gap, t + gap - 1);
    return {
        code: 'min_gap',
        check: (t) => {
            const clash = clashAt(t);
            return clash ? clash.time + gap : undefined;
        },
        why: (t) => {
            const clash = clashAt(t);
            const prior = clash.projected
                ? `${clash.post}, expected at ${iso(clash.time)}`
                : clash.post
                    ? `${clash.post}, planned earlier in this run`
                    : `the last post at ${iso(clash.time)}`;
            return { text: `${account} keeps min_gap ${(0,duration/* formatDuration */.a)(gap)} from ${prior}` };
        }
    };
}
function dailyLimit(code, max, mine, directOnly, why) {
    const tz = mine.timezone;
    return {
        code,
        check: (t) => (mine.onDayOf(t, directOnly) >= max ? (0,time/* nextLocalMidnight */.nq)(t, tz) : undefined),
        why: (t) => ({ text: `${why} on ${(0,time/* localDateKey */.vs)(t, tz)} (${tz})` })
    };
}
function pendingShareLimit(account, mine) {
    const overAt = (t) => {
        const drafts = mine.inits
            .between(t - H24, t + H24)
            .filter((i) => i.mode === 'inbox')
            .map((i, n) => ({ key: String(n), time: i.time }));
        return rollingOver(t, drafts, undefined, INBOX_DRAFTS_PER_24H);
    };
    return rollingLimit('pending_share_cap', overAt, (over, t) => over.at === t
        ? `${account} has ${over.keys.length} inbox drafts from the last 24 h; this tool keeps at most ${INBOX_DRAFTS_PER_24H} pending per 24 h, a conservative default (TikTok refuses when too many are pending)`
        : `${account} expects ${over.keys.length} inbox drafts in the 24 h up to ${iso(over.at)}; this tool keeps at most ${INBOX_DRAFTS_PER_24H} pending per 24 h, a conservative default (TikTok refuses when too many are pending)`);
}
function appAccountLimit(account, app, ledgers) {
    const overAt = (t) => rollingOver(t, ledgers.ofApp(app.name)?.between(t - H24, t + H24) ?? [], account, UNAUDITED_ACCOUNTS_PER_24H);
    return rollingLimit('app_account_cap', overAt, (over, t) => `app ${app.name} is not audited, and ${over.keys.length} of its accounts (${over.keys.join(', ')}) ${over.at === t ? 'posted in the last 24 h' : `are expected to post in the 24 h up to ${iso(over.at)}`}; TikTok lets an unaudited app direct-post for ${UNAUDITED_ACCOUNTS_PER_24H} accounts per 24 h (this tool counts inbox drafts too)`);
}
/** A limit of distinct keys per rolling 24 h: refused while `overAt` finds a full window, and said by `text`. */
function rollingLimit(code, overAt, text) {
    return { code, check: (t) => overAt(t)?.until, why: (t) => ({ text: text(overAt(t), t) }) };
}
/**
 * Whether one more event at `t` (of key `self`; undefined: a key of its own)
 * makes more than `max` distinct keys in some rolling 24 h that contains `t`.
 * Only windows ending at `t` or at a later event can change, so those are the
 * ones checked. Returns where to look next: when the window ending at `t` is
 * full, the moment its oldest key drops out; when a later window is, just
 * after that window's end.
 */
function rollingOver(t, events, self, max) {
    // `events` come sorted by time: slide one window across the ends.
    const ends = [t, ...events.filter((e) => e.time > t && e.time < t + H24).map((e) => e.time)];
    const count = new Map();
    let head = 0;
    let tail = 0;
    for (const end of ends) {
        for (; head < events.length && events[head].time <= end; head++)
            count.set(events[head].key, (count.get(events[head].key) ?? 0) + 1);
        for (; tail < head && events[tail].time <= end - H24; tail++) {
            const n = count.get(events[tail].key) - 1;
            if (n)
                count.set(events[tail].key, n);
            else
                count.delete(events[tail].key);
        }
        if ((self !== undefined && count.has(self)) || count.size < max)
            continue;
        const keys = [...count.keys()].sort();
        if (end === t) {
            const latest = new Map();
            for (let i = tail; i < head; i++)
                latest.set(events[i].key, events[i].time);
            const times = [...latest.values()].sort((a, b) => a - b);
            return { until: times[times.length - max] + H24, at: end, keys };
        }
        return { until: end + MINUTE, at: end, keys };
    }
    return undefined;
}
/**
 * Moves `t` forward until every limit allows it. Each limit only ever pushes
 * later, so the loop reaches the earliest instant all of them accept. The first
 * limit that refuses `now` names the wait. Reservations only ever add refusals,
 * so the search may start where the previous pair of the same account and mode
 * ended (`start`): that keeps a long queue linear, not quadratic.
 */
function earliestAllowed(now, limits, start = now) {
    let first;
    for (const limit of limits) {
        const until = limit.check(now);
        if (until !== undefined && until > now) {
            first = { limit, until };
            break;
        }
    }
    if (!first)
        return { earliest: now };
    let t = Math.max(now, start);
    for (let round = 0; round < 500; round++) {
        let moved = false;
        for (const limit of limits) {
            const until = limit.check(t);
            if (until !== undefined && until > t) {
                t = until;
                moved = true;
                break;
            }
        }
        if (!moved)
            return { earliest: t, first };
    }
    return { first };
}

;// CONCATENATED MODULE: ./src/plan/orphans.ts

/**
 * Records of pairs the manifest no longer has, after the manifest's pairs,
 * sorted. Their records are kept; one TikTok still processes (on an account
 * still in the manifest) is marked inFlight: apply polls it to its end, so the
 * state says what became of it.
 */
function orphans(manifest, state, selected) {
    const out = [];
    const targeted = new Map(manifest.posts.map((p) => [p.id, new Set(p.targets.map((t) => t.account))]));
    for (const post of Object.keys(state.posts).sort()) {
        const accounts = targeted.get(post);
        for (const account of Object.keys(state.posts[post]).sort()) {
            if (accounts?.has(account) || !selected(account))
                continue;
            const r = state.posts[post][account];
            const gone = accounts ? `${account} is no longer a target of ${post}` : `${post} is no longer in the manifest`;
            let fate;
            if (r.status === 'published' || r.status === 'inbox')
                fate = 'it stays on TikTok (the API cannot delete a post); its record is kept';
            else if (r.status === 'processing' || (r.status === 'claimed' && r.publish_id))
                fate = `TikTok still has it in flight (publish_id ${r.publish_id}); its record is kept`;
            else
                fate = `its ${r.status} record is kept`;
            // with its account gone there is no token to ask TikTok with
            const inFlight = r.status === 'processing' && !!r.publish_id && has(manifest.accounts, account);
            out.push({
                post,
                account,
                kind: 'orphaned',
                code: accounts ? 'account_removed' : 'post_removed',
                reason: `${gone}; ${fate}`,
                ...(r.mode ? { mode: r.mode } : {}),
                ...(inFlight ? { inFlight: true } : {}),
                warnings: []
            });
        }
    }
    return out;
}

// EXTERNAL MODULE: ./src/state/records.ts
var records = __webpack_require__(5251);
// EXTERNAL MODULE: ./src/plan/public-account.ts
var public_account = __webpack_require__(4628);
;// CONCATENATED MODULE: ./src/plan/pair.ts









const pair_iso = time/* isoInstant */.j2;
function planPair(ctx, post, target) {
    const account = target.account;
    const base = { post: post.id, account, mode: target.mode };
    const record = has(ctx.state.posts, post.id) && has(ctx.state.posts[post.id], account) ? ctx.state.posts[post.id][account] : undefined;
    // A URL video is not read before TikTok pulls it: its URL stands for its content.
    const facts = ctx.media.get(post.id) ?? (post.video.kind === 'url' ? { digest: '' } : undefined);
    const fp = facts ? (0,records/* fingerprint */.Rj)(post, target, facts.digest) : undefined;
    const recorded = fromRecord(base, record, fp);
    if (recorded)
        return recorded;
    if (fp === undefined) {
        return { ...base, kind: 'blocked', code: 'media_missing', reason: 'no media facts for this video (it was not read), so it cannot be published', warnings: [] };
    }
    const failure = record?.status === 'failed' ? afterFailure(ctx, base, record, fp) : { kind: 'publish', notes: [] };
    if ('action' in failure)
        return failure.action;
    const accountConfig = ctx.manifest.accounts[account];
    const app = accountConfig ? ctx.manifest.apps[accountConfig.app] : undefined;
    const creator = creatorStep(ctx, target, facts);
    if (creator.blocked)
        return { ...base, kind: 'blocked', ...creator.blocked, warnings: creator.warnings };
    const warnings = creator.warnings;
    if (target.mode === 'inbox') {
        warnings.push('inbox draft: TikTok takes no caption for drafts, so the creator must paste the caption when finishing the post in the TikTok app');
    }
    else if (app && !app.audited) {
        warnings.push(`app ${app.name} is not audited by TikTok: the post is visible only to the creator (SELF_ONLY) and the account must be set to private`);
    }
    const limits = limitsFor({ post, account, mode: target.mode, accountConfig, app, backoffUntil: failure.backoffUntil, holds: ctx.holds, ledgers: ctx.ledgers, cache: ctx.limits });
    if ('blocked' in limits)
        return { ...base, kind: 'blocked', ...limits.blocked, warnings };
    return schedule(ctx, base, target, { kind: failure.kind, notes: failure.notes, list: limits.list, fp, warnings, tz: accountConfig?.timezone ?? 'UTC' });
}
/** A record that settles the pair whatever the limits say: done, changed, in flight, or unknown. */
function fromRecord(base, record, fp) {
    if (!record)
        return undefined;
    if (record.status === 'published' || record.status === 'inbox') {
        const where = record.status === 'published' ? `published${record.video_id ? ` as video ${record.video_id}` : ''}` : "delivered to the creator's TikTok inbox";
        if (fp === undefined)
            return { ...base, kind: 'done', reason: `${where}; no media facts, so changes to the video were not checked`, warnings: [] };
        if (record.fingerprint === fp)
            return { ...base, kind: 'done', reason: where, warnings: [] };
        return {
            ...base,
            kind: 'changed',
            reason: `${where}, and the post changed since: TikTok cannot edit a published post; give the new version a new post id to publish it`,
            warnings: []
        };
    }
    if (record.status === 'processing') {
        const warnings = fp !== undefined && record.fingerprint !== fp ? ['the post changed while TikTok was processing the earlier version; that version is the one being posted'] : [];
        return { ...base, kind: 'resume', reason: `in flight at TikTok (publish_id ${record.publish_id ?? 'not recorded'}); keep polling its status`, warnings };
    }
    if (record.status === 'claimed') {
        if (record.publish_id !== undefined) {
            return { ...base, kind: 'resume', reason: `initiated at TikTok (publish_id ${record.publish_id}); keep polling its status`, warnings: [] };
        }
        return {
            ...base,
            kind: 'resume',
            code: 'reconcile',
            reason: 'claimed by an earlier run that stopped before saving a publish_id; reconcile it before anything else',
            warnings: []
        };
    }
    if (record.status === 'unknown') {
        return {
            ...base,
            kind: 'blocked',
            code: 'unknown',
            reason: `a run stopped after claiming it and TikTok may have it: check the account, then settle with \`tiktok-publish resolve ${base.post} ${base.account} --published VIDEO_ID | --not-published\``,
            warnings: []
        };
    }
    return undefined;
}
function failureOf(r) {
    if (!r.error)
        return { code: 'unrecorded', class: 'retryable', advice: 'it failed without a recorded reason; the next run retries it' };
    const known = (0,rulebook/* classifyFailure */.XE)(r.error.code);
    return { code: r.error.code, class: r.error.class ?? known.class, advice: known.advice };
}
/** A failed record: tried again (now or after its back-off), planned as new, or blocked until a person acts. */
function afterFailure(ctx, base, record, fp) {
    const { post, account } = base;
    const failure = failureOf(record);
    const changed = record.fingerprint !== fp;
    const said = `${failure.code}${record.error?.message ? `: ${record.error.message}` : ''}`;
    if (failure.class === 'retryable') {
        // A changed post, or a person's `resolve --not-published`, earns a fresh try.
        const cleared = changed || record.error?.code === rulebook/* NOT_PUBLISHED */.nu;
        if (record.attempts >= ctx.maxAttempts && !cleared) {
            return {
                action: {
                    ...base,
                    kind: 'blocked',
                    code: 'attempts_exhausted',
                    reason: `failed ${record.attempts} times (last: ${said}); ${failure.advice.split(';')[0]}; after checking, run \`tiktok-publish resolve ${post} ${account} --not-published\` to try again`,
                    warnings: []
                }
            };
        }
        const note = record.attempts < ctx.maxAttempts
            ? `attempt ${record.attempts + 1} of ${ctx.maxAttempts} after ${said}`
            : `another attempt after ${said} (${changed ? 'the post changed' : 'a person checked the account'})`;
        return { kind: 'retry', backoffUntil: parseTime(record.next_attempt_at), notes: [note] };
    }
    if (failure.code === 'unaudited_client_can_only_post_to_private_accounts' && !changed) {
        // TikTok refused the init outright, so nothing was posted: once a
        // creator_info asked after the refusal shows the account private, it
        // goes out again with no `resolve`; until then it waits as a public
        // account's post does (and each run asks TikTok again)
        const entry = has(ctx.state.accounts, account) ? ctx.state.accounts[account] : undefined;
        const checked = parseTime(entry?.checked_at);
        const privateSince = entry?.creator && !(0,public_account/* isPublicAccount */.h)(entry.creator) && checked !== undefined && checked > (parseTime(record.updated_at) ?? Infinity);
        if (!privateSince) {
            return {
                action: {
                    ...base,
                    kind: 'blocked',
                    code: 'creator_public',
                    reason: `TikTok refused it because the account was public (${failure.code}); ${failure.advice}; the next run asks TikTok again and posts it once the account is private`,
                    warnings: []
                }
            };
        }
        return { kind: 'publish', notes: ['TikTok refused it earlier because the account was public; the account is private now'] };
    }
    // A cap is not a failure: the pair is planned as if new, and waits on holds and limits.
    if (failure.class === 'cap')
        return { kind: 'publish', notes: [`TikTok refused it earlier for a cap (${failure.code})`] };
    if (changed)
        return { kind: 'publish', notes: [`the post changed since it failed (${failure.code}); the new version is posted`] };
    return {
        action: {
            ...base,
            kind: 'blocked',
            code: failure.class,
            reason: `${said} — ${failure.advice}${failure.class === 'needs_person' ? `; then run \`tiktok-publish resolve ${post} ${account} --not-published\` to let it be posted` : ''}`,
            warnings: []
        }
    };
}
/** One string per account, however many of its pairs carry it (a plan of 100k pairs keeps them all). */
function noCreatorYet(ctx, account) {
    let text = ctx.texts.get(account);
    if (text === undefined)
        ctx.texts.set(account, (text = `no creator info cached for ${account} yet; checked on the first apply`));
    return text;
}
/** The creator checks on the cached creator info, with a warning when it is missing or old. */
function creatorStep(ctx, target, facts) {
    // creator_info is a direct-post call (scope video.publish); drafts are finished in the app.
    if (target.mode !== 'direct')
        return { warnings: [] };
    const account = target.account;
    const entry = has(ctx.state.accounts, account) ? ctx.state.accounts[account] : undefined;
    const creator = entry?.creator;
    if (!creator)
        return { warnings: [noCreatorYet(ctx, account)] };
    const warnings = [];
    const checked = parseTime(entry?.checked_at);
    if (checked === undefined || ctx.now - checked > CREATOR_CACHE_MAX_AGE_MS) {
        warnings.push(`creator info for ${creator.nickname} (${account}) was ${checked === undefined ? 'cached without a check time' : `checked ${(0,duration/* formatDuration */.a)(ctx.now - checked)} ago`}; it is checked again before posting`);
    }
    const accountConfig = has(ctx.manifest.accounts, account) ? ctx.manifest.accounts[account] : undefined;
    const app = accountConfig && has(ctx.manifest.apps, accountConfig.app) ? ctx.manifest.apps[accountConfig.app] : undefined;
    const result = (0,plan_creator/* checkCreator */.J)({ target, creator, app, facts });
    warnings.push(...result.warnings);
    return result.blocked ? { blocked: result.blocked, warnings } : { warnings };
}
/**
 * Now, or the earliest instant every limit allows, and why not sooner. The
 * pair takes that slot in its account's ledger, so later pairs see it: caps,
 * spacing and daily counts include it.
 */
function schedule(ctx, base, target, s) {
    const { now } = ctx;
    const { post, account, mode } = base;
    const cursorKey = `${account}\u0000${mode}`;
    const outcome = earliestAllowed(now, s.list, ctx.searchFrom.get(cursorKey));
    if (outcome.earliest !== undefined)
        ctx.searchFrom.set(cursorKey, outcome.earliest);
    const what = mode === 'inbox' ? `upload as a draft to ${account}'s TikTok inbox` : `post to ${account}${target.privacy ? ` as ${target.privacy}` : ''}`;
    const lead = s.notes.length ? `${s.notes.join('; ')}; ` : '';
    if (!outcome.first) {
        ctx.ledgers.add(account, { time: now, mode, post });
        return { post, account, mode, kind: s.kind, reason: `${lead}${what} now`, fingerprint: s.fp, warnings: s.warnings };
    }
    const first = outcome.first;
    const why = first.limit.why(now);
    if (outcome.earliest === undefined) {
        return { post, account, mode, kind: 'wait', code: first.limit.code, reason: `${lead}${why.text}; no time in the coming weeks satisfies every limit`, fingerprint: s.fp, warnings: s.warnings };
    }
    const earliest = outcome.earliest;
    ctx.ledgers.add(account, { time: earliest, mode, post, projected: true });
    return {
        post,
        account,
        mode,
        kind: 'wait',
        code: first.limit.code,
        earliest: pair_iso(earliest),
        reason: why.namesUntil && first.until === earliest
            ? `${lead}${why.text}; then ${what}`
            : `${lead}${why.text}; then ${what} at ${pair_iso(earliest)} (${(0,time/* formatLocal */.xg)(earliest, s.tz)})`,
        fingerprint: s.fp,
        warnings: s.warnings
    };
}

;// CONCATENATED MODULE: ./src/plan/plan.ts






/*
 * The planner is pure: the same manifest, state, media facts and `now` give a
 * deep-equal plan. It reads no clock and no file, so a pull request's plan and
 * the run that follows the merge agree, and every rule is testable at any date.
 */
function plan(input) {
    const { manifest, state } = input;
    const now = input.now.getTime();
    const selected = input.options?.accounts ?? (() => true);
    const ctx = {
        manifest,
        state,
        media: input.media,
        now,
        maxAttempts: input.options?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        ledgers: Ledgers.fromState(manifest, state, now),
        holds: new Holds(manifest, state, now),
        searchFrom: new Map(),
        limits: new Map(),
        texts: new Map()
    };
    const actions = [];
    for (const post of manifest.posts) {
        for (const target of post.targets) {
            if (!selected(target.account))
                continue;
            actions.push(planPair(ctx, post, target));
        }
    }
    for (const orphan of orphans(manifest, state, selected))
        actions.push(orphan);
    return { actions, now: new Date(now).toISOString(), summary: summarize(actions) };
}
function summarize(actions) {
    const summary = Object.fromEntries(PLAN_ACTION_KINDS.map((k) => [k, 0]));
    for (const a of actions)
        summary[a.kind]++;
    return summary;
}

;// CONCATENATED MODULE: ./src/plan/work.ts
/**
 * Whether applying this action asks TikTok anything: a new init (publish,
 * retry), polling a pair already initiated (resume), or polling a post removed
 * from the manifest while TikTok still had it (an in-flight orphan). The one
 * test of "work to do", for the engine, the summaries and the comment alike;
 * it reads only the action, so apply does what the plan showed.
 */
function hasWork(action) {
    switch (action.kind) {
        case 'publish':
        case 'retry':
        case 'resume':
            return true;
        case 'orphaned':
            return action.inFlight === true;
        default:
            return false;
    }
}
/** A pair of the manifest that apply sends or finishes now: the work of hasWork, less the orphans it only polls. */
function dueNow(action) {
    return hasWork(action) && action.kind !== 'orphaned';
}
/** A pair of the manifest that goes out now or later: what TikTok's consent covers and the timeline draws. */
function goesOut(action) {
    return dueNow(action) || action.kind === 'wait';
}

// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
// EXTERNAL MODULE: ./src/plan/photo-text.ts
var photo_text = __webpack_require__(4407);
;// CONCATENATED MODULE: ./src/plan/render.ts




function when(a) {
    if (dueNow(a))
        return 'now';
    if (a.kind === 'wait')
        return a.earliest ? a.earliest.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z') : 'later';
    return '-';
}
const MUSIC_URL = 'https://www.tiktok.com/legal/page/global/music-usage-confirmation/en';
const BRANDED_URL = 'https://www.tiktok.com/legal/page/global/bc-policy/en';
/**
 * TikTok asks for express consent to its Music Usage Confirmation (and, for
 * branded content, its Branded Content Policy) before upload. The pull-request
 * comment ends with it; the terminal's plan ends with the same line, since on a
 * server running `apply` after reading it is that consent.
 */
function consentLines(plan, manifest) {
    const out = plan.actions.filter(goesOut);
    if (out.length === 0)
        return ['Applying publishes nothing new.'];
    const posts = postsById(manifest);
    const branded = out.some((a) => posts.get(a.post)?.disclose.brandedContent);
    return [
        `Publishing these posts (apply, or merging the pull request) agrees to TikTok's Music Usage Confirmation${branded ? ' and Branded Content Policy' : ''}.`,
        `  ${MUSIC_URL}`,
        ...(branded ? [`  ${BRANDED_URL}`] : [])
    ];
}
// the first post of each id, as a search from the start finds it: one lookup per row, not a scan
function postsById(manifest) {
    const byId = new Map();
    for (const p of manifest.posts)
        if (!byId.has(p.id))
            byId.set(p.id, p);
    return byId;
}
/**
 * The plan as a fixed-width table for a terminal: one row per pair, warnings
 * (and an inbox draft's caption, which the creator has to paste) under it.
 */
function renderPlanTable(plan, manifest, state) {
    if (plan.actions.length === 0)
        return `Nothing to plan (as of ${plan.now}).\n`;
    const captions = new Map();
    for (const p of manifest.posts)
        for (const t of p.targets)
            captions.set(`${p.id}\u0000${t.account}`, t.caption);
    const posts = postsById(manifest);
    const rows = plan.actions.map((a) => {
        const nickname = Object.prototype.hasOwnProperty.call(state.accounts, a.account) ? state.accounts[a.account].creator?.nickname : undefined;
        const notes = [...a.warnings.map((w) => `! ${w}`)];
        const caption = captions.get(`${a.post}\u0000${a.account}`);
        const post = posts.get(a.post);
        const photos = post ? (0,photo_text/* photoSummary */.tg)(post, post.targets.find((t) => t.account === a.account)) : undefined;
        if (photos) {
            notes.push(`${(0,photo_text/* photoLine */.Je)(photos)}; description: ${JSON.stringify(caption ?? '')}`);
            photos.urls.forEach((u, i) => notes.push(`  photo ${i + 1}: ${u || '(no URL)'}`));
        }
        if (a.mode === 'inbox' && caption && (a.kind === 'publish' || a.kind === 'retry' || a.kind === 'wait')) {
            notes.push(`caption to paste: ${JSON.stringify(caption)}`);
        }
        // nicknames and reasons come from the state file and TikTok: shown, never obeyed
        return {
            cells: [a.post, nickname ? `${a.account} (${nickname})` : a.account, a.kind + (a.code ? ` ${a.code}` : ''), when(a), a.reason].map((c) => (0,src_text/* showInvisible */.j)(c)),
            notes: notes.map((n) => (0,src_text/* showInvisible */.j)(n))
        };
    });
    const header = ['POST', 'ACCOUNT', 'ACTION', 'WHEN', 'REASON'];
    const widths = header.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((r) => [...r.cells[i]].length)));
    const pad = (s, w) => s + ' '.repeat(Math.max(0, w - [...s].length));
    const line = (cells) => cells.slice(0, 4).map((c, i) => pad(c, widths[i])).join('  ') + '  ' + cells[4];
    const indent = ' '.repeat(widths.reduce((a, b) => a + b + 2, 0));
    const out = [line(header)];
    for (const r of rows) {
        out.push(line(r.cells));
        for (const n of r.notes)
            out.push(indent + n);
    }
    const counts = PLAN_ACTION_KINDS.filter((k) => plan.summary[k] > 0).map((k) => `${plan.summary[k]} ${k}`);
    out.push('', `${counts.join(', ')} (as of ${plan.now})`);
    out.push('', ...consentLines(plan, manifest));
    return out.map((l) => l.trimEnd()).join('\n') + '\n';
}

;// CONCATENATED MODULE: ./src/plan/index.ts






/***/ }),

/***/ 4407:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Je: () => (/* binding */ photoLine),
/* harmony export */   W3: () => (/* binding */ PRIVATE_NO_ID),
/* harmony export */   lU: () => (/* binding */ privateWithoutId),
/* harmony export */   tg: () => (/* binding */ photoSummary)
/* harmony export */ });
function photoSummary(post, target) {
    if (post.video.kind !== 'photos')
        return undefined;
    const urls = target?.photoUrls ?? post.video.images.map((i) => (i.kind === 'url' ? i.url : ''));
    return { count: post.video.images.length, cover: post.video.cover + 1, title: post.video.title, urls };
}
/** One line for a terminal: `3 photos, cover 2, title "Spring looks"`. */
function photoLine(s) {
    return `${s.count} photo${s.count === 1 ? '' : 's'}, cover ${s.cover}${s.title ? `, title ${JSON.stringify(s.title)}` : ', no title'}`;
}
/**
 * Why a published post shows no video id: TikTok gives one only for a public
 * post (status and video list alike), so a private post never has one.
 */
const PRIVATE_NO_ID = 'private post: TikTok gives no video id';
function privateWithoutId(target, record) {
    return !!record && record.status === 'published' && !record.video_id && !!target && target.mode === 'direct' && target.privacy !== 'PUBLIC_TO_EVERYONE';
}


/***/ }),

/***/ 4628:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ publicAccountRefusal),
/* harmony export */   h: () => (/* binding */ isPublicAccount)
/* harmony export */ });
/**
 * TikTok refuses every direct post by an unaudited app to a public account
 * (unaudited_client_can_only_post_to_private_accounts). The creator cache
 * already says whether an account is public, so the plan and the engine refuse
 * such a post before any request, with the fix, instead of sending it.
 */
/** A public account offers PUBLIC_TO_EVERYONE; a private one never does. */
function isPublicAccount(creator) {
    return creator.privacy_level_options.includes('PUBLIC_TO_EVERYONE');
}
/** Why a direct post to a public account under an unaudited app is not sent, and the fix. */
function publicAccountRefusal(account, nickname, app) {
    return (`account ${account} (${nickname}) is public and app ${app} is not audited, so TikTok would refuse a direct post to it; nothing was sent. ` +
        'Fix: set the account to private in the TikTok app (Profile → Settings and privacy → Privacy → Private account), or send it as a draft with `mode: inbox`; ' +
        'the next run asks TikTok again and posts it once the account is private');
}


/***/ }),

/***/ 8650:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PU: () => (/* binding */ localDayNumber),
/* harmony export */   g5: () => (/* binding */ nextWindowOpen),
/* harmony export */   j2: () => (/* binding */ isoInstant),
/* harmony export */   nq: () => (/* binding */ nextLocalMidnight),
/* harmony export */   vs: () => (/* binding */ localDateKey),
/* harmony export */   xg: () => (/* binding */ formatLocal)
/* harmony export */ });
/* unused harmony exports localParts, offsetMs, localMinuteOfDay, instantsOfWallTime, inWindow */
/**
 * Local-time arithmetic for account windows and daily limits, on Intl alone.
 * An account's day and window follow its IANA zone, including DST switches
 * (a wall time that does not exist, or exists twice) and zones whose offset is
 * not a whole hour. All functions are pure: instants in, instants out.
 */
const MINUTE = 60_000;
const DAY = 86_400_000;
const formatters = new Map();
function formatter(timeZone) {
    let f = formatters.get(timeZone);
    if (!f) {
        f = new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            second: '2-digit'
        });
        formatters.set(timeZone, f);
    }
    return f;
}
const HOUR = 3_600_000;
/** The zone's offset at a whole second, from Intl: exact, and slow (a formatToParts call). */
function exactOffset(whole, timeZone) {
    const out = {};
    for (const p of formatter(timeZone).formatToParts(new Date(whole))) {
        if (p.type !== 'literal')
            out[p.type] = Number(p.value);
    }
    return Date.UTC(out.year, out.month - 1, out.day, out.hour % 24, out.minute, out.second) - whole;
}
// Planning a large manifest asks for the local time of many instants, and Intl
// is the planner's hot spot. A zone changes its offset at most once in a day
// (switches are months apart), so when a day (UTC) starts and ends with the
// same offset every instant in it has that offset: one Intl call per zone and
// day touched. A day holding a switch is read by the hour the same way, and
// the hour holding it is asked of Intl per instant.
const SWITCH = Number.NaN;
const dayOffsets = new Map();
const hourOffsets = new Map();
const OFFSET_CACHE_MAX = 200_000;
/** The one offset of a span [start, start + length), or SWITCH when it holds a switch. */
function spanOffset(cache, timeZone, index, length) {
    let byIndex = cache.get(timeZone);
    if (!byIndex)
        cache.set(timeZone, (byIndex = new Map()));
    let off = byIndex.get(index);
    if (off === undefined) {
        const start = exactOffset(index * length, timeZone);
        off = start === exactOffset((index + 1) * length, timeZone) ? start : SWITCH;
        if (byIndex.size >= OFFSET_CACHE_MAX)
            byIndex.clear();
        byIndex.set(index, off);
    }
    return off;
}
/** Offset of local time from UTC at a whole second. */
function offsetOfSecond(whole, timeZone) {
    const day = spanOffset(dayOffsets, timeZone, Math.floor(whole / DAY), DAY);
    if (!Number.isNaN(day))
        return day;
    const hour = spanOffset(hourOffsets, timeZone, Math.floor(whole / HOUR), HOUR);
    return Number.isNaN(hour) ? exactOffset(whole, timeZone) : hour;
}
/** The local wall time of an instant, as if it were a UTC timestamp (to the second). */
function wallMs(ms, timeZone) {
    const whole = Math.floor(ms / 1000) * 1000;
    return whole + offsetOfSecond(whole, timeZone);
}
function localParts(ms, timeZone) {
    const d = new Date(wallMs(ms, timeZone));
    return {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour: d.getUTCHours(),
        minute: d.getUTCMinutes(),
        second: d.getUTCSeconds()
    };
}
/** Offset of local time from UTC at an instant, in ms (New York in winter: -5 h). */
function offsetMs(ms, timeZone) {
    return offsetOfSecond(Math.floor(ms / 1000) * 1000, timeZone);
}
/** The local calendar day of an instant, as days since 1970-01-01 (compare, never show). */
function localDayNumber(ms, timeZone) {
    return Math.floor(wallMs(ms, timeZone) / DAY);
}
function localDateKey(ms, timeZone) {
    const p = localParts(ms, timeZone);
    return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}
function localMinuteOfDay(ms, timeZone) {
    const wall = wallMs(ms, timeZone);
    return Math.floor((wall - Math.floor(wall / DAY) * DAY) / MINUTE);
}
// A plan names the same few instants (a post's schedule, the next opening of a
// window, a midnight) in the sentences of many pairs: each text is made once.
const TEXT_CACHE_MAX = 50_000;
const isoTexts = new Map();
const localTexts = new Map();
function remember(cache, key, text) {
    if (cache.size >= TEXT_CACHE_MAX)
        cache.clear();
    cache.set(key, text);
    return text;
}
/** `2026-03-08T14:00:00.000Z`, as Date's toISOString writes it. */
function isoInstant(ms) {
    return isoTexts.get(ms) ?? remember(isoTexts, ms, new Date(ms).toISOString());
}
/** `2026-03-08 09:00 America/New_York` — for reasons people read. */
function formatLocal(ms, timeZone) {
    let byMs = localTexts.get(timeZone);
    if (!byMs)
        localTexts.set(timeZone, (byMs = new Map()));
    const hit = byMs.get(ms);
    if (hit !== undefined)
        return hit;
    // the ISO form of the wall time, read as UTC: `2026-03-08T09:00`
    const wall = new Date(wallMs(ms, timeZone)).toISOString();
    return remember(byMs, ms, `${wall.slice(0, 10)} ${wall.slice(11, 16)} ${timeZone}`);
}
/** The first instant in [lo, hi] whose offset differs from lo's (one transition assumed). */
function transitionBetween(lo, hi, timeZone) {
    const offLo = offsetMs(lo, timeZone);
    if (offsetMs(hi, timeZone) === offLo)
        return undefined;
    // Zones switch on whole minutes: search at minute resolution.
    let a = Math.floor(lo / MINUTE);
    let b = Math.ceil(hi / MINUTE);
    while (b - a > 1) {
        const mid = Math.floor((a + b) / 2);
        if (offsetMs(mid * MINUTE, timeZone) === offLo)
            a = mid;
        else
            b = mid;
    }
    return b * MINUTE;
}
/**
 * The instants at which the local clock reads the given wall time, ascending:
 * one normally, two in a fall-back hour, and in a spring-forward gap (the time
 * never shows) the instant the clock jumps past it.
 */
function instantsOfWallTime(year, month, day, minuteOfDay, timeZone) {
    const wall = Date.UTC(year, month - 1, day) + minuteOfDay * MINUTE;
    const offsets = new Set([offsetMs(wall - DAY, timeZone), offsetMs(wall + DAY, timeZone), offsetMs(wall, timeZone)]);
    const found = new Set();
    for (const off of offsets) {
        const u = wall - off;
        if (wallMs(u, timeZone) === wall)
            found.add(u);
    }
    if (found.size)
        return [...found].sort((x, y) => x - y);
    const candidates = [...offsets].map((off) => wall - off).sort((x, y) => x - y);
    const jump = transitionBetween(candidates[0], candidates[candidates.length - 1], timeZone);
    return jump === undefined ? [] : [jump];
}
function inWindow(ms, timeZone, window) {
    const { startMinute: s, endMinute: e } = window;
    if (s === e)
        return true;
    const m = localMinuteOfDay(ms, timeZone);
    return s < e ? m >= s && m < e : m >= s || m < e;
}
/** The earliest instant at or after `t` that falls inside the local window. */
function nextWindowOpen(t, timeZone, window) {
    if (inWindow(t, timeZone, window))
        return t;
    const p = localParts(t, timeZone);
    let opening;
    for (let k = 0; k < 3 && opening === undefined; k++) {
        for (const u of instantsOfWallTime(p.year, p.month, p.day + k, window.startMinute, timeZone)) {
            if (u > t && inWindow(u, timeZone, window)) {
                opening = u;
                break;
            }
        }
    }
    if (opening === undefined)
        opening = t + DAY;
    // A clock change between now and the opening may itself land inside the
    // window (falling back into it, or jumping over its start): that is earlier.
    const jump = transitionBetween(t, opening, timeZone);
    if (jump !== undefined && jump < opening && inWindow(jump, timeZone, window))
        return jump;
    return opening;
}
/** The first instant of the next local calendar day after `t`. */
function nextLocalMidnight(t, timeZone) {
    // the same for every instant of one local day: daily limits ask it for many
    let byDay = midnights.get(timeZone);
    if (!byDay)
        midnights.set(timeZone, (byDay = new Map()));
    const day = localDayNumber(t, timeZone);
    const hit = byDay.get(day);
    if (hit !== undefined && hit > t)
        return hit;
    const next = findNextLocalMidnight(t, timeZone);
    if (byDay.size >= OFFSET_CACHE_MAX)
        byDay.clear();
    byDay.set(day, next);
    return next;
}
const midnights = new Map();
function findNextLocalMidnight(t, timeZone) {
    const p = localParts(t, timeZone);
    for (let k = 1; k < 3; k++) {
        const first = instantsOfWallTime(p.year, p.month, p.day + k, 0, timeZone).find((u) => u > t);
        if (first !== undefined)
            return first;
    }
    return t + DAY;
}


/***/ }),

/***/ 2277:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   iI: () => (/* binding */ creatorRecheckDue),
/* harmony export */   xm: () => (/* binding */ creatorCacheEntry)
/* harmony export */ });
/* unused harmony export CREATOR_RECHECK_MS */
/* harmony import */ var _plan_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3459);
/* harmony import */ var _plan_public_account_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4628);
/* harmony import */ var _state_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2802);
/* harmony import */ var _rules_rulebook_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3876);




/*
 * Which accounts' creator info is asked again BEFORE the run's one plan
 * (and how an answer is cached).
 *
 * The plan checks a direct post against the creator info cached in the state.
 * A pair blocked by an old cache would stay blocked for good if nothing else
 * asked TikTok about the account (the engine only asks about accounts with
 * work). So an account is asked again first when one of its pairs would be
 * sent but for the cache, and the cache is over an hour old, or says public
 * under an unaudited app (asked every run, so the posts go out on the first
 * run after the account is made private), or TikTok itself refused a post
 * because the account was public and nothing asked since shows it private.
 * The answer is passed on to the engine, which checks the pairs again with it
 * and does not ask a second time.
 *
 * Pure: manifest, state, media facts and now in, account names out.
 */
const CREATOR_RECHECK_MS = 60 * 60 * 1000;
/** TikTok's refusal of a direct post from an unaudited app to a public account */
const PUBLIC_REFUSAL = 'unaudited_client_can_only_post_to_private_accounts';
function creatorRecheckDue(input) {
    const { manifest, state, media, now } = input;
    const names = new Set();
    for (const post of manifest.posts) {
        for (const target of post.targets) {
            const account = target.account;
            if (names.has(account) || target.mode !== 'direct' || !(input.selector ?? (() => true))(account))
                continue;
            if (!Object.prototype.hasOwnProperty.call(manifest.accounts, account))
                continue;
            const facts = media.get(post.id) ?? (post.video.kind === 'url' ? { digest: '' } : undefined);
            if (!facts)
                continue;
            const record = (0,_state_index_js__WEBPACK_IMPORTED_MODULE_1__/* .getRecord */ .EI)(state, post.id, account);
            const entry = (0,_state_index_js__WEBPACK_IMPORTED_MODULE_1__/* .getAccountState */ .zI)(state, account);
            const gate = record ? failedGate(record, (0,_state_index_js__WEBPACK_IMPORTED_MODULE_1__/* .fingerprint */ .Rj)(post, target, facts.digest) !== record.fingerprint, entry) : 'creator';
            if (gate === 'ask' || (gate === 'creator' && staleBlock(input, target, entry, facts)))
                names.add(account);
        }
    }
    return [...names];
}
/**
 * What stands between a recorded pair and the creator check, as the plan
 * decides it: `none` when the pair is not sent whatever the creator allows
 * (in flight, done, needs a person), `ask` when TikTok refused it for a public
 * account and no later answer shows the account private.
 */
function failedGate(record, changed, entry) {
    if (record.status !== 'failed')
        return 'none';
    const code = record.error?.code ?? 'unrecorded';
    const cls = record.error ? (record.error.class ?? (0,_rules_rulebook_js__WEBPACK_IMPORTED_MODULE_2__/* .classifyFailure */ .XE)(code).class) : 'retryable';
    if (cls === 'retryable')
        return record.attempts >= _plan_index_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_MAX_ATTEMPTS */ .Gz && !changed && code !== _rules_rulebook_js__WEBPACK_IMPORTED_MODULE_2__/* .NOT_PUBLISHED */ .nu ? 'none' : 'creator';
    if (code === PUBLIC_REFUSAL && !changed) {
        const checked = Date.parse(entry?.checked_at ?? '');
        const updated = Date.parse(record.updated_at);
        const privateSince = !!entry?.creator && !(0,_plan_public_account_js__WEBPACK_IMPORTED_MODULE_3__/* .isPublicAccount */ .h)(entry.creator) && !Number.isNaN(checked) && checked > (Number.isNaN(updated) ? Infinity : updated);
        return privateSince ? 'creator' : 'ask';
    }
    if (cls === 'cap' || changed)
        return 'creator';
    return 'none';
}
/** The cached creator info blocks the pair, and is old enough (or public) to be asked again. */
function staleBlock(input, target, entry, facts) {
    if (!entry?.creator)
        return false;
    const accountConfig = input.manifest.accounts[target.account];
    const app = Object.prototype.hasOwnProperty.call(input.manifest.apps, accountConfig.app) ? input.manifest.apps[accountConfig.app] : undefined;
    const check = (0,_plan_index_js__WEBPACK_IMPORTED_MODULE_0__/* .checkCreator */ .Jg)({ target, creator: entry.creator, app, facts });
    if (!check.blocked)
        return false;
    const checked = Date.parse(entry.checked_at ?? '');
    return check.blocked.code === 'creator_public' || Number.isNaN(checked) || input.now.getTime() - checked > CREATOR_RECHECK_MS;
}
/** The state's creator cache from a creator_info answer. */
function creatorCacheEntry(info, account, now) {
    return {
        creator: {
            nickname: info.nickname ?? info.username ?? account,
            privacy_level_options: info.privacyLevelOptions,
            max_video_post_duration_sec: info.maxVideoPostDurationSec ?? 600,
            comment_disabled: info.commentDisabled,
            duet_disabled: info.duetDisabled,
            stitch_disabled: info.stitchDisabled
        },
        checked_at: now.toISOString()
    };
}


/***/ }),

/***/ 5518:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FN: () => (/* binding */ expiryWarnings),
/* harmony export */   K1: () => (/* binding */ keepAliveWithin),
/* harmony export */   hV: () => (/* binding */ renderExpiryWarnings),
/* harmony export */   jt: () => (/* binding */ keepAliveDue)
/* harmony export */ });
/* unused harmony export EXPIRY_WARN_MS */
/* harmony import */ var _manifest_model_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5848);
/* harmony import */ var _state_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2802);
/**
 * Keep-alive: TikTok's refresh tokens expire unless used, and a refresh is the
 * only use. An account with nothing to post for months would otherwise die
 * quietly, so a run renews the refresh token of an idle account once its
 * recorded expiry comes within the account's `keep_alive` (default 30 days),
 * and the state keeps each account's expiry date so that plans, summaries and
 * `status` can warn in time about accounts no run will renew.
 *
 * The recorded date is at worst older than the truth (a refresh by `status`,
 * `doctor` or `auth` does not write the state; an apply takes a later date
 * from the token store), which only makes keep-alive renew early: never late.
 */


const DAY = 86_400_000;
/** Plans, summaries and `status` warn this long before a token no run renews expires. */
const EXPIRY_WARN_MS = 14 * DAY;
/** How close to expiry the account's token is renewed, or undefined when keep-alive is off. */
function keepAliveWithin(account) {
    if (account.keepAlive === 'off')
        return undefined;
    return account.keepAlive ?? _manifest_model_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_KEEP_ALIVE_MS */ .J;
}
function recordedExpiry(state, account) {
    const text = (0,_state_index_js__WEBPACK_IMPORTED_MODULE_0__/* .getAccountState */ .zI)(state, account)?.refresh_expires_at;
    if (text === undefined)
        return undefined;
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : ms;
}
/**
 * The selected accounts whose refresh token a run should renew now: keep-alive
 * on, and the recorded expiry within the threshold, or not recorded at all
 * (a state written before expiry dates were kept: one refresh learns it).
 * In manifest order, so runs and tests see one order.
 */
function keepAliveDue(o) {
    const due = [];
    for (const account of Object.values(o.manifest.accounts)) {
        if (!o.selector(account.name))
            continue;
        const within = keepAliveWithin(account);
        if (within === undefined)
            continue;
        const expires = recordedExpiry(o.state, account.name);
        if (expires === undefined || expires - o.now.getTime() <= within)
            due.push(account.name);
    }
    return due;
}
const dateOf = (ms) => new Date(ms).toISOString().slice(0, 10);
/**
 * Accounts whose refresh token has expired, or expires within 14 days with no
 * run able to renew it: keep-alive is off, or the runs cannot save a renewed
 * token (the Action without `secrets-token`; known to this run through
 * `secretsTokenMissing`, to a pull request's plan, which has no secrets,
 * through what the last scheduled run recorded in the state). Pure: state,
 * manifest and `now` in.
 */
function expiryWarnings(o) {
    const out = [];
    const now = o.now.getTime();
    for (const account of Object.values(o.manifest.accounts)) {
        if (!o.selector(account.name))
            continue;
        const expires = recordedExpiry(o.state, account.name);
        if (expires === undefined)
            continue;
        const name = account.name;
        const auth = `\`tiktok-publish auth --account ${name}\``;
        const base = { account: name, expires_at: new Date(expires).toISOString() };
        if (expires <= now) {
            out.push({ ...base, reason: 'expired', message: `the refresh token of account ${name} expired on ${dateOf(expires)}: run ${auth} to authorize it again` });
            continue;
        }
        if (expires - now > EXPIRY_WARN_MS)
            continue;
        const days = Math.ceil((expires - now) / DAY);
        const when = `expires on ${dateOf(expires)} (in ${days} day${days === 1 ? '' : 's'})`;
        if (keepAliveWithin(account) === undefined) {
            out.push({
                ...base,
                reason: 'keep_alive_off',
                message: `the refresh token of account ${name} ${when} and keep_alive is off, so no run renews it: run ${auth} before then, or remove \`keep_alive: off\``
            });
        }
        else if (o.secretsTokenMissing || (0,_state_index_js__WEBPACK_IMPORTED_MODULE_0__/* .getAccountState */ .zI)(o.state, name)?.keep_alive_blocked?.reason === 'secrets_token_missing') {
            out.push({
                ...base,
                reason: 'secrets_token_missing',
                message: `the refresh token of account ${name} ${when} and the workflow has no \`secrets-token\`, so no run can save a renewed token: pass \`secrets-token\` to the scheduled workflow, or run ${auth} before then`
            });
        }
    }
    return out;
}
/** The command line's lines for the warnings: one per account, after the table. */
function renderExpiryWarnings(warnings) {
    return warnings.map((w) => `warning: ${w.message}\n`).join('');
}


/***/ }),

/***/ 7863:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  qU: () => (/* binding */ applyRun),
  Bt: () => (/* binding */ checkStatePath),
  K0: () => (/* binding */ defaultStatePath),
  IV: () => (/* binding */ loadInputs),
  nY: () => (/* binding */ planRun)
});

// UNUSED EXPORTS: accountsToRun, busyAccounts, credentialsFor, declaredSecretNames, idleKeepAliveDue, onlyDeclaredSecrets, readDueMedia, readPlannedMedia

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/errors.ts
var src_errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/manifest/index.ts + 1 modules
var src_manifest = __webpack_require__(2878);
// EXTERNAL MODULE: ./src/media/index.ts + 5 modules
var media = __webpack_require__(3736);
// EXTERNAL MODULE: ./src/media/image.ts
var media_image = __webpack_require__(8029);
// EXTERNAL MODULE: ./src/plan/index.ts + 8 modules
var src_plan = __webpack_require__(3459);
// EXTERNAL MODULE: ./src/select.ts
var src_select = __webpack_require__(5955);
// EXTERNAL MODULE: ./src/manifest/checks.ts
var checks = __webpack_require__(2868);
// EXTERNAL MODULE: ./src/repo-paths.ts
var repo_paths = __webpack_require__(7746);
// EXTERNAL MODULE: ./src/state/index.ts + 1 modules
var state = __webpack_require__(2802);
// EXTERNAL MODULE: ./src/tiktok/tokens.ts
var tiktok_tokens = __webpack_require__(3466);
;// CONCATENATED MODULE: ./src/state/transitions/account.ts
/**
 * TikTok rotated the account's refresh token: record when the new one stops
 * working. The date is what `plan`, `status` and keep-alive read, so it is
 * recorded on every rotation, whatever the run came to do. A rotation also
 * proves the run could save the token, so a recorded block is lifted.
 */
function recordRefreshRotation(entry, rotation) {
    const at = rotation.refreshExpiresAt;
    if (Number.isNaN(at.getTime()))
        throw new Error('recordRefreshRotation: refreshExpiresAt is not a date');
    const next = { ...(entry ?? {}), refresh_expires_at: at.toISOString() };
    delete next.keep_alive_blocked;
    return next;
}
/**
 * The token store knows a later expiry than the state (a token saved by
 * `auth`, or a run that used a cached access token and so never refreshed):
 * record it. Never moves the date back; returns the input when nothing changes.
 */
function recordKnownExpiry(entry, known) {
    const at = known.refreshExpiresAt.getTime();
    if (Number.isNaN(at))
        return entry;
    const recorded = entry?.refresh_expires_at ? Date.parse(entry.refresh_expires_at) : NaN;
    if (!Number.isNaN(recorded) && recorded >= at)
        return entry;
    return { ...(entry ?? {}), refresh_expires_at: known.refreshExpiresAt.toISOString() };
}
/**
 * A run that should have kept the account alive could not (it had no way to
 * save a rotated token). Recorded so that a run without secrets, such as a
 * pull request's plan, can warn. The first `since` is kept: it says how long
 * the account has gone without keep-alive.
 */
function recordKeepAliveBlocked(entry, block) {
    if (entry?.keep_alive_blocked?.reason === block.reason)
        return entry;
    return { ...(entry ?? {}), keep_alive_blocked: { reason: block.reason, since: block.now.toISOString() } };
}
/** The reason is gone (e.g. the run now has a `secrets-token`), whether or not it refreshed. */
function clearKeepAliveBlocked(entry) {
    if (!entry?.keep_alive_blocked)
        return entry;
    const next = { ...entry };
    delete next.keep_alive_blocked;
    return next;
}

;// CONCATENATED MODULE: ./src/publish/checkpoint.ts
class Checkpointer {
    sink;
    inflight;
    next;
    reasons = [];
    saves = 0;
    constructor(sink) {
        this.sink = sink;
    }
    /** Resolves when a save that started after this call has completed. */
    checkpoint(reason) {
        this.reasons.push(reason);
        if (!this.next) {
            const previous = this.inflight ?? Promise.resolve();
            this.next = previous
                .catch(() => undefined)
                .then(async () => {
                this.next = undefined;
                const reasons = this.reasons.splice(0);
                const save = this.sink.save(reasons);
                this.inflight = save;
                this.saves++;
                try {
                    await save;
                }
                finally {
                    if (this.inflight === save)
                        this.inflight = undefined;
                }
            });
        }
        return this.next;
    }
}

// EXTERNAL MODULE: ./src/rules/exceptions.ts
var exceptions = __webpack_require__(269);
// EXTERNAL MODULE: ./src/publish/creator-recheck.ts
var creator_recheck = __webpack_require__(2277);
// EXTERNAL MODULE: ./src/publish/keep-alive.ts
var keep_alive = __webpack_require__(5518);
;// CONCATENATED MODULE: ./src/publish/run.ts
















function defaultStatePath(manifestPath) {
    return external_node_path_default().join(external_node_path_default().dirname(manifestPath), 'tiktok.state.json');
}
/**
 * Everything a run needs from disk, validated before any network call: the
 * manifest, the videos of posts with work (readDueMedia), and the state. All
 * problems are reported at once so a person fixes them in one go.
 */
async function loadInputs(settings) {
    const manifestPath = external_node_path_default().resolve(settings.manifestPath);
    const statePath = external_node_path_default().resolve(settings.statePath ?? defaultStatePath(manifestPath));
    const selector = (0,src_select/* accountSelector */.jZ)({ accounts: settings.accounts, shard: settings.shard });
    const manifest = await (0,src_manifest/* loadManifest */.eY)(manifestPath, { root: settings.root });
    checkStatePath(statePath, settings.stateRoot ?? manifest.root);
    const [videos, photos, loaded] = await Promise.all([(0,media/* scanManifestVideos */.Fi)(manifest), (0,media_image/* checkManifestPhotos */.lz)(manifest), (0,state/* loadState */.C7)(statePath)]);
    const errors = [...videos.errors];
    let inputs = {
        manifest,
        statePath,
        state: loaded.state,
        stateExists: loaded.exists,
        media: new Map(),
        videos,
        mediaOptions: { fetchLfs: settings.fetchLfs, logger: settings.logger },
        photos: photos.facts,
        selector
    };
    if (!settings.deferMedia) {
        try {
            inputs = await readDueMedia(inputs, settings.now ?? new Date());
        }
        catch (error) {
            if (!(error instanceof src_errors/* UserErrors */.tQ))
                throw error;
            errors.push(...error.errors);
        }
    }
    errors.push(...photos.errors);
    if (errors.length)
        throw new src_errors/* UserErrors */.tQ(errors);
    return inputs;
}
/** A record that needs no video any more: done at TikTok, or left for a person to settle. */
function settled(state, post, account) {
    const status = Object.prototype.hasOwnProperty.call(state.posts, post) ? state.posts[post][account]?.status : undefined;
    return status === 'published' || status === 'inbox' || status === 'unknown';
}
/**
 * Reads the facts of the videos the run has work for, and no others: a post
 * whose selected pairs are all published (or left to a person) is never read,
 * so its video may be a Git LFS pointer, or gone once its records keep its
 * digest. A video in the work tree is read for any pair with work (waiting
 * ones too: reading headers is cheap and gives the plan its duration checks);
 * a Git LFS pointer only for a pair that is due at `now`, or that a pull
 * request changed (`changed`: paths), since fetching costs a download. A
 * waiting pair's pointer is planned from its digest alone until it is due.
 */
async function readDueMedia(inputs, now, o = {}) {
    const scan = inputs.videos;
    if (!scan)
        return inputs;
    const want = new Set();
    const pointers = new Map();
    for (const post of inputs.manifest.posts) {
        if (post.video.kind !== 'file' || inputs.media.has(post.id))
            continue;
        const file = scan.files.get(post.video.path);
        if (!file || file.errors.length)
            continue;
        if (!post.targets.some((t) => inputs.selector(t.account) && !settled(inputs.state, post.id, t.account)))
            continue;
        if (file.pointer && !o.changed?.has(file.relPath))
            pointers.set(post.id, file.relPath);
        else
            want.add(file.relPath);
    }
    if (pointers.size) {
        // only the plan knows which of them are due now
        for (const a of planRun(inputs, now).actions) {
            const rel = pointers.get(a.post);
            if (rel !== undefined && (0,src_plan/* hasWork */.OJ)(a))
                want.add(rel);
        }
    }
    return readVideos(inputs, want);
}
/**
 * The videos of the plan's due pairs that were not read yet (the plan was
 * made at another time, or with a state that changed since loadInputs):
 * read now, or undefined when there were none.
 */
async function readPlannedMedia(inputs, plan) {
    if (!inputs.videos)
        return undefined;
    const want = new Set();
    const posts = new Map(inputs.manifest.posts.map((p) => [p.id, p]));
    for (const a of plan.actions) {
        const video = posts.get(a.post)?.video;
        if ((0,src_plan/* hasWork */.OJ)(a) && video?.kind === 'file' && !inputs.media.has(a.post))
            want.add(video.path);
    }
    return want.size ? readVideos(inputs, want) : undefined;
}
async function readVideos(inputs, paths) {
    if (paths.size === 0)
        return inputs;
    const read = await (0,media/* readVideoFacts */.ri)(inputs.videos, paths, inputs.mediaOptions);
    if (read.errors.length)
        throw new src_errors/* UserErrors */.tQ(read.errors);
    return { ...inputs, media: new Map([...inputs.media, ...read.facts]) };
}
/**
 * The digest of every file video for the planner, read or not: the scan's
 * (git's blob id, a Git LFS pointer's own), or, for a file no longer in the
 * work tree, the one its records kept when it was sent.
 */
function plannerDigests(inputs) {
    const out = new Map();
    const scan = inputs.videos;
    if (!scan)
        return out;
    for (const [post, rel] of scan.pathOf) {
        const file = scan.files.get(rel);
        if (file?.digest) {
            out.set(post, { digest: file.digest });
            continue;
        }
        if (!file?.missing || !Object.prototype.hasOwnProperty.call(inputs.state.posts, post))
            continue;
        const kept = Object.values(inputs.state.posts[post])
            .map((r) => r.video?.digest)
            .find((d) => d !== undefined);
        if (kept)
            out.set(post, { digest: kept });
    }
    return out;
}
/**
 * The state file is the repository's like the manifest: it must resolve
 * inside `root` (the repository, or a state branch's work tree) and outside
 * `.git/`. Checked before it is read, locked or written.
 */
function checkStatePath(statePath, root) {
    const misplaced = (0,repo_paths/* checkRepositoryPath */.CS)({
        what: 'the state file',
        file: statePath,
        root,
        location: { file: statePath, line: 1, column: 1 },
        fix: 'keep the state file inside the repository (default: tiktok.state.json beside the manifest), outside `.git/`'
    });
    if (misplaced)
        throw misplaced;
}
function planRun(inputs, now) {
    return (0,src_plan/* plan */.et)({ manifest: inputs.manifest, state: inputs.state, media: planMedia(inputs), now, options: { accounts: inputs.selector } });
}
/** The planner needs one digest per post, read or not: a carousel's stands for all its images. */
function planMedia(inputs) {
    const media = plannerDigests(inputs);
    for (const [id, facts] of inputs.media)
        media.set(id, facts);
    for (const [id, facts] of inputs.photos ?? [])
        media.set(id, { digest: facts.digest });
    return media;
}
/** Every secret name the manifest declares: the only names a run may look up. */
function declaredSecretNames(manifest) {
    const names = new Set();
    for (const app of Object.values(manifest.apps))
        names.add(app.clientKeySecret).add(app.clientSecretSecret);
    for (const account of Object.values(manifest.accounts))
        names.add(account.refreshTokenSecret);
    return names;
}
/**
 * A source that answers only for names the manifest declares, and never for
 * the runner's own variables (ACTIONS_*, GITHUB_*, INPUT_*, RUNNER_*): the
 * manifest is the repository's, and a lookup that fell through to any
 * environment variable would let it have the runner's tokens sent to TikTok.
 */
function onlyDeclaredSecrets(manifest, source) {
    const declared = declaredSecretNames(manifest);
    return (name) => (declared.has(name) && !(0,checks/* isRunnerName */.oB)(name) ? source(name) : undefined);
}
/**
 * The credentials of every account that has work, checked before any call so a
 * missing secret never leaves a half-done run.
 */
function credentialsFor(manifest, accounts, secrets) {
    const errors = [];
    const out = new Map();
    for (const name of accounts) {
        const account = manifest.accounts[name];
        const app = manifest.apps[account.app];
        const missing = [app.clientKeySecret, app.clientSecretSecret].filter((s) => !secrets(s));
        for (const secret of missing) {
            errors.push(new src_errors/* UserError */.yo(`secret ${secret} (app ${app.name}, used by account ${name}) is not set`, {
                location: app.location,
                fix: `set ${secret} in the environment; in a workflow, add \`${secret}: \${{ secrets.${secret} }}\` under the tiktok-publish step's \`env:\` (and create the repository secret)`
            }));
        }
        if (missing.length)
            continue;
        out.set(name, {
            name,
            clientKey: secrets(app.clientKeySecret),
            clientSecret: secrets(app.clientSecretSecret),
            seedRefreshToken: secrets(account.refreshTokenSecret)
        });
    }
    if (errors.length)
        throw new src_errors/* UserErrors */.tQ(errors);
    return out;
}
/** The accounts the plan gives work to (the plan's one test, hasWork): their tokens are refreshed by the engine itself. */
function busyAccounts(plan) {
    return [...new Set(plan.actions.filter(src_plan/* hasWork */.OJ).map((a) => a.account))];
}
/**
 * The accounts a run must call TikTok for: those the plan gives work (in-flight
 * orphans included) and those whose creator info is due a fresh look, whose
 * blocked pairs go out only once TikTok is asked again.
 */
function accountsToRun(inputs, plan, now) {
    const recheck = creatorRecheckDue({ manifest: inputs.manifest, state: inputs.state, media: planMedia(inputs), now, selector: inputs.selector });
    return [...new Set([...busyAccounts(plan), ...recheck])];
}
/** Selected accounts with no work whose refresh token is due for keep-alive (see keep-alive.ts). */
function idleKeepAliveDue(inputs, plan, now) {
    const busy = new Set(busyAccounts(plan));
    return (0,keep_alive/* keepAliveDue */.jt)({ manifest: inputs.manifest, state: inputs.state, now, selector: inputs.selector }).filter((name) => !busy.has(name));
}
/**
 * The publish run: the facts the plan reads are brought up to date first (the
 * token store's expiry dates, the due videos, stale creator info), then the
 * one plan the engine applies, with the state made durable by `sink`. A look
 * ahead at the plan only picks which videos to read; nothing applies it.
 */
async function applyRun(options) {
    const o = { ...options, secrets: onlyDeclaredSecrets(options.inputs.manifest, options.secrets) };
    const box = { current: o.inputs.state };
    // The store may know a later expiry than the state (after `auth`, or when
    // runs used a cached access token): learned before deciding what is due.
    await learnKnownExpiries(o, box);
    // checked before any call: a missing secret never leaves a half-done run
    const recheck = (0,creator_recheck/* creatorRecheckDue */.iI)({ manifest: o.inputs.manifest, state: box.current, media: planMedia(o.inputs), now: o.clock.now(), selector: o.inputs.selector });
    const credentials = new Map();
    addCredentials(o, credentials, recheck);
    // due videos not read yet (the plan's time or state is not loadInputs'): read
    // before any token is touched. This look ahead only picks what to read.
    const ahead = planRun({ ...o.inputs, state: box.current }, o.clock.now());
    const read = await readPlannedMedia({ ...o.inputs, state: box.current }, ahead);
    if (read)
        o.inputs = { ...read, state: o.inputs.state };
    // the engine and the HTTP client (undici) load here, not with loadInputs: `validate` and `plan` never need them
    const [{ TikTokClient }, { runEngine }] = await Promise.all([Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(962)]).then(__webpack_require__.bind(__webpack_require__, 7962)), Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(606), __webpack_require__.e(551)]).then(__webpack_require__.bind(__webpack_require__, 551))]);
    const client = new TikTokClient({ baseUrl: o.apiBaseUrl, clock: o.clock, logger: o.logger, rateLimits: o.rateLimits, random: o.random });
    const tokens = new tiktok_tokens/* TokenManager */.tC({
        client,
        store: o.tokenStore,
        clock: o.clock,
        logger: o.logger,
        onSecret: o.onSecret,
        // every rotation, whatever the run came for: the expiry date is what keep-alive and the warnings read
        onRefreshed: (name, rotation) => {
            box.current = (0,state/* setAccountState */.n2)(box.current, name, recordRefreshRotation((0,state/* getAccountState */.zI)(box.current, name), rotation));
        }
    });
    const checkpointer = new Checkpointer(o.sink(box));
    try {
        const fresh = await refreshCreatorInfo(o, box, recheck, client, tokens, credentials);
        // The plan the engine applies, made from the facts as they now are; the
        // look ahead stands when nothing it was made from changed since.
        let plan = read || fresh.size ? planRun({ ...o.inputs, state: box.current }, o.clock.now()) : ahead;
        if (fresh.size) {
            // a pair the fresh answer unblocked may need a video the look ahead did not read
            const unread = await readPlannedMedia({ ...o.inputs, state: box.current }, plan);
            if (unread) {
                o.inputs = { ...unread, state: o.inputs.state };
                plan = planRun({ ...o.inputs, state: box.current }, o.clock.now());
            }
        }
        addCredentials(o, credentials, busyAccounts(plan));
        // idle accounts renewed before the engine, so its final save carries the
        // new dates: one state write (one commit in the Action) for the whole run
        const due = idleKeepAliveDue({ ...o.inputs, state: box.current }, plan, o.clock.now());
        const keepAlive = await renewIdleAccounts(o, due, tokens, credentials);
        const result = await runEngine({
            manifest: o.inputs.manifest,
            box,
            checkpointer,
            media: o.inputs.media,
            client,
            tokens: {
                accessTokenFor: async (account) => {
                    const token = await tokens.accessTokenFor(credentials.get(account.name));
                    return { token, scopes: tokens.scopesOf(account.name) };
                },
                invalidate: (account) => tokens.invalidate(account.name)
            },
            clock: o.clock,
            logger: o.logger,
            runId: o.runId,
            approvedBy: o.approvedBy,
            timeBudgetMs: o.timeBudgetMs,
            plan,
            creatorInfo: fresh,
            pollIntervalsMs: o.pollIntervalsMs,
            onUploadProgress: o.onUploadProgress,
            uploads: o.uploads,
            chunkSizeBytes: o.chunkSizeBytes,
            accountConcurrency: o.accountConcurrency,
            photos: o.inputs.photos,
            servedRewrite: o.servedRewrite
        });
        return { ...result, failed: result.failed || keepAlive.failed.length > 0, state: box.current, saves: checkpointer.saves, keepAlive };
    }
    finally {
        await client.close();
    }
}
/** The credentials of these accounts, checked (all missing secrets at once) and added to `into`. */
function addCredentials(o, into, accounts) {
    for (const [name, c] of credentialsFor(o.inputs.manifest, accounts.filter((n) => !into.has(n)), o.secrets)) {
        o.onSecret?.(c.clientSecret);
        into.set(name, c);
    }
}
/**
 * The store may know a later expiry than the state (after `auth`, or when
 * runs used a cached access token): learn it before deciding what is due.
 */
async function learnKnownExpiries(o, box) {
    if (!o.tokenStore.getRefreshExpiry)
        return;
    for (const name of Object.keys(o.inputs.manifest.accounts).filter(o.inputs.selector)) {
        const known = await o.tokenStore.getRefreshExpiry(name).catch(() => undefined);
        if (!known)
            continue;
        const entry = (0,state/* getAccountState */.zI)(box.current, name);
        const next = recordKnownExpiry(entry, { refreshExpiresAt: known });
        if (next && next !== entry)
            box.current = (0,state/* setAccountState */.n2)(box.current, name, next);
    }
}
/**
 * Asks TikTok again about accounts whose cached creator info would block a
 * pair (see creator-recheck.ts), before the plan reads it. The answers go to
 * the engine too, which checks each pair with them instead of asking again.
 * An answer that cannot be had leaves the cache as it was: the plan blocks.
 */
async function refreshCreatorInfo(o, box, accounts, client, tokens, credentials) {
    const fresh = new Map();
    for (const name of accounts) {
        try {
            const info = await client.creatorInfo(await tokens.accessTokenFor(credentials.get(name)));
            box.current = (0,state/* setAccountState */.n2)(box.current, name, { ...((0,state/* getAccountState */.zI)(box.current, name) ?? {}), ...(0,creator_recheck/* creatorCacheEntry */.xm)(info, name, o.clock.now()) });
            fresh.set(name, info);
        }
        catch (error) {
            // TikTok's or the network's refusal leaves the cache as it was; a bug stops the run
            if ((0,exceptions/* isBug */.X)(error))
                throw error;
            o.logger.warn(`${name}: could not refresh the creator info (${error instanceof Error ? error.message : String(error)})`);
        }
    }
    return fresh;
}
/**
 * Refreshes each idle account whose token is due, through the one client (so
 * with its back-off) and the token manager (so the rotated token is saved
 * before anything else, one refresh per account at a time). A failure is the
 * account's, reported with its fix; it never stops the run's posts.
 */
async function renewIdleAccounts(o, due, tokens, credentials) {
    const out = { renewed: [], failed: [] };
    for (const name of due) {
        const expires = (0,state/* getAccountState */.zI)(o.inputs.state, name)?.refresh_expires_at;
        let creds = credentials.get(name);
        if (!creds) {
            try {
                creds = credentialsFor(o.inputs.manifest, [name], o.secrets).get(name);
            }
            catch (error) {
                // The run has no app secrets for this idle account (e.g. a shard's
                // workflow given only its own): it cannot renew it, and nothing it does
                // depends on the account, so this is said, not failed.
                const message = error instanceof src_errors/* UserErrors */.tQ ? error.errors.map((e) => e.message).join('; ') : error instanceof Error ? error.message : String(error);
                o.logger.warn(`keep-alive: cannot renew the refresh token of idle account ${name}: ${message}`);
                continue;
            }
        }
        try {
            o.onSecret?.(creds.clientSecret);
            if (!creds.seedRefreshToken && !(await o.tokenStore.getRefreshToken(name))) {
                // an account declared before anyone authorized it: nothing to keep alive
                o.logger.info(`keep-alive: account ${name} has no refresh token yet; nothing to renew`);
                continue;
            }
            await tokens.renew(creds);
            out.renewed.push(name);
            o.logger.info(`keep-alive: renewed the refresh token of idle account ${name}${expires ? ` (it was to expire ${expires})` : ''}`);
        }
        catch (error) {
            const message = error instanceof src_errors/* UserErrors */.tQ ? error.errors.map((e) => e.format()).join('; ') : error instanceof src_errors/* UserError */.yo ? error.format() : error instanceof Error ? error.message : String(error);
            out.failed.push({ account: name, message });
            // an error, not a warning: the account needs a person and the run exits 1
            o.logger.error(`keep-alive could not renew the refresh token of account ${name}: ${message}`);
        }
    }
    return out;
}


/***/ }),

/***/ 269:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ isBug)
/* harmony export */ });
/* unused harmony export exceptionKind */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _tiktok_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1599);


/** errors other parts of the project or Node raise for the network or the machine, by name */
const NETWORK_NAMES = new Set(['NetworkError', 'AbortError', 'TimeoutError', 'GitError', 'HttpError', 'RequestError']);
function exceptionKind(error) {
    if (error instanceof _tiktok_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TikTokApiError */ .r9 || error instanceof _tiktok_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TikTokAuthError */ .Tn)
        return 'tiktok';
    if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isUserError */ .iU)(error))
        return 'user';
    // by shape, not instanceof: Node's DOMException and errors of other realms are not this realm's Error
    if (typeof error !== 'object' || error === null)
        return 'bug';
    const { name, message, code, cause } = error;
    if (typeof name === 'string' && NETWORK_NAMES.has(name))
        return 'network';
    // Node's system errors (ENOENT, ECONNRESET, EIO …) and undici's (UND_ERR_…)
    if (typeof code === 'string' && /^(E[A-Z0-9]+|UND_ERR_[A-Z_]+)$/.test(code))
        return 'network';
    // fetch's own failure is a TypeError that carries the socket's error
    if (name === 'TypeError' && message === 'fetch failed' && cause !== undefined)
        return 'network';
    return 'bug';
}
function isBug(error) {
    return exceptionKind(error) === 'bug';
}


/***/ }),

/***/ 3876:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Od: () => (/* binding */ scopeOf),
/* harmony export */   P7: () => (/* binding */ isAppWideCap),
/* harmony export */   Qi: () => (/* binding */ FAIL_CLASSES),
/* harmony export */   XE: () => (/* binding */ classifyFailure),
/* harmony export */   hr: () => (/* binding */ classifyFailReason),
/* harmony export */   iK: () => (/* binding */ holdUntil),
/* harmony export */   nu: () => (/* binding */ NOT_PUBLISHED),
/* harmony export */   w2: () => (/* binding */ classifyErrorCode)
/* harmony export */ });
/* unused harmony exports SCOPES, HOLD_MS, RULES, FAIL_REASON_ORDER, FAIL_REASONS, ERROR_CODES, CLIENT_ERROR_CODES, ruleFor */
/**
 * The rulebook: what every answer TikTok can give means for tiktok-publish,
 * in one place. For each error code, `fail_reason` and OAuth error, and for
 * the few codes the project writes into a record itself: its class (what the
 * next run does), its scope (who else it is about), how long a cap holds,
 * and the advice a person reads. The planner, the engine, the state schema,
 * the CLI and docs/TROUBLESHOOTING.md (a generated section) all read it; the
 * TikTok client only parses answers into codes.
 */
/**
 * What a failure means for the next run. The planner decides from the class
 * alone whether a failed pair is retried, waits, or needs a person.
 *
 * - `retryable`: transient; retried with back-off, up to a maximum of attempts.
 * - `fix_media`: the post's content is at fault (the video, or the caption TikTok
 *   judged risky). Retrying it unchanged fails again; changing the post in the
 *   manifest (a new fingerprint) lets it be published again.
 * - `needs_person`: only a person can fix it (re-authorize, change a setting in
 *   the TikTok app or the developer portal). Never retried automatically.
 * - `cap`: a quota was hit. Not a failure: the pair waits for a later run.
 */
const FAIL_CLASSES = ['retryable', 'fix_media', 'needs_person', 'cap'];
/**
 * Who else an answer is about. `post`: this post alone. `account`: every other
 * post of the account would get the same answer now, so none is tried this run.
 * `app`: every account of the app.
 */
const SCOPES = (/* unused pure expression or super */ null && (['post', 'account', 'app']));
const HOLD_MS = { day: 24 * 60 * 60 * 1000 };
/** A person's `resolve --not-published`: the pair goes out again, with fresh attempts. */
const NOT_PUBLISHED = 'not_published';
const REAUTH = 'run `tiktok-publish auth` for this account again';
const AUTH_AGAIN = '`tiktok-publish auth --account NAME` again';
const INTERNAL_ADVICE = 'TikTok had an internal error; the next run retries it';
const FIELD_ADVICE = 'TikTok rejected a field of the request (the message says which): check the post in the manifest';
const BANNED_ADVICE = 'TikTok does not let this user post now: check the account in the TikTok app';
const DAILY_CAP_ADVICE = "the creator reached TikTok's daily post cap; it is posted on a later day";
/** Codes of the posting and status endpoints, and the 13 `fail_reason`s of status/fetch. */
const TIKTOK = {
    invalid_param: {
        origins: ['posting'], http: '400', class: 'needs_person', advice: FIELD_ADVICE,
        cause: "a field of the request is missing or wrong; TikTok's message says which",
        fix: 'check the post in the manifest (caption, privacy, cover_ms, video); if the manifest is valid, report it with the log_id'
    },
    invalid_params: {
        origins: ['posting'], http: '400', class: 'needs_person', advice: FIELD_ADVICE,
        cause: "the same, as TikTok's general error page spells it",
        fix: 'as `invalid_param`'
    },
    invalid_file_upload: {
        origins: ['posting'], http: '400', class: 'needs_person',
        advice: 'TikTok rejected the file upload: check that the video file is complete and not a Git LFS pointer',
        cause: 'TikTok rejected the upload (content type or the file itself)',
        fix: 'check the video is complete and not a Git LFS pointer (the Action fetches due LFS videos itself; locally run `git lfs pull`)'
    },
    scope_permission_missed: {
        origins: ['posting'], http: '400', class: 'needs_person', scope: 'account',
        advice: `the account did not grant a scope this needs: ${REAUTH}`,
        cause: 'the token lacks a scope this call needs',
        fix: `${AUTH_AGAIN} and grant every scope`
    },
    access_token_invalid: {
        origins: ['posting', 'status'], http: '401', class: 'retryable', scope: 'account',
        advice: 'the access token expired or is unknown; it is refreshed and the call retried',
        cause: 'the access token expired early or was revoked',
        fix: 'none: the token is refreshed and the call repeated once; if it keeps happening, run `auth` again'
    },
    scope_not_authorized: {
        origins: ['posting', 'status'], http: '401', class: 'needs_person', scope: 'account',
        advice: `the account did not grant the scope this needs (video.publish or video.upload): ${REAUTH}`,
        cause: 'the user did not grant `video.publish` (direct) or `video.upload` (inbox)',
        fix: '`tiktok-publish auth --account NAME` and grant every scope; `doctor` lists what is granted'
    },
    spam_risk_too_many_posts: {
        origins: ['posting', 'fail_reason'], http: '403', class: 'cap', scope: 'account', hold: 'local_day', advice: DAILY_CAP_ADVICE,
        cause: "the creator hit TikTok's daily post cap (shared by all apps; TikTok gives no fixed number, and this tool plans at most 15 a day, its own conservative default: [TIKTOK.md](TIKTOK.md#limits))",
        fix: "none: the account waits until its next local midnight and it is posted on a later day; lower `limits.posts_per_day` to stay under it",
        failReasonDoc: { cause: "the creator's daily post cap", fix: 'none: the account waits until its next local midnight; posted on a later day' }
    },
    spam_risk_user_banned_from_posting: {
        origins: ['posting', 'fail_reason'], http: '403', class: 'needs_person', scope: 'account', advice: BANNED_ADVICE,
        cause: 'TikTok does not let this user post now',
        fix: 'check the account in the TikTok app; settle the pair with `resolve` when it can post again',
        failReasonDoc: { cause: 'TikTok does not let this user post now', fix: 'check the account in the TikTok app' }
    },
    spam_risk_too_many_pending_share: {
        origins: ['posting'], http: '403', class: 'cap', scope: 'account', hold: 'day',
        advice: 'the creator has 5 drafts waiting in the TikTok inbox from the last 24 h; it is uploaded once one drops out',
        cause: "too many inbox drafts are still waiting in the creator's inbox (TikTok gives no fixed number; this tool sends at most 5 per 24 h, its own conservative default)",
        fix: 'none: the account waits 24 h and it is uploaded once one is 24 h old; the creator can also post or delete pending drafts'
    },
    reached_active_user_cap: {
        origins: ['posting'], http: '403', class: 'cap', scope: 'app', hold: 'run',
        advice: 'the app used up its daily quota of posting accounts; every account of this app waits for a later run',
        cause: 'the app used up its daily quota of posting accounts (unaudited: 5 direct-posting accounts per 24 h)',
        fix: 'none: every account of the app waits for a later run; use fewer accounts per day, or get the app audited'
    },
    unaudited_client_can_only_post_to_private_accounts: {
        origins: ['posting'], http: '403', class: 'needs_person', scope: 'account',
        advice: 'the app is not audited, so it may only post to private accounts: set the account to private in the TikTok app',
        cause: 'the app is not audited and the **account** is public',
        fix: 'set the account to private in the TikTok app (Settings → Privacy), or use `mode: inbox`; see [GUIDE.md](GUIDE.md#unaudited-apps). tiktok-publish normally refuses such a post itself before asking TikTok (`creator_public`, from the creator info it asks each run); once the account is private the next run posts it, no `resolve` needed'
    },
    url_ownership_unverified: {
        origins: ['posting'], http: '403', class: 'needs_person',
        advice: "the video URL's domain or prefix is not verified for this app: verify the prefix in TikTok's developer portal (and list it in the app's pull_prefixes)",
        cause: 'PULL_FROM_URL from a domain or prefix not verified for the app',
        fix: "verify the prefix in TikTok's developer portal and list it in the app's `pull_prefixes`, or use a repository file"
    },
    privacy_level_option_mismatch: {
        origins: ['posting'], http: '403', class: 'needs_person',
        advice: "the post's privacy is not one the creator offers: choose one of the creator's privacy options in the manifest",
        cause: "the post's privacy is not one the creator offers (e.g. `PUBLIC_TO_EVERYONE` on a private account, or anything but `SELF_ONLY` on an unaudited app)",
        fix: "choose one of the creator's privacy options (`doctor` lists them)"
    },
    rate_limit_exceeded: {
        origins: ['posting', 'status'], http: '429', class: 'retryable',
        advice: 'TikTok rate-limited the requests; it is retried after a pause',
        cause: 'the per-token rate limit was hit',
        fix: 'none: retried after a pause (honouring `Retry-After`)'
    },
    internal_error: {
        origins: ['posting', 'status'], http: '5xx', class: 'retryable', advice: INTERNAL_ADVICE,
        cause: 'TikTok had an internal error',
        fix: "none: retried with back-off. On a repository file's (FILE_UPLOAD) **init** it is retried in the run too: the publish_id an unanswered init may have created never receives a byte, so it can never become a post. On a PULL_FROM_URL init it is ambiguous (TikTok may be downloading): the claim is reconciled instead of posted again, or becomes `unknown` — see below"
    },
    internal: {
        origins: ['posting', 'status', 'fail_reason'], http: '5xx', class: 'retryable', advice: INTERNAL_ADVICE,
        cause: 'the same, as some pages spell it',
        fix: 'as `internal_error`',
        failReasonDoc: { cause: 'TikTok had an internal error', fix: 'none: the next run retries it' }
    },
    invalid_publish_id: {
        origins: ['status'], http: '400', class: 'needs_person',
        advice: 'TikTok does not know this publish_id: check the account in the TikTok app, then settle it with `tiktok-publish resolve`',
        cause: 'status fetch: TikTok does not know this publish_id',
        fix: 'check the account in the TikTok app, then `tiktok-publish resolve POST ACCOUNT --published VIDEO_ID` or `--not-published`'
    },
    token_not_authorized_for_specified_publish_id: {
        origins: ['status'], http: '400', class: 'needs_person',
        advice: "the publish_id belongs to another account or app: check the account's refresh token secret, then settle it with `tiktok-publish resolve`",
        cause: 'status fetch: the publish_id belongs to another account or app',
        fix: "check that the account's `refresh_token` secret belongs to this account; then `resolve`"
    },
    publish_not_cancellable: {
        origins: ['cancel'], http: '400', class: 'needs_person',
        advice: 'TikTok could not cancel it: the download already finished or is processing; let it finish, or delete the post in the TikTok app',
        cause: 'cancel: the download already finished or is processing',
        fix: 'nothing to cancel; let it finish, or delete the post in the TikTok app'
    },
    app_version_check_failed: {
        origins: ['posting'], http: '400', class: 'needs_person',
        advice: 'the creator must update the TikTok app (31.8 or later) to receive drafts',
        cause: 'a draft (MEDIA_UPLOAD) needs TikTok app 31.8 or later',
        fix: 'the creator updates the TikTok app'
    },
    file_format_check_failed: {
        origins: ['fail_reason'], class: 'fix_media',
        advice: 'TikTok could not read the video format: re-encode it as MP4 (H.264), WebM or MOV and change the post',
        cause: 'TikTok could not read the video format',
        fix: 're-encode as MP4 (H.264), WebM or MOV, and change the post'
    },
    duration_check_failed: {
        origins: ['fail_reason'], class: 'fix_media',
        advice: "the video is longer than the creator may post: shorten it below the creator's maximum duration",
        cause: 'the video is longer than the creator may post',
        fix: "shorten it below the creator's `max_video_post_duration_sec` (`doctor` shows it)"
    },
    frame_rate_check_failed: {
        origins: ['fail_reason'], class: 'fix_media',
        advice: 'the frame rate is outside 23–60 fps: re-encode the video at a frame rate TikTok accepts',
        cause: 'frame rate outside 23–60 fps',
        fix: 're-encode at a frame rate TikTok accepts'
    },
    picture_size_check_failed: {
        origins: ['fail_reason'], class: 'fix_media',
        advice: 'the picture size is outside 360–4096 px per side: re-encode the video at a size TikTok accepts',
        cause: 'width or height outside 360–4096 px',
        fix: 're-encode at a size TikTok accepts'
    },
    video_pull_failed: {
        origins: ['fail_reason'], class: 'retryable',
        advice: 'TikTok could not download the video from its URL: make sure it is reachable over https, without redirects, for an hour; the next run retries it',
        cause: 'TikTok could not download the video from its URL',
        fix: 'make it reachable over https, without redirects, for an hour after init; the next run retries it. Consider a repository file (FILE_UPLOAD) instead'
    },
    photo_pull_failed: {
        origins: ['fail_reason'], class: 'retryable',
        advice: 'TikTok could not download the images from their URLs: make sure they are reachable over https, without redirects; the next run retries it',
        cause: 'TikTok could not download the images',
        fix: 'make them reachable over https without redirects; retried'
    },
    publish_cancelled: {
        origins: ['fail_reason'], class: 'needs_person',
        advice: 'the upload was cancelled; to post it again run `tiktok-publish resolve POST ACCOUNT --not-published` after checking the account',
        cause: 'the upload was cancelled',
        fix: 'check the account; `tiktok-publish resolve POST ACCOUNT --not-published` to post it again'
    },
    auth_removed: {
        origins: ['fail_reason'], class: 'needs_person', scope: 'account',
        advice: `the creator revoked this app's access: ${REAUTH}`,
        cause: "the creator revoked the app's access",
        fix: AUTH_AGAIN
    },
    spam_risk: {
        // TikTok's risk verdict is about the account as much as the post: its other posts wait for a person too
        origins: ['fail_reason'], class: 'needs_person', scope: 'account',
        advice: 'TikTok judged the post risky and it must not be retried as is: check the account and the post in the TikTok app',
        cause: 'TikTok judged the post risky; do not retry as is',
        fix: 'check the account and the post in the TikTok app'
    },
    spam_risk_text: {
        origins: ['fail_reason'], class: 'fix_media',
        advice: 'TikTok judged the caption risky: change the caption',
        cause: 'TikTok judged the caption risky',
        fix: 'change the caption'
    }
};
const TRANSIENT_OAUTH = 'retried automatically; run again later';
/** Errors of POST /v2/oauth/token/ and the authorize redirect. A token that cannot be had stops the account's posts. */
const OAUTH = {
    access_denied: {
        origins: ['oauth'], class: 'needs_person', scope: 'account',
        advice: 'the account owner chose not to authorize: run `tiktok-publish auth` again and choose Authorize',
        cause: 'the account owner chose not to authorize',
        fix: 'run `auth` again and choose Authorize'
    },
    invalid_client: {
        origins: ['oauth'], class: 'needs_person', scope: 'app',
        advice: "check the app's client key and client secret",
        cause: 'the client key or secret is wrong',
        fix: 'check `TIKTOK_CLIENT_KEY` / `TIKTOK_CLIENT_SECRET` (the values, from the developer portal)'
    },
    invalid_grant: {
        origins: ['oauth'], class: 'needs_person', scope: 'account',
        advice: `the refresh token is expired, revoked or was already rotated: ${REAUTH}`,
        cause: 'the refresh token expired (180 days), was revoked, or was **already used** (rotation: another run or machine refreshed first); for a code: expired, used, or the redirect URI / PKCE verifier did not match',
        fix: 'In the Action, when the message says *most likely another run rotated it after this run was queued*: nothing is wrong with the account — the secret already holds the new token; run the workflow again, and put the apply job in an environment with `secrets-environment` so queued runs read the token when they start. Otherwise `tiktok-publish auth --account NAME` and store the new token. Keep one copy of each refresh token: a local store and a repository secret that refresh apart kill each other. (On the command line a run that finds a newer token in the store uses it by itself.)'
    },
    invalid_request: {
        origins: ['oauth'], class: 'needs_person', scope: 'account',
        advice: 'a parameter of the authorization is missing or malformed (often the redirect URI): run `tiktok-publish auth` again',
        cause: 'a parameter is missing or malformed (often the redirect URI)',
        fix: 'register `http://127.0.0.1:*/callback` for the desktop platform; run `auth` again'
    },
    invalid_scope: {
        origins: ['oauth'], class: 'needs_person', scope: 'app',
        advice: 'a requested scope is not enabled for the app: add its product in the developer portal',
        cause: 'a requested scope is not enabled for the app',
        fix: 'add the products (Login Kit, Content Posting API, Display API) in the portal, or pass fewer `--scopes`'
    },
    unauthorized_client: {
        origins: ['oauth'], class: 'needs_person', scope: 'app',
        advice: 'the app may not use this grant: add Login Kit to the app and check its status in the developer portal',
        cause: 'the app may not use this grant (Login Kit missing, app not live)',
        fix: 'add Login Kit to the app; check its status in the portal'
    },
    unsupported_grant_type: {
        origins: ['oauth'], class: 'needs_person', scope: 'app',
        advice: 'TikTok refused the grant type: a bug in the caller, please report it',
        cause: 'a wrong `grant_type`',
        fix: 'a bug in the caller: report it'
    },
    unsupported_response_type: {
        origins: ['oauth'], class: 'needs_person', scope: 'app',
        advice: 'the authorize URL lacks `response_type=code`: a bug in the caller, please report it',
        cause: 'the authorize URL lacks `response_type=code`',
        fix: 'a bug in the caller: report it'
    },
    server_error: {
        origins: ['oauth'], class: 'retryable', scope: 'account',
        advice: 'TikTok failed to hand out a token; run again later',
        cause: 'TikTok failed',
        fix: TRANSIENT_OAUTH
    },
    temporarily_unavailable: {
        origins: ['oauth'], class: 'retryable', scope: 'account',
        advice: 'TikTok is briefly unavailable; run again later',
        cause: 'TikTok is briefly unavailable',
        fix: TRANSIENT_OAUTH
    }
};
/**
 * Codes the client gives failures that carried no verdict from TikTok (the
 * connection broke, no answer in time, a body that could not be read), and
 * codes this project writes into a record. They are transient, and for a
 * FILE_UPLOAD init safe to retry: whatever TikTok may have created never
 * received a byte and can never be published (the engine saves the publish_id
 * before the first byte).
 */
const OURS = {
    network_error: {
        origins: ['client'], class: 'retryable',
        advice: 'no complete answer came back from TikTok (the connection failed); the next run retries it',
        cause: 'the connection to TikTok failed before a complete answer came back',
        fix: 'none: the next run retries it'
    },
    timeout: {
        origins: ['client'], class: 'retryable',
        advice: 'TikTok did not answer in time; the next run retries it',
        cause: 'TikTok did not answer in time',
        fix: 'none: the next run retries it'
    },
    http_error: {
        origins: ['client'], class: 'retryable',
        advice: 'TikTok answered with an HTTP error and no error code; the next run retries it',
        cause: 'TikTok answered with an HTTP error and no error code',
        fix: 'none: the next run retries it; if it persists, check the API base URL'
    },
    malformed_response: {
        origins: ['client'], class: 'retryable',
        advice: 'TikTok answered with a body that could not be read; the next run retries it',
        cause: 'TikTok answered with a body that could not be read',
        fix: 'none: the next run retries it; if it persists, check the API base URL'
    },
    invalid_response: {
        origins: ['client'], class: 'retryable',
        advice: 'TikTok answered with data that did not match its documentation; the next run retries it',
        cause: 'TikTok answered with data that did not match its documentation',
        fix: 'none: the next run retries it; if it persists, report it with the log_id'
    },
    [NOT_PUBLISHED]: {
        origins: ['project'], class: 'retryable',
        advice: 'a person checked the account and the post is not there; the next run publishes it, with fresh attempts',
        cause: 'a person ran `tiktok-publish resolve POST ACCOUNT --not-published`',
        fix: 'none: the next run posts it'
    },
    upload_abandoned: {
        origins: ['project'], class: 'retryable',
        advice: 'an earlier run stopped mid-upload and the upload URL expired; the post is initiated again',
        cause: 'an earlier run stopped mid-upload and its upload URL (one hour) expired before another run could finish it',
        fix: 'none: the next run initiates it again'
    }
};
function build(table) {
    return Object.entries(table).map(([code, spec]) => ({ code, scope: 'post', ...spec }));
}
/** Every rule, TikTok's answers first. */
const RULES = [...build(TIKTOK), ...build(OAUTH), ...build(OURS)];
const BY_CODE = new Map(RULES.map((r) => [r.code, r]));
function view(keep) {
    return Object.fromEntries(RULES.filter(keep).map((r) => [r.code, r]));
}
/** The 13 `fail_reason` values of `status/fetch`, in the order TikTok documents them. */
const FAIL_REASON_ORDER = [
    'file_format_check_failed',
    'duration_check_failed',
    'frame_rate_check_failed',
    'picture_size_check_failed',
    'internal',
    'video_pull_failed',
    'photo_pull_failed',
    'publish_cancelled',
    'auth_removed',
    'spam_risk_too_many_posts',
    'spam_risk_user_banned_from_posting',
    'spam_risk_text',
    'spam_risk'
];
const FAIL_REASONS = Object.fromEntries(FAIL_REASON_ORDER.map((code) => [code, BY_CODE.get(code)]));
/** Error codes of the posting and status endpoints. */
const ERROR_CODES = view((r) => r.origins.includes('posting') || r.origins.includes('status'));
/** Codes the client gives failures that carried no verdict from TikTok. */
const CLIENT_ERROR_CODES = view((r) => r.origins.includes('client'));
/** The rule for a code, looked up among `origins` (all when omitted); never an Object.prototype name. */
function ruleFor(code, origins) {
    const rule = BY_CODE.get(code);
    if (!rule || (origins && !rule.origins.some((o) => origins.includes(o))))
        return undefined;
    return rule;
}
function unknownCode(kind, code) {
    return {
        class: 'needs_person',
        advice: `TikTok reported ${kind} \`${code}\`, which tiktok-publish does not know: check the account in the TikTok app before posting it again`
    };
}
/** Classifies a `fail_reason` from `status/fetch`. */
function classifyFailReason(reason) {
    return ruleFor(reason, ['fail_reason']) ?? unknownCode('the fail_reason', reason);
}
/** Classifies an `error.code` from a posting, status or cancel endpoint, or one the client gave. */
function classifyErrorCode(code) {
    return ruleFor(code, ['posting', 'status', 'cancel', 'client']) ?? unknownCode('the error code', code);
}
/**
 * Classifies a code stored in a state record's `error.code`, which may be a
 * fail_reason, an error code, or one this project wrote.
 */
function classifyFailure(code) {
    return ruleFor(code, ['fail_reason', 'posting', 'status', 'cancel', 'client', 'project']) ?? unknownCode('the code', code);
}
/** Who else an answer is about; an unknown code is about its post alone. */
function scopeOf(code) {
    return BY_CODE.get(code)?.scope ?? 'post';
}
/** Codes whose cap covers every account of the app, not just the one that hit it. */
function isAppWideCap(code) {
    const rule = BY_CODE.get(code);
    return rule?.class === 'cap' && rule.scope === 'app';
}
/**
 * Until when a cap holds an account, from the moment TikTok said it;
 * undefined when it holds only for the rest of this run. `nextLocalMidnight`
 * is the account's local calendar, passed in so the rulebook stays free of it.
 */
function holdUntil(code, now, nextLocalMidnight) {
    const hold = BY_CODE.get(code)?.hold ?? 'day';
    if (hold === 'run')
        return undefined;
    if (hold === 'local_day')
        return new Date(nextLocalMidnight(now.getTime()));
    return new Date(now.getTime() + HOLD_MS.day);
}


/***/ }),

/***/ 2802:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Rj: () => (/* reexport */ records/* fingerprint */.Rj),
  zI: () => (/* reexport */ records/* getAccountState */.zI),
  EI: () => (/* reexport */ records/* getRecord */.EI),
  C7: () => (/* reexport */ store/* loadState */.C7),
  Bu: () => (/* reexport */ store/* parseState */.Bu),
  LZ: () => (/* reexport */ store/* saveState */.LZ),
  sU: () => (/* reexport */ store/* serializeState */.sU),
  n2: () => (/* reexport */ records/* setAccountState */.n2),
  ed: () => (/* reexport */ records/* setRecord */.ed)
});

// UNUSED EXPORTS: RECORD_STATUSES, STATE_VERSION, accountStateSchema, creatorInfoSchema, deleteRecord, emptyState, mergeStates, migrateState, recordErrorSchema, stateRecordSchema, stateSchema

// EXTERNAL MODULE: ./src/state/schema.ts
var schema = __webpack_require__(6858);
// EXTERNAL MODULE: ./src/state/store.ts
var store = __webpack_require__(6992);
// EXTERNAL MODULE: ./src/state/records.ts
var records = __webpack_require__(5251);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/json.ts
var json = __webpack_require__(8301);
;// CONCATENATED MODULE: ./src/state/merge.ts


const same = (a, b) => stableStringify(a ?? null) === stableStringify(b ?? null);
const STATUS_RANK = {
    claimed: 1,
    failed: 2,
    // a pair a run lost track of: further along than a claim or a failure, but a
    // record that holds TikTok's publish_id knows more
    unknown: 3,
    processing: 4,
    published: 5,
    inbox: 5
};
/** Negative when a is further along than b. */
function compareProgress(a, b) {
    const byStatus = STATUS_RANK[b.status] - STATUS_RANK[a.status];
    if (byStatus)
        return byStatus;
    const byPublishId = Number(b.publish_id !== undefined) - Number(a.publish_id !== undefined);
    if (byPublishId)
        return byPublishId;
    const byAttempts = b.attempts - a.attempts;
    if (byAttempts)
        return byAttempts;
    return (Date.parse(b.updated_at) || 0) - (Date.parse(a.updated_at) || 0);
}
function mergeRecord(where, base, ours, theirs, conflicts) {
    if (same(ours, theirs))
        return ours;
    // A record missing on one side is kept from the other: a record is TikTok's
    // history of a pair (its publish_id) and losing one could lead to a second post.
    if (!ours || !theirs) {
        const kept = (ours ?? theirs);
        if (base && same(kept, base))
            conflicts.push(`${where}: one side removed the record; kept it unchanged`);
        else if (base)
            conflicts.push(`${where}: one side removed the record and the other changed it; kept the changed record`);
        return kept;
    }
    if (base && same(ours, base))
        return theirs;
    if (base && same(theirs, base))
        return ours;
    const oursWins = compareProgress(ours, theirs) <= 0;
    const winner = oursWins ? ours : theirs;
    const loser = oursWins ? theirs : ours;
    let note = `${where}: both sides changed it; kept ${oursWins ? 'ours' : 'theirs'} (${winner.status}, attempts ${winner.attempts}${winner.publish_id ? `, publish_id ${winner.publish_id}` : ''}) over ${oursWins ? 'theirs' : 'ours'} (${loser.status}, attempts ${loser.attempts}${loser.publish_id ? `, publish_id ${loser.publish_id}` : ''})`;
    if (loser.publish_id !== undefined && loser.publish_id !== winner.publish_id) {
        // Two inits of one pair: keep the other publish_id too, so a person can find that post.
        const previous = Array.isArray(winner.superseded) ? winner.superseded : [];
        const loserOwn = { ...loser };
        delete loserOwn.superseded;
        note += `; the other publish_id is kept under "superseded" — check the account for a second post`;
        conflicts.push(note);
        return { ...winner, superseded: [...previous, loserOwn, ...(Array.isArray(loser.superseded) ? loser.superseded : [])] };
    }
    conflicts.push(note);
    return winner;
}
function laterTime(a, b) {
    return (Date.parse(a ?? '') || -Infinity) - (Date.parse(b ?? '') || -Infinity);
}
function mergeAccount(name, base, ours, theirs, conflicts) {
    if (same(ours, theirs))
        return ours;
    if (!ours || !theirs)
        return ours ?? theirs;
    const b = base ?? {};
    const out = {};
    // The creator cache and its time stay together: the newer check wins.
    const creatorOurs = { creator: ours.creator, checked_at: ours.checked_at };
    const creatorTheirs = { creator: theirs.creator, checked_at: theirs.checked_at };
    const creatorBase = { creator: b.creator, checked_at: b.checked_at };
    let creator = creatorOurs;
    if (same(creatorOurs, creatorBase))
        creator = creatorTheirs;
    else if (!same(creatorTheirs, creatorBase) && laterTime(theirs.checked_at, ours.checked_at) > 0)
        creator = creatorTheirs;
    Object.assign(out, creator);
    // A hold protects the account from a cap: the longer one is the safe choice.
    let hold = ours.hold;
    if (same(ours.hold, b.hold))
        hold = theirs.hold;
    else if (!same(theirs.hold, b.hold) && laterTime(theirs.hold?.until, ours.hold?.until) > 0)
        hold = theirs.hold;
    out.hold = hold;
    // Two runs that both renewed the token: the later expiry belongs to the token
    // TikTok handed out last, the one that still works.
    let expires = ours.refresh_expires_at;
    if (same(ours.refresh_expires_at, b.refresh_expires_at))
        expires = theirs.refresh_expires_at;
    else if (!same(theirs.refresh_expires_at, b.refresh_expires_at) && laterTime(theirs.refresh_expires_at, ours.refresh_expires_at) > 0)
        expires = theirs.refresh_expires_at;
    out.refresh_expires_at = expires;
    const keys = new Set([...Object.keys(ours), ...Object.keys(theirs)]);
    for (const key of [...keys].sort()) {
        if (key === 'creator' || key === 'checked_at' || key === 'hold' || key === 'refresh_expires_at')
            continue;
        const o = ours[key];
        const t = theirs[key];
        const bv = b[key];
        if (same(o, t) || same(t, bv))
            out[key] = o;
        else if (same(o, bv))
            out[key] = t;
        else {
            out[key] = o;
            conflicts.push(`accounts.${name}.${key}: both sides changed it; kept ours`);
        }
    }
    for (const key of Object.keys(out))
        if (out[key] === undefined)
            delete out[key];
    return out;
}
/**
 * Three-way, record-by-record merge for a rejected push: `base` is the state
 * both sides started from, `ours` what this run wrote, `theirs` what is on the
 * remote now. No record of either side is lost; when both changed the same
 * record, the one further along wins (published/inbox > processing > unknown >
 * failed > claimed; then a publish_id; then more attempts) and it is reported.
 * Returns new objects; the inputs are not modified.
 */
function mergeStates(base, ours, theirs) {
    if (ours.lineage !== theirs.lineage || base.lineage !== ours.lineage) {
        throw new UserError(`cannot merge states of different lineages (base ${base.lineage}, ours ${ours.lineage}, theirs ${theirs.lineage})`, { fix: 'the state on the branch was replaced by another state file; check the state path and its history' });
    }
    const conflicts = [];
    const accounts = {};
    for (const name of [...new Set([...Object.keys(ours.accounts), ...Object.keys(theirs.accounts)])].sort()) {
        const merged = mergeAccount(name, base.accounts[name], ours.accounts[name], theirs.accounts[name], conflicts);
        if (merged)
            accounts[name] = merged;
    }
    const posts = {};
    for (const post of [...new Set([...Object.keys(ours.posts), ...Object.keys(theirs.posts)])].sort()) {
        const b = base.posts[post] ?? {};
        const o = ours.posts[post] ?? {};
        const t = theirs.posts[post] ?? {};
        const out = {};
        for (const account of [...new Set([...Object.keys(o), ...Object.keys(t)])].sort()) {
            const r = mergeRecord(`posts.${post}.${account}`, b[account], o[account], t[account], conflicts);
            if (r)
                out[account] = r;
        }
        if (Object.keys(out).length)
            posts[post] = out;
    }
    // Extra top-level fields: theirs is the newer published copy unless only ours changed them.
    const extra = {};
    for (const key of new Set([...Object.keys(ours), ...Object.keys(theirs)])) {
        if (['version', 'lineage', 'serial', 'accounts', 'posts'].includes(key))
            continue;
        const o = ours[key];
        const t = theirs[key];
        const bv = base[key];
        extra[key] = same(t, bv) ? o : t;
    }
    const merged = {
        ...extra,
        version: ours.version,
        lineage: ours.lineage,
        serial: Math.max(ours.serial, theirs.serial) + 1,
        accounts,
        posts
    };
    return { merged, conflicts };
}

;// CONCATENATED MODULE: ./src/state/index.ts






/***/ }),

/***/ 5251:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EI: () => (/* binding */ getRecord),
/* harmony export */   Rj: () => (/* binding */ fingerprint),
/* harmony export */   ed: () => (/* binding */ setRecord),
/* harmony export */   n2: () => (/* binding */ setAccountState),
/* harmony export */   zI: () => (/* binding */ getAccountState)
/* harmony export */ });
/* unused harmony export deleteRecord */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

function getRecord(state, post, account) {
    const byAccount = Object.prototype.hasOwnProperty.call(state.posts, post) ? state.posts[post] : undefined;
    if (!byAccount || !Object.prototype.hasOwnProperty.call(byAccount, account))
        return undefined;
    return byAccount[account];
}
/**
 * Returns a new state with the record set; the input is left as it was. State
 * is passed between the planner, the engine and the merge as values, so a plan
 * computed from one state can never be changed by a later write.
 */
function setRecord(state, post, account, record) {
    return {
        ...state,
        posts: { ...state.posts, [post]: { ...(state.posts[post] ?? {}), [account]: record } }
    };
}
/** Returns a new state without the record (and without the post when it was its last). */
function deleteRecord(state, post, account) {
    if (!getRecord(state, post, account))
        return state;
    const { [account]: _removed, ...rest } = state.posts[post];
    const posts = { ...state.posts };
    if (Object.keys(rest).length === 0)
        delete posts[post];
    else
        posts[post] = rest;
    return { ...state, posts };
}
function getAccountState(state, account) {
    return Object.prototype.hasOwnProperty.call(state.accounts, account) ? state.accounts[account] : undefined;
}
/** Returns a new state with the account entry replaced (immutable, like setRecord). */
function setAccountState(state, account, entry) {
    return { ...state, accounts: { ...state.accounts, [account]: entry } };
}
/**
 * What TikTok would receive for this pair. A published pair whose fingerprint
 * differs from the manifest's has changed after publishing. `at` is left out on
 * purpose: rescheduling a post that is not out yet is not a change of content.
 */
function fingerprint(post, target, digest) {
    const text = payloadText(post, target, digest);
    // a post sent alike to many accounts gives the same payload pair after pair
    if (text !== last.text)
        last = { text, hash: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.hash)('sha256', text, 'hex') };
    return last.hash;
}
let last = { text: '', hash: '' };
/**
 * The stable JSON of the payload (keys sorted, two-space indent, a final
 * newline). A file or URL video's is written out directly: this runs once per
 * pair of every plan, and sorting keys of a fresh object each time was most
 * of a plan's cost. Anything else goes through JSON.stringify with its keys
 * already in sorted order, which gives the same bytes.
 */
function payloadText(post, target, digest) {
    const v = post.video;
    const a = target.allow;
    const d = post.disclose;
    const plain = v.kind !== 'photos' &&
        typeof target.caption === 'string' &&
        typeof target.mode === 'string' &&
        typeof digest === 'string' &&
        [a.comments, a.duet, a.stitch, d.aiGenerated, d.brandedContent, d.yourBrand].every((b) => typeof b === 'boolean') &&
        (post.coverMs === undefined || Number.isFinite(post.coverMs));
    if (plain) {
        const q = JSON.stringify;
        return (`{\n  "allow": {\n    "comments": ${a.comments},\n    "duet": ${a.duet},\n    "stitch": ${a.stitch}\n  },\n` +
            `  "caption": ${q(target.caption)},\n  "coverMs": ${post.coverMs === undefined ? 'null' : q(post.coverMs)},\n  "digest": ${q(digest)},\n` +
            `  "disclose": {\n    "aiGenerated": ${d.aiGenerated},\n    "brandedContent": ${d.brandedContent},\n    "yourBrand": ${d.yourBrand}\n  },\n` +
            `  "mode": ${q(target.mode)},\n  "privacy": ${target.privacy === undefined ? 'null' : q(target.privacy)},\n  "v": 1,\n` +
            `  "video": {\n    ${v.kind === 'file' ? `"path": ${q(v.path)}` : `"url": ${q(v.url)}`}\n  }\n}\n`);
    }
    const payload = {
        allow: { comments: a.comments, duet: a.duet, stitch: a.stitch },
        caption: target.caption,
        coverMs: post.coverMs ?? null,
        digest,
        disclose: { aiGenerated: d.aiGenerated, brandedContent: d.brandedContent, yourBrand: d.yourBrand },
        mode: target.mode,
        privacy: target.privacy ?? null,
        v: 1,
        video: v.kind === 'file' ? { path: v.path } : v.kind === 'url' ? { url: v.url } : photoPayload(v)
    };
    return JSON.stringify(payload, null, 2) + '\n';
}
/**
 * A photo post's part of the fingerprint: images as written, cover, title,
 * music. Where the repository is served (media_base_url) is left out: moving
 * the site does not change what was posted, and the digest covers the bytes.
 */
function photoPayload(photos) {
    return {
        autoAddMusic: photos.autoAddMusic,
        cover: photos.cover,
        photos: photos.images.map((i) => (i.kind === 'file' ? { path: i.path } : { url: i.url })),
        title: photos.title
    };
}


/***/ }),

/***/ 6858:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jy: () => (/* binding */ stateSchema),
/* harmony export */   nd: () => (/* binding */ STATE_VERSION)
/* harmony export */ });
/* unused harmony exports RECORD_STATUSES, recordErrorSchema, stateRecordSchema, creatorInfoSchema, accountStateSchema */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9691);
/* harmony import */ var _rules_rulebook_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3876);


/**
 * The state file's shape . Objects are loose (extra fields are
 * allowed), so a newer minor release or a person's note survives a
 * round trip through an older one.
 */
const STATE_VERSION = 1;
const isoTime = zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'expected an ISO 8601 date-time' });
const RECORD_STATUSES = ['claimed', 'processing', 'published', 'inbox', 'failed', 'unknown'];
const recordErrorSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({
    code: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    message: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    log_id: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    /** the rulebook's class of `code` when it was recorded */
    class: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(_rules_rulebook_js__WEBPACK_IMPORTED_MODULE_0__/* .FAIL_CLASSES */ .Qi).optional()
});
const stateRecordSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({
    status: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(RECORD_STATUSES),
    publish_id: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    // TikTok's int64: kept as a decimal string. A hand-edited small number is accepted and normalized.
    video_id: zod__WEBPACK_IMPORTED_MODULE_1__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^\d+$/, 'expected a decimal string of digits'), zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().nonnegative()])
        .transform((v) => String(v))
        .optional(),
    url: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    fingerprint: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    attempts: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().nonnegative(),
    updated_at: isoTime,
    claimed_at: isoTime.optional(),
    run_id: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    /** when TikTok accepted the init; caps and spacing count from it */
    initiated_at: isoTime.optional(),
    completed_at: isoTime.optional(),
    source: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(['FILE_UPLOAD', 'PULL_FROM_URL']).optional(),
    mode: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(['direct', 'inbox']).optional(),
    /** the privacy a direct post was sent with: only a public post can ever be found again in the account's video list */
    privacy: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    error: recordErrorSchema.optional(),
    next_attempt_at: isoTime.optional(),
    /** commit that approved the post (the merge of its pull request) */
    approved_by: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    /** inbox drafts carry no caption at TikTok: kept so the hand-off can show it */
    caption: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    /** the facts of the video sent (file uploads): a later run needs neither the file nor its Git LFS content to know a done post unchanged */
    video: zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({
        digest: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
        size_bytes: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().nonnegative().optional(),
        duration_sec: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().nonnegative().optional()
    })
        .optional()
});
const creatorInfoSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({
    nickname: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    privacy_level_options: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP()),
    max_video_post_duration_sec: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig(),
    comment_disabled: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY(),
    duet_disabled: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY(),
    stitch_disabled: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY()
});
const accountStateSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({
    creator: creatorInfoSchema.optional(),
    checked_at: isoTime.optional(),
    /** a cap TikTok reported, so later runs wait instead of asking again */
    hold: zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({ until: isoTime, reason: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() }).optional(),
    /** when the refresh token TikTok last handed out stops working (not a secret: a date) */
    refresh_expires_at: isoTime.optional(),
    /** why the runs that read this state cannot keep the account's token alive, e.g. no `secrets-token` */
    keep_alive_blocked: zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({ reason: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), since: isoTime }).optional()
});
const stateSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({
    version: zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz(STATE_VERSION),
    lineage: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().min(1),
    serial: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().nonnegative(),
    accounts: zod__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), accountStateSchema).default({}),
    posts: zod__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), stateRecordSchema)).default({})
});


/***/ }),

/***/ 6992:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bu: () => (/* binding */ parseState),
/* harmony export */   C7: () => (/* binding */ loadState),
/* harmony export */   FV: () => (/* binding */ lastWrittenText),
/* harmony export */   LZ: () => (/* binding */ saveState),
/* harmony export */   sU: () => (/* binding */ serializeState)
/* harmony export */ });
/* unused harmony exports emptyState, migrateState, MAX_STATE_BYTES */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3916);
/* harmony import */ var _fs_atomic_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1056);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8301);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6858);








const RESTORE_FIX = (file) => `restore ${file} from git history (e.g. \`git log -p -- ${file}\`) or repair it by hand; tiktok-publish never rewrites a state file it cannot read`;
/** A state nobody has written yet: a new lineage, serial 0. */
function emptyState(lineage = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()) {
    return { version: _schema_js__WEBPACK_IMPORTED_MODULE_7__/* .STATE_VERSION */ .nd, lineage, serial: 0, accounts: {}, posts: {} };
}
/**
 * The hook where older state versions are upgraded. Version 1 is current; a
 * higher version was written by a newer release and must not be read by this
 * one (it could drop fields the newer one depends on).
 */
function migrateState(raw) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo('the state file does not hold a JSON object', {
            fix: 'a state file is an object with version, lineage, serial, accounts and posts'
        });
    }
    const version = raw.version;
    if (version === _schema_js__WEBPACK_IMPORTED_MODULE_7__/* .STATE_VERSION */ .nd)
        return raw;
    if (typeof version === 'number' && Number.isInteger(version) && version > _schema_js__WEBPACK_IMPORTED_MODULE_7__/* .STATE_VERSION */ .nd) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`the state file was written by a newer tiktok-publish (state version ${version}; this release reads version ${_schema_js__WEBPACK_IMPORTED_MODULE_7__/* .STATE_VERSION */ .nd})`, {
            fix: 'upgrade tiktok-publish (e.g. the `uses: …@v1` tag or the npm package) to the release that wrote it'
        });
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`the state file has an unsupported version ${JSON.stringify(version ?? null)}`, {
        fix: `a state file of this release has "version": ${_schema_js__WEBPACK_IMPORTED_MODULE_7__/* .STATE_VERSION */ .nd}`
    });
}
/** Keys sorted, two-space indent, newline at the end: diffs review well. */
function serializeState(state) {
    return (0,_json_js__WEBPACK_IMPORTED_MODULE_6__/* .stableStringify */ .J)(state);
}
/** Turns a parse position into 1-based line and column. */
function lineColumn(text, position) {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < position && i < text.length; i++) {
        if (text[i] === '\n') {
            line++;
            lineStart = i + 1;
        }
    }
    return { line, column: position - lineStart + 1 };
}
function describePath(path) {
    if (path.length === 0)
        return '(top level)';
    return path
        .map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(p)) ? `${i ? '.' : ''}${String(p)}` : `[${JSON.stringify(String(p))}]`))
        .join('');
}
/** Parses and validates state text; every failure names the file and the fix. */
function parseState(text, file) {
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (body.trim() === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${file} is empty`, {
            location: { file, line: 1, column: 1 },
            fix: `${RESTORE_FIX(file)}; delete the file only if no post was ever published with it`
        });
    }
    let raw;
    try {
        raw = (0,_json_js__WEBPACK_IMPORTED_MODULE_6__/* .parseJsonLossless */ .K)(body);
    }
    catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const pos = /position (\d+)/.exec(message);
        const location = pos ? { file, ...lineColumn(body, Number(pos[1])) } : { file, line: 1, column: 1 };
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${file} is not valid JSON: ${message}`, { location, fix: RESTORE_FIX(file), cause: e });
    }
    let migrated;
    try {
        migrated = migrateState(raw);
    }
    catch (e) {
        if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${file}: ${e.message}`, { location: { file, line: 1, column: 1 }, fix: e.fix });
        throw e;
    }
    const result = _schema_js__WEBPACK_IMPORTED_MODULE_7__/* .stateSchema */ .Jy.safeParse(migrated);
    if (!result.success) {
        const problems = result.error.issues.map((i) => `${describePath(i.path)}: ${i.message}`);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${file} is not a valid tiktok-publish state: ${problems.join('; ')}`, {
            location: { file, line: 1, column: 1 },
            fix: RESTORE_FIX(file)
        });
    }
    return result.data;
}
/**
 * Reads the state file. A missing file is a new, empty state with a new lineage;
 * anything unreadable is an error, and the file is never touched.
 */
async function loadState(file) {
    let raw;
    try {
        await checkStateFile(file);
        raw = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8');
    }
    catch (e) {
        if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo)
            throw e;
        if (e.code === 'ENOENT')
            return { state: emptyState(), exists: false };
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`cannot read the state file ${file}: ${e.message}`, {
            fix: 'check the path given as the state file and its permissions'
        });
    }
    return { state: parseState(raw, file), exists: true, raw };
}
/** Far above any real state (a record is well under 1 KB); a file this large is a mistake or an attack. */
const MAX_STATE_BYTES = 64 * 1024 * 1024;
/**
 * The state file must be a plain file of ours. A symbolic link is refused: a
 * run would write over the link while git commits the path it points to, and
 * a link to /dev/zero or to a file outside the repository is a way to make a
 * run read what it should not.
 */
async function checkStateFile(file) {
    const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(file); // ENOENT: a new state
    if (info.isSymbolicLink()) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`the state file ${file} is a symbolic link; tiktok-publish reads and writes only a plain file`, {
            location: { file, line: 1, column: 1 },
            fix: `replace the link with the file itself (e.g. \`git rm ${file}\` and restore the state there), or point the state path at the real file inside the repository`
        });
    }
    if (!info.isFile()) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`cannot read the state file ${file}: it is not a regular file`, { location: { file, line: 1, column: 1 }, fix: 'point the state path at a JSON file, or remove what is in its place' });
    }
    if (info.size > MAX_STATE_BYTES) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`the state file ${file} is ${info.size} bytes; a state file may be at most ${MAX_STATE_BYTES} bytes (64 MiB)`, {
            location: { file, line: 1, column: 1 },
            fix: RESTORE_FIX(file)
        });
    }
}
/**
 * Writes the state atomically (temp file in the same directory, fsync, rename).
 *
 * `next.serial` is the serial of the state as this writer loaded it (its base);
 * the written copy gets `max(onDisk, base) + 1`, so a write never lowers the
 * serial. A copy on disk that moved past the base means someone else wrote in
 * between: refused, since overwriting it would lose their records. A copy of
 * another lineage is refused too. Returns the state as written.
 */
async function saveState(file, next, options = {}) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(file), { recursive: true });
    // Without the lock, two writers that loaded the same base could both read the
    // old serial and both rename: the second would silently drop the first's records.
    return withLock(file, () => saveLocked(file, next, options));
}
async function saveLocked(file, next, options) {
    if (options.expectedLineage !== undefined && next.lineage !== options.expectedLineage) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`refusing to write ${file}: the state to write has lineage ${next.lineage}, expected ${options.expectedLineage}`, {
            fix: 'this is a state of another project or a copy that was re-created; check the state path'
        });
    }
    let onDisk;
    let text;
    try {
        await checkStateFile(file);
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8');
    }
    catch (e) {
        if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo)
            throw e;
        if (e.code !== 'ENOENT') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`cannot read the state file ${file} before writing it: ${e.message}`, {
                fix: 'check the path given as the state file and its permissions'
            });
        }
    }
    // What this process wrote last needs no parse: only its lineage and serial are read here.
    const mine = lastWritten.get(file);
    if (text !== undefined)
        onDisk = mine !== undefined && mine.text === text ? mine.header : parseState(text, file);
    if (onDisk) {
        if (onDisk.lineage !== next.lineage) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`refusing to overwrite ${file}: it belongs to another state (lineage ${onDisk.lineage}; this run's state has lineage ${next.lineage})`, { fix: 'check that --state / the `state` input points at this manifest\'s state file; a state of another lineage is never overwritten' });
        }
        if (onDisk.serial > next.serial) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`state changed on disk since it was loaded: ${file} has serial ${onDisk.serial}, this run loaded serial ${next.serial}`, { fix: 'another run wrote the state meanwhile; run again so the plan starts from the newer state' });
        }
    }
    const written = { ...next, serial: Math.max(onDisk?.serial ?? 0, next.serial) + 1 };
    // A state that would not load again must never reach the disk.
    const check = _schema_js__WEBPACK_IMPORTED_MODULE_7__/* .stateSchema */ .Jy.safeParse(written);
    if (!check.success)
        throw new Error(`internal error: refusing to write an invalid state: ${check.error.message}`);
    const out = serializeState(written);
    await writeAtomic(file, out);
    lastWritten.set(file, { text: out, header: { lineage: written.lineage, serial: written.serial } });
    return written;
}
/**
 * The text this process last wrote to each state file, by the path it was
 * given. A run saves its state after every step; parsing and validating the
 * whole file before each save made a run of many pairs quadratic. Only
 * strings and numbers are kept, never the state object (the engine goes on
 * changing its records).
 */
const lastWritten = new Map();
/** The text this process last wrote to `file`, if any (to compare a later read with, without parsing it). */
function lastWrittenText(file) {
    return lastWritten.get(file)?.text;
}
/** A lock older than this was left by a process that died mid-write (a write takes milliseconds). */
const STALE_LOCK_MS = 30_000;
const LOCK_RETRY_MS = 20;
const LOCK_TRIES = 250;
async function withLock(file, fn) {
    const lock = `${file}.lock`;
    for (let attempt = 0;; attempt++) {
        // The lock appears with its holder already written in it (a hard link of a
        // finished file), so a process killed while taking it never leaves an
        // empty lock that nobody can tell is stale.
        const tmp = `${lock}.${process.pid}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)().slice(0, 8)}`;
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(tmp, `${process.pid} ${(0,node_os__WEBPACK_IMPORTED_MODULE_2__.hostname)()}\n`, { flag: 'wx' });
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.link)(tmp, lock);
            break;
        }
        catch (e) {
            if (e.code !== 'EEXIST') {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`cannot lock the state file ${file}: ${e.message}`, {
                    fix: 'check the permissions of the directory that holds the state file'
                });
            }
            const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(lock).catch(() => undefined);
            if ((info && Date.now() - info.mtimeMs > STALE_LOCK_MS) || (await holderIsGone(lock))) {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(lock).catch(() => undefined);
                continue;
            }
            if (attempt >= LOCK_TRIES) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`another tiktok-publish is writing ${file} (lock file ${lock})`, {
                    fix: `wait for the other run to finish; if none is running, delete ${lock}`
                });
            }
            await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(tmp).catch(() => undefined);
        }
    }
    try {
        return await fn();
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(lock).catch(() => undefined);
    }
}
/** True when the lock names a process on this host that no longer runs (it was killed mid-write). */
async function holderIsGone(lock) {
    const text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(lock, 'utf8').catch(() => '');
    const m = /^(\d+) (\S+)$/.exec(text.trim());
    if (!m || m[2] !== (0,node_os__WEBPACK_IMPORTED_MODULE_2__.hostname)())
        return false;
    try {
        process.kill(Number(m[1]), 0);
        return false;
    }
    catch (e) {
        return e.code === 'ESRCH';
    }
}
async function writeAtomic(file, content) {
    try {
        await (0,_fs_atomic_js__WEBPACK_IMPORTED_MODULE_5__/* .writeFileAtomic */ .Zf)(file, content, { mode: 0o644, beforeRename: 'state.before-rename' });
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`cannot write the state file ${file}: ${e.message}`, {
            fix: 'check free space and permissions of the directory; the previous state file is unchanged',
            cause: e
        });
    }
}


/***/ })

};
