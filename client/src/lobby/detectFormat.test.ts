import { describe, expect, it } from 'vitest'
import { detectFormat } from './detectFormat.ts'

describe('detectFormat', () => {
  it('recognises OTM, Threat Dragon and TM-BOM files', () => {
    expect(detectFormat({ otmVersion: '0.2.0', project: {} })).toBe('otm')
    expect(detectFormat({ summary: { title: 'x' }, detail: { diagrams: [] } })).toBe(
      'threat-dragon',
    )
    expect(
      detectFormat({
        version: '1.0.1',
        scope: { title: 'Husky AI' },
        trust_zones: [],
        data_flows: [],
      }),
    ).toBe('tm-bom')
  })

  it('gives up on anything else', () => {
    for (const value of [
      null,
      42,
      'text',
      [],
      { title: 'x' },
      { scope: { title: 'x' } },
      { scope: null, components: [] },
    ]) {
      expect(detectFormat(value)).toBeUndefined()
    }
  })
})
