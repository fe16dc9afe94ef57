import { createDefaultEsmPreset } from 'ts-jest'

const preset = createDefaultEsmPreset({ tsconfig: 'tsconfig.test.json', diagnostics: false })

const common = {
  ...preset,
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' }
}

/**
 * The test files that do real work outside this process: they spawn the
 * bundled Action or CLI (each a fresh Node start-up), run git against a local
 * remote, or pack the package. A test there takes a few seconds on an idle
 * machine and three to four times that while other jobs share the CPU, so
 * 30 s cut off tests that were only slow, never wrong. Nothing else gets the
 * longer limit: a unit test that needs more than 30 s has a real problem.
 */
const SPAWNS = [
  '/__tests__/action/[^/]+\\.e2e\\.test\\.ts$',
  '/__tests__/action-reliability/[^/]+\\.test\\.ts$',
  '/__tests__/walkthrough/[^/]+\\.test\\.ts$',
  '/__tests__/release/[^/]+\\.test\\.ts$',
  '/__tests__/git/[^/]+\\.test\\.ts$',
  '/__tests__/publish/(crash|grow-only|photos|reconcile)\\.test\\.ts$'
]

/** @type {import('jest').Config} */
export default {
  projects: [
    { ...common, displayName: 'in-process', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', ...SPAWNS] },
    { ...common, displayName: 'spawns', testRegex: SPAWNS, setupFilesAfterEnv: ['<rootDir>/__tests__/helpers/spawns-timeout.ts'] }
  ],
  // every test's limit; SPAWNS get 120 s from their setup file
  testTimeout: 30_000,
  // One reporter line per file keeps CI logs short; the count line comes from .ci/run.
  verbose: false
}
