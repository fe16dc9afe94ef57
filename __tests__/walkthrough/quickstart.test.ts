/**
 * docs/GUIDE.md's "Quickstart on GitHub", followed step by step on a new
 * repository, with the emulator standing in for TikTok and a fake GitHub REST
 * server standing in for the repository's secrets store and pull request
 * comments. The Action runs from its bundle exactly as the runner starts it,
 * with the inputs the workflow written by `init` gives it.
 *
 * The only things that differ from a user's run are the two stand-ins: the
 * Action's `api-base-url` and the CLI's TIKTOK_API_BASE_URL point at the
 * emulator, and GITHUB_API_URL at the fake GitHub.
 */
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sodium from 'libsodium-wrappers'
import { request } from 'undici'
import { parse as parseYaml } from 'yaml'
import { startEmulator, type Emulator } from '../../src/emulator/index.js'
import { REPOSITORY } from '../../src/project.js'
import { parseState } from '../../src/state/index.js'
import { FakeGitHubApi } from '../action/fake-github.js'
import { BUNDLE, git, runAction, type ActionRun } from '../action/harness.js'
import { REPO_ROOT } from '../helpers/workspace.js'
import { runCli } from '../onboarding/helpers.js'

const OWNER = 'my-org'
const REPO = 'my-repo'
const ACCOUNT = 'brand-us'
const REFRESH_SECRET = 'TIKTOK_REFRESH_BRAND_US'
// the emulator's default app, audited (see the report on why not an unaudited one)
const CLIENT_KEY = 'emu_client_key'
const CLIENT_SECRET = 'emu_client_secret'
const CONSENT = "Merging publishes these posts and agrees to TikTok's Music Usage Confirmation."

/** `gh secret set NAME`: the repository's public key, a sealed box, a PUT — what the Settings page does too. */
async function setRepoSecret(github: FakeGitHubApi, token: string, name: string, value: string): Promise<void> {
  await sodium.ready
  const headers = { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json' }
  const keyRes = await request(`${github.url}/repos/${OWNER}/${REPO}/actions/secrets/public-key`, { headers })
  expect(keyRes.statusCode).toBe(200)
  const key = (await keyRes.body.json()) as { key_id: string; key: string }
  const sealed = sodium.crypto_box_seal(sodium.from_string(value), sodium.from_base64(key.key, sodium.base64_variants.ORIGINAL))
  const put = await request(`${github.url}/repos/${OWNER}/${REPO}/actions/secrets/${name}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ key_id: key.key_id, encrypted_value: sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL) })
  })
  await put.body.dump()
  expect([201, 204]).toContain(put.statusCode)
}

/** Every secret the fake store holds, decrypted: what `secrets` is in a workflow. */
function storedSecrets(github: FakeGitHubApi): Record<string, string> {
  // the fake keeps them private; reading the map is the test's view of GitHub's side
  return Object.fromEntries((github as unknown as { secrets: Map<string, string> }).secrets)
}

interface WorkflowStep {
  uses?: string
  with?: Record<string, string | boolean | number>
  env?: Record<string, string>
}
interface Workflow {
  on: { pull_request?: unknown; push?: { branches?: string[] } }
  jobs: Record<string, { if?: string; environment?: string; steps: WorkflowStep[] }>
}

interface ExprContext {
  event_name: string
  /** GITHUB_REF: refs/heads/main on a push to main, refs/pull/N/merge on a pull request */
  ref: string
  token: string
  secrets: Record<string, string>
}

/**
 * Evaluates the few expressions the workflow `init` writes uses, the way the
 * runner does. Anything else is an error, so a changed template is noticed
 * here instead of silently run with a guessed value.
 */
function evaluate(text: string, ctx: ExprContext): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    if (expr === 'toJSON(secrets)') return JSON.stringify(ctx.secrets, null, 2)
    if (expr === 'github.token') return ctx.token
    const secret = /^secrets\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr)
    if (secret) return ctx.secrets[secret[1]] ?? ''
    throw new Error(`the workflow uses an expression this walkthrough cannot evaluate: ${expr}`)
  })
}

function jobRuns(condition: string | undefined, ctx: ExprContext): boolean {
  if (condition === undefined) return true
  return condition.split('&&').every((part) => {
    const m = /^github\.(event_name|ref)\s*(==|!=)\s*'([a-z_/A-Z0-9.-]+)'$/.exec(part.trim())
    if (!m) throw new Error(`the workflow has a job condition this walkthrough cannot evaluate: ${condition}`)
    const value = m[1] === 'ref' ? ctx.ref : ctx.event_name
    return m[2] === '==' ? value === m[3] : value !== m[3]
  })
}

/**
 * The inputs the runner hands the Action for the job that runs on this event:
 * the `with:` of the step that uses tiktok-publish, then action.yml's defaults
 * for the rest, every expression evaluated.
 */
async function actionInputs(workflow: Workflow, ctx: ExprContext): Promise<{ job: string; environment?: string; inputs: Record<string, string>; env: Record<string, string> }> {
  const running = Object.entries(workflow.jobs).filter(([, job]) => jobRuns(job.if, ctx))
  expect(running).toHaveLength(1)
  const [job, { steps, environment }] = running[0]
  const actionSteps = steps.filter((s) => s.uses?.startsWith(`${REPOSITORY}@`))
  expect(actionSteps).toHaveLength(1)
  const inputs: Record<string, string> = {}
  for (const [name, value] of Object.entries(actionSteps[0].with ?? {})) inputs[name] = evaluate(String(value), ctx)
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(actionSteps[0].env ?? {})) env[name] = evaluate(String(value), ctx)
  const actionYml = parseYaml(await readFile(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }
  for (const [name, spec] of Object.entries(actionYml.inputs)) {
    if (!(name in inputs) && spec.default !== undefined) inputs[name] = evaluate(String(spec.default), ctx)
  }
  return { job, environment, inputs, env }
}

function repositoryPayload(): Record<string, unknown> {
  return { name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER }, default_branch: 'main' }
}

/** An IANA zone where it is mid-afternoon now, so the starter's 09:00-21:00 window is open whenever the test runs. */
function afternoonZone(now: Date): string {
  let offset = 15 - now.getUTCHours()
  if (offset > 14) offset -= 24
  // Etc/GMT zones count the other way round: Etc/GMT-3 is UTC+3
  return offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`
}

describe('the GitHub quickstart of docs/GUIDE.md, by the letter', () => {
  let emulator: Emulator
  let github: FakeGitHubApi
  beforeAll(async () => {
    emulator = await startEmulator({ config: { rate_limits: false, processing_polls: 0 } })
    github = await FakeGitHubApi.start(OWNER, REPO)
  })
  afterAll(async () => {
    await emulator?.close()
    await github?.close()
  })

  it('gives a new repository a plan comment on its first pull request and a post on merge', async () => {
    if (!existsSync(BUNDLE)) throw new Error(`no Action bundle at ${BUNDLE}: build dist/ (npm run build) or set TIKTOK_PUBLISH_ACTION_BUNDLE`)
    // the workflow's own GITHUB_TOKEN may comment; the user's PAT may also write secrets
    const workflowToken = github.commentToken
    const userPat = github.secretsToken

    // 1. A new repository on "GitHub" and the user's clone of it, with one commit.
    const dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-walkthrough-'))
    const bare = path.join(dir, `${REPO}.git`)
    git(dir, 'init', '-q', '--bare', '-b', 'main', bare)
    const clone = path.join(dir, 'checkout')
    git(dir, 'clone', '-q', bare, clone)
    git(clone, 'checkout', '-q', '-B', 'main')
    await writeFile(path.join(clone, 'README.md'), '# my-repo\n')
    git(clone, 'add', 'README.md')
    git(clone, 'commit', '-qm', 'first commit')
    git(clone, 'push', '-q', 'origin', 'main')

    // 2. `npx tiktok-publish init --account brand-us` in the clone.
    const init = runCli(['init', '--account', ACCOUNT], {}, clone)
    expect(await init.exit).toBe(0)
    expect(init.out()).toContain('wrote tiktok.yml')
    expect(init.out()).toContain('wrote .github/workflows/tiktok-publish.yml')
    expect(init.out()).toContain(REFRESH_SECRET)
    const manifestPath = path.join(clone, 'tiktok.yml')
    const workflowPath = path.join(clone, '.github/workflows/tiktok-publish.yml')
    const starter = await readFile(manifestPath, 'utf8')
    const workflow = parseYaml(await readFile(workflowPath, 'utf8')) as Workflow
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'push', 'schedule', 'workflow_dispatch']))
    expect(workflow.on.push?.branches).toEqual(['main'])

    // "Put a video in the repository (e.g. media/first-post.mp4) and edit the example post in tiktok.yml."
    const video = starter.match(/^\s+video: (\S+)/m)![1]
    expect(video).toBe('media/first-post.mp4')
    await mkdir(path.dirname(path.join(clone, video)), { recursive: true })
    await copyFile(path.join(REPO_ROOT, 'examples/media/spring-teaser.mp4'), path.join(clone, video))
    const caption = 'Our first post, from a pull request #walkthrough'
    // the account's time zone is the user's own; the starter's window (09:00-21:00) is read in it
    const zone = afternoonZone(new Date())
    const edited = starter.replace(/caption: ".*"/, `caption: "${caption}"`).replace(/timezone: UTC\b/, `timezone: ${zone}`)
    expect(edited).toContain(caption)
    expect(edited).toContain(`timezone: ${zone}`)
    await writeFile(manifestPath, edited)

    // 3. The secrets. TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET and TIKTOK_PUBLISH_SECRETS_TOKEN by hand...
    await setRepoSecret(github, userPat, 'TIKTOK_CLIENT_KEY', CLIENT_KEY)
    await setRepoSecret(github, userPat, 'TIKTOK_CLIENT_SECRET', CLIENT_SECRET)
    await setRepoSecret(github, userPat, 'TIKTOK_PUBLISH_SECRETS_TOKEN', userPat)
    // ...and the refresh token through `auth --github-secret`, signing in with a scripted browser.
    const auth = runCli(
      ['auth', '--account', ACCOUNT, '--github-secret', REFRESH_SECRET, '--repo', `${OWNER}/${REPO}`, '--no-open'],
      {
        TIKTOK_CLIENT_KEY: CLIENT_KEY,
        TIKTOK_CLIENT_SECRET: CLIENT_SECRET,
        GH_TOKEN: userPat,
        GITHUB_API_URL: github.url,
        TIKTOK_API_BASE_URL: emulator.url
      },
      clone
    )
    const authorizeUrl = await auth.line(/^http/)
    const approve = await request(authorizeUrl)
    await approve.body.dump()
    expect(approve.statusCode).toBe(302)
    const callback = await request(String(approve.headers.location))
    expect(callback.statusCode).toBe(200)
    expect(await callback.body.text()).toContain('You can close this tab')
    expect(await auth.exit).toBe(0)
    const openId = emulator.ledger.find((e) => e.kind === 'authorize' && e.code === 'ok')!.open_id!
    const authorized = emulator.currentRefreshToken(openId)!
    expect(github.secret(REFRESH_SECRET)).toBe(authorized)
    expect(auth.out()).toContain(`refresh token stored in repository secret ${REFRESH_SECRET} of ${OWNER}/${REPO}`)
    expect(auth.out()).toMatch(/^privacy options: /m)
    // what the guide tells the user to check: the emulator's new creator is public, the starter app unaudited
    expect(auth.out()).toContain(`warning: ${ACCOUNT} is a public account and app main is not audited`)
    // ...and does what it says: sets the account to private in the TikTok app (tiktok-publish
    // refuses a direct post of an unaudited app to a public account before asking TikTok)
    ;(emulator as unknown as { accounts: Map<string, { private: boolean }> }).accounts.get(openId)!.private = true
    for (const secret of [authorized, CLIENT_SECRET, userPat]) {
      expect(auth.out()).not.toContain(secret)
      expect(auth.err()).not.toContain(secret)
    }
    expect(Object.keys(storedSecrets(github)).sort()).toEqual(['TIKTOK_CLIENT_KEY', 'TIKTOK_CLIENT_SECRET', 'TIKTOK_PUBLISH_SECRETS_TOKEN', REFRESH_SECRET])

    // 4. Commit on a branch, push, open a pull request: the plan job runs.
    git(clone, 'checkout', '-q', '-b', 'first-post')
    git(clone, 'add', '-A')
    expect(git(clone, 'status', '--porcelain').split('\n').filter(Boolean).sort()).toEqual([
      'A  .github/workflows/tiktok-publish.yml',
      'A  media/first-post.mp4',
      'A  tiktok.yml'
    ])
    git(clone, 'commit', '-qm', 'tiktok-publish: first post')
    git(clone, 'push', '-q', 'origin', 'first-post')
    const head = git(clone, 'rev-parse', 'HEAD').trim()
    const mainBefore = git(bare, 'rev-parse', 'main').trim()

    const noSecrets: Record<string, string> = {} // GitHub passes no secrets to pull_request runs from forks; the plan job asks for none anyway
    const planJob = await actionInputs(workflow, { event_name: 'pull_request', ref: 'refs/pull/1/merge', token: workflowToken, secrets: noSecrets })
    expect(planJob.job).toBe('plan')
    expect(planJob.inputs.secrets).toBe('')
    expect(planJob.inputs['secrets-token']).toBe('')
    expect(planJob.env).toEqual({})
    const prWorkspace = path.join(dir, 'runner-pr')
    git(dir, 'clone', '-q', '-b', 'first-post', bare, prWorkspace)
    const tiktokCallsBeforePlan = emulator.ledger.length
    const plan = await runAction({
      workspace: prWorkspace,
      eventName: 'pull_request',
      event: {
        action: 'opened',
        number: 1,
        pull_request: { number: 1, head: { ref: 'first-post', sha: head }, base: { ref: 'main', sha: mainBefore } },
        repository: repositoryPayload()
      },
      sha: head,
      ref: 'refs/pull/1/merge',
      apiUrl: github.url,
      repository: `${OWNER}/${REPO}`,
      inputs: { ...planJob.inputs, 'api-base-url': emulator.url }
    })
    expectClean(plan)
    expect(github.comments).toHaveLength(1)
    const comment = github.comments[0].body
    expect(comment).toContain(`| first-post | ${ACCOUNT} | **publish** | on merge | ${caption} | Only me |`)
    expect(comment).toContain(CONSENT)
    expect(emulator.ledger.length).toBe(tiktokCallsBeforePlan)
    expect(emulator.posts()).toHaveLength(0)
    expect(git(bare, 'rev-parse', 'main').trim()).toBe(mainBefore)

    // 5. Merge (fast-forward), and the push to main runs the apply job with the repository's secrets.
    git(bare, 'update-ref', 'refs/heads/main', head, mainBefore)
    // the apply job names an environment: GitHub creates it on the job's first
    // run, and the job's secrets are the repository's overlaid with the environment's
    const environment = workflow.jobs.apply!.environment
    expect(environment).toBe('tiktok-publish')
    github.environments.add(environment!)
    const secrets = { github_token: workflowToken, ...storedSecrets(github), ...github.secretsFor(environment) }
    const applyJob = await actionInputs(workflow, { event_name: 'push', ref: 'refs/heads/main', token: workflowToken, secrets })
    // a workflow_dispatch on an unmerged branch runs no job at all: merging is the consent
    const dispatched = { event_name: 'workflow_dispatch', ref: 'refs/heads/first-post', token: workflowToken, secrets }
    expect(Object.entries(workflow.jobs).filter(([, job]) => jobRuns(job.if, dispatched))).toEqual([])
    expect(applyJob.job).toBe('apply')
    expect(applyJob.inputs['secrets-environment']).toBe(environment)
    expect(applyJob.inputs['secrets-token']).toBe(userPat)
    // the step gets the secrets the manifest names, and no other
    expect(Object.keys(applyJob.env).sort()).toEqual(['TIKTOK_CLIENT_KEY', 'TIKTOK_CLIENT_SECRET', REFRESH_SECRET])
    const applyWorkspace = path.join(dir, 'runner-push')
    git(dir, 'clone', '-q', '-b', 'main', bare, applyWorkspace)
    const apply = await runAction({
      workspace: applyWorkspace,
      eventName: 'push',
      event: { ref: 'refs/heads/main', before: mainBefore, after: head, repository: repositoryPayload() },
      sha: head,
      ref: 'refs/heads/main',
      apiUrl: github.url,
      repository: `${OWNER}/${REPO}`,
      env: applyJob.env,
      inputs: { ...applyJob.inputs, 'api-base-url': emulator.url }
    })
    expectClean(apply)
    expect(apply.stdout).toContain(`Saved the rotated refresh token of ${ACCOUNT} to the secret ${REFRESH_SECRET} of environment tiktok-publish.`)
    expect(apply.stdout).toContain(`first-post → ${ACCOUNT}: published`)

    const posts = emulator.posts().filter((p) => p.open_id === openId)
    expect(posts).toHaveLength(1)
    expect(emulator.posts()).toHaveLength(1)
    expect(posts[0]).toMatchObject({ status: 'PUBLISH_COMPLETE', mode: 'direct', privacy_level: 'SELF_ONLY', title: caption })
    const stateText = git(bare, 'show', 'main:tiktok.state.json')
    const state = parseState(stateText, 'main:tiktok.state.json')
    expect(state.posts['first-post'][ACCOUNT]).toMatchObject({ status: 'published', publish_id: posts[0].publish_id, approved_by: head })
    expect(JSON.parse(apply.outputs.published)).toEqual([expect.objectContaining({ post: 'first-post', account: ACCOUNT, publish_id: posts[0].publish_id })])
    // TikTok rotated the refresh token; the environment's secret holds the live one (and from
    // now on overrides the repository secret auth wrote, whose token is dead)
    const current = emulator.currentRefreshToken(openId)
    expect(current).toBeDefined()
    expect(current).not.toBe(authorized)
    expect(github.environmentSecret('tiktok-publish', REFRESH_SECRET)).toBe(current)
    expect(github.secretsFor('tiktok-publish')[REFRESH_SECRET]).toBe(current)
    // the user's next pull from main brings the state file down
    git(clone, 'checkout', '-q', 'main')
    git(clone, 'pull', '-q', '--ff-only', 'origin', 'main')
    expect(await readFile(path.join(clone, 'tiktok.state.json'), 'utf8')).toBe(stateText)
    for (const secret of [authorized, current!, CLIENT_SECRET, userPat]) {
      expect(stateText).not.toContain(secret)
      expect(comment).not.toContain(secret)
    }
  }, 60_000)
})

function expectClean(run: ActionRun): void {
  if (run.code !== 0) throw new Error(`the Action exited ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`)
  expect(run.stdout).not.toMatch(/^::(error|warning)/m)
  expect(run.stderr).toBe('')
}
