import { describe, expect, it } from 'vitest'
import { minutesAndSeconds, timeboxText } from './timebox.tsx'

describe('the timebox as people read it', () => {
  it('says minutes and seconds left, and how far over once it ran out', () => {
    expect(timeboxText(3600)).toBe('60:00 left')
    expect(timeboxText(65)).toBe('1:05 left')
    expect(timeboxText(0)).toBe('0:00 left')
    expect(timeboxText(-190)).toBe('3:10 over the timebox')
    expect(minutesAndSeconds(-9)).toBe('0:09')
  })
})
