import { Ledger } from '../../src/plan/ledger.js'

/** The ledger's contract, written plainly: sorted by time, equal times in the order added. */
class Plain<T extends { time: number }> {
  items: T[] = []
  add(item: T): void {
    let i = this.items.length
    while (i > 0 && this.items[i - 1].time > item.time) i--
    this.items.splice(i, 0, item)
  }
  between(lo: number, hi: number): T[] {
    return this.items.filter((x) => x.time > lo && x.time <= hi)
  }
  lastBetween(lo: number, hi: number): T | undefined {
    return this.between(lo, hi).at(-1)
  }
}

describe('Ledger', () => {
  it('answers as a plain sorted list does, over thousands of inserts out of order and equal times', () => {
    let seed = 7
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n
    const ledger = new Ledger<{ time: number; n: number }>()
    const plain = new Plain<{ time: number; n: number }>()
    for (let n = 0; n < 3000; n++) {
      // mostly later and later, often equal, sometimes far back
      const time = rnd(10) === 0 ? rnd(2000) : Math.floor(n / 2) + rnd(40)
      ledger.add({ time, n })
      plain.add({ time, n })
      if (n % 7 === 0) {
        const lo = rnd(2000) - 5
        const hi = lo + rnd(300)
        expect(ledger.between(lo, hi)).toEqual(plain.between(lo, hi))
        expect(ledger.lastBetween(lo, hi)).toEqual(plain.lastBetween(lo, hi))
      }
    }
    expect(ledger.between(-1, 1e9)).toEqual(plain.items)
    expect(ledger.lastBetween(-1, -0.5)).toBeUndefined()
    expect(new Ledger().between(0, 10)).toEqual([])
    expect(new Ledger().lastBetween(0, 10)).toBeUndefined()
  })
})
