import { Writable } from 'node:stream'
import { showInvisible } from '../text.js'

/**
 * Everything a command prints may quote the repository (names, captions,
 * paths) or the state file (nicknames, TikTok's messages): a stream that
 * shows control and bidi characters as \u{…}, so no byte of ours can drive the
 * reader's terminal or reorder what they read. Newlines and tabs stay.
 */
export function terminalSafe(target: NodeJS.WritableStream): NodeJS.WritableStream {
  return new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, callback) {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8')
      target.write(showInvisible(text, { keepLayout: true }))
      callback()
    }
  })
}

const JSON_UNSAFE = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g

/**
 * JSON for machines, with the characters a terminal or a reader would act on
 * written as \uXXXX escapes: the same value, and still valid JSON (these
 * characters only ever occur inside strings).
 */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n'
}
