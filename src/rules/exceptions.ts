import { isUserError } from '../errors.js'
import { TikTokApiError, TikTokAuthError } from '../tiktok/errors.js'

/**
 * Whose an exception is. `tiktok`: an answer TikTok gave (or the client's code
 * for none), classified by the rulebook. `network`: the machine's or the
 * network's (a socket, a file, a cancelled wait, another service's HTTP
 * answer). `user`: input or configuration a person fixes. `bug`: anything else
 * (a TypeError in our code, a broken invariant): it is never classified
 * retryable or retried, it stops the run, and the run says it is a bug.
 */
export type ExceptionKind = 'tiktok' | 'network' | 'user' | 'bug'

/** errors other parts of the project or Node raise for the network or the machine, by name */
const NETWORK_NAMES = new Set(['NetworkError', 'AbortError', 'TimeoutError', 'GitError', 'HttpError', 'RequestError'])

export function exceptionKind(error: unknown): ExceptionKind {
  if (error instanceof TikTokApiError || error instanceof TikTokAuthError) return 'tiktok'
  if (isUserError(error)) return 'user'
  // by shape, not instanceof: Node's DOMException and errors of other realms are not this realm's Error
  if (typeof error !== 'object' || error === null) return 'bug'
  const { name, message, code, cause } = error as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown }
  if (typeof name === 'string' && NETWORK_NAMES.has(name)) return 'network'
  // Node's system errors (ENOENT, ECONNRESET, EIO …) and undici's (UND_ERR_…)
  if (typeof code === 'string' && /^(E[A-Z0-9]+|UND_ERR_[A-Z_]+)$/.test(code)) return 'network'
  // fetch's own failure is a TypeError that carries the socket's error
  if (name === 'TypeError' && message === 'fetch failed' && cause !== undefined) return 'network'
  return 'bug'
}

export function isBug(error: unknown): boolean {
  return exceptionKind(error) === 'bug'
}
