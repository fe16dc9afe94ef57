/**
 * The Action's TokenStore: refresh tokens live in secrets and a rotated one is
 * written back to the secret it came from — the repository's, or with
 * `secrets-environment` the apply job's environment's; access tokens live in
 * the encrypted Actions cache.
 */
import type { Clock } from '../clock.js'
import { UserError } from '../errors.js'
import { failpoint } from '../failpoint.js'
import { checkSecretsWritable, putRepoSecret, secretLabel, type RepoPublicKey } from '../github/secrets.js'
import type { Logger } from '../logger.js'
import type { TokenStore } from '../tiktok/tokens.js'
import type { AccessTokenCache } from './token-cache.js'

export interface ActionTokenStoreOptions {
  /** the `secrets` input JSON, then env */
  secrets: (name: string) => string | undefined
  accounts: Record<string, { refreshTokenSecret: string; clientSecret: string; clientKey: string }>
  repo: { owner: string; repo: string }
  apiUrl: string
  secretsToken?: string
  /** write to this environment's secrets instead of the repository's */
  environment?: string
  cache?: AccessTokenCache
  logger: Logger
  /** core.setSecret in the Action */
  onSecret: (value: string) => void
  /** back-off of GitHub retries; default the system clock */
  clock?: Clock
}

const MISSING_TOKEN =
  'apply refreshes TikTok tokens, and TikTok rotates the refresh token on every refresh; without `secrets-token` the new one could not be saved and the account would be locked out.'
const MISSING_TOKEN_FIX =
  'create a fine-grained token with Secrets: read and write on this repository, store it as a secret (e.g. TIKTOK_PUBLISH_SECRETS_TOKEN) and pass `secrets-token: ${{ secrets.TIKTOK_PUBLISH_SECRETS_TOKEN }}`'

// The key read by assertCanRotate serves the writes of the same run: one GET fewer
// at the moment a rotated token must be saved.
const knownKeys = new WeakMap<ActionTokenStoreOptions, RepoPublicKey>()

/**
 * Run before any refresh: proves the rotated refresh tokens can be written back,
 * so the run never rotates a token it cannot save.
 */
export async function assertCanRotate(options: ActionTokenStoreOptions): Promise<void> {
  if (!options.secretsToken) throw new UserError(MISSING_TOKEN, { fix: MISSING_TOKEN_FIX })
  options.onSecret(options.secretsToken)
  const key = await checkSecretsWritable({ apiUrl: options.apiUrl, token: options.secretsToken, ...options.repo, environment: options.environment, clock: options.clock })
  knownKeys.set(options, key)
}

export function createActionTokenStore(options: ActionTokenStoreOptions): TokenStore {
  const { owner, repo } = options.repo
  /** refresh tokens saved in this run: newer than the secrets the run started with */
  const saved = new Map<string, string>()
  /** accounts whose rotated token only a person can still save (see the hand-off) */
  const stranded = new Set<string>()
  if (options.secretsToken) options.onSecret(options.secretsToken)

  function account(name: string) {
    const a = options.accounts[name]
    if (!a) throw new Error(`token store: unknown account ${name}`)
    return a
  }

  return {
    async getRefreshToken(name) {
      if (stranded.has(name)) {
        // Refreshing now would rotate away the token the hand-off message holds.
        throw new UserError(`The refresh token of TikTok account ${name} was rotated earlier in this run but could not be written to the secret ${account(name).refreshTokenSecret}${options.environment ? ` of environment ${options.environment}` : ''}; it is not refreshed again.`, {
          fix: 'run the gh api command printed with the earlier error, then run the workflow again'
        })
      }
      const token = saved.get(name) ?? options.secrets(account(name).refreshTokenSecret)
      if (token) options.onSecret(token)
      return token || undefined
    },

    async saveRefreshToken(name, token) {
      options.onSecret(token)
      const secretName = account(name).refreshTokenSecret
      // TikTok may hand back the same token; the secret already holds it.
      if (token === (saved.get(name) ?? options.secrets(secretName))) return
      if (!options.secretsToken) throw new UserError(MISSING_TOKEN, { fix: MISSING_TOKEN_FIX })
      try {
        const { publicKey } = await putRepoSecret({
          apiUrl: options.apiUrl,
          token: options.secretsToken,
          owner,
          repo,
          environment: options.environment,
          name: secretName,
          value: token,
          publicKey: knownKeys.get(options),
          clock: options.clock
        })
        failpoint('secret-written')
        knownKeys.set(options, publicKey)
        saved.set(name, token)
        stranded.delete(name)
        options.logger.info(`Saved the rotated refresh token of ${name} to ${secretLabel(options, secretName)}.`)
      } catch (e) {
        stranded.add(name)
        throw e
      }
    },

    explainDeadRefreshToken(name) {
      const secretName = account(name).refreshTokenSecret
      if (saved.has(name)) return undefined
      if (!options.environment) {
        return {
          cause:
            `most likely another run rotated it after this run was queued: GitHub hands a run the repository secret ${secretName} as it was when the run was QUEUED, ` +
            `so this run holds the old token and the account itself is fine (the secret already holds the new one). ` +
            `If no other run rotated it, the token expired or was revoked.`,
          fix:
            `run the workflow again (a new run reads the current secret). To stop queued runs from starting with a rotated-away token, ` +
            `run the apply job in an environment and set \`secrets-environment\` to its name (environment secrets are read when the job starts). ` +
            `Only if a new run fails the same way: run \`tiktok-publish auth --account ${name}\``
        }
      }
      return {
        cause:
          `this job read it from ${secretLabel(options, secretName)} when it started: another run rotated it since (two jobs at once — keep apply in one \`concurrency\` group), or it expired or was revoked.`,
        fix: `run the workflow again (a new job reads the current secret); if it fails the same way, run \`tiktok-publish auth --account ${name}\` and store the token in that secret`
      }
    },

    async getAccessToken(name) {
      if (!options.cache) return undefined
      const hit = await options.cache.get(name).catch(() => undefined)
      if (hit) options.onSecret(hit.token)
      return hit
    },

    async saveAccessToken(name, token, expiresAt, scopes) {
      options.onSecret(token)
      await options.cache?.put(name, token, expiresAt, scopes)
    }
  }
}
