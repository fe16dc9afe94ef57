import type { FileHandle } from 'node:fs/promises'
import { UserError } from '../errors.js'

/** Reads up to `length` bytes at `position`; shorter only at end of file. */
export async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length)
  let got = 0
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got)
    if (bytesRead === 0) break
    got += bytesRead
  }
  return got === length ? buf : buf.subarray(0, got)
}

/** A probe failure a person can act on; the caller adds the manifest location. */
export class MediaProblem extends UserError {
  constructor(message: string, fix: string) {
    super(message, { fix })
  }
}

export const REMUX_FIX = 'Re-encode it, e.g. `ffmpeg -i in.mp4 -c:v libx264 -c:a aac -movflags +faststart out.mp4`, and point the manifest at the new file.'
