import type { AccountConfig, AppConfig, Manifest, Post, PostMode, PostTarget, PrivacyLevel } from '../../src/manifest/model.js'
import { emptyState, setAccountState, setRecord, type CreatorInfo, type State, type StateRecord } from '../../src/state/index.js'
import type { PlanMediaFacts as MediaFacts } from '../../src/plan/index.js'

/** Builds normalized Manifest objects for planner tests, with the loader's defaults. */

const loc = { file: '/repo/tiktok.yml', line: 1, column: 1 }

export interface AccountSpec {
  app?: string
  timezone?: string
  postsPerDay?: number
  minGapMs?: number
  window?: string
}

export interface PostSpec {
  id: string
  accounts: string[]
  at?: string
  mode?: PostMode
  privacy?: PrivacyLevel
  caption?: string
  allow?: Partial<PostTarget['allow']>
  video?: string
  coverMs?: number
}

export function parseWindow(text: string): { startMinute: number; endMinute: number; text: string } {
  const m = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(text)
  if (!m) throw new Error(`bad window ${text}`)
  return { startMinute: Number(m[1]) * 60 + Number(m[2]), endMinute: Number(m[3]) * 60 + Number(m[4]), text }
}

export function buildManifest(spec: {
  apps?: Record<string, { audited?: boolean }>
  accounts: Record<string, AccountSpec>
  posts: PostSpec[]
}): Manifest {
  const apps: Record<string, AppConfig> = {}
  for (const [name, a] of Object.entries(spec.apps ?? { main: { audited: true } })) {
    apps[name] = { name, clientKeySecret: 'TIKTOK_CLIENT_KEY', clientSecretSecret: 'TIKTOK_CLIENT_SECRET', audited: a.audited ?? false, pullPrefixes: [], location: loc }
  }
  const accounts: Record<string, AccountConfig> = {}
  for (const [name, a] of Object.entries(spec.accounts)) {
    accounts[name] = {
      name,
      app: a.app ?? Object.keys(apps)[0],
      refreshTokenSecret: `TIKTOK_REFRESH_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`,
      timezone: a.timezone ?? 'UTC',
      limits: {
        ...(a.postsPerDay !== undefined ? { postsPerDay: a.postsPerDay } : {}),
        ...(a.minGapMs !== undefined ? { minGapMs: a.minGapMs } : {}),
        ...(a.window ? { window: parseWindow(a.window) } : {})
      },
      location: loc
    }
  }
  const posts: Post[] = spec.posts.map((p) => ({
    id: p.id,
    video: p.video?.startsWith('https://')
      ? { kind: 'url', url: p.video }
      : { kind: 'file', path: p.video ?? `media/${p.id}.mp4`, absPath: `/repo/${p.video ?? `media/${p.id}.mp4`}` },
    ...(p.at ? { at: new Date(p.at) } : {}),
    ...(p.coverMs !== undefined ? { coverMs: p.coverMs } : {}),
    disclose: { yourBrand: false, brandedContent: false, aiGenerated: false },
    targets: p.accounts.map((account) => ({
      account,
      caption: p.caption ?? `caption of ${p.id}`,
      mode: p.mode ?? 'direct',
      ...((p.mode ?? 'direct') === 'direct' ? { privacy: p.privacy ?? 'SELF_ONLY' } : {}),
      allow: { comments: false, duet: false, stitch: false, ...p.allow }
    })),
    location: loc
  }))
  return { file: '/repo/tiktok.yml', root: '/repo', apps, accounts, posts }
}

export function mediaFor(manifest: Manifest, over: Record<string, Partial<MediaFacts>> = {}): Map<string, MediaFacts> {
  return new Map(manifest.posts.map((p) => [p.id, { digest: `sha256:${p.id}`, durationSec: 30, ...over[p.id] }]))
}

export function rec(status: StateRecord['status'], over: Partial<StateRecord> = {}): StateRecord {
  return { status, fingerprint: 'old', attempts: 1, updated_at: '2026-01-01T00:00:00Z', ...over }
}

export function stateOf(records: Array<[string, string, StateRecord]>, lineage = 'lineage-1'): State {
  let s = emptyState(lineage)
  for (const [post, account, r] of records) s = setRecord(s, post, account, r)
  return s
}

export function creator(over: Partial<CreatorInfo> = {}): CreatorInfo {
  return {
    nickname: 'Brand US',
    privacy_level_options: ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
    max_video_post_duration_sec: 600,
    comment_disabled: false,
    duet_disabled: true,
    stitch_disabled: true,
    ...over
  }
}

export function withCreator(state: State, account: string, info: CreatorInfo, checkedAt: string): State {
  return setAccountState(state, account, { ...(state.accounts[account] ?? {}), creator: info, checked_at: checkedAt })
}
