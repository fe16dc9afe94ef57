import path from 'node:path'
import { importGraph, loadedWith } from '../helpers/import-graph.js'
import { REPO_ROOT } from '../helpers/workspace.js'

/**
 * Start-up: what a command loads before it runs is what its modules import
 * statically. These pin down the layering that keeps `validate` and `plan`
 * cheap; how long they take is measured by the bench, not here.
 */
describe('the command line loads per command', () => {
  const graph = importGraph(path.join(REPO_ROOT, 'src'), { loadedAtStart: true })
  const commandModules = ['cli/validate.ts', 'cli/plan.ts', 'cli/apply.ts', 'cli/status.ts', 'cli/resolve.ts', 'cli/demo.ts', 'cli/auth.ts', 'cli/doctor.ts', 'cli/init.ts']

  it('parses the command line without loading any command', () => {
    const atStart = loadedWith(graph, 'cli.ts')
    expect(commandModules.filter((m) => atStart.has(m))).toEqual([])
    const heavy = ['zod', 'yaml', 'undici', 'mp4box', 'image-size', 'libsodium-wrappers', 'cli-progress', 'emulator/index.ts', 'publish/run.ts', 'manifest/load.ts']
    expect(heavy.filter((m) => atStart.has(m))).toEqual([])
  })

  it.each(['cli/validate.ts', 'cli/plan.ts'])('%s reads the manifest without the HTTP client, the engine, the emulator or the media parsers', (entry) => {
    const loaded = loadedWith(graph, entry)
    expect(loaded.has('manifest/load.ts')).toBe(true)
    const notNeeded = ['undici', 'tiktok/client.ts', 'tiktok/http.ts', 'tiktok/upload.ts', 'publish/engine.ts', 'emulator/index.ts', 'cli-progress', 'libsodium-wrappers', 'mp4box', 'image-size']
    expect(notNeeded.filter((m) => loaded.has(m))).toEqual([])
  })

  it('loads the HTTP client with apply, where it is used', () => {
    // the other side of the test above: the graph does see what a command really loads
    const loaded = loadedWith(graph, 'cli/apply.ts')
    expect(['undici', 'tiktok/upload.ts', 'cli-progress'].filter((m) => !loaded.has(m))).toEqual([])
  })
})
