import * as core from '@actions/core'
import type { Logger } from '../logger.js'

/**
 * The Logger for the runner: warnings and errors become annotations, groups
 * fold in the log. Group names and messages never carry secret values; the
 * masks set with core.setSecret are the second line of defence.
 */
export class ActionsLogger implements Logger {
  debug(message: string): void {
    core.debug(message)
  }
  info(message: string): void {
    core.info(message)
  }
  warn(message: string): void {
    core.warning(message)
  }
  error(message: string): void {
    core.error(message)
  }
  group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return core.group(name, fn)
  }
}
