import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { includePattern, parseLfsPointer } from '../../src/media/lfs.js'
import { FIXTURES } from '../helpers/workspace.js'

describe('Git LFS pointers', () => {
  it("reads a pointer's oid and size, and nothing else as a pointer", async () => {
    expect(parseLfsPointer(await readFile(path.join(FIXTURES, 'lfs-pointer.mp4')))).toEqual({
      oid: 'dc02cba57834244003fa1a25d2ed3af804d13615bcdddde5cdfcd17b4e03286b',
      size: 12327
    })
    expect(parseLfsPointer(await readFile(path.join(FIXTURES, 'valid.mp4')))).toBeUndefined()
    expect(parseLfsPointer(Buffer.from('version https://git-lfs.github.com/spec/v1\nsize 12\n'))).toBeUndefined()
  })

  it('an include pattern matches one path: anchored, pattern characters escaped, a comma as one any-character', () => {
    expect(includePattern('media/a.mp4')).toBe('/media/a.mp4')
    expect(includePattern('teaser.mp4')).toBe('/teaser.mp4')
    expect(includePattern('media/a [1]*?.mp4')).toBe('/media/a \\[1\\]\\*\\?.mp4')
    expect(includePattern('media/a,b.mp4')).toBe('/media/a?b.mp4')
  })
})
