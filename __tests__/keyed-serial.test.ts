import { KeyedSerial } from '../src/keyed-serial.js'

/** A promise the test settles by hand, so the order of events is the test's, not the clock's. */
function gate() {
  let open!: () => void
  let fail!: (e: Error) => void
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve
    fail = reject
  })
  return { promise, open, fail }
}

describe('KeyedSerial', () => {
  it('runs one key’s calls one after another and other keys’ at once; a failure does not stop the next; idle keys are dropped', async () => {
    const serial = new KeyedSerial()
    const events: string[] = []
    const a1 = gate()
    const b1 = gate()
    const first = serial.run('a', async () => {
      events.push('a1 start')
      await a1.promise
      events.push('a1 end')
    })
    const second = serial.run('a', async () => {
      events.push('a2 start')
      return 'a2'
    })
    const other = serial.run('b', async () => {
      events.push('b1 start')
      await b1.promise
      return 'b1'
    })
    await new Promise((r) => setImmediate(r))
    // b started while a1 holds key a; a2 waits for a1
    expect(events).toEqual(['a1 start', 'b1 start'])
    expect(serial.size).toBe(2)
    a1.fail(new Error('a1 failed'))
    await expect(first).rejects.toThrow('a1 failed')
    await expect(second).resolves.toBe('a2')
    expect(events).toEqual(['a1 start', 'b1 start', 'a2 start'])
    b1.open()
    await expect(other).resolves.toBe('b1')
    await new Promise((r) => setImmediate(r))
    expect(serial.size).toBe(0)
  })
})
