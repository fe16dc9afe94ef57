import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Clock } from '../../src/clock.js'
import { startEmulator, type Emulator, type EmulatorConfig, type LedgerKind } from '../../src/emulator/index.js'
import { MemoryLogger } from '../../src/logger.js'
import { fileSink } from '../../src/publish/file-sink.js'
import { applyRun, loadInputs, type ApplyResult } from '../../src/publish/run.js'
import { FileTokenStore } from '../../src/tiktok/tokens.js'
import { REPO_ROOT, manifestYaml, secretEnvName } from '../helpers/workspace.js'

export const CLIENT_KEY = 'emu_client_key'
export const CLIENT_SECRET = 'emu_client_secret'
export const PULL_PREFIX = 'https://cdn.example.com/tiktok/'
export const VIDEO = path.join(REPO_ROOT, 'examples/media/spring-teaser.mp4')

/**
 * A clock whose sleeps return at once but move its time forward by the amount
 * slept: retries and back-off run at full length as far as the code can tell,
 * and the tests take milliseconds. Every sleep is recorded so a test can check
 * that a Retry-After was honoured.
 */
export class SteppingClock implements Clock {
  offset = 0
  readonly sleeps: number[] = []
  now(): Date {
    return new Date(Date.now() + this.offset)
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms)
    this.offset += ms
    await new Promise((r) => setImmediate(r))
  }
  advance(ms: number): void {
    this.offset += ms
  }
}

/** Serves the demo video over plain HTTP: the emulator's pull_rewrite points PULL_FROM_URL here. */
export async function startOrigin(): Promise<{ url: string; close(): Promise<void> }> {
  const bytes = await readFile(VIDEO)
  const server: Server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(bytes.length) })
    res.end(bytes)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((r) => server.close(() => r()))
  }
}

export interface Harness {
  emulator: Emulator
  env: Record<string, string>
  openIds: Record<string, string>
  tokenStorePath: string
  logger: MemoryLogger
  clock: SteppingClock
}

export async function harness(accounts: string[], config: EmulatorConfig = {}): Promise<Harness> {
  const emulator = await startEmulator({
    config: {
      rate_limits: false,
      processing_polls: 1,
      apps: [{ client_key: CLIENT_KEY, client_secret: CLIENT_SECRET, audited: true, pull_prefixes: [PULL_PREFIX] }],
      ...config
    }
  })
  const env: Record<string, string> = { TIKTOK_CLIENT_KEY: CLIENT_KEY, TIKTOK_CLIENT_SECRET: CLIENT_SECRET }
  const openIds: Record<string, string> = {}
  for (const a of accounts) {
    const created = emulator.addAccount({ username: a.replace(/-/g, '_'), nickname: a })
    env[secretEnvName(a)] = created.refresh_token
    openIds[a] = created.open_id
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-rel-tokens-'))
  return { emulator, env, openIds, tokenStorePath: path.join(dir, 'tokens.json'), logger: new MemoryLogger(), clock: new SteppingClock() }
}

/** One `apply`, in-process, as the CLI runs it but with the stepping clock. */
export async function apply(h: Harness, manifestPath: string, extra: { timeBudgetMs?: number; tokenStorePath?: string } = {}): Promise<ApplyResult> {
  const inputs = await loadInputs({ manifestPath })
  return applyRun({
    inputs,
    apiBaseUrl: h.emulator.url,
    secrets: (name) => h.env[name],
    tokenStore: new FileTokenStore({ path: extra.tokenStorePath ?? h.tokenStorePath }),
    sink: (box) => fileSink(inputs.statePath, box),
    clock: h.clock,
    logger: h.logger,
    runId: `run-${Math.random()}`,
    timeBudgetMs: extra.timeBudgetMs ?? 10 * 60_000,
    pollIntervalsMs: [20, 40],
    rateLimits: false
  })
}

/** Requests the emulator answered on one endpoint (faulted ones included). */
export function requests(e: Emulator, kind: LedgerKind): number {
  return e.ledger.filter((l) => l.kind === kind).length
}

export function manifest(options: { posts: string; accounts?: string[] }): string {
  return manifestYaml({ accounts: options.accounts ?? ['brand-us'], posts: options.posts, app: `pull_prefixes:\n  - ${PULL_PREFIX}` })
}

/**
 * Every secret value the emulator has handed out so far: refresh and access
 * tokens (live or rotated away) and upload ids, read from its own tables, plus
 * the app's client secret. Call it after each run and keep the union, since
 * the emulator forgets nothing but a caller may.
 */
export function issuedSecrets(emulator: Emulator, clientSecret = CLIENT_SECRET): Set<string> {
  const e = emulator as unknown as { accessTokens?: Map<string, unknown>; refreshTokens?: Map<string, unknown>; uploads?: Map<string, unknown> }
  const out = new Set<string>([clientSecret])
  for (const table of [e.accessTokens, e.refreshTokens, e.uploads]) for (const key of table?.keys() ?? []) out.add(key)
  return out
}

/** Every regular file under `dir`, with its text. */
export async function filesUnder(dir: string): Promise<Array<{ file: string; text: string }>> {
  const { readdir } = await import('node:fs/promises')
  const out: Array<{ file: string; text: string }> = []
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    out.push({ file, text: (await readFile(file)).toString('latin1') })
  }
  return out
}

/** The secrets (by a short fingerprint, never the value) found in any of the texts. */
export function leaks(secrets: Iterable<string>, texts: Array<{ where: string; text: string }>): string[] {
  const found: string[] = []
  for (const s of secrets) {
    if (s.length < 8) continue
    for (const t of texts) if (t.text.includes(s)) found.push(`${s.slice(0, 4)}… in ${t.where}`)
  }
  return found
}
