/**
 * Waits for something another part (a server in this process, a child
 * process) does in its own time. There is no deadline here: on a loaded
 * machine anything may take long, and the test's own timeout is the only
 * bound. The loop still ends itself long after any test timeout, so a test
 * that timed out leaves nothing polling behind it.
 */
export async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; ; i++) {
    if (await done()) return
    // 20,000 turns of at least 5 ms each: far past every per-test timeout
    if (i >= 20_000) throw new Error(`never happened: ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}
