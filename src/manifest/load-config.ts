import { UserError } from '../errors.js'
import { parseDuration } from '../duration.js'
import { canonicalTimezone, checkName, parseWindow } from './checks.js'
import type { AccountConfig, AppConfig } from './model.js'
import { accountSchema, appSchema, type RawAccount, type RawApp } from './schema.js'
import { didYouMean } from './suggest.js'
import { locate, type YamlSource } from './yaml-source.js'

/*
 * The manifest's apps and accounts. Every entry that parses on its own is
 * kept, so that references to it are checked even when a sibling entry is
 * broken.
 */

type Rec = Record<string, unknown>
export const asRecord = (v: unknown): Rec | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined)

/**
 * An entry as its own schema reads it: taken from the whole file's parse when
 * that succeeded (the same schema, so the same result), parsed alone otherwise.
 */
function entryOf<T>(parsed: Rec | undefined, value: unknown, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T | undefined {
  if (parsed) return parsed as T
  const r = schema.safeParse(value)
  return r.success ? r.data : undefined
}

export function appsOf(main: YamlSource, rawApps: Rec, parsedApps: Rec | undefined): Record<string, AppConfig> {
  // keyed by names from the repository: no entry may reach an inherited property
  const apps: Record<string, AppConfig> = Object.create(null) as Record<string, AppConfig>
  for (const [name, value] of Object.entries(rawApps)) {
    const a = entryOf<RawApp>(asRecord(parsedApps?.[name]), value, appSchema)
    if (!a || checkName('app', name)) continue
    apps[name] = {
      name,
      clientKeySecret: a.client_key,
      clientSecretSecret: a.client_secret,
      audited: a.audited ?? false,
      pullPrefixes: a.pull_prefixes ?? [],
      ...(a.media_base_url !== undefined ? { mediaBaseUrl: a.media_base_url } : {}),
      location: locate(main, ['apps', name], 'key')
    }
  }
  return apps
}

export function accountsOf(main: YamlSource, rawAccounts: Rec, parsedAccounts: Rec | undefined, appNames: string[], errors: UserError[]): Record<string, AccountConfig> {
  const accounts: Record<string, AccountConfig> = Object.create(null) as Record<string, AccountConfig>
  for (const [name, value] of Object.entries(rawAccounts)) {
    const appName = asRecord(value)?.app
    if (typeof appName === 'string' && !appNames.includes(appName)) errors.push(unknownApp(main, name, appName, appNames))
    const a = entryOf<RawAccount>(asRecord(parsedAccounts?.[name]), value, accountSchema)
    if (!a || checkName('account', name)) continue
    const window = a.limits?.window !== undefined ? parseWindow(a.limits.window) : undefined
    accounts[name] = {
      name,
      app: a.app,
      refreshTokenSecret: a.refresh_token,
      timezone: canonicalTimezone(a.timezone ?? 'UTC'),
      limits: {
        ...(a.limits?.posts_per_day !== undefined ? { postsPerDay: a.limits.posts_per_day } : {}),
        ...(a.limits?.min_gap !== undefined ? { minGapMs: parseDuration(a.limits.min_gap)! } : {}),
        ...(window ? { window: { ...window, text: a.limits!.window!.trim() } } : {})
      },
      ...(a.keep_alive === undefined ? {} : { keepAlive: a.keep_alive === false || a.keep_alive === true || a.keep_alive.trim() === 'off' ? ('off' as const) : parseDuration(a.keep_alive)! }),
      location: locate(main, ['accounts', name], 'key')
    }
  }
  return accounts
}

function unknownApp(main: YamlSource, account: string, appName: string, appNames: string[]): UserError {
  const guess = didYouMean(appName, appNames)
  return new UserError(`account \`${account}\` names app \`${appName}\`, which is not under \`apps\``, {
    location: locate(main, ['accounts', account, 'app']),
    fix: guess
      ? `did you mean \`${guess}\`?`
      : appNames.length
        ? `use one of: ${appNames.map((a) => `\`${a}\``).join(', ')}, or add \`${appName}\` under \`apps\``
        : `add \`${appName}:\` under \`apps\` with its client_key and client_secret secret names`
  })
}
