import path from 'node:path'
import { isUserError, UserError, UserErrors } from '../errors.js'
import { MemoryLogger } from '../logger.js'
import { loadManifest, type AccountConfig, type AppConfig, type Manifest } from '../manifest/index.js'
import { missingScopeLines, sortScopes } from '../onboarding/scopes.js'
import { accountSelector } from '../select.js'
import { TikTokClient, type TokenGrant } from '../tiktok/client.js'
import { TikTokApiError, TikTokAuthError } from '../tiktok/errors.js'
import { FileTokenStore, TokenManager, type TokenStore } from '../tiktok/tokens.js'
import { tokenStorePath } from './auth.js'
import { formatDuration } from '../duration.js'
import { defaultStatePath } from '../publish/run.js'
import { keepAliveWithin } from '../publish/keep-alive.js'
import { getAccountState, loadState, type State } from '../state/index.js'
import { clockOf, EXIT_FAILED, type CliContext } from './main.js'
import { apiBaseUrl } from './options.js'
import { classifyErrorCode } from '../rules/rulebook.js'

export interface DoctorFlags {
  manifest: string
  accounts?: string
  apiBaseUrl?: string
  tokenStore?: string
}

export interface AccountReport {
  account: string
  ok: boolean
  details: string[]
  /** what is wrong and how to fix it, one entry per problem */
  problems: { message: string; fix: string }[]
}

/**
 * `tiktok-publish doctor`: everything that would make a run fail for an
 * account, checked with real calls: secrets, a token refresh, scopes, and the
 * creator's settings against the app's audit status.
 */
export async function runDoctor(flags: DoctorFlags, ctx: CliContext): Promise<void> {
  const manifest = await loadManifest(path.resolve(ctx.cwd, flags.manifest))
  const selected = accountSelector({ accounts: flags.accounts })
  const names = Object.keys(manifest.accounts).filter(selected)
  if (names.length === 0) throw new UserError('no account of the manifest matches --accounts', { fix: `choose from: ${Object.keys(manifest.accounts).join(', ')}` })

  const store = new FileTokenStore({ path: tokenStorePath(flags, ctx) })
  const client = new TikTokClient({ baseUrl: apiBaseUrl(flags, ctx) })
  // the expiry dates runs recorded, for accounts this check cannot refresh; an unreadable state is not doctor's concern
  const state = await loadState(defaultStatePath(manifest.file)).then((l) => (l.exists ? l.state : undefined), () => undefined)
  const reports: AccountReport[] = []
  try {
    for (const name of names) {
      const report = await checkAccount(manifest, manifest.accounts[name]!, { ctx, store, client, state })
      reports.push(report)
      ctx.stdout.write(`${name}\n${report.details.map((d) => `  ${d}\n`).join('')}`)
    }
  } finally {
    await client.close()
  }
  ctx.stdout.write('\n')
  for (const r of reports) {
    if (r.ok) ctx.stdout.write(`ok       ${r.account}\n`)
    else ctx.stdout.write(`problem  ${r.account}: ${r.problems.map((p) => `${p.message} — fix: ${p.fix}`).join('; ')}\n`)
  }
  if (reports.some((r) => !r.ok)) ctx.exitCode = EXIT_FAILED
}

function uses(manifest: Manifest, account: string): { direct: boolean; inbox: boolean } {
  const targets = manifest.posts.flatMap((p) => p.targets.filter((t) => t.account === account))
  return { direct: targets.some((t) => t.mode === 'direct'), inbox: targets.some((t) => t.mode === 'inbox') }
}

async function checkAccount(
  manifest: Manifest,
  account: AccountConfig,
  deps: { ctx: CliContext; store: FileTokenStore; client: TikTokClient; state?: State }
): Promise<AccountReport> {
  const { ctx, store, client } = deps
  const app: AppConfig = manifest.apps[account.app]!
  const report: AccountReport = { account: account.name, ok: true, details: [], problems: [] }
  const problem = (message: string, fix: string) => report.problems.push({ message, fix })
  let expiryShown = false
  const done = () => {
    if (!expiryShown) {
      const recorded = deps.state ? getAccountState(deps.state, account.name)?.refresh_expires_at : undefined
      report.details.push(`refresh token expires: ${recorded ? `${recorded.slice(0, 10)} (as recorded in the state by the last run that refreshed it)` : 'unknown (no run has recorded it yet)'}`)
    }
    return { ...report, ok: report.problems.length === 0 }
  }
  const within = keepAliveWithin(account)
  report.details.push(`keep_alive: ${within === undefined ? 'off (an idle account\'s token is left to expire)' : `${formatDuration(within)} (runs renew an idle account's token this close to expiry)`}`)
  report.details.push(`app ${app.name} (${app.audited ? 'audited' : 'not audited: SELF_ONLY direct posts to private accounts, or inbox drafts'})`)

  // Names only: a secret's value never reaches the output.
  const has = (name: string) => !!ctx.env[name]
  const fromEnv = has(account.refreshTokenSecret)
  const stored = await store.getRefreshToken(account.name)
  report.details.push(
    `secrets: ${[app.clientKeySecret, app.clientSecretSecret, account.refreshTokenSecret].map((s) => `${s} ${has(s) ? 'set' : 'not set'}`).join(', ')}; ` +
      `token store ${store.path}: ${stored ? 'has a refresh token' : 'none'}`
  )
  for (const s of [app.clientKeySecret, app.clientSecretSecret].filter((s) => !has(s))) {
    problem(`secret ${s} (app ${app.name}) is not set`, `set ${s} to the value from TikTok's developer portal`)
  }
  if (!fromEnv && !stored) {
    problem(
      `no refresh token: ${account.refreshTokenSecret} is not set and the token store has none`,
      `run \`tiktok-publish auth --account ${account.name}\` (a token kept only in a GitHub secret cannot be checked here; the workflow's runs check it)`
    )
  }
  if (report.problems.length) return done()

  // Force a real refresh: a cached access token would prove nothing about the refresh token.
  let grant: TokenGrant | undefined
  const noCache: TokenStore = {
    getRefreshToken: (a) => store.getRefreshToken(a),
    saveRefreshToken: (a, t, m) => store.saveRefreshToken(a, t, m),
    saveAccessToken: (a, t, e, scopes) => store.saveAccessToken(a, t, e, scopes)
  }
  const logger = new MemoryLogger()
  const tokens = new TokenManager({
    client: {
      refreshToken: async (args) => {
        grant = await client.refreshToken(args)
        return grant
      }
    },
    store: noCache,
    clock: clockOf(ctx),
    logger
  })
  let accessToken: string
  try {
    accessToken = await tokens.accessTokenFor({
      name: account.name,
      clientKey: ctx.env[app.clientKeySecret]!,
      clientSecret: ctx.env[app.clientSecretSecret]!,
      seedRefreshToken: ctx.env[account.refreshTokenSecret] || undefined
    })
  } catch (e) {
    const { message, fix } = explain(e, account.name)
    report.details.push(`refresh: failed`)
    problem(message, fix)
    return done()
  }
  const source = stored ? `the token store` : account.refreshTokenSecret
  report.details.push(`refresh: ok (refresh token from ${source})`)
  if (grant) {
    // the date of the token this check just received
    report.details.push(`refresh token expires: ${new Date(clockOf(ctx).now().getTime() + grant.refreshExpiresIn * 1000).toISOString().slice(0, 10)}`)
    expiryShown = true
  }
  if (grant && grant.refreshToken) {
    report.details.push(`  TikTok rotates the refresh token on every refresh: the new one was saved to ${store.path} before anything else`)
    if (!stored) {
      report.details.push(`  note: the value in ${account.refreshTokenSecret} no longer works; the token store holds the working one. If that value is also a GitHub secret, run \`tiktok-publish auth --account ${account.name} --github-secret ${account.refreshTokenSecret} --repo OWNER/REPO\``)
    }
  }
  for (const line of logger.lines.filter((l) => l.startsWith('warning: '))) report.details.push(line)

  const granted = grant?.scope ?? []
  report.details.push(`scopes granted: ${sortScopes(granted).join(', ') || '(none)'}`)
  for (const line of missingScopeLines(granted)) report.details.push(`  ${line}`)
  const need = uses(manifest, account.name)
  if (need.direct && !granted.includes('video.publish')) {
    problem('video.publish is not granted but the manifest direct-posts to this account', `run \`tiktok-publish auth --account ${account.name}\` and grant every scope, or use mode: inbox`)
  }
  if (need.inbox && !granted.includes('video.upload')) {
    problem('video.upload is not granted but the manifest sends inbox drafts to this account', `run \`tiktok-publish auth --account ${account.name}\` and grant every scope`)
  }

  if (granted.includes('video.publish')) {
    try {
      const info = await client.creatorInfo(accessToken)
      report.details.push(
        `creator: ${info.nickname ?? '(no nickname)'}${info.username ? ` (@${info.username})` : ''}; privacy options ${info.privacyLevelOptions.join(', ')}; ` +
          `max duration ${info.maxVideoPostDurationSec ?? '?'} s`
      )
      const isPublic = info.privacyLevelOptions.includes('PUBLIC_TO_EVERYONE')
      report.details.push(`account is ${isPublic ? 'public' : 'private'}`)
      const onlyInbox = need.inbox && !need.direct
      if (!app.audited && isPublic && !onlyInbox) {
        problem(
          `${account.name} is a public TikTok account and app ${app.name} is not audited, so TikTok refuses direct posts to it`,
          'set the account to private in the TikTok app, or use mode: inbox'
        )
      }
    } catch (e) {
      const { message, fix } = explain(e, account.name)
      problem(`creator info failed: ${message}`, fix)
    }
  }
  return done()
}

function explain(e: unknown, account: string): { message: string; fix: string } {
  if (isUserError(e)) {
    const first = e instanceof UserErrors ? e.errors[0]! : (e as UserError)
    return { message: first.message, fix: first.fix ?? `run \`tiktok-publish auth --account ${account}\`` }
  }
  // what to do is the rulebook's; docs/TROUBLESHOOTING.md shows the same words
  if (e instanceof TikTokApiError) return { message: `TikTok answered ${e.code}: ${e.message}`, fix: classifyErrorCode(e.code).advice }
  if (e instanceof TikTokAuthError) return { message: e.message, fix: 'check the network and --api-base-url, then run doctor again' }
  throw e
}
