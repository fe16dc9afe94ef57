/**
 * A local stand-in for TikTok's API (docs/TIKTOK.md): OAuth with rotating refresh
 * tokens, direct and inbox posting with TikTok's chunk rules and caps, status,
 * the Display API, and injectable faults. Used by tests, the demo and rehearsals.
 */
export { startEmulator, EmulatorServer } from './server.js'
export { loadEmulatorConfigFile, parseEmulatorConfig, DEFAULT_SCOPES } from './config.js'
export { checkChunkPlan, MB } from './chunks.js'
export type * from './types.js'
