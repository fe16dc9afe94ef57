import { fileSink } from '../../src/publish/file-sink.js'
import { applyRun, loadInputs } from '../../src/publish/run.js'
import { FileTokenStore } from '../../src/tiktok/tokens.js'
import { makeWorkspace } from '../helpers/workspace.js'
import { harness, manifest, type Harness } from '../reliability/harness.js'

/**
 * One account's state save fails (as a refused push does): every worker must
 * stop before its next TikTok call, no save may start after the run reported,
 * the client may close only once the last worker ended, and the run reports
 * the first error, once.
 */
const ACCOUNTS = ['brand-us', 'brand-br', 'brand-mx']

describe('a failed state save stops every worker', () => {
  let h: Harness
  afterEach(async () => h?.emulator.close())

  it('no TikTok call is started after it, no save after the run ends, and the first error is the one reported', async () => {
    // long processing keeps the other accounts' workers busy polling when the save fails
    h = await harness(ACCOUNTS, { processing_polls: 40 })
    const posts = [1, 2]
      .map((n) => `  - id: p${n}\n    video: media/a.mp4\n    caption: "post ${n}"\n    accounts: all`)
      .join('\n')
    const ws = await makeWorkspace(manifest({ accounts: ACCOUNTS, posts }))
    const inputs = await loadInputs({ manifestPath: ws.manifestPath })
    const refused = new Error('push refused by the remote: pre-receive hook declined')
    let failedAt: number | undefined
    const savesAfter: string[][] = []
    let ended = false
    const savesAfterEnd: string[][] = []
    const result = await applyRun({
      inputs,
      apiBaseUrl: h.emulator.url,
      secrets: (name) => h.env[name],
      tokenStore: new FileTokenStore({ path: h.tokenStorePath }),
      sink: (box) => {
        const file = fileSink(inputs.statePath, box)
        return {
          async save(reasons: string[]) {
            if (ended) savesAfterEnd.push(reasons)
            if (failedAt !== undefined) {
              savesAfter.push(reasons)
              throw refused
            }
            // the second post's claim of one account: the others are mid-poll by then
            if (reasons.includes('claim p2/brand-br')) {
              // the push takes a while to be refused: the other workers run on meanwhile
              await new Promise((r) => setTimeout(r, 50))
              failedAt = h.emulator.ledger.length
              throw refused
            }
            return file.save(reasons)
          }
        }
      },
      clock: h.clock,
      logger: h.logger,
      runId: 'run-stop',
      timeBudgetMs: 10 * 60_000,
      pollIntervalsMs: [20],
      rateLimits: false
    }).catch((e: unknown) => e)
    ended = true
    const ledgerAtEnd = h.emulator.ledger.length

    // the first error, as it was thrown, is what the run reports
    expect(result).toBe(refused)
    expect(failedAt).toBeDefined()
    // after the failure each other worker finished at most the one call it had in flight
    const after = h.emulator.ledger.slice(failedAt).filter((l) => l.kind !== 'fault' && l.kind !== 'published' && l.kind !== 'upload_complete')
    expect(after.length).toBeLessThanOrEqual(ACCOUNTS.length - 1)
    // a save queued before the failure may still be tried; none is started once the run is over
    expect(savesAfter.length).toBeLessThanOrEqual(1)
    await new Promise((r) => setTimeout(r, 200))
    expect(savesAfterEnd).toEqual([])
    expect(h.emulator.ledger.length).toBe(ledgerAtEnd)
    // no worker ran into a closed client
    expect(h.logger.lines.join('\n')).not.toMatch(/destroyed|closed/i)
  })
})
