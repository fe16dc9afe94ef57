import { checkChunkPlan } from '../../src/emulator/index.js'
import { chunkLayout } from '../../src/tiktok/chunks.js'
import { planChunks, MiB, MAX_VIDEO_BYTES } from '../../src/tiktok/upload.js'

describe('chunkLayout', () => {
  it('gives every chunk its size and the trailing bytes to the last', () => {
    expect(chunkLayout(11 * MiB + 7, 5 * MiB, 2)).toEqual({
      chunkSize: 5 * MiB,
      totalChunkCount: 2,
      chunks: [
        { first: 0, last: 5 * MiB - 1 },
        { first: 5 * MiB, last: 11 * MiB + 6 }
      ]
    })
    expect(chunkLayout(1000, 1000, 1).chunks).toEqual([{ first: 0, last: 999 }])
  })
})

describe('the client and the emulator agree on the rules', () => {
  it('every plan the client makes passes the emulator at init', () => {
    const sizes = [1, 5 * MiB - 1, 5 * MiB, 64_000_000, 64_000_001, 64 * MiB, 128_000_000, 191_999_999, 1024 * MiB + 3, MAX_VIDEO_BYTES]
    for (const preferred of [5 * MiB, 10 * MiB, 61 * MiB, 64_000_000]) {
      for (const size of sizes) {
        const plan = planChunks(size, preferred)
        expect([size, preferred, checkChunkPlan({ video_size: size, chunk_size: plan.chunkSize, total_chunk_count: plan.totalChunkCount })]).toEqual([size, preferred, undefined])
      }
    }
  })
})
