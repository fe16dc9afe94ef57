import { readFile } from 'node:fs/promises'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { UserError } from '../errors.js'
import type { EmulatorConfig, Fault } from './types.js'

export const DEFAULT_SCOPES = ['user.info.basic', 'video.publish', 'video.upload', 'video.list']
export const KNOWN_SCOPES = new Set(DEFAULT_SCOPES)

const nonNegInt = z.number().int().nonnegative()

export const appSchema = z.strictObject({
  client_key: z.string().min(1),
  client_secret: z.string().min(1),
  audited: z.boolean().optional(),
  pull_prefixes: z.array(z.string().startsWith('https://', 'a pull prefix must be an https:// URL')).optional()
})

export const accountSpecSchema = z.strictObject({
  app: z.string().min(1).optional(),
  username: z.string().min(1).optional(),
  nickname: z.string().min(1).optional(),
  scopes: z.array(z.string().min(1)).optional(),
  private: z.boolean().optional(),
  refresh_token: z.string().min(1).optional(),
  max_video_post_duration_sec: z.number().int().positive().optional(),
  comment_disabled: z.boolean().optional(),
  duet_disabled: z.boolean().optional(),
  stitch_disabled: z.boolean().optional(),
  daily_post_cap: nonNegInt.optional()
})

export const configSchema = z.strictObject({
  apps: z.array(appSchema).optional(),
  accounts: z.array(accountSpecSchema).optional(),
  access_token_ttl_sec: z.number().int().positive().optional(),
  refresh_token_ttl_sec: z.number().int().positive().optional(),
  processing_polls: nonNegInt.optional(),
  rate_limits: z
    .union([
      z.boolean(),
      z.strictObject({
        init: nonNegInt.optional(),
        status: nonNegInt.optional(),
        creator_info: nonNegInt.optional(),
        display: nonNegInt.optional()
      })
    ])
    .optional(),
  pull_rewrite: z.record(z.string(), z.string()).optional(),
  pending_share_cap: nonNegInt.optional(),
  unaudited_account_cap: nonNegInt.optional(),
  authorize_private: z.boolean().optional()
})

/** JSON cannot spell Infinity, so the admin API also takes null, -1 or "Infinity" for "forever". */
const timesSchema = z.unknown().transform((v, ctx) => {
  if (v === null || v === 'Infinity' || v === -1 || v === Infinity) return Infinity
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v
  ctx.addIssue({ code: 'custom', message: 'times must be a positive integer, or Infinity (also null, -1 or "Infinity")' })
  return z.NEVER
})

const endpointSchema = z.enum([
  'token',
  'creator_info',
  'init',
  'inbox_init',
  'content_init',
  'status',
  'chunk',
  'video_list',
  'video_query',
  'user_info',
  '*'
])

const faultBase = {
  endpoint: endpointSchema.optional(),
  open_id: z.string().optional(),
  times: timesSchema.optional()
}

export const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...faultBase, kind: z.literal('http_error'), status: z.union([z.literal(500), z.literal(502), z.literal(503)]) }),
  z.strictObject({ ...faultBase, kind: z.literal('rate_limit'), retry_after_sec: nonNegInt.optional() }),
  z.strictObject({ ...faultBase, kind: z.literal('latency'), ms: nonNegInt }),
  z.strictObject({ ...faultBase, kind: z.literal('drop') }),
  z.strictObject({ ...faultBase, kind: z.literal('malformed_json') }),
  z.strictObject({ ...faultBase, kind: z.literal('html_page') }),
  z.strictObject({
    ...faultBase,
    kind: z.literal('error_code'),
    status: z.number().int().min(400).max(599),
    code: z.string().min(1),
    message: z.string().optional()
  }),
  z.strictObject({ ...faultBase, kind: z.literal('fail_post'), fail_reason: z.string().min(1) }),
  z.strictObject({ ...faultBase, kind: z.literal('stuck'), polls: z.number().int().positive() })
])

export function describeZodError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ')
}

/** Validates an EmulatorConfig from untrusted input (file, admin API). */
export function parseEmulatorConfig(value: unknown, source = 'emulator config'): EmulatorConfig {
  const result = configSchema.safeParse(value ?? {})
  if (!result.success) {
    throw new UserError(`${source} is invalid: ${describeZodError(result.error)}`, {
      fix: 'correct the config; see src/emulator/README.md for its fields'
    })
  }
  return result.data as EmulatorConfig
}

export function parseFault(value: unknown): Fault {
  const result = faultSchema.safeParse(value)
  if (!result.success) throw new Error(describeZodError(result.error))
  return result.data as Fault
}

/** Reads a JSON or YAML config file (YAML is a superset of JSON, so one parser serves both). */
export async function loadEmulatorConfigFile(file: string): Promise<EmulatorConfig> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new UserError(`cannot read emulator config ${file}: ${(error as Error).message}`, {
      fix: 'pass an existing JSON or YAML file to --config'
    })
  }
  let value: unknown
  try {
    value = parseYaml(text)
  } catch (error) {
    throw new UserError(`emulator config ${file} is not valid JSON or YAML: ${(error as Error).message}`, {
      fix: 'fix the syntax of the config file'
    })
  }
  return parseEmulatorConfig(value, `emulator config ${file}`)
}
