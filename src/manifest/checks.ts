import { isIP } from 'node:net'
import { parseDuration } from '../duration.js'

/**
 * Field-level checks shared by the zod schema (so every file gets them) and by
 * the loader's normalization. Each returns a problem with a fix, or undefined.
 */
export interface Problem {
  message: string
  fix: string
}

export const POST_ID_RE = /^[a-z0-9][a-z0-9._-]*$/
export const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/
export const SECRET_NAME_RE = /^[A-Z_][A-Z0-9_]*$/
export const CAPTION_MAX = 2200
/** TikTok's photo description limit: a photo post's caption */
export const PHOTO_DESCRIPTION_MAX = 4000
export const PHOTO_TITLE_MAX = 90
/** TikTok's photo_images takes 1 to 35 URLs */
export const PHOTOS_MAX = 35
export const COVER_MS_MAX = 2 ** 31 - 1
/** TikTok's usual shared daily cap; `limits.posts_per_day` may only lower it. */
export const DIRECT_POSTS_PER_DAY_CEILING = 15

/**
 * Names every JavaScript object already answers to (`constructor`,
 * `toString`, `__proto__`, …) and `prototype`. Post ids, app and account names
 * become keys of the state and the token store; one of these would read or
 * overwrite what objects inherit instead of its own entry, so they are not
 * names a manifest may use.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype'])

export function isReservedName(name: string): boolean {
  return RESERVED_NAMES.has(name)
}

function reserved(kind: string, name: string): Problem {
  return {
    message: `${kind} \`${name}\` is a name JavaScript objects already use, so it cannot be a name here`,
    fix: `rename it, e.g. \`${name.replace(/^_+|_+$/g, '').toLowerCase() || 'name'}-1\``
  }
}

export function checkPostId(id: string): Problem | undefined {
  if (id === '') return { message: 'the post id is empty', fix: 'give the post a stable id such as `spring-teaser`' }
  if (isReservedName(id)) return reserved('post id', id)
  if (POST_ID_RE.test(id)) return undefined
  const suggestion = id
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
  return {
    message: `post id \`${id}\` may only hold lowercase letters, digits, \`-\`, \`_\` and \`.\`, starting with a letter or digit`,
    fix: suggestion ? `rename it, e.g. \`${suggestion}\`` : 'rename it, e.g. `spring-teaser`'
  }
}

export function checkName(kind: 'app' | 'account', name: string): Problem | undefined {
  if (kind === 'account' && name === 'all') {
    return { message: 'an account may not be named `all`', fix: '`accounts: all` means every account; choose another name' }
  }
  if (isReservedName(name)) return reserved(`${kind} name`, name)
  if (NAME_RE.test(name)) return undefined
  return {
    message: `${kind} name \`${name}\` may only hold letters, digits, \`-\`, \`_\` and \`.\``,
    fix: `rename the ${kind}, e.g. \`brand-us\``
  }
}

/**
 * A secret field must hold the NAME of a secret. People paste the token itself
 * surprisingly often, and echoing it back into a CI log would leak it, so
 * anything that looks like a credential is refused without repeating it.
 */
export function looksLikeToken(value: string): boolean {
  if (/^(act|rft|clt|cat)\./i.test(value)) return true
  if (value.length > 64) return true
  if (value.length > 40 && !SECRET_NAME_RE.test(value)) return true
  if (value.length >= 20 && /\d/.test(value) && !value.includes('_')) return true
  if (/[.\-~/+=:!@#$%^&*]/.test(value)) return true
  if (/[a-z]/.test(value) && /\d/.test(value)) return true
  if (/[a-z]/.test(value) && /[A-Z]/.test(value) && !value.includes('_') && value.length >= 16) return true
  return false
}

/**
 * Variables the Actions runner sets for itself: its cache and results tokens
 * (ACTIONS_RUNTIME_TOKEN, …), the job's context and token (GITHUB_*), the step's
 * inputs (INPUT_SECRETS holds every secret) and the runner's own (RUNNER_*).
 * None is a secret a manifest may ask for.
 */
export const RUNNER_PREFIXES = ['ACTIONS_', 'GITHUB_', 'INPUT_', 'RUNNER_'] as const

export function isRunnerName(name: string): boolean {
  const upper = name.toUpperCase()
  return RUNNER_PREFIXES.some((p) => upper.startsWith(p))
}

export function checkSecretName(value: string, example: string): Problem | undefined {
  if (value === '') return { message: 'the secret name is empty', fix: `write the name of the secret, e.g. ${example}` }
  if (looksLikeToken(value)) {
    return {
      message: 'the value here looks like a token itself, not the NAME of a secret (it is not repeated here in case it is real)',
      fix: `put the token in a repository secret and write its name here, e.g. ${example}; if it was a real token, revoke or rotate it, since it is now in the repository`
    }
  }
  if (SECRET_NAME_RE.test(value)) {
    if (isRunnerName(value)) {
      return {
        message: `secret name \`${value}\` is one of the runner's own variables (${RUNNER_PREFIXES.map((p) => `${p}*`).join(', ')}), not a secret of yours`,
        fix: `name your secret something else, e.g. ${example}: a manifest that named the runner's tokens would have them sent to TikTok`
      }
    }
    return undefined
  }
  // Only values that are plainly names (words joined by `_`) are repeated:
  // anything else might be a short password typed in the wrong place.
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(value) && value.includes('_')) {
    return {
      message: `secret name \`${value}\` must match ${SECRET_NAME_RE.source} (upper-case letters, digits and \`_\`)`,
      fix: `write \`${value.toUpperCase()}\` and name the secret the same`
    }
  }
  return {
    message: `this is not a secret name: names match ${SECRET_NAME_RE.source} (upper-case letters, digits and \`_\`); the value is not repeated here in case it is a real secret`,
    fix: `write the name of the secret, e.g. ${example}`
  }
}

export function checkTimezone(tz: string): Problem | undefined {
  const fix = 'use an IANA time zone name such as `America/New_York`, `Europe/Paris` or `UTC`'
  // Newer engines accept offsets such as "+05:00"; older ones do not. Only
  // names are accepted so a manifest means the same on every Node version.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz)) return { message: `\`${tz}\` is not an IANA time zone name`, fix }
  return canonicalZone(tz) === undefined ? { message: `unknown time zone \`${tz}\``, fix } : undefined
}

export function canonicalTimezone(tz: string): string {
  const canonical = canonicalZone(tz)
  if (canonical === undefined) throw new RangeError(`Invalid time zone specified: ${tz}`)
  return canonical
}

// An Intl formatter is slow to make, and a manifest of many accounts names the
// same few zones again and again: each name is asked once per process.
const zones = new Map<string, string | undefined>()
function canonicalZone(tz: string): string | undefined {
  if (zones.has(tz)) return zones.get(tz)
  let canonical: string | undefined
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone
  } catch {
    canonical = undefined
  }
  if (zones.size < 1000) zones.set(tz, canonical)
  return canonical
}

const WINDOW_RE = /^(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})$/

export function parseWindow(text: string): { startMinute: number; endMinute: number } | undefined {
  const m = WINDOW_RE.exec(text.trim())
  if (!m) return undefined
  const [sh, sm, eh, em] = m.slice(1).map(Number)
  if (sh > 23 || sm > 59 || em > 59 || eh > 24 || (eh === 24 && em !== 0)) return undefined
  return { startMinute: sh * 60 + sm, endMinute: eh * 60 + em }
}

export function checkWindow(text: string): Problem | undefined {
  const w = parseWindow(text)
  if (!w) {
    return {
      message: `window \`${text}\` is not of the form "HH:MM-HH:MM" (24-hour local time)`,
      fix: 'write e.g. `window: "09:00-21:00"` (quoted); `22:00-02:00` wraps past midnight'
    }
  }
  if (w.startMinute === w.endMinute) {
    return { message: `window \`${text}\` starts where it ends`, fix: 'remove `window` to allow posting at any hour, or give it a start and a later end' }
  }
  return undefined
}

export function checkMinGap(text: string): Problem | undefined {
  const ms = parseDuration(text)
  if (ms === undefined) {
    return { message: `min_gap \`${text}\` is not a duration`, fix: 'write a duration such as `90m`, `2h` or `1h30m` (units: ms, s, m, h, d)' }
  }
  if (ms <= 0) return { message: 'min_gap must be longer than zero', fix: 'remove `min_gap`, or write a duration such as `2h`' }
  return undefined
}

/** `keep_alive`: `off`, or how close to its expiry an idle account's refresh token is renewed. */
export function checkKeepAlive(text: string): Problem | undefined {
  if (text.trim() === 'off') return undefined
  const ms = parseDuration(text)
  if (ms === undefined) {
    return { message: `keep_alive \`${text}\` is neither \`off\` nor a duration`, fix: 'write a duration such as `30d` (the default), or `off`' }
  }
  if (ms < 86_400_000) {
    return { message: `keep_alive \`${text}\` is shorter than a day: a daily run could miss the last chance to renew the token`, fix: 'write at least `1d`; `30d` (the default) leaves room for missed runs' }
  }
  return undefined
}

const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|z|[+-]\d{2}:?\d{2})$/

/** ISO-8601 instant with an explicit zone; undefined when it is not one. */
export function parseInstant(text: string): Date | undefined {
  const m = INSTANT_RE.exec(text.trim())
  if (!m) return undefined
  const [y, mo, d, h, mi] = m.slice(1, 6).map(Number)
  const s = m[6] === undefined ? 0 : Number(m[6])
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return undefined
  // Date.UTC silently rolls 30 February into March; compare the fields back.
  const probe = new Date(Date.UTC(y, mo - 1, d))
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return undefined
  const zone = m[8]
  if (zone !== 'Z' && zone !== 'z') {
    const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!
    if (Number(zm[2]) > 23 || Number(zm[3]) > 59) return undefined
  }
  const date = new Date(text.trim().replace(' ', 'T').replace(/z$/, 'Z').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
  return Number.isNaN(date.getTime()) ? undefined : date
}

export function checkInstant(text: string): Problem | undefined {
  if (parseInstant(text) !== undefined) return undefined
  const local = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(text.trim())
  if (local) {
    return {
      message: `\`at: ${text}\` has no time zone, so the instant is ambiguous`,
      fix: `add a zone: \`Z\` for UTC or an offset, e.g. \`${text.trim().includes('T') ? text.trim() : `${text.trim()}T12:00:00`}Z\` or \`…-05:00\``
    }
  }
  return {
    message: `\`at: ${text}\` is not an ISO-8601 date and time`,
    fix: 'write an instant with a zone, e.g. `2026-12-01T17:00:00Z` or `2026-12-01T12:00:00-05:00`'
  }
}

export function checkCaption(text: string, max = CAPTION_MAX, what = 'the caption'): Problem | undefined {
  if (text.length > max) {
    return {
      message: `${what} is ${text.length} UTF-16 code units long; TikTok allows at most ${max}`,
      fix: `shorten it by at least ${text.length - max} (emoji count as two)`
    }
  }
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.exec(text)
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')
    return {
      message: `${what} holds the control character U+${code} at character ${bad.index + 1}`,
      fix: 'remove it; captions may hold line breaks and tabs but no other control characters'
    }
  }
  return undefined
}

export function checkPullPrefix(prefix: string): Problem | undefined {
  let url: URL
  try {
    url = new URL(prefix)
  } catch {
    return { message: `pull prefix \`${prefix}\` is not a URL`, fix: 'write the https URL prefix verified in TikTok\'s developer portal, e.g. `https://cdn.example.com/tiktok/`' }
  }
  if (url.protocol !== 'https:') {
    return { message: `pull prefix \`${prefix}\` is not https`, fix: 'TikTok pulls only from https URLs: use https' }
  }
  if (url.username || url.password || url.search || url.hash) {
    return { message: 'a pull prefix may not hold credentials, a query or a fragment', fix: 'write only `https://host/path/`' }
  }
  return undefined
}

/** Does `url` fall under `prefix` (same origin, path below the prefix's path)? */
export function matchesPullPrefix(url: string, prefix: string): boolean {
  let u: URL
  let p: URL
  try {
    u = new URL(url)
    p = new URL(prefix)
  } catch {
    return false
  }
  if (u.origin !== p.origin) return false
  if (p.pathname.endsWith('/')) return u.pathname.startsWith(p.pathname)
  // A prefix without a trailing slash must end at a path boundary, so that
  // `/videos` does not also vouch for `/videos-private`.
  return u.pathname === p.pathname || u.pathname.startsWith(`${p.pathname}/`)
}

export function checkVideo(video: string): Problem | undefined {
  return checkMediaReference(video, 'video', 'media/clip.mp4')
}

/** A `photos:` entry: a repository path or an https URL, like a video. */
export function checkPhoto(photo: string): Problem | undefined {
  return checkMediaReference(photo, 'photo', 'media/look-1.jpg')
}

/** A caption of a photo post: TikTok's description, up to 4000 UTF-16 units. */
export function checkPhotoCaption(text: string): Problem | undefined {
  return checkCaption(text, PHOTO_DESCRIPTION_MAX)
}

/** The title of a photo post: at most 90 UTF-16 units, no control characters. */
export function checkPhotoTitle(text: string): Problem | undefined {
  return checkCaption(text, PHOTO_TITLE_MAX, 'the photo title')
}

/**
 * Where the repository's files are served. Paths are appended to it as they
 * are written, so it must end with `/` (else `https://x.com/site` + `media/a.jpg`
 * would name `https://x.com/sitemedia/a.jpg`).
 */
export function checkMediaBaseUrl(base: string): Problem | undefined {
  const example = 'e.g. `https://media.example.com/`'
  let url: URL
  try {
    url = new URL(base)
  } catch {
    return { message: `media_base_url \`${base}\` is not a URL`, fix: `write the https address where the repository's files are served, ${example}` }
  }
  if (url.protocol !== 'https:') return { message: `media_base_url \`${base}\` is not https`, fix: 'TikTok pulls photos only from https URLs: serve the files over https' }
  if (url.username || url.password || url.search || url.hash) {
    return { message: 'media_base_url may not hold credentials, a query or a fragment', fix: `write only \`https://host/path/\`, ${example}` }
  }
  if (isIP(url.hostname.replace(/^\[|\]$/g, ''))) {
    return { message: 'media_base_url names an IP address; TikTok pulls only from host names', fix: 'use the verified domain name instead of the IP address' }
  }
  if (!base.endsWith('/')) return { message: `media_base_url \`${base}\` does not end with \`/\``, fix: `write \`${base}/\`: repository paths are appended to it as written` }
  return undefined
}

function checkMediaReference(value: string, what: 'video' | 'photo', example: string): Problem | undefined {
  if (value.trim() === '') return { message: `the ${what} is empty`, fix: `write a path inside the repository, e.g. \`${example}\`, or an https:// URL` }
  if (/^http:\/\//i.test(value)) {
    return { message: `the ${what} URL uses http://`, fix: `use https: TikTok pulls ${what}s only from https:// URLs on a verified prefix` }
  }
  if (/^https:\/\//i.test(value)) {
    let url: URL
    try {
      url = new URL(value)
    } catch {
      return { message: `the ${what} URL is not a valid URL`, fix: 'write a full https:// URL, or a path inside the repository' }
    }
    if (url.username || url.password) {
      return { message: `the ${what} URL holds a user name or password`, fix: 'remove the credentials; TikTok pulls from public https URLs on a verified prefix' }
    }
    const host = url.hostname.replace(/^\[|\]$/g, '')
    if (isIP(host)) return { message: `the ${what} URL names an IP address; TikTok pulls only from host names`, fix: 'use the verified domain name instead of the IP address' }
    return undefined
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) {
    return { message: `the ${what} is a URL of a kind TikTok cannot pull`, fix: 'use an https:// URL, or a path inside the repository' }
  }
  if (value.includes('\\')) {
    return { message: `${what} path \`${value}\` holds a backslash`, fix: `use forward slashes: \`${value.replace(/\\/g, '/')}\`` }
  }
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value)) {
    return { message: `${what} path \`${value}\` is absolute`, fix: `write the path relative to the repository root, e.g. \`${example}\`` }
  }
  if (value.split('/').includes('..')) {
    return { message: `${what} path \`${value}\` has a \`..\` segment`, fix: `${what}s must stay inside the repository: write the path from the repository root without \`..\`` }
  }
  if (value.endsWith('/')) return { message: `${what} path \`${value}\` names a folder`, fix: `name the ${what} file, e.g. \`${example}\`` }
  return undefined
}
