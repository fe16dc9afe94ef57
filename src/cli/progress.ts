import cliProgress from 'cli-progress'

/**
 * Upload progress: bars on a terminal, one plain line per finished upload
 * otherwise (CI logs must not fill with redraws).
 */
export class ProgressView {
  private readonly multi?: cliProgress.MultiBar
  private readonly bars = new Map<string, cliProgress.SingleBar>()
  private stopped = false

  constructor(private readonly stream: NodeJS.WritableStream) {
    if ((stream as NodeJS.WriteStream).isTTY) {
      this.multi = new cliProgress.MultiBar(
        { stream: stream as NodeJS.WriteStream, format: ' {bar} {percentage}% | {name} | {value_mb}/{total_mb} MB', hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic
      )
    }
  }

  update(e: { post: string; account: string; sent: number; total: number }): void {
    const name = `${e.post} → ${e.account}`
    const mb = (n: number) => (n / 1048576).toFixed(1)
    if (this.multi) {
      let bar = this.bars.get(name)
      if (!bar) {
        bar = this.multi.create(e.total, 0, { name, value_mb: mb(0), total_mb: mb(e.total) })
        this.bars.set(name, bar)
      }
      bar.update(e.sent, { value_mb: mb(e.sent), total_mb: mb(e.total) })
      return
    }
    if (e.sent === e.total) this.stream.write(`uploaded ${name}: ${mb(e.total)} MB\n`)
  }

  stop(): void {
    if (this.stopped) return
    this.stopped = true
    this.multi?.stop()
  }
}
