import pkg from '../package.json' with { type: 'json' }

/** The package's version, as `tiktok-publish --version` prints it. */
export const VERSION: string = pkg.version
/** owner/name of the repository the Action and the package come from: package.json `repository` is the one place it is written. */
export const REPOSITORY: string = repositoryName(pkg.repository)

function repositoryName(field: string | { url: string }): string {
  const url = typeof field === 'string' ? field : field.url
  const m = /github(?:\.com[/:]|:)([^/]+\/[^/.]+)/.exec(url)
  if (!m) throw new Error(`package.json repository ${JSON.stringify(url)} is not a GitHub repository`)
  return m[1]!
}
