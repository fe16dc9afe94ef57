import { jest } from '@jest/globals'
import { upsertPlanComment, type IssueComments } from '../../src/action/comment.js'
import { ActionsLogger } from '../../src/action/logger.js'
import { cell } from '../../src/action/render.js'
import { parseSettings, type InputReader } from '../../src/action/settings.js'
import { UserError } from '../../src/errors.js'
import { MemoryLogger } from '../../src/logger.js'

/** Every line the runner would read: it obeys one whose text, after spaces, starts with `::` or `##[`. */
function commandLines(out: string): string[] {
  return out.split(/\r\n|\r|\n/).filter((l) => /^\s*(::|##\[)/.test(l))
}

describe('the Action log: no text from the repository can start a workflow command', () => {
  const hostile = [
    'state: tiktok.state.json\n::warning file=x::forged',
    'x\r::stop-commands::pwn',
    'a\n  ::add-mask::nothing',
    'b\n##[error]legacy',
    '::error::at the start',
    'caption \u001b[2J\u009b31m \u202eexe'
  ]
  let printed = ''
  let spy: ReturnType<typeof jest.spyOn>
  beforeEach(() => {
    printed = ''
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += String(chunk)
      return true
    })
  })
  afterEach(() => spy.mockRestore())

  it.each(['info', 'warn', 'error', 'debug'] as const)('escapes %s lines', (level) => {
    const logger = new ActionsLogger()
    process.env.RUNNER_DEBUG = '1'
    try {
      for (const text of hostile) logger[level](text)
    } finally {
      delete process.env.RUNNER_DEBUG
    }
    const ours = level === 'info' ? [] : printed.split('\n').filter((l) => l.startsWith(`::${level === 'warn' ? 'warning' : level}`))
    // the only command lines are the ones the logger itself issues, one per message
    expect(commandLines(printed)).toEqual(ours)
    expect(ours.length).toBe(level === 'info' ? 0 : hostile.length)
    expect(printed).not.toMatch(/[\u001b\u009b\u202e]/)
    expect(printed).toContain('\\u{3A}:warning file=x::forged')
  })

  it('escapes group names', async () => {
    await new ActionsLogger().group('Plan for x\n::stop-commands::pwn', async () => undefined)
    expect(commandLines(printed).every((l) => /^::(group|endgroup)::/.test(l))).toBe(true)
  })
})

describe('the plan comment shows bidi and zero-width characters', () => {
  it('writes them as \\u{…} where a reviewer can see them', () => {
    const out = cell('invoice \u202egnp.exe a\u200bb c\u2066d\u2069 e\u200ef \ufeffg\u00adh')
    for (const hidden of ['\u202e', '\u200b', '\u2066', '\u2069', '\u200e', '\ufeff', '\u00ad']) expect(out).not.toContain(hidden)
    expect(out).toContain('\\\\u{202E}')
    expect(out).toContain('\\\\u{200B}')
  })

  it('keeps the joiner that makes one emoji of several, and right-to-left letters', () => {
    const family = '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}'
    expect(cell(`hello ${family}`)).toContain(family)
    expect(cell('שלום עולם')).toBe('שלום עולם')
  })
})

describe('GitHub answers 410 on the comments API', () => {
  it('warns and skips the comment, as for 403 and 404', async () => {
    const gone = Object.assign(new Error('Issues are disabled for this repo'), { status: 410 })
    const api: IssueComments = {
      list: async () => Promise.reject(gone),
      create: async () => Promise.reject(gone),
      update: async () => Promise.reject(gone),
      identity: async () => ({ login: 'github-actions[bot]' })
    }
    const logger = new MemoryLogger()
    const r = await upsertPlanComment({ api, issue: 3, marker: '<!-- m -->', body: '<!-- m -->\nplan', logger, sleep: async () => undefined })
    expect(r.kind).toBe('skipped')
    expect(logger.lines.some((l) => l.startsWith('warning:') && l.includes('HTTP 410'))).toBe(true)
  })
})

describe('the api-base-url input', () => {
  const read = (v: string): InputReader => (name) => (name === 'api-base-url' ? v : undefined)
  it('refuses plain http:// to a host other than this machine', () => {
    for (const url of ['http://open.tiktokapis.com', 'http://10.0.0.5:8080', 'http://[fe80::1]/', 'http://localhost.evil.com']) {
      expect(() => parseSettings(read(url), { eventName: 'push' })).toThrow(UserError)
    }
  })
  it('takes https:// anywhere and http:// to the runner itself (the emulator)', () => {
    for (const url of ['https://open.tiktokapis.com', 'http://127.0.0.1:8080', 'http://localhost:9', 'http://[::1]:3000']) {
      expect(parseSettings(read(url), { eventName: 'push' }).settings.apiBaseUrl).toBe(url.replace(/\/+$/, ''))
    }
  })
})
