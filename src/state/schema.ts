import { z } from 'zod'
import { FAIL_CLASSES } from '../rules/rulebook.js'

/**
 * The state file's shape . Objects are loose (extra fields are
 * allowed), so a newer minor release or a person's note survives a
 * round trip through an older one.
 */
export const STATE_VERSION = 1

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'expected an ISO 8601 date-time' })

export const RECORD_STATUSES = ['claimed', 'processing', 'published', 'inbox', 'failed', 'unknown'] as const
export type RecordStatus = (typeof RECORD_STATUSES)[number]

export const recordErrorSchema = z.looseObject({
  code: z.string(),
  message: z.string(),
  log_id: z.string().optional(),
  /** the rulebook's class of `code` when it was recorded */
  class: z.enum(FAIL_CLASSES).optional()
})

export const stateRecordSchema = z.looseObject({
  status: z.enum(RECORD_STATUSES),
  publish_id: z.string().optional(),
  // TikTok's int64: kept as a decimal string. A hand-edited small number is accepted and normalized.
  video_id: z
    .union([z.string().regex(/^\d+$/, 'expected a decimal string of digits'), z.number().int().nonnegative()])
    .transform((v) => String(v))
    .optional(),
  url: z.string().optional(),
  fingerprint: z.string(),
  attempts: z.number().int().nonnegative(),
  updated_at: isoTime,
  claimed_at: isoTime.optional(),
  run_id: z.string().optional(),
  /** when TikTok accepted the init; caps and spacing count from it */
  initiated_at: isoTime.optional(),
  completed_at: isoTime.optional(),
  source: z.enum(['FILE_UPLOAD', 'PULL_FROM_URL']).optional(),
  mode: z.enum(['direct', 'inbox']).optional(),
  /** the privacy a direct post was sent with: only a public post can ever be found again in the account's video list */
  privacy: z.string().optional(),
  error: recordErrorSchema.optional(),
  next_attempt_at: isoTime.optional(),
  /** commit that approved the post (the merge of its pull request) */
  approved_by: z.string().optional(),
  /** inbox drafts carry no caption at TikTok: kept so the hand-off can show it */
  caption: z.string().optional(),
  /** the facts of the video sent (file uploads): a later run needs neither the file nor its Git LFS content to know a done post unchanged */
  video: z
    .looseObject({
      digest: z.string(),
      size_bytes: z.number().int().nonnegative().optional(),
      duration_sec: z.number().nonnegative().optional()
    })
    .optional()
})

export const creatorInfoSchema = z.looseObject({
  nickname: z.string(),
  privacy_level_options: z.array(z.string()),
  max_video_post_duration_sec: z.number(),
  comment_disabled: z.boolean(),
  duet_disabled: z.boolean(),
  stitch_disabled: z.boolean()
})

export const accountStateSchema = z.looseObject({
  creator: creatorInfoSchema.optional(),
  checked_at: isoTime.optional(),
  /** a cap TikTok reported, so later runs wait instead of asking again */
  hold: z.looseObject({ until: isoTime, reason: z.string() }).optional(),
  /** when the refresh token TikTok last handed out stops working (not a secret: a date) */
  refresh_expires_at: isoTime.optional(),
  /** why the runs that read this state cannot keep the account's token alive, e.g. no `secrets-token` */
  keep_alive_blocked: z.looseObject({ reason: z.string(), since: isoTime }).optional()
})

export const stateSchema = z.looseObject({
  version: z.literal(STATE_VERSION),
  lineage: z.string().min(1),
  serial: z.number().int().nonnegative(),
  accounts: z.record(z.string(), accountStateSchema).default({}),
  posts: z.record(z.string(), z.record(z.string(), stateRecordSchema)).default({})
})

export type RecordError = z.infer<typeof recordErrorSchema>
export type StateRecord = z.infer<typeof stateRecordSchema>
export type CreatorInfo = z.infer<typeof creatorInfoSchema>
export type AccountState = z.infer<typeof accountStateSchema>
export type State = z.infer<typeof stateSchema>
