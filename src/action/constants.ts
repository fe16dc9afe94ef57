/**
 * Names mirrored from action.yml, in one place: users' workflows depend on
 * them, so code never spells an input or output name anywhere else.
 */
export const Inputs = {
  command: 'command',
  manifest: 'manifest',
  state: 'state',
  secrets: 'secrets',
  githubToken: 'github-token',
  secretsToken: 'secrets-token',
  secretsEnvironment: 'secrets-environment',
  accounts: 'accounts',
  shard: 'shard',
  apiBaseUrl: 'api-base-url',
  timeBudget: 'time-budget',
  commit: 'commit',
  stateBranch: 'state-branch',
  dryRun: 'dry-run',
  applyBranch: 'apply-branch'
} as const
export type InputName = (typeof Inputs)[keyof typeof Inputs]

export const Outputs = {
  plan: 'plan',
  published: 'published',
  stateChanged: 'state-changed',
  comment: 'comment'
} as const

/**
 * The defaults action.yml declares. The runner fills them in; they are repeated
 * here only for runs that bypass action.yml (a bundle spawned by hand, a local
 * runner), and must match the file.
 */
export const InputDefaults = {
  manifest: 'tiktok.yml',
  apiBaseUrl: 'https://open.tiktokapis.com',
  timeBudget: '20m',
  commit: true,
  dryRun: false
} as const

/** Events whose default command is `plan`: a pull request shows the plan, merging approves it. */
export const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'] as const

/** The hidden marker that finds the one plan comment of a manifest on a pull request. */
export function planCommentMarker(manifestPath: string): string {
  // `--` would end the HTML comment early; a manifest path never needs it
  return `<!-- tiktok-publish:plan:${manifestPath.replace(/--/g, '-\u200b-')} -->`
}
