import { UserError, UserErrors } from '../../src/errors.js'
import { exceptionKind, isBug } from '../../src/rules/exceptions.js'
import { TikTokApiError, TikTokAuthError } from '../../src/tiktok/errors.js'
import { NetworkError } from '../../src/tiktok/http.js'

describe('whose an exception is', () => {
  it("TikTok's answers, the network's and the machine's, the user's", () => {
    expect(exceptionKind(new TikTokApiError('refused', { code: 'internal_error', retryable: true, endpoint: 'video_init' }))).toBe('tiktok')
    expect(exceptionKind(new TikTokAuthError('refused', { error: 'invalid_grant', transient: false }))).toBe('tiktok')
    expect(exceptionKind(new NetworkError('reset', 'ECONNRESET', true, false))).toBe('network')
    expect(exceptionKind(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toBe('network')
    expect(exceptionKind(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }))).toBe('network')
    expect(exceptionKind(new DOMException('aborted', 'AbortError'))).toBe('network')
    expect(exceptionKind(new UserError('fix the manifest'))).toBe('user')
    expect(exceptionKind(new UserErrors([new UserError('a')]))).toBe('user')
  })

  it('anything else is a bug: a TypeError in our code, a broken invariant, a thrown non-error', () => {
    expect(isBug(new TypeError("Cannot read properties of undefined (reading 'digest')"))).toBe(true)
    expect(isBug(new RangeError('Invalid time value'))).toBe(true)
    expect(isBug(new Error('plan names post x that is not in the manifest'))).toBe(true)
    expect(isBug('a string')).toBe(true)
    expect(isBug(Object.assign(new Error('odd'), { code: 'not-a-system-code' }))).toBe(true)
  })
})
