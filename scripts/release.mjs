#!/usr/bin/env node
// The release workflow's logic, kept here so it can be tried against a local
// repository (the tests do, with a bare remote) instead of only on GitHub.
//
//   node scripts/release.mjs check vX.Y.Z        the tag, package.json and CHANGELOG.md agree
//   node scripts/release.mjs notes vX.Y.Z        prints CHANGELOG.md's section for X.Y.Z
//   node scripts/release.mjs move-major vX.Y.Z [remote]
//                                                points vX at the tag's commit and pushes it
//
// Run from the repository's root (or with --dir DIR before the command).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'

const TAG = /^v(\d+)\.(\d+)\.(\d+)$/

export class ReleaseError extends Error {}

export function parseTag(tag) {
  const m = TAG.exec(tag ?? '')
  if (!m) throw new ReleaseError(`"${tag}" is not a release tag: write vMAJOR.MINOR.PATCH, e.g. v1.2.3 (pre-releases do not move the major tag)`)
  return { tag, version: `${m[1]}.${m[2]}.${m[3]}`, major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) }
}

/** CHANGELOG.md's section `## [X.Y.Z] …` up to the next `## `, without its heading. */
export function releaseNotes(changelog, version) {
  const lines = changelog.split('\n')
  const start = lines.findIndex((l) => new RegExp(`^## \\[?${version.replace(/\./g, '\\.')}\\]?(\\s|$)`).test(l))
  if (start < 0) throw new ReleaseError(`CHANGELOG.md has no section "## [${version}]": move the Unreleased notes under it before tagging`)
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l))
  if (end < 0) end = lines.length
  // link definitions at the end of the file belong to no section
  const body = lines.slice(start + 1, end).filter((l) => !/^\[[^\]]+\]: /.test(l))
  const text = body.join('\n').trim()
  if (!text) throw new ReleaseError(`CHANGELOG.md's section for ${version} is empty`)
  return text + '\n'
}

export function check(dir, tag) {
  const { version } = parseTag(tag)
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))
  if (pkg.version !== version) throw new ReleaseError(`package.json says version ${pkg.version}, the tag says ${version}: run npm version ${version} --no-git-tag-version, commit, and tag that commit`)
  releaseNotes(readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8'), version)
  return version
}

function git(dir, ...args) {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

/**
 * Points the major tag (v1 for v1.2.3) at the release's commit and pushes it.
 * A release of an older line (v1.2.4 after v1.3.0) leaves the major tag where
 * it is: users of @v1 must never move backwards.
 */
export function moveMajor(dir, tag, remote = 'origin') {
  const t = parseTag(tag)
  const commit = git(dir, 'rev-parse', `refs/tags/${tag}^{commit}`)
  const newer = git(dir, 'tag', '--list', `v${t.major}.*`)
    .split('\n')
    .filter((name) => TAG.test(name))
    .map(parseTag)
    .filter((o) => o.minor > t.minor || (o.minor === t.minor && o.patch > t.patch))
  const major = `v${t.major}`
  if (newer.length) return { major, moved: false, commit, reason: `${newer.map((o) => o.tag).join(', ')} is newer than ${tag}` }
  git(dir, 'tag', '--force', major, commit)
  git(dir, 'push', '--force', remote, `refs/tags/${major}:refs/tags/${major}`)
  return { major, moved: true, commit }
}

async function cli(argv) {
  let dir = process.cwd()
  if (argv[0] === '--dir') {
    dir = path.resolve(argv[1])
    argv = argv.slice(2)
  }
  const [command, tag, remote] = argv
  if (command === 'check') {
    process.stdout.write(`${tag}: package.json and CHANGELOG.md agree on ${check(dir, tag)}\n`)
  } else if (command === 'notes') {
    process.stdout.write(releaseNotes(readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8'), parseTag(tag).version))
  } else if (command === 'move-major') {
    const r = moveMajor(dir, tag, remote)
    process.stdout.write(r.moved ? `${r.major} now points at ${tag} (${r.commit})\n` : `${r.major} stays: ${r.reason}\n`)
  } else {
    process.stderr.write('usage: release.mjs [--dir DIR] check|notes|move-major vX.Y.Z [remote]\n')
    return 2
  }
  return 0
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    process.exitCode = await cli(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`error: ${error instanceof ReleaseError ? error.message : error.stack}\n`)
    process.exitCode = 1
  }
}
