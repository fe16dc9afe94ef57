/**
 * Starter files written by `tiktok-publish init`. The action's repository is a
 * placeholder (`org/tiktok-publish`) kept in one constant so a release only
 * changes this line.
 */
export const ACTION_REPO = 'org/tiktok-publish'
export const ACTION_REF = 'v1'
export const SCHEMA_URL = `https://raw.githubusercontent.com/${ACTION_REPO}/${ACTION_REF}/schema/tiktok.schema.json`
export const GUIDE_URL = `https://github.com/${ACTION_REPO}/blob/${ACTION_REF}/docs/GUIDE.md`

export const MANIFEST_FILE = 'tiktok.yml'
export const WORKFLOW_FILE = '.github/workflows/tiktok-publish.yml'
export const EXAMPLE_VIDEO = 'media/first-post.mp4'
export const CLIENT_KEY_SECRET = 'TIKTOK_CLIENT_KEY'
export const CLIENT_SECRET_SECRET = 'TIKTOK_CLIENT_SECRET'
export const SECRETS_TOKEN_SECRET = 'TIKTOK_PUBLISH_SECRETS_TOKEN'

/** TIKTOK_REFRESH_<ACCOUNT>: the account name in capitals, other characters as `_`. */
export function refreshSecretName(account: string): string {
  return `TIKTOK_REFRESH_${account.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`
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
    # A new TikTok app is not audited. Until TikTok audits it, direct posts
    # must be SELF_ONLY, the accounts must be set to private in the TikTok app,
    # and at most 5 accounts may post per 24 h. To reach the public without an
    # audit, use \`mode: inbox\`: the video arrives as a draft in the creator's
    # TikTok inbox and the creator publishes it from the app.
    # Set \`audited: true\` only once TikTok has approved the app's audit.
    audited: false

accounts:
  ${account}:
    app: main
    # The secret holding this account's refresh token: \`tiktok-publish auth\` writes it.
    refresh_token: ${refreshSecretName(account)}
    timezone: UTC            # an IANA zone, e.g. America/New_York; used by window
    limits:                  # human pacing; TikTok's own caps apply anyway
      posts_per_day: 3
      min_gap: 2h
      window: "09:00-21:00"

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

export function workflowTemplate(branch: string): string {
  const uses = `${ACTION_REPO}@${ACTION_REF}`
  return `# Plans on pull requests, publishes on merge and every 15 minutes (for posts
# with a later \`at:\`, and to finish posts TikTok is still processing).
name: tiktok-publish

on:
  pull_request:
  push:
    branches: [${branch}]
  schedule:
    - cron: "*/15 * * * *"
  workflow_dispatch:

permissions:
  contents: write         # commit tiktok.state.json
  pull-requests: write    # the plan comment

# One run per branch at a time, and never cancel one: a cancelled publish run
# could leave a post TikTok received but the state does not record.
concurrency:
  group: tiktok-publish-\${{ github.ref }}
  cancel-in-progress: false

jobs:
  plan:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          lfs: true
      # No secrets here: a pull request from a fork must never see them, and
      # the plan needs none (it reads the creator info cached in the state).
      - uses: ${uses}
        with:
          command: plan

  apply:
    if: github.event_name != 'pull_request'
    runs-on: ubuntu-latest
    # Environment secrets are read when the job starts (repository secrets when
    # the run is queued), so a run queued behind one that rotates a refresh
    # token still starts with the new one. A required reviewer on this
    # environment makes every apply wait for approval.
    environment: tiktok-publish
    steps:
      - uses: actions/checkout@v4
        with:
          lfs: true
      - uses: ${uses}
        with:
          command: apply
          secrets: \${{ toJSON(secrets) }}
          # writes rotated refresh tokens to the environment's secrets
          secrets-token: \${{ secrets.${SECRETS_TOKEN_SECRET} }}
          secrets-environment: tiktok-publish
`
}
