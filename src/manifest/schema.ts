import { z } from 'zod'
import { PRIVACY_LEVELS, type PrivacyLevel } from './model.js'
import {
  CAPTION_MAX,
  COVER_MS_MAX,
  DIRECT_POSTS_PER_DAY_CEILING,
  NAME_RE,
  POST_ID_RE,
  SECRET_NAME_RE,
  checkCaption,
  checkInstant,
  checkKeepAlive,
  checkMediaBaseUrl,
  checkMinGap,
  checkName,
  checkPhoto,
  checkPhotoTitle,
  PHOTO_DESCRIPTION_MAX,
  PHOTO_TITLE_MAX,
  PHOTOS_MAX,
  checkPostId,
  checkPullPrefix,
  checkSecretName,
  checkTimezone,
  checkVideo,
  checkWindow,
  type Problem
} from './checks.js'

/**
 * The manifest as users write it (v1, docs/GUIDE.md "Manifest reference"). The schema only describes
 * and checks single values; references between entries (accounts, apps, ids,
 * TikTok's privacy rules) are checked by the loader, which knows every file.
 * Refinements carry their fix in `params.fix` so errors can tell what to do.
 */
function refined<T extends z.ZodType>(schema: T, check: (value: z.output<T>) => Problem | undefined): T {
  return schema.superRefine((value, ctx) => {
    const problem = check(value)
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: { fix: problem.fix }, input: value })
  }) as unknown as T
}

function secretName(example: string, description: string) {
  return refined(z.string(), (v) => checkSecretName(v, example)).meta({
    description: `${description} The NAME of a repository secret or environment variable, never its value.`,
    pattern: SECRET_NAME_RE.source,
    examples: [example]
  })
}

const privacySchema = z.enum(PRIVACY_LEVELS as readonly PrivacyLevel[] as [PrivacyLevel, ...PrivacyLevel[]]).meta({
  description: 'Who can see the post. TikTok requires the poster to choose it: there is no built-in default.'
})
const modeSchema = z.enum(['direct', 'inbox']).meta({
  description: '`direct` publishes; `inbox` sends a draft to the creator\'s TikTok inbox (no caption or privacy at TikTok).'
})

export const allowSchema = z
  .strictObject({
    comments: z.boolean().optional(),
    duet: z.boolean().optional(),
    stitch: z.boolean().optional()
  })
  .meta({ description: 'Interactions to turn on. Anything not turned on is off.' })

export const discloseSchema = z
  .strictObject({
    your_brand: z.boolean().optional().meta({ description: 'Promotional content: promotes your own business (brand_organic_toggle).' }),
    branded_content: z.boolean().optional().meta({ description: 'Paid partnership promoting a third party (brand_content_toggle). Cannot be SELF_ONLY.' }),
    ai_generated: z.boolean().optional().meta({ description: 'AI-generated content label (is_aigc).' })
  })
  .meta({ description: 'Commercial and AI disclosure.' })

export const appSchema = z.strictObject({
  client_key: secretName('TIKTOK_CLIENT_KEY', 'Secret holding the app\'s client key.'),
  client_secret: secretName('TIKTOK_CLIENT_SECRET', 'Secret holding the app\'s client secret.'),
  audited: z.boolean().optional().meta({
    description: 'Whether TikTok has audited the app. Default false: direct posts must be SELF_ONLY and accounts private.'
  }),
  pull_prefixes: z
    .array(refined(z.string(), checkPullPrefix))
    .optional()
    .meta({ description: 'https URL prefixes verified for this app in TikTok\'s developer portal (PULL_FROM_URL).' }),
  media_base_url: refined(z.string(), checkMediaBaseUrl)
    .optional()
    .meta({
      description:
        'Where this repository\'s files are served over https, ending with `/`: a photo `media/a.jpg` is pulled from `<media_base_url>media/a.jpg`, which must start with one of `pull_prefixes`.',
      examples: ['https://media.example.com/']
    })
})

export const limitsSchema = z
  .strictObject({
    posts_per_day: z
      .number()
      .int()
      .min(1)
      .max(DIRECT_POSTS_PER_DAY_CEILING)
      .optional()
      .meta({ description: `Posts per local calendar day; can only lower the built-in ceiling of ${DIRECT_POSTS_PER_DAY_CEILING}.` }),
    min_gap: refined(z.string(), checkMinGap)
      .optional()
      .meta({ description: 'Least time between two posts on this account, e.g. `2h` or `1h30m`.' }),
    window: refined(z.string(), checkWindow)
      .optional()
      .meta({ description: 'Local hours when posting is allowed, "HH:MM-HH:MM"; may wrap past midnight.', pattern: '^\\d{2}:\\d{2}-\\d{2}:\\d{2}$' })
  })
  .meta({ description: 'Per-account pacing; all optional.' })

export const accountSchema = z.strictObject({
  app: z.string().meta({ description: 'Name of the app (under `apps`) this account authorized.' }),
  refresh_token: secretName('TIKTOK_REFRESH_BRAND_US', 'Secret holding the account\'s refresh token.'),
  timezone: refined(z.string(), checkTimezone)
    .optional()
    .meta({ description: 'IANA time zone for windows and daily limits; default UTC.' }),
  limits: limitsSchema.optional(),
  keep_alive: z
    .union([z.string(), z.boolean()], { error: 'keep_alive must be a duration such as `30d`, or `off`' })
    .superRefine((value, ctx) => {
      const problem = value === false ? undefined : checkKeepAlive(value === true ? 'true' : value)
      if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: { fix: problem.fix }, input: value })
    })
    .optional()
    .meta({
      description:
        'Refresh the token of an account with nothing to post when its refresh token expires within this, e.g. `30d` (the default); `off` lets an idle account\'s token lapse.'
    })
})

export const defaultsSchema = z
  .strictObject({
    mode: modeSchema.optional(),
    privacy: privacySchema.optional(),
    allow: allowSchema.optional()
  })
  .meta({ description: 'Settings every post takes unless it says otherwise.' })

// A photo post's caption is TikTok's photo description (4000); a video's is
// checked against its own limit (2200) by the loader, which knows the post's kind.
const captionSchema = refined(z.string(), (text) => checkCaption(text, PHOTO_DESCRIPTION_MAX)).meta({
  description: `Caption with hashtags and @mentions; at most ${CAPTION_MAX} UTF-16 code units for a video, ${PHOTO_DESCRIPTION_MAX} for photos (the photo description).`,
  maxLength: PHOTO_DESCRIPTION_MAX
})

function checkPhotoCount(list: string[]): Problem | undefined {
  if (list.length === 0) return { message: '`photos` is empty', fix: 'list 1 to 35 images (JPEG or WebP), or write `video:` instead' }
  if (list.length > PHOTOS_MAX) {
    return { message: `\`photos\` lists ${list.length} images; TikTok takes at most ${PHOTOS_MAX}`, fix: `remove ${list.length - PHOTOS_MAX}, or split them into two posts` }
  }
  return undefined
}

export const postSchema = z.strictObject({
  id: refined(z.string(), checkPostId).meta({
    description: 'Stable key: lowercase letters, digits, - _ . ; never reused.',
    pattern: POST_ID_RE.source
  }),
  video: refined(z.string(), checkVideo)
    .optional()
    .meta({
      description: 'A path inside the repository (FILE_UPLOAD), or an https:// URL on one of the app\'s pull_prefixes (PULL_FROM_URL). A post has `video` or `photos`.'
    }),
  photos: refined(z.array(refined(z.string(), checkPhoto)), checkPhotoCount)
    .optional()
    .meta({
      description: `A photo post: 1 to ${PHOTOS_MAX} JPEG or WebP images, each a repository path (served at the app's media_base_url) or an https:// URL on one of the app's pull_prefixes. TikTok pulls them; a post has \`video\` or \`photos\`.`,
      minItems: 1,
      maxItems: PHOTOS_MAX
    }),
  cover: z
    .number()
    .int()
    .min(0)
    .max(PHOTOS_MAX - 1)
    .optional()
    .meta({ description: 'Photo posts: index into `photos` (0 = the first) of the cover image; default 0.' }),
  title: refined(z.string(), checkPhotoTitle)
    .optional()
    .meta({ description: `Photo posts: the title, at most ${PHOTO_TITLE_MAX} UTF-16 code units; \`caption\` is the description.`, maxLength: PHOTO_TITLE_MAX }),
  auto_add_music: z.boolean().optional().meta({ description: 'Photo posts: let TikTok add music.' }),
  caption: captionSchema.optional(),
  accounts: z
    .union([z.literal('all'), z.array(z.string()).min(1)], {
      error: 'must be `all` or a list of account names'
    })
    .meta({ description: '`all`, or the names of the accounts to post to.' }),
  at: refined(z.string(), checkInstant)
    .optional()
    .meta({ description: 'Not before this instant: ISO-8601 with a zone, e.g. 2026-12-01T17:00:00Z.' }),
  mode: modeSchema.optional(),
  privacy: privacySchema.optional(),
  allow: allowSchema.optional(),
  cover_ms: z
    .number()
    .int()
    .min(0)
    .max(COVER_MS_MAX)
    .optional()
    .meta({ description: 'Time of the frame used as cover, in milliseconds.' }),
  disclose: discloseSchema.optional(),
  captions: z
    .record(z.string(), captionSchema)
    .optional()
    .meta({ description: 'Per-account captions, keyed by account name; each replaces `caption` for that account.' })
}).meta({
  // exactly one of the two; the loader says which is missing or extra, with its line
  oneOf: [{ required: ['video'] }, { required: ['photos'] }]
})

const appsSchema = z
  .record(refined(z.string(), (n) => checkName('app', n)).meta({ pattern: NAME_RE.source }), appSchema)
  .meta({ description: 'TikTok developer apps, by name.' })
const accountsSchema = z
  .record(refined(z.string(), (n) => checkName('account', n)).meta({ pattern: NAME_RE.source }), accountSchema)
  .meta({ description: 'TikTok accounts, by name.' })
const includeSchema = z
  .array(z.string().min(1))
  .meta({ description: 'Globs, relative to this file, of files holding more `posts:`.' })

export const manifestSchema = z
  .strictObject({
    version: z.literal(1).meta({ description: 'Manifest format version.' }),
    apps: appsSchema,
    accounts: accountsSchema,
    // An empty `posts:` (every entry commented out) means no posts, not an error.
    defaults: defaultsSchema.nullable().optional(),
    posts: z.array(postSchema).nullable().optional(),
    include: includeSchema.nullable().optional()
  })
  .meta({
    title: 'tiktok-publish manifest',
    description: 'Videos, captions and accounts that tiktok-publish publishes to TikTok (tiktok.yml, version 1).'
  })

/** An `include`d file holds posts and nothing else. */
export const includeFileSchema = z.strictObject({ posts: z.array(postSchema).nullable() })

export type RawManifest = z.infer<typeof manifestSchema>
export type RawPost = z.infer<typeof postSchema>
export type RawApp = z.infer<typeof appSchema>
export type RawAccount = z.infer<typeof accountSchema>
export type RawDefaults = z.infer<typeof defaultsSchema>
