import { describe, expect, it } from 'vitest'
import { DiagramBuilder } from './diagramBuilder.ts'
import { dismissalMeta, readDismissals } from './dismissals.ts'
import { consideredFrom, suggest } from './suggest.ts'

describe('dismissed suggestions', () => {
  it('are read from the element they were dismissed on and then no longer suggested', () => {
    const b = new DiagramBuilder().node(
      'vault',
      'data-store',
      { x: 0, y: 0 },
      { storesCredentials: true },
    )
    expect(suggest(b.facts()).map((s) => s.ruleId)).toEqual(['store-credentials-unencrypted'])
    const vault = b.records[0]!
    vault.meta = { ...(vault.meta as object), ...dismissalMeta('store-credentials-unencrypted') }
    const dismissed = readDismissals(b.records)
    expect(dismissed).toEqual([
      { ruleId: 'store-credentials-unencrypted', elementId: 'shape:vault' },
    ])
    expect(suggest(b.facts(), consideredFrom([], dismissed))).toEqual([])
  })

  it('ignores junk and entries on shapes that are not DFD elements', () => {
    const records = [
      {
        id: 'shape:n',
        typeName: 'shape',
        type: 'dfd-node',
        props: { kind: 'process' },
        meta: { 'dismissed:x': 'yes', 'dismissed:BAD ID': true, other: true },
      },
      {
        id: 'shape:g',
        typeName: 'shape',
        type: 'geo',
        props: {},
        meta: { 'dismissed:process-no-rate-limit': true },
      },
    ]
    expect(readDismissals(records)).toEqual([])
    expect(() => dismissalMeta('not a rule')).toThrow(/rule id/)
  })
})
