/**
 * Reads an MP4's duration from its `moov/mvhd` box while the bytes stream past,
 * so the emulator can apply the creator's duration limit without keeping the video.
 * Anything that does not start with an `ftyp` box is left alone.
 */
const MAX_MOOV = 32 * 1024 * 1024

export class Mp4DurationSniffer {
  private state: 'header' | 'skip' | 'moov' | 'done' = 'header'
  private header = Buffer.alloc(0)
  private remaining = 0
  private moovParts: Buffer[] = []
  private boxes = 0
  durationSec: number | undefined

  feed(chunk: Buffer): void {
    let pos = 0
    while (pos < chunk.length && this.state !== 'done') {
      if (this.state === 'header') {
        const need = this.headerNeed()
        const take = Math.min(need - this.header.length, chunk.length - pos)
        this.header = Buffer.concat([this.header, chunk.subarray(pos, pos + take)])
        pos += take
        if (this.header.length < this.headerNeed()) continue
        this.onHeader()
      } else {
        const take = Math.min(this.remaining, chunk.length - pos)
        if (this.state === 'moov') this.moovParts.push(Buffer.from(chunk.subarray(pos, pos + take)))
        pos += take
        this.remaining -= take
        if (this.remaining === 0) {
          if (this.state === 'moov') {
            this.durationSec = readMvhd(Buffer.concat(this.moovParts))
            this.state = 'done'
          } else this.state = 'header'
        }
      }
    }
  }

  private headerNeed(): number {
    return this.header.length >= 8 && this.header.readUInt32BE(0) === 1 ? 16 : 8
  }

  private onHeader(): void {
    const size32 = this.header.readUInt32BE(0)
    const type = this.header.toString('latin1', 4, 8)
    const headerLen = this.header.length
    const size = size32 === 1 ? Number(this.header.readBigUInt64BE(8)) : size32
    this.header = Buffer.alloc(0)
    this.boxes++
    if ((this.boxes === 1 && type !== 'ftyp') || size32 === 0 || size < headerLen) {
      this.state = 'done'
      return
    }
    this.remaining = size - headerLen
    if (type === 'moov' && this.remaining <= MAX_MOOV) this.state = 'moov'
    else this.state = 'skip'
    if (this.remaining === 0) this.state = 'header'
  }
}

function readMvhd(moov: Buffer): number | undefined {
  let pos = 0
  while (pos + 8 <= moov.length) {
    const size = moov.readUInt32BE(pos)
    const type = moov.toString('latin1', pos + 4, pos + 8)
    if (size < 8) return undefined
    if (type === 'mvhd') {
      const body = pos + 8
      const version = moov[body]
      if (version === 1 && body + 32 <= moov.length) {
        const timescale = moov.readUInt32BE(body + 20)
        const duration = Number(moov.readBigUInt64BE(body + 24))
        return timescale ? duration / timescale : undefined
      }
      if (body + 20 <= moov.length) {
        const timescale = moov.readUInt32BE(body + 12)
        const duration = moov.readUInt32BE(body + 16)
        return timescale ? duration / timescale : undefined
      }
      return undefined
    }
    pos += size
  }
  return undefined
}
