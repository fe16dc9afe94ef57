/**
 * Preloaded (NODE_OPTIONS=--require) into a spawned Action run to make it run
 * "later": Date reads TIKTOK_TEST_CLOCK_OFFSET_MS ahead of the machine's clock.
 * A scheduled rerun an hour after a crash is the only way a pair whose upload
 * URL died with the runner gets going again; timers are left alone.
 */
const offset = Number(process.env.TIKTOK_TEST_CLOCK_OFFSET_MS || 0)
if (offset) {
  const RealDate = Date
  class LaterDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset)
      else super(...args)
    }
    static now() {
      return RealDate.now() + offset
    }
  }
  globalThis.Date = LaterDate
}
