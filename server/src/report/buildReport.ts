import type * as Y from 'yjs'
import { readCollection, readSession } from '@threatboard/shared/doc/modelDoc.ts'
import type { JsonRecord } from '@threatboard/shared/doc/recordMaps.ts'
import { readDrawnRecords } from '@threatboard/shared/doc/drawnRecords.ts'
import type { Asset } from '@threatboard/shared/domain/asset.ts'
import type { Hint, Review } from '@threatboard/shared/domain/hint.ts'
import {
  PRIORITIES,
  PRIORITY_MEANING,
  PRIORITY_RANK,
  RECOMMENDATION_STATUS_RANK,
  RECOMMENDATION_STATUSES,
  type Priority,
  type Recommendation,
  type RecommendationStatus,
} from '@threatboard/shared/domain/recommendation.ts'
import type { SessionSize, Session } from '@threatboard/shared/domain/session.ts'
import { STRIDE, STRIDE_INFO, type StrideCategory } from '@threatboard/shared/domain/stride.ts'
import {
  SEVERITIES,
  SEVERITY_RANK,
  type Severity,
  type Threat,
} from '@threatboard/shared/domain/threat.ts'
import { coverageForRoom } from '@threatboard/shared/guidance/elementCoverage.ts'
import { richTextToPlain } from '@threatboard/shared/interop/richText.ts'
import { dataFlowIds } from '@threatboard/shared/shapes/boardShapes.ts'
import { buildInventory, type Inventory } from './buildInventory.ts'
import { buildSummary, type ReportSummary } from './buildSummary.ts'
import type { ReportDiagramPage } from './ReportDiagram.ts'
import type { ReportLayout } from './formats.ts'
export { REPORT_LAYOUTS, type ReportLayout } from './formats.ts'

/** Bumped whenever the JSON report's shape changes (docs/report-schema.md). */
export const REPORT_SCHEMA_VERSION = 2

/** Which state of the room a report shows. */
export type ReportVersion =
  | { kind: 'live'; updatedAt: string }
  | { kind: 'version'; number: number; name: string; createdBy: string; createdAt: string }

/** How much a rendered report holds (docs/api.md): a ticket's text, one page, or everything. */

/** The layout a session of each size produces by default (shared/src/domain/session.ts). */
export const LAYOUT_FOR_SIZE: Record<SessionSize, ReportLayout> = {
  small: 'ticket',
  medium: 'summary',
  large: 'full',
}

/** What a hint is about, named so a reader needs no board to follow it. */
export interface HintAbout {
  kind: 'board' | 'element' | 'flow' | 'trust-boundary' | 'threat' | 'removed'
  id?: string
  /** The element's name, the flow's label or the threat's title (empty for the board). */
  name: string
}

export interface ReportHint extends Hint {
  about: HintAbout
}

export interface ReportElement {
  id: string
  kind: string
  name: string
  inScope: boolean
}

export interface ReportThreat extends Threat {
  /** Names of the elements and assets the threat targets; unknown ids are named as missing. */
  targetNames: string[]
  /** Ids of recommendations answering it. */
  answeredBy: string[]
}

export interface ReportRecommendation extends Recommendation {
  priorityMeaning: string
  threats: Pick<Threat, 'id' | 'title' | 'category' | 'severity' | 'status'>[]
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION
  roomId: string
  title: string
  generatedAt: string
  version: ReportVersion
  session: Session
  /** The board drawn by the server, one entry per tldraw page that has something on it. */
  diagrams: ReportDiagramPage[]
  summary: ReportSummary
  elements: ReportElement[]
  inventory: Inventory
  assets: Asset[]
  recommendations: ReportRecommendation[]
  threatsByCategory: {
    category: StrideCategory
    label: string
    letter: string
    threats: ReportThreat[]
  }[]
  unansweredThreats: Pick<Threat, 'id' | 'title' | 'category' | 'severity'>[]
  exceptions: ReportRecommendation[]
  hints: ReportHint[]
  reviews: Review[]
  counts: {
    openThreatsBySeverity: Record<Severity, number>
    recommendationsByPriority: Record<Priority, number>
    recommendationsByStatus: Record<RecommendationStatus, number>
    threats: number
    recommendations: number
  }
}

export interface ReportInput {
  roomId: string
  title: string
  doc: Y.Doc
  generatedAt: Date
  version: ReportVersion
  diagrams: ReportDiagramPage[]
}

const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>

function elementOf(record: JsonRecord, flows: Set<string>): ReportElement | undefined {
  if (record.typeName !== 'shape') return undefined
  const props = (record.props ?? {}) as Record<string, unknown>
  if (record.type === 'dfd-node' || record.type === 'trust-boundary') {
    return {
      id: record.id,
      kind: record.type === 'dfd-node' ? String(props.kind) : 'trust-boundary',
      name: String(props.name ?? ''),
      inScope: props.inScope !== false,
    }
  }
  if (record.type === 'arrow' && flows.has(record.id)) {
    // Flows are in scope unless an import said otherwise (docs/doc-layout.md).
    const flow = (record.meta as { dataFlow?: { inScope?: unknown } } | undefined)?.dataFlow
    return {
      id: record.id,
      kind: 'data-flow',
      name: labelOf(props),
      inScope: flow?.inScope !== false,
    }
  }
  return undefined
}

/** The plain text of a shape's tldraw rich-text label, its paragraphs joined by spaces. */
export function labelOf(props: Record<string, unknown>): string {
  return richTextToPlain(props.richText, ' ')
}

/**
 * Builds the report of one room from its document. Pure: everything it needs is passed in, so
 * every renderer (Markdown, HTML, PDF, JSON, CSV) shows the same facts in the same order.
 */
export function buildReport(input: ReportInput): Report {
  const { doc } = input
  const session = readSession(doc)
  const records = readDrawnRecords(doc)
  const flows = dataFlowIds(records)
  const elements = records
    .map((r) => elementOf(r, flows))
    .filter((e): e is ReportElement => e !== undefined)
  const assets = readCollection(doc, 'assets')
  const threats = readCollection(doc, 'threats')
  const recs = readCollection(doc, 'recommendations')
  const names = new Map<string, string>([
    ...elements.map((e): [string, string] => [e.id, e.name || e.kind]),
    ...assets.map((a): [string, string] => [a.id, a.name]),
  ])
  const threatById = new Map(threats.map((t) => [t.id, t]))

  const recommendations: ReportRecommendation[] = recs
    .map((r) => ({
      ...r,
      priorityMeaning: PRIORITY_MEANING[r.priority],
      threats: r.threatIds.flatMap((id) => {
        const t = threatById.get(id)
        return t
          ? [{ id, title: t.title, category: t.category, severity: t.severity, status: t.status }]
          : []
      }),
    }))
    .sort(
      (a, b) =>
        PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
        RECOMMENDATION_STATUS_RANK[a.status] - RECOMMENDATION_STATUS_RANK[b.status] ||
        a.text.localeCompare(b.text),
    )

  const answeredBy = new Map<string, string[]>()
  for (const r of recs)
    for (const id of r.threatIds) answeredBy.set(id, [...(answeredBy.get(id) ?? []), r.id])

  const reportThreats: ReportThreat[] = threats.map((t) => ({
    ...t,
    targetNames: [...t.targets.elements, ...t.targets.assets].map(
      (id) => names.get(id) ?? `(removed: ${id})`,
    ),
    answeredBy: answeredBy.get(t.id) ?? [],
  }))
  const threatsByCategory = STRIDE.map((category) => ({
    category,
    label: STRIDE_INFO[category].label,
    letter: STRIDE_INFO[category].letter,
    threats: reportThreats
      .filter((t) => t.category === category)
      .sort(
        (a, b) =>
          SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.title.localeCompare(b.title),
      ),
  })).filter((g) => g.threats.length > 0)

  const counts = {
    openThreatsBySeverity: zeroes(SEVERITIES),
    recommendationsByPriority: zeroes(PRIORITIES),
    recommendationsByStatus: zeroes(RECOMMENDATION_STATUSES),
    threats: threats.length,
    recommendations: recs.length,
  }
  for (const t of threats) if (t.status === 'open') counts.openThreatsBySeverity[t.severity]++
  for (const r of recs) {
    counts.recommendationsByPriority[r.priority]++
    counts.recommendationsByStatus[r.status]++
  }

  const unansweredThreats = reportThreats
    .filter((t) => t.answeredBy.length === 0 && t.status === 'open')
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])
    .map(({ id, title, category, severity }) => ({ id, title, category, severity }))
  const reviews = readCollection(doc, 'reviews').sort((a, b) => a.at - b.at)
  const kindOf = new Map(elements.map((e) => [e.id, e.kind]))
  const about = (h: Hint): HintAbout => {
    if (h.target.kind === 'board') return { kind: 'board', name: '' }
    const { id } = h.target
    if (h.target.kind === 'threat') {
      const t = threatById.get(id)
      return t ? { kind: 'threat', id, name: t.title } : { kind: 'removed', id, name: '' }
    }
    const kind = kindOf.get(id)
    if (kind === undefined) return { kind: 'removed', id, name: '' }
    const name = names.get(id) ?? ''
    if (kind === 'data-flow') return { kind: 'flow', id, name }
    return { kind: kind === 'trust-boundary' ? 'trust-boundary' : 'element', id, name }
  }

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    roomId: input.roomId,
    title: input.title,
    generatedAt: input.generatedAt.toISOString(),
    version: input.version,
    session,
    diagrams: input.diagrams,
    summary: buildSummary({
      threats,
      reviews,
      unanswered: unansweredThreats,
      recommendations,
      coverage: coverageForRoom(doc),
    }),
    elements,
    inventory: buildInventory(doc, input.title, assets),
    assets,
    recommendations,
    threatsByCategory,
    unansweredThreats,
    exceptions: recommendations.filter((r) => r.status === 'exception'),
    hints: readCollection(doc, 'hints')
      .filter((h) => !h.hidden)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((h) => ({ ...h, about: about(h) })),
    reviews,
    counts,
  }
}
