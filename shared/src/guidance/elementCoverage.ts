import type * as Y from 'yjs'
import { readCollection } from '../doc/modelDoc.ts'
import { readDrawnRecords } from '../doc/drawnRecords.ts'
import {
  DFD_ELEMENT_KINDS,
  STRIDE_PER_ELEMENT,
  type DfdElementKind,
  type StrideCategory,
} from '../domain/stride.ts'
import { buildDiagramFacts, type ElementFacts } from './diagramFacts.ts'
import { readDismissals } from './dismissals.ts'
import { readNoneFound } from './noneFound.ts'
import { GUIDANCE_RULES } from './rules/guidanceRules.ts'

/** How far the team has gone through STRIDE on one element. */
export interface ElementCoverage {
  id: string
  kind: DfdElementKind
  name: string
  /** The categories STRIDE-per-element usually asks about for this kind. */
  expected: readonly StrideCategory[]
  /** Categories with a threat on the element, a dismissed suggestion, or "none found". */
  considered: ReadonlySet<StrideCategory>
  /** Of those, the ones marked "considered, none found" (an editor can take the mark back). */
  noneFound: ReadonlySet<StrideCategory>
}

/** Expected (element, category) pairs and how many of them were considered. */
export interface CoverageCount {
  elements: number
  expected: number
  considered: number
}

/** Coverage per element kind and for the whole board (in-scope elements only). */
export interface CoverageSummary {
  /** Every kind, in DFD_ELEMENT_KINDS order, with zeroes for a kind the board lacks. */
  byKind: Record<DfdElementKind, CoverageCount>
  board: CoverageCount
  /** considered / expected in whole percent, rounded down; null when nothing is expected. */
  percent: number | null
}

const RULE_CATEGORY = new Map<string, StrideCategory>(GUIDANCE_RULES.map((r) => [r.id, r.category]))

/**
 * Coverage of each in-scope element: which STRIDE categories were considered (a threat targets
 * it, someone dismissed a suggestion of that category on it, or marked it "considered, none
 * found") against those its kind usually calls for. Least covered first, then by name.
 */
export function elementCoverage(
  elements: readonly ElementFacts[],
  threats: readonly { category: StrideCategory; targets: { elements: readonly string[] } }[],
  dismissals: readonly { ruleId: string; elementId: string }[],
  noneFound: readonly { elementId: string; category: StrideCategory }[] = [],
): ElementCoverage[] {
  const sets = (pairs: Iterable<[string, StrideCategory]>) => {
    const map = new Map<string, Set<StrideCategory>>()
    for (const [id, category] of pairs) map.set(id, (map.get(id) ?? new Set()).add(category))
    return map
  }
  const marked = sets(noneFound.map((n) => [n.elementId, n.category]))
  const considered = sets([
    ...threats.flatMap((t) =>
      t.targets.elements.map((id): [string, StrideCategory] => [id, t.category]),
    ),
    ...dismissals.flatMap((d): [string, StrideCategory][] => {
      const category = RULE_CATEGORY.get(d.ruleId)
      return category ? [[d.elementId, category]] : []
    }),
    ...noneFound.map((n): [string, StrideCategory] => [n.elementId, n.category]),
  ])
  return elements
    .filter((e) => e.inScope)
    .map((e) => ({
      id: e.id,
      kind: e.kind,
      name: e.name.replace(/\s+/g, ' ').trim(),
      expected: STRIDE_PER_ELEMENT[e.kind],
      considered: considered.get(e.id) ?? new Set<StrideCategory>(),
      noneFound: marked.get(e.id) ?? new Set<StrideCategory>(),
    }))
    .sort(
      (a, b) =>
        missingCategories(b).length - missingCategories(a).length || a.name.localeCompare(b.name),
    )
}

/** The expected categories nobody has considered yet on this element, in STRIDE order. */
export function missingCategories(c: ElementCoverage): StrideCategory[] {
  return c.expected.filter((cat) => !c.considered.has(cat))
}

/** What the overlay, the checklist and the report summary count: expected pairs considered. */
export function summarizeCoverage(coverage: readonly ElementCoverage[]): CoverageSummary {
  const zero = (): CoverageCount => ({ elements: 0, expected: 0, considered: 0 })
  const byKind = Object.fromEntries(DFD_ELEMENT_KINDS.map((k) => [k, zero()])) as Record<
    DfdElementKind,
    CoverageCount
  >
  const board = zero()
  for (const c of coverage) {
    const done = c.expected.length - missingCategories(c).length
    for (const count of [byKind[c.kind], board]) {
      count.elements++
      count.expected += c.expected.length
      count.considered += done
    }
  }
  return {
    byKind,
    board,
    percent: board.expected ? Math.floor((100 * board.considered) / board.expected) : null,
  }
}

/**
 * The coverage of a room as it stands, from its document: what the report's summary shows
 * (the client computes the same from its synced store with `elementCoverage`).
 */
export function coverageForRoom(doc: Y.Doc): ElementCoverage[] {
  const records = readDrawnRecords(doc)
  return elementCoverage(
    buildDiagramFacts(records).elements,
    readCollection(doc, 'threats'),
    readDismissals(records),
    readNoneFound(records),
  )
}

/** Each kind's name in a coverage summary line (plural, as it counts elements). */
export const COVERAGE_KIND_LABEL: Record<DfdElementKind, string> = {
  process: 'Processes',
  'data-store': 'Data stores',
  'external-entity': 'External entities',
  'data-flow': 'Data flows',
}

/**
 * The summary in one line, as the overlay, the checklist and the report print it:
 * "Processes 2/12 · Data stores 1/4 · Board 27 %" (kinds the board lacks are left out).
 */
export function coverageLine(summary: CoverageSummary): string {
  const kinds = (['process', 'data-store', 'external-entity', 'data-flow'] as const)
    .filter((k) => summary.byKind[k].elements > 0)
    .map(
      (k) =>
        `${COVERAGE_KIND_LABEL[k]} ${summary.byKind[k].considered}/${summary.byKind[k].expected}`,
    )
  return [...kinds, `Board ${summary.percent === null ? '–' : `${summary.percent} %`}`].join(' · ')
}
