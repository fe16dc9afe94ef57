import { execFileSync } from 'node:child_process'
import { readFile, writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { parse } from 'yaml'
import { loadManifest } from '../../src/manifest/index.js'
import { runCli, tempDir } from './helpers.js'

interface Step {
  uses?: string
  with?: Record<string, unknown>
}
interface Workflow {
  on: Record<string, unknown>
  permissions: Record<string, string>
  concurrency: { group: string; 'cancel-in-progress': boolean }
  jobs: Record<string, { if: string; environment?: string; steps: Step[] }>
}

describe('tiktok-publish init', () => {
  it('writes a manifest that loads and a workflow with the three triggers, fork-safe plan', async () => {
    const dir = await tempDir('init')
    execFileSync('git', ['init', '-q', dir])
    const run = runCli(['init', '--account', 'brand-us'], {}, dir)
    expect(await run.exit).toBe(0)

    const manifestText = await readFile(path.join(dir, 'tiktok.yml'), 'utf8')
    expect(manifestText.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=https://raw.githubusercontent.com/org/tiktok-publish/v1/schema/tiktok.schema.json'
    )
    const manifest = await loadManifest(path.join(dir, 'tiktok.yml'))
    expect(manifest.apps.main!.audited).toBe(false)
    expect(manifest.accounts['brand-us']!.refreshTokenSecret).toBe('TIKTOK_REFRESH_BRAND_US')
    expect(manifest.posts).toHaveLength(1)
    expect(manifest.posts[0]!.targets).toEqual([expect.objectContaining({ account: 'brand-us', mode: 'direct', privacy: 'SELF_ONLY' })])
    expect(manifest.posts[0]!.targets[0]!.allow).toEqual({ comments: false, duet: false, stitch: false })

    const wf = parse(await readFile(path.join(dir, '.github/workflows/tiktok-publish.yml'), 'utf8')) as Workflow
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch'])
    expect(wf.on.push).toEqual({ branches: ['main'] })
    expect(wf.on.schedule).toEqual([{ cron: '*/15 * * * *' }])
    expect(wf.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' })
    expect(wf.concurrency).toEqual({ group: 'tiktok-publish-${{ github.ref }}', 'cancel-in-progress': false })

    const action = (job: string) => wf.jobs[job]!.steps.find((s) => s.uses === 'org/tiktok-publish@v1')!
    expect(wf.jobs.plan!.if).toBe("github.event_name == 'pull_request'")
    expect(action('plan').with).toEqual({ command: 'plan' })
    // nothing in the pull-request job may reach a secret
    expect(JSON.stringify(wf.jobs.plan)).not.toContain('secrets')
    expect(wf.jobs.apply!.if).toBe("github.event_name != 'pull_request'")
    // environment secrets are read when the job starts: a queued run gets the rotated token
    expect(wf.jobs.apply!.environment).toBe('tiktok-publish')
    expect(action('apply').with).toEqual({
      command: 'apply',
      secrets: '${{ toJSON(secrets) }}',
      'secrets-token': '${{ secrets.TIKTOK_PUBLISH_SECRETS_TOKEN }}',
      'secrets-environment': 'tiktok-publish'
    })

    const out = run.out()
    for (const name of ['TIKTOK_CLIENT_KEY', 'TIKTOK_CLIENT_SECRET', 'TIKTOK_REFRESH_BRAND_US', 'TIKTOK_PUBLISH_SECRETS_TOKEN']) expect(out).toContain(name)
    expect(out).toContain('tiktok-publish auth --account brand-us')
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

  it('refuses an account name the manifest would refuse', async () => {
    const dir = await tempDir('init')
    const run = runCli(['init', '--account', 'all'], {}, dir)
    expect(await run.exit).toBe(1)
    expect(run.err()).toContain('may not be named `all`')
  })
})
