import { z } from 'zod'

/**
 * TikTok's responses as zod schemas. Bodies are parsed with parseJsonLossless
 * first, so int64 values beyond 2^53 arrive as decimal strings and small ones as
 * numbers: `int64String` accepts both and always yields a string.
 */
export const int64String = z.union([
  z.string().regex(/^-?\d+$/),
  z.number().int().transform((n) => String(n))
])

export const ErrorBody = z.object({
  code: z.string(),
  message: z.string().optional().default(''),
  log_id: z.string().optional()
})

/** The v2 envelope; `data` is validated per endpoint once `error.code` is ok. */
export const Envelope = z.object({
  data: z.unknown().optional(),
  error: ErrorBody
})

export const OAuthTokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number(),
  refresh_token: z.string().min(1),
  refresh_expires_in: z.number(),
  open_id: z.string(),
  scope: z.string().optional().default(''),
  token_type: z.string().optional()
})

export const OAuthErrorResponse = z.object({
  error: z.string().min(1),
  error_description: z.string().optional(),
  log_id: z.string().optional()
})

export const CreatorInfoData = z.object({
  creator_avatar_url: z.string().optional(),
  creator_username: z.string().optional(),
  creator_nickname: z.string().optional(),
  privacy_level_options: z.array(z.string()).default([]),
  comment_disabled: z.boolean().optional().default(false),
  duet_disabled: z.boolean().optional().default(false),
  stitch_disabled: z.boolean().optional().default(false),
  max_video_post_duration_sec: z.number().optional()
})

export const InitData = z.object({
  publish_id: z.string().min(1),
  upload_url: z.string().optional()
})

export const StatusData = z.object({
  status: z.string(),
  fail_reason: z.string().optional(),
  publicaly_available_post_id: z.array(int64String).optional().default([]),
  uploaded_bytes: z.number().optional(),
  downloaded_bytes: z.number().optional()
})

export const VideoItem = z
  .object({
    id: int64String,
    title: z.string().optional(),
    video_description: z.string().optional(),
    create_time: z.number().optional(),
    share_url: z.string().optional(),
    cover_image_url: z.string().optional(),
    duration: z.number().optional(),
    embed_link: z.string().optional()
  })
  .passthrough()

export const VideoListData = z.object({
  videos: z.array(VideoItem).optional().default([]),
  cursor: z.union([z.number(), z.string()]).optional(),
  has_more: z.boolean().optional().default(false)
})

export const VideoQueryData = z.object({
  videos: z.array(VideoItem).optional().default([])
})

export const UserInfoData = z.object({
  user: z.object({
    open_id: z.string().optional(),
    union_id: z.string().optional(),
    avatar_url: z.string().optional(),
    display_name: z.string().optional()
  })
})
