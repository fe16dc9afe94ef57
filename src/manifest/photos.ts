import type { SourceLocation } from '../errors.js'
import { matchesPullPrefix, type Problem } from './checks.js'
import type { AppConfig, PhotoImage } from './model.js'

/*
 * TikTok takes photos only by pulling them from URLs under a prefix verified
 * for the app. A photo committed to the repository is pulled from where the
 * repository is served (the app's media_base_url), so its URL depends on the
 * app: two accounts of two apps may pull the same file from two places.
 */

const where = (l: SourceLocation): string => `${l.file}:${l.line}:${l.column}`

/** `media/a b.jpg` under `https://m.example.com/` → `https://m.example.com/media/a%20b.jpg`; undefined without a base. */
export function servedUrl(image: PhotoImage, app: Pick<AppConfig, 'mediaBaseUrl'>): string | undefined {
  if (image.kind === 'url') return image.url
  if (app.mediaBaseUrl === undefined) return undefined
  return app.mediaBaseUrl + image.path.split('/').map(encodeURIComponent).join('/')
}

/** Why TikTok would refuse to pull this image for an account of `app`, with the fix; undefined when it may. */
export function photoUrlProblem(image: PhotoImage, url: string | undefined, app: AppConfig, account: string): Problem | undefined {
  const prefixes = app.pullPrefixes
  if (url === undefined) {
    return {
      message: `photo \`${image.kind === 'file' ? image.path : ''}\` is a repository path, but app \`${app.name}\` (account \`${account}\`) has no \`media_base_url\` saying where the repository's files are served`,
      fix: `add \`media_base_url:\` to \`apps.${app.name}\` (${where(app.location)}), the https address serving this repository (e.g. GitHub Pages on the domain verified in TikTok's developer portal), or write the image's https URL`
    }
  }
  if (prefixes.length === 0) {
    return {
      message: `TikTok pulls photos from URLs, but app \`${app.name}\` (account \`${account}\`) has no \`pull_prefixes\`; this photo would be pulled from ${url}`,
      fix: `add the URL prefix verified for app \`${app.name}\` in TikTok's developer portal to \`apps.${app.name}.pull_prefixes\` (${where(app.location)})`
    }
  }
  if (!prefixes.some((p) => matchesPullPrefix(url, p))) {
    return {
      message: `the photo URL ${url} does not start with any of app \`${app.name}\`'s \`pull_prefixes\` (account \`${account}\`)`,
      fix:
        image.kind === 'file'
          ? `serve the repository under ${prefixes.map((x) => `\`${x}\``).join(' or ')} (set \`apps.${app.name}.media_base_url\` to match), or add the verified prefix to \`apps.${app.name}.pull_prefixes\` (${where(app.location)})`
          : `use a URL under ${prefixes.map((x) => `\`${x}\``).join(' or ')}, or add its verified prefix to \`apps.${app.name}.pull_prefixes\` (${where(app.location)})`
    }
  }
  return undefined
}
