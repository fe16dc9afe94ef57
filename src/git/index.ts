export { createGit, DEFAULT_IDENTITY, GitError, redact, type CreateGitOptions, type Git, type GitIdentity, type PushResult, type StatusEntry } from './git.js'
export { createGitStateSink, readStateAtRef, stateCommitMessage, type GitStateSinkOptions } from './state.js'
export { prepareStateBranch, type StateBranchOptions } from './state-branch.js'
