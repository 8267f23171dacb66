import { describe, expect, it } from 'vitest'
import { describeTarget } from './hintTarget.ts'

describe('describeTarget', () => {
  const threats = [{ id: 't1', title: 'Token replay' }]
  const names = (id: string) => (id === 'shape:api' ? 'Checkout API' : undefined)

  it('names the board, an element and a threat', () => {
    expect(describeTarget({ kind: 'board' }, threats, names)).toBe('the board')
    expect(describeTarget({ kind: 'element', id: 'shape:api' }, threats, names)).toBe(
      'Checkout API',
    )
    expect(describeTarget({ kind: 'threat', id: 't1' }, threats, names)).toBe(
      'threat “Token replay”',
    )
  })

  it('says when the target is gone', () => {
    expect(describeTarget({ kind: 'element', id: 'shape:x' }, threats, names)).toBe(
      'an element no longer on the board',
    )
    expect(describeTarget({ kind: 'threat', id: 'nope' }, threats, names)).toBe('a deleted threat')
  })
})
