import { UserError } from '../errors.js'
import { ConsoleLogger } from '../logger.js'
import { loadInputs } from '../publish/run.js'
import { getRecord } from '../state/index.js'
import { PRIVATE_NO_ID, photoLine, photoSummary, privateWithoutId } from '../plan/photo-text.js'
import { showInvisible } from '../text.js'
import { jsonText } from './terminal.js'
import { FileTokenStore, TokenManager } from '../tiktok/tokens.js'
import { expiryWarnings, renderExpiryWarnings } from '../publish/keep-alive.js'
import { clockOf, type CliContext } from './context.js'
import type { ApiFlags, CommonFlags } from './options.js'
import { apiSettings, manifestSettings } from './settings.js'

export type StatusFlags = CommonFlags & ApiFlags & { offline?: boolean }

interface StatusRow {
  post: string
  account: string
  status: string
  publish_id?: string
  video_id?: string
  url?: string
  error?: string
  /** what TikTok says now of a post still in flight */
  live?: string
  /** inbox drafts reach TikTok without a caption: the creator pastes this one */
  caption_to_paste?: string
  /** why a published post has no video id */
  note?: string
  /** photo posts: count, cover (1-based), title, and the URL TikTok pulls each image from */
  photos?: { count: number; cover: number; title: string; urls: string[] }
}

/**
 * `status`: the state joined with the manifest, and for posts TikTok still has
 * in flight, what TikTok says of them now. It never writes the state: the next
 * apply records what it finds.
 */
export async function runStatus(flags: StatusFlags, ctx: CliContext): Promise<void> {
  const s = manifestSettings(flags, ctx)
  const inputs = await loadInputs({ manifestPath: s.manifestPath, statePath: s.statePath, accounts: s.accounts, shard: s.shard })
  const rows: StatusRow[] = []
  for (const post of inputs.manifest.posts) {
    for (const target of post.targets) {
      if (!inputs.selector(target.account)) continue
      const r = getRecord(inputs.state, post.id, target.account)
      rows.push({
        post: post.id,
        account: target.account,
        status: r?.status ?? 'not published',
        publish_id: r?.publish_id,
        video_id: r?.video_id,
        url: r?.url,
        error: r?.error?.message,
        caption_to_paste: r?.status === 'inbox' || (r?.status === 'processing' && target.mode === 'inbox') ? (r.caption ?? target.caption) : undefined,
        ...(privateWithoutId(target, r) ? { note: PRIVATE_NO_ID } : {}),
        ...(post.video.kind === 'photos' ? { photos: photoSummary(post, target) } : {})
      })
    }
  }
  const inFlight = rows.filter((r) => r.status === 'processing' && r.publish_id)
  if (inFlight.length && !flags.offline) await addLiveStatus(inFlight, inputs.manifest, flags, ctx)

  const expiring = renderExpiryWarnings(expiryWarnings({ manifest: inputs.manifest, state: inputs.state, now: clockOf(ctx).now(), selector: inputs.selector }))
  if (s.json) {
    ctx.stdout.write(jsonText(rows, 2))
    // the JSON stays a list of rows; the warnings go where a person sees them
    ctx.stderr.write(expiring)
    return
  }
  // state files and TikTok's messages are not ours: nothing they hold may
  // drive the terminal or reorder what a person reads
  for (const row of rows) {
    const extra = [row.video_id && `video ${row.video_id}`, row.url, row.publish_id && !row.video_id && `publish_id ${row.publish_id}`, row.note, row.live && `TikTok now: ${row.live}`, row.error]
      .filter(Boolean)
      .map((text) => showInvisible(String(text)))
      .join('  ')
    ctx.stdout.write(`${row.post.padEnd(24)} ${row.account.padEnd(16)} ${row.status.padEnd(14)} ${extra}\n`)
    if (row.photos) {
      ctx.stdout.write(`${''.padEnd(41)} ${showInvisible(photoLine(row.photos))}\n`)
      for (const [i, u] of row.photos.urls.entries()) ctx.stdout.write(`${''.padEnd(41)} photo ${i + 1}: ${showInvisible(u || '(no URL)')}\n`)
    }
    if (row.caption_to_paste) ctx.stdout.write(`${''.padEnd(41)} caption to paste: ${showInvisible(row.caption_to_paste, { keepLayout: true })}\n`)
  }
  ctx.stdout.write(expiring)
}

async function addLiveStatus(rows: StatusRow[], manifest: Awaited<ReturnType<typeof loadInputs>>['manifest'], flags: ApiFlags, ctx: CliContext): Promise<void> {
  // only now: a status with nothing in flight talks to nobody, whatever the API flags say
  const s = apiSettings(flags, ctx)
  const logger = new ConsoleLogger({ stream: ctx.stderr, verbose: s.debug })
  // the HTTP client (and undici under it) loads only for a status that asks TikTok
  const { TikTokClient } = await import('../tiktok/client.js')
  const client = new TikTokClient({ baseUrl: s.apiBaseUrl, clock: clockOf(ctx), logger })
  const tokens = new TokenManager({
    client,
    store: new FileTokenStore({ path: s.tokenStorePath }),
    clock: clockOf(ctx),
    logger
  })
  try {
    for (const row of rows) {
      const account = manifest.accounts[row.account]
      const app = manifest.apps[account.app]
      const clientKey = s.secret(app.clientKeySecret)
      const clientSecret = s.secret(app.clientSecretSecret)
      if (!clientKey || !clientSecret) {
        row.live = `unknown (set ${app.clientKeySecret} and ${app.clientSecretSecret} to ask TikTok)`
        continue
      }
      try {
        const token = await tokens.accessTokenFor({ name: row.account, clientKey, clientSecret, seedRefreshToken: s.secret(account.refreshTokenSecret) })
        const live = await client.fetchStatus(token, row.publish_id!)
        row.live = live.failReason ? `${live.status} (${live.failReason})` : live.status
        if (live.publicPostIds[0] && !row.video_id) row.video_id = live.publicPostIds[0]
      } catch (error) {
        row.live = `unknown (${error instanceof UserError ? error.message : error instanceof Error ? error.message : String(error)})`
      }
    }
  } finally {
    await client.close()
  }
}
