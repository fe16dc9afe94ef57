// Runs the emulator compiled from src/ in a process of its own; prints its URL
// as the first line of stdout and serves until SIGTERM.
import { readFile } from 'node:fs/promises'
import path from 'node:path'

const [buildOut, configPath] = process.argv.slice(2)
const { startEmulator } = await import(path.join(buildOut, 'emulator', 'index.js'))
const config = configPath ? JSON.parse(await readFile(configPath, 'utf8')) : {}
const emu = await startEmulator({ port: 0, config })
process.stdout.write(`${emu.url}\n`)
process.on('SIGTERM', () => {
  emu.close().finally(() => process.exit(0))
})
