import { createDefaultEsmPreset } from 'ts-jest'

const preset = createDefaultEsmPreset({ tsconfig: 'tsconfig.test.json', diagnostics: false })

/** @type {import('jest').Config} */
export default {
  ...preset,
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 30000,
  // One reporter line per file keeps CI logs short; the count line comes from .ci/run.
  verbose: false
}
