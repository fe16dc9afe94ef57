import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { UserErrors, type UserError } from '../../src/errors.js'
import { loadManifest, type Manifest } from '../../src/manifest/index.js'

/** A full example manifest, every kind of setting in it. */
const CONTRACT_EXAMPLE = `version: 1

apps:                               # TikTok developer apps. Values are NAMES of
  main:                             # secrets (env vars), never the values.
    client_key: TIKTOK_CLIENT_KEY
    client_secret: TIKTOK_CLIENT_SECRET
    audited: false                  # default false: TikTok has not audited the app, so
                                    # direct posts are SELF_ONLY, accounts must be private,
                                    # at most 5 accounts post per 24 h (inbox mode is the
                                    # way to post publicly without an audit)
    pull_prefixes:                  # optional: https URL prefixes verified for this app in
      - https://cdn.example.com/tiktok/   # TikTok's developer portal (PULL_FROM_URL)

accounts:
  brand-us:
    app: main
    refresh_token: TIKTOK_REFRESH_BRAND_US   # name of the secret holding it
    timezone: America/New_York               # for windows; default UTC
    limits:                                  # all optional
      posts_per_day: 3                       # per local calendar day
      min_gap: 2h                            # between two posts on this account
      window: "09:00-21:00"                  # local hours when posting is allowed
  brand-br:
    app: main
    refresh_token: TIKTOK_REFRESH_BRAND_BR
    timezone: America/Sao_Paulo

defaults:                           # every post, unless it says otherwise
  mode: direct                      # direct | inbox  (inbox = draft in the creator's TikTok inbox)
  privacy: PUBLIC_TO_EVERYONE       # PUBLIC_TO_EVERYONE | MUTUAL_FOLLOW_FRIENDS | FOLLOWER_OF_CREATOR | SELF_ONLY
  allow: { comments: true, duet: true, stitch: true }   # built-in default: all off

posts:
  - id: spring-teaser               # stable key: lowercase letters, digits, - _ . ; never reused
    video: media/spring-teaser.mp4  # a path inside the repository (FILE_UPLOAD),
                                    # or an https:// URL (PULL_FROM_URL)
    caption: "Spring is here #spring #launch"
    accounts: [brand-us, brand-br]  # or: all
    at: 2026-12-01T17:00:00Z        # optional: not before this instant
    privacy: SELF_ONLY              # optional overrides of defaults
    cover_ms: 1200                  # optional: frame used as cover
    disclose:                       # optional commercial / AI disclosure
      your_brand: false             #   brand_organic_toggle
      branded_content: false        #   brand_content_toggle
      ai_generated: false           #   is_aigc
    captions:                       # optional per-account caption
      brand-br: "Chegou a primavera #primavera"

include:                            # optional: more posts from other files,
  - posts/*.yml                     # each holding \`posts:\` in the same form
`

const APPS = `apps:
  main:
    client_key: TIKTOK_CLIENT_KEY
    client_secret: TIKTOK_CLIENT_SECRET
`

let tmp: string
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'manifest-'))
  await mkdir(path.join(tmp, '.git'))
})
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true })
})

async function put(rel: string, text: string | Uint8Array): Promise<string> {
  const file = path.join(tmp, rel)
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, text)
  return file
}

async function refused(file: string, options?: { root?: string }): Promise<UserError[]> {
  try {
    await loadManifest(file, options)
  } catch (e) {
    expect(e).toBeInstanceOf(UserErrors)
    return (e as UserErrors).errors
  }
  throw new Error('the manifest loaded without errors')
}

describe('the full example manifest', () => {
  it('loads as written: the post overrides the public default with SELF_ONLY', async () => {
    const file = await put('tiktok.yml', CONTRACT_EXAMPLE)
    const m = await loadManifest(file)
    // tmp is outside the working directory, so locations show the absolute path.
    const loc = (line: number, column: number) => ({ file, line, column })
    const expected: Manifest = {
      file,
      root: tmp,
      files: [file],
      apps: {
        main: {
          name: 'main',
          clientKeySecret: 'TIKTOK_CLIENT_KEY',
          clientSecretSecret: 'TIKTOK_CLIENT_SECRET',
          audited: false,
          pullPrefixes: ['https://cdn.example.com/tiktok/'],
          location: loc(4, 3)
        }
      },
      accounts: {
        'brand-us': {
          name: 'brand-us',
          app: 'main',
          refreshTokenSecret: 'TIKTOK_REFRESH_BRAND_US',
          timezone: 'America/New_York',
          limits: { postsPerDay: 3, minGapMs: 2 * 3_600_000, window: { startMinute: 9 * 60, endMinute: 21 * 60, text: '09:00-21:00' } },
          location: loc(15, 3)
        },
        'brand-br': {
          name: 'brand-br',
          app: 'main',
          refreshTokenSecret: 'TIKTOK_REFRESH_BRAND_BR',
          timezone: 'America/Sao_Paulo',
          limits: {},
          location: loc(23, 3)
        }
      },
      posts: [
        {
          id: 'spring-teaser',
          video: { kind: 'file', path: 'media/spring-teaser.mp4', absPath: path.join(tmp, 'media', 'spring-teaser.mp4') },
          at: new Date('2026-12-01T17:00:00Z'),
          coverMs: 1200,
          disclose: { yourBrand: false, brandedContent: false, aiGenerated: false },
          targets: [
            {
              account: 'brand-us',
              caption: 'Spring is here #spring #launch',
              mode: 'direct',
              privacy: 'SELF_ONLY',
              allow: { comments: true, duet: true, stitch: true }
            },
            {
              account: 'brand-br',
              caption: 'Chegou a primavera #primavera',
              mode: 'direct',
              privacy: 'SELF_ONLY',
              allow: { comments: true, duet: true, stitch: true }
            }
          ],
          location: loc(34, 5),
          videoLocation: loc(35, 12)
        }
      ]
    }
    expect(m).toEqual(expected)
    expect(m.posts[0].at).toBeInstanceOf(Date)
  })

  it('without the post\'s SELF_ONLY override, the public default breaks the unaudited-app rule', async () => {
    const text = CONTRACT_EXAMPLE.replace(/^ {4}privacy: SELF_ONLY.*\n/m, '')
    expect(text).not.toBe(CONTRACT_EXAMPLE)
    const file = await put('tiktok.yml', text)
    const errors = await refused(file)
    expect(errors).toHaveLength(1)
    const [e] = errors
    // Pointed at `defaults.privacy`, where the public level comes from.
    expect(e.location).toEqual({ file, line: 30, column: 12 })
    expect(e.message).toContain('as PUBLIC_TO_EVERYONE (from `defaults`), but app `main` is not audited')
    expect(e.fix).toContain('`privacy: SELF_ONLY`')
    expect(e.fix).toContain('`audited: true` on app `main`')
  })

  it('with `audited: true` the same manifest posts publicly', async () => {
    const text = CONTRACT_EXAMPLE.replace(/^ {4}privacy: SELF_ONLY.*\n/m, '').replace('audited: false', 'audited: true ')
    const m = await loadManifest(await put('tiktok.yml', text))
    expect(m.apps.main.audited).toBe(true)
    expect(m.posts[0].targets.map((t) => [t.account, t.privacy])).toEqual([
      ['brand-us', 'PUBLIC_TO_EVERYONE'],
      ['brand-br', 'PUBLIC_TO_EVERYONE']
    ])
  })
})

describe('includes', () => {
  const main = (include: string) => `version: 1
${APPS}accounts:
  a:
    app: main
    refresh_token: TIKTOK_REFRESH_A
defaults:
  privacy: SELF_ONLY
posts:
  - id: first
    video: media/first.mp4
    accounts: all
include:
${include}`

  it('reads matched files in sorted path order after the main file, positions in each file', async () => {
    const file = await put('tiktok.yml', main('  - posts/*.yml\n  - extra/one.yaml\n  - none/*.yml\n'))
    const b = await put('posts/b.yml', 'posts:\n  - id: bee\n    video: media/b.mp4\n    accounts: [a]\n')
    const a = await put('posts/a.yml', '# the first include\nposts:\n  - id: ay\n    video: media/a.mp4\n    accounts: all\n  - id: ay2\n    video: media/a2.mp4\n    accounts: all\n')
    const one = await put('extra/one.yaml', 'posts:\n  - id: one\n    video: media/one.mp4\n    accounts: all\n')
    await put('posts/notes.txt', 'not yaml')
    const m = await loadManifest(file)
    expect(m.posts.map((p) => p.id)).toEqual(['first', 'one', 'ay', 'ay2', 'bee'])
    expect(m.files).toEqual([file, one, a, b])
    const rel = (f: string) => f
    expect(m.posts[3].location).toEqual({ file: rel(a), line: 6, column: 5 })
    expect(m.posts[3].videoLocation).toEqual({ file: rel(a), line: 7, column: 12 })
    expect(m.posts[4].location).toEqual({ file: rel(b), line: 2, column: 5 })
  })

  it('reports errors from every file in one pass, main file first', async () => {
    const file = await put('tiktok.yml', main('  - posts/*.yml\n').replace('accounts: all', 'accounts: [b]'))
    await put('posts/x.yml', 'posts:\n  - id: x\n    video: ../x.mp4\n    accounts: all\n')
    const errors = await refused(file)
    expect(errors.map((e) => [path.basename(e.location!.file), e.location!.line, e.location!.column])).toEqual([
      ['tiktok.yml', 15, 16],
      ['x.yml', 3, 12]
    ])
  })

  it('refuses an empty included file', async () => {
    const file = await put('tiktok.yml', main('  - posts/empty.yml\n'))
    await put('posts/empty.yml', '# nothing yet\n')
    const [e] = await refused(file)
    expect(e.message).toContain('is empty')
    expect(e.location?.file).toBe(path.join(tmp, 'posts/empty.yml'))
  })
})

describe('defaults and overrides', () => {
  const manifest = (defaults: string, posts: string, audited = 'false') => `version: 1
apps:
  main:
    client_key: TIKTOK_CLIENT_KEY
    client_secret: TIKTOK_CLIENT_SECRET
    audited: ${audited}
accounts:
  zed:
    app: main
    refresh_token: TIKTOK_REFRESH_ZED
  alpha:
    app: main
    refresh_token: TIKTOK_REFRESH_ALPHA
    timezone: utc
${defaults}posts:
${posts}`

  it('expands `accounts: all` in the order accounts are written, with per-account captions', async () => {
    const m = await loadManifest(
      await put(
        'tiktok.yml',
        manifest('defaults:\n  privacy: SELF_ONLY\n', '  - id: p\n    video: v.mp4\n    caption: base\n    accounts: all\n    captions:\n      alpha: for alpha\n')
      )
    )
    expect(m.posts[0].targets.map((t) => [t.account, t.caption])).toEqual([
      ['zed', 'base'],
      ['alpha', 'for alpha']
    ])
    expect(m.accounts.zed.timezone).toBe('UTC')
    expect(m.accounts.alpha.timezone).toBe('UTC')
  })

  it('turns interactions off unless turned on, merging the post over defaults key by key', async () => {
    const m = await loadManifest(
      await put(
        'tiktok.yml',
        manifest(
          'defaults:\n  privacy: FOLLOWER_OF_CREATOR\n  allow: { comments: true }\n',
          '  - id: p1\n    video: v.mp4\n    accounts: [zed]\n    allow: { duet: true }\n' +
            '  - id: p2\n    video: v.mp4\n    accounts: [zed]\n    allow: { comments: false }\n',
          'true'
        )
      )
    )
    expect(m.posts[0].targets[0]).toEqual({ account: 'zed', caption: '', mode: 'direct', privacy: 'FOLLOWER_OF_CREATOR', allow: { comments: true, duet: true, stitch: false } })
    expect(m.posts[1].targets[0].allow).toEqual({ comments: false, duet: false, stitch: false })
    expect(m.posts[0].disclose).toEqual({ yourBrand: false, brandedContent: false, aiGenerated: false })
    expect(m.posts[0].at).toBeUndefined()
    expect(m.posts[0].coverMs).toBeUndefined()
  })

  it('inbox posts need no privacy, carry none, and may go public from an unaudited app', async () => {
    const m = await loadManifest(
      await put(
        'tiktok.yml',
        manifest(
          'defaults:\n  mode: inbox\n  allow: { comments: true, duet: true, stitch: true }\n',
          '  - id: draft\n    video: v.mp4\n    caption: paste me\n    accounts: [zed]\n    privacy: PUBLIC_TO_EVERYONE\n' +
            '  - id: direct\n    video: v.mp4\n    accounts: [alpha]\n    mode: direct\n    privacy: SELF_ONLY\n    at: 2026-12-01T12:00:00-05:00\n'
        )
      )
    )
    expect(m.posts[0].targets).toEqual([
      { account: 'zed', caption: 'paste me', mode: 'inbox', privacy: undefined, allow: { comments: false, duet: false, stitch: false } }
    ])
    expect(m.posts[0].targets[0].privacy).toBeUndefined()
    expect(m.posts[1].targets[0]).toMatchObject({ mode: 'direct', privacy: 'SELF_ONLY', allow: { comments: true, duet: true, stitch: true } })
    expect(m.posts[1].at?.toISOString()).toBe('2026-12-01T17:00:00.000Z')
  })

  it('a direct post with no privacy anywhere names the post and `defaults`', async () => {
    const file = await put('tiktok.yml', manifest('', '  - id: p\n    video: v.mp4\n    accounts: all\n'))
    const errors = await refused(file)
    expect(errors).toHaveLength(1)
    expect(errors[0].location).toMatchObject({ line: 16, column: 5 })
    expect(errors[0].message).toContain('neither the post nor `defaults` sets `privacy`')
  })

  it('reads limits: windows that wrap midnight and the whole day', async () => {
    const text = manifest('defaults:\n  privacy: SELF_ONLY\n', '  - id: p\n    video: v.mp4\n    accounts: all\n')
      .replace('    refresh_token: TIKTOK_REFRESH_ZED\n', '    refresh_token: TIKTOK_REFRESH_ZED\n    limits: { window: "22:00-02:30", min_gap: 1h30m }\n')
      .replace('    timezone: utc\n', '    timezone: Asia/Tokyo\n    limits:\n      window: 00:00-24:00\n      posts_per_day: 15\n')
    const m = await loadManifest(await put('tiktok.yml', text))
    expect(m.accounts.zed.limits).toEqual({ minGapMs: 90 * 60_000, window: { startMinute: 22 * 60, endMinute: 150, text: '22:00-02:30' } })
    expect(m.accounts.alpha.limits).toEqual({ postsPerDay: 15, window: { startMinute: 0, endMinute: 1440, text: '00:00-24:00' } })
    expect(m.accounts.alpha.timezone).toBe('Asia/Tokyo')
  })
})

describe('pull prefixes are checked against each target account\'s app', () => {
  const manifest = (video: string) => `version: 1
apps:
  eu:
    client_key: TIKTOK_CLIENT_KEY_EU
    client_secret: TIKTOK_CLIENT_SECRET_EU
    audited: true
    pull_prefixes: [https://cdn.example.com/tiktok/, https://media.example.org/v]
  us:
    client_key: TIKTOK_CLIENT_KEY_US
    client_secret: TIKTOK_CLIENT_SECRET_US
    pull_prefixes: [https://cdn.example.com/tiktok/]
accounts:
  de:
    app: eu
    refresh_token: TIKTOK_REFRESH_DE
  ny:
    app: us
    refresh_token: TIKTOK_REFRESH_NY
defaults:
  privacy: SELF_ONLY
posts:
  - id: p
    video: ${video}
    accounts: all
`
  it('accepts a URL under every target app\'s prefixes', async () => {
    const m = await loadManifest(await put('tiktok.yml', manifest('https://cdn.example.com/tiktok/clip.mp4')))
    expect(m.posts[0].video).toEqual({ kind: 'url', url: 'https://cdn.example.com/tiktok/clip.mp4' })
  })

  it('names the app whose prefixes the URL misses, only that one, at the video', async () => {
    const errors = await refused(await put('tiktok.yml', manifest('https://media.example.org/v/clip.mp4')))
    expect(errors).toHaveLength(1)
    expect(errors[0].message).toContain("app `us`'s `pull_prefixes` (account `ny`)")
    expect(errors[0].location).toMatchObject({ line: 23, column: 12 })
    expect(errors[0].fix).toContain('apps.us.pull_prefixes')
  })

  it('treats a prefix without a trailing slash as a path boundary', async () => {
    const errors = await refused(await put('tiktok.yml', manifest('https://media.example.org/videos/clip.mp4')))
    expect(errors.map((e) => e.message).join('\n')).toContain('app `eu`')
  })
})

describe('repository root', () => {
  const text = `version: 1
${APPS}accounts:
  a:
    app: main
    refresh_token: TIKTOK_REFRESH_A
defaults:
  privacy: SELF_ONLY
posts:
  - id: p
    video: media/clip.mp4
    accounts: all
`
  it('resolves video paths against the nearest ancestor holding .git', async () => {
    const m = await loadManifest(await put('deploy/tiktok/tiktok.yml', text))
    expect(m.root).toBe(tmp)
    expect(m.posts[0].video).toEqual({ kind: 'file', path: 'media/clip.mp4', absPath: path.join(tmp, 'media/clip.mp4') })
  })

  it('falls back to the manifest\'s folder outside a repository, and takes an explicit root', async () => {
    await rm(path.join(tmp, '.git'), { recursive: true })
    const file = await put('deploy/tiktok.yml', text)
    // os.tmpdir() is not inside a repository on the machines this runs on.
    expect((await loadManifest(file)).root).toBe(path.join(tmp, 'deploy'))
    const m = await loadManifest(file, { root: path.join(tmp, 'elsewhere') })
    expect(m.root).toBe(path.join(tmp, 'elsewhere'))
    expect((m.posts[0].video as { absPath: string }).absPath).toBe(path.join(tmp, 'elsewhere/media/clip.mp4'))
  })

  it('refuses an include that reaches outside the repository', async () => {
    const file = await put('repo/tiktok.yml', `${text}include:\n  - ../common/*.yml\n`)
    await mkdir(path.join(tmp, 'repo/.git'))
    await put('common/more.yml', 'posts: []\n')
    const [e] = await refused(file)
    expect(e.message).toContain('outside the repository')
    expect(e.location).toMatchObject({ line: 17, column: 5 })
  })

  it('refuses a pattern that climbs out with `..` even when nothing above matches it', async () => {
    // the folder above the repository holds no .yml at all: the pattern alone is the fault
    const file = await put('repo/tiktok.yml', `${text}include:\n  - ../*.yml\n  - posts/../../x/*.yml\n`)
    await mkdir(path.join(tmp, 'repo/.git'))
    const errors = await refused(file)
    expect(errors).toHaveLength(2)
    for (const e of errors) expect(e.message).toContain('climbs with `..` outside the repository')
    expect(errors.map((e) => e.location?.line)).toEqual([17, 18])
  })

  it('accepts a `..` that stays inside the repository', async () => {
    const file = await put('repo/deploy/tiktok.yml', `${text}include:\n  - ../posts/*.yml\n`)
    await mkdir(path.join(tmp, 'repo/.git'))
    await put('repo/posts/more.yml', 'posts: []\n')
    const m = await loadManifest(file)
    expect((m.files ?? []).map((f) => path.relative(tmp, f))).toContain(path.join('repo/posts/more.yml'))
  })
})

describe('files that are not YAML text', () => {
  it('refuses a file over 1 MiB before parsing it', async () => {
    const file = await put('tiktok.yml', `version: 1\n# ${'x'.repeat(1024 * 1024)}\n`)
    const [e] = await refused(file)
    expect(e.message).toContain('at most 1048576 bytes')
    expect(e.location).toMatchObject({ line: 1, column: 1 })
    expect(e.fix).toContain('include')
  })

  it('refuses a NUL byte, saying where it is', async () => {
    const file = await put('tiktok.yml', Buffer.from('version: 1\napps: é\0\n', 'utf8'))
    const [e] = await refused(file)
    expect(e.message).toContain('NUL')
    expect(e.location).toMatchObject({ line: 2, column: 8 })
  })

  it('refuses bytes that are not UTF-8, saying where', async () => {
    const file = await put('tiktok.yml', Buffer.concat([Buffer.from('version: 1\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]))
    const [e] = await refused(file)
    expect(e.message).toContain('not valid UTF-8')
    expect(e.location).toMatchObject({ line: 2, column: 6 })
  })

  it('accepts a UTF-8 byte-order mark', async () => {
    const file = await put('tiktok.yml', `\uFEFFversion: 1\n${APPS}accounts: {}\n`)
    const m = await loadManifest(file)
    expect(m.posts).toEqual([])
  })

  it('reports a missing or empty manifest', async () => {
    const missing = await refused(path.join(tmp, 'nope.yml'))
    expect(missing[0].message).toContain('does not exist')
    const empty = await refused(await put('tiktok.yml', '\n# nothing\n'))
    expect(empty[0].message).toContain('is empty')
  })
})
