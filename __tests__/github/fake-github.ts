import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import sodium from 'libsodium-wrappers'

export type TokenKind =
  /** fine-grained token or App token with Secrets: read and write */
  | { kind: 'write' }
  /** fine-grained token with Secrets: read-only: reads the key, writes are refused */
  | { kind: 'read' }
  /** GITHUB_TOKEN or a token without secrets access */
  | { kind: 'none' }
  /** classic token: GitHub sends X-OAuth-Scopes */
  | { kind: 'classic'; scopes: string[] }

export interface SeenRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: string
}

/**
 * A local stand-in for GitHub's repository-secrets endpoints. It holds a real
 * libsodium keypair and opens every sealed box it receives, so a test that
 * reads `secret(name)` proves the client sealed the exact value it was given.
 */
export class FakeGitHub {
  url = ''
  readonly seen: SeenRequest[] = []
  readonly tokens = new Map<string, TokenKind>()
  /** statuses (or 'drop' for a cut connection) answered to the next PUTs, before normal handling */
  readonly putFaults: Array<number | 'drop'> = []
  readonly getFaults: Array<number | 'drop'> = []
  private readonly secrets = new Map<string, { value: string; keyId: string }>()
  private keypair!: { publicKey: Uint8Array; privateKey: Uint8Array }
  keyId = ''
  /** the repository's environments; each has its own key, as at GitHub */
  readonly environments = new Set<string>()
  private envKeypair!: { publicKey: Uint8Array; privateKey: Uint8Array }
  readonly envKeyId = '6620001'
  private readonly envSecrets = new Map<string, { value: string; keyId: string }>()
  private keySeq = 0
  private server!: Server

  constructor(
    readonly owner = 'acme',
    readonly repo = 'videos',
    /** path prefix, as GitHub Enterprise Server's /api/v3 */
    readonly prefix = ''
  ) {}

  static async start(owner?: string, repo?: string, prefix?: string): Promise<FakeGitHub> {
    await sodium.ready
    const f = new FakeGitHub(owner, repo, prefix)
    f.rotateKey()
    f.envKeypair = sodium.crypto_box_keypair()
    const listening = await listenRecording(f.seen, (seen, res) => f.handle(seen, res))
    f.server = listening.server
    f.url = `${listening.url}${prefix ?? ''}`
    return f
  }

  /** GitHub may rotate a repository's key; old key_ids are refused afterwards. */
  rotateKey(): void {
    this.keypair = sodium.crypto_box_keypair()
    this.keyId = `5682432${++this.keySeq}`
  }

  get publicKeyBase64(): string {
    return sodium.to_base64(this.keypair.publicKey, sodium.base64_variants.ORIGINAL)
  }

  /** the plaintext of a stored secret (only the fake can know it: it holds the private key) */
  secret(name: string): string | undefined {
    return this.secrets.get(name)?.value
  }

  /** the plaintext of an environment's secret */
  environmentSecret(environment: string, name: string): string | undefined {
    return this.envSecrets.get(`${environment}\u0000${name}`)?.value
  }

  /** what GitHub would do with the hand-off command: open the sealed value with the private key */
  open(encryptedValue: string, keypair = this.keypair): string {
    const box = sodium.from_base64(encryptedValue, sodium.base64_variants.ORIGINAL)
    return sodium.to_string(sodium.crypto_box_seal_open(box, keypair.publicKey, keypair.privateKey))
  }

  puts(): SeenRequest[] {
    return this.seen.filter((s) => s.method === 'PUT')
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => {
      this.server.closeAllConnections()
      this.server.close(() => r())
    })
  }

  private handle(req: SeenRequest, res: ServerResponse): void {
    const faults = req.method === 'PUT' ? this.putFaults : this.getFaults
    const fault = faults.shift()
    if (fault === 'drop') {
      res.socket?.destroy()
      return
    }
    if (fault !== undefined) return json(res, fault, { message: 'Server Error' })

    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')
    const kind = auth ? this.tokens.get(auth[1]!) : undefined
    if (!kind) return json(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' })
    const scopes: Record<string, string> = kind.kind === 'classic' ? { 'x-oauth-scopes': kind.scopes.join(', ') } : {}

    const base = `${this.prefix}/repos/${this.owner}/${this.repo}/actions/secrets/`
    const envPath = new RegExp(`^${this.prefix}/repos/${this.owner}/${this.repo}/environments/([^/]+)/secrets/(.+)$`).exec(req.path)
    if (!req.path.startsWith(base) && !envPath) return json(res, 404, { message: 'Not Found' }, scopes)
    const environment = envPath ? decodeURIComponent(envPath[1]!) : undefined
    if (environment !== undefined && !this.environments.has(environment)) return json(res, 404, { message: 'Not Found' }, scopes)
    const rest = envPath ? envPath[2]! : req.path.slice(base.length)
    const keypair = environment === undefined ? this.keypair : this.envKeypair
    const keyId = environment === undefined ? this.keyId : this.envKeyId
    const store = environment === undefined ? this.secrets : this.envSecrets
    const key = (name: string) => (environment === undefined ? name : `${environment}\u0000${name}`)
    const canRead = kind.kind === 'write' || kind.kind === 'read' || (kind.kind === 'classic' && kind.scopes.includes('repo'))
    const canWrite = kind.kind === 'write' || (kind.kind === 'classic' && kind.scopes.includes('repo'))

    if (req.method === 'GET' && rest === 'public-key') {
      if (!canRead) return json(res, 403, { message: 'Resource not accessible by integration' }, scopes)
      return json(res, 200, { key_id: keyId, key: sodium.to_base64(keypair.publicKey, sodium.base64_variants.ORIGINAL) }, scopes)
    }
    if (req.method === 'PUT' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(rest)) {
      if (!canWrite) return json(res, 403, { message: 'Resource not accessible by personal access token' }, scopes)
      const body = JSON.parse(req.body) as { encrypted_value?: string; key_id?: string }
      if (body.key_id !== keyId || typeof body.encrypted_value !== 'string') return json(res, 422, { message: 'Bad request: key_id does not match' })
      let value: string
      try {
        value = this.open(body.encrypted_value, keypair)
      } catch {
        return json(res, 422, { message: 'Bad request: encrypted_value cannot be decrypted' })
      }
      const existed = store.has(key(rest))
      store.set(key(rest), { value, keyId: body.key_id })
      res.writeHead(existed ? 204 : 201)
      res.end(existed ? undefined : '{}')
      return
    }
    return json(res, 404, { message: 'Not Found' })
  }
}

/**
 * A server on 127.0.0.1 that records every request (with its whole body) in
 * `seen` before `handle` answers it; a handler that throws answers 500.
 * Shared by the fakes of GitHub the tests use.
 */
export async function listenRecording(seen: SeenRequest[], handle: (request: SeenRequest, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const parts: Buffer[] = []
    req.on('data', (b: Buffer) => parts.push(b))
    req.on('end', () => {
      const request: SeenRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(parts).toString('utf8') }
      seen.push(request)
      try {
        handle(request, res)
      } catch (e) {
        json(res, 500, { message: String(e) })
      }
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}
