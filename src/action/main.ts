import * as core from '@actions/core'

/** The Action's run. Inputs are read once, here, into typed settings. */
export async function run(): Promise<void> {
  try {
    core.setFailed('tiktok-publish: the Action is not wired to the publish engine yet; use the command line (npx tiktok-publish)')
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}
