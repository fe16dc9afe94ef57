import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { systemClock } from '../clock.js'
import { startEmulator } from '../emulator/index.js'
import { ConsoleLogger } from '../logger.js'
import { renderPlanTable } from '../plan/index.js'
import { fileSink } from '../publish/file-sink.js'
import { renderOutcomes } from '../publish/report.js'
import { applyRun, loadInputs, planRun } from '../publish/run.js'
import { FileTokenStore } from '../tiktok/tokens.js'
import { EXIT_FAILED, type CliContext } from './context.js'
import { ProgressView } from './progress.js'

/** The package's root: dist/cli/index.js and src/cli/demo.ts both sit two levels below it. */
function packageRoot(): string {
  // not `new URL('../..', import.meta.url)`: the bundler would treat that as an asset to copy
  const here = path.dirname(fileURLToPath(import.meta.url))
  return path.resolve(here, '..', '..')
}

/** `demo`: the bundled example manifest published against the bundled emulator, no credentials. */
export async function runDemo(flags: { fresh?: boolean }, ctx: CliContext): Promise<void> {
  const root = packageRoot()
  const manifestPath = path.join(root, 'examples', 'tiktok.yml')
  const statePath = path.join(root, 'examples', 'tiktok.state.json')
  if (flags.fresh) await rm(statePath, { force: true })
  const out = (line = '') => ctx.stdout.write(line + '\n')

  // the main road: an unaudited app and private accounts
  const emulator = await startEmulator({
    config: {
      apps: [{ client_key: 'emu_client_key', client_secret: 'emu_client_secret', audited: false }],
      accounts: [
        { username: 'brand_us', nickname: 'Brand US', private: true, refresh_token: 'demo-refresh-brand-us' },
        { username: 'brand_br', nickname: 'Brand BR', private: true, refresh_token: 'demo-refresh-brand-br' }
      ],
      processing_polls: 2
    }
  })
  const tokenDir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-demo-'))
  try {
    out(`TikTok emulator at ${emulator.url} (an unaudited app, two private accounts)`)
    const inputs = await loadInputs({ manifestPath, statePath, root })
    out(`\nPlan for ${path.relative(ctx.cwd, manifestPath) || manifestPath}:\n`)
    ctx.stdout.write(renderPlanTable(planRun(inputs, systemClock.now()), inputs.manifest, inputs.state))
    out('\nApplying…')
    const demoSecrets: Record<string, string> = {
      TIKTOK_CLIENT_KEY: 'emu_client_key',
      TIKTOK_CLIENT_SECRET: 'emu_client_secret',
      TIKTOK_REFRESH_BRAND_US: 'demo-refresh-brand-us',
      TIKTOK_REFRESH_BRAND_BR: 'demo-refresh-brand-br'
    }
    const progress = new ProgressView(ctx.stderr)
    const result = await applyRun({
      inputs,
      apiBaseUrl: emulator.url,
      secrets: (name) => demoSecrets[name],
      tokenStore: new FileTokenStore({ path: path.join(tokenDir, 'tokens.json') }),
      sink: (box) => fileSink(statePath, box),
      clock: systemClock,
      logger: new ConsoleLogger({ stream: ctx.stderr }),
      runId: randomUUID(),
      timeBudgetMs: 60_000,
      pollIntervalsMs: [250, 500],
      onUploadProgress: (e) => progress.update(e)
    })
    progress.stop()
    out()
    ctx.stdout.write(renderOutcomes(result.outcomes))
    out(`\nState written to ${path.relative(ctx.cwd, statePath) || statePath}:\n`)
    ctx.stdout.write(await readFile(statePath, 'utf8').catch(() => '(no state written)\n'))
    out('\nRun the demo again (`tiktok-publish demo`, or `npm run demo` in a clone): nothing is posted twice. `--fresh` starts over.')
    if (result.failed) ctx.exitCode = EXIT_FAILED
  } finally {
    await emulator.close()
    await rm(tokenDir, { recursive: true, force: true })
  }
}
