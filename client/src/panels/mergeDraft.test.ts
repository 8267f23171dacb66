import { describe, expect, it } from 'vitest'
import { mergeDraft } from './mergeDraft.ts'

describe('mergeDraft', () => {
  it('saves my text when no one else changed the field', () => {
    expect(mergeDraft('Old', 'Old and mine', 'Old')).toEqual({ merged: 'Old and mine' })
  })

  it('keeps their text when I changed nothing', () => {
    expect(mergeDraft('Old', 'Old', 'Theirs')).toEqual({ merged: 'Theirs' })
  })

  it('keeps both when we wrote at different places', () => {
    const base = 'An attacker edits order totals.'
    const mine = 'An attacker on the network edits order totals.'
    const theirs = 'An attacker edits order totals. Seen in the 2025 pen test.'
    expect(mergeDraft(base, mine, theirs)).toEqual({
      merged: 'An attacker on the network edits order totals. Seen in the 2025 pen test.',
    })
  })

  it('keeps both when we each started an empty field', () => {
    expect(mergeDraft('', 'SQL injection in search.', 'Order totals edited in transit.')).toEqual({
      merged: 'Order totals edited in transit. SQL injection in search.',
    })
  })

  it('merges nothing when my change no longer finds its place in theirs', () => {
    const base = 'Tokens are checked by the gateway before the request reaches the API.'
    const mine = 'Tokens are checked by the API itself before the request reaches the API.'
    const theirs = 'Every request is signed; the signature is verified by the payments service.'
    expect(mergeDraft(base, mine, theirs)).toEqual({ merged: null })
  })
})
