import { describe, expect, it } from 'vitest'
import { sameElements, sameSet } from './sameValue.ts'

describe('sameSet', () => {
  it('is true for the same members in any order, false otherwise', () => {
    expect(sameSet(new Set(['a', 'b']), new Set(['b', 'a']))).toBe(true)
    expect(sameSet(new Set(['a', 'b']), new Set(['a', 'c']))).toBe(false)
    expect(sameSet(new Set(['a']), new Set(['a', 'b']))).toBe(false)
    expect(sameSet(new Set(['a', 'b']), new Set(['a']))).toBe(false)
  })
})

describe('sameElements', () => {
  const list = (...names: string[]) => names.map((name, i) => ({ id: `shape:${i}`, name }))
  it('is true for the same ids and names in the same order', () => {
    expect(sameElements(list('Web shop', 'Orders DB'), list('Web shop', 'Orders DB'))).toBe(true)
  })
  it('sees a renamed, added, removed or reordered element', () => {
    expect(sameElements(list('Web shop', 'Orders DB'), list('Web shop', 'Orders'))).toBe(false)
    expect(sameElements(list('Web shop'), list('Web shop', 'Orders DB'))).toBe(false)
    expect(sameElements(list('Web shop', 'Orders DB'), list('Web shop'))).toBe(false)
    const [a, b] = list('Web shop', 'Orders DB')
    expect(sameElements([a!, b!], [b!, a!])).toBe(false)
  })
})
