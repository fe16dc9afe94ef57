/**
 * Repository secrets over GitHub's REST API: where the Action writes a rotated
 * TikTok refresh token back, so the next run can refresh again.
 *
 * Secrets are sealed (libsodium sealed box) with the repository's public key
 * before they leave this process; only GitHub holds the private key. That makes
 * the sealed value safe to print, which is what the hand-off message relies on
 * when a write fails: a person can finish the write with `gh api` without the
 * plaintext token ever appearing anywhere.
 */
import sodium from 'libsodium-wrappers'
import { request } from 'undici'
import { z } from 'zod'
import { systemClock, type Clock } from '../clock.js'
import { UserError } from '../errors.js'

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com'

export interface RepoTarget {
  /** GITHUB_API_URL; https://api.github.com when absent (GHES: https://host/api/v3) */
  apiUrl?: string
  token: string
  owner: string
  repo: string
  /**
   * An environment of the repository: its secrets instead of the repository's.
   * GitHub reads environment secrets when a job STARTS (repository secrets
   * when its run is queued), so a run queued behind one that rotates a token
   * still gets the new one.
   */
  environment?: string
}

/** `the repository secret X` or `the secret X of environment E`: what a message names. */
export function secretLabel(target: { environment?: string }, name: string): string {
  return target.environment ? `the secret ${name} of environment ${target.environment}` : `the repository secret ${name}`
}

function secretsBase(t: { owner: string; repo: string; environment?: string }): string {
  const repo = `/repos/${encodeURIComponent(t.owner)}/${encodeURIComponent(t.repo)}`
  return t.environment ? `${repo}/environments/${encodeURIComponent(t.environment)}/secrets` : `${repo}/actions/secrets`
}

export interface RetryOptions {
  /** injected so back-off costs nothing in tests; default the system clock */
  clock?: Clock
  /** total attempts on 5xx, 429 and network errors; default 3 */
  attempts?: number
}

export interface RepoPublicKey {
  key_id: string
  /** base64 (original variant) Curve25519 public key */
  key: string
}

const publicKeySchema = z.object({
  key_id: z.string().min(1),
  key: z.string().min(1)
})

const PERMISSION_FIX =
  'give the secrets-token the `secrets: write` permission on this repository (fine-grained token: Repository permissions → Secrets → Read and write) or the `repo` scope (classic token); the workflow GITHUB_TOKEN can never write secrets'

function permissionSentence(owner: string, repo: string): string {
  return `the secrets-token cannot write secrets of ${owner}/${repo}: it needs the \`secrets: write\` permission (fine-grained token) or \`repo\` scope (classic); GITHUB_TOKEN cannot write secrets`
}

/** A write that failed after the value was sealed: everything a person needs to finish it by hand. */
export class SecretWriteError extends UserError {
  override name = 'SecretWriteError'
  constructor(
    message: string,
    readonly handOff: { owner: string; repo: string; name: string; keyId: string; encryptedValue: string; command: string },
    fix: string
  ) {
    super(message, { fix })
  }
}

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

/** One HTTP exchange; a network failure becomes a thrown Error naming only its code. */
async function call(target: RepoTarget, method: 'GET' | 'PUT', path: string, body?: unknown): Promise<Answer> {
  const base = (target.apiUrl || DEFAULT_GITHUB_API_URL).replace(/\/+$/, '')
  let res
  try {
    res = await request(base + path, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'tiktok-publish',
        ...(body === undefined ? {} : { 'content-type': 'application/json' })
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      headersTimeout: 30_000,
      bodyTimeout: 30_000
    })
  } catch (e) {
    // undici's errors carry the request options on some paths; keep only the code.
    const code = (e as { code?: string }).code ?? (e as Error).name ?? 'error'
    throw new NetworkError(`GitHub did not answer (${code})`)
  }
  const text = await res.body.text().catch(() => '')
  return { status: res.statusCode, headers: res.headers, text }
}

class NetworkError extends Error {
  override name = 'NetworkError'
}

function retryable(a: Answer): boolean {
  if (a.status >= 500 || a.status === 429) return true
  // GitHub's rate limits answer 403 with these headers; a permission refusal does not.
  return a.status === 403 && (header(a, 'x-ratelimit-remaining') === '0' || header(a, 'retry-after') !== undefined)
}

function header(a: Answer, name: string): string | undefined {
  const v = a.headers[name]
  return Array.isArray(v) ? v[0] : v
}

function backoffMs(a: Answer | undefined, attempt: number): number {
  const retryAfter = a ? Number(header(a, 'retry-after')) : NaN
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return Math.min(retryAfter, 60) * 1000
  return 1000 * 2 ** attempt
}

/** Runs `once` until it answers something other than a transient failure, or the attempts run out. */
async function withRetries(opts: RetryOptions, once: () => Promise<Answer>): Promise<{ answer?: Answer; networkError?: string }> {
  const clock = opts.clock ?? systemClock
  const attempts = Math.max(1, opts.attempts ?? 3)
  let last: { answer?: Answer; networkError?: string } = {}
  for (let i = 0; i < attempts; i++) {
    try {
      const answer = await once()
      last = { answer }
      if (!retryable(answer)) return last
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e
      last = { networkError: e.message }
    }
    if (i + 1 < attempts) await clock.sleep(backoffMs(last.answer, i))
  }
  return last
}

/** GitHub's own `message` field, short and single-line; it never echoes request bodies. */
function githubMessage(a: Answer): string {
  try {
    const m = (JSON.parse(a.text) as { message?: unknown }).message
    if (typeof m === 'string' && m) return m.replace(/\s+/g, ' ').slice(0, 200)
  } catch {
    // not JSON
  }
  return ''
}

function describeAnswer(r: { answer?: Answer; networkError?: string }): string {
  if (r.networkError) return r.networkError
  const a = r.answer!
  const m = githubMessage(a)
  return `HTTP ${a.status}${m ? ` ${m}` : ''}`
}

function refusal(a: Answer, target: RepoTarget, doing: string): UserError | undefined {
  if (a.status === 401) {
    return new UserError(`GitHub refused the secrets-token while ${doing} (401 ${githubMessage(a) || 'Bad credentials'}): the token is wrong, expired or revoked.`, {
      fix: 'create a new token and store it in the secret passed as `secrets-token`'
    })
  }
  if (a.status === 404 && target.environment) {
    return new UserError(`GitHub answered 404 while ${doing}: the environment ${target.environment} does not exist in ${target.owner}/${target.repo}, or the secrets-token cannot see it.`, {
      fix: `create the environment (Settings → Environments → New environment, or name it in the apply job's \`environment:\`, which creates it on the first run) and give the secrets-token Environments: read and write (fine-grained token) or the \`repo\` scope (classic); or remove \`secrets-environment\` to write repository secrets`
    })
  }
  if (a.status === 403 || a.status === 404) {
    // Only classic tokens and OAuth apps send their scopes; naming them shows what is missing.
    const scopes = header(a, 'x-oauth-scopes')
    const has = scopes === undefined ? '' : ` (it is a classic token with scopes: ${scopes.trim() || 'none'})`
    if (target.environment) {
      return new UserError(`GitHub answered ${a.status} while ${doing}: the secrets-token cannot write secrets of environment ${target.environment} in ${target.owner}/${target.repo}${has}.`, {
        fix: 'give the secrets-token Environments: read and write on this repository (fine-grained token) or the `repo` scope (classic token); the workflow GITHUB_TOKEN can never write secrets'
      })
    }
    return new UserError(`GitHub answered ${a.status} while ${doing}: ${permissionSentence(target.owner, target.repo)}${has}.`, { fix: PERMISSION_FIX })
  }
  return undefined
}

function publicKeyPath(t: RepoTarget): string {
  return `${secretsBase(t)}/public-key`
}

/** GET /repos/{owner}/{repo}/actions/secrets/public-key */
export async function getRepoPublicKey(target: RepoTarget & RetryOptions): Promise<RepoPublicKey> {
  const doing = `reading the secrets public key of ${target.owner}/${target.repo}${target.environment ? ` (environment ${target.environment})` : ''}`
  const r = await withRetries(target, () => call(target, 'GET', publicKeyPath(target)))
  const a = r.answer
  if (a && a.status === 200) return publicKeyFrom(a, doing)
  const refused = a && refusal(a, target, doing)
  if (refused) throw refused
  throw new UserError(`GitHub failed while ${doing}: ${describeAnswer(r)}.`, { fix: 'check https://www.githubstatus.com and run the workflow again' })
}

/**
 * Checks, before any TikTok refresh, that the token can reach the repository's
 * secrets, so a run never rotates a refresh token it then cannot save.
 *
 * GitHub exposes no way to test write access without writing, so this proves
 * secrets access (the public key needs it; GITHUB_TOKEN never has it). A
 * fine-grained token with read-only Secrets passes; its first write then fails
 * with the hand-off.
 */
export async function checkSecretsWritable(target: RepoTarget & RetryOptions): Promise<RepoPublicKey> {
  const doing = `checking that the secrets-token can write secrets of ${target.owner}/${target.repo}${target.environment ? ` (environment ${target.environment})` : ''}`
  const r = await withRetries(target, () => call(target, 'GET', publicKeyPath(target)))
  const a = r.answer
  if (a && a.status === 200) return publicKeyFrom(a, doing)
  const refused = a && refusal(a, target, doing)
  if (refused) throw refused
  throw new UserError(`GitHub failed while ${doing}: ${describeAnswer(r)}; no TikTok token was refreshed.`, {
    fix: 'check https://www.githubstatus.com and run the workflow again'
  })
}

function publicKeyFrom(a: Answer, doing: string): RepoPublicKey {
  let parsed: unknown
  try {
    parsed = JSON.parse(a.text)
  } catch {
    parsed = undefined
  }
  const key = publicKeySchema.safeParse(parsed)
  if (!key.success) throw new UserError(`GitHub's answer while ${doing} is not a public key.`, { fix: 'check that the GitHub API URL points at the GitHub REST API (GITHUB_API_URL)' })
  return { key_id: key.data.key_id, key: key.data.key }
}

/** libsodium sealed box of `value` for the repository key, base64 (original variant) as GitHub expects. */
export async function sealSecret(value: string, base64PublicKey: string): Promise<string> {
  await sodium.ready
  const key = sodium.from_base64(base64PublicKey, sodium.base64_variants.ORIGINAL)
  const sealed = sodium.crypto_box_seal(sodium.from_string(value), key)
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL)
}

/** The command a person runs to finish a failed write; every part is safe to print. */
export function handOffCommand(args: { apiUrl?: string; owner: string; repo: string; environment?: string; name: string; keyId: string; encryptedValue: string }): string {
  // gh talks to github.com unless told which GitHub Enterprise Server to use.
  const host = args.apiUrl ? new URL(args.apiUrl).host : 'api.github.com'
  const hostname = host === 'api.github.com' ? '' : `--hostname ${host} `
  const path = args.environment ? `environments/${encodeURIComponent(args.environment)}/secrets` : 'actions/secrets'
  return `gh api ${hostname}-X PUT repos/${args.owner}/${args.repo}/${path}/${args.name} -f encrypted_value='${args.encryptedValue}' -f key_id='${args.keyId}'`
}

/**
 * PUT /repos/{owner}/{repo}/actions/secrets/{name}. Retries transient failures;
 * a stale public key (422) is fetched again once. If the write still fails,
 * throws a SecretWriteError carrying the sealed value and the `gh api` command.
 */
export async function putRepoSecret(
  target: RepoTarget & RetryOptions & { name: string; value: string; /** skip the GET when already known */ publicKey?: RepoPublicKey }
): Promise<{ created: boolean; publicKey: RepoPublicKey }> {
  const { owner, repo, name } = target
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /^GITHUB_/i.test(name)) {
    throw new UserError(`${name} cannot be a secret name.`, { fix: 'name the secret with letters, digits and _ only, not starting with GITHUB_' })
  }
  let publicKey = target.publicKey ?? (await getRepoPublicKey(target))
  let encryptedValue = await sealSecret(target.value, publicKey.key)
  const path = `${secretsBase(target)}/${encodeURIComponent(name)}`

  let r = await withRetries(target, () => call(target, 'PUT', path, { encrypted_value: encryptedValue, key_id: publicKey.key_id }))
  if (r.answer?.status === 422) {
    // The repository's key was rotated since we read it: seal again with the new one.
    try {
      publicKey = await getRepoPublicKey(target)
      encryptedValue = await sealSecret(target.value, publicKey.key)
      r = await withRetries(target, () => call(target, 'PUT', path, { encrypted_value: encryptedValue, key_id: publicKey.key_id }))
    } catch (e) {
      if (!(e instanceof UserError)) throw e
    }
  }
  const a = r.answer
  if (a && (a.status === 201 || a.status === 204)) return { created: a.status === 201, publicKey }

  const doing = `writing ${secretLabel(target, name)}`
  const refused = a && refusal(a, target, doing)
  const reason = refused ? refused.message : `GitHub failed while ${doing} of ${owner}/${repo}: ${describeAnswer(r)}.`
  const command = handOffCommand({ apiUrl: target.apiUrl, owner, repo, environment: target.environment, name, keyId: publicKey.key_id, encryptedValue })
  const message =
    `${reason}\n` +
    `To finish the write by hand, run this with a token that may write secrets of ${owner}/${repo} ` +
    `(the value is sealed with the ${target.environment ? "environment's" : "repository's"} public key: only GitHub can open it, so it is safe to show):\n` +
    `  ${command}\n` +
    `  secret: ${name}\n${target.environment ? `  environment: ${target.environment}\n` : ''}  key_id: ${publicKey.key_id}\n  encrypted_value: ${encryptedValue}\n` +
    // Prose last: callers append to the message, and nothing may stick to the command or the value.
    `Until that write is done, the new token exists only in this sealed value.`
  throw new SecretWriteError(message, { owner, repo, name, keyId: publicKey.key_id, encryptedValue, command }, refused?.fix ? `${refused.fix}; then run the gh api command above before the next run` : 'run the gh api command above before the next run')
}
