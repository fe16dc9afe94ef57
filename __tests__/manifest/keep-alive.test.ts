import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { UserErrors, type UserError } from '../../src/errors.js'
import { loadManifest } from '../../src/manifest/index.js'
import { emptyState } from '../../src/state/index.js'
import { expiryWarnings, keepAliveDue, keepAliveWithin } from '../../src/publish/keep-alive.js'
import { accountSelector } from '../../src/select.js'

let tmp: string
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'tiktok-publish-keepalive-manifest-'))
})
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true })
})

const text = (keepAlive: Record<string, string>) => `version: 1
apps:
  main:
    client_key: TIKTOK_CLIENT_KEY
    client_secret: TIKTOK_CLIENT_SECRET
accounts:
${Object.entries(keepAlive)
  .map(([name, v]) => `  ${name}:\n    app: main\n    refresh_token: TIKTOK_REFRESH_${name.toUpperCase()}${v ? `\n    keep_alive: ${v}` : ''}`)
  .join('\n')}
posts:
`

async function load(keepAlive: Record<string, string>) {
  const file = path.join(tmp, 'tiktok.yml')
  await writeFile(file, text(keepAlive))
  return loadManifest(file)
}

async function refused(keepAlive: Record<string, string>): Promise<UserError[]> {
  try {
    await load(keepAlive)
  } catch (e) {
    expect(e).toBeInstanceOf(UserErrors)
    return (e as UserErrors).errors
  }
  throw new Error('the manifest loaded without errors')
}

const DAY = 86_400_000

describe('keep_alive in the manifest', () => {
  it('defaults to 30 days; takes a duration, `off` or false', async () => {
    const m = await load({ a: '', b: '45d', c: 'off', d: 'false', e: '"off"' })
    expect(keepAliveWithin(m.accounts.a)).toBe(30 * DAY)
    expect(keepAliveWithin(m.accounts.b)).toBe(45 * DAY)
    expect(keepAliveWithin(m.accounts.c)).toBeUndefined()
    expect(keepAliveWithin(m.accounts.d)).toBeUndefined()
    expect(keepAliveWithin(m.accounts.e)).toBeUndefined()
  })

  it('refuses what is neither, and less than a day, naming line and fix', async () => {
    const [bad] = await refused({ a: 'forever' })
    expect(bad.message).toContain('keep_alive `forever` is neither `off` nor a duration')
    expect(bad.fix).toContain('`30d`')
    expect(bad.location).toMatchObject({ line: 10 })
    const [short] = await refused({ a: '12h' })
    expect(short.message).toContain('shorter than a day')
    const [yes] = await refused({ a: 'true' })
    expect(yes.location).toMatchObject({ line: 10 })
    expect(yes.message).toContain('keep_alive `true` is neither `off` nor a duration')
  })
})

describe('which accounts keep-alive renews, and which are warned about', () => {
  const now = new Date('2027-01-01T00:00:00Z')
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString()
  const all = () => true

  it('renews a token within its threshold or of unknown expiry; never one that is off or outside the selection', async () => {
    const m = await load({ near: '', far: '', fresh: '', off: 'off', long: '60d', unseen: '', other: '' })
    const state = {
      ...emptyState('l'),
      accounts: {
        near: { refresh_expires_at: at(30) },
        far: { refresh_expires_at: at(31) },
        fresh: { refresh_expires_at: at(180) },
        off: { refresh_expires_at: at(1) },
        long: { refresh_expires_at: at(59) },
        other: { refresh_expires_at: at(2) }
      }
    }
    expect(keepAliveDue({ manifest: m, state, now, selector: (n) => n !== 'other' })).toEqual(['near', 'long', 'unseen'])
    // shards split the due accounts: each in exactly one shard, none in two
    const shards = [1, 2, 3].map((k) => keepAliveDue({ manifest: m, state, now, selector: accountSelector({ shard: `${k}/3` }) }))
    expect(shards.flat().sort()).toEqual(['long', 'near', 'other', 'unseen'])
  })

  it('warns within 14 days only when no run can renew; always once expired', async () => {
    const m = await load({ off14: 'off', off15: 'off', on5: '', blocked: '', gone: '', unknown: 'off' })
    const state = {
      ...emptyState('l'),
      accounts: {
        off14: { refresh_expires_at: at(14) },
        off15: { refresh_expires_at: at(15) },
        on5: { refresh_expires_at: at(5) },
        blocked: { refresh_expires_at: at(10), keep_alive_blocked: { reason: 'secrets_token_missing', since: at(-20) } },
        gone: { refresh_expires_at: at(-1) }
      }
    }
    const w = expiryWarnings({ manifest: m, state, now, selector: all })
    expect(w.map((x) => [x.account, x.reason])).toEqual([
      ['off14', 'keep_alive_off'],
      ['blocked', 'secrets_token_missing'],
      ['gone', 'expired']
    ])
    expect(w[1].message).toContain('`secrets-token`')
    expect(w[2].message).toContain('`tiktok-publish auth --account gone`')
    // a run that knows it has no secrets-token warns about on5 too
    expect(expiryWarnings({ manifest: m, state, now, selector: all, secretsTokenMissing: true }).map((x) => x.account)).toContain('on5')
    // the selection limits the warnings as it limits the runs
    expect(expiryWarnings({ manifest: m, state, now, selector: (n) => n === 'gone' }).map((x) => x.account)).toEqual(['gone'])
  })
})
