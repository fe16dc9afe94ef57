import { createHash } from 'node:crypto'
import { chmod, mkdir, open, readFile, rename, unlink } from 'node:fs/promises'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import type { Logger } from '../logger.js'
import { parseState, serializeState, type State } from '../state/index.js'
import { describeKept, growState, type KeptRecord } from '../state/transitions/grow.js'
import type { StateSink } from './checkpoint.js'
import type { LoadedInputs } from './run.js'

export interface KeptInputs {
  inputs: LoadedInputs
  kept: KeptRecord[]
}

/**
 * The loaded inputs with the state grown by the last state the tool wrote
 * (`base`): records a commit dropped or turned back are put back, so the plan
 * never publishes a pair TikTok already has. Logged, one line per record.
 */
export function keepRecords(inputs: LoadedInputs, base: State | undefined, logger: Logger, from: string): KeptInputs {
  if (!base) return { inputs, kept: [] }
  if (inputs.stateExists && base.lineage !== inputs.state.lineage) {
    // another state file now lives there (lineage guards against a foreign state): not ours to grow
    logger.warn(`the state file has lineage ${inputs.state.lineage}, the last one tiktok-publish wrote (${from}) has ${base.lineage}: records are not carried over between two different states`)
    return { inputs, kept: [] }
  }
  const grown = growState(base, inputs.state, inputs.stateExists)
  if (grown.kept.length === 0) return { inputs, kept: [] }
  logger.warn(
    `${grown.kept.length} record(s) of the state were dropped or turned back by a commit since tiktok-publish last wrote it (${from}); they are kept, so nothing is posted twice:\n${grown.kept.map((k) => `  ${describeKept(k)}`).join('\n')}`
  )
  return { inputs: { ...inputs, state: grown.state }, kept: grown.kept }
}

/** The commit reasons of a save that puts kept records back. */
export function keptReasons(kept: KeptRecord[]): string[] {
  return kept.map((k) => `restore ${k.post}/${k.account}`)
}

/**
 * The command line writes its state file without git, and a person may commit
 * it, edit it or merge over it. So the last state the tool wrote is also kept
 * where only the tool writes: beside the token store, one file per state file
 * (named by a hash of its absolute path), owner-only like the token store.
 */
export class StateCopies {
  private warned = false
  constructor(private readonly dir: string) {}

  private file(statePath: string): string {
    return path.join(this.dir, `${createHash('sha256').update(path.resolve(statePath)).digest('hex').slice(0, 24)}.json`)
  }

  async read(statePath: string, logger: Logger): Promise<State | undefined> {
    const file = this.file(statePath)
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch {
      return undefined
    }
    try {
      return parseState(text, file)
    } catch (e) {
      // a damaged copy only costs the protection it gave: say so, never fail the run
      logger.warn(`the copy of the last state tiktok-publish wrote (${file}) does not parse; records a commit dropped cannot be restored this run (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`)
      return undefined
    }
  }

  async write(statePath: string, state: State): Promise<void> {
    const file = this.file(statePath)
    await mkdir(this.dir, { recursive: true, mode: 0o700 })
    const tmp = `${file}.${randomUUID().slice(0, 8)}.tmp`
    const fh = await open(tmp, 'w', 0o600)
    try {
      await fh.writeFile(serializeState(state))
      await fh.sync()
    } finally {
      await fh.close()
    }
    await chmod(tmp, 0o600)
    await rename(tmp, file).catch(async (e) => {
      await unlink(tmp).catch(() => undefined)
      throw e
    })
  }

  /**
   * Writes the copy; a copy that cannot be written costs only the protection
   * it gives, never the run: one warning, then the run goes on.
   */
  async keep(statePath: string, state: State, logger: Logger): Promise<void> {
    try {
      await this.write(statePath, state)
    } catch (e) {
      if (this.warned) return
      this.warned = true
      logger.warn(`could not keep a copy of the state in ${this.dir} (${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}); records a later commit drops cannot be restored from it`)
    }
  }

  /** A sink that also keeps the copy, after the state file itself is durable. */
  wrap(statePath: string, box: { current: State }, inner: StateSink, logger: Logger): StateSink {
    return {
      save: async (reasons) => {
        await inner.save(reasons)
        await this.keep(statePath, box.current, logger)
      }
    }
  }
}
