// The Action's entry: everything happens behind run() so importing has no effect.
import { run } from './action/main.js'

await run()
