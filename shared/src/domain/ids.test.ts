import { describe, expect, it } from 'vitest'
import { EntityIdSchema } from './common.ts'
import { newEntityId } from './ids.ts'

describe('newEntityId', () => {
  it('makes valid, distinct entity ids with the prefix', () => {
    const ids = Array.from({ length: 200 }, () => newEntityId('t'))
    for (const id of ids) {
      expect(id).toMatch(/^t[0-9a-f]{12}$/)
      expect(EntityIdSchema.safeParse(id).success).toBe(true)
    }
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('works where crypto.randomUUID does not exist (plain-http pages)', () => {
    const saved = crypto.randomUUID
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true })
    try {
      expect(newEntityId('a')).toMatch(/^a[0-9a-f]{12}$/)
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: saved, configurable: true })
    }
  })
})
