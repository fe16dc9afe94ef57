import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { formatDuration, parseDuration } from '../duration.js'
import { UsageError, UserError } from '../errors.js'
import { loadManifest, type AccountConfig, type AppConfig } from '../manifest/index.js'
import { ALL_SCOPES, missingScopeLines, SCOPE_FEATURES, sortScopes } from '../onboarding/scopes.js'
import { TikTokClient, type TokenGrant } from '../tiktok/client.js'
import { TikTokApiError, TikTokAuthError } from '../tiktok/errors.js'
import { DEFAULT_BASE_URL } from '../tiktok/http.js'
import { buildAuthorizeUrl, createPkce, FileTokenStore, TIKTOK_AUTHORIZE_URL } from '../tiktok/tokens.js'
import { checkSecretsWritable, putRepoSecret, type RepoPublicKey } from '../github/secrets.js'
import type { CliContext } from './context.js'
import { apiSettings, githubSettings, type ApiSettings } from './settings.js'

export interface AuthFlags {
  app?: string
  account: string
  manifest: string
  scopes?: string
  port?: string
  open: boolean
  tokenStore?: string
  githubSecret?: string
  repo?: string
  githubToken?: string
  apiBaseUrl?: string
  authUrl?: string
  timeout: string
}

const CALLBACK_PATH = '/callback'

/**
 * `tiktok-publish auth`: TikTok's desktop Login Kit flow with a loopback
 * listener. Everything that can be checked locally (manifest, secrets, flags)
 * is checked before the listener opens, so a typo never leaves a browser tab
 * pointing at a dead port.
 */
export async function runAuth(flags: AuthFlags, ctx: CliContext): Promise<void> {
  const err = (line: string) => ctx.stderr.write(line + '\n')
  const out = (line: string) => ctx.stdout.write(line + '\n')
  const s = apiSettings(flags, ctx)

  const { account, known, app } = await accountAndApp(flags, ctx)
  const clientKey = secretFromEnv(s, app.clientKeySecret, app.name)
  const clientSecret = secretFromEnv(s, app.clientSecretSecret, app.name)

  const scopes = parseScopes(flags.scopes)
  const port = parsePort(flags.port)
  const timeoutMs = parseDuration(flags.timeout)
  if (timeoutMs === undefined || timeoutMs <= 0) throw new UsageError(`--timeout "${flags.timeout}" is not a duration`, { fix: 'write e.g. --timeout 5m' })
  const github = githubTarget(flags, ctx)
  const base = s.apiBaseUrl
  // Another API base (the emulator, a rehearsal) serves its own authorize page; TikTok's lives on www.tiktok.com.
  const authUrl = flags.authUrl ?? (base.replace(/\/+$/, '') !== DEFAULT_BASE_URL ? `${base.replace(/\/+$/, '')}/v2/auth/authorize/` : TIKTOK_AUTHORIZE_URL)

  // Before the browser step: an authorization whose token cannot be stored is wasted.
  let publicKey: RepoPublicKey | undefined
  if (github) publicKey = await checkSecretsWritable(github)

  const listener = await startLoopback(port)
  const client = new TikTokClient({ baseUrl: base })
  try {
    const redirectUri = `http://127.0.0.1:${listener.port}${CALLBACK_PATH}`
    const pkce = createPkce()
    const state = randomBytes(24).toString('base64url')
    const url = buildAuthorizeUrl({ baseAuthUrl: authUrl, clientKey, scopes, redirectUri, state, challenge: pkce.challenge })

    err(`Listening on 127.0.0.1 port ${listener.port} for TikTok's redirect to ${redirectUri}`)
    err(`(the app's Login Kit settings must list this redirect URI; a desktop app may register http://127.0.0.1:*${CALLBACK_PATH} for any port)`)
    err(`Open this URL in a browser and sign in as the TikTok account for ${account}:`)
    out(url)
    if (flags.open) openBrowser(url)

    const callback = await listener.next(timeoutMs)
    const q = callback.query
    if (q.get('state') !== state) {
      callback.respond(400, page('Authorization refused', 'This answer does not belong to the authorization tiktok-publish started (the state does not match). Nothing was saved. Start again from the terminal.'))
      throw new UserError('the callback carried a state that does not match this authorization: it was not started here, or is a replay', {
        fix: `run \`tiktok-publish auth --account ${account}\` again and use the URL it prints`
      })
    }
    const error = q.get('error')
    if (error) {
      const description = q.get('error_description') ?? ''
      callback.respond(400, page('Authorization not completed', `TikTok answered ${error}${description ? `: ${description}` : ''}. Nothing was saved.`))
      throw new UserError(
        error === 'access_denied'
          ? `the authorization of ${account} was declined in TikTok (access_denied)`
          : `TikTok did not authorize ${account}: ${error}${description ? ` (${description})` : ''}`,
        { fix: authErrorFix(error, account) }
      )
    }
    const code = q.get('code')
    if (!code) {
      callback.respond(400, page('Authorization not completed', 'TikTok sent no authorization code. Nothing was saved.'))
      throw new UserError('TikTok redirected back without an authorization code', { fix: `run \`tiktok-publish auth --account ${account}\` again` })
    }

    let grant: TokenGrant
    try {
      grant = await client.exchangeCode({ clientKey, clientSecret, code, redirectUri, codeVerifier: pkce.verifier })
    } catch (e) {
      callback.respond(502, page('Authorization failed', 'TikTok refused to exchange the authorization code. The terminal says why.'))
      if (e instanceof TikTokAuthError) {
        throw new UserError(`TikTok refused the authorization code of ${account} (${e.error}): ${e.message}`, {
          fix: `check ${app.clientKeySecret} and ${app.clientSecretSecret}, and that the redirect URI is registered in the app; then run auth again`,
          cause: e
        })
      }
      throw e
    }
    callback.respond(200, page('Done', `tiktok-publish is authorized for ${account}. You can close this tab.`))

    // The token first: if anything below fails, the authorization is not lost.
    const refreshExpiresAt = new Date(Date.now() + grant.refreshExpiresIn * 1000)
    if (github) {
      await putRepoSecret({ ...github, name: flags.githubSecret!, value: grant.refreshToken, publicKey })
      out(`refresh token stored in repository secret ${flags.githubSecret} of ${github.owner}/${github.repo}`)
      out('(no local copy is kept: refresh tokens rotate, so two copies that refresh apart would kill each other)')
    } else {
      const store = new FileTokenStore({ path: s.tokenStorePath })
      await store.saveRefreshToken(account, grant.refreshToken, { expiresAt: refreshExpiresAt })
      await store.saveAccessToken(account, grant.accessToken, new Date(Date.now() + grant.expiresIn * 1000), grant.scope.length ? grant.scope : undefined)
      out(`refresh token stored in ${store.path} under account ${account} (expires ${refreshExpiresAt.toISOString()})`)
    }

    out(`scopes granted: ${sortScopes(grant.scope).join(', ') || '(none)'}`)
    for (const line of missingScopeLines(grant.scope)) out(`  ${line}`)
    await describeAccount(client, grant, app, account, out)

    if (!known) out(`next: add account ${account} (app: ${app.name}) to ${flags.manifest}`)
    else if (!github) {
      out(`next: for GitHub Actions, store it as the repository secret ${known.refreshTokenSecret}:`)
      out(`  tiktok-publish auth --account ${account} --github-secret ${known.refreshTokenSecret} --repo OWNER/REPO`)
    }
  } finally {
    await listener.close()
    await client.close()
  }
}

/** The account to authorize and its app, from the manifest and --app; refused when they disagree or are unknown. */
async function accountAndApp(flags: AuthFlags, ctx: CliContext): Promise<{ account: string; known?: AccountConfig; app: AppConfig }> {
  const manifestPath = path.resolve(ctx.cwd, flags.manifest)
  const manifest = await loadManifest(manifestPath)
  const account = flags.account
  const known = manifest.accounts[account]
  const appName = flags.app ?? known?.app
  if (!appName) {
    throw new UserError(`account ${account} is not in ${flags.manifest}, so its app is unknown`, {
      fix: `add the account to ${flags.manifest}, or name its app with --app (one of: ${Object.keys(manifest.apps).join(', ')})`
    })
  }
  if (known && flags.app && known.app !== flags.app) {
    throw new UserError(`account ${account} uses app ${known.app} in ${flags.manifest}, not ${flags.app}`, {
      fix: `drop --app, or write --app ${known.app}`
    })
  }
  const app: AppConfig | undefined = manifest.apps[appName]
  if (!app) {
    throw new UserError(`app ${appName} is not in ${flags.manifest}`, { fix: `use one of: ${Object.keys(manifest.apps).join(', ') || '(none: add an app under apps:)'}` })
  }
  return { account, known, app }
}

async function describeAccount(client: TikTokClient, grant: TokenGrant, app: AppConfig, account: string, out: (line: string) => void): Promise<void> {
  const granted = new Set(grant.scope)
  if (granted.has('user.info.basic')) {
    try {
      const user = await client.userInfo(grant.accessToken)
      out(`display name: ${user.displayName ?? '(none)'}`)
    } catch (e) {
      out(`display name: unavailable (${e instanceof TikTokApiError ? e.code : 'error'})`)
    }
  }
  if (!granted.has('video.publish')) return
  try {
    const info = await client.creatorInfo(grant.accessToken)
    out(`creator: ${info.nickname ?? '(no nickname)'}${info.username ? ` (@${info.username})` : ''}`)
    out(`privacy options: ${info.privacyLevelOptions.join(', ')}`)
    if (info.maxVideoPostDurationSec) out(`max video duration: ${info.maxVideoPostDurationSec} s`)
    if (!app.audited && info.privacyLevelOptions.includes('PUBLIC_TO_EVERYONE')) {
      out(`warning: ${account} is a public account and app ${app.name} is not audited: TikTok refuses direct posts to it.`)
      out('  fix: set the account to private in the TikTok app, or use mode: inbox for its posts')
    }
  } catch (e) {
    out(`creator info: unavailable (${e instanceof TikTokApiError ? e.code : 'error'})`)
  }
}

function authErrorFix(error: string, account: string): string {
  switch (error) {
    case 'access_denied':
      return `run \`tiktok-publish auth --account ${account}\` again and choose Authorize in TikTok`
    case 'invalid_scope':
      return `request only scopes the app has in TikTok's developer portal (--scopes ${ALL_SCOPES.join(',')} needs all four products enabled)`
    case 'invalid_client':
    case 'unauthorized_client':
      return "check the app's client key secret, and that Login Kit is added to the app"
    default:
      return `check the app's settings in TikTok's developer portal (redirect URI, Login Kit), then run auth again`
  }
}

function secretFromEnv(s: ApiSettings, name: string, app: string): string {
  const value = s.secret(name)
  if (!value) {
    throw new UserError(`secret ${name} (app ${app}) is not set`, {
      fix: `export ${name}=… with the value from TikTok's developer portal (the app's page) before running auth`
    })
  }
  return value
}

function parseScopes(text: string | undefined): string[] {
  if (text === undefined) return [...ALL_SCOPES]
  const list = text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean)
  const unknown = list.filter((s) => !(s in SCOPE_FEATURES))
  if (list.length === 0 || unknown.length) {
    throw new UsageError(`--scopes "${text}" ${list.length === 0 ? 'is empty' : `names unknown scopes: ${unknown.join(', ')}`}`, {
      fix: `choose from ${ALL_SCOPES.join(',')}`
    })
  }
  return [...new Set(list)]
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0
  const n = Number(text)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port "${text}" is not a port number`, { fix: 'write e.g. --port 8765, or leave it out for any free port' })
  return n
}

function githubTarget(flags: AuthFlags, ctx: CliContext): { apiUrl: string; token: string; owner: string; repo: string } | undefined {
  if (!flags.githubSecret && !flags.repo) return undefined
  if (!flags.githubSecret || !flags.repo) {
    throw new UsageError('--github-secret and --repo go together', { fix: 'write e.g. --github-secret TIKTOK_REFRESH_BRAND_US --repo my-org/my-repo' })
  }
  if (!/^[A-Z_][A-Z0-9_]*$/.test(flags.githubSecret) || flags.githubSecret.startsWith('GITHUB_')) {
    throw new UsageError(`--github-secret "${flags.githubSecret}" is not a usable secret name`, {
      fix: 'use capitals, digits and _, not starting with GITHUB_ (e.g. TIKTOK_REFRESH_BRAND_US, as the account names it in the manifest)'
    })
  }
  const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(flags.repo)
  if (!m) throw new UsageError(`--repo "${flags.repo}" is not owner/name`, { fix: 'write e.g. --repo my-org/my-repo' })
  const { token, apiUrl } = githubSettings(flags, ctx)
  if (!token) {
    throw new UserError('writing a repository secret needs a GitHub token', {
      fix: 'pass --github-token, or set GITHUB_TOKEN or GH_TOKEN (e.g. GH_TOKEN=$(gh auth token)) to a token that may write Actions secrets'
    })
  }
  return { apiUrl, token, owner: m[1]!, repo: m[2]! }
}

// ---------------------------------------------------------------- loopback listener

interface Callback {
  query: URLSearchParams
  respond(status: number, html: string): void
}

interface Loopback {
  port: number
  next(timeoutMs: number): Promise<Callback>
  close(): Promise<void>
}

/** Listens on 127.0.0.1 only: the callback carries a code that must not reach other hosts. */
async function startLoopback(port: number): Promise<Loopback> {
  let deliver: ((c: Callback) => void) | undefined
  const pending: Callback[] = []
  let taken = false
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    req.resume()
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n')
      return
    }
    if (taken) {
      res.writeHead(409, { 'content-type': 'text/html; charset=utf-8' }).end(page('Already handled', 'This authorization was already answered. See the terminal.'))
      return
    }
    taken = true
    const cb: Callback = {
      query: url.searchParams,
      respond: (status, html) => {
        if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html)
      }
    }
    if (deliver) deliver(cb)
    else pending.push(cb)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new UserError(`port ${port} on 127.0.0.1 is in use`, { fix: 'choose another --port, or leave it out for any free port' })
          : e
      )
    )
    server.listen(port, '127.0.0.1', () => resolve())
  })
  return {
    port: (server.address() as AddressInfo).port,
    next: (timeoutMs) =>
      new Promise<Callback>((resolve, reject) => {
        const first = pending.shift()
        if (first) return resolve(first)
        const timer = setTimeout(() => {
          deliver = undefined
          reject(new UserError(`no answer from TikTok within ${formatDuration(timeoutMs)}`, { fix: 'run auth again and open the printed URL in a browser (or raise --timeout)' }))
        }, timeoutMs)
        timer.unref()
        deliver = (c) => {
          clearTimeout(timer)
          resolve(c)
        }
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

function page(title: string, text: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  return `<!doctype html><html><head><meta charset="utf-8"><title>tiktok-publish: ${esc(title)}</title></head><body style="font-family:sans-serif;margin:3em"><h1>${esc(title)}</h1><p>${esc(text)}</p></body></html>\n`
}

/** Best effort: the URL is printed anyway, so a missing opener is no failure. */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]]
  try {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true })
    child.on('error', () => undefined)
    child.unref()
  } catch {
    // no opener on this machine
  }
}
