import { execFileSync } from 'node:child_process'
import { readFile, writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { parse } from 'yaml'
import { loadManifest } from '../../src/manifest/index.js'
import { REPOSITORY } from '../../src/project.js'
import { runCli, tempDir } from './helpers.js'

const USES = `${REPOSITORY}@v1`

interface Step {
  uses?: string
  id?: string
  if?: string
  with?: Record<string, unknown>
  env?: Record<string, string>
  run?: string
}
interface Workflow {
  on: Record<string, unknown>
  permissions: Record<string, string>
  concurrency: { group: string; 'cancel-in-progress': boolean }
  jobs: Record<string, { if: string; environment?: string; permissions: Record<string, string>; 'timeout-minutes': number; steps: Step[] }>
}

describe('tiktok-publish init', () => {
  it('writes a manifest that loads and a workflow with the three triggers, fork-safe plan, least permissions', async () => {
    const dir = await tempDir('init')
    execFileSync('git', ['init', '-q', '-b', 'main', dir])
    const run = runCli(['init', '--account', 'brand-us'], {}, dir)
    expect(await run.exit).toBe(0)

    const manifestText = await readFile(path.join(dir, 'tiktok.yml'), 'utf8')
    expect(manifestText.split('\n')[0]).toBe(`# yaml-language-server: $schema=https://raw.githubusercontent.com/${REPOSITORY}/v1/schema/tiktok.schema.json`)
    const manifest = await loadManifest(path.join(dir, 'tiktok.yml'))
    expect(manifest.apps.main!.audited).toBe(false)
    expect(manifest.accounts['brand-us']!.refreshTokenSecret).toBe('TIKTOK_REFRESH_BRAND_US')
    // no pacing in the starter, so the first post goes out on the first apply; the example stays as comments
    expect(manifest.accounts['brand-us']!.limits ?? {}).toEqual({})
    expect(manifestText).toMatch(/^ {4}# {3}min_gap: 2h/m)
    expect(manifestText).toMatch(/^ {4}# {3}window: "09:00-21:00"/m)
    expect(manifest.posts).toHaveLength(1)
    expect(manifest.posts[0]!.targets).toEqual([expect.objectContaining({ account: 'brand-us', mode: 'direct', privacy: 'SELF_ONLY' })])
    expect(manifest.posts[0]!.targets[0]!.allow).toEqual({ comments: false, duet: false, stitch: false })

    const wf = parse(await readFile(path.join(dir, '.github/workflows/tiktok-publish.yml'), 'utf8')) as Workflow
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch'])
    expect(wf.on.push).toEqual({ branches: ['main'] })
    expect(wf.on.schedule).toEqual([{ cron: '*/15 * * * *' }])
    expect(wf.permissions).toEqual({})
    expect(wf.concurrency).toEqual({ group: 'tiktok-publish-${{ github.ref }}', 'cancel-in-progress': false })

    const action = (job: string) => wf.jobs[job]!.steps.find((s) => s.uses === USES)!
    expect(wf.jobs.plan!.if).toBe("github.event_name == 'pull_request'")
    expect(wf.jobs.plan!.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' })
    expect(action('plan').with).toEqual({ command: 'plan' })
    // nothing in the pull-request job may reach a secret
    expect(JSON.stringify(wf.jobs.plan)).not.toContain('secrets')
    expect(wf.jobs.apply!.if).toContain("github.event_name != 'pull_request'")
    // only the default branch publishes: a dispatch on another branch skips the job
    expect(wf.jobs.apply!.if).toContain("github.ref == 'refs/heads/main'")
    expect(wf.jobs.apply!.permissions).toEqual({ contents: 'write' })
    for (const job of ['plan', 'apply']) expect(wf.jobs[job]!['timeout-minutes']).toBeGreaterThan(0)
    // environment secrets are read when the job starts: a queued run gets the rotated token
    expect(wf.jobs.apply!.environment).toBe('tiktok-publish')
    expect(action('apply').with).toEqual({ command: 'apply', 'secrets-token': '${{ secrets.TIKTOK_PUBLISH_SECRETS_TOKEN }}', 'secrets-environment': 'tiktok-publish' })
    // only the secrets the manifest names, never every repository secret
    expect(action('apply').env).toEqual({
      TIKTOK_CLIENT_KEY: '${{ secrets.TIKTOK_CLIENT_KEY }}',
      TIKTOK_CLIENT_SECRET: '${{ secrets.TIKTOK_CLIENT_SECRET }}',
      TIKTOK_REFRESH_BRAND_US: '${{ secrets.TIKTOK_REFRESH_BRAND_US }}'
    })
    expect(JSON.stringify(wf)).not.toContain('toJSON(secrets)')

    const out = run.out()
    for (const name of ['TIKTOK_CLIENT_KEY', 'TIKTOK_CLIENT_SECRET', 'TIKTOK_REFRESH_BRAND_US', 'TIKTOK_PUBLISH_SECRETS_TOKEN']) expect(out).toContain(name)
    expect(out).toContain(`npx github:${REPOSITORY}#v1 auth --account brand-us --github-secret TIKTOK_REFRESH_BRAND_US`)
    // the next three steps, numbered
    expect(out.match(/^ {2}\d\. /gm)).toEqual(['  1. ', '  2. ', '  3. '])
  })

  it("names the repository's own default branch: a fresh repository on master gets master", async () => {
    const dir = await tempDir('init')
    execFileSync('git', ['init', '-q', '-b', 'master', dir])
    const run = runCli(['init'], {}, dir)
    expect(await run.exit).toBe(0)
    const wf = parse(await readFile(path.join(dir, '.github/workflows/tiktok-publish.yml'), 'utf8')) as Workflow
    expect(wf.on.push).toEqual({ branches: ['master'] })
    expect(run.out()).toContain('publishes on pushes to master')
  })

  it("prefers origin's default branch over the branch checked out", async () => {
    const dir = await tempDir('init')
    const bare = path.join(dir, 'remote.git')
    execFileSync('git', ['init', '-q', '--bare', '-b', 'trunk', bare])
    const seed = path.join(dir, 'seed')
    execFileSync('git', ['init', '-q', '-b', 'trunk', seed])
    execFileSync('git', ['-C', seed, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'one'])
    execFileSync('git', ['-C', seed, 'push', '-q', bare, 'trunk'])
    const clone = path.join(dir, 'clone')
    execFileSync('git', ['clone', '-q', bare, clone])
    execFileSync('git', ['-C', clone, 'checkout', '-q', '-b', 'feature'])
    expect(await runCli(['init'], {}, clone).exit).toBe(0)
    const wf = parse(await readFile(path.join(clone, '.github/workflows/tiktok-publish.yml'), 'utf8')) as Workflow
    expect(wf.on.push).toEqual({ branches: ['trunk'] })
  })

  it('--state-branch keeps the state off a protected default branch', async () => {
    const dir = await tempDir('init')
    execFileSync('git', ['init', '-q', '-b', 'main', dir])
    expect(await runCli(['init', '--state-branch', 'tiktok-state'], {}, dir).exit).toBe(0)
    const wf = parse(await readFile(path.join(dir, '.github/workflows/tiktok-publish.yml'), 'utf8')) as Workflow
    expect(wf.jobs.apply!.steps.find((s) => s.uses === USES)!.with).toMatchObject({ command: 'apply', 'state-branch': 'tiktok-state' })
    const same = runCli(['init', '--force', '--state-branch', 'main'], {}, dir)
    expect(await same.exit).toBe(2)
    expect(same.err()).toContain('--state-branch main is the branch that publishes')
  })

  it('--fork-comments hands a fork\'s plan comment to a workflow_run workflow that never runs the fork\'s code', async () => {
    const dir = await tempDir('init')
    execFileSync('git', ['init', '-q', '-b', 'main', dir])
    const run = runCli(['init', '--fork-comments'], {}, dir)
    expect(await run.exit).toBe(0)
    expect(run.out()).toContain('wrote .github/workflows/tiktok-publish-comment.yml')
    const wf = parse(await readFile(path.join(dir, '.github/workflows/tiktok-publish.yml'), 'utf8')) as Workflow
    const plan = wf.jobs.plan!
    expect(plan.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' })
    const upload = plan.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!
    expect(upload.if).toContain('github.event.pull_request.head.repo.full_name != github.repository')
    expect(upload.with).toMatchObject({ name: 'tiktok-publish-plan-comment' })
    // the comment reaches the shell through env, never pasted into the script
    const write = plan.steps.find((s) => s.run?.includes('comment.md'))!
    expect(write.env).toEqual({ COMMENT: '${{ steps.plan.outputs.comment }}', PR_NUMBER: '${{ github.event.pull_request.number }}' })
    expect(write.run).not.toContain('${{')

    const companion = parse(await readFile(path.join(dir, '.github/workflows/tiktok-publish-comment.yml'), 'utf8')) as Workflow & {
      on: { workflow_run: { workflows: string[]; types: string[] } }
    }
    expect(companion.on).toEqual({ workflow_run: { workflows: ['tiktok-publish'], types: ['completed'] } })
    const job = companion.jobs.comment!
    expect(job.permissions).toEqual({ actions: 'read', 'pull-requests': 'write' })
    expect(JSON.stringify(companion)).not.toContain('actions/checkout')
    expect(JSON.stringify(companion)).not.toMatch(/secrets\./)
    const post = job.steps.find((s) => s.run)!
    expect(post.run).toContain('.head.sha')
    expect(post.run).not.toContain('${{')
  })

  it('refuses to overwrite without --force, writing nothing; overwrites with it', async () => {
    const dir = await tempDir('init')
    await mkdir(path.join(dir, '.github/workflows'), { recursive: true })
    await writeFile(path.join(dir, '.github/workflows/tiktok-publish.yml'), 'mine\n')

    const refused = runCli(['init'], {}, dir)
    expect(await refused.exit).toBe(1)
    expect(refused.err()).toContain('.github/workflows/tiktok-publish.yml already exists')
    expect(refused.err()).toContain('--force')
    await expect(readFile(path.join(dir, 'tiktok.yml'))).rejects.toThrow()
    expect(await readFile(path.join(dir, '.github/workflows/tiktok-publish.yml'), 'utf8')).toBe('mine\n')

    const forced = runCli(['init', '--force', '--branch', 'trunk'], {}, dir)
    expect(await forced.exit).toBe(0)
    const wf = parse(await readFile(path.join(dir, '.github/workflows/tiktok-publish.yml'), 'utf8')) as Workflow
    expect(wf.on.push).toEqual({ branches: ['trunk'] })
    expect((await loadManifest(path.join(dir, 'tiktok.yml'))).accounts['my-account']).toBeDefined()
  })

  it('writes into --dir relative to the working directory', async () => {
    const dir = await tempDir('init')
    const run = runCli(['init', '--dir', 'repo'], {}, dir)
    expect(await run.exit).toBe(0)
    expect(await readFile(path.join(dir, 'repo', 'tiktok.yml'), 'utf8')).toContain('version: 1')
  })

  it('refuses an account name the manifest would refuse, as a usage error', async () => {
    const dir = await tempDir('init')
    const run = runCli(['init', '--account', 'all'], {}, dir)
    expect(await run.exit).toBe(2)
    expect(run.err()).toContain('may not be named `all`')
  })
})
