import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { accountSpecSchema, DEFAULT_SCOPES, KNOWN_SCOPES } from './config.js'
import { MINUTE, type Account, type Core } from './core.js'
import type { FaultBox } from './faults.js'
import { randomToken, readSmallBody, sendReply, toJsonText, type Reply } from './http.js'
import type { EmulatorAccountSpec, IssuedTokens, LedgerKind } from './types.js'

/*
 * Login Kit as TikTok runs it: the authorize page (PKCE for desktop apps),
 * code and refresh grants with a refresh token that ROTATES on every use, and
 * revocation. The creators' accounts are made here too, since making one
 * issues its first tokens.
 */

const CODE_TTL = 10 * MINUTE
/** who the authorize page signs in as when the URL names nobody (`&username=NAME` picks another creator) */
export const DEFAULT_AUTHORIZE_USERNAME = 'emu_creator'

/** What an access or refresh token grants, and until when. */
export interface Grant {
  open_id: string
  client_key: string
  expires_at: number
}

interface AuthCode extends Grant {
  redirect_uri: string
  challenge?: string
}

export class OAuth {
  /** live access tokens, by value */
  readonly accessTokens = new Map<string, Grant>()
  /** live refresh tokens, by value */
  readonly refreshTokens = new Map<string, Grant>()
  /** refresh tokens a rotation replaced, with their open_id: presenting one is told apart in the ledger */
  private readonly rotatedAway = new Map<string, string>()
  private readonly codes = new Map<string, AuthCode>()
  private accountSeq = 0

  constructor(
    private readonly core: Core,
    private readonly faults: FaultBox
  ) {}

  addAccount(spec: EmulatorAccountSpec = {}): IssuedTokens {
    const s = accountSpecSchema.parse(spec)
    const appKey = s.app ?? [...this.core.apps.keys()][0]
    if (!appKey || !this.core.apps.has(appKey)) throw new Error(`addAccount: unknown app ${JSON.stringify(s.app)}`)
    if (s.refresh_token !== undefined && this.refreshTokens.has(s.refresh_token)) throw new Error('addAccount: that refresh token is already in use')
    const unknownScope = (s.scopes ?? []).find((x) => !KNOWN_SCOPES.has(x))
    if (unknownScope) throw new Error(`addAccount: unknown scope ${unknownScope}`)
    const n = ++this.accountSeq
    const open_id = randomToken(`-000emu${n}`, 8)
    const isPrivate = s.private ?? false
    const account: Account = {
      open_id,
      union_id: randomToken('union.', 8),
      app: appKey,
      username: s.username ?? `emu_creator_${n}`,
      nickname: s.nickname ?? s.username ?? `Emulated Creator ${n}`,
      scopes: s.scopes ?? [...DEFAULT_SCOPES],
      private: isPrivate,
      max_video_post_duration_sec: s.max_video_post_duration_sec ?? 600,
      comment_disabled: s.comment_disabled ?? false,
      duet_disabled: isPrivate || (s.duet_disabled ?? false),
      stitch_disabled: isPrivate || (s.stitch_disabled ?? false),
      daily_post_cap: s.daily_post_cap ?? 15
    }
    this.core.accounts.set(open_id, account)
    const refresh_token = s.refresh_token ?? randomToken('rft.')
    this.setRefreshToken(account, refresh_token)
    const access_token = this.issueAccessToken(account)
    return { open_id, refresh_token, access_token }
  }

  currentRefreshToken(open_id: string): string | undefined {
    return this.core.accounts.get(open_id)?.refresh_token
  }

  private setRefreshToken(account: Account, value: string): void {
    if (account.refresh_token) {
      this.refreshTokens.delete(account.refresh_token)
      this.rotatedAway.set(account.refresh_token, account.open_id)
    }
    account.refresh_token = value
    this.refreshTokens.set(value, {
      open_id: account.open_id,
      client_key: account.app,
      expires_at: this.core.now() + (this.core.config.refresh_token_ttl_sec ?? 15_552_000) * 1000
    })
  }

  private issueAccessToken(account: Account): string {
    const token = randomToken('act.')
    this.accessTokens.set(token, {
      open_id: account.open_id,
      client_key: account.app,
      expires_at: this.core.now() + (this.core.config.access_token_ttl_sec ?? 7200) * 1000
    })
    return token
  }

  authorize(req: IncomingMessage, res: ServerResponse, url: URL): void {
    req.resume()
    const core = this.core
    const q = url.searchParams
    const clientKey = q.get('client_key') ?? ''
    const redirect = q.get('redirect_uri') ?? ''
    const fail400 = (error: string, description: string): void => {
      const reply = core.flatError(400, error, description)
      core.recordOutcome('authorize', reply, true)
      sendReply(res, reply)
    }
    if (!core.apps.has(clientKey)) return fail400('invalid_client', 'unknown client_key')
    let target: URL
    try {
      target = new URL(redirect)
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('scheme')
    } catch {
      return fail400('invalid_request', 'redirect_uri is missing or not an http(s) URL')
    }
    const state = q.get('state')
    const redirectError = (error: string, description: string): void => {
      target.searchParams.set('error', error)
      target.searchParams.set('error_description', description)
      if (state !== null) target.searchParams.set('state', state)
      core.recordOutcome('authorize', { status: 302, body: '', code: error, detail: description }, true)
      res.writeHead(302, { location: target.toString(), 'content-length': '0' })
      res.end()
    }
    if (q.get('response_type') !== 'code') return redirectError('unsupported_response_type', 'response_type must be code')
    const scopes = (q.get('scope') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    if (scopes.length === 0) return redirectError('invalid_scope', 'scope is required')
    const unknown = scopes.find((s) => !KNOWN_SCOPES.has(s))
    if (unknown) return redirectError('invalid_scope', `unknown scope ${unknown}`)
    const challenge = q.get('code_challenge') ?? undefined
    const method = q.get('code_challenge_method')
    // TikTok requires PKCE of desktop apps, whose redirect is a loopback address
    if (challenge === undefined && isLoopback(target)) {
      return redirectError('invalid_request', 'code_challenge is required: a desktop app (loopback redirect_uri) must use PKCE')
    }
    if (challenge !== undefined && method !== 'S256') return redirectError('invalid_request', 'code_challenge_method must be S256')
    if (challenge !== undefined && !/^[0-9a-fA-F]{64}$/.test(challenge)) {
      return redirectError('invalid_request', 'code_challenge must be the hex SHA-256 of the code verifier')
    }
    // One TikTok user signs in, however often the page is opened: the same
    // username (the default creator when none is given) is the same account.
    const username = q.get('username') || DEFAULT_AUTHORIZE_USERNAME
    const privateParam = q.get('private')
    const makePrivate = privateParam === null ? core.config.authorize_private ?? false : privateParam === 'true'
    const existing = [...core.accounts.values()].find((a) => a.app === clientKey && a.username === username)
    if (existing) {
      existing.scopes = scopes
      if (privateParam !== null) setPrivate(existing, makePrivate)
    }
    const created = existing ? { open_id: existing.open_id } : this.addAccount({ app: clientKey, scopes, username, private: makePrivate })
    const code = randomToken('code.')
    this.codes.set(code, {
      open_id: created.open_id,
      client_key: clientKey,
      redirect_uri: redirect,
      challenge: challenge?.toLowerCase(),
      expires_at: core.now() + CODE_TTL
    })
    target.searchParams.set('code', code)
    target.searchParams.set('scopes', scopes.join(','))
    if (state !== null) target.searchParams.set('state', state)
    core.record({ kind: 'authorize', open_id: created.open_id, code: 'ok', detail: `scopes ${scopes.join(',')}` })
    res.writeHead(302, { location: target.toString(), 'content-length': '0' })
    res.end()
  }

  async token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req)
    const grant = form?.get('grant_type') ?? ''
    const kind: LedgerKind = grant === 'refresh_token' ? 'refresh' : 'token'
    const presented = form?.get('refresh_token') ?? undefined
    const faultOpenId = presented ? this.refreshTokens.get(presented)?.open_id : undefined
    const faulted = await this.faults.apply('token', faultOpenId, true)
    if (faulted.reply) {
      this.core.recordOutcome(kind, faulted.reply, false)
      return sendReply(res, faulted.reply, faulted.mode)
    }
    const reply = this.tokenReply(form, grant)
    this.core.recordOutcome(kind, reply, true)
    sendReply(res, reply, faulted.mode)
  }

  private tokenReply(form: URLSearchParams | undefined, grant: string): Reply {
    const core = this.core
    if (!form) return core.flatError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded')
    const app = core.apps.get(form.get('client_key') ?? '')
    if (!app || app.client_secret !== form.get('client_secret')) return core.flatError(401, 'invalid_client', 'client_key or client_secret is wrong')
    if (grant === 'authorization_code') {
      const code = form.get('code') ?? ''
      const entry = this.codes.get(code)
      if (!entry || entry.client_key !== app.client_key || entry.expires_at <= core.now()) {
        return core.flatError(400, 'invalid_grant', 'the authorization code is invalid, expired or already used')
      }
      this.codes.delete(code)
      if (form.get('redirect_uri') !== entry.redirect_uri) {
        return core.flatError(400, 'invalid_grant', 'redirect_uri does not match the one used to authorize', { open_id: entry.open_id })
      }
      if (entry.challenge !== undefined) {
        const verifier = form.get('code_verifier') ?? ''
        if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) {
          return core.flatError(400, 'invalid_request', 'code_verifier must be 43-128 characters of [A-Za-z0-9-._~]', { open_id: entry.open_id })
        }
        if (createHash('sha256').update(verifier).digest('hex') !== entry.challenge) {
          return core.flatError(400, 'invalid_grant', 'code_verifier does not match code_challenge', { open_id: entry.open_id })
        }
      }
      const account = core.accounts.get(entry.open_id)
      if (!account) return core.flatError(400, 'invalid_grant', 'the account no longer exists')
      this.setRefreshToken(account, randomToken('rft.'))
      return this.tokenSuccess(account)
    }
    if (grant === 'refresh_token') {
      const presented = form.get('refresh_token') ?? ''
      const entry = this.refreshTokens.get(presented)
      const retiredFor = this.rotatedAway.get(presented)
      const refused = 'the refresh token is invalid, expired or already rotated'
      if (retiredFor !== undefined) {
        // TikTok says no more than invalid_grant; the ledger's detail says which case it was
        return core.flatError(400, 'invalid_grant', refused, { open_id: retiredFor, detail: 'rotated-away refresh token presented' })
      }
      if (entry && entry.expires_at <= core.now()) {
        return core.flatError(400, 'invalid_grant', refused, { open_id: entry.open_id, detail: 'expired refresh token presented' })
      }
      if (!entry || entry.client_key !== app.client_key) return core.flatError(400, 'invalid_grant', refused, { open_id: entry?.open_id })
      const account = core.accounts.get(entry.open_id)
      if (!account) return core.flatError(400, 'invalid_grant', 'the account no longer exists')
      // Rotation: the presented token dies the moment a new one is issued.
      this.setRefreshToken(account, randomToken('rft.'))
      return this.tokenSuccess(account)
    }
    return core.flatError(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token')
  }

  private tokenSuccess(account: Account): Reply {
    const access = this.issueAccessToken(account)
    return {
      status: 200,
      body: toJsonText({
        access_token: access,
        expires_in: this.core.config.access_token_ttl_sec ?? 7200,
        open_id: account.open_id,
        refresh_expires_in: this.core.config.refresh_token_ttl_sec ?? 15_552_000,
        refresh_token: account.refresh_token,
        scope: account.scopes.join(','),
        token_type: 'Bearer'
      }),
      code: 'ok',
      open_id: account.open_id
    }
  }

  async revoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req)
    const app = this.core.apps.get(form?.get('client_key') ?? '')
    if (!form || !app || app.client_secret !== form.get('client_secret')) {
      return sendReply(res, this.core.flatError(401, 'invalid_client', 'client_key or client_secret is wrong'))
    }
    const token = this.accessTokens.get(form.get('token') ?? '')
    if (token) {
      for (const [k, v] of this.accessTokens) if (v.open_id === token.open_id) this.accessTokens.delete(k)
      const account = this.core.accounts.get(token.open_id)
      if (account?.refresh_token) this.refreshTokens.delete(account.refresh_token)
      if (account) account.refresh_token = undefined
    }
    res.writeHead(200, { 'content-length': '0' })
    res.end()
  }
}

/** A creator switching the account to private (or public) in the TikTok app; a private account has duet and stitch off. */
function setPrivate(account: Account, value: boolean): void {
  account.private = value
  if (value) {
    account.duet_disabled = true
    account.stitch_disabled = true
  }
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const raw = await readSmallBody(req)
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded') return undefined
  return new URLSearchParams(raw)
}

function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]'
}
