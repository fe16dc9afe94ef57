import { UserError } from '../errors.js'
import { stableStringify } from '../json.js'
import type { AccountState, State, StateRecord } from './schema.js'

const same = (a: unknown, b: unknown): boolean => stableStringify(a ?? null) === stableStringify(b ?? null)

const STATUS_RANK: Record<StateRecord['status'], number> = {
  claimed: 1,
  failed: 2,
  // a pair a run lost track of: further along than a claim or a failure, but a
  // record that holds TikTok's publish_id knows more
  unknown: 3,
  processing: 4,
  published: 5,
  inbox: 5
}

/** Negative when a is further along than b. */
function compareProgress(a: StateRecord, b: StateRecord): number {
  const byStatus = STATUS_RANK[b.status] - STATUS_RANK[a.status]
  if (byStatus) return byStatus
  const byPublishId = Number(b.publish_id !== undefined) - Number(a.publish_id !== undefined)
  if (byPublishId) return byPublishId
  const byAttempts = b.attempts - a.attempts
  if (byAttempts) return byAttempts
  return (Date.parse(b.updated_at) || 0) - (Date.parse(a.updated_at) || 0)
}

function mergeRecord(
  where: string,
  base: StateRecord | undefined,
  ours: StateRecord | undefined,
  theirs: StateRecord | undefined,
  conflicts: string[]
): StateRecord | undefined {
  if (same(ours, theirs)) return ours
  // A record missing on one side is kept from the other: a record is TikTok's
  // history of a pair (its publish_id) and losing one could lead to a second post.
  if (!ours || !theirs) {
    const kept = (ours ?? theirs)!
    if (base && same(kept, base)) conflicts.push(`${where}: one side removed the record; kept it unchanged`)
    else if (base) conflicts.push(`${where}: one side removed the record and the other changed it; kept the changed record`)
    return kept
  }
  if (base && same(ours, base)) return theirs
  if (base && same(theirs, base)) return ours
  const oursWins = compareProgress(ours, theirs) <= 0
  const winner = oursWins ? ours : theirs
  const loser = oursWins ? theirs : ours
  let note = `${where}: both sides changed it; kept ${oursWins ? 'ours' : 'theirs'} (${winner.status}, attempts ${winner.attempts}${winner.publish_id ? `, publish_id ${winner.publish_id}` : ''}) over ${oursWins ? 'theirs' : 'ours'} (${loser.status}, attempts ${loser.attempts}${loser.publish_id ? `, publish_id ${loser.publish_id}` : ''})`
  if (loser.publish_id !== undefined && loser.publish_id !== winner.publish_id) {
    // Two inits of one pair: keep the other publish_id too, so a person can find that post.
    const previous = Array.isArray(winner.superseded) ? (winner.superseded as unknown[]) : []
    const loserOwn = { ...loser }
    delete loserOwn.superseded
    note += `; the other publish_id is kept under "superseded" — check the account for a second post`
    conflicts.push(note)
    return { ...winner, superseded: [...previous, loserOwn, ...(Array.isArray(loser.superseded) ? (loser.superseded as unknown[]) : [])] }
  }
  conflicts.push(note)
  return winner
}

function laterTime(a: string | undefined, b: string | undefined): number {
  return (Date.parse(a ?? '') || -Infinity) - (Date.parse(b ?? '') || -Infinity)
}

function mergeAccount(
  name: string,
  base: AccountState | undefined,
  ours: AccountState | undefined,
  theirs: AccountState | undefined,
  conflicts: string[]
): AccountState | undefined {
  if (same(ours, theirs)) return ours
  if (!ours || !theirs) return ours ?? theirs
  const b: AccountState = base ?? {}
  const out: Record<string, unknown> = {}
  // The creator cache and its time stay together: the newer check wins.
  const creatorOurs = { creator: ours.creator, checked_at: ours.checked_at }
  const creatorTheirs = { creator: theirs.creator, checked_at: theirs.checked_at }
  const creatorBase = { creator: b.creator, checked_at: b.checked_at }
  let creator = creatorOurs
  if (same(creatorOurs, creatorBase)) creator = creatorTheirs
  else if (!same(creatorTheirs, creatorBase) && laterTime(theirs.checked_at, ours.checked_at) > 0) creator = creatorTheirs
  Object.assign(out, creator)
  // A hold protects the account from a cap: the longer one is the safe choice.
  let hold = ours.hold
  if (same(ours.hold, b.hold)) hold = theirs.hold
  else if (!same(theirs.hold, b.hold) && laterTime(theirs.hold?.until, ours.hold?.until) > 0) hold = theirs.hold
  out.hold = hold
  // Two runs that both renewed the token: the later expiry belongs to the token
  // TikTok handed out last, the one that still works.
  let expires = ours.refresh_expires_at
  if (same(ours.refresh_expires_at, b.refresh_expires_at)) expires = theirs.refresh_expires_at
  else if (!same(theirs.refresh_expires_at, b.refresh_expires_at) && laterTime(theirs.refresh_expires_at, ours.refresh_expires_at) > 0) expires = theirs.refresh_expires_at
  out.refresh_expires_at = expires
  const keys = new Set([...Object.keys(ours), ...Object.keys(theirs)])
  for (const key of [...keys].sort()) {
    if (key === 'creator' || key === 'checked_at' || key === 'hold' || key === 'refresh_expires_at') continue
    const o = (ours as Record<string, unknown>)[key]
    const t = (theirs as Record<string, unknown>)[key]
    const bv = (b as Record<string, unknown>)[key]
    if (same(o, t) || same(t, bv)) out[key] = o
    else if (same(o, bv)) out[key] = t
    else {
      out[key] = o
      conflicts.push(`accounts.${name}.${key}: both sides changed it; kept ours`)
    }
  }
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key]
  return out as AccountState
}

/**
 * Three-way, record-by-record merge for a rejected push: `base` is the state
 * both sides started from, `ours` what this run wrote, `theirs` what is on the
 * remote now. No record of either side is lost; when both changed the same
 * record, the one further along wins (published/inbox > processing > unknown >
 * failed > claimed; then a publish_id; then more attempts) and it is reported.
 * Returns new objects; the inputs are not modified.
 */
export function mergeStates(base: State, ours: State, theirs: State): { merged: State; conflicts: string[] } {
  if (ours.lineage !== theirs.lineage || base.lineage !== ours.lineage) {
    throw new UserError(
      `cannot merge states of different lineages (base ${base.lineage}, ours ${ours.lineage}, theirs ${theirs.lineage})`,
      { fix: 'the state on the branch was replaced by another state file; check the state path and its history' }
    )
  }
  const conflicts: string[] = []
  const accounts: State['accounts'] = {}
  for (const name of [...new Set([...Object.keys(ours.accounts), ...Object.keys(theirs.accounts)])].sort()) {
    const merged = mergeAccount(name, base.accounts[name], ours.accounts[name], theirs.accounts[name], conflicts)
    if (merged) accounts[name] = merged
  }
  const posts: State['posts'] = {}
  for (const post of [...new Set([...Object.keys(ours.posts), ...Object.keys(theirs.posts)])].sort()) {
    const b = base.posts[post] ?? {}
    const o = ours.posts[post] ?? {}
    const t = theirs.posts[post] ?? {}
    const out: Record<string, StateRecord> = {}
    for (const account of [...new Set([...Object.keys(o), ...Object.keys(t)])].sort()) {
      const r = mergeRecord(`posts.${post}.${account}`, b[account], o[account], t[account], conflicts)
      if (r) out[account] = r
    }
    if (Object.keys(out).length) posts[post] = out
  }
  // Extra top-level fields: theirs is the newer published copy unless only ours changed them.
  const extra: Record<string, unknown> = {}
  for (const key of new Set([...Object.keys(ours), ...Object.keys(theirs)])) {
    if (['version', 'lineage', 'serial', 'accounts', 'posts'].includes(key)) continue
    const o = (ours as Record<string, unknown>)[key]
    const t = (theirs as Record<string, unknown>)[key]
    const bv = (base as Record<string, unknown>)[key]
    extra[key] = same(t, bv) ? o : t
  }
  const merged: State = {
    ...extra,
    version: ours.version,
    lineage: ours.lineage,
    serial: Math.max(ours.serial, theirs.serial) + 1,
    accounts,
    posts
  }
  return { merged, conflicts }
}
