/**
 * Runs the calls given for one key one after another, in the order given,
 * while calls for other keys go on at the same time. A failed call does not
 * stop the next one. A key's chain is dropped once idle, so a long-lived
 * process does not keep one per key forever.
 */
export class KeyedSerial {
  private readonly chains = new Map<string, Promise<unknown>>()

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(key) ?? Promise.resolve()
    const next = prev.catch(() => undefined).then(fn)
    this.chains.set(key, next)
    void next
      .catch(() => undefined)
      .then(() => {
        if (this.chains.get(key) === next) this.chains.delete(key)
      })
    return next
  }

  /** keys with a call queued or running */
  get size(): number {
    return this.chains.size
  }
}
