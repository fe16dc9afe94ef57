// The command line's entry. process.exit here, and only here, because open
// sockets (keep-alive pools, an emulator) must not keep a finished run alive.
import { main } from './cli/main.js'

process.exitCode = await main(process.argv.slice(2))
