import { appendFile } from 'node:fs/promises'
import { world, type World } from '../action/apply-world.js'
import { git, makeRepo, type ActionRun, type Repo } from '../action/harness.js'
import { ACCOUNTS, allFinal, applyNow, census, currentSecret, laterBy, reauthorize, remoteStateOrNone, strandedAccounts, twoByTwoManifest, type PairCensus } from './crash-world.js'

/**
 * The Action's crash matrix: the bundle, run on a push as the runner runs it,
 * is SIGKILLed at a named step; then the job is rerun — each time on a fresh
 * clone of the remote, because a runner's disk dies with its job — until the
 * remote's state has every pair final. Two promises are checked at every
 * point: no pair is posted twice, and no publish_id TikTok completed is missing
 * from the remote's state.
 *
 * RELIABILITY_FULL=1 runs every point; CI runs a sample that still touches each
 * kind of step. RELIABILITY_REPORT=<file> appends one JSON line per point (the
 * figures in docs/RELIABILITY-ACTION.md).
 */

interface Point {
  /** TIKTOK_PUBLISH_FAILPOINT */
  at: string
  /** in the CI sample */
  sample?: boolean
  /** another commit lands on main between checkout and the first push, so the first save takes the merge path */
  race?: boolean
  /** what the kill must leave behind (checked right after the kill) */
  expect?: { lostLocalCommits?: number; remoteClaimWithoutPublishId?: boolean; remoteState?: 'absent' | 'present'; tiktokAhead?: boolean }
}

// A clean run's checkpoints, in order (one commit and push each; two accounts
// work side by side): claim a/us, claim a/br, init a/us, init a/br, final a/us,
// final a/br, then the same for b, then "run finished". Each account's
// refreshed token is written to its secret before its first claim.
const POINTS: Point[] = [
  { at: 'secret-written:1', sample: true, expect: { remoteState: 'absent' } },
  { at: 'secret-written:2' },
  { at: 'state.before-rename:1', expect: { remoteState: 'absent' } },
  { at: 'git.before-commit:1', expect: { remoteState: 'absent', lostLocalCommits: 0 } },
  // the first claim is committed on the runner's disk only: it dies with it
  { at: 'git.after-commit:1', sample: true, expect: { remoteState: 'absent', lostLocalCommits: 1 } },
  { at: 'git.after-push:1', sample: true, expect: { remoteState: 'present', lostLocalCommits: 0, remoteClaimWithoutPublishId: true } },
  { at: 'after-claim:1', sample: true, expect: { remoteState: 'present', remoteClaimWithoutPublishId: true } },
  // TikTok handed out a publish_id the remote will never hear of: the claim is pushed, its publish_id is not
  { at: 'after-init:1', sample: true, expect: { remoteClaimWithoutPublishId: true, tiktokAhead: true } },
  { at: 'after-init:3', expect: { remoteClaimWithoutPublishId: true, tiktokAhead: true } },
  { at: 'git.after-commit:2', expect: { lostLocalCommits: 1 } },
  { at: 'git.after-push:2', expect: { lostLocalCommits: 0 } },
  // the init checkpoint (a publish_id) committed but not pushed
  { at: 'git.after-commit:3', sample: true, expect: { lostLocalCommits: 1, remoteClaimWithoutPublishId: true } },
  { at: 'git.after-push:3' },
  { at: 'after-publish-id:1', sample: true },
  { at: 'after-publish-id:4' },
  { at: 'upload-progress:1', sample: true },
  { at: 'upload-progress:3' },
  { at: 'before-poll:1' },
  { at: 'before-poll:4', sample: true },
  { at: 'before-final-save:1' },
  { at: 'git.after-push:4' },
  { at: 'git.after-commit:5', expect: { lostLocalCommits: 1 } },
  { at: 'after-final-save:1' },
  { at: 'before-final-save:4' },
  { at: 'git.after-commit:13', expect: { lostLocalCommits: 1 } },
  { at: 'git.merge-fetched:1', race: true, sample: true, expect: { remoteState: 'absent', lostLocalCommits: 1 } },
  // the reset onto the fetched commit leaves the first claim commit behind; the merged commit is the one lost
  { at: 'git.merge-written:1', race: true, sample: true, expect: { remoteState: 'absent', lostLocalCommits: 1 } }
]

const FULL = process.env.RELIABILITY_FULL === '1'
const selected = FULL ? POINTS : POINTS.filter((p) => p.sample)
const MAX_RERUNS = 8
const BUG_LINE = /This is a bug in tiktok-publish/
const HOUR_AND_A_BIT = 61 * 60_000

/** Commits on the dead runner's disk that the remote never received. */
function lostCommits(ws: string): number {
  git(ws, 'fetch', '-q', 'origin')
  return Number(git(ws, 'rev-list', '--count', 'HEAD', '--not', '--remotes=origin').trim())
}

async function report(line: Record<string, unknown>): Promise<void> {
  if (process.env.RELIABILITY_REPORT) await appendFile(process.env.RELIABILITY_REPORT, JSON.stringify(line) + '\n')
}

function transcript(runs: ActionRun[]): string {
  return runs.map((r, i) => `--- run ${i + 1} (exit ${r.code})\n${r.stdout}\n${r.stderr}`).join('\n')
}

describe('the Action killed at each step, then rerun on a fresh clone until done', () => {
  let w: World | undefined
  afterEach(async () => {
    await w?.emulator.close()
    await w?.github.close()
    w = undefined
  })

  it.each(selected.map((p) => [p.at, p] as const))('killed at %s: nothing posted twice, no publish_id lost', async (_name, point) => {
    w = await world()
    const repo: Repo = await makeRepo({ 'tiktok.yml': twoByTwoManifest() })
    const ws = repo.clone('ws-killed')
    if (point.race) {
      await appendFile(`${repo.seed}/notes.txt`, 'another run was here\n')
      git(repo.seed, 'add', 'notes.txt')
      git(repo.seed, 'commit', '-qm', 'another run')
      git(repo.seed, 'push', '-q', 'origin', 'main')
    }

    const killed = await applyNow(w, repo, { workspace: ws, env: { TIKTOK_PUBLISH_FAILPOINT: point.at } })
    // a run that finished was not killed: the point is not where this list says it is
    if (killed.code !== null) throw new Error(`${point.at} was never reached (exit ${killed.code}):\n${killed.stdout}\n${killed.stderr}`)

    const lost = lostCommits(ws)
    const afterKill = census(w, repo)
    const remote = remoteStateOrNone(repo)
    if (point.expect?.lostLocalCommits !== undefined) expect(lost).toBe(point.expect.lostLocalCommits)
    if (point.expect?.remoteState) expect(remote ? 'present' : 'absent').toBe(point.expect.remoteState)
    if (point.expect?.remoteClaimWithoutPublishId) expect(afterKill.some((c) => c.status === 'claimed' && c.publishId === undefined)).toBe(true)
    // the lost commit was an init checkpoint: TikTok knows a publish_id the remote's state does not
    const lostSubject = lost > 0 ? git(ws, 'log', '-1', '--format=%s').trim() : undefined
    const tiktokAhead = w.emulator.posts().filter((p) => !afterKill.some((c) => c.publishId === p.publish_id)).length
    if (point.expect?.tiktokAhead || lostSubject?.startsWith('tiktok-publish: init')) expect(tiktokAhead).toBeGreaterThan(0)

    const reruns: ActionRun[] = []
    const inFlight = new Set<string>()
    // Reruns come at once; a rerun that changes nothing (an upload whose URL
    // died with the runner waits for that URL to expire) is followed by the
    // scheduled run an hour later, for the Action and TikTok alike.
    let later = 0
    const reauthorized: string[] = []
    let hoursWaited = 0
    while (!allFinal(census(w, repo))) {
      if (reruns.length === MAX_RERUNS) throw new Error(`not done after ${MAX_RERUNS} reruns:\n${transcript(reruns)}\n${repo.show('main', 'tiktok.state.json')}`)
      const before = JSON.stringify(census(w, repo))
      const r = await applyNow(w, repo, { env: laterBy(later) })
      reruns.push(r)
      if (BUG_LINE.test(r.stdout + r.stderr)) throw new Error(`rerun ${reruns.length} after ${point.at} hit a bug:\n${transcript(reruns)}`)
      const after = census(w, repo)
      if (r.code !== 0) {
        // The one failure a kill may leave: the other account's rotated token
        // was received from TikTok but not yet written to its secret (the
        // accounts refresh concurrently). The run must name that account and
        // the fix, and claim nothing for it; then a person re-authorizes.
        const stranded = strandedAccounts(r)
        if (stranded.length === 0 || reauthorized.length > 0) throw new Error(`rerun ${reruns.length} after ${point.at} failed:\n${transcript(reruns)}`)
        for (const account of stranded) {
          expect(after.filter((c) => c.account === account && c.status === 'claimed')).toEqual([])
          await reauthorize(w, account)
          reauthorized.push(account)
        }
        continue
      }
      for (const c of after) if (c.status === 'unknown' || c.status === 'processing') inFlight.add(`${c.post}/${c.account}:${c.status}`)
      if (JSON.stringify(after) === before) {
        later += HOUR_AND_A_BIT
        w.emulator.advance(HOUR_AND_A_BIT)
        hoursWaited++
      }
    }

    const final = census(w, repo)
    // no pair posted twice, and the one post TikTok completed is the one the state names
    const completedIds = new Set(w.emulator.posts().filter((p) => p.status === 'PUBLISH_COMPLETE').map((p) => p.publish_id))
    for (const c of final) {
      expect({ pair: `${c.post}/${c.account}`, completed: c.completed }).toEqual({ pair: `${c.post}/${c.account}`, completed: 1 })
      expect(completedIds.has(c.publishId!)).toBe(true)
    }
    // no publish_id lost: every post TikTok completed is in the remote's state
    const saved = new Set(final.map((c) => c.publishId))
    for (const id of completedIds) expect(saved.has(id)).toBe(true)
    expect(completedIds.size).toBe(ACCOUNTS.length * 2)
    // an abandoned init is a publish_id TikTok issued whose upload never started: it can never complete
    const abandoned = w.emulator.posts().filter((p) => p.status !== 'PUBLISH_COMPLETE')
    for (const p of abandoned) expect(p.bytes_received).toBe(0)

    await report({
      point: point.at,
      race: point.race ?? false,
      lostLocalCommits: lost,
      lostSubject,
      tiktokAhead,
      remoteAfterKill: summarize(afterKill, remote !== undefined),
      runsToDone: 1 + reruns.length,
      hoursWaited,
      reauthorized,
      reruns: reruns.map((r) => r.code),
      abandonedInits: abandoned.length,
      leftInFlight: [...inFlight],
      doublePosts: final.filter((c) => c.completed > 1).length
    })
  }, 120_000)

  it('killed after TikTok rotated a refresh token but before it was written to its secret: nothing claimed, the next run names the account and the fix', async () => {
    w = await world()
    const repo = await makeRepo({ 'tiktok.yml': twoByTwoManifest() })
    const killed = await applyNow(w, repo, { env: { TIKTOK_PUBLISH_FAILPOINT: 'token-refreshed:1' } })
    expect(killed.code).toBeNull()
    // TikTok holds a token no secret has: that account's grant now exists only in the dead runner's memory
    const dead: string[] = ACCOUNTS.filter((a) => w!.emulator.currentRefreshToken(w!.openIds[a]) !== currentSecret(w!, a))
    expect(dead.length).toBeGreaterThanOrEqual(1)
    // the token comes before the claim: the killed run left nothing for a person to settle
    for (const c of census(w, repo)) expect(c.status === 'absent' || c.status === 'published').toBe(true)
    expect(w.emulator.posts().filter((p) => dead.some((a) => p.open_id === w!.openIds[a]))).toEqual([])

    const rerun = await applyNow(w, repo)
    expect(rerun.code).toBe(1)
    expect(rerun.stdout + rerun.stderr).not.toMatch(BUG_LINE)
    expect(strandedAccounts(rerun).sort()).toEqual([...dead].sort())
    for (const c of census(w, repo)) if (dead.includes(c.account)) expect(c.status).toBe('absent')
    expect(w.emulator.posts().filter((p) => dead.some((a) => p.open_id === w!.openIds[a]))).toEqual([])

    // after the person's fix the next run finishes the job, once per pair
    for (const a of dead) await reauthorize(w, a)
    const fixed = await applyNow(w, repo)
    expect(fixed.code).toBe(0)
    const final = census(w, repo)
    expect(allFinal(final)).toBe(true)
    for (const c of final) expect(c.completed).toBe(1)
    await report({ point: 'token-refreshed:1', stranded: dead, runsToDone: 3, reruns: [rerun.code, fixed.code], reauthorized: dead, doublePosts: 0 })
  }, 60_000)
})

function summarize(c: PairCensus[], present: boolean): string {
  if (!present) return 'no state'
  const counts = new Map<string, number>()
  for (const x of c) {
    const key = x.status === 'claimed' && !x.publishId ? 'claimed (no publish_id)' : x.status
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ')
}
