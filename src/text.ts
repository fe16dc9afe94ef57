/**
 * C0/C1 controls (ESC starts terminal sequences) and bidi overrides, in text a
 * run prints that came from a manifest, a state file or TikTok: shown as
 * \u{…} so printing it can never drive the reader's terminal or reorder what
 * they read. With `keepLayout`, newline and tab stay (multi-line messages).
 */
const CLASS = '\\u0000-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069'
const CLASS_BUT_LAYOUT = '\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069'

function pattern(keepLayout: boolean | undefined, flags: string): RegExp {
  return new RegExp(`[${keepLayout ? CLASS_BUT_LAYOUT : CLASS}]`, flags)
}

export function showInvisible(text: string, options: { keepLayout?: boolean } = {}): string {
  return text.replace(pattern(options.keepLayout, 'g'), (c) => `\\u{${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}}`)
}

export function hasInvisible(text: string, options: { keepLayout?: boolean } = {}): boolean {
  return pattern(options.keepLayout, '').test(text)
}
