import { describe, expect, it } from 'vitest'
import { createRoomId, isRoomId } from './roomId.ts'

describe('room ids', () => {
  it('are 22 URL-safe characters and distinct', () => {
    const ids = new Set(Array.from({ length: 1000 }, createRoomId))
    expect(ids.size).toBe(1000)
    for (const id of ids) expect(isRoomId(id)).toBe(true)
  })

  it('refuses anything else', () => {
    for (const bad of [
      '',
      'short',
      '../../etc/passwd00000',
      'a'.repeat(23),
      'a b'.padEnd(22, 'c'),
    ]) {
      expect(isRoomId(bad)).toBe(false)
    }
  })
})
