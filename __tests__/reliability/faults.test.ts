import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Emulator, Fault, LedgerKind } from '../../src/emulator/index.js'
import { startEmulator } from '../../src/emulator/index.js'
import { TikTokClient } from '../../src/tiktok/client.js'
import { TikTokApiError } from '../../src/tiktok/errors.js'
import { DEFAULT_RETRY } from '../../src/tiktok/backoff.js'
import { makeWorkspace } from '../helpers/workspace.js'
import { REPO_ROOT } from '../helpers/workspace.js'
import { apply, filesUnder, harness, issuedSecrets, leaks, manifest, requests, startOrigin, PULL_PREFIX, SteppingClock, type Harness } from './harness.js'
import { until } from '../helpers/until.js'

/**
 * The fault matrix: every endpoint `apply` calls × every way TikTok (or the
 * network in between) can fail, injected into the emulator. Each cell states
 * what must happen and the test checks it through a real run:
 *   - recovered: the pair is published exactly once in the same run;
 *   - deferred: retried within the run and still failing, the pair says why
 *     and when it goes next, in one sentence, and the run stays green;
 *   - failed / processing / claimed: the run says so with a message naming the
 *     endpoint and the code, the state file is saved, and a later run (faults
 *     gone) finishes the pair exactly once — or, where only a person can help,
 *     says precisely what to do;
 * and in every cell: requests on the faulted endpoint stay within the client's
 * attempts, a PULL_FROM_URL init is never repeated after an answer that may
 * hide a post (a FILE_UPLOAD one is: what it created can never get its bytes),
 * nothing is posted twice, and every publish_id TikTok delivered is in state.
 *
 * The table in docs/RELIABILITY.md is generated from CELLS below and checked
 * against the doc at the end, so the two cannot drift apart.
 */

const MAX_ATTEMPTS = DEFAULT_RETRY.attempts

type Endpoint = 'token' | 'creator_info' | 'init' | 'inbox_init' | 'init_pull' | 'init_pull_private' | 'chunk' | 'status' | 'video_list'
type FaultName =
  | 'HTTP 500'
  | 'HTTP 503'
  | '5xx persistent'
  | '429 Retry-After'
  | '429 no Retry-After'
  | 'drop'
  | 'malformed JSON'
  | 'HTML 502'
  | '400 something_new'
  | '401 access_token_invalid'
  | '403 upload_url_expired'
  | '404 not_found'
  | '416 no Content-Range'

const FAULTS: Record<FaultName, Fault> = {
  'HTTP 500': { kind: 'http_error', status: 500 },
  'HTTP 503': { kind: 'http_error', status: 503 },
  '5xx persistent': { kind: 'http_error', status: 503, times: Infinity },
  '429 Retry-After': { kind: 'rate_limit', retry_after_sec: 2 },
  '429 no Retry-After': { kind: 'rate_limit' },
  drop: { kind: 'drop' },
  'malformed JSON': { kind: 'malformed_json' },
  // a proxy's page in place of TikTok's answer, after TikTok acted on the request
  'HTML 502': { kind: 'html_page' },
  '400 something_new': { kind: 'error_code', status: 400, code: 'something_new' },
  // the access token expired or was revoked mid-run
  '401 access_token_invalid': { kind: 'error_code', status: 401, code: 'access_token_invalid' },
  // a chunk's upload_url expired, TikTok lost the upload, or a Content-Range TikTok did not expect (no header saying where it is)
  '403 upload_url_expired': { kind: 'error_code', status: 403, code: 'upload_url_expired' },
  '404 not_found': { kind: 'error_code', status: 404, code: 'not_found' },
  '416 no Content-Range': { kind: 'error_code', status: 416, code: 'range_not_satisfiable' }
}

/** What the first run ends with, and what the next run (faults cleared) does. */
type First = 'recovered' | 'deferred' | 'failed' | 'processing' | 'claimed'
type Next = 'published' | 'needs auth' | 'needs person' | 'unknown' | undefined

interface Cell {
  first: First
  /** requests the emulator saw on the faulted endpoint in the first run */
  requests: number
  /** the error code the outcome carries (failed cells) */
  code?: string
  /** the class the pair is recorded with (failed cells that claimed the pair) */
  cls?: string
  next?: Next
  /** runs after the first that it takes to finish (default 1), and what the runs before the last report */
  runs?: number
  between?: string
  /** a word for the doc */
  note?: string
}

const LABEL: Record<Endpoint, { ledger: LedgerKind; fault: Fault['endpoint']; name: RegExp; title: string }> = {
  token: { ledger: 'refresh', fault: 'token', name: /token refresh/, title: 'token (refresh)' },
  creator_info: { ledger: 'creator_info', fault: 'creator_info', name: /creator info query/, title: 'creator_info' },
  init: { ledger: 'init', fault: 'init', name: /direct post init \(POST \/v2\/post\/publish\/video\/init\/\)/, title: 'init (direct, FILE_UPLOAD)' },
  inbox_init: { ledger: 'inbox_init', fault: 'inbox_init', name: /inbox upload init \(POST \/v2\/post\/publish\/inbox\/video\/init\/\)/, title: 'inbox_init (FILE_UPLOAD)' },
  init_pull: { ledger: 'init', fault: 'init', name: /TikTok may have received this init/, title: 'init (direct, PULL_FROM_URL, public)' },
  init_pull_private: { ledger: 'init', fault: 'init', name: /TikTok may have received this init/, title: 'init (direct, PULL_FROM_URL, SELF_ONLY)' },
  chunk: { ledger: 'chunk', fault: 'chunk', name: /chunk 1/, title: 'chunk (PUT upload_url)' },
  status: { ledger: 'status', fault: 'status', name: /status fetch \(POST \/v2\/post\/publish\/status\/fetch\/\)/, title: 'status' },
  video_list: { ledger: 'video_list', fault: 'video_list', name: /video list \(POST \/v2\/video\/list\/\)/, title: 'video_list (reconciliation)' }
}

const rec = (requests: number, note?: string): Cell => ({ first: 'recovered', requests, note })
/** a FILE_UPLOAD init whose answer never came is repeated in the run: what it created can never receive its bytes */
const initRetried = rec(2, 'init repeated; the unanswered one never gets a byte')
/** still failing after the client's attempts: deferred with why and when, the run stays green */
const initDeferred: Cell = { first: 'deferred', requests: MAX_ATTEMPTS, code: 'internal_error', cls: 'retryable', next: 'published' }
/** TikTok created the post (the answer was lost on the way): the next run finds it with video/list */
const pullLost: Cell = { first: 'claimed', requests: 1, next: 'published', note: 'found by video list, not initiated again' }
/**
 * TikTok refused it (5xx before acting), but a client cannot tell that from a
 * post TikTok has: not in the list 2 h after the claim is no proof, so a
 * person is asked; it is never initiated again on the list's silence
 */
const pullRefused: Cell = { first: 'claimed', requests: 1, next: 'unknown', note: 'not in the list 2 h after the claim: unknown, never initiated again' }
/** a SELF_ONLY post never shows in TikTok's public-only video list: unknown on the next run, whatever the list says */
const pullPrivate: Cell = { first: 'claimed', requests: 1, next: 'unknown', note: 'never in the public-only list: unknown at once, never initiated again' }

/**
 * The upload finished but no status came back. The next run polls the same
 * publish_id once, takes TikTok's PROCESSING_UPLOAD for an upload an earlier
 * run left half done and stops; the run after finishes it. Never initiated
 * again within the upload URL's hour — but see the failing test below for
 * what happens after that hour.
 */
const processingStall = (requests: number): Cell => ({ first: 'processing', requests, next: 'published', note: 'same publish_id; the next run polls it to the end' })

const CELLS: Record<Endpoint, Partial<Record<FaultName, Cell>>> = {
  token: {
    'HTML 502': { first: 'failed', requests: 1, code: 'token', next: 'needs auth', note: 'rotated token lost in transit' },
    'HTTP 500': rec(2),
    'HTTP 503': rec(2),
    '5xx persistent': { first: 'failed', requests: MAX_ATTEMPTS, code: 'token', next: 'published' },
    '429 Retry-After': rec(2),
    '429 no Retry-After': rec(2),
    // TikTok rotated the refresh token and the answer never arrived: only a new authorization helps
    drop: { first: 'failed', requests: 1, code: 'token', next: 'needs auth', note: 'rotated token lost in transit' },
    'malformed JSON': { first: 'failed', requests: 1, code: 'token', next: 'needs auth', note: 'rotated token lost in transit' },
    '400 something_new': { first: 'failed', requests: 1, code: 'token', next: 'published' }
  },
  creator_info: {
    'HTML 502': rec(2),
    '401 access_token_invalid': rec(2, 'token refreshed, call repeated'),
    'HTTP 500': rec(2),
    'HTTP 503': rec(2),
    '5xx persistent': { first: 'failed', requests: MAX_ATTEMPTS, code: 'internal_error', next: 'published' },
    '429 Retry-After': rec(2),
    '429 no Retry-After': rec(2),
    drop: rec(2),
    'malformed JSON': rec(2),
    '400 something_new': { first: 'failed', requests: 1, code: 'something_new', next: 'published', note: 'before the claim: nothing recorded' }
  },
  init: {
    'HTTP 500': initRetried,
    'HTTP 503': initRetried,
    '5xx persistent': initDeferred,
    '429 Retry-After': rec(2),
    '429 no Retry-After': rec(2),
    drop: initRetried,
    'malformed JSON': initRetried,
    'HTML 502': initRetried,
    '400 something_new': { first: 'failed', requests: 1, code: 'something_new', cls: 'needs_person', next: 'needs person' },
    '401 access_token_invalid': rec(2, 'token refreshed, init repeated')
  },
  inbox_init: {
    'HTTP 500': initRetried,
    'HTTP 503': initRetried,
    '5xx persistent': initDeferred,
    '429 Retry-After': rec(2),
    '429 no Retry-After': rec(2),
    drop: initRetried,
    'malformed JSON': initRetried,
    'HTML 502': initRetried,
    '400 something_new': { first: 'failed', requests: 1, code: 'something_new', cls: 'needs_person', next: 'needs person' },
    '401 access_token_invalid': rec(2, 'token refreshed, init repeated')
  },
  init_pull: {
    'HTTP 500': pullRefused,
    '5xx persistent': pullRefused,
    '429 no Retry-After': rec(2),
    drop: pullLost,
    'malformed JSON': pullLost,
    'HTML 502': pullLost,
    '401 access_token_invalid': rec(2, 'refused before TikTok acted: token refreshed, init repeated')
  },
  init_pull_private: {
    'HTTP 500': pullPrivate,
    drop: pullPrivate,
    'malformed JSON': pullPrivate
  },
  chunk: {
    'HTTP 500': rec(2),
    'HTTP 503': rec(2),
    '5xx persistent': { first: 'deferred', requests: MAX_ATTEMPTS, code: 'http_error', cls: 'retryable', next: 'published', note: 'next run initiates again' },
    '429 Retry-After': rec(2),
    '429 no Retry-After': rec(2),
    drop: rec(2, 'resumed from Content-Range'),
    'malformed JSON': rec(1, 'a chunk answer has no body'),
    'HTML 502': rec(2, 'resumed from Content-Range'),
    '400 something_new': { first: 'deferred', requests: 1, code: 'upload_rejected', cls: 'retryable', next: 'published', note: 'next run initiates again' },
    '403 upload_url_expired': rec(2, 'status: 0 bytes held, initiated again'),
    '404 not_found': rec(2, 'status: 0 bytes held, initiated again'),
    '416 no Content-Range': rec(2, 'no Content-Range: resumed where the status says')
  },
  status: {
    'HTTP 500': rec(3),
    'HTTP 503': rec(3),
    '5xx persistent': processingStall(MAX_ATTEMPTS),
    '429 Retry-After': rec(3),
    '429 no Retry-After': rec(3),
    drop: rec(2),
    'malformed JSON': rec(2),
    'HTML 502': rec(2),
    '400 something_new': processingStall(1),
    '401 access_token_invalid': rec(3, 'token refreshed, call repeated')
  },
  video_list: {
    'HTTP 500': rec(2),
    'HTTP 503': rec(2),
    '5xx persistent': { first: 'claimed', requests: MAX_ATTEMPTS, next: 'published', note: 'reconciled next run' },
    '429 Retry-After': rec(2),
    '429 no Retry-After': rec(2),
    drop: rec(2),
    'malformed JSON': rec(2),
    'HTML 502': rec(2),
    '400 something_new': { first: 'claimed', requests: 1, next: 'published', note: 'reconciled next run' }
  }
}

/** Requests one clean run makes on each endpoint (processing_polls: 1 means two status polls). */
const CLEAN: Record<Endpoint, number> = { token: 1, creator_info: 1, init: 1, inbox_init: 1, init_pull: 1, init_pull_private: 1, chunk: 1, status: 2, video_list: 1 }

function postFor(endpoint: Endpoint): string {
  if (endpoint === 'inbox_init') return `  - id: p\n    video: media/a.mp4\n    caption: "x"\n    accounts: all\n    mode: inbox`
  // only a public post can be found again in TikTok's video list, so reconciliation is exercised with one
  if (endpoint === 'init_pull' || endpoint === 'video_list') return `  - id: p\n    video: ${PULL_PREFIX}a.mp4\n    caption: "pulled"\n    accounts: all\n    privacy: PUBLIC_TO_EVERYONE`
  if (endpoint === 'init_pull_private') return `  - id: p\n    video: ${PULL_PREFIX}a.mp4\n    caption: "pulled"\n    accounts: all\n    privacy: SELF_ONLY`
  return `  - id: p\n    video: media/a.mp4\n    caption: "x"\n    accounts: all`
}

interface Row {
  endpoint: Endpoint
  fault: FaultName
  expected: Cell
  observed: { first: string; requests: number; code?: string; next?: string; inits: number; finalPosts: number }
}
const rows: Row[] = []

let origin: { url: string; close(): Promise<void> }
beforeAll(async () => {
  origin = await startOrigin()
})
afterAll(async () => {
  await origin?.close()
  // the figures the doc quotes, for a person to read after a run
  const out = path.join(tmpdir(), 'tiktok-publish-reliability')
  await mkdir(out, { recursive: true })
  await writeFile(path.join(out, 'fault-matrix.json'), JSON.stringify(rows, null, 2) + '\n')
})

const finalStatuses = new Set(['PUBLISH_COMPLETE', 'SEND_TO_USER_INBOX'])
const successfulInits = (e: Emulator) => e.ledger.filter((l) => (l.kind === 'init' || l.kind === 'inbox_init') && l.code === 'ok').length

async function readState(file: string): Promise<{ posts: Record<string, Record<string, Record<string, unknown>>> }> {
  return JSON.parse(await readFile(file, 'utf8'))
}

/** No pair twice; every publish_id TikTok delivered is in state; any other one can never become a post. */
async function checkNothingLost(h: Harness, statePath: string): Promise<void> {
  const state = await readState(statePath)
  const record = state.posts.p?.['brand-us'] as { publish_id?: string; video_id?: string } | undefined
  const posts = h.emulator.posts()
  expect(posts.filter((p) => finalStatuses.has(p.status)).length).toBeLessThanOrEqual(1)
  for (const p of posts) {
    const record2 = record as { status?: string } | undefined
    const known =
      p.publish_id === record?.publish_id ||
      (p.video_id !== undefined && p.video_id === record?.video_id) ||
      // a PULL_FROM_URL claim stands for the post until video/list settles it
      // (and, once nothing can settle it, its unknown record, which only a person lifts)
      (p.source === 'PULL_FROM_URL' && (record2?.status === 'claimed' || record2?.status === 'unknown'))
    // the only publish_id allowed to be missing is one whose init answer never
    // arrived: TikTok created it, it received no byte, it can never publish
    if (!known) {
      expect(p.source === 'FILE_UPLOAD' && p.bytes_received === 0 && !finalStatuses.has(p.status)).toBe(true)
    }
  }
}

describe('fault matrix: apply against the emulator with one fault injected', () => {
  const cases = (Object.keys(CELLS) as Endpoint[]).flatMap((endpoint) =>
    (Object.entries(CELLS[endpoint]) as [FaultName, Cell][]).map(([fault, cell]) => [endpoint, fault, cell] as const)
  )

  it.each(cases)('%s × %s', async (endpoint, faultName, cell) => {
    const h = await harness(['brand-us'], { pull_rewrite: { [PULL_PREFIX]: origin.url } })
    try {
      const ws = await makeWorkspace(manifest({ posts: postFor(endpoint) }))
      const label = LABEL[endpoint]
      if (endpoint === 'video_list') {
        // a claim whose init answer was lost: the next run must reconcile it
        h.emulator.inject({ endpoint: 'init', kind: 'drop' })
        const setup = await apply(h, ws.manifestPath)
        expect(setup.outcomes.map((o) => o.status)).toEqual(['claimed'])
        h.emulator.advance(5 * 60_000)
      }
      const before = requests(h.emulator, label.ledger)
      const initsBefore = successfulInits(h.emulator)
      h.emulator.inject({ ...FAULTS[faultName], endpoint: label.fault })
      const first = await apply(h, ws.manifestPath)
      const made = requests(h.emulator, label.ledger) - before

      expect(first.outcomes).toHaveLength(1)
      const outcome = first.outcomes[0]
      const state = await readState(ws.statePath).catch(() => undefined)
      const record = state?.posts.p?.['brand-us'] as { status: string; publish_id?: string; error?: { code: string; class: string } } | undefined

      // retries stay within the client's attempts, and the cell's exact count holds
      expect(made).toBe(cell.requests)
      expect(made).toBeLessThanOrEqual(MAX_ATTEMPTS)
      if (faultName === '429 Retry-After') expect(h.clock.sleeps).toContain(2000)
      // a PULL_FROM_URL init is never repeated after an answer that may hide a post
      if ((endpoint === 'init_pull' || endpoint === 'init_pull_private') && !faultName.startsWith('429') && !faultName.startsWith('401')) {
        expect(requests(h.emulator, 'init')).toBe(1)
      }
      // a refused access token is refreshed once, and the call repeated with the new one
      if (faultName === '401 access_token_invalid') expect(requests(h.emulator, 'refresh')).toBe(2)

      if (cell.first === 'recovered') {
        expect(outcome.status).toBe(endpoint === 'inbox_init' ? 'inbox' : 'published')
        expect(record?.status).toBe(endpoint === 'inbox_init' ? 'inbox' : 'published')
        expect(h.emulator.posts().filter((p) => finalStatuses.has(p.status))).toHaveLength(1)
      } else {
        expect(outcome.status).toBe(cell.first)
        expect(outcome.message).toMatch(label.name)
        if (cell.first === 'deferred') {
          // one sentence: why, and when it goes next; the run is not red
          expect(outcome.message).toMatch(/It goes again at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, in the first run from then\.$/)
          expect(outcome.message).not.toMatch(/not retried|next run retries/)
          expect(first.failed).toBe(false)
        }
        if (cell.code) expect(outcome.error?.code).toBe(cell.code)
        if (cell.cls) {
          expect(record?.status).toBe('failed')
          expect(record?.error?.class).toBe(cell.cls)
        }
        if (cell.first === 'processing') {
          expect(record?.status).toBe('processing')
          expect(outcome.publish_id).toBe(record?.publish_id)
        }
        if (cell.first === 'claimed') expect(record?.status).toBe('claimed')
        if (endpoint === 'token' || (endpoint === 'creator_info')) expect(record).toBeUndefined()
      }
      if (outcome.publish_id) expect(record?.publish_id).toBe(outcome.publish_id)
      await checkNothingLost(h, ws.statePath)

      let next: string | undefined
      if (cell.next) {
        h.emulator.clearFaults()
        // past the back-off of a first failure (15 min) but within the upload
        // URL's hour; a PULL_FROM_URL claim is settled after 2 h
        h.clock.advance(endpoint === 'init_pull' ? 3 * 60 * 60_000 : 20 * 60_000)
        h.emulator.advance(2 * 60_000)
        const initsMid = successfulInits(h.emulator)
        let second = await apply(h, ws.manifestPath)
        for (let run = 1; run < (cell.runs ?? 1); run++) {
          expect(second.outcomes.map((o) => o.status)).toEqual([cell.between])
          second = await apply(h, ws.manifestPath)
        }
        const finals = h.emulator.posts().filter((p) => finalStatuses.has(p.status))
        if (cell.next === 'published') {
          expect(second.outcomes.map((o) => o.status)).toEqual([endpoint === 'inbox_init' ? 'inbox' : 'published'])
          expect(finals).toHaveLength(1)
          const saved = (await readState(ws.statePath)).posts.p['brand-us'] as { publish_id?: string; video_id?: string }
          expect(saved.publish_id === finals[0].publish_id || saved.video_id === finals[0].video_id).toBe(true)
          // a pair that TikTok already had is resumed or reconciled, never initiated again
          if (cell.first === 'processing' || (cell.first === 'claimed' && !cell.runs)) expect(successfulInits(h.emulator)).toBe(initsMid)
          next = 'published'
        } else if (cell.next === 'unknown') {
          // TikTok may have it: a person checks; nothing is initiated again, now or later
          expect(second.outcomes.map((o) => o.status)).toEqual(['unknown'])
          expect(second.outcomes[0].message).toContain('tiktok-publish resolve p brand-us --published VIDEO_ID')
          expect(((await readState(ws.statePath)).posts.p['brand-us'] as { status: string }).status).toBe('unknown')
          h.clock.advance(30 * 24 * 60 * 60_000)
          expect((await apply(h, ws.manifestPath)).outcomes).toEqual([])
          expect(successfulInits(h.emulator)).toBe(initsMid)
          next = 'unknown'
        } else if (cell.next === 'needs auth') {
          expect(second.outcomes).toHaveLength(1)
          expect(second.outcomes[0].status).toBe('failed')
          expect(second.outcomes[0].message).toMatch(/brand-us/)
          expect(second.outcomes[0].message).toMatch(/invalid_grant/)
          expect(second.outcomes[0].message).toMatch(/tiktok-publish auth --account brand-us/)
          expect(finals).toHaveLength(0)
          next = 'needs auth'
        } else {
          // only a person can lift it: no outcome, no new init
          expect(second.outcomes).toEqual([])
          expect(successfulInits(h.emulator)).toBe(initsMid)
          next = 'needs person'
        }
        await checkNothingLost(h, ws.statePath)
      }
      expect(successfulInits(h.emulator) - initsBefore).toBeLessThanOrEqual(2)
      // whatever failed, no token or secret reached a log line, an outcome or a file of the repository
      const texts = [
        { where: 'log', text: h.logger.lines.join('\n') },
        { where: 'outcomes', text: JSON.stringify(first.outcomes) },
        ...(await filesUnder(ws.dir)).map((f) => ({ where: f.file, text: f.text }))
      ]
      expect(leaks(issuedSecrets(h.emulator), texts)).toEqual([])
      rows.push({
        endpoint,
        fault: faultName,
        expected: cell,
        observed: { first: outcome.status, requests: made, code: outcome.error?.code, next, inits: successfulInits(h.emulator), finalPosts: h.emulator.posts().filter((p) => finalStatuses.has(p.status)).length }
      })
    } finally {
      await h.emulator.close()
    }
  })
})

describe('a finished upload whose processing outlasts a run', () => {
  // TikTok reports PROCESSING_UPLOAD both while bytes are missing and while a
  // finished upload is processed: a later run must tell them apart by
  // uploaded_bytes, or it would release a fully uploaded post after the upload
  // URL's hour and initiate it again (a second post).
  it('is never initiated again, however late the next run comes', async () => {
    const h = await harness(['brand-us'])
    try {
      const ws = await makeWorkspace(manifest({ posts: postFor('status') }))
      h.emulator.inject({ endpoint: 'status', kind: 'http_error', status: 503, times: Infinity })
      const first = await apply(h, ws.manifestPath)
      expect(first.outcomes.map((o) => o.status)).toEqual(['processing'])
      const uploaded = h.emulator.posts()[0]
      expect(uploaded.bytes_received).toBe(uploaded.video_size)
      h.emulator.clearFaults()
      // an hourly cron: the next run comes just after the upload URL's hour
      for (let run = 0; run < 3; run++) {
        h.clock.advance(61 * 60_000)
        h.emulator.advance(2 * 60_000)
        await apply(h, ws.manifestPath)
      }
      expect(h.emulator.posts().filter((p) => finalStatuses.has(p.status))).toHaveLength(1)
      expect(successfulInits(h.emulator)).toBe(1)
    } finally {
      await h.emulator.close()
    }
  })
})

describe('latency beyond the client timeout', () => {
  // applyRun builds its client with the default timeouts (60 s for headers) and
  // does not let a caller shorten them, so these cells run the client alone
  // with a 1 s header timeout against 3 s of injected latency. Both are real
  // timers in this one process, so the client always gives up first however
  // loaded the machine is; the repeated request, which must answer within the
  // timeout, gets a whole second, not the 200 ms a busy machine overran. The
  // test then waits for the slow request to end (an event), not for a time.
  const LATENCY = 3000
  const HEADERS_TIMEOUT = 1000
  let emulator: Emulator
  afterEach(async () => emulator?.close())

  async function setup() {
    emulator = await startEmulator({ config: { rate_limits: false, apps: [{ client_key: 'k', client_secret: 'secret_s', pull_prefixes: [PULL_PREFIX] }] } })
    const account = emulator.addAccount({})
    const client = new TikTokClient({ baseUrl: emulator.url, clock: new SteppingClock(), rateLimits: false, timeouts: { headersTimeoutMs: HEADERS_TIMEOUT } })
    return { client, account }
  }

  it('a slow FILE_UPLOAD init is repeated: the one that timed out can never receive a byte', async () => {
    const { client, account } = await setup()
    emulator.inject({ endpoint: 'init', kind: 'latency', ms: LATENCY })
    const init = await client.initDirectPost(account.access_token, {
      postInfo: { privacyLevel: 'SELF_ONLY', title: 'x' },
      sourceInfo: { source: 'FILE_UPLOAD', videoSize: 1000, chunkSize: 1000, totalChunkCount: 1 }
    })
    await client.close()
    // the emulator finishes the slow request after the client gave up: TikTok acted on it
    await until(() => emulator.posts().length >= 2, 'the slow init takes effect')
    expect(requests(emulator, 'init')).toBe(2)
    const posts = emulator.posts()
    expect(posts).toHaveLength(2)
    expect(posts.filter((p) => p.publish_id === init.publishId)).toHaveLength(1)
    // the other publish_id's upload_url never reached us: it stays without bytes
    expect(posts.filter((p) => p.publish_id !== init.publishId).map((p) => p.bytes_received)).toEqual([0])
  })

  it('a slow PULL_FROM_URL init is a timeout, reported as ambiguous and never repeated', async () => {
    const { client, account } = await setup()
    emulator.inject({ endpoint: 'init', kind: 'latency', ms: LATENCY })
    const err = await client
      .initDirectPost(account.access_token, {
        postInfo: { privacyLevel: 'SELF_ONLY', title: 'x' },
        sourceInfo: { source: 'PULL_FROM_URL', videoUrl: `${PULL_PREFIX}a.mp4` }
      })
      .catch((e: unknown) => e)
    await client.close()
    expect(err).toBeInstanceOf(TikTokApiError)
    expect((err as TikTokApiError).code).toBe('timeout')
    expect((err as TikTokApiError).ambiguous).toBe(true)
    expect((err as TikTokApiError).message).toMatch(/direct post init/)
    await until(() => emulator.posts().length >= 1, 'the slow init takes effect')
    expect(requests(emulator, 'init')).toBe(1)
    expect(emulator.posts()).toHaveLength(1)
  })

  it('a slow status fetch is retried and succeeds', async () => {
    const { client, account } = await setup()
    const init = await client.initDirectPost(account.access_token, {
      postInfo: { privacyLevel: 'SELF_ONLY', title: 'x' },
      sourceInfo: { source: 'FILE_UPLOAD', videoSize: 1000, chunkSize: 1000, totalChunkCount: 1 }
    })
    emulator.inject({ endpoint: 'status', kind: 'latency', ms: LATENCY })
    const status = await client.fetchStatus(account.access_token, init.publishId)
    await client.close()
    expect(status.status).toBe('PROCESSING_UPLOAD')
    // the client is done: the slow fetch is the only request still to be counted
    await until(() => requests(emulator, 'status') >= 2, 'the slow status fetch ends')
    expect(requests(emulator, 'status')).toBe(2)
  })
})

/** The doc's table, one line per endpoint, built from CELLS. */
export function matrixMarkdown(): string {
  const faults = Object.keys(FAULTS) as FaultName[]
  const head = `| endpoint | ${faults.join(' | ')} |\n| --- |${faults.map(() => ' --- |').join('')}`
  const cellText = (c: Cell | undefined): string => {
    if (!c) return 'n/a'
    const first = c.first === 'recovered' ? `recovered (${c.requests} req)` : `${c.first}${c.code && c.code !== 'token' ? ` \`${c.code}\`` : ''} (${c.requests} req)`
    const next = c.next ? ` → ${c.runs ? `after ${c.runs} runs` : 'next run'}: ${c.next}` : ''
    return `${first}${next}${c.note ? `; ${c.note}` : ''}`
  }
  const lines = (Object.keys(CELLS) as Endpoint[]).map((e) => `| ${LABEL[e].title} | ${faults.map((f) => cellText(CELLS[e][f])).join(' | ')} |`)
  return [head, ...lines].join('\n')
}

describe('docs/RELIABILITY.md', () => {
  it('carries the fault matrix exactly as the tests assert it', async () => {
    const doc = await readFile(path.join(REPO_ROOT, 'docs', 'RELIABILITY.md'), 'utf8').catch(() => '')
    const table = matrixMarkdown()
    if (!doc.includes(table)) {
      const out = path.join(tmpdir(), 'tiktok-publish-reliability')
      await mkdir(out, { recursive: true })
      await writeFile(path.join(out, 'fault-matrix.md'), table + '\n')
    }
    expect(doc).toContain(table)
  })
})
