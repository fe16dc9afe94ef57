import type { IncomingMessage, ServerResponse } from 'node:http'
import { parseJsonLossless } from '../json.js'
import { ApiError, MINUTE, type ApiContext, type ApiName, type Core } from './core.js'
import type { FaultBox } from './faults.js'
import { BodyTooLarge, readSmallBody, sendReply, type Reply } from './http.js'
import type { Grant, OAuth } from './oauth.js'
import type { RateLimitedEndpoint } from './types.js'

/*
 * The door of every endpoint behind a bearer token: injected faults first,
 * then the token, its scopes, TikTok's per-token rate limits and a JSON body,
 * in that order, before the endpoint's own handler runs.
 */

const DEFAULT_RATES: Record<RateLimitedEndpoint, number> = { init: 6, status: 30, creator_info: 20, display: 600 }

export interface ApiRoute {
  name: ApiName
  /** any one of them will do */
  scopes: string[]
  rate: RateLimitedEndpoint
  handler: (ctx: ApiContext) => Reply | Promise<Reply>
}

export class ApiGate {
  /** request times per token and limit, within the last minute */
  private readonly rateWindows = new Map<string, number[]>()

  constructor(
    private readonly core: Core,
    private readonly oauth: OAuth,
    private readonly faults: FaultBox
  ) {}

  async serve(route: ApiRoute, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let raw: string
    try {
      raw = await readSmallBody(req)
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendReply(res, this.core.envelopeError(413, 'invalid_param', error.message))
      throw error
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
    const grant = bearer ? this.oauth.accessTokens.get(bearer) : undefined
    const faulted = await this.faults.apply(route.name, grant?.open_id, false)
    if (faulted.reply) {
      this.core.recordOutcome(route.name, faulted.reply, false)
      return sendReply(res, faulted.reply, faulted.mode)
    }
    const reply = await this.reply(route, bearer, grant, raw, url)
    this.core.recordOutcome(route.name, reply, !(reply.code === 'access_token_invalid' && grant !== undefined))
    sendReply(res, reply, faulted.mode)
  }

  private async reply(route: ApiRoute, bearer: string | undefined, grant: Grant | undefined, raw: string, url: URL): Promise<Reply> {
    const core = this.core
    if (!bearer || !grant) {
      return core.envelopeError(401, 'access_token_invalid', bearer ? 'the access token is unknown' : 'missing Authorization: Bearer header')
    }
    const open_id = grant.open_id
    if (grant.expires_at <= core.now()) return core.envelopeError(401, 'access_token_invalid', 'the access token has expired', { open_id })
    const account = core.accounts.get(open_id)
    if (!account) return core.envelopeError(401, 'access_token_invalid', 'the access token is unknown')
    if (!route.scopes.some((s) => account.scopes.includes(s))) {
      return core.envelopeError(401, 'scope_not_authorized', `the user did not authorize the scope ${route.scopes.join(' or ')}`, { open_id })
    }
    const limit = this.rateLimit(route.rate)
    if (limit !== undefined) {
      const key = `${bearer}|${route.rate === 'display' ? route.name : route.rate}`
      const now = core.now()
      const window = (this.rateWindows.get(key) ?? []).filter((t) => t > now - MINUTE)
      if (window.length >= limit) {
        this.rateWindows.set(key, window)
        return core.envelopeError(429, 'rate_limit_exceeded', `more than ${limit} ${route.name} requests per minute for this token`, { open_id })
      }
      window.push(now)
      this.rateWindows.set(key, window)
    }
    let body: Record<string, unknown> = {}
    if (route.name !== 'user_info') {
      let parsed: unknown
      try {
        parsed = raw.trim() === '' ? {} : parseJsonLossless(raw)
      } catch {
        return core.envelopeError(400, 'invalid_param', 'the request body is not valid JSON', { open_id })
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return core.envelopeError(400, 'invalid_param', 'the request body must be a JSON object', { open_id })
      }
      body = parsed as Record<string, unknown>
    }
    try {
      const reply = await route.handler({ account, body, url })
      reply.open_id ??= open_id
      return reply
    } catch (error) {
      if (error instanceof ApiError) return core.envelopeError(error.status, error.code, error.message, { open_id, publish_id: error.publish_id })
      throw error
    }
  }

  private rateLimit(endpoint: RateLimitedEndpoint): number | undefined {
    const cfg = this.core.config.rate_limits
    if (cfg === false) return undefined
    if (cfg === undefined || cfg === true) return DEFAULT_RATES[endpoint]
    return cfg[endpoint] ?? DEFAULT_RATES[endpoint]
  }
}
