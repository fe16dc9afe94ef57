/** The scopes tiktok-publish uses (docs/TIKTOK.md, "Scopes") and what each one unlocks. */
export const ALL_SCOPES = ['user.info.basic', 'video.publish', 'video.upload', 'video.list'] as const
export type Scope = (typeof ALL_SCOPES)[number]

export const SCOPE_FEATURES: Readonly<Record<Scope, string>> = {
  'user.info.basic': "the account's display name (user/info)",
  'video.publish': 'direct posts (mode: direct) and the creator info check',
  'video.upload': 'inbox drafts (mode: inbox)',
  'video.list': 'reconciliation of interrupted pull-from-URL posts (video list)'
}

/** Lines saying which features a missing scope turns off; empty when all are granted. */
export function missingScopeLines(granted: readonly string[], wanted: readonly string[] = ALL_SCOPES): string[] {
  const have = new Set(granted)
  return wanted
    .filter((s): s is Scope => !have.has(s) && s in SCOPE_FEATURES)
    .map((s) => `${s} not granted: no ${SCOPE_FEATURES[s]}`)
}

/** Known scopes in the order above, then any others as TikTok sent them. */
export function sortScopes(scopes: readonly string[]): string[] {
  const rank = (s: string) => {
    const i = (ALL_SCOPES as readonly string[]).indexOf(s)
    return i < 0 ? ALL_SCOPES.length : i
  }
  return [...scopes].sort((a, b) => rank(a) - rank(b))
}
