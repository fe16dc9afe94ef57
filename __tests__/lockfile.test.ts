import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { acquireLock, describeHolder } from '../src/lockfile.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tiktok-publish-lock-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** The pid of a process that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise((r) => child.on('close', r))
  return child.pid!
}

const opts = { waitMs: 0, staleMs: 60_000 }

describe('acquireLock', () => {
  it('gives the lock to one taker; another finds it busy and learns who holds it (pid, host, since)', async () => {
    const file = join(dir, 'state.json.run.lock')
    const first = await acquireLock(file, { ...opts, purpose: 'apply' })
    expect(first.held).toBeDefined()
    const second = await acquireLock(file, opts)
    expect(second.held).toBeUndefined()
    expect(second.busy).toMatchObject({ pid: process.pid, host: hostname(), purpose: 'apply' })
    expect(Date.parse(second.busy!.since)).not.toBeNaN()
    expect(describeHolder(second.busy)).toMatch(new RegExp(`^pid ${process.pid} on host ${hostname()} since \\d{4}-`))
    await first.held!.release()
    expect(await readdir(dir)).toEqual([])
    const third = await acquireLock(file, opts)
    expect(third.held).toBeDefined()
    await third.held!.release()
  })

  it('waits for a live holder and takes the lock once it is released', async () => {
    const file = join(dir, 'x.lock')
    const first = await acquireLock(file, opts)
    let waited = false
    const second = acquireLock(file, {
      ...opts,
      waitMs: 60_000,
      pollMs: 5,
      onWait: () => {
        waited = true
        void first.held!.release()
      }
    })
    const got = await second
    expect(waited).toBe(true)
    expect(got.held).toBeDefined()
    await got.held!.release()
  })

  it('takes over the lock of a process on this host that no longer runs', async () => {
    const file = join(dir, 'x.lock')
    const pid = await deadPid()
    await writeFile(file, JSON.stringify({ pid, host: hostname(), since: new Date().toISOString(), nonce: 'dead' }))
    const why: string[] = []
    const got = await acquireLock(file, { ...opts, onTakeOver: (h, reason) => why.push(`${h?.pid}: ${reason}`) })
    expect(got.held).toBeDefined()
    expect(why).toEqual([`${pid}: its holder (pid ${pid}) no longer runs`])
    expect(JSON.parse(await readFile(file, 'utf8')).pid).toBe(process.pid)
    await got.held!.release()
  })

  it('takes over a lock of another host only when nobody touched it for staleMs', async () => {
    const file = join(dir, 'x.lock')
    await writeFile(file, JSON.stringify({ pid: 1, host: 'elsewhere.example', since: '2026-01-01T00:00:00.000Z', nonce: 'far' }))
    expect((await acquireLock(file, opts)).busy).toMatchObject({ host: 'elsewhere.example' })
    const old = new Date(Date.now() - 61_000)
    await utimes(file, old, old)
    const got = await acquireLock(file, opts)
    expect(got.held).toBeDefined()
    await got.held!.release()
  })

  it('lets exactly one of many takers win an abandoned lock', async () => {
    const file = join(dir, 'x.lock')
    await writeFile(file, JSON.stringify({ pid: await deadPid(), host: hostname(), since: new Date().toISOString(), nonce: 'dead' }))
    const results = await Promise.all(Array.from({ length: 8 }, () => acquireLock(file, opts)))
    expect(results.filter((r) => r.held)).toHaveLength(1)
    for (const r of results) await r.held?.release()
    expect(await readdir(dir)).toEqual([])
  })

  it('never removes a lock another process took over meanwhile', async () => {
    const file = join(dir, 'x.lock')
    const mine = await acquireLock(file, opts)
    // another process judged it abandoned and replaced it
    await writeFile(file, JSON.stringify({ pid: 1, host: 'elsewhere.example', since: new Date().toISOString(), nonce: 'theirs' }))
    expect(await mine.held!.lost()).toBe(true)
    await mine.held!.release()
    expect(JSON.parse(await readFile(file, 'utf8')).nonce).toBe('theirs')
  })
})
