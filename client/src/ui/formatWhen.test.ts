import { describe, expect, it } from 'vitest'
import { formatWhen } from './formatWhen.ts'

describe('formatWhen', () => {
  it('writes a moment as the browser’s language writes a medium date and a short time', () => {
    const at = Date.UTC(2026, 11, 4, 18, 19)
    const expected = new Date(at).toLocaleString(undefined, {
      dateStyle: 'medium',
      timeStyle: 'short',
    })
    expect(formatWhen(at)).toBe(expected)
    expect(formatWhen(new Date(at).toISOString())).toBe(expected)
    // The formatter made for the first call serves the next ones.
    expect(formatWhen(at + 60_000)).not.toBe(expected)
  })
})
