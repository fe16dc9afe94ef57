import { REPOSITORY } from '../project.js'

/**
 * Starter files written by `tiktok-publish init`. The action's repository comes
 * from package.json (`repository`), the one place it is written.
 */
export const ACTION_REPO = REPOSITORY
export const ACTION_REF = 'v1'
export const SCHEMA_URL = `https://raw.githubusercontent.com/${ACTION_REPO}/${ACTION_REF}/schema/tiktok.schema.json`
export const GUIDE_URL = `https://github.com/${ACTION_REPO}/blob/${ACTION_REF}/docs/GUIDE.md`
/** How the README runs the command line without the npm registry: straight from a tag of the repository (dist/ is committed). */
export const NPX_FROM_GITHUB = `npx github:${ACTION_REPO}#${ACTION_REF}`

export const MANIFEST_FILE = 'tiktok.yml'
export const WORKFLOW_FILE = '.github/workflows/tiktok-publish.yml'
export const COMMENT_WORKFLOW_FILE = '.github/workflows/tiktok-publish-comment.yml'
export const WORKFLOW_NAME = 'tiktok-publish'
export const COMMENT_ARTIFACT = 'tiktok-publish-plan-comment'
export const EXAMPLE_VIDEO = 'media/first-post.mp4'
export const CLIENT_KEY_SECRET = 'TIKTOK_CLIENT_KEY'
export const CLIENT_SECRET_SECRET = 'TIKTOK_CLIENT_SECRET'
export const SECRETS_TOKEN_SECRET = 'TIKTOK_PUBLISH_SECRETS_TOKEN'

/** TIKTOK_REFRESH_<ACCOUNT>: the account name in capitals, other characters as `_`. */
export function refreshSecretName(account: string): string {
  return `TIKTOK_REFRESH_${account.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`
}

/** The secrets the starter manifest names, in the order the workflow passes them. */
export function manifestSecrets(account: string): string[] {
  return [CLIENT_KEY_SECRET, CLIENT_SECRET_SECRET, refreshSecretName(account)]
}

export function manifestTemplate(account: string): string {
  return `# yaml-language-server: $schema=${SCHEMA_URL}
#
# What to publish to TikTok. A pull request that changes this file gets a plan
# comment; merging it publishes. Reference: ${GUIDE_URL}
version: 1

apps:
  main:
    # Names of repository secrets (or environment variables), never the values.
    client_key: ${CLIENT_KEY_SECRET}
    client_secret: ${CLIENT_SECRET_SECRET}
    # A new TikTok app is not audited. Until TikTok audits it, TikTok lets it
    # direct-post only SELF_ONLY, only to accounts set to private in the TikTok
    # app, and for at most 5 accounts per 24 h. To reach the public without an
    # audit, use \`mode: inbox\`: the video arrives as a draft in the creator's
    # TikTok inbox and the creator publishes it from the app.
    # Set \`audited: true\` only once TikTok has approved the app's audit.
    audited: false

accounts:
  ${account}:
    app: main
    # The secret holding this account's refresh token: \`tiktok-publish auth\` writes it.
    refresh_token: ${refreshSecretName(account)}
    timezone: UTC            # an IANA zone, e.g. America/New_York: your days and hours
    # Human pacing, off in this starter so the first post goes out on the first
    # apply. TikTok's own caps apply anyway. For example:
    # limits:
    #   posts_per_day: 3
    #   min_gap: 2h            # least time between two posts
    #   window: "09:00-21:00"  # local hours when posting may start

defaults:
  mode: direct               # direct | inbox
  # TikTok makes the poster choose privacy; an unaudited app may only use SELF_ONLY.
  privacy: SELF_ONLY
  # Comments, duet and stitch stay off unless turned on here or per post:
  # allow: { comments: true, duet: false, stitch: false }

posts:
  - id: first-post           # a stable key: never reuse or rename it once published
    video: ${EXAMPLE_VIDEO}  # a file in this repository (or an https:// URL under the app's pull_prefixes)
    caption: "Hello from tiktok-publish #firstpost"
    accounts: all
`
}

export interface WorkflowOptions {
  /** the repository's default branch: its pushes publish */
  branch: string
  /** the account of the starter manifest: its secrets are the ones passed */
  account: string
  /** keep the state file on this branch (for a default branch that only takes reviewed pull requests) */
  stateBranch?: string
  /** hand a fork's plan comment to the comment workflow, which posts it with a write token */
  forkComments?: boolean
}

export function workflowTemplate(o: WorkflowOptions): string {
  const uses = `${ACTION_REPO}@${ACTION_REF}`
  const env = manifestSecrets(o.account)
    .map((name) => `          ${name}: \${{ secrets.${name} }}`)
    .join('\n')
  const fromFork = 'github.event.pull_request.head.repo.full_name != github.repository'
  const forkSteps = o.forkComments
    ? `
      # A fork's pull request gets a read-only token, so the comment above could
      # not be posted: hand its text to ${COMMENT_WORKFLOW_FILE.split('/').pop()}.
      - if: \${{ !cancelled() && steps.plan.outputs.comment != '' && ${fromFork} }}
        env:
          COMMENT: \${{ steps.plan.outputs.comment }}
          PR_NUMBER: \${{ github.event.pull_request.number }}
        run: |
          mkdir -p "$RUNNER_TEMP/plan-comment"
          printf '%s' "$COMMENT" > "$RUNNER_TEMP/plan-comment/comment.md"
          printf '%s' "$PR_NUMBER" > "$RUNNER_TEMP/plan-comment/pr-number"
      - if: \${{ !cancelled() && steps.plan.outputs.comment != '' && ${fromFork} }}
        uses: actions/upload-artifact@v7
        with:
          name: ${COMMENT_ARTIFACT}
          path: \${{ runner.temp }}/plan-comment/
          retention-days: 1
`
    : ''
  const stateBranch = o.stateBranch
    ? `
          # the state is committed to this branch, not to ${o.branch}, whose
          # protection only takes reviewed pull requests
          state-branch: ${o.stateBranch}`
    : ''
  return `# Plans on pull requests, publishes on merge and every 15 minutes (for posts
# with a later \`at:\`, and to finish posts TikTok is still processing).
name: ${WORKFLOW_NAME}

on:
  pull_request:
  push:
    branches: [${o.branch}]
  schedule:
    - cron: "*/15 * * * *"
  workflow_dispatch:

# Nothing by default: each job asks for what it needs.
permissions: {}

# One run per branch at a time, and never cancel one: a cancelled publish run
# could leave a post TikTok received but the state does not record.
concurrency:
  group: tiktok-publish-\${{ github.ref }}
  cancel-in-progress: false

jobs:
  plan:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      contents: read          # the manifest, the videos, the base branch's state
      pull-requests: write    # the plan comment
    steps:
      # No \`lfs: true\`: tiktok-publish fetches the Git LFS videos it reads
      # (those of due posts, and those this pull request changes) itself.
      - uses: actions/checkout@v7
      # No secrets here: a pull request from a fork must never see them, and
      # the plan needs none (it reads the creator info cached in the state).
      - uses: ${uses}
        id: plan
        with:
          command: plan
${forkSteps}
  apply:
    # publishes only from ${o.branch}, where merging a reviewed pull request is the
    # consent: a workflow_dispatch on another branch must not publish its manifest
    if: github.event_name != 'pull_request' && github.ref == 'refs/heads/${o.branch}'
    runs-on: ubuntu-latest
    timeout-minutes: 30       # the run stops starting new work after time-budget (20m)
    permissions:
      contents: write         # commit ${MANIFEST_FILE.replace('.yml', '.state.json')}
    # Environment secrets are read when the job starts (repository secrets when
    # the run is queued), so a run queued behind one that rotates a refresh
    # token still starts with the new one. A required reviewer on this
    # environment makes every apply wait for approval.
    environment: tiktok-publish
    steps:
      # No \`lfs: true\`: a published post's video is never downloaded again;
      # tiktok-publish runs \`git lfs pull\` for the videos of due posts only.
      - uses: actions/checkout@v7
      - uses: ${uses}
        with:
          command: apply${stateBranch}
          # writes rotated refresh tokens to the environment's secrets
          secrets-token: \${{ secrets.${SECRETS_TOKEN_SECRET} }}
          secrets-environment: tiktok-publish
        # Only the secrets ${MANIFEST_FILE} names, by the same names. Add a line
        # here when you add an account (its refresh token) or an app.
        env:
${env}
`
}

/**
 * The fork companion (init --fork-comments): runs from the default branch's
 * copy of itself with a write token, never checks out or runs the fork's code,
 * and takes only the comment's text from the fork's run, after checking that
 * the pull request it names is at the commit that run planned.
 */
export function commentWorkflowTemplate(): string {
  return `# Posts the tiktok-publish plan comment on pull requests from forks, whose
# own run gets a read-only token. GitHub runs this file as it is on the default
# branch, with a token that may comment; it never checks out or runs the
# fork's code, and takes nothing from the fork's run but the comment's text.
name: ${WORKFLOW_NAME}-comment

on:
  workflow_run:
    workflows: [${WORKFLOW_NAME}]
    types: [completed]

permissions: {}

jobs:
  comment:
    if: github.event.workflow_run.event == 'pull_request' && github.event.workflow_run.head_repository.full_name != github.repository
    runs-on: ubuntu-latest
    timeout-minutes: 5
    permissions:
      actions: read           # the plan job's artifact
      pull-requests: write    # the comment
    steps:
      - uses: actions/download-artifact@v8
        id: download
        continue-on-error: true   # no artifact: the plan failed before writing one (its log says why)
        with:
          name: ${COMMENT_ARTIFACT}
          path: \${{ runner.temp }}/plan-comment
          run-id: \${{ github.event.workflow_run.id }}
          github-token: \${{ github.token }}
      - if: steps.download.outcome == 'success'
        env:
          GH_TOKEN: \${{ github.token }}
          REPO: \${{ github.repository }}
          HEAD_SHA: \${{ github.event.workflow_run.head_sha }}
          DIR: \${{ runner.temp }}/plan-comment
        run: |
          pr=$(cat "$DIR/pr-number")
          case "$pr" in ''|*[!0-9]*) echo "::error::the artifact names no pull request number"; exit 1;; esac
          # the artifact comes from the fork's run: believe its number only if
          # that pull request's head is the commit the run planned
          head=$(gh api "repos/$REPO/pulls/$pr" --jq .head.sha)
          if [ "$head" != "$HEAD_SHA" ]; then echo "::error::pull request #$pr is not at $HEAD_SHA: not commenting"; exit 1; fi
          marker=$(head -n 1 "$DIR/comment.md")
          case "$marker" in '<!-- tiktok-publish:plan:'*' -->') ;; *) echo "::error::the comment does not start with the plan marker"; exit 1;; esac
          id=$(MARKER="$marker" gh api --paginate "repos/$REPO/issues/$pr/comments" \\
            --jq '.[] | select(.user.login == "github-actions[bot]" and (.body | startswith(env.MARKER))) | .id' | head -n 1)
          if [ -n "$id" ]; then
            gh api -X PATCH "repos/$REPO/issues/comments/$id" -F body=@"$DIR/comment.md" > /dev/null
          else
            gh api -X POST "repos/$REPO/issues/$pr/comments" -F body=@"$DIR/comment.md" > /dev/null
          fi
`
}
