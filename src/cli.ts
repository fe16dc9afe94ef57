// The command line's entry. process.exit here, and only here, because open
// sockets (keep-alive pools, an emulator) must not keep a finished run alive.
import module from 'node:module'
import { main } from './cli/main.js'

// Node 22.1 and later keep V8's compiled code of the command modules (loaded
// per command, after this line) in the system's temp folder, so a second
// start skips compiling them; older versions have no such function.
;(module as { enableCompileCache?: () => unknown }).enableCompileCache?.()

process.exitCode = await main(process.argv.slice(2))
