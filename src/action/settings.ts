import * as core from '@actions/core'
import { formatDuration, parseDuration } from '../duration.js'
import { UserError } from '../errors.js'
import { parseShard } from '../select.js'
import { plainHttpAllowed } from '../tiktok/base-url.js'
import { InputDefaults, Inputs, PULL_REQUEST_EVENTS, type InputName } from './constants.js'

export type ActionCommand = 'plan' | 'apply'

/** Every input of action.yml, read once and typed. Nothing below main.ts calls core.getInput. */
export interface ActionSettings {
  command: ActionCommand
  /** as written, relative to the workspace */
  manifest: string
  /** as written, relative to the workspace; undefined = beside the manifest */
  state?: string
  /** secret values by name, from the `secrets` input (`${{ toJSON(secrets) }}`) */
  secrets: Record<string, string>
  githubToken?: string
  secretsToken?: string
  /** write rotated refresh tokens to this environment's secrets instead of the repository's */
  secretsEnvironment?: string
  accounts?: string
  shard?: string
  apiBaseUrl: string
  timeBudgetMs: number
  commit: boolean
  stateBranch?: string
  dryRun: boolean
  /** the branch apply may publish from; undefined = the repository's default branch */
  applyBranch?: string
  eventName: string
}

export interface ParsedSettings {
  settings: ActionSettings
  /** things a person should see at the top of the log (e.g. an unsafe trigger) */
  warnings: string[]
}

/** An input's value; undefined when empty or missing ("empty means absent"). */
export type InputReader = (name: InputName) => string | undefined

const UNSAFE_TARGET_PLAN =
  'tiktok-publish: `plan` is running on `pull_request_target`. That event runs with the base repository\'s secrets and a write token, ' +
  'while the manifest and videos it reads come from the pull request — a fork can put anything there, and any step that checks out and ' +
  'builds the pull request runs the fork\'s code with those secrets. The plan needs no secrets: run it on `pull_request` instead ' +
  '(with `permissions: pull-requests: write`).'

function parseBoolean(read: InputReader, name: InputName, fallback: boolean): boolean {
  const value = read(name)
  if (value === undefined) return fallback
  if (value === 'true' || value === 'True' || value === 'TRUE') return true
  if (value === 'false' || value === 'False' || value === 'FALSE') return false
  throw new UserError(`input \`${name}\` is ${JSON.stringify(value)}, not a boolean`, { fix: `write \`${name}: true\` or \`${name}: false\`` })
}

function parseSecrets(read: InputReader): Record<string, string> {
  const text = read(Inputs.secrets)
  if (text === undefined) return {}
  const fix = `pass \`${Inputs.secrets}: \${{ toJSON(secrets) }}\` (a JSON object of secret names to values), or leave it empty and use env vars`
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    // never echo the text or the parser's message: both can quote secret values
    throw new UserError(`input \`${Inputs.secrets}\` is not valid JSON`, { fix })
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UserError(`input \`${Inputs.secrets}\` is not a JSON object`, { fix })
  }
  const out: Record<string, string> = Object.create(null) as Record<string, string>
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value !== 'string') throw new UserError(`input \`${Inputs.secrets}\`: the value of ${JSON.stringify(name)} is not a string`, { fix })
    out[name] = value
  }
  return out
}

function parseUrl(read: InputReader): string {
  const value = read(Inputs.apiBaseUrl) ?? InputDefaults.apiBaseUrl
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UserError(`input \`${Inputs.apiBaseUrl}\` is ${JSON.stringify(value)}, not a URL`, { fix: `write e.g. \`${Inputs.apiBaseUrl}: ${InputDefaults.apiBaseUrl}\`` })
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError(`input \`${Inputs.apiBaseUrl}\` must be an http(s) URL, not ${JSON.stringify(value)}`, { fix: `write e.g. \`${Inputs.apiBaseUrl}: ${InputDefaults.apiBaseUrl}\`` })
  }
  if (!plainHttpAllowed(url)) {
    throw new UserError(`input \`${Inputs.apiBaseUrl}\` is plain http:// to ${url.hostname}, which would send the client secret and tokens unencrypted`, {
      fix: `use https://, or http:// only to the runner itself (127.0.0.1, ::1 or localhost: the emulator)`
    })
  }
  return value.replace(/\/+$/, '')
}

/**
 * Parses and checks every input. Cross-input rules (the command against the
 * event) are checked here, before anything touches the network.
 */
export function parseSettings(read: InputReader, context: { eventName: string }): ParsedSettings {
  const warnings: string[] = []
  const eventName = context.eventName
  const isPullRequest = (PULL_REQUEST_EVENTS as readonly string[]).includes(eventName)

  const commandText = read(Inputs.command)
  let command: ActionCommand
  if (commandText === undefined) command = isPullRequest ? 'plan' : 'apply'
  else if (commandText === 'plan' || commandText === 'apply') command = commandText
  else throw new UserError(`input \`${Inputs.command}\` is ${JSON.stringify(commandText)}`, { fix: `write \`${Inputs.command}: plan\` or \`${Inputs.command}: apply\`` })

  if (eventName === 'pull_request_target') {
    if (command === 'apply') {
      throw new UserError('`apply` refuses to run on `pull_request_target`: it would publish from a pull request that nobody has merged, with the base repository\'s secrets', {
        fix: 'run `apply` on `push` to the default branch (after the merge) or on `schedule`; use `plan` on `pull_request` for pull requests'
      })
    }
    warnings.push(UNSAFE_TARGET_PLAN)
  }

  if (eventName === 'pull_request' && command === 'apply' && commandText !== undefined) {
    warnings.push('tiktok-publish: `apply` is running on a pull request: it publishes posts nobody has merged yet. Publish from `push` to the default branch (after review) unless this is a rehearsal against the emulator.')
  }

  const budgetText = read(Inputs.timeBudget) ?? InputDefaults.timeBudget
  const timeBudgetMs = parseDuration(budgetText)
  if (timeBudgetMs === undefined || timeBudgetMs <= 0) {
    throw new UserError(`input \`${Inputs.timeBudget}\` is ${JSON.stringify(budgetText)}, not a duration`, { fix: `write e.g. \`${Inputs.timeBudget}: 20m\` or \`1h30m\`` })
  }

  const shard = read(Inputs.shard)
  if (shard !== undefined) parseShard(shard)

  const manifest = read(Inputs.manifest) ?? InputDefaults.manifest
  const settings: ActionSettings = {
    command,
    manifest,
    state: read(Inputs.state),
    secrets: parseSecrets(read),
    githubToken: read(Inputs.githubToken),
    secretsToken: read(Inputs.secretsToken),
    secretsEnvironment: read(Inputs.secretsEnvironment),
    accounts: read(Inputs.accounts),
    shard,
    apiBaseUrl: parseUrl(read),
    timeBudgetMs,
    commit: parseBoolean(read, Inputs.commit, InputDefaults.commit),
    stateBranch: read(Inputs.stateBranch),
    dryRun: parseBoolean(read, Inputs.dryRun, InputDefaults.dryRun),
    applyBranch: read(Inputs.applyBranch)?.replace(/^refs\/heads\//, ''),
    eventName
  }
  if (settings.stateBranch && !settings.commit && !settings.dryRun && command === 'apply') {
    throw new UserError(`input \`${Inputs.stateBranch}\` needs \`${Inputs.commit}: true\`: the state lives only on that branch`, {
      fix: `remove \`${Inputs.stateBranch}\`, or remove \`${Inputs.commit}: false\``
    })
  }
  return { settings, warnings }
}

/** The effective configuration for the debug log; secret values never appear. */
export function describeSettings(s: ActionSettings): string {
  return JSON.stringify({
    command: s.command,
    manifest: s.manifest,
    state: s.state ?? '(beside the manifest)',
    secrets: `${Object.keys(s.secrets).length} name(s)`,
    'github-token': s.githubToken ? 'set' : 'not set',
    'secrets-token': s.secretsToken ? 'set' : 'not set',
    'secrets-environment': s.secretsEnvironment ?? '(repository secrets)',
    accounts: s.accounts ?? '(all)',
    shard: s.shard ?? '(none)',
    'api-base-url': s.apiBaseUrl,
    'time-budget': formatDuration(s.timeBudgetMs),
    commit: s.commit,
    'state-branch': s.stateBranch ?? '(the run\'s branch)',
    'dry-run': s.dryRun,
    'apply-branch': s.applyBranch ?? '(the default branch)',
    event: s.eventName
  })
}

/** Reads the runner's inputs (INPUT_* variables) once. */
export function readSettings(eventName: string): ParsedSettings {
  const read: InputReader = (name) => {
    const value = core.getInput(name)
    return value === '' ? undefined : value
  }
  const parsed = parseSettings(read, { eventName })
  // masked before anything can log them; the runner masks `secrets.*` it
  // substitutes, but not values that arrive inside a JSON blob or from env
  const s = parsed.settings
  for (const value of [...Object.values(s.secrets), s.githubToken, s.secretsToken]) if (value) core.setSecret(value)
  return parsed
}
