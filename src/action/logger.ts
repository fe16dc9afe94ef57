import * as core from '@actions/core'
import type { Logger } from '../logger.js'
import { logSafe } from './log-safe.js'

/**
 * The Logger for the runner: warnings and errors become annotations, groups
 * fold in the log. Group names and messages never carry secret values; the
 * masks set with core.setSecret are the second line of defence. Every text
 * passes logSafe: it may quote the repository, and must not start a command.
 */
export class ActionsLogger implements Logger {
  debug(message: string): void {
    core.debug(logSafe(message))
  }
  info(message: string): void {
    core.info(logSafe(message))
  }
  warn(message: string): void {
    core.warning(logSafe(message))
  }
  error(message: string): void {
    core.error(logSafe(message))
  }
  group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return core.group(logSafe(name), fn)
  }
}
