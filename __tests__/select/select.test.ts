import { accountSelector, globMatch, parseShard, shardOf } from '../../src/select.js'
import { UserError } from '../../src/errors.js'

const names = Array.from({ length: 400 }, (_, i) => `brand-${i}`)

describe('account selection', () => {
  it('selects by names and globs', () => {
    const pick = accountSelector({ accounts: 'brand-1, brand-2*' })
    expect(names.filter(pick)).toEqual(['brand-1', 'brand-2', ...names.filter((n) => /^brand-2\d+$/.test(n))])
  })

  it('puts every account in exactly one shard, spread roughly evenly', () => {
    const n = 4
    const counts = new Map<number, number>()
    for (const name of names) {
      const owners = [1, 2, 3, 4].filter((k) => accountSelector({ shard: `${k}/${n}` })(name))
      expect(owners).toHaveLength(1)
      counts.set(owners[0], (counts.get(owners[0]) ?? 0) + 1)
    }
    for (const k of [1, 2, 3, 4]) expect(counts.get(k)!).toBeGreaterThan(60)
  })

  it('does not move accounts when one is added, and moves only to the new shard when n grows', () => {
    const before = new Map(names.map((name) => [name, shardOf(name, 4)]))
    const after = new Map(names.map((name) => [name, shardOf(name, 5)]))
    for (const name of names) {
      if (before.get(name) !== after.get(name)) expect(after.get(name)).toBe(5)
    }
    // a new account does not change anyone else's shard: shardOf depends on the name alone
    expect(shardOf('brand-7', 4)).toBe(before.get('brand-7'))
  })

  it('refuses malformed shards with the fix', () => {
    for (const bad of ['0/4', '5/4', '1-4', 'a/b', '1/0']) {
      expect(() => parseShard(bad)).toThrow(UserError)
    }
    expect(parseShard(' 2 / 3 ')).toEqual({ k: 2, n: 3 })
  })

  it('combines names and shards', () => {
    const pick = accountSelector({ accounts: 'brand-1*', shard: '1/2' })
    const selected = names.filter(pick)
    expect(selected.length).toBeGreaterThan(0)
    expect(selected.every((n) => n.startsWith('brand-1') && shardOf(n, 2) === 1)).toBe(true)
  })
})

describe('glob matching', () => {
  it.each([
    ['brand-*', 'brand-us', true],
    ['brand-*', 'brand', false],
    ['*-us', 'brand-us', true],
    ['b?and-us', 'brand-us', true],
    ['b*d*s', 'brand-us', true],
    ['*', '', true],
    ['', 'x', false],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbYd', false],
    ['brand.us', 'brandXus', false]
  ])('%j matches %j: %s', (glob, name, expected) => {
    expect(globMatch(glob, name)).toBe(expected)
  })

  it('answers at once for a pattern of many stars (no backtracking blow-up)', () => {
    // with a RegExp of 40 `.*` this never returned
    expect(globMatch(`${'*'.repeat(40)}x`, 'a'.repeat(60))).toBe(false)
    expect(globMatch(`${'*a'.repeat(30)}`, 'a'.repeat(30))).toBe(true)
  })
})
