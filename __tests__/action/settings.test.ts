import { parseSettings, type InputReader } from '../../src/action/settings.js'
import { UserError } from '../../src/errors.js'

function reader(values: Record<string, string>): InputReader {
  return (name) => (values[name] === undefined || values[name] === '' ? undefined : values[name])
}

function parse(values: Record<string, string>, eventName = 'push') {
  return parseSettings(reader(values), { eventName })
}

function errorOf(fn: () => unknown): UserError {
  try {
    fn()
  } catch (e) {
    if (e instanceof UserError) return e
    throw e
  }
  throw new Error('expected a UserError')
}

describe('action settings', () => {
  it('defaults to plan on pull requests and apply elsewhere, with the action.yml defaults', () => {
    expect(parse({}, 'pull_request').settings.command).toBe('plan')
    for (const event of ['push', 'schedule', 'workflow_dispatch']) expect(parse({}, event).settings.command).toBe('apply')
    const s = parse({}).settings
    expect(s).toMatchObject({ manifest: 'tiktok.yml', apiBaseUrl: 'https://open.tiktokapis.com', timeBudgetMs: 20 * 60_000, commit: true, dryRun: false, secrets: {} })
    expect(s.state).toBeUndefined()
    expect(s.stateBranch).toBeUndefined()
    expect(s.secretsToken).toBeUndefined()
  })

  it('treats empty inputs as absent', () => {
    const s = parse({ state: '', 'state-branch': '', accounts: '', 'secrets-token': '', command: '' }, 'pull_request').settings
    expect(s.command).toBe('plan')
    expect(s.state).toBeUndefined()
    expect(s.accounts).toBeUndefined()
  })

  it('reads an explicit command, durations, shards and a trailing-slash URL', () => {
    const s = parse({ command: 'plan', 'time-budget': '1h30m', shard: '2/4', 'api-base-url': 'http://127.0.0.1:8099/', accounts: 'brand-*' }).settings
    expect(s).toMatchObject({ command: 'plan', timeBudgetMs: 90 * 60_000, shard: '2/4', apiBaseUrl: 'http://127.0.0.1:8099', accounts: 'brand-*' })
  })

  it('parses booleans strictly and names the input', () => {
    expect(parse({ commit: 'false', 'dry-run': 'true' }).settings).toMatchObject({ commit: false, dryRun: true })
    const e = errorOf(() => parse({ 'dry-run': 'yes' }))
    expect(e.message).toContain('`dry-run`')
    expect(e.message).toContain('"yes"')
    expect(e.fix).toContain('dry-run: true')
    expect(errorOf(() => parse({ commit: 'flase' })).message).toContain('`commit`')
  })

  it('refuses a bad command, duration, shard or URL with the input name', () => {
    expect(errorOf(() => parse({ command: 'publish' })).message).toContain('`command`')
    expect(errorOf(() => parse({ 'time-budget': '20 minutes' })).message).toContain('`time-budget`')
    expect(errorOf(() => parse({ 'time-budget': '0s' })).message).toContain('`time-budget`')
    expect(errorOf(() => parse({ shard: '5/4' })).message).toContain('shard')
    expect(errorOf(() => parse({ 'api-base-url': 'ftp://x' })).message).toContain('`api-base-url`')
  })

  it('parses the secrets JSON object and never echoes a bad value', () => {
    const s = parse({ secrets: JSON.stringify({ TIKTOK_CLIENT_SECRET: 's3cr3t-value', github_token: 'ghs_x' }) }).settings
    expect(s.secrets).toEqual({ TIKTOK_CLIENT_SECRET: 's3cr3t-value', github_token: 'ghs_x' })

    const secret = 'rft.this-must-not-leak'
    for (const bad of [`{"A": "${secret}"`, `["${secret}"]`, `{"A": {"nested": "${secret}"}}`, `${secret}`]) {
      const e = errorOf(() => parse({ secrets: bad }))
      expect(e.message).toContain('`secrets`')
      expect(e.format()).not.toContain(secret)
      expect(e.format()).not.toContain('this-must-not-leak')
    }
  })

  it('refuses apply under pull_request_target and warns loudly for plan there', () => {
    const e = errorOf(() => parse({ command: 'apply' }, 'pull_request_target'))
    expect(e.message).toContain('pull_request_target')
    expect(e.message).toContain('refuses')
    expect(e.fix).toContain('push')
    expect(parse({}, 'pull_request_target').settings.command).toBe('plan')

    const planned = parse({ command: 'plan' }, 'pull_request_target')
    expect(planned.settings.command).toBe('plan')
    expect(planned.warnings).toHaveLength(1)
    expect(planned.warnings[0]).toMatch(/secrets/)
    expect(planned.warnings[0]).toMatch(/fork/)
    expect(parse({}, 'pull_request').warnings).toEqual([])
    expect(parse({ command: 'apply' }, 'pull_request').warnings[0]).toContain('nobody has merged')
  })

  it('refuses state-branch without commit for apply', () => {
    expect(errorOf(() => parse({ 'state-branch': 'tiktok-state', commit: 'false' })).message).toContain('`state-branch`')
    expect(parse({ 'state-branch': 'tiktok-state', commit: 'false', 'dry-run': 'true' }).settings.stateBranch).toBe('tiktok-state')
  })
})
