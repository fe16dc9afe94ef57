import path from 'node:path'
import { UsageError, UserError } from '../errors.js'
import { findRepositoryRoot } from '../manifest/load.js'
import { checkStatePath, defaultStatePath } from '../publish/run.js'
import { getRecord, loadState, saveState, setRecord } from '../state/index.js'
import { canResolve, resolved } from '../state/transitions/resolve.js'
import { clockOf, type CliContext } from './context.js'
import type { CommonFlags } from './options.js'
import { manifestSettings } from './settings.js'

export type ResolveFlags = Pick<CommonFlags, 'manifest' | 'state'> & { published?: string; notPublished?: boolean }

/** `resolve`: a person settles an `unknown` pair after checking the account in TikTok. */
export async function runResolve(post: string, account: string, flags: ResolveFlags, ctx: CliContext): Promise<void> {
  if (!!flags.published === !!flags.notPublished) {
    throw new UsageError('resolve needs exactly one of --published VIDEO_ID or --not-published', {
      fix: `check the account in the TikTok app, then run e.g. tiktok-publish resolve ${post} ${account} --not-published`
    })
  }
  if (flags.published && !/^\d{1,20}$/.test(flags.published)) {
    throw new UsageError(`--published "${flags.published}" is not a TikTok video id`, { fix: 'copy the digits at the end of the video URL, e.g. 7312345678901234567' })
  }
  const s = manifestSettings(flags, ctx)
  const statePath = s.statePath ?? defaultStatePath(s.manifestPath)
  checkStatePath(statePath, findRepositoryRoot(path.dirname(s.manifestPath)))
  const { state, exists } = await loadState(statePath)
  const record = exists ? getRecord(state, post, account) : undefined
  if (!record) throw new UserError(`${statePath} has no record for post ${post} on account ${account}`, { fix: 'check the post id and account name (tiktok-publish status lists them)' })
  if (!canResolve(record)) {
    throw new UserError(`post ${post} on ${account} is ${record.status}, not unknown: nothing to resolve`, { fix: 'only pairs left unknown by an interrupted run, or failed ones a person has checked, need resolving' })
  }
  const next = resolved(record, flags.published ? { published: flags.published } : { notPublished: true }, clockOf(ctx).now())
  await saveState(statePath, setRecord(state, post, account, next))
  ctx.stdout.write(`${post} on ${account}: ${flags.published ? `published as video ${flags.published}` : 'not published; the next run publishes it'}\n`)
}
