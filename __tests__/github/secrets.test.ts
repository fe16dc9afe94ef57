import { execFileSync } from 'node:child_process'
import sodium from 'libsodium-wrappers'
import { UserError } from '../../src/errors.js'
import { checkSecretsWritable, getRepoPublicKey, handOffCommand, putRepoSecret, sealSecret, SecretWriteError } from '../../src/github/secrets.js'
import { FakeClock, freePort, LeakWatch, rejection } from '../tiktok/helpers.js'
import { FakeGitHub } from './fake-github.js'

const watch = new LeakWatch()
const WRITE = watch.secret('github_pat_11WRITE0000000000000000000000')
const READ = watch.secret('github_pat_11READONLY00000000000000000000')
const NONE = watch.secret('ghs_workflowGITHUBTOKEN000000000000000')
const CLASSIC = watch.secret('ghp_classicNoRepoScope00000000000000000')
const CLASSIC_REPO = watch.secret('ghp_classicRepoScope000000000000000000')
let gh: FakeGitHub
let clock: FakeClock

beforeEach(async () => {
  gh = await FakeGitHub.start()
  gh.tokens.set(WRITE, { kind: 'write' })
  gh.tokens.set(READ, { kind: 'read' })
  gh.tokens.set(NONE, { kind: 'none' })
  gh.tokens.set(CLASSIC, { kind: 'classic', scopes: ['workflow', 'read:org'] })
  gh.tokens.set(CLASSIC_REPO, { kind: 'classic', scopes: ['repo', 'workflow'] })
  clock = new FakeClock()
})
afterEach(async () => {
  await gh.close()
})
afterAll(() => {
  expect(watch.count).toBeGreaterThan(5)
  expect(watch.leaks()).toEqual([])
})

const target = (token: string) => ({ apiUrl: gh.url, token, owner: 'acme', repo: 'videos', clock })

describe('sealSecret', () => {
  it('makes a sealed box only the keypair holder opens, in original base64, different every time', async () => {
    await sodium.ready
    const kp = sodium.crypto_box_keypair()
    const pk = sodium.to_base64(kp.publicKey, sodium.base64_variants.ORIGINAL)
    const value = watch.secret('rft.sealed-value-0000000000001')
    const a = await sealSecret(value, pk)
    const b = await sealSecret(value, pk)
    expect(a).toMatch(/^[A-Za-z0-9+/]+={0,2}$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain(value)
    const opened = sodium.crypto_box_seal_open(sodium.from_base64(a, sodium.base64_variants.ORIGINAL), kp.publicKey, kp.privateKey)
    expect(sodium.to_string(opened)).toBe(value)
    const other = sodium.crypto_box_keypair()
    expect(() => sodium.crypto_box_seal_open(sodium.from_base64(a, sodium.base64_variants.ORIGINAL), other.publicKey, other.privateKey)).toThrow()
  })
})

describe('putRepoSecret', () => {
  it('seals and writes the value; GitHub opens exactly what was sent (201 new, 204 update)', async () => {
    const v1 = watch.secret('rft.first-value-00000000000001')
    const v2 = watch.secret('rft.second-value-0000000000002')
    const first = await putRepoSecret({ ...target(WRITE), name: 'TIKTOK_REFRESH_BRAND_US', value: v1 })
    expect(first.created).toBe(true)
    expect(gh.secret('TIKTOK_REFRESH_BRAND_US')).toBe(v1)
    const second = await putRepoSecret({ ...target(WRITE), name: 'TIKTOK_REFRESH_BRAND_US', value: v2, publicKey: first.publicKey })
    expect(second.created).toBe(false)
    expect(gh.secret('TIKTOK_REFRESH_BRAND_US')).toBe(v2)

    // The known key spares the second GET.
    expect(gh.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'GET /repos/acme/videos/actions/secrets/public-key',
      'PUT /repos/acme/videos/actions/secrets/TIKTOK_REFRESH_BRAND_US',
      'PUT /repos/acme/videos/actions/secrets/TIKTOK_REFRESH_BRAND_US'
    ])
    for (const s of gh.seen) {
      expect(s.headers.authorization).toBe(`Bearer ${WRITE}`)
      expect(s.headers.accept).toBe('application/vnd.github+json')
      expect(s.headers['x-github-api-version']).toBe('2022-11-28')
      expect(s.headers['user-agent']).toBe('tiktok-publish')
    }
    for (const p of gh.puts()) {
      expect(p.body).not.toContain(v1)
      expect(p.body).not.toContain(v2)
      expect(Object.keys(JSON.parse(p.body)).sort()).toEqual(['encrypted_value', 'key_id'])
    }
  })

  it('works under a GitHub Enterprise Server API path', async () => {
    const ghes = await FakeGitHub.start('acme', 'videos', '/api/v3')
    ghes.tokens.set(WRITE, { kind: 'write' })
    try {
      const value = watch.secret('rft.ghes-value-00000000000001')
      await putRepoSecret({ apiUrl: ghes.url + '/', token: WRITE, owner: 'acme', repo: 'videos', name: 'TOK', value, clock })
      expect(ghes.secret('TOK')).toBe(value)
      expect(ghes.seen[0]!.path).toBe('/api/v3/repos/acme/videos/actions/secrets/public-key')
    } finally {
      await ghes.close()
    }
  })

  it('retries 5xx and a cut connection with back-off, then succeeds', async () => {
    const value = watch.secret('rft.retry-value-0000000000001')
    gh.getFaults.push(503)
    gh.putFaults.push(502, 'drop')
    await putRepoSecret({ ...target(WRITE), name: 'TOK', value })
    expect(gh.secret('TOK')).toBe(value)
    expect(gh.puts()).toHaveLength(3)
    expect(clock.sleeps).toEqual([1000, 1000, 2000])
  })

  it('seals again with a new key when GitHub rotated the repository key (422)', async () => {
    const value = watch.secret('rft.rotated-key-value-000000001')
    const stale = await getRepoPublicKey(target(WRITE))
    gh.rotateKey()
    await putRepoSecret({ ...target(WRITE), name: 'TOK', value, publicKey: stale })
    expect(gh.secret('TOK')).toBe(value)
    const last = JSON.parse(gh.puts().at(-1)!.body)
    expect(last.key_id).toBe(gh.keyId)
    expect(last.key_id).not.toBe(stale.key_id)
  })

  it('403: names the permission that is missing, and still hands off the sealed value', async () => {
    const value = watch.secret('rft.denied-value-000000000001')
    const err = await rejection(putRepoSecret({ ...target(READ), name: 'TIKTOK_REFRESH_BRAND_US', value }), watch)
    expect(err).toBeInstanceOf(SecretWriteError)
    expect(err.message).toContain('the secrets-token cannot write secrets of acme/videos: it needs the `secrets: write` permission (fine-grained token) or `repo` scope (classic); GITHUB_TOKEN cannot write secrets')
    expect(err.fix).toContain('Secrets → Read and write')
    // Permission refusals are not transient: one try.
    expect(gh.puts()).toHaveLength(1)
    expect(gh.open(err.handOff.encryptedValue)).toBe(value)
  })

  it('401: says the token itself is bad', async () => {
    const bogus = watch.secret('ghp_doesNotExist00000000000000000000')
    const err = await rejection(putRepoSecret({ ...target(bogus), name: 'TOK', value: watch.secret('rft.unused-value-00000000001') }), watch)
    expect(err).toBeInstanceOf(UserError)
    expect(err.message).toMatch(/refused the secrets-token .*401 Bad credentials.*wrong, expired or revoked/)
    expect(gh.seen).toHaveLength(1)
  })

  it('persistent failure: the hand-off names secret, key_id, sealed value and a gh command that completes the write', async () => {
    const value = watch.secret('rft.stranded-value-00000000001')
    gh.putFaults.push(500, 502, 503)
    const err = await rejection(putRepoSecret({ ...target(WRITE), name: 'TIKTOK_REFRESH_BRAND_BR', value }), watch)
    expect(err).toBeInstanceOf(SecretWriteError)
    expect(gh.puts()).toHaveLength(3)
    expect(gh.secret('TIKTOK_REFRESH_BRAND_BR')).toBeUndefined()
    const { keyId, encryptedValue, command } = err.handOff
    expect(err.message).toContain('HTTP 503')
    expect(err.message).toContain('secret: TIKTOK_REFRESH_BRAND_BR')
    expect(err.message).toContain(`key_id: ${gh.keyId}`)
    expect(err.message).toContain(`encrypted_value: ${encryptedValue}`)
    expect(err.message).toContain(command)
    const host = new URL(gh.url).host
    expect(command).toBe(`gh api --hostname ${host} -X PUT repos/acme/videos/actions/secrets/TIKTOK_REFRESH_BRAND_BR -f encrypted_value='${encryptedValue}' -f key_id='${keyId}'`)
    expect(err.message).not.toContain(value)
    expect(err.message).not.toContain(WRITE)
    expect(err.format()).not.toContain(value)

    // Running the printed command's arguments against GitHub finishes the write.
    const args = splitShell(command)
    expect(args.slice(0, 7)).toEqual(['gh', 'api', '--hostname', host, '-X', 'PUT', 'repos/acme/videos/actions/secrets/TIKTOK_REFRESH_BRAND_BR'])
    const fields = Object.fromEntries(
      args
        .slice(7)
        .filter((_, i) => i % 2 === 1)
        .map((f) => [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)])
    )
    expect(gh.open(fields.encrypted_value)).toBe(value)
    expect(fields.key_id).toBe(gh.keyId)
  })

  it('network failure on every attempt ends in the hand-off too', async () => {
    const value = watch.secret('rft.network-value-0000000001')
    gh.putFaults.push('drop', 'drop', 'drop')
    const err = await rejection(putRepoSecret({ ...target(WRITE), name: 'TOK', value }), watch)
    expect(err).toBeInstanceOf(SecretWriteError)
    expect(err.message).toMatch(/GitHub did not answer \(\w+\)/)
    expect(gh.open(err.handOff.encryptedValue)).toBe(value)
  })

  it('refuses a name GitHub would refuse, before any call', async () => {
    const err = await rejection(putRepoSecret({ ...target(WRITE), name: 'GITHUB_TOKEN', value: watch.secret('rft.x-value-0000000000000001') }), watch)
    expect(err).toBeInstanceOf(UserError)
    expect(gh.seen).toHaveLength(0)
  })
})

describe('environment secrets', () => {
  it('writes to the environment with the environment\'s key, leaving the repository secret alone; the hand-off targets the environment', async () => {
    gh.environments.add('tiktok publish')
    const env = { ...target(WRITE), environment: 'tiktok publish' }
    const key = await checkSecretsWritable(env)
    expect(key.key_id).toBe(gh.envKeyId)
    const value = watch.secret('rft.environment-value-000000001')
    const put = await putRepoSecret({ ...env, name: 'TIKTOK_REFRESH_BRAND_US', value, publicKey: key })
    expect(put.created).toBe(true)
    expect(gh.environmentSecret('tiktok publish', 'TIKTOK_REFRESH_BRAND_US')).toBe(value)
    expect(gh.secret('TIKTOK_REFRESH_BRAND_US')).toBeUndefined()
    expect(gh.puts().map((r) => r.path)).toEqual(['/repos/acme/videos/environments/tiktok%20publish/secrets/TIKTOK_REFRESH_BRAND_US'])

    gh.putFaults.push(503, 503, 503)
    const stranded = watch.secret('rft.environment-value-000000002')
    const err = await rejection(putRepoSecret({ ...env, name: 'TIKTOK_REFRESH_BRAND_US', value: stranded }), watch)
    expect(err).toBeInstanceOf(SecretWriteError)
    expect(err.message).toContain('writing the secret TIKTOK_REFRESH_BRAND_US of environment tiktok publish')
    expect(err.message).toContain('environment: tiktok publish')
    expect(err.handOff.command).toContain('-X PUT repos/acme/videos/environments/tiktok%20publish/secrets/TIKTOK_REFRESH_BRAND_US ')
  })

  it('an environment that does not exist: 404 names it and how to create it', async () => {
    const err = await rejection(checkSecretsWritable({ ...target(WRITE), environment: 'missing' }), watch)
    expect(err).toBeInstanceOf(UserError)
    expect(err.message).toContain('the environment missing does not exist in acme/videos')
    expect(err.fix).toMatch(/Settings → Environments.*Environments: read and write/)
  })
})

describe('handOffCommand', () => {
  it('targets github.com without --hostname, and a GitHub Enterprise Server with it', () => {
    const parts = { owner: 'acme', repo: 'videos', name: 'TOK', keyId: '123', encryptedValue: 'c2VhbGVk+/==' }
    expect(handOffCommand(parts)).toBe("gh api -X PUT repos/acme/videos/actions/secrets/TOK -f encrypted_value='c2VhbGVk+/==' -f key_id='123'")
    expect(handOffCommand({ ...parts, apiUrl: 'https://api.github.com' })).toBe(handOffCommand(parts))
    expect(handOffCommand({ ...parts, apiUrl: 'https://ghe.example.com/api/v3' })).toContain('gh api --hostname ghe.example.com -X PUT')
  })
})

describe('checkSecretsWritable', () => {
  it('passes a token with secrets access and returns the key', async () => {
    expect(await checkSecretsWritable(target(WRITE))).toEqual({ key_id: gh.keyId, key: gh.publicKeyBase64 })
    expect(await checkSecretsWritable(target(CLASSIC_REPO))).toEqual({ key_id: gh.keyId, key: gh.publicKeyBase64 })
  })

  it('refuses the workflow GITHUB_TOKEN (403) with the fix spelled out', async () => {
    const err = await rejection(checkSecretsWritable(target(NONE)), watch)
    expect(err).toBeInstanceOf(UserError)
    expect(err.message).toContain('cannot write secrets of acme/videos')
    expect(err.message).toContain('GITHUB_TOKEN cannot write secrets')
    expect(err.fix).toContain('Read and write')
  })

  it('refuses a classic token without the repo scope, naming the scopes it has', async () => {
    const err = await rejection(checkSecretsWritable(target(CLASSIC)), watch)
    expect(err).toBeInstanceOf(UserError)
    expect(err.message).toContain('it needs the `secrets: write` permission')
    expect(err.message).toContain('(it is a classic token with scopes: workflow, read:org)')
  })

  it('401 and an unreachable GitHub are reported, not thrown as bugs', async () => {
    const bad = await rejection(checkSecretsWritable(target(watch.secret('ghp_expired000000000000000000000000'))), watch)
    expect(bad).toBeInstanceOf(UserError)
    expect(bad.message).toContain('401')
    const port = await freePort()
    const down = await rejection(checkSecretsWritable({ ...target(WRITE), apiUrl: `http://127.0.0.1:${port}` }), watch)
    expect(down).toBeInstanceOf(UserError)
    expect(down.message).toMatch(/did not answer \(ECONNREFUSED\).*no TikTok token was refreshed/)
    expect(clock.sleeps).toEqual([1000, 2000])
  })
})

/** POSIX-shell word splitting of the printed command, by the shell itself. */
function splitShell(command: string): string[] {
  const out = execFileSync('sh', ['-c', `for a in ${command}; do printf '%s\\0' "$a"; done`])
  return out.toString('utf8').split('\0').filter(Boolean)
}
