import { z } from 'zod'
import { manifestSchema } from './schema.js'

/**
 * The JSON Schema editors use to check tiktok.yml as it is typed. Generated
 * from the zod schema so the two cannot drift; references between entries and
 * TikTok's posting rules are only checked by `tiktok-publish validate`.
 */
export function renderJsonSchema(): string {
  const schema = z.toJSONSchema(manifestSchema, { io: 'input', target: 'draft-2020-12' })
  return `${JSON.stringify(schema, null, 2)}\n`
}
