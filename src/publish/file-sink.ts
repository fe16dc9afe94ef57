import { readFile } from 'node:fs/promises'
import { parseState, saveState, serializeState, type State } from '../state/index.js'
import { lastWrittenText } from '../state/store.js'
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
      // A run with nothing to do must leave the file byte for byte: a server
      // that commits its state would otherwise get a diff every run.
      if (await alreadyOnDisk(file, box.current)) {
        failpoint('state-written')
        return
      }
      const written = await saveState(file, box.current)
      failpoint('state-written')
      // the engine may have moved on while the write was in flight: keep its
      // changes and take only the serial the file now carries
      box.current = { ...box.current, serial: written.serial }
    }
  }
}

/** The file holds exactly this state, serial included (so nobody wrote it meanwhile). */
async function alreadyOnDisk(file: string, state: State): Promise<boolean> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return false
  }
  // the file still holds what this run wrote last: compare text, no parse (a save per step stays linear)
  if (text === lastWrittenText(file)) return serializeState(state) === text
  try {
    const disk = parseState(text, file)
    return disk.lineage === state.lineage && disk.serial === state.serial && serializeState(disk) === serializeState(state)
  } catch {
    // an unreadable file is saveState's to report
    return false
  }
}
