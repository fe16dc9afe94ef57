/**
 * Named points where a test can kill the process with SIGKILL, to prove that a
 * crash between any two steps loses nothing and posts nothing twice. Armed only
 * by TIKTOK_PUBLISH_FAILPOINT=name[:n] (die at the n-th time the point is
 * reached, default 1); without it every call is a cheap no-op.
 */
const spec = process.env.TIKTOK_PUBLISH_FAILPOINT
const [armedName, armedCount] = spec ? [spec.split(':')[0], Number(spec.split(':')[1] ?? '1')] : [undefined, 0]
let seen = 0
let hook: ((name: string) => void) | undefined

/**
 * For in-process tests: `fn` sees every point reached and may throw to stop
 * the run there (a simulated kill). Undefined removes it.
 */
export function setFailpointHook(fn: ((name: string) => void) | undefined): void {
  hook = fn
}

export function failpoint(name: string): void {
  hook?.(name)
  if (armedName === undefined || name !== armedName) return
  seen++
  if (seen === armedCount) process.kill(process.pid, 'SIGKILL')
}
