import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderJsonSchema } from '../../src/manifest/index.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const committed = path.resolve(here, '../../schema/tiktok.schema.json')

describe('schema/tiktok.schema.json', () => {
  it('matches the zod schema (regenerate with UPDATE_SCHEMA=1)', () => {
    const rendered = renderJsonSchema()
    if (process.env.UPDATE_SCHEMA === '1') {
      mkdirSync(path.dirname(committed), { recursive: true })
      writeFileSync(committed, rendered)
    }
    let current = ''
    try {
      current = readFileSync(committed, 'utf8')
    } catch {
      current = ''
    }
    if (current !== rendered) {
      throw new Error(
        'schema/tiktok.schema.json is out of date with src/manifest/schema.ts; regenerate it with\n' +
          '  UPDATE_SCHEMA=1 NODE_OPTIONS=--experimental-vm-modules npx jest __tests__/manifest/json-schema'
      )
    }
  })

  it('describes the v1 manifest for editors', () => {
    const schema = JSON.parse(renderJsonSchema()) as Record<string, any>
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema.title).toBe('tiktok-publish manifest')
    expect(schema.additionalProperties).toBe(false)
    expect(schema.required).toEqual(['version', 'apps', 'accounts'])
    expect(schema.properties.version.const).toBe(1)
    // `posts:` may be left empty (null) as well as hold a list.
    const post = schema.properties.posts.anyOf.find((b: { type?: string }) => b.type === 'array').items
    expect(post.additionalProperties).toBe(false)
    expect(post.required).toEqual(expect.arrayContaining(['id', 'accounts']))
    // a post is a video or a photo carousel: exactly one of the two keys
    expect(post.oneOf).toEqual([{ required: ['video'] }, { required: ['photos'] }])
    expect(post.properties.photos.maxItems).toBe(35)
    expect(post.properties.title.maxLength).toBe(90)
    expect(post.properties.id.pattern).toBe('^[a-z0-9][a-z0-9._-]*$')
    expect(post.properties.privacy.enum).toEqual(['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'])
    // the photo description's 4000; a video's 2200 is named in the description and checked by the loader
    expect(post.properties.caption.maxLength).toBe(4000)
    expect(post.properties.caption.description).toContain('2200')
    const app = schema.properties.apps.additionalProperties
    expect(app.properties.client_key.pattern).toBe('^[A-Z_][A-Z0-9_]*$')
    expect(renderJsonSchema().endsWith('}\n')).toBe(true)
  })
})
