import { describe, expect, it } from 'vitest'
import { cleanUserName } from './userName.ts'

describe('cleanUserName', () => {
  it('keeps a name in any script as it was typed', () => {
    expect(cleanUserName('  Zoë Ó Briain  ')).toBe('Zoë Ó Briain')
    expect(cleanUserName('佐藤 花子')).toBe('佐藤 花子')
    expect(cleanUserName('سارة')).toBe('سارة')
  })

  it('makes a pasted line break or tab a space and drops text-direction marks', () => {
    expect(cleanUserName('Ada\r\nLovelace')).toBe('Ada Lovelace')
    expect(cleanUserName('Ada\tL.')).toBe('Ada L.')
    // Would read as "Sam (renwo)" reversed on everyone's screen.
    expect(cleanUserName('Sam \u202E(owner)')).toBe('Sam (owner)')
    expect(cleanUserName('\u2067\u0000\u200B')).toBe('\u200B')
    expect(cleanUserName('\u2067\u0000')).toBe('')
  })
})
