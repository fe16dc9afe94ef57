import { manifestYaml, secretEnvName } from '../helpers/workspace.js'
import { apply, CLIENT_KEY, CLIENT_SECRET, post, PUBLIC, remoteState, world, type World } from './apply-world.js'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { git, makeRepo, type Repo } from './harness.js'

/**
 * Runs of the Action that meet: two shards of a matrix on a repository's
 * first run (no state file yet), and a run queued while the run before it
 * was about to rotate an account's refresh token.
 */
describe('the Action when runs meet', () => {
  let w: World
  afterEach(async () => {
    await w?.emulator.close()
    await w?.github.close()
  })

  it('two shards (1/2, 2/2) started together on a repository with no state file: both exit 0, every pair published once, the pushed state holds every record', async () => {
    w = await world()
    // brand-us and brand-br hash to shard 2 of 2, brand-mx and brand-de to shard 1
    for (const name of ['brand-mx', 'brand-de']) {
      const t = w.emulator.addAccount({ username: name.replace('-', '_'), nickname: name.toUpperCase() })
      w.openIds[name] = t.open_id
      w.seeds[name] = t.refresh_token
    }
    const accounts = ['brand-us', 'brand-br', 'brand-mx', 'brand-de']
    const posts = ['a', 'b', 'c']
    const repo = await makeRepo({ 'tiktok.yml': manifestYaml({ accounts, defaults: PUBLIC, posts: posts.map((p) => post(p, accounts)).join('') }) })
    expect(repo.show('main', 'tiktok.state.json')).toBeUndefined()
    const secrets = JSON.stringify({
      TIKTOK_CLIENT_KEY: CLIENT_KEY,
      TIKTOK_CLIENT_SECRET: CLIENT_SECRET,
      ...Object.fromEntries(accounts.map((a) => [secretEnvName(a), w.seeds[a]]))
    })
    const runs = await Promise.all(['1/2', '2/2'].map((shard) => apply(w, repo, { inputs: { shard, secrets }, env: { TIKTOK_REFRESH_BRAND_BR: '' } })))
    for (const run of runs) {
      expect(run.stdout).not.toMatch(/belongs to another state|This is a bug/)
      if (run.code !== 0) console.log(run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask')).join('\n'))
      expect(run.code).toBe(0)
    }
    const published = runs.map((r) => (JSON.parse(r.outputs.published) as { account: string }[]).map((p) => p.account).sort())
    expect(published).toEqual([
      ['brand-de', 'brand-de', 'brand-de', 'brand-mx', 'brand-mx', 'brand-mx'],
      ['brand-br', 'brand-br', 'brand-br', 'brand-us', 'brand-us', 'brand-us']
    ])
    // each pair once at TikTok
    const complete = w.emulator.posts().filter((p) => p.status === 'PUBLISH_COMPLETE')
    expect(complete).toHaveLength(posts.length * accounts.length)
    expect(w.emulator.ledger.filter((l) => l.kind === 'init' && l.code === 'ok')).toHaveLength(posts.length * accounts.length)
    // one state on the remote, holding every record with the publish_id TikTok completed
    const state = remoteState(repo)
    const completedIds = new Set(complete.map((p) => p.publish_id))
    for (const p of posts) {
      for (const a of accounts) {
        expect(state.posts[p][a].status).toBe('published')
        expect(completedIds.has(state.posts[p][a].publish_id!)).toBe(true)
      }
    }
    // the shard whose first push met the other's first state joined it
    expect(runs.map((r) => r.stdout).join('\n')).toMatch(/was created on main by another run after this run started with none/)
    expect(git(repo.bare, 'log', '--format=%B', 'main')).toContain('Merged record by record')
  })

  describe('a run queued before the run ahead of it rotated the refresh token', () => {
    const ENV = 'tiktok-publish'
    const SECRET = secretEnvName('brand-us')

    /**
     * Run 1 checks out post a; meanwhile a push adds post b and queues run 2.
     * GitHub hands both runs the repository secrets as they were when each
     * was queued: the seed refresh token. Run 1 then rotates it.
     */
    async function twoQueuedRuns(inputs: Record<string, string>): Promise<{ repo: Repo; queued: Record<string, string> }> {
      const repo = await makeRepo({ 'tiktok.yml': manifestYaml({ accounts: ['brand-us'], defaults: PUBLIC, posts: post('a', ['brand-us']) }) })
      const queued = { TIKTOK_CLIENT_KEY: CLIENT_KEY, TIKTOK_CLIENT_SECRET: CLIENT_SECRET, [SECRET]: w.seeds['brand-us'] }
      const ws1 = repo.clone('run-1')
      await writeFile(path.join(repo.seed, 'tiktok.yml'), manifestYaml({ accounts: ['brand-us'], defaults: PUBLIC, posts: post('a', ['brand-us']) + post('b', ['brand-us']) }))
      git(repo.seed, 'commit', '-qam', 'add post b')
      git(repo.seed, 'push', '-q', 'origin', 'main')
      // run 1 starts: an environment's secrets are read now, and there are none yet
      const first = await apply(w, repo, { workspace: ws1, inputs: { ...inputs, secrets: JSON.stringify({ ...queued, ...w.github.secretsFor(inputs['secrets-environment']) }) } })
      expect(first.code).toBe(0)
      expect(w.emulator.currentRefreshToken(w.openIds['brand-us'])).not.toBe(w.seeds['brand-us'])
      return { repo, queued }
    }
    const refused = () => w.emulator.ledger.filter((l) => l.kind === 'refresh' && l.code !== 'ok')

    it('with secrets-environment: the rotated token goes to the environment, which the queued run reads when it starts: no rotated-away token presented, post b published', async () => {
      w = await world()
      w.github.environments.add(ENV)
      const { repo, queued } = await twoQueuedRuns({ 'secrets-environment': ENV })
      const live = w.emulator.currentRefreshToken(w.openIds['brand-us'])
      expect(w.github.environmentSecret(ENV, SECRET)).toBe(live)
      expect(w.github.secret(SECRET)).toBeUndefined()
      // run 2 starts: repository secrets as queued, the environment's as they are now
      const second = await apply(w, repo, { inputs: { 'secrets-environment': ENV, secrets: JSON.stringify({ ...queued, ...w.github.secretsFor(ENV) }) } })
      expect(second.code).toBe(0)
      expect(refused()).toEqual([])
      expect(w.github.environmentSecret(ENV, SECRET)).toBe(w.emulator.currentRefreshToken(w.openIds['brand-us']))
      const state = remoteState(repo)
      expect(state.posts.a['brand-us'].status).toBe('published')
      expect(state.posts.b['brand-us'].status).toBe('published')
      expect(w.emulator.ledger.filter((l) => l.kind === 'init' && l.code === 'ok')).toHaveLength(2)
    })

    it('with repository secrets: the queued run says plainly that it most likely holds a token rotated after it was queued, and a new run publishes', async () => {
      w = await world()
      const { repo, queued } = await twoQueuedRuns({})
      const live = w.emulator.currentRefreshToken(w.openIds['brand-us'])!
      expect(w.github.secret(SECRET)).toBe(live)
      const second = await apply(w, repo, { inputs: { secrets: JSON.stringify(queued) } })
      expect(second.code).toBe(1)
      const said = second.stdout.replace(/%0A/g, '\n')
      expect(said).toMatch(/TikTok refused the refresh token of account brand-us \(invalid_grant\): most likely another run rotated it after this run was queued: GitHub hands a run the repository secret TIKTOK_REFRESH_BRAND_US as it was when the run was QUEUED, so this run holds the old token and the account itself is fine/)
      expect(said).toMatch(/run the apply job in an environment and set `secrets-environment`/)
      expect(said).not.toContain('This is a bug')
      expect(second.summary).toMatch(/invalid\\?_grant\): most likely another run rotated it after this run was queued/)
      // the hazard this mode keeps: one rotated-away token presented, and nothing else sent
      expect(refused()).toHaveLength(1)
      expect(w.emulator.ledger.filter((l) => l.kind === 'init')).toHaveLength(1)
      // the secret still holds the live token: a run queued now publishes b
      const third = await apply(w, repo, { inputs: { secrets: JSON.stringify({ ...queued, ...w.github.secretsFor() }) } })
      expect(third.code).toBe(0)
      expect(remoteState(repo).posts.b['brand-us'].status).toBe('published')
      expect(w.emulator.ledger.filter((l) => l.kind === 'init' && l.code === 'ok')).toHaveLength(2)
    })
  })
})
