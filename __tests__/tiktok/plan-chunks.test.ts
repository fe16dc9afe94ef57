import { planChunks, parseUploadedBytes, MiB, MAX_VIDEO_BYTES } from '../../src/tiktok/upload.js'

/**
 * TikTok's "MB" read both ways: a chunk must be at least 5 MiB (the larger
 * 5 MB) and at most 64,000,000 bytes (the smaller 64 MB); the last at most
 * 128,000,000. Written out here, not imported, so the planner cannot agree
 * with itself by construction.
 */
const LOW = 5 * 1024 * 1024
const HIGH = 64_000_000
const LAST_HIGH = 128_000_000

/**
 * TikTok's rules restated independently of the planner, checked on every plan.
 * The per-chunk rules are plain comparisons gathered into one list (a plan of
 * a 4 GB video has some 800 chunks, and an expect() per rule per chunk made
 * the sweep below take seconds of CPU, tens on a busy machine); the list
 * names every chunk that breaks a rule.
 */
function expectValid(size: number, plan: ReturnType<typeof planChunks>): void {
  const { chunkSize, totalChunkCount, chunks } = plan
  expect(totalChunkCount).toBe(Math.floor(size / chunkSize))
  expect(chunks).toHaveLength(totalChunkCount)
  expect(totalChunkCount).toBeGreaterThanOrEqual(1)
  expect(totalChunkCount).toBeLessThanOrEqual(1000)
  if (size < LOW) {
    expect(totalChunkCount).toBe(1)
    expect(chunkSize).toBe(size)
  }
  if (size > HIGH) expect(totalChunkCount).toBeGreaterThanOrEqual(2)
  const broken: string[] = []
  const rule = (ok: boolean, i: number, what: string) => {
    if (!ok) broken.push(`size ${size}, chunk ${i}: ${what}`)
  }
  let next = 0
  chunks.forEach((c, i) => {
    rule(c.first === next, i, `starts at ${c.first}, not ${next}`)
    const len = c.last - c.first + 1
    if (i < chunks.length - 1) {
      rule(len === chunkSize, i, `is ${len} bytes, not the chunk size ${chunkSize}`)
      rule(len >= LOW, i, `is ${len} bytes, under 5 MiB`)
      rule(len <= HIGH, i, `is ${len} bytes, over 64,000,000`)
    } else {
      rule(len >= Math.min(chunkSize, size), i, `the last is ${len} bytes, under the chunk size`)
      rule(len <= (size > HIGH ? LAST_HIGH : HIGH), i, `the last is ${len} bytes, over its limit`)
      if (size >= LOW) rule(len >= LOW, i, `the last is ${len} bytes, under 5 MiB`)
    }
    next = c.last + 1
  })
  expect(broken).toEqual([])
  expect(next).toBe(size)
}

describe('planChunks', () => {
  it('refuses an empty, negative, fractional or over-4 GB video', () => {
    expect(() => planChunks(0)).toThrow(/empty/)
    expect(() => planChunks(-1)).toThrow(RangeError)
    expect(() => planChunks(1.5)).toThrow(RangeError)
    expect(() => planChunks(MAX_VIDEO_BYTES + 1)).toThrow(/4 GB/)
  })

  it('sends a video under 5 MB as one chunk of its own size', () => {
    expect(planChunks(1)).toEqual({ chunkSize: 1, totalChunkCount: 1, chunks: [{ first: 0, last: 0 }] })
    const p = planChunks(5 * MiB - 1)
    expect(p).toEqual({ chunkSize: 5 * MiB - 1, totalChunkCount: 1, chunks: [{ first: 0, last: 5 * MiB - 2 }] })
  })

  it('keeps a video of 5 MiB up to 64,000,000 bytes in one chunk with the default size', () => {
    for (const size of [LOW, LOW + 1, 11 * MiB + 12345, HIGH]) {
      const p = planChunks(size)
      expect(p.totalChunkCount).toBe(1)
      expect(p.chunkSize).toBe(size)
      expectValid(size, p)
    }
  })

  it('splits 64,000,001 bytes into two chunks: a 64 MiB video is over the decimal 64 MB', () => {
    const size = HIGH + 1
    const p = planChunks(size)
    expect(p.totalChunkCount).toBe(2)
    expect(p.chunkSize).toBe(32_000_000)
    expect(p.chunks[1]).toEqual({ first: 32_000_000, last: size - 1 })
    expectValid(size, p)
    // 64 MiB, which the binary reading alone would send as one chunk
    const mib = planChunks(64 * MiB)
    expect(mib.totalChunkCount).toBe(2)
    expectValid(64 * MiB, mib)
  })

  it('handles 128,000,000 and 128,000,001 bytes with 64,000,000-byte chunks, the trailing byte in the last', () => {
    const a = planChunks(LAST_HIGH)
    expect(a.chunkSize).toBe(HIGH)
    expect(a.totalChunkCount).toBe(2)
    expectValid(LAST_HIGH, a)
    const b = planChunks(LAST_HIGH + 1)
    expect(b.chunkSize).toBe(HIGH)
    expect(b.totalChunkCount).toBe(2)
    expect(b.chunks[1]!.last - b.chunks[1]!.first + 1).toBe(HIGH + 1)
    expectValid(LAST_HIGH + 1, b)
  })

  it('merges the trailing part into the last chunk instead of sending a small extra one', () => {
    const size = 3 * HIGH + 63_000_000 // floor() gives 3 chunks, 63 MB left over
    const p = planChunks(size)
    expect(p.totalChunkCount).toBe(3)
    expect(p.chunks[2]!.last - p.chunks[2]!.first + 1).toBe(127_000_000)
    expectValid(size, p)
  })

  it('plans 4 GiB as 67 chunks of 64,000,000 bytes', () => {
    const p = planChunks(MAX_VIDEO_BYTES)
    expect(MAX_VIDEO_BYTES).toBe(4 * 1024 * MiB)
    expect(p.chunkSize).toBe(HIGH)
    expect(p.totalChunkCount).toBe(Math.floor(MAX_VIDEO_BYTES / HIGH))
    expectValid(MAX_VIDEO_BYTES, p)
  })

  it('uses a smaller preferred chunk size and still obeys every rule', () => {
    const p = planChunks(11 * MiB + 7, 5 * MiB)
    expect(p.chunkSize).toBe(5 * MiB)
    expect(p.totalChunkCount).toBe(2)
    expect(p.chunks[1]).toEqual({ first: 5 * MiB, last: 11 * MiB + 6 })
    expectValid(11 * MiB + 7, p)
    const q = planChunks(MAX_VIDEO_BYTES, 5 * MiB)
    expect(q.totalChunkCount).toBe(819)
    expectValid(MAX_VIDEO_BYTES, q)
    expect(() => planChunks(10 * MiB, 5 * MiB - 1)).toThrow(/5–64 MB/)
    expect(() => planChunks(10 * MiB, HIGH + 1)).toThrow(/5–64 MB/)
    expect(() => planChunks(100 * MiB, 64 * MiB)).toThrow(/5–64 MB/)
  })

  it('obeys the rules for many sizes around every boundary', () => {
    const edges = [1, LOW, 10 * MiB, HIGH, 64 * MiB, 2 * HIGH, LAST_HIGH, 128 * MiB, 3 * HIGH, 192 * MiB, 1024 * MiB, MAX_VIDEO_BYTES]
    for (const preferred of [LOW, 10 * MiB, 61 * MiB, HIGH]) {
      for (const e of edges) {
        for (const d of [-2, -1, 0, 1, 2]) {
          const size = e + d
          if (size < 1 || size > MAX_VIDEO_BYTES) continue
          expectValid(size, planChunks(size, preferred))
        }
      }
    }
  })
})

describe('parseUploadedBytes', () => {
  it('reads how many bytes TikTok holds from Content-Range', () => {
    expect(parseUploadedBytes('bytes 0-10485759/11534336')).toEqual({ uploaded: 10485760, total: 11534336 })
    expect(parseUploadedBytes('bytes */500')).toEqual({ uploaded: 0, total: 500 })
    expect(parseUploadedBytes(undefined)).toBeUndefined()
    expect(parseUploadedBytes('bytes 5-9/10')).toBeUndefined()
    expect(parseUploadedBytes('garbage')).toBeUndefined()
  })
})
