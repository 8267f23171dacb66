import { describe, expect, it } from 'vitest'
import type { ElementFacts } from '@threatboard/shared'
import { elementCoverage, missing } from './elementCoverage.ts'
import { changeProperty } from './propertyFields.ts'

const element = (id: string, kind: ElementFacts['kind'], inScope = true) =>
  ({ id, kind, name: ` ${id}  name `, inScope, properties: {} }) as unknown as ElementFacts

describe('elementCoverage', () => {
  it('counts a threat or a dismissed suggestion as considered, against STRIDE-per-element', () => {
    const [store, entity] = elementCoverage(
      [element('shape:e', 'external-entity'), element('shape:s', 'data-store')],
      [{ category: 'tampering', targets: { elements: ['shape:s'] } }],
      [
        { ruleId: 'entity-unauthenticated', elementId: 'shape:e' },
        { ruleId: 'no-such-rule', elementId: 'shape:e' },
      ],
    )
    // The store misses three of its four categories, so it is listed first.
    expect(store!.id).toBe('shape:s')
    expect(store!.name).toBe('shape:s name')
    expect(missing(store!)).toEqual(['repudiation', 'information-disclosure', 'denial-of-service'])
    expect([...entity!.considered]).toEqual(['spoofing'])
    expect(missing(entity!)).toEqual(['repudiation'])
  })

  it('leaves out-of-scope elements out', () => {
    expect(elementCoverage([element('shape:p', 'process', false)], [], [])).toEqual([])
  })
})

describe('changeProperty', () => {
  it('sets a ticked flag or a chosen value, and removes an unticked or emptied one', () => {
    const set = changeProperty({ rateLimited: true }, 'privilegeLevel', 'root/admin')
    expect(set).toEqual({ rateLimited: true, privilegeLevel: 'root/admin' })
    expect(changeProperty(set, 'rateLimited', false)).toEqual({ privilegeLevel: 'root/admin' })
    expect(changeProperty(set, 'privilegeLevel', '')).toEqual({ rateLimited: true })
  })
})
