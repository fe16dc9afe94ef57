import { jest } from '@jest/globals'
import type { FileHandle } from 'node:fs/promises'
import { chmod, mkdir, mkdtemp, readFile, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

/**
 * The command line's token store and upload sessions: names that every object
 * answers to keep their own entries, the folder is its owner's alone, and
 * every write is durable down to the directory entry. `open` is watched (not
 * replaced) to see which directories are fsynced after a rename.
 */
const real = await import('node:fs/promises')
const syncedDirs: string[] = []
jest.unstable_mockModule('node:fs/promises', () => ({
  ...real,
  default: real,
  open: async (...args: Parameters<typeof real.open>): Promise<FileHandle> => {
    const fh = await real.open(...args)
    const file = String(args[0])
    if ((await real.stat(file)).isDirectory()) {
      const sync = fh.sync.bind(fh)
      fh.sync = async () => {
        syncedDirs.push(path.resolve(file))
        return sync()
      }
    }
    return fh
  }
}))
const { FileTokenStore } = await import('../../src/tiktok/tokens.js')
const { FileUploadSessions } = await import('../../src/publish/upload-sessions.js')
const { saveState, emptyState } = await import('../../src/state/index.js')

const exp = { expiresAt: new Date('2099-01-01T00:00:00Z') }

describe('the command-line token store', () => {
  it('keeps the rotated refresh token of accounts named constructor, toString and __proto__', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-names-'))
    const file = path.join(dir, 'tokens.json')
    const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'brand-us']
    const store = new FileTokenStore({ path: file })
    for (const name of names) await store.saveRefreshToken(name, `rft.rotated-${name}`, exp)
    // a new process reads the file afresh
    const again = new FileTokenStore({ path: file })
    for (const name of names) expect(await again.getRefreshToken(name)).toBe(`rft.rotated-${name}`)
    expect(await again.getRefreshToken('propertyIsEnumerable')).toBeUndefined()
    expect(({} as Record<string, unknown>).refresh_token).toBeUndefined()
    expect((Object as unknown as Record<string, unknown>).refresh_token).toBeUndefined()
  })

  it('tightens an existing token folder to 0700 and keeps the file 0600', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'tiktok-publish-mode-')), 'store')
    await mkdir(dir, { mode: 0o755 })
    await chmod(dir, 0o755)
    const store = new FileTokenStore({ path: path.join(dir, 'tokens.json') })
    await store.saveRefreshToken('brand-us', 'rft.x', exp)
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
    expect((await stat(path.join(dir, 'tokens.json'))).mode & 0o777).toBe(0o600)
  })

  it('fsyncs the folder after every atomic write: tokens, upload sessions and state', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-fsync-'))
    syncedDirs.length = 0
    await new FileTokenStore({ path: path.join(dir, 'tokens', 'tokens.json') }).saveRefreshToken('brand-us', 'rft.y', exp)
    expect(syncedDirs).toContain(path.join(dir, 'tokens'))

    syncedDirs.length = 0
    const sessions = new FileUploadSessions(path.join(dir, 'uploads', 'uploads.json'))
    await sessions.put('v_pub_file~1', { uploadUrl: 'https://upload.example/x', expiresAt: '2099-01-01T00:00:00Z' })
    expect(syncedDirs).toContain(path.join(dir, 'uploads'))
    expect((await stat(path.join(dir, 'uploads'))).mode & 0o777).toBe(0o700)
    expect((await stat(path.join(dir, 'uploads', 'uploads.json'))).mode & 0o777).toBe(0o600)
    // a publish id that is an inherited name is an entry of its own
    await sessions.put('constructor', { uploadUrl: 'https://upload.example/c', expiresAt: '2099-01-01T00:00:00Z' })
    expect(await sessions.get('toString')).toBeUndefined()
    expect((await sessions.get('constructor'))?.uploadUrl).toBe('https://upload.example/c')

    syncedDirs.length = 0
    await saveState(path.join(dir, 'repo', 'tiktok.state.json'), emptyState('l'))
    expect(syncedDirs).toContain(path.join(dir, 'repo'))
    expect(JSON.parse(await readFile(path.join(dir, 'repo', 'tiktok.state.json'), 'utf8')).serial).toBe(1)
  })
})
