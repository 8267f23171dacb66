import { describe, expect, it } from 'vitest'
import { detectFormat } from './detectFormat.ts'

describe('detectFormat', () => {
  it('recognises OTM and Threat Dragon files', () => {
    expect(detectFormat({ otmVersion: '0.2.0', project: {} })).toBe('otm')
    expect(detectFormat({ summary: { title: 'x' }, detail: { diagrams: [] } })).toBe(
      'threat-dragon',
    )
  })

  it('gives up on anything else', () => {
    for (const value of [null, 42, 'text', [], { title: 'x' }]) {
      expect(detectFormat(value)).toBeUndefined()
    }
  })
})
