import type { z } from 'zod'
import { UserError } from '../errors.js'
import { didYouMean } from './suggest.js'
import { locate, valueAt, type YamlSource } from './yaml-source.js'

/** `posts[2].allow.duet` — how a path is shown in messages. */
export function pathText(segments: readonly PropertyKey[]): string {
  let out = ''
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`
    else out += out === '' ? String(seg) : `.${String(seg)}`
  }
  return out === '' ? 'the top level' : out
}

function describe(value: unknown): string {
  if (value === null) return 'an empty value'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : String(value)
  if (typeof value === 'boolean') return value ? '`true`' : '`false`'
  if (typeof value === 'string') return 'text'
  return typeof value
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: '`true` or `false`',
  array: 'a list',
  object: 'a mapping (`key: value` lines)',
  record: 'a mapping (`name:` entries)'
}

/** Known keys of the object schema at a path, for typo suggestions. */
function objectKeysAt(schema: z.ZodType, segments: readonly PropertyKey[]): string[] {
  let s: unknown = schema
  const unwrap = (x: unknown): unknown => {
    for (let guard = 0; guard < 20; guard++) {
      const def = (x as { _zod?: { def?: Record<string, unknown> } })._zod?.def
      if (!def) return x
      if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'readonly') x = def.innerType
      else if (def.type === 'pipe') x = def.in
      else return x
    }
    return x
  }
  for (const seg of segments) {
    s = unwrap(s)
    const def = (s as { _zod: { def: Record<string, unknown> } })._zod.def
    if (def.type === 'object') s = (def.shape as Record<string, unknown>)[String(seg)]
    else if (def.type === 'record') s = def.valueType
    else if (def.type === 'array') s = def.element
    else if (def.type === 'union') {
      const options = def.options as unknown[]
      s = options.find((o) => ['array', 'object', 'record'].includes((unwrap(o) as { _zod: { def: { type: string } } })._zod.def.type))
      if (!s) return []
      s = unwrap(s)
      const d2 = (s as { _zod: { def: Record<string, unknown> } })._zod.def
      s = d2.type === 'array' ? d2.element : d2.type === 'record' ? d2.valueType : (d2.shape as Record<string, unknown>)[String(seg)]
    } else return []
    if (!s) return []
  }
  s = unwrap(s)
  const def = (s as { _zod: { def: Record<string, unknown> } })._zod.def
  return def.type === 'object' ? Object.keys(def.shape as object) : []
}

/** Turns zod's issues for one file into errors that point into that file. */
/** A required key that is absent: pointed at its parent, whose line is where it goes. */
function missingKey(src: YamlSource, p: readonly PropertyKey[], fix?: (key: string) => string): UserError {
  const parent = p.slice(0, -1)
  const key = String(p[p.length - 1])
  return new UserError(`${pathText(parent)}: missing required key \`${key}\``, {
    location: locate(src, parent),
    fix: fix ? fix(key) : addKeyFix(key, parent.length === 0)
  })
}

export function issuesToErrors(issues: readonly z.core.$ZodIssue[], src: YamlSource, schema: z.ZodType): UserError[] {
  const out: UserError[] = []
  for (const issue of issues) out.push(...issueToErrors(issue, src, schema))
  return out
}

function issueToErrors(issue: z.core.$ZodIssue, src: YamlSource, schema: z.ZodType): UserError[] {
  const p = issue.path
  const where = pathText(p)
  const raw = valueAt(src.data, p)
  const present = p.length === 0 ? src.data !== undefined : hasKey(src.data, p)
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = objectKeysAt(schema, p)
      return issue.keys.map((key) => {
        const guess = didYouMean(key, known)
        return new UserError(`unknown key \`${key}\` ${p.length ? `in ${where}` : 'at the top level'}`, {
          location: locate(src, [...p, key], 'key'),
          fix: guess
            ? `did you mean \`${guess}\`?`
            : `remove it; the keys allowed here are: ${known.map((k) => `\`${k}\``).join(', ')}`
        })
      })
    }
    case 'invalid_key': {
      const inner = issue.issues.find((i) => i.code === 'custom') as z.core.$ZodIssueCustom | undefined
      const fix = (inner?.params as { fix?: string } | undefined)?.fix ?? 'use letters, digits, `-`, `_` and `.`'
      return [new UserError(`${where}: ${inner?.message ?? 'invalid name'}`, { location: locate(src, p, 'key'), fix })]
    }
    case 'custom': {
      const fix = (issue.params as { fix?: string } | undefined)?.fix ?? 'correct this value'
      return [new UserError(`${where}: ${issue.message}`, { location: locate(src, p), fix })]
    }
    case 'invalid_type': {
      if (!present) return [missingKey(src, p)]
      if (p.length === 0) {
        return [
          new UserError(`the file must hold a YAML mapping (\`key: value\` lines), not ${describe(raw)}`, {
            location: locate(src, p),
            fix: 'start from the example in the README: `version: 1`, `apps:`, `accounts:`, `posts:`'
          })
        ]
      }
      const expected = EXPECTED[issue.expected] ?? issue.expected
      return [
        new UserError(`${where} must be ${expected}, not ${describe(raw)}`, {
          location: locate(src, p),
          fix: typeFix(issue.expected, raw)
        })
      ]
    }
    case 'invalid_value': {
      if (p.length === 1 && p[0] === 'version') {
        if (!present) {
          return [new UserError('missing `version: 1`', { location: locate(src, []), fix: 'add `version: 1` as the first line' })]
        }
        return [
          new UserError(`unsupported manifest version ${JSON.stringify(raw)}; this tiktok-publish reads version 1`, {
            location: locate(src, p),
            fix: 'write `version: 1`, or upgrade tiktok-publish if the manifest was written for a newer version'
          })
        ]
      }
      const values = issue.values.map((v) => String(v))
      if (!present) return [missingKey(src, p, (key) => `add \`${key}: ${values[0]}\` (one of ${values.join(' | ')})`)]
      const guess = typeof raw === 'string' ? didYouMean(raw, values) : undefined
      return [
        new UserError(`${where} must be one of ${values.join(' | ')}, not ${typeof raw === 'string' ? `\`${raw}\`` : describe(raw)}`, {
          location: locate(src, p),
          fix: guess ? `did you mean \`${guess}\`?` : `write one of ${values.join(', ')}`
        })
      ]
    }
    case 'too_small': {
      if (issue.origin === 'array') {
        const accounts = p[p.length - 1] === 'accounts'
        return [
          new UserError(`${where} is an empty list`, {
            location: locate(src, p),
            fix: accounts ? 'name at least one account, or write `accounts: all`' : 'add an entry, or remove the key'
          })
        ]
      }
      if (issue.origin === 'string') {
        return [new UserError(`${where} is empty`, { location: locate(src, p), fix: 'write a value, or remove the entry' })]
      }
      return [new UserError(`${where} must be at least ${String(issue.minimum)}`, { location: locate(src, p), fix: `write a number of ${String(issue.minimum)} or more` })]
    }
    case 'too_big': {
      const extra = p[p.length - 1] === 'posts_per_day' ? '; `limits` can only lower the built-in ceiling of 15 direct posts a day' : ''
      return [
        new UserError(`${where} must be at most ${String(issue.maximum)}${extra}`, {
          location: locate(src, p),
          fix: `write a number of ${String(issue.maximum)} or less`
        })
      ]
    }
    case 'invalid_union': {
      if (!present) return [missingKey(src, p)]
      return [
        new UserError(`${where} ${issue.message}`, {
          location: locate(src, p),
          fix: p[p.length - 1] === 'accounts' ? 'write `accounts: all` or `accounts: [brand-us, brand-br]`' : 'correct this value'
        })
      ]
    }
    default:
      return [new UserError(`${where}: ${issue.message}`, { location: locate(src, p), fix: 'correct this value' })]
  }
}

function hasKey(data: unknown, p: readonly PropertyKey[]): boolean {
  const parent = valueAt(data, p.slice(0, -1))
  return parent !== null && typeof parent === 'object' && Object.prototype.hasOwnProperty.call(parent, p[p.length - 1] as string)
}

function addKeyFix(key: string, topLevel: boolean): string {
  const hint = missingHint(key, topLevel)
  return hint ? `add \`${key}:\` with${hint}` : `add \`${key}:\``
}

function missingHint(key: string, topLevel: boolean): string {
  if (topLevel) {
    if (key === 'apps') return ' with your TikTok app: its client_key and client_secret secret names'
    if (key === 'accounts') return ' with your TikTok accounts: app and refresh_token secret name'
    if (key === 'posts') return ' with a list of posts'
  }
  const hints: Record<string, string> = {
    id: ' a stable post id such as `spring-teaser`',
    video: ' a path inside the repository or an https:// URL',
    accounts: ' `all` or a list of account names',
    app: ' the name of an app under `apps`',
    refresh_token: ' the NAME of the secret holding the refresh token, e.g. TIKTOK_REFRESH_BRAND_US',
    client_key: ' the NAME of the secret holding the client key, e.g. TIKTOK_CLIENT_KEY',
    client_secret: ' the NAME of the secret holding the client secret, e.g. TIKTOK_CLIENT_SECRET',
  }
  return hints[key] ?? ''
}

function typeFix(expected: string, raw: unknown): string {
  if (expected === 'string' && (typeof raw === 'number' || typeof raw === 'boolean')) return 'quote the value so YAML reads it as text, e.g. `"…"`'
  if (expected === 'int') return 'write a whole number'
  if (expected === 'boolean') return 'write `true` or `false` (unquoted)'
  if (expected === 'array') return 'write a list, e.g. `[a, b]` or one `- item` per line'
  if (expected === 'object' || expected === 'record') return 'write `key: value` lines indented under this key'
  if (expected === 'number') return 'write a number (unquoted)'
  return `write ${EXPECTED[expected] ?? expected}`
}
