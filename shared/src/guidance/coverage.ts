import * as Y from 'yjs'
import { getRecordsMap } from '../doc/roomDoc.ts'
import { readAllRecords, type JsonRecord } from '../doc/recordMaps.ts'
import { readCollection } from '../doc/modelDoc.ts'
import { createBoardSchema } from '../doc/tldrawSchema.ts'
import type { DfdElementKind, StrideCategory } from '../domain/stride.ts'
import { writeModelToDoc } from '../interop/board.ts'
import type { InteropFormat } from '../interop/formats.ts'
import { fromOtm } from '../interop/otm.ts'
import { fromThreatDragon } from '../interop/threatDragon.ts'
import { buildDiagramFacts } from './diagramFacts.ts'
import { PROPERTIES_KEY } from './elementProperties.ts'
import { propertiesFromOtm, propertiesFromThreatDragon } from './fromInterop.ts'
import { consideredFrom, coveredKey, suggest, type Suggestion } from './suggest.ts'

/**
 * How well the guidance rules find the threats a model's authors recorded (bench and test).
 * The model is imported as the product imports it (neutral model, then board records), its
 * element properties mapped from the file (fromInterop.ts), its threats set aside, and the
 * rules run on what is left. An expected pair is (element, STRIDE category) of a recorded
 * threat's target; it is covered when some suggestion names that element and category.
 */
export interface CoverageMiss {
  element: string
  kind: DfdElementKind | 'other'
  category: StrideCategory
  threat: string
}
export interface ModelCoverage {
  file: string
  format: InteropFormat
  /** DFD elements and flows on the board (all, in scope or not). */
  elements: number
  expected: number
  covered: number
  /** covered / expected, or undefined when the authors recorded no threat on an element. */
  coverage: number | undefined
  suggestions: Suggestion[]
  suggestionsPerElement: number
  /** What the rules still suggest once the recorded threats count as considered. */
  remaining: Suggestion[]
  /** `coveredKey` of every expected pair. */
  expectedKeys: Set<string>
  misses: CoverageMiss[]
}

export function measureCoverage(file: string, format: InteropFormat, json: unknown): ModelCoverage {
  const { model } = format === 'otm' ? fromOtm(json) : fromThreatDragon(json)
  const doc = new Y.Doc()
  writeModelToDoc(doc, model, createBoardSchema(), { at: 0, from: 'coverage' })
  const kinds = new Map<string, DfdElementKind>(model.elements.map((e) => [e.id, e.kind]))
  const props =
    format === 'otm'
      ? propertiesFromOtm(json, (id) => kinds.get(id))
      : propertiesFromThreatDragon(json)
  const records: JsonRecord[] = readAllRecords(getRecordsMap(doc)).map((r) => {
    const found = props.get(r.id.replace(/^shape:/, ''))
    if (!found) return r
    return { ...r, meta: { ...(r.meta as object), [PROPERTIES_KEY]: found.properties } }
  })
  const facts = buildDiagramFacts(records)
  const threats = readCollection(doc, 'threats')
  const suggestions = suggest(facts)
  const suggested = new Set(suggestions.map((s) => coveredKey(s.elementId, s.category)))
  const expected = new Map<string, CoverageMiss>()
  for (const t of threats) {
    for (const id of t.targets.elements) {
      const el = facts.byId.get(id)
      expected.set(coveredKey(id, t.category), {
        element: el?.name || id,
        kind: el?.kind ?? 'other',
        category: t.category,
        threat: t.title,
      })
    }
  }
  const misses = [...expected].filter(([key]) => !suggested.has(key)).map(([, miss]) => miss)
  const elements = facts.elements.length
  return {
    file,
    format,
    elements,
    expected: expected.size,
    covered: expected.size - misses.length,
    coverage: expected.size ? (expected.size - misses.length) / expected.size : undefined,
    suggestions,
    suggestionsPerElement: elements ? suggestions.length / elements : 0,
    remaining: suggest(facts, consideredFrom(threats)),
    expectedKeys: new Set(expected.keys()),
    misses,
  }
}
