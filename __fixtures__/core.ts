import { jest } from '@jest/globals'
import type * as core from '@actions/core'

/** A typed stand-in for @actions/core: every call is recorded, nothing is written. */
export const debug = jest.fn<typeof core.debug>()
export const info = jest.fn<typeof core.info>()
export const warning = jest.fn<typeof core.warning>()
export const error = jest.fn<typeof core.error>()
export const setFailed = jest.fn<typeof core.setFailed>()
export const setOutput = jest.fn<typeof core.setOutput>()
export const setSecret = jest.fn<typeof core.setSecret>()
export const getInput = jest.fn<typeof core.getInput>().mockReturnValue('')
export const group = jest.fn(async <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn())
const buffer: string[] = []
export const summary = {
  addRaw: jest.fn((text: string) => {
    buffer.push(text)
    return summary
  }),
  write: jest.fn(async () => {
    throw new Error('no GITHUB_STEP_SUMMARY outside Actions')
  }),
  emptyBuffer: jest.fn(() => {
    buffer.length = 0
    return summary
  })
}
