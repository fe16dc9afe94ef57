import type { Manifest } from '../manifest/model.js'
import type { State } from '../state/schema.js'
import { has } from './ledger.js'
import type { PlanAction } from './types.js'

/**
 * Records of pairs the manifest no longer has, after the manifest's pairs,
 * sorted. Their records are kept; one TikTok still processes (on an account
 * still in the manifest) is marked inFlight: apply polls it to its end, so the
 * state says what became of it.
 */
export function orphans(manifest: Manifest, state: State, selected: (account: string) => boolean): PlanAction[] {
  const out: PlanAction[] = []
  const targeted = new Map(manifest.posts.map((p) => [p.id, new Set(p.targets.map((t) => t.account))]))
  for (const post of Object.keys(state.posts).sort()) {
    const accounts = targeted.get(post)
    for (const account of Object.keys(state.posts[post]).sort()) {
      if (accounts?.has(account) || !selected(account)) continue
      const r = state.posts[post][account]
      const gone = accounts ? `${account} is no longer a target of ${post}` : `${post} is no longer in the manifest`
      let fate: string
      if (r.status === 'published' || r.status === 'inbox') fate = 'it stays on TikTok (the API cannot delete a post); its record is kept'
      else if (r.status === 'processing' || (r.status === 'claimed' && r.publish_id)) fate = `TikTok still has it in flight (publish_id ${r.publish_id}); its record is kept`
      else fate = `its ${r.status} record is kept`
      // with its account gone there is no token to ask TikTok with
      const inFlight = r.status === 'processing' && !!r.publish_id && has(manifest.accounts, account)
      out.push({
        post,
        account,
        kind: 'orphaned',
        code: accounts ? 'account_removed' : 'post_removed',
        reason: `${gone}; ${fate}`,
        ...(r.mode ? { mode: r.mode } : {}),
        ...(inFlight ? { inFlight: true as const } : {}),
        warnings: []
      })
    }
  }
  return out
}
