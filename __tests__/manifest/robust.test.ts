import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { UserErrors } from '../../src/errors.js'
import { loadManifest } from '../../src/manifest/index.js'

/** Odd shapes must come back as located user errors, never as a crash. */
const head = 'version: 1\napps:\n  main:\n    client_key: K\n    client_secret: S\naccounts:\n  a:\n    app: main\n    refresh_token: R\n'
const cases: Array<[string, string, string]> = [
  ['posts of every type', `${head}posts: [1, "x", null, [], {}]\n`, 'posts[0] must be a mapping'],
  ['apps as a list', 'version: 1\napps: [main]\naccounts: {}\n', 'apps must be a mapping'],
  ['accounts as text', 'version: 1\napps: {}\naccounts: brand\n', 'accounts must be a mapping'],
  ['include of odd values', `${head}include: [1, null, ""]\n`, 'include[0] must be text'],
  ['posts as a mapping', `${head}posts: {id: x}\n`, 'posts must be a list'],
  ['captions as a list', `${head}posts:\n  - id: x\n    video: v.mp4\n    accounts: all\n    privacy: SELF_ONLY\n    captions: [a]\n`, 'captions must be a mapping'],
  ['a __proto__ key', `${head}__proto__: {polluted: true}\n`, '10:1: `__proto__` is a name JavaScript objects already use'],
  ['a key that is a list', `${head}[a, b]: 1\n`, '10:1: a key here is a list or mapping'],
  ['a number as a post id', `${head}posts:\n  - id: 2026\n    video: v.mp4\n    accounts: all\n    privacy: SELF_ONLY\n`, 'posts[0].id must be text'],
  ['a scalar document', '42\n', 'must hold a YAML mapping'],
  ['a tab-indented block', 'version: 1\napps:\n\tmain: {}\n', '']
]

let tmp: string
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'manifest-robust-'))
  await mkdir(path.join(tmp, '.git'))
})
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true })
})

it.each(cases)('%s', async (name, text, fragment) => {
  const file = path.join(tmp, `${name.replace(/\W+/g, '-')}.yml`)
  await writeFile(file, text)
  let caught: unknown
  try {
    await loadManifest(file)
  } catch (e) {
    caught = e
  }
  expect(caught).toBeInstanceOf(UserErrors)
  const errors = (caught as UserErrors).errors
  expect(errors.length).toBeGreaterThan(0)
  for (const e of errors) {
    expect(e.location?.file).toBe(file)
    expect(e.location!.line).toBeGreaterThanOrEqual(1)
    expect(e.fix).toBeTruthy()
  }
  expect((caught as Error).message).toContain(fragment)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
})

it('reads empty `defaults:`, `posts:` and `include:` as nothing', async () => {
  const file = path.join(tmp, 'empty-sections.yml')
  await writeFile(file, `${head}defaults:\nposts:\ninclude:\n`)
  const m = await loadManifest(file)
  expect(m.posts).toEqual([])
  expect(Object.keys(m.accounts)).toEqual(['a'])
})
