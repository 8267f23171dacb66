import { describe, expect, it } from 'vitest'
import { DiagramBuilder } from './diagramBuilder.ts'
import { applicableSuggestions, consideredFrom, notConsidered, suggest } from './suggest.ts'

/** An outside user calling an API that stores credentials in the clear. */
const board = () =>
  new DiagramBuilder()
    .box('dmz', 0, 0, 400, 400)
    .node('user', 'external-entity', { x: -300, y: 0 })
    .node('api', 'process', { x: 100, y: 100 })
    .node('secrets', 'data-store', { x: 100, y: 250 }, { storesCredentials: true })
    .flow('login', 'user', 'api')

describe('suggest', () => {
  it('suggests threats with everything a card needs, high priority first', () => {
    const all = suggest(board().facts())
    expect(all.length).toBeGreaterThan(3)
    const creds = all.find((s) => s.ruleId === 'store-credentials-unencrypted')!
    expect(creds).toMatchObject({
      elementId: 'shape:secrets',
      category: 'information-disclosure',
      title: 'Credentials in secrets could be read by anyone who gets at the store',
      recommendation: { priority: 'high' },
    })
    expect(creds.description).toMatch(/encrypted at rest/)
    expect(creds.rationale).toMatch(/storing credentials/)
    const ranks = all.map((s) => ['high', 'medium', 'low'].indexOf(s.recommendation.priority))
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
  })

  it('leaves out an element and category a threat card already covers, and dismissed ones', () => {
    const facts = board().facts()
    const considered = consideredFrom(
      [{ category: 'spoofing', targets: { elements: ['shape:api'] } }],
      [{ ruleId: 'process-no-rate-limit', elementId: 'shape:api' }],
    )
    const left = suggest(facts, considered)
    const api = left.filter((s) => s.elementId === 'shape:api')
    expect(api.some((s) => s.category === 'spoofing')).toBe(false)
    expect(api.some((s) => s.ruleId === 'process-no-rate-limit')).toBe(false)
    expect(api.some((s) => s.category === 'tampering')).toBe(true)
    expect(left.some((s) => s.elementId === 'shape:user' && s.category === 'spoofing')).toBe(true)
  })

  it('suggests nothing for an element out of scope', () => {
    const b = new DiagramBuilder().node(
      'vault',
      'data-store',
      { x: 0, y: 0 },
      { storesCredentials: true },
      { inScope: false },
    )
    expect(suggest(b.facts())).toEqual([])
  })

  it("gives the same list when the diagram's suggestions are kept and only what was considered is taken out", () => {
    const facts = board().facts()
    const all = applicableSuggestions(facts)
    expect(all).toEqual(suggest(facts))
    const considered = consideredFrom(
      [{ category: 'information-disclosure', targets: { elements: ['shape:secrets'] } }],
      [{ ruleId: 'process-no-rate-limit', elementId: 'shape:api' }],
    )
    const left = notConsidered(all, considered)
    expect(left).toEqual(suggest(facts, considered))
    expect(left.length).toBeLessThan(all.length)
    // What was covered stays in the diagram's list for when the threat goes again.
    expect(all.some((s) => s.ruleId === 'store-credentials-unencrypted')).toBe(true)
    expect(left.some((s) => s.ruleId === 'store-credentials-unencrypted')).toBe(false)
    expect(applicableSuggestions(facts)).toEqual(all)
  })
})
