import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { Document, LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Node } from 'yaml'
import { UserError, type SourceLocation } from '../errors.js'
import { isReservedName } from './checks.js'

export const MAX_MANIFEST_BYTES = 1024 * 1024

/** One parsed YAML file, with what is needed to point errors at its source. */
export interface YamlSource {
  /** the path shown in errors (relative to the working directory when inside it) */
  file: string
  abs: string
  doc: Document
  lineCounter: LineCounter
  /** plain JS value of the document (undefined for an empty file) */
  data: unknown
}

export function displayPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs)
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel
}

export function at(file: string, line: number, column: number): SourceLocation {
  return { file, line, column }
}

function positionOfByte(bytes: Uint8Array, index: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < index; i++) {
    if (bytes[i] === 0x0a) {
      line++
      lineStart = i + 1
    }
  }
  // Columns count characters, not bytes: decode the line's prefix.
  const prefix = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, index))
  return { line, column: [...prefix].length + 1 }
}

/** Offset of the first byte that does not start or continue valid UTF-8, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]
    let n = 0
    let min = 0
    if (b < 0x80) {
      i++
      continue
    } else if (b >= 0xc2 && b <= 0xdf) {
      n = 1
      min = 0x80
    } else if (b >= 0xe0 && b <= 0xef) {
      n = 2
      min = 0x800
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3
      min = 0x10000
    } else return i
    let cp = b & (0x3f >> n)
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return i
      cp = (cp << 6) | (c & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i
    i += n + 1
  }
  return -1
}

/**
 * Reads and parses one YAML file. Problems go to `errors`; returns undefined
 * when the file cannot be read as YAML at all (the caller stops there for it).
 */
export async function readYamlFile(abs: string, errors: UserError[], shown = displayPath(abs)): Promise<YamlSource | undefined> {
  const fileStart = at(shown, 1, 1)
  let size: number
  try {
    const st = await stat(abs)
    if (!st.isFile()) {
      errors.push(new UserError(`${shown} is not a file`, { location: fileStart, fix: 'point to the YAML file itself' }))
      return undefined
    }
    size = st.size
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    errors.push(
      new UserError(code === 'ENOENT' ? `${shown} does not exist` : `cannot read ${shown} (${code ?? String(e)})`, {
        location: fileStart,
        fix: code === 'ENOENT' ? 'check the path (it is relative to the working directory), or create the file' : 'check the file\'s permissions'
      })
    )
    return undefined
  }
  // Refused before reading: a manifest this large is a mistake or an attack,
  // and parsing it would only make the failure slower.
  if (size > MAX_MANIFEST_BYTES) {
    errors.push(
      new UserError(`${shown} is ${size} bytes; a manifest file may be at most ${MAX_MANIFEST_BYTES} bytes (1 MiB)`, {
        location: fileStart,
        fix: 'split the posts into several files listed under `include`'
      })
    )
    return undefined
  }
  const bytes = new Uint8Array(await readFile(abs))
  const nul = bytes.indexOf(0)
  if (nul >= 0) {
    const p = positionOfByte(bytes, nul)
    errors.push(
      new UserError(`${shown} holds a NUL byte, so it is not a text file`, {
        location: at(shown, p.line, p.column),
        fix: 'save the manifest as UTF-8 text (a NUL often means UTF-16: re-save as UTF-8)'
      })
    )
    return undefined
  }
  const bad = firstInvalidUtf8(bytes)
  if (bad >= 0) {
    const p = positionOfByte(bytes, bad)
    errors.push(
      new UserError(`${shown} is not valid UTF-8`, { location: at(shown, p.line, p.column), fix: 'save the manifest as UTF-8 text' })
    )
    return undefined
  }
  const text = new TextDecoder('utf-8').decode(bytes) // drops a leading BOM
  return parseYamlText(text, abs, shown, errors)
}

export function parseYamlText(text: string, abs: string, shown: string, errors: UserError[]): YamlSource | undefined {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    version: '1.2',
    schema: 'core',
    merge: false,
    strict: true
  })
  const pos = (offset: number): SourceLocation => {
    const lp = lineCounter.linePos(offset)
    return at(shown, lp.line, lp.col)
  }
  const before = errors.length
  for (const e of [...doc.errors, ...doc.warnings]) {
    const location = pos(e.pos[0])
    if (e.code === 'DUPLICATE_KEY') {
      const first = firstOccurrenceOfDuplicate(doc, e.pos[0])
      const name = first ? ` \`${clip(first.key)}\`` : ''
      const where = first ? ` (first at line ${lineCounter.linePos(first.offset).line}, column ${lineCounter.linePos(first.offset).col})` : ''
      errors.push(
        new UserError(`duplicate key${name}${where}`, {
          location,
          fix: 'keep one of them: YAML would otherwise silently use only one value'
        })
      )
    } else if (e.code === 'MULTIPLE_DOCS') {
      errors.push(
        new UserError('the file holds more than one YAML document (a second `---`)', {
          location,
          fix: 'keep one document per file; put more posts in files listed under `include`'
        })
      )
    } else if (e.code === 'TAG_RESOLVE_FAILED' || e.code === 'BAD_COLLECTION_TYPE') {
      errors.push(new UserError(`unsupported YAML tag: ${excerpt(e.message)}`, { location, fix: 'remove the `!tag`; the manifest uses plain YAML values' }))
    } else {
      errors.push(
        new UserError(`YAML syntax error: ${excerpt(e.message)}`, {
          location,
          fix: 'correct the YAML here (quote values that contain `: `, ` #` or start with a special character)'
        })
      )
    }
  }
  if (errors.length > before) return undefined
  visit(doc, {
    Pair(_key, pair) {
      if (pair.key !== null && !isScalar(pair.key)) {
        const offset = (pair.key as Node).range?.[0] ?? 0
        errors.push(new UserError('a key here is a list or mapping', { location: pos(offset), fix: 'keys are plain names such as `privacy`' }))
      } else if (isScalar(pair.key) && typeof pair.key.value === 'string' && isReservedName(pair.key.value)) {
        // refused before the document becomes an object: `__proto__` as a key
        // would set the object's prototype instead of adding an entry
        errors.push(
          new UserError(`\`${pair.key.value}\` is a name JavaScript objects already use, so it cannot be a key of the manifest`, {
            location: pos(pair.key.range?.[0] ?? 0),
            fix: 'rename it (an account, an app or a caption key): e.g. `brand-us`'
          })
        )
      }
    }
  })
  if (errors.length > before) return undefined
  // Aliases are refused outright: the manifest has no need for them, they
  // hide where a value is written (errors could not point at it), and nested
  // aliases expand exponentially (a "billion laughs" file).
  let aliases = 0
  let sixth: number | undefined
  visit(doc, {
    Alias(_key, node) {
      aliases++
      if (aliases === 6) sixth = node.range?.[0]
      if (aliases <= 5) {
        errors.push(
          new UserError(`YAML alias \`*${clip(node.source)}\` is not supported in a manifest`, {
            location: pos(node.range?.[0] ?? 0),
            fix: 'write the value out in full instead of referring to an `&anchor`'
          })
        )
      }
    }
  })
  if (aliases > 5) {
    errors.push(
      new UserError(`${aliases - 5} more YAML aliases in this file, from here on`, {
        location: pos(sixth ?? 0),
        fix: 'write values out in full instead of using `&anchor` and `*alias`'
      })
    )
  }
  if (aliases > 0) return undefined
  const data = doc.toJS({ maxAliasCount: 0 }) as unknown
  return { file: shown, abs, doc, lineCounter, data: data === null ? undefined : data }
}

/** Longest run of source text an error may quote, and longest message. */
const QUOTE_MAX = 24
const MESSAGE_MAX = 160

/**
 * The parser's message, with any source it quotes cut to a short excerpt:
 * the file is the repository's, and a long token in it may be a credential
 * that a link or a careless include brought in. The line and column say
 * where to look; the excerpt only helps recognise it.
 */
export function clip(text: string): string {
  return text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX - 8)}…` : text
}

export function excerpt(message: string): string {
  const cut = message.replace(/"([^"\n]*)"/g, (_m, q: string) => `"${clip(q)}"`)
  const line = cut.split('\n')[0]
  return line.length > MESSAGE_MAX ? `${line.slice(0, MESSAGE_MAX - 1)}…` : line
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value)
  return String(key)
}

function firstOccurrenceOfDuplicate(doc: Document, offset: number): { key: string; offset: number } | undefined {
  let found: { key: string; offset: number } | undefined
  visit(doc, {
    Map(_k, map) {
      const dup = map.items.find((p) => isScalar(p.key) && p.key.range?.[0] === offset)
      if (!dup) return
      const name = keyText(dup.key)
      const first = map.items.find((p) => p !== dup && keyText(p.key) === name)
      if (first && isScalar(first.key)) found = { key: name, offset: first.key.range?.[0] ?? 0 }
      return visit.BREAK
    }
  })
  return found
}

/**
 * Where a value (or its key) is written, found by walking the document along a
 * zod-style path. A path that runs out (a missing key) points at the nearest
 * existing node that holds it, which is where the key has to be added.
 */
export function locate(src: YamlSource, pathSegments: readonly PropertyKey[], part: 'key' | 'value' = 'value'): SourceLocation {
  const pos = (offset: number): SourceLocation => {
    const lp = src.lineCounter.linePos(offset)
    return at(src.file, lp.line, lp.col)
  }
  let node: unknown = src.doc.contents
  let keyOffset: number | undefined
  const start = (n: unknown): number | undefined => ((n as Node | null)?.range ? (n as Node).range![0] : undefined)
  let lastGood = start(node) ?? 0
  for (let i = 0; i < pathSegments.length; i++) {
    const seg = pathSegments[i]
    const last = i === pathSegments.length - 1
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(seg))
      if (!pair) return pos(keyOffset ?? lastGood)
      keyOffset = start(pair.key)
      if (last && part === 'key' && keyOffset !== undefined) return pos(keyOffset)
      node = pair.value
      // `key:` with nothing after it: the key is the helpful place to point.
      if (isScalar(node) && node.value === null && (node.source === '' || node.source === undefined)) {
        if (last) return pos(keyOffset ?? lastGood)
      }
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)]
      if (item === undefined) return pos(lastGood)
      keyOffset = undefined
      node = item
    } else {
      break
    }
    if (isAlias(node)) break
    lastGood = start(node) ?? keyOffset ?? lastGood
  }
  return pos(lastGood)
}

/** The plain value at a path in parsed data, or undefined. */
export function valueAt(data: unknown, pathSegments: readonly PropertyKey[]): unknown {
  let v = data
  for (const seg of pathSegments) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<PropertyKey, unknown>)[seg as string]
  }
  return v
}
