/**
 * Makes state durable at the moments that matter (claim, publish_id, final
 * status) without one write per event: callers that arrive while a save is in
 * flight share the next save. For the Action a save is a commit and a push, so
 * one checkpoint covers every init of the moment.
 */
export interface StateSink {
  /** Resolves once the state is durable (on disk with fsync; for the Action, pushed). */
  save(reasons: string[]): Promise<void>
}

export class Checkpointer {
  private inflight?: Promise<void>
  private next?: Promise<void>
  private reasons: string[] = []
  saves = 0

  constructor(private readonly sink: StateSink) {}

  /** Resolves when a save that started after this call has completed. */
  checkpoint(reason: string): Promise<void> {
    this.reasons.push(reason)
    if (!this.next) {
      const previous = this.inflight ?? Promise.resolve()
      this.next = previous
        .catch(() => undefined)
        .then(async () => {
          this.next = undefined
          const reasons = this.reasons.splice(0)
          const save = this.sink.save(reasons)
          this.inflight = save
          this.saves++
          try {
            await save
          } finally {
            if (this.inflight === save) this.inflight = undefined
          }
        })
    }
    return this.next
  }
}
