import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http'
import { json, listenRecording, type SeenRequest } from '../github/fake-github.js'
import sodium from 'libsodium-wrappers'

export type { SeenRequest }

export interface FakeComment {
  id: number
  body: string
  user: { login: string; type: 'User' | 'Bot' }
  /** the pull request it is on; undefined: listed on every one (older tests seed that way) */
  issue?: number
}

/**
 * The GitHub REST endpoints the Action calls, on 127.0.0.1: issue comments
 * (list with Link pagination, create, update), repository secrets and the
 * secrets of the repository's environments (public key, PUT of a sealed
 * value, opened with a real libsodium keypair so a test reads the exact
 * plaintext the Action sealed).
 */
export class FakeGitHubApi {
  url = ''
  readonly seen: SeenRequest[] = []
  readonly comments: FakeComment[] = []
  /** the token that may comment (the workflow's github-token) */
  commentToken = 'ghs_comment_token_for_tests'
  /** the token that may write secrets (the secrets-token) */
  secretsToken = 'github_pat_secrets_token_for_tests'
  /** answer comment calls with this status instead (e.g. 403 for a read-only token) */
  commentStatus?: number
  /**
   * Who each token is, as GitHub knows it. The workflow's token is an App
   * installation: GET /user refuses it (403) and GraphQL's viewer names the
   * bot; a personal token is a user that GET /user names. Comments a token
   * creates carry its identity as author.
   */
  readonly identities = new Map<string, { login: string; type: 'User' | 'Bot' }>()
  private readonly secrets = new Map<string, string>()
  private keypair!: { publicKey: Uint8Array; privateKey: Uint8Array }
  /** the repository's environments and their secrets; each environment has its own key, as at GitHub */
  readonly environments = new Set<string>()
  private readonly envSecrets = new Map<string, string>()
  private envKeypair!: { publicKey: Uint8Array; privateKey: Uint8Array }
  readonly envKeyId = '6620001'
  readonly keyId = '3380204578043523366'
  private nextId = 1000
  private server!: Server

  constructor(
    readonly owner: string,
    readonly repo: string
  ) {}

  static async start(owner = 'acme', repo = 'videos'): Promise<FakeGitHubApi> {
    await sodium.ready
    const f = new FakeGitHubApi(owner, repo)
    f.identities.set(f.commentToken, { login: 'github-actions[bot]', type: 'Bot' })
    f.identities.set(f.secretsToken, { login: 'release-person', type: 'User' })
    f.keypair = sodium.crypto_box_keypair()
    f.envKeypair = sodium.crypto_box_keypair()
    ;({ server: f.server, url: f.url } = await listenRecording(f.seen, (seen, res) => f.handle(seen, res)))
    return f
  }

  secret(name: string): string | undefined {
    return this.secrets.get(name)
  }

  environmentSecret(environment: string, name: string): string | undefined {
    return this.envSecrets.get(`${environment}\u0000${name}`)
  }

  /**
   * The secrets a job sees: the repository's, overridden by those of the
   * job's environment (what `toJSON(secrets)` holds in a job with `environment:`).
   */
  secretsFor(environment?: string): Record<string, string> {
    const out = Object.fromEntries(this.secrets)
    if (environment) for (const [k, v] of this.envSecrets) if (k.startsWith(`${environment}\u0000`)) out[k.slice(environment.length + 1)] = v
    return out
  }

  addComment(body: string, login = 'someone', issue?: number): FakeComment {
    const c: FakeComment = { id: this.nextId++, body, user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' }, issue }
    this.comments.push(c)
    return c
  }

  requests(method: string, pathPart: string): SeenRequest[] {
    return this.seen.filter((s) => s.method === method && s.path.includes(pathPart))
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => {
      this.server.closeAllConnections()
      this.server.close(() => r())
    })
  }

  private token(headers: IncomingHttpHeaders): string | undefined {
    const m = /^(?:token|Bearer) (.+)$/i.exec(headers.authorization ?? '')
    return m?.[1]
  }

  private handle(req: SeenRequest, res: ServerResponse): void {
    const url = new URL(req.path, this.url)
    const who = this.identities.get(this.token(req.headers) ?? '')
    if (url.pathname === '/user' && req.method === 'GET') {
      if (!who) return json(res, 401, { message: 'Bad credentials' })
      if (who.type === 'Bot') return json(res, 403, { message: 'Resource not accessible by integration' })
      return json(res, 200, { login: who.login, type: who.type, id: 1 })
    }
    if (url.pathname === '/graphql' && req.method === 'POST') {
      if (!who) return json(res, 401, { message: 'Bad credentials' })
      // GraphQL names a bot by its slug, without the [bot] of its REST login
      if (/viewer\s*\{\s*login/.test(req.body)) return json(res, 200, { data: { viewer: { login: who.login.replace(/\[bot\]$/, '') } } })
      return json(res, 200, { errors: [{ message: 'unsupported query' }] })
    }
    const repoBase = `/repos/${this.owner}/${this.repo}`
    if (!url.pathname.startsWith(repoBase + '/')) return json(res, 404, { message: 'Not Found' })
    const rest = url.pathname.slice(repoBase.length)
    const token = this.token(req.headers)

    const issueComments = /^\/issues\/(\d+)\/comments$/.exec(rest)
    const oneComment = /^\/issues\/comments\/(\d+)$/.exec(rest)
    if (issueComments || oneComment) {
      if (token !== this.commentToken && token !== this.secretsToken) return json(res, 401, { message: 'Bad credentials' })
      if (this.commentStatus) return json(res, this.commentStatus, { message: 'Resource not accessible by integration' })
      if (issueComments && req.method === 'GET') {
        const perPage = Number(url.searchParams.get('per_page') ?? '30')
        const page = Number(url.searchParams.get('page') ?? '1')
        const onIssue = this.comments.filter((c) => c.issue === undefined || c.issue === Number(issueComments[1]))
        const slice = onIssue.slice((page - 1) * perPage, page * perPage)
        const headers: Record<string, string> = {}
        if (page * perPage < onIssue.length) {
          const next = new URL(url)
          next.searchParams.set('page', String(page + 1))
          headers.link = `<${next.toString()}>; rel="next"`
        }
        return json(res, 200, slice, headers)
      }
      if (issueComments && req.method === 'POST') {
        const c = this.addComment((JSON.parse(req.body) as { body: string }).body, who?.login ?? 'github-actions[bot]', Number(issueComments[1]))
        return json(res, 201, { ...c, html_url: `https://github.com/${this.owner}/${this.repo}/pull/${issueComments[1]}#issuecomment-${c.id}` })
      }
      if (oneComment && req.method === 'PATCH') {
        const c = this.comments.find((x) => x.id === Number(oneComment[1]))
        if (!c) return json(res, 404, { message: 'Not Found' })
        // a token may edit only its own comments (a collaborator's may edit any; the workflow's may not)
        if (c.user.login !== who?.login) return json(res, 403, { message: 'Resource not accessible by integration' })
        c.body = (JSON.parse(req.body) as { body: string }).body
        return json(res, 200, { ...c, html_url: `https://github.com/${this.owner}/${this.repo}/pull/1#issuecomment-${c.id}` })
      }
      return json(res, 404, { message: 'Not Found' })
    }

    const envSecrets = /^\/environments\/([^/]+)\/secrets\/(.+)$/.exec(rest)
    if (envSecrets) {
      if (token !== this.secretsToken) return json(res, 403, { message: 'Resource not accessible by integration' })
      const environment = decodeURIComponent(envSecrets[1])
      if (!this.environments.has(environment)) return json(res, 404, { message: 'Not Found' })
      const name = envSecrets[2]
      if (req.method === 'GET' && name === 'public-key') {
        return json(res, 200, { key_id: this.envKeyId, key: sodium.to_base64(this.envKeypair.publicKey, sodium.base64_variants.ORIGINAL) })
      }
      if (req.method === 'PUT' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        const body = JSON.parse(req.body) as { encrypted_value?: string; key_id?: string }
        if (body.key_id !== this.envKeyId || typeof body.encrypted_value !== 'string') return json(res, 422, { message: 'key_id does not match' })
        const sealed = sodium.from_base64(body.encrypted_value, sodium.base64_variants.ORIGINAL)
        const value = sodium.to_string(sodium.crypto_box_seal_open(sealed, this.envKeypair.publicKey, this.envKeypair.privateKey))
        const key = `${environment}\u0000${name}`
        const existed = this.envSecrets.has(key)
        this.envSecrets.set(key, value)
        res.writeHead(existed ? 204 : 201)
        res.end(existed ? undefined : '{}')
        return
      }
      return json(res, 404, { message: 'Not Found' })
    }

    if (rest.startsWith('/actions/secrets/')) {
      if (token !== this.secretsToken) return json(res, 403, { message: 'Resource not accessible by integration' })
      const name = rest.slice('/actions/secrets/'.length)
      if (req.method === 'GET' && name === 'public-key') {
        return json(res, 200, { key_id: this.keyId, key: sodium.to_base64(this.keypair.publicKey, sodium.base64_variants.ORIGINAL) })
      }
      if (req.method === 'PUT' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        const body = JSON.parse(req.body) as { encrypted_value?: string; key_id?: string }
        if (body.key_id !== this.keyId || typeof body.encrypted_value !== 'string') return json(res, 422, { message: 'key_id does not match' })
        const sealed = sodium.from_base64(body.encrypted_value, sodium.base64_variants.ORIGINAL)
        const value = sodium.to_string(sodium.crypto_box_seal_open(sealed, this.keypair.publicKey, this.keypair.privateKey))
        const existed = this.secrets.has(name)
        this.secrets.set(name, value)
        res.writeHead(existed ? 204 : 201)
        res.end(existed ? undefined : '{}')
        return
      }
    }
    return json(res, 404, { message: 'Not Found' })
  }
}

