import { isIP } from 'node:net'

/**
 * The TikTok API base URL may be plain http:// only to this machine (the
 * emulator in rehearsals and tests): anywhere else the client secret, refresh
 * tokens and videos would cross the network in clear.
 */
export function plainHttpAllowed(url: URL): boolean {
  if (url.protocol !== 'http:') return true
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (isIP(host) === 4) return host.startsWith('127.')
  if (isIP(host) === 6) return host === '::1'
  return false
}
