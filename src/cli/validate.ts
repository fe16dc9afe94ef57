import { loadInputs, type LoadedInputs } from '../publish/run.js'
import type { CliContext } from './context.js'
import type { CommonFlags } from './options.js'
import { manifestSettings } from './settings.js'
import { jsonText } from './terminal.js'

/** `validate`: the manifest, its videos and the state file checked; no network. */
export async function runValidate(flags: CommonFlags, ctx: CliContext): Promise<void> {
  const s = manifestSettings(flags, ctx)
  const inputs = await loadInputs({ manifestPath: s.manifestPath, statePath: s.statePath, accounts: s.accounts, shard: s.shard })
  const targets = inputs.manifest.posts.reduce((n, p) => n + p.targets.length, 0)
  const line = `ok: ${inputs.manifest.posts.length} posts, ${targets} post × account pairs, ${Object.keys(inputs.manifest.accounts).length} accounts, ${inputs.media.size} videos checked${photoCount(inputs)}`
  if (s.json) ctx.stdout.write(jsonText({ ok: true, posts: inputs.manifest.posts.length, pairs: targets }))
  else ctx.stdout.write(line + '\n')
}

/** `, 3 photos checked` when the manifest has photo posts (repository images read; https ones are TikTok's to pull) */
function photoCount(inputs: LoadedInputs): string {
  const files = new Set([...(inputs.photos?.values() ?? [])].flatMap((f) => f.images.filter((i) => i.kind === 'file').map((i) => i.path)))
  return inputs.photos?.size ? `, ${files.size} photos checked` : ''
}
