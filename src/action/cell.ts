/*
 * Text that a pull request's author controls, made safe for the Markdown of
 * the plan comment and the job summary. Its own module so that every renderer
 * (the plan table, photo rows, the summary) can use it without importing the
 * others.
 */

export const CAPTION_PREVIEW = 100

/** Collapses whitespace (newlines included) and shortens to `max` characters with an ellipsis. */
export function preview(text: string, max = CAPTION_PREVIEW): string {
  const flat = text.replace(/[\s\u2028\u2029]+/gu, ' ').trim()
  const chars = [...flat]
  return chars.length > max ? chars.slice(0, max - 1).join('').trimEnd() + '…' : flat
}

/**
 * Text made safe for one Markdown table cell: no line breaks, no HTML (tags and
 * `-->` become entities), Markdown punctuation escaped so it shows as written,
 * `|` escaped so it cannot add a column, and `@name` / `#123` broken with a
 * zero-width space so a caption cannot mention people or link issues.
 */
export function cell(text: string, max?: number): string {
  const shown = showHidden(text)
  const flat = max === undefined ? preview(shown, Number.MAX_SAFE_INTEGER) : preview(shown, max)
  return flat
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\\`*_[\]~$|]/g, '\\$&')
    .replace(/@(?=[A-Za-z0-9])/g, '@\u200b')
    .replace(/#(?=\d)/g, '#\u200b')
}

/**
 * Bidi controls (embeddings, overrides, isolates, LRM/RLM/ALM) and zero-width
 * characters (spaces, non-joiners, word joiners, BOM, soft hyphen): a reviewer
 * cannot see them, yet they change what is read (`invoice\u{202E}gnp.exe`)
 * or hide text between letters. Shown as \u{…} so the comment shows what
 * will be posted. A joiner between two emoji is how emoji combine, and stays.
 */
const HIDDEN = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu

export function showHidden(text: string): string {
  return text.replace(HIDDEN, (c, at: number) => {
    if (c === '\u200D' && /\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?$/u.test(text.slice(0, at)) && /^\p{Extended_Pictographic}/u.test(text.slice(at + 1))) return c
    return `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`
  })
}
