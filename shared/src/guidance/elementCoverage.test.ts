import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { writeEntity } from '../doc/modelDoc.ts'
import { writeRecord } from '../doc/recordMaps.ts'
import { getRecordsMap } from '../doc/roomDoc.ts'
import { DiagramBuilder } from './diagramBuilder.ts'
import type { ElementFacts } from './diagramFacts.ts'
import { dismissalMeta } from './dismissals.ts'
import {
  coverageForRoom,
  elementCoverage,
  missingCategories,
  summarizeCoverage,
} from './elementCoverage.ts'
import { readNoneFound, withNoneFound } from './noneFound.ts'
import { suggestForRoom } from './roomSuggestions.ts'

const element = (id: string, kind: ElementFacts['kind'], inScope = true) =>
  ({ id, kind, name: ` ${id}  name `, inScope, properties: {} }) as unknown as ElementFacts

const threat = (category: string, elements: string[]) => ({
  id: `t-${category}-${elements.join()}`,
  category,
  title: 'A threat',
  description: '',
  targets: { elements, assets: [] },
  severity: 'high',
  status: 'open',
  mitigation: '',
  author: '',
  createdAt: 0,
})

describe('elementCoverage', () => {
  it('counts a threat, a dismissed suggestion or "none found" as considered, against STRIDE-per-element', () => {
    const [store, flow, entity] = elementCoverage(
      [
        element('shape:e', 'external-entity'),
        element('shape:s', 'data-store'),
        element('shape:f', 'data-flow'),
      ],
      [{ category: 'tampering', targets: { elements: ['shape:s'] } }],
      [
        { ruleId: 'entity-unauthenticated', elementId: 'shape:e' },
        { ruleId: 'no-such-rule', elementId: 'shape:e' },
      ],
      [{ elementId: 'shape:f', category: 'denial-of-service' }],
    )
    // Least covered first: the store misses three categories, the flow two, the entity one.
    expect(store!.id).toBe('shape:s')
    expect(store!.name).toBe('shape:s name')
    expect(missingCategories(store!)).toEqual([
      'repudiation',
      'information-disclosure',
      'denial-of-service',
    ])
    expect([...entity!.considered]).toEqual(['spoofing'])
    expect(missingCategories(entity!)).toEqual(['repudiation'])
    expect(missingCategories(flow!)).toEqual(['tampering', 'information-disclosure'])
    expect([...flow!.noneFound]).toEqual(['denial-of-service'])
  })

  it('leaves out-of-scope elements out', () => {
    expect(elementCoverage([element('shape:p', 'process', false)], [], [])).toEqual([])
  })
})

describe('summarizeCoverage', () => {
  it('adds up expected pairs per kind and for the board; an unusual category counts for nothing', () => {
    const coverage = elementCoverage(
      [
        element('shape:p1', 'process'),
        element('shape:p2', 'process'),
        element('shape:s', 'data-store'),
        element('shape:e', 'external-entity'),
      ],
      [
        { category: 'spoofing', targets: { elements: ['shape:p1', 'shape:e'] } },
        { category: 'tampering', targets: { elements: ['shape:p1', 'shape:s'] } },
        // Not expected on an external entity: shown filled, not counted.
        { category: 'tampering', targets: { elements: ['shape:e'] } },
      ],
      [],
    )
    const summary = summarizeCoverage(coverage)
    expect(summary.byKind.process).toEqual({ elements: 2, expected: 12, considered: 2 })
    expect(summary.byKind['data-store']).toEqual({ elements: 1, expected: 4, considered: 1 })
    expect(summary.byKind['external-entity']).toEqual({ elements: 1, expected: 2, considered: 1 })
    expect(summary.byKind['data-flow']).toEqual({ elements: 0, expected: 0, considered: 0 })
    expect(summary.board).toEqual({ elements: 4, expected: 18, considered: 4 })
    // 4 / 18 = 22.2 %: rounded down, so 100 % means every expected pair.
    expect(summary.percent).toBe(22)
  })

  it('has no percentage for an empty board', () => {
    expect(summarizeCoverage([]).percent).toBeNull()
  })
})

describe('"considered, none found" in a room document', () => {
  it("is read back from meta, counts as coverage, silences that category's suggestions, and can be taken back", () => {
    const doc = new Y.Doc()
    const records = getRecordsMap(doc)
    const [vault] = new DiagramBuilder().node('vault', 'data-store', undefined, {
      storesCredentials: true,
    }).records
    writeRecord(records, vault!)
    writeEntity(doc, 'threats', threat('tampering', ['shape:vault']) as never)
    expect(suggestForRoom(doc).map((s) => s.category)).toEqual(['information-disclosure'])

    const marked = {
      ...vault!,
      meta: withNoneFound(vault!.meta as Record<string, unknown>, 'information-disclosure', true),
    }
    writeRecord(records, marked)
    expect(readNoneFound([marked])).toEqual([
      { elementId: 'shape:vault', category: 'information-disclosure' },
    ])
    const [covered] = coverageForRoom(doc)
    expect(missingCategories(covered!)).toEqual(['repudiation', 'denial-of-service'])
    expect(suggestForRoom(doc)).toEqual([])

    writeRecord(records, {
      ...marked,
      meta: {
        ...withNoneFound(marked.meta, 'information-disclosure', false),
        ...dismissalMeta('store-credentials-unencrypted'),
      },
    })
    const [after] = coverageForRoom(doc)
    expect([...after!.noneFound]).toEqual([])
    // Still considered: the dismissed suggestion was of that category.
    expect(after!.considered.has('information-disclosure')).toBe(true)
  })

  it('ignores junk: a category that is not STRIDE, a value that is not true, a non-element', () => {
    expect(
      readNoneFound([
        {
          id: 'shape:p',
          typeName: 'shape',
          type: 'dfd-node',
          props: { kind: 'process' },
          meta: { 'noneFound:nope': true, 'noneFound:spoofing': 'yes' },
        },
        { id: 'shape:t', typeName: 'shape', type: 'text', meta: { 'noneFound:spoofing': true } },
      ]),
    ).toEqual([])
    expect(() => withNoneFound({}, 'nope' as never, true)).toThrow(/not a STRIDE category/)
  })
})
