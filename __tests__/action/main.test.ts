import { jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'
import { UserError, UserErrors } from '../../src/errors.js'

// The ESM recipe: mock modules first, then import the module under test.
const planCommand = jest.fn<(...args: unknown[]) => Promise<unknown>>()
jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('../../src/action/plan-command.js', () => ({ planCommand }))
const { run } = await import('../../src/action/main.js')

describe('run()', () => {
  beforeEach(() => {
    jest.clearAllMocks()
    process.env.GITHUB_EVENT_NAME = 'pull_request'
    process.env.GITHUB_WORKSPACE = '/repo'
    delete process.env.GITHUB_EVENT_PATH
  })

  it('reports an unexpected error as a bug, without failing to set the outputs once', async () => {
    planCommand.mockRejectedValueOnce(new TypeError('cannot read properties of undefined'))
    await run()
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    const message = core.setFailed.mock.calls[0][0] as string
    expect(message).toContain('cannot read properties of undefined')
    expect(message).toContain('This is a bug in tiktok-publish')
    expect(core.setOutput.mock.calls).toEqual([
      ['plan', '[]'],
      ['published', '[]'],
      ['state-changed', 'false']
    ])
  })

  it('annotates each user error at its file, line and column and fails without a stack', async () => {
    planCommand.mockRejectedValueOnce(
      new UserErrors([
        new UserError('unknown key "captoin"', { location: { file: '/repo/tiktok.yml', line: 12, column: 5 }, fix: 'did you mean caption?' }),
        new UserError('video media/x.mp4 does not exist', { location: { file: '/repo/posts/x.yml', line: 3, column: 12 } })
      ])
    )
    const before = process.exitCode
    try {
      await run()
      // one annotation per error, and the step fails without a second copy of them (core.setFailed annotates too)
      expect(core.error.mock.calls).toEqual([
        ['unknown key "captoin"\nfix: did you mean caption?', { file: 'tiktok.yml', startLine: 12, startColumn: 5, title: 'tiktok-publish' }],
        ['video media/x.mp4 does not exist', { file: 'posts/x.yml', startLine: 3, startColumn: 12, title: 'tiktok-publish' }]
      ])
      expect(core.setFailed).not.toHaveBeenCalled()
      expect(process.exitCode).toBe(1)
    } finally {
      process.exitCode = before
    }
    const message = core.summary.addRaw.mock.calls[0][0] as string
    expect(message).toContain('2 problem(s) to fix')
    expect(message).toContain('unknown key "captoin"')
    expect(message).not.toContain('This is a bug')
    expect(message).not.toMatch(/\n\s+at /)
  })

  it('annotates a single user error once, with its fix once', async () => {
    planCommand.mockRejectedValueOnce(new UserError('unknown key "captoin"', { location: { file: '/repo/tiktok.yml', line: 12, column: 5 }, fix: 'did you mean caption?' }))
    const before = process.exitCode
    try {
      await run()
      expect(core.error.mock.calls).toEqual([['unknown key "captoin"\nfix: did you mean caption?', { file: 'tiktok.yml', startLine: 12, startColumn: 5, title: 'tiktok-publish' }]])
      expect(core.setFailed).not.toHaveBeenCalled()
      expect(process.exitCode).toBe(1)
    } finally {
      process.exitCode = before
    }
  })

  it('reports a bug once, its stack in debug output only', async () => {
    planCommand.mockRejectedValueOnce(new TypeError("Cannot read properties of undefined (reading 'digest')"))
    await run()
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    expect(core.error).not.toHaveBeenCalled()
    const message = core.setFailed.mock.calls[0][0] as string
    expect(message.match(/This is a bug in tiktok-publish/g)).toHaveLength(1)
    expect(message).toContain('/issues')
    expect(message).not.toMatch(/\n\s+at /)
    expect(core.debug.mock.calls.some(([m]) => /TypeError: Cannot read properties[\s\S]*\n\s+at /.test(m))).toBe(true)
  })

  it('refuses a bad input before doing anything', async () => {
    core.getInput.mockImplementation((name: string) => (name === 'dry-run' ? 'maybe' : ''))
    try {
      await run()
    } finally {
      core.getInput.mockReturnValue('')
    }
    expect(planCommand).not.toHaveBeenCalled()
    expect(core.setFailed.mock.calls[0][0]).toContain('input `dry-run` is "maybe", not a boolean')
  })

  it('writes the summary guarded: a summary that cannot be written does not fail the run', async () => {
    planCommand.mockResolvedValueOnce({ plan: { actions: [], now: '2026-01-01T00:00:00Z', summary: {} }, markdown: '# plan\n' })
    await run()
    expect(core.summary.write).toHaveBeenCalledTimes(1)
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.setOutput).toHaveBeenCalledWith('plan', '[]')
  })
})
