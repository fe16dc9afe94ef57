import { jest } from '@jest/globals'

// Set up for the test files jest.config.js lists as SPAWNS: see why there.
// (Jest reads testTimeout from the top level only, not per project.)
jest.setTimeout(120_000)
