import { manifestYaml, secretEnvName } from '../helpers/workspace.js'
import { apply, CLIENT_KEY, CLIENT_SECRET, post, PUBLIC, remoteState, world, type World } from './apply-world.js'
import { git, makeRepo } from './harness.js'

/**
 * Runs of the Action that meet: two shards of a matrix on a repository's
 * first run (no state file yet).
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
})
