import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { emptyState, serializeState, setAccountState } from '../../src/state/index.js'
import { manifestYaml } from '../helpers/workspace.js'
import { runCli, tempDir } from './helpers.js'

const appEnv = { TIKTOK_CLIENT_KEY: 'emu_client_key', TIKTOK_CLIENT_SECRET: 'emu_client_secret' }
const DAY = 86_400_000

describe('tiktok-publish doctor and refresh-token expiry', () => {
  let emu: Emulator
  afterEach(async () => emu?.close())

  it('prints each account\'s expiry date and keep_alive: from the refresh it made, else as the state recorded it', async () => {
    emu = await startEmulator({ config: { rate_limits: false } })
    const dir = await tempDir('doctor-expiry')
    const yml = manifestYaml({ accounts: ['brand-us', 'brand-br'], posts: '' }).replace(
      '    refresh_token: TIKTOK_REFRESH_BRAND_BR',
      '    refresh_token: TIKTOK_REFRESH_BRAND_BR\n    keep_alive: off'
    )
    await writeFile(path.join(dir, 'tiktok.yml'), yml)
    await writeFile(path.join(dir, 'tiktok.state.json'), serializeState(setAccountState(emptyState('l'), 'brand-br', { refresh_expires_at: '2027-02-03T04:05:06.000Z' })))
    const seeded = emu.addAccount({ username: 'brandus' })
    const before = new Date(Date.now() + 180 * DAY).toISOString().slice(0, 10)
    // brand-br has no refresh token here: doctor cannot refresh it and says what the state knows
    const run = runCli(['doctor', '--api-base-url', emu.url, '--token-store', path.join(dir, 'home', 'tokens.json')], { ...appEnv, TIKTOK_REFRESH_BRAND_US: seeded.refresh_token }, dir)
    await run.exit
    const after = new Date(Date.now() + 180 * DAY).toISOString().slice(0, 10)
    const out = run.out()
    const us = out.slice(out.indexOf('brand-us\n'), out.indexOf('brand-br\n'))
    const br = out.slice(out.indexOf('brand-br\n'))
    expect([before, after]).toContain(/refresh token expires: (\d{4}-\d\d-\d\d)\n/.exec(us)?.[1])
    expect(us).toContain('keep_alive: 30d')
    expect(br).toContain('refresh token expires: 2027-02-03 (as recorded in the state by the last run that refreshed it)')
    expect(br).toContain('keep_alive: off')
  })
})
