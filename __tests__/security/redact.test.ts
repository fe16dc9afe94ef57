import { redact, secretForms } from '../../src/tiktok/errors.js'

/**
 * A secret can come back in a server's error text in any encoding it was
 * sent in; each must be caught. The secret holds `~`, `+`, `/`, space and a
 * non-ASCII letter so that every encoder writes it differently.
 */
const SECRET = 'cs_Ab~c+d/e f=gé123456'

describe('redact: every encoding a secret travels in', () => {
  const b64 = Buffer.from(SECRET).toString('base64')
  const cases: Record<string, string> = {
    raw: SECRET,
    'URL-encoded (encodeURIComponent)': encodeURIComponent(SECRET),
    'form-encoded (URLSearchParams: + for space, %7E for ~)': new URLSearchParams({ client_secret: SECRET }).toString().split('=')[1],
    'form-encoded with lower-case hex': new URLSearchParams({ client_secret: SECRET }).toString().split('=')[1].replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    'percent-encoded, every byte but unreserved': [...Buffer.from(SECRET)].map((b) => (/[A-Za-z0-9\-._]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join(''),
    base64: b64,
    'base64 unpadded': b64.replace(/=+$/, ''),
    base64url: Buffer.from(SECRET).toString('base64url'),
    'base64 of user:secret (Basic auth)': Buffer.from(`x-access-token:${SECRET}`).toString('base64'),
    'base64url of a:secret': Buffer.from(`a:${SECRET}`).toString('base64url'),
    'base64 of ab:secret': Buffer.from(`ab:${SECRET}`).toString('base64')
  }
  for (const [name, encoded] of Object.entries(cases)) {
    it(`hides the ${name} form`, () => {
      expect(encoded.length).toBeGreaterThan(6)
      const text = `TikTok said: invalid client_secret=${encoded}&grant_type=refresh_token`
      const out = redact(text, [SECRET])
      expect(out).toContain('***')
      // none of the secret's characters it alone decides survive
      expect(out).not.toContain(encoded.slice(4, -4))
      expect(out).toContain('grant_type=refresh_token')
    })
  }

  it('lists each form once, longest first, and leaves short values alone', () => {
    const forms = secretForms(SECRET)
    expect(new Set(forms).size).toBe(forms.length)
    expect(forms[0].length).toBeGreaterThanOrEqual(forms[forms.length - 1].length)
    expect(redact('code=abc', ['abc'])).toBe('code=abc')
  })
})
