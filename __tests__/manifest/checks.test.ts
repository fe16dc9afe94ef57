import { checkSecretName, looksLikeToken, matchesPullPrefix, parseInstant, parseWindow, checkVideo } from '../../src/manifest/checks.js'
import { didYouMean } from '../../src/manifest/suggest.js'

describe('secret names versus pasted tokens', () => {
  it.each(['TIKTOK_CLIENT_KEY', 'TIKTOK_REFRESH_BRAND_US', 'TT_KEY_2', '_PRIVATE'])('%s is a name', (name) => {
    expect(looksLikeToken(name)).toBe(false)
    expect(checkSecretName(name, 'X')).toBeUndefined()
  })

  it.each([
    'act.1a2b3c4d5e6f7g8h9i0jKLMNOPQRSTUVWXYZ',
    'rft.SHORT',
    'aw8x2kq9zl3mnb7p', // client-key shaped: lowercase and digits
    '9fK2mQx7Lw3Zp8Vb1Nc6Rd4Ts0Yh5Jg2',
    'abc-def~ghi',
    'A'.repeat(70),
    'ABCDEF0123456789ABCDEF'
  ])('%s looks like a token and is not repeated', (value) => {
    expect(looksLikeToken(value)).toBe(true)
    const problem = checkSecretName(value, 'TIKTOK_CLIENT_SECRET')!
    expect(problem.message).toContain('looks like a token itself')
    expect(problem.message + problem.fix).not.toContain(value)
    expect(problem.fix).toContain('TIKTOK_CLIENT_SECRET')
  })

  it('repeats a lower-case name with its upper-case form, but not a word that might be a password', () => {
    expect(checkSecretName('tiktok_client_key', 'X')!.fix).toContain('`TIKTOK_CLIENT_KEY`')
    const p = checkSecretName('hunter', 'TIKTOK_CLIENT_SECRET')!
    expect(p.message + p.fix).not.toContain('hunter')
    expect(p.message + p.fix).not.toContain('HUNTER')
  })
})

describe('pull prefixes', () => {
  it.each([
    ['https://cdn.example.com/tiktok/a.mp4', 'https://cdn.example.com/tiktok/', true],
    ['https://cdn.example.com/tiktok/sub/a.mp4', 'https://cdn.example.com/tiktok/', true],
    ['https://cdn.example.com/other/a.mp4', 'https://cdn.example.com/tiktok/', false],
    ['https://cdn.example.com.evil.net/tiktok/a.mp4', 'https://cdn.example.com', false],
    ['https://cdn.example.com/a.mp4', 'https://cdn.example.com', true],
    ['https://CDN.example.com/tiktok/a.mp4', 'https://cdn.example.com/tiktok/', true],
    ['https://cdn.example.com/videos-private/a.mp4', 'https://cdn.example.com/videos', false],
    ['https://cdn.example.com/videos/a.mp4', 'https://cdn.example.com/videos', true],
    ['https://cdn.example.com:8443/tiktok/a.mp4', 'https://cdn.example.com/tiktok/', false]
  ])('%s under %s: %s', (url, prefix, ok) => {
    expect(matchesPullPrefix(url, prefix)).toBe(ok)
  })
})

describe('instants, windows, videos, suggestions', () => {
  it('reads instants only with a zone', () => {
    expect(parseInstant('2026-12-01T17:00:00Z')?.toISOString()).toBe('2026-12-01T17:00:00.000Z')
    expect(parseInstant('2026-12-01T12:00-05:00')?.toISOString()).toBe('2026-12-01T17:00:00.000Z')
    expect(parseInstant('2026-12-01 18:00:00.250+0100')?.toISOString()).toBe('2026-12-01T17:00:00.250Z')
    expect(parseInstant('2026-12-01T17:00:00')).toBeUndefined()
    expect(parseInstant('2026-12-01')).toBeUndefined()
    expect(parseInstant('2026-02-29T00:00:00Z')).toBeUndefined()
    expect(parseInstant('2028-02-29T00:00:00Z')?.toISOString()).toBe('2028-02-29T00:00:00.000Z')
    expect(parseInstant('2026-12-01T24:00:00Z')).toBeUndefined()
  })

  it('reads windows', () => {
    expect(parseWindow('09:00-21:00')).toEqual({ startMinute: 540, endMinute: 1260 })
    expect(parseWindow('23:30 - 00:15')).toEqual({ startMinute: 1410, endMinute: 15 })
    expect(parseWindow('24:00-01:00')).toBeUndefined()
    expect(parseWindow('9:00-21:00')).toBeUndefined()
    expect(parseWindow('09:60-21:00')).toBeUndefined()
  })

  it('accepts repository paths and https URLs only', () => {
    expect(checkVideo('media/a.mp4')).toBeUndefined()
    expect(checkVideo('./media/a.mp4')).toBeUndefined()
    expect(checkVideo('https://cdn.example.com/a.mp4')).toBeUndefined()
    expect(checkVideo('file:///etc/passwd')?.message).toContain('cannot pull')
    expect(checkVideo('C:/media/a.mp4')?.message).toContain('absolute')
    expect(checkVideo('https://user:pw@cdn.example.com/a.mp4')?.message).toContain('user name or password')
    expect(checkVideo('https://[::1]/a.mp4')?.message).toContain('IP address')
  })

  it('suggests close words only', () => {
    expect(didYouMean('privcy', ['privacy', 'mode'])).toBe('privacy')
    expect(didYouMean('pull-prefixes', ['pull_prefixes'])).toBe('pull_prefixes')
    expect(didYouMean('coverMs', ['cover_ms'])).toBe('cover_ms')
    expect(didYouMean('colour', ['version', 'apps', 'accounts'])).toBeUndefined()
  })
})
