import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { UserError } from '../errors.js'
import { acquireLock, describeHolder, type HeldLock, type LockHolder } from '../lockfile.js'
import type { Logger } from '../logger.js'

/**
 * A run's claim on one state file, taken before the state is read and before
 * any token is touched, and held until the run ends: two runs on one state
 * (two overlapping cron jobs) never both plan from the same state, never both
 * refresh the same account, and never both create the first state file.
 */

/** A run touches its lock this often; a lock untouched for RUN_LOCK_STALE_MS is abandoned. */
const RUN_LOCK_STALE_MS = 5 * 60_000
export const DEFAULT_RUN_LOCK_WAIT_MS = 60_000

export function runLockPath(statePath: string): string {
  return `${statePath}.run.lock`
}

export type RunLock = { held: HeldLock; standAside?: undefined } | { held?: undefined; standAside: { holder: LockHolder | undefined; message: string } }

export async function lockStateForRun(statePath: string, options: { waitMs: number; logger: Logger; purpose?: string }): Promise<RunLock> {
  const file = runLockPath(statePath)
  const log = options.logger
  try {
    await mkdir(dirname(file), { recursive: true })
    const attempt = await acquireLock(file, {
      waitMs: options.waitMs,
      staleMs: RUN_LOCK_STALE_MS,
      purpose: options.purpose ?? 'apply',
      onWait: (holder) => log.info(`another tiktok-publish run holds the state (${describeHolder(holder)}); waiting up to ${Math.round(options.waitMs / 1000)} s for it to finish`),
      onTakeOver: (holder, why) => log.warn(`taking over the state lock ${file} left by ${describeHolder(holder)}: ${why}`)
    })
    if (attempt.held) return { held: attempt.held }
    const holder = attempt.busy
    const message =
      `another tiktok-publish ${holder?.purpose ?? 'run'} holds the state ${statePath} (${describeHolder(holder)}); ` +
      `this run stood aside after waiting ${Math.round(options.waitMs / 1000)} s: nothing was refreshed, sent or written. ` +
      `The next run publishes what is still due (or wait longer with --lock-wait).`
    return { standAside: { holder, message } }
  } catch (e) {
    throw new UserError(`cannot lock the state file ${statePath} for this run (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, {
      fix: `check the permissions of the folder that holds the state file; the lock is ${file}`
    })
  }
}
