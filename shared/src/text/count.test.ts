import { describe, expect, it } from 'vitest'
import { count } from './count.ts'

describe('count', () => {
  it('says one thing in the singular and any other number in the plural', () => {
    expect(count(1, 'threat')).toBe('1 threat')
    expect(count(0, 'threat')).toBe('0 threats')
    expect(count(2, 'trust boundary', 'trust boundaries')).toBe('2 trust boundaries')
    expect(count(1, 'trust boundary', 'trust boundaries')).toBe('1 trust boundary')
    expect(count(12000, 'shape')).toBe('12,000 shapes')
  })
})
