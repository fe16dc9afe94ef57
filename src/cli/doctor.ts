import path from 'node:path'
import { isUserError, UserError, UserErrors } from '../errors.js'
import { MemoryLogger } from '../logger.js'
import { loadManifest, type AccountConfig, type AppConfig, type Manifest } from '../manifest/index.js'
import { missingScopeLines, sortScopes } from '../onboarding/scopes.js'
import { accountSelector } from '../select.js'
import { TikTokClient, type TokenGrant } from '../tiktok/client.js'
import { TikTokApiError, TikTokAuthError } from '../tiktok/errors.js'
import { FileTokenStore, TokenManager, type TokenStore } from '../tiktok/tokens.js'
import { formatDuration } from '../duration.js'
import { defaultStatePath } from '../publish/run.js'
import { keepAliveWithin } from '../publish/keep-alive.js'
import { getAccountState, loadState, type State } from '../state/index.js'
import type { Clock } from '../clock.js'
import { clockOf, EXIT_FAILED, type CliContext } from './context.js'
import { apiSettings, type ApiSettings } from './settings.js'
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
  const settings = apiSettings(flags, ctx)
  const manifest = await loadManifest(path.resolve(ctx.cwd, flags.manifest))
  const selected = accountSelector({ accounts: flags.accounts })
  const names = Object.keys(manifest.accounts).filter(selected)
  if (names.length === 0) throw new UserError('no account of the manifest matches --accounts', { fix: `choose from: ${Object.keys(manifest.accounts).join(', ')}` })

  const store = new FileTokenStore({ path: settings.tokenStorePath })
  const client = new TikTokClient({ baseUrl: settings.apiBaseUrl })
  // the expiry dates runs recorded, for accounts this check cannot refresh; an unreadable state is not doctor's concern
  const state = await loadState(defaultStatePath(manifest.file)).then((l) => (l.exists ? l.state : undefined), () => undefined)
  const reports: AccountReport[] = []
  try {
    for (const name of names) {
      const report = await checkAccount(manifest, manifest.accounts[name]!, { settings, clock: clockOf(ctx), store, client, state })
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

/** One account's check as it goes: what it found so far and what it checks with. */
interface AccountCheck {
  manifest: Manifest
  account: AccountConfig
  app: AppConfig
  settings: ApiSettings
  store: FileTokenStore
  client: TikTokClient
  clock: Clock
  state?: State
  report: AccountReport
}

async function checkAccount(
  manifest: Manifest,
  account: AccountConfig,
  deps: { settings: ApiSettings; clock: Clock; store: FileTokenStore; client: TikTokClient; state?: State }
): Promise<AccountReport> {
  const app: AppConfig = manifest.apps[account.app]!
  const check: AccountCheck = { ...deps, manifest, account, app, report: { account: account.name, ok: true, details: [], problems: [] } }
  describeSetup(check)
  const stored = await checkSecrets(check)
  if (check.report.problems.length) return finish(check, false)
  const refreshed = await refresh(check, stored)
  if (!refreshed) return finish(check, false)
  const granted = checkScopes(check, refreshed.grant)
  if (granted.includes('video.publish')) await checkCreator(check, refreshed.accessToken)
  return finish(check, !!refreshed.grant)
}

function problem(check: AccountCheck, message: string, fix: string): void {
  check.report.problems.push({ message, fix })
}

/** The report as it stands; the refresh token's expiry as the state recorded it when this check did not learn it afresh. */
function finish(check: AccountCheck, expiryShown: boolean): AccountReport {
  const { report } = check
  if (!expiryShown) {
    const recorded = check.state ? getAccountState(check.state, check.account.name)?.refresh_expires_at : undefined
    report.details.push(`refresh token expires: ${recorded ? `${recorded.slice(0, 10)} (as recorded in the state by the last run that refreshed it)` : 'unknown (no run has recorded it yet)'}`)
  }
  return { ...report, ok: report.problems.length === 0 }
}

function describeSetup({ account, app, report }: AccountCheck): void {
  const within = keepAliveWithin(account)
  report.details.push(`keep_alive: ${within === undefined ? 'off (an idle account\'s token is left to expire)' : `${formatDuration(within)} (runs renew an idle account's token this close to expiry)`}`)
  report.details.push(`app ${app.name} (${app.audited ? 'audited' : 'not audited: SELF_ONLY direct posts to private accounts, or inbox drafts'})`)
}

/** The secrets the account needs, by name only: a secret's value never reaches the output. Answers the stored refresh token, if any. */
async function checkSecrets(check: AccountCheck): Promise<string | undefined> {
  const { account, app, settings, store, report } = check
  const has = (name: string) => !!settings.secret(name)
  const stored = await store.getRefreshToken(account.name)
  report.details.push(
    `secrets: ${[app.clientKeySecret, app.clientSecretSecret, account.refreshTokenSecret].map((s) => `${s} ${has(s) ? 'set' : 'not set'}`).join(', ')}; ` +
      `token store ${store.path}: ${stored ? 'has a refresh token' : 'none'}`
  )
  for (const s of [app.clientKeySecret, app.clientSecretSecret].filter((s) => !has(s))) {
    problem(check, `secret ${s} (app ${app.name}) is not set`, `set ${s} to the value from TikTok's developer portal`)
  }
  if (!has(account.refreshTokenSecret) && !stored) {
    problem(
      check,
      `no refresh token: ${account.refreshTokenSecret} is not set and the token store has none`,
      `run \`tiktok-publish auth --account ${account.name}\` (a token kept only in a GitHub secret cannot be checked here; the workflow's runs check it)`
    )
  }
  return stored
}

/** A real refresh: a cached access token would prove nothing about the refresh token. Undefined when it failed (a problem says why). */
async function refresh(check: AccountCheck, stored: string | undefined): Promise<{ accessToken: string; grant?: TokenGrant } | undefined> {
  const { account, app, settings, store, client, clock, report } = check
  let grant: TokenGrant | undefined
  const noCache: TokenStore = {
    getRefreshToken: (a) => store.getRefreshToken(a),
    saveRefreshToken: (a, t, m) => store.saveRefreshToken(a, t, m),
    saveAccessToken: (a, t, e, scopes) => store.saveAccessToken(a, t, e, scopes)
  }
  const logger = new MemoryLogger()
  const recording = {
    refreshToken: async (args: Parameters<TikTokClient['refreshToken']>[0]) => {
      grant = await client.refreshToken(args)
      return grant
    }
  }
  const tokens = new TokenManager({ client: recording, store: noCache, clock, logger })
  let accessToken: string
  try {
    accessToken = await tokens.accessTokenFor({
      name: account.name,
      clientKey: settings.secret(app.clientKeySecret)!,
      clientSecret: settings.secret(app.clientSecretSecret)!,
      seedRefreshToken: settings.secret(account.refreshTokenSecret)
    })
  } catch (e) {
    const { message, fix } = explain(e, account.name)
    report.details.push(`refresh: failed`)
    problem(check, message, fix)
    return undefined
  }
  report.details.push(`refresh: ok (refresh token from ${stored ? `the token store` : account.refreshTokenSecret})`)
  if (grant) {
    // the date of the token this check just received
    report.details.push(`refresh token expires: ${new Date(clock.now().getTime() + grant.refreshExpiresIn * 1000).toISOString().slice(0, 10)}`)
  }
  if (grant && grant.refreshToken) {
    report.details.push(`  TikTok rotates the refresh token on every refresh: the new one was saved to ${store.path} before anything else`)
    if (!stored) {
      report.details.push(`  note: the value in ${account.refreshTokenSecret} no longer works; the token store holds the working one. If that value is also a GitHub secret, run \`tiktok-publish auth --account ${account.name} --github-secret ${account.refreshTokenSecret} --repo OWNER/REPO\``)
    }
  }
  for (const line of logger.lines.filter((l) => l.startsWith('warning: '))) report.details.push(line)
  return { accessToken, grant }
}

/** The scopes granted against what the manifest asks of the account; answers the granted ones. */
function checkScopes(check: AccountCheck, grant: TokenGrant | undefined): string[] {
  const { manifest, account, report } = check
  const granted = grant?.scope ?? []
  report.details.push(`scopes granted: ${sortScopes(granted).join(', ') || '(none)'}`)
  for (const line of missingScopeLines(granted)) report.details.push(`  ${line}`)
  const need = uses(manifest, account.name)
  if (need.direct && !granted.includes('video.publish')) {
    problem(check, 'video.publish is not granted but the manifest direct-posts to this account', `run \`tiktok-publish auth --account ${account.name}\` and grant every scope, or use mode: inbox`)
  }
  if (need.inbox && !granted.includes('video.upload')) {
    problem(check, 'video.upload is not granted but the manifest sends inbox drafts to this account', `run \`tiktok-publish auth --account ${account.name}\` and grant every scope`)
  }
  return granted
}

/** The creator's settings against the app's audit status: an unaudited app cannot direct-post to a public account. */
async function checkCreator(check: AccountCheck, accessToken: string): Promise<void> {
  const { manifest, account, app, client, report } = check
  try {
    const info = await client.creatorInfo(accessToken)
    report.details.push(
      `creator: ${info.nickname ?? '(no nickname)'}${info.username ? ` (@${info.username})` : ''}; privacy options ${info.privacyLevelOptions.join(', ')}; ` +
        `max duration ${info.maxVideoPostDurationSec ?? '?'} s`
    )
    const isPublic = info.privacyLevelOptions.includes('PUBLIC_TO_EVERYONE')
    report.details.push(`account is ${isPublic ? 'public' : 'private'}`)
    const need = uses(manifest, account.name)
    const onlyInbox = need.inbox && !need.direct
    if (!app.audited && isPublic && !onlyInbox) {
      problem(
        check,
        `${account.name} is a public TikTok account and app ${app.name} is not audited, so TikTok refuses direct posts to it`,
        'set the account to private in the TikTok app, or use mode: inbox'
      )
    }
  } catch (e) {
    const { message, fix } = explain(e, account.name)
    problem(check, `creator info failed: ${message}`, fix)
  }
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
