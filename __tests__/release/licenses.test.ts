/**
 * The bundles ship their dependencies' licenses. ncc writes one license file
 * per chunk; the build merges them, so the licenses of a package bundled into
 * a chunk loaded later (a command's, the engine's) are there too.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { REPO_ROOT } from '../helpers/workspace.js'

function packagesIn(file: string): string[] {
  if (!existsSync(file)) throw new Error(`no ${file}: run npm run build first`)
  const lines = readFileSync(file, 'utf8').split('\n')
  // an entry: a blank line (or the start), the package's name, then its license id
  return lines.filter((line, i) => (i === 0 || lines[i - 1] === '') && /^(@[\w.-]+\/)?[\w.-]+$/.test(line) && /^[\w.()+ -]+$/.test(lines[i + 1] ?? '') && existsSync(path.join(REPO_ROOT, 'node_modules', line, 'package.json')))
}

describe('the bundled licenses', () => {
  it('name every package of the command line, from its first chunk and from the chunks of its commands', () => {
    const names = packagesIn(path.join(REPO_ROOT, 'dist', 'cli', 'licenses.txt'))
    for (const pkg of ['commander', 'zod', 'yaml', 'undici', 'mp4box', 'image-size', 'cli-progress', 'libsodium-wrappers', 'tinyglobby']) expect([pkg, names.includes(pkg)]).toEqual([pkg, true])
    expect(new Set(names).size).toBe(names.length)
  })

  it('name every package of the Action', () => {
    const names = packagesIn(path.join(REPO_ROOT, 'dist', 'licenses.txt'))
    for (const pkg of ['@actions/core', '@actions/github', '@actions/cache', 'zod', 'yaml', 'undici', 'mp4box', 'image-size']) expect([pkg, names.includes(pkg)]).toEqual([pkg, true])
    expect(new Set(names).size).toBe(names.length)
  })
})
