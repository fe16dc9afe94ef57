import { copyFile, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { UserError } from '../../src/errors.js'
import { checkMediaLimits, isLfsPointer, probeVideo } from '../../src/media/index.js'

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures')
const fx = (name: string) => path.join(fixtures, name)

async function probeError(file: string): Promise<UserError> {
  try {
    await probeVideo(file)
  } catch (e) {
    if (e instanceof UserError) return e
    throw e
  }
  throw new Error(`${file} probed without error`)
}

describe('probeVideo on real encoder output', () => {
  const cases: [string, Record<string, unknown>, number][] = [
    ['valid.mp4', { container: 'mp4', mimeType: 'video/mp4', videoCodec: 'h264', audioCodec: 'aac', width: 1080, height: 1920, fps: 30 }, 2],
    ['valid-moov-at-end.mp4', { container: 'mp4', mimeType: 'video/mp4', videoCodec: 'h264', audioCodec: 'aac', width: 1080, height: 1920, fps: 30 }, 2],
    ['valid.mov', { container: 'mov', mimeType: 'video/quicktime', videoCodec: 'h264', audioCodec: 'aac', width: 1080, height: 1920, fps: 30 }, 2],
    ['valid.webm', { container: 'webm', mimeType: 'video/webm', videoCodec: 'vp9', audioCodec: 'opus', width: 1080, height: 1920, fps: 30 }, 2],
    ['hevc.mp4', { container: 'mp4', mimeType: 'video/mp4', videoCodec: 'hevc', width: 1080, height: 1920, fps: 30 }, 2],
    ['small.mp4', { container: 'mp4', videoCodec: 'h264', width: 320, height: 240, fps: 30 }, 2],
    ['lowfps.mp4', { container: 'mp4', videoCodec: 'h264', width: 1080, height: 1920, fps: 10 }, 2],
    ['long.mp4', { container: 'mp4', videoCodec: 'h264', width: 360, height: 640, fps: 23 }, 660],
    // Timing lives in the moof boxes, not in moov.
    ['fragmented.mp4', { container: 'mp4', videoCodec: 'h264', width: 1080, height: 1920, fps: 30 }, 2],
    // Stored 1920x1080 with a 90° display matrix, as phones record.
    ['rotated.mp4', { container: 'mp4', videoCodec: 'h264', width: 1080, height: 1920, fps: 30 }, 2]
  ]
  it.each(cases)('%s', async (name, expected, duration) => {
    const facts = await probeVideo(fx(name))
    expect(facts).toMatchObject(expected)
    expect(Math.abs(facts.durationSec - duration)).toBeLessThanOrEqual(0.05)
    expect(facts.sizeBytes).toBe((await readFile(fx(name))).length)
    if (!('audioCodec' in expected)) expect(facts.audioCodec).toBeUndefined()
  })
})

describe('the demo videos in examples/media', () => {
  it.each(['spring-teaser.mp4', 'summer-sale.mp4'])('%s is a valid 1080x1920 H.264 video', async (name) => {
    const facts = await probeVideo(path.resolve(fixtures, '../../examples/media', name))
    expect(facts).toMatchObject({ container: 'mp4', videoCodec: 'h264', width: 1080, height: 1920, fps: 30 })
    expect(Math.abs(facts.durationSec - 3)).toBeLessThanOrEqual(0.05)
    expect(checkMediaLimits(facts)).toEqual([])
  })
})

describe('probeVideo refuses what is not a video', () => {
  it('random bytes named .mp4', async () => {
    const e = await probeError(fx('fake.mp4'))
    expect(e.message).toMatch(/^not a video: the file is neither MP4\/MOV nor WebM/)
    expect(e.fix).toBeTruthy()
  })

  it('an MP4 cut in half before its moov', async () => {
    const e = await probeError(fx('truncated.mp4'))
    expect(e.message).toMatch(/not a video: the file ends inside the 'mdat' box before any moov box/)
    expect(e.message).toMatch(/truncated/)
  })

  it('an MP4 whose boxes are whole but which has no moov', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'media-'))
    try {
      // ftyp + mdat only: the walk completes and finds no index.
      const box = (type: string, body: Buffer) => {
        const h = Buffer.alloc(8)
        h.writeUInt32BE(8 + body.length, 0)
        h.write(type, 4, 'latin1')
        return Buffer.concat([h, body])
      }
      const file = path.join(dir, 'nomoov.mp4')
      await writeFile(file, Buffer.concat([box('ftyp', Buffer.from('isom\0\0\x02\0isom', 'latin1')), box('mdat', Buffer.alloc(1000))]))
      const e = await probeError(file)
      expect(e.message).toMatch(/^not a video: no moov box/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('a Git LFS pointer', async () => {
    const e = await probeError(fx('lfs-pointer.mp4'))
    expect(e.message).toMatch(/Git LFS pointer/)
    expect(e.fix).toMatch(/lfs: true/)
    expect(e.fix).toMatch(/git lfs pull/)
  })

  it('an empty file, a Matroska (not WebM) file, and a truncated WebM', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'media-'))
    try {
      await writeFile(path.join(dir, 'empty.mp4'), '')
      expect((await probeError(path.join(dir, 'empty.mp4'))).message).toMatch(/empty/)

      const webm = await readFile(fx('valid.webm'))
      const docType = webm.indexOf(Buffer.from('webm', 'latin1'))
      const mkv = Buffer.from(webm)
      // Same-length doc type keeps every size intact: only the doc type differs.
      mkv.write('mkv\0', docType, 'latin1')
      await writeFile(path.join(dir, 'x.webm'), mkv)
      expect((await probeError(path.join(dir, 'x.webm'))).message).toMatch(/Matroska/)

      await writeFile(path.join(dir, 'cut.webm'), webm.subarray(0, Math.floor(webm.length / 2)))
      expect((await probeError(path.join(dir, 'cut.webm'))).message).toMatch(/shorter than it declares/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('WebM files that omit optional headers', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'media-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  /** Overwrites one element with a Void element of the same length, keeping every size valid. */
  function voidElement(webm: Buffer, header: number[], length: number): Buffer {
    const at = webm.indexOf(Buffer.from(header))
    expect(at).toBeGreaterThan(0)
    const out = Buffer.from(webm)
    out[at] = 0xec
    out[at + 1] = 0x80 | (length - 2)
    out.fill(0, at + 2, at + length)
    return out
  }

  it('measures the frame rate from the first cluster when DefaultDuration is absent', async () => {
    // DefaultDuration: ID 23 E3 83, size 84, four bytes of nanoseconds per frame.
    const webm = voidElement(await readFile(fx('valid.webm')), [0x23, 0xe3, 0x83, 0x84], 8)
    const file = path.join(dir, 'nodefault.webm')
    await writeFile(file, webm)
    const facts = await probeVideo(file)
    expect(facts).toMatchObject({ container: 'webm', videoCodec: 'vp9', width: 1080, height: 1920 })
    // Block timestamps are whole milliseconds, so 30 fps reads as 29.99x.
    expect(facts.fps).toBeCloseTo(30, 1)
    expect(facts.fps).not.toBe(30)
  })

  it('refuses a WebM without a declared duration, saying how to remux it', async () => {
    // Duration: ID 44 89, size 88, an eight-byte float.
    const webm = voidElement(await readFile(fx('valid.webm')), [0x44, 0x89, 0x88], 11)
    const file = path.join(dir, 'noduration.webm')
    await writeFile(file, webm)
    const e = await probeError(file)
    expect(e.message).toMatch(/does not declare its duration/)
    expect(e.fix).toMatch(/ffmpeg -i in\.webm -c copy out\.webm/)
  })
})

describe('isLfsPointer', () => {
  it('recognises the pointer text and nothing else', async () => {
    expect(isLfsPointer(await readFile(fx('lfs-pointer.mp4')))).toBe(true)
    expect(isLfsPointer(await readFile(fx('valid.mp4')))).toBe(false)
    expect(isLfsPointer(Buffer.from('version 2\n'))).toBe(false)
  })
})

describe('probing a large file reads only its headers', () => {
  it('finds the moov after a 200 MB sparse mdat', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'media-'))
    try {
      // ftyp, a 200 MB mdat with a 64-bit size (size=1 header), then moov: the
      // probe must seek past the mdat to find the index.
      const src = await readFile(fx('valid-moov-at-end.mp4'))
      const boxes: { type: string; start: number; size: number }[] = []
      for (let off = 0; off < src.length; ) {
        const size = src.readUInt32BE(off)
        boxes.push({ type: src.toString('latin1', off + 4, off + 8), start: off, size })
        off += size
      }
      const part = (t: string) => {
        const b = boxes.find((x) => x.type === t)!
        return src.subarray(b.start, b.start + b.size)
      }
      const mdatBody = 200 * 1024 * 1024
      const mdatHeader = Buffer.alloc(16)
      mdatHeader.writeUInt32BE(1, 0)
      mdatHeader.write('mdat', 4, 'latin1')
      mdatHeader.writeBigUInt64BE(BigInt(16 + mdatBody), 8)
      const ftyp = part('ftyp')
      const moov = part('moov')
      const file = path.join(dir, 'big.mp4')
      const fh = await open(file, 'w')
      try {
        await fh.write(ftyp, 0, ftyp.length, 0)
        await fh.write(mdatHeader, 0, 16, ftyp.length)
        // Writing moov past the hole leaves the mdat body sparse on disk.
        await fh.write(moov, 0, moov.length, ftyp.length + 16 + mdatBody)
      } finally {
        await fh.close()
      }
      const facts = await probeVideo(file)
      expect(facts).toMatchObject({ container: 'mp4', videoCodec: 'h264', width: 1080, height: 1920, fps: 30 })
      expect(facts.sizeBytes).toBe(ftyp.length + 16 + mdatBody + moov.length)
      expect(Math.abs(facts.durationSec - 2)).toBeLessThanOrEqual(0.05)

      // The same file cut one byte short is truncated, not a crash.
      const cut = path.join(dir, 'cut.mp4')
      await copyFile(file, cut)
      const ch = await open(cut, 'r+')
      await ch.truncate(facts.sizeBytes - 1)
      await ch.close()
      expect((await probeError(cut)).message).toMatch(/ends inside the 'moov' box/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('checkMediaLimits', () => {
  const ok = { container: 'mp4', mimeType: 'video/mp4', videoCodec: 'h264', width: 1080, height: 1920, durationSec: 30, fps: 30, sizeBytes: 1e6 } as const

  it('accepts a valid video and every boundary value', () => {
    expect(checkMediaLimits(ok)).toEqual([])
    for (const v of [
      { fps: 23 },
      { fps: 60 },
      { width: 360, height: 4096 },
      { width: 4096, height: 360 },
      { sizeBytes: 4 * 1024 ** 3 },
      { durationSec: 600 },
      { videoCodec: 'hevc' },
      { videoCodec: 'vp8', container: 'webm' as const },
      { videoCodec: 'vp9', container: 'webm' as const },
      { container: 'mov' as const }
    ]) {
      expect(checkMediaLimits({ ...ok, ...v })).toEqual([])
    }
  })

  it.each([
    [{ videoCodec: 'av1' }, /video codec is av1/],
    [{ videoCodec: 'mpeg4' }, /video codec is mpeg4/],
    [{ container: 'mkv' as 'mp4' }, /container is mkv/],
    [{ fps: 22.9 }, /22\.9 fps/],
    [{ fps: 60.5 }, /60\.5 fps/],
    [{ width: 359 }, /359x1920.*width out of range/],
    [{ height: 4097 }, /1080x4097.*height out of range/],
    [{ width: 320, height: 240 }, /width and height out of range/],
    [{ sizeBytes: 4 * 1024 ** 3 + 1 }, /up to 4 GiB/],
    [{ durationSec: 600.5 }, /600\.5 s long; the limit is 600 s/],
    [{ durationSec: 0 }, /no duration/]
  ])('refuses %j', (change, message) => {
    const problems = checkMediaLimits({ ...ok, ...change })
    expect(problems).toHaveLength(1)
    expect(problems[0]!.problem).toMatch(message)
    expect(problems[0]!.fix).toMatch(/ffmpeg|Export/)
  })

  it('takes a smaller maximum duration', () => {
    expect(checkMediaLimits({ ...ok, durationSec: 181 }, { maxDurationSec: 180 })[0]!.problem).toMatch(/limit is 180 s/)
    expect(checkMediaLimits({ ...ok, durationSec: 180 }, { maxDurationSec: 180 })).toEqual([])
  })

  it('reports every broken limit of a probed fixture at once', async () => {
    const small = checkMediaLimits(await probeVideo(fx('small.mp4')))
    expect(small.map((p) => p.problem)).toEqual([expect.stringMatching(/320x240/)])
    expect(checkMediaLimits(await probeVideo(fx('lowfps.mp4'))).map((p) => p.problem)).toEqual([expect.stringMatching(/10 fps/)])
    expect(checkMediaLimits(await probeVideo(fx('long.mp4'))).map((p) => p.problem)).toEqual([expect.stringMatching(/660 s long/)])
    for (const name of ['valid.mp4', 'valid-moov-at-end.mp4', 'valid.mov', 'valid.webm', 'hevc.mp4']) {
      expect(checkMediaLimits(await probeVideo(fx(name)))).toEqual([])
    }
  })
})
