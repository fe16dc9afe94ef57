import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { UserError } from '../../src/errors.js'
import {
  emptyState,
  getRecord,
  loadState,
  migrateState,
  saveState,
  serializeState,
  setRecord,
  type State,
  type StateRecord
} from '../../src/state/index.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tp-state-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const record = (over: Partial<StateRecord> = {}): StateRecord => ({
  status: 'published',
  publish_id: 'v_pub_file~v2-1.7312',
  video_id: '7312345678901234567',
  url: 'https://www.tiktok.com/@brand/video/7312345678901234567',
  fingerprint: 'f'.repeat(64),
  attempts: 1,
  updated_at: '2026-12-01T17:02:11Z',
  ...over
})

const CONTRACT_EXAMPLE = `{
  "version": 1,
  "lineage": "5f0c6a4e-1111-2222-3333-444455556666",
  "serial": 42,
  "accounts": {
    "brand-us": {
      "creator": { "nickname": "Brand", "privacy_level_options": ["SELF_ONLY"], "max_video_post_duration_sec": 600,
                   "comment_disabled": false, "duet_disabled": false, "stitch_disabled": false },
      "checked_at": "2026-12-01T16:59:02Z"
    }
  },
  "posts": {
    "spring-teaser": {
      "brand-us": {
        "status": "published",
        "publish_id": "v_pub_file~v2-1.7312",
        "video_id": 7312345678901234567,
        "url": "https://www.tiktok.com/@brand/video/7312345678901234567",
        "fingerprint": "abc",
        "attempts": 1,
        "updated_at": "2026-12-01T17:02:11Z",
        "note_from_a_person": "kept"
      }
    }
  },
  "extra_top_level": {"x": 1}
}
`

async function expectUserError(p: Promise<unknown>): Promise<UserError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(UserError)
    return e as UserError
  }
  throw new Error('expected a UserError')
}

describe('loadState', () => {
  it('starts a new lineage at serial 0 when the file is missing, without creating it', async () => {
    const file = join(dir, 'tiktok.state.json')
    const a = await loadState(file)
    const b = await loadState(file)
    expect(a.exists).toBe(false)
    expect(a.state).toEqual({ version: 1, lineage: expect.stringMatching(/^[0-9a-f-]{36}$/), serial: 0, accounts: {}, posts: {} })
    expect(b.state.lineage).not.toBe(a.state.lineage)
    expect(await readdir(dir)).toEqual([])
  })

  it('keeps an int64 video_id exact even when written as a bare number, and extra fields', async () => {
    const file = join(dir, 's.json')
    await writeFile(file, CONTRACT_EXAMPLE)
    const { state, exists, raw } = await loadState(file)
    expect(exists).toBe(true)
    expect(raw).toBe(CONTRACT_EXAMPLE)
    const r = getRecord(state, 'spring-teaser', 'brand-us')!
    expect(r.video_id).toBe('7312345678901234567')
    expect(r.note_from_a_person).toBe('kept')
    expect((state as Record<string, unknown>).extra_top_level).toEqual({ x: 1 })
    expect(serializeState(state)).toContain('"video_id": "7312345678901234567"')
  })

  it('round-trips to the same bytes', async () => {
    const file = join(dir, 's.json')
    await writeFile(file, CONTRACT_EXAMPLE)
    const once = serializeState((await loadState(file)).state)
    await writeFile(file, once)
    const twice = serializeState((await loadState(file)).state)
    expect(twice).toBe(once)
    expect(once.endsWith('}\n')).toBe(true)
    // keys sorted: accounts before lineage before posts before serial before version
    expect(once.indexOf('"accounts"')).toBeLessThan(once.indexOf('"lineage"'))
    expect(once.indexOf('"serial"')).toBeLessThan(once.indexOf('"version"'))
  })

  it('reports a JSON syntax error with line and column and leaves the file untouched', async () => {
    const file = join(dir, 's.json')
    const broken = '{\n  "version": 1,\n  "lineage": "x",\n  "serial": ,\n}\n'
    await writeFile(file, broken)
    const err = await expectUserError(loadState(file))
    expect(err.location).toEqual({ file, line: 4, column: 13 })
    expect(err.message).toContain(file)
    expect(err.fix).toMatch(/restore/)
    expect(err.format()).toContain(`${file}:4:13`)
    expect(await readFile(file, 'utf8')).toBe(broken)
    expect(await readdir(dir)).toEqual(['s.json'])
  })

  it('names the bad field of a schema mismatch', async () => {
    const file = join(dir, 's.json')
    const bad = JSON.stringify({
      version: 1,
      lineage: 'l',
      serial: 1,
      accounts: {},
      posts: { p: { a: { ...record(), status: 'posted' } } }
    })
    await writeFile(file, bad)
    const err = await expectUserError(loadState(file))
    expect(err.message).toContain('posts.p.a.status')
    expect(await readFile(file, 'utf8')).toBe(bad)
  })

  it('refuses an empty file instead of starting over', async () => {
    const file = join(dir, 's.json')
    await writeFile(file, '\n')
    const err = await expectUserError(loadState(file))
    expect(err.message).toMatch(/empty/)
  })

  it('refuses a state written by a newer release', async () => {
    const file = join(dir, 's.json')
    const newer = JSON.stringify({ version: 2, lineage: 'l', serial: 3, accounts: {}, posts: {} })
    await writeFile(file, newer)
    const err = await expectUserError(loadState(file))
    expect(err.message).toContain('written by a newer tiktok-publish')
    expect(err.message).toContain(file)
    expect(err.fix).toMatch(/upgrade/)
    expect(await readFile(file, 'utf8')).toBe(newer)
  })
})

describe('migrateState', () => {
  it('passes version 1 through and refuses unknown versions', () => {
    const v1 = { version: 1, lineage: 'l', serial: 0, accounts: {}, posts: {} }
    expect(migrateState(v1)).toBe(v1)
    expect(() => migrateState({ ...v1, version: 7 })).toThrow(/newer tiktok-publish/)
    expect(() => migrateState({ ...v1, version: 0 })).toThrow(/unsupported version/)
    expect(() => migrateState({ ...v1, version: undefined })).toThrow(/unsupported version/)
    expect(() => migrateState([1])).toThrow(/JSON object/)
  })
})

describe('saveState', () => {
  it('creates the file, raises the serial by one per write, and writes stable bytes', async () => {
    const file = join(dir, 'tiktok.state.json')
    const { state } = await loadState(file)
    const s1 = await saveState(file, setRecord(state, 'p', 'a', record()))
    expect(s1.serial).toBe(1)
    const loaded = await loadState(file)
    expect(loaded.state).toEqual(s1)
    expect(loaded.raw).toBe(serializeState(s1))
    const s2 = await saveState(file, s1)
    expect(s2.serial).toBe(2)
    expect((await loadState(file)).state.serial).toBe(2)
  })

  it('leaves no temp or lock file behind, also when the save is refused', async () => {
    const file = join(dir, 's.json')
    await saveState(file, emptyState())
    expect(await readdir(dir)).toEqual(['s.json'])
    // a directory in the way of the state file
    const blocked = join(dir, 'blocked')
    const { mkdir } = await import('node:fs/promises')
    await mkdir(join(blocked, 'state.json'), { recursive: true })
    await expectUserError(saveState(join(blocked, 'state.json'), emptyState()))
    expect(await readdir(blocked)).toEqual(['state.json'])
  })

  it('refuses to overwrite a state of another lineage', async () => {
    const file = join(dir, 's.json')
    const mine = await saveState(file, emptyState('lineage-a'))
    const before = await readFile(file, 'utf8')
    const err = await expectUserError(saveState(file, { ...mine, lineage: 'lineage-b', serial: 99 }))
    expect(err.message).toMatch(/another state/)
    expect(await readFile(file, 'utf8')).toBe(before)
  })

  it('refuses when expectedLineage does not match the state to write', async () => {
    const file = join(dir, 's.json')
    await expectUserError(saveState(file, emptyState('x'), { expectedLineage: 'y' }))
    expect(await readdir(dir)).toEqual([])
    expect((await saveState(file, emptyState('x'), { expectedLineage: 'x' })).serial).toBe(1)
  })

  it('never lowers the serial: a stale copy is refused', async () => {
    const file = join(dir, 's.json')
    let s = emptyState('l')
    for (let i = 0; i < 5; i++) s = await saveState(file, s)
    expect(s.serial).toBe(5)
    const before = await readFile(file, 'utf8')
    const err = await expectUserError(saveState(file, { ...s, serial: 3 }))
    expect(err.message).toContain('state changed on disk since it was loaded')
    expect(await readFile(file, 'utf8')).toBe(before)
  })

  it('detects a concurrent saver that loaded the same base', async () => {
    const file = join(dir, 's.json')
    await saveState(file, emptyState('l'))
    const a = (await loadState(file)).state
    const b = (await loadState(file)).state
    const wroteA = await saveState(file, setRecord(a, 'p1', 'acct', record()))
    expect(wroteA.serial).toBe(2)
    const err = await expectUserError(saveState(file, setRecord(b, 'p2', 'acct', record())))
    expect(err.message).toContain('state changed on disk since it was loaded')
    const onDisk = (await loadState(file)).state
    expect(getRecord(onDisk, 'p1', 'acct')).toBeDefined()
    expect(getRecord(onDisk, 'p2', 'acct')).toBeUndefined()
  })

  it('lets exactly one of several simultaneous writers from one base win', async () => {
    const file = join(dir, 's.json')
    await saveState(file, emptyState('l'))
    for (let round = 0; round < 5; round++) {
      const base = (await loadState(file)).state
      const results = await Promise.allSettled(
        [0, 1, 2, 3].map((k) => saveState(file, setRecord(base, `p${round}-${k}`, 'acct', record())))
      )
      const won = results.filter((r) => r.status === 'fulfilled')
      expect(won).toHaveLength(1)
      for (const r of results) {
        if (r.status === 'rejected') expect(String(r.reason.message)).toContain('state changed on disk since it was loaded')
      }
      const onDisk = (await loadState(file)).state
      expect(onDisk.serial).toBe(base.serial + 1)
      expect(Object.keys(onDisk.posts).filter((p) => p.startsWith(`p${round}-`))).toHaveLength(1)
    }
    expect(await readdir(dir)).toEqual(['s.json'])
  })

  it('takes over at once a lock whose process on this host is gone', async () => {
    const file = join(dir, 's.json')
    // a process that has exited: its pid is free
    const { spawnSync } = await import('node:child_process')
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
    await writeFile(`${file}.lock`, `${child.stdout} ${hostname()}\n`)
    expect((await saveState(file, emptyState('l'))).serial).toBe(1)
    expect(await readdir(dir)).toEqual(['s.json'])
  })

  it('takes over a lock left behind by a writer that died', async () => {
    const file = join(dir, 's.json')
    const lock = `${file}.lock`
    await writeFile(lock, '12345\n')
    const old = new Date(Date.parse('2020-01-01T00:00:00Z'))
    await utimes(lock, old, old)
    expect((await saveState(file, emptyState('l'))).serial).toBe(1)
    expect(await readdir(dir)).toEqual(['s.json'])
  })

  it('writes above the disk serial when the base is ahead (a copy restored from git)', async () => {
    const file = join(dir, 's.json')
    await saveState(file, emptyState('l'))
    const written = await saveState(file, { ...emptyState('l'), serial: 10 })
    expect(written.serial).toBe(11)
  })

  it('refuses to replace a corrupt file it cannot read', async () => {
    const file = join(dir, 's.json')
    await writeFile(file, '{oops')
    await expectUserError(saveState(file, emptyState()))
    expect(await readFile(file, 'utf8')).toBe('{oops')
  })

  it('reads back its own last write without a parse, yet sees every change another writer made to the file', async () => {
    // a save after this process's own write takes lineage and serial from what it wrote,
    // but only while the file still holds exactly those bytes
    const file = join(dir, 's.json')
    const mine = await saveState(file, emptyState('l'))
    // another writer moves the file on (same lineage, a higher serial): still refused
    await writeFile(file, serializeState({ ...mine, serial: mine.serial + 5 }))
    const moved = await expectUserError(saveState(file, mine))
    expect(moved.message).toContain('state changed on disk since it was loaded')
    // another writer replaces it with a state of another lineage: still refused
    await writeFile(file, serializeState({ ...emptyState('other'), serial: 1 }))
    expect((await expectUserError(saveState(file, mine))).message).toContain('another state')
    // and a file damaged after this process wrote it is not overwritten
    const again = await saveState(join(dir, 't.json'), emptyState('l'))
    await writeFile(join(dir, 't.json'), '{oops')
    await expectUserError(saveState(join(dir, 't.json'), again))
    expect(await readFile(join(dir, 't.json'), 'utf8')).toBe('{oops')
  })

  it('does not modify the state object it was given', async () => {
    const file = join(dir, 's.json')
    const s: State = emptyState('l')
    const copy = structuredClone(s)
    await saveState(file, s)
    expect(s).toEqual(copy)
  })
})
