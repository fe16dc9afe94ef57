import { saveState, type State } from '../state/index.js'
import type { StateSink } from './checkpoint.js'
import { failpoint } from '../failpoint.js'

/**
 * The command line's durability: the state file itself, written atomically
 * with fsync. saveState refuses a file another run moved meanwhile, which is
 * what stops two runs on one state from both initiating a pair.
 */
export function fileSink(file: string, box: { current: State }): StateSink {
  return {
    async save() {
      failpoint('state-write')
      const written = await saveState(file, box.current)
      failpoint('state-written')
      // the engine may have moved on while the write was in flight: keep its
      // changes and take only the serial the file now carries
      box.current = { ...box.current, serial: written.serial }
    }
  }
}
