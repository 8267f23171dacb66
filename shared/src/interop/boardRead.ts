import type * as Y from 'yjs'
import { readCollection, readSession } from '../doc/modelDoc.ts'
import { getMetaMap } from '../doc/roomDoc.ts'
import type { JsonRecord } from '../doc/recordMaps.ts'
import { readDrawnRecords } from '../doc/drawnRecords.ts'
import {
  ANCHOR_BINDING,
  ASSET_PIN,
  dataFlowIds,
  DFD_NODE_KINDS,
  readDataFlowMeta,
  type DfdNodeKind,
} from '../shapes/boardShapes.ts'
import type {
  FlowEnd,
  InteropBoundary,
  InteropFlow,
  InteropModel,
  InteropRecommendation,
  Point,
} from './model.ts'
import { propertiesField } from './model.ts'
import { parseElementProperties } from '../guidance/elementProperties.ts'
import { richTextToPlain } from './richText.ts'
import { spread, SPREAD_KEY } from './spread.ts'

/** Page position of a shape: its own position plus its parents' (groups, frames). */
function pagePosition(record: JsonRecord, byId: Map<string, JsonRecord>): Point {
  let x = record.x as number
  let y = record.y as number
  let parent = byId.get(record.parentId as string)
  // Bounded: shapes written by a script may be each other's parents, and an endless walk here
  // held the server's event loop for good.
  for (let depth = 0; parent && parent.typeName === 'shape' && depth < 1000; depth++) {
    x += parent.x as number
    y += parent.y as number
    parent = byId.get(parent.parentId as string)
  }
  return { x, y }
}

const byIndex = (a: JsonRecord, b: JsonRecord) =>
  String(a.index) < String(b.index) ? -1 : String(a.index) > String(b.index) ? 1 : 0

/** The page a shape is on: its parent, or its parent's (groups, frames), up to a page. */
function pageOf(record: JsonRecord, byId: Map<string, JsonRecord>): string | undefined {
  let parent = byId.get(record.parentId as string)
  for (let depth = 0; parent && parent.typeName === 'shape' && depth < 1000; depth++) {
    parent = byId.get(parent.parentId as string)
  }
  return parent?.typeName === 'page' ? parent.id : undefined
}

/**
 * Reads a room's document back into the neutral model: one diagram per page (named as the
 * page is, in page order), and on each its DFD nodes, boundaries (boxes and the
 * dashed lines marked as boundaries), data flows (arrows carrying flow facts or bound to a
 * node), text notes, threats, assets. Free drawing (geo shapes, pens, images) is not part of it.
 */
export function readModelFromDoc(doc: Y.Doc, title: string): InteropModel {
  const all = readDrawnRecords(doc)
  const byId = new Map(all.map((r) => [r.id, r]))
  const shapes = all.filter((r) => r.typeName === 'shape')
  const arrowEnds = new Map<string, Record<'start' | 'end', string | undefined>>()
  for (const b of all) {
    if (b.typeName !== 'binding' || b.type !== 'arrow') continue
    const ends = arrowEnds.get(b.fromId as string) ?? { start: undefined, end: undefined }
    ends[(b.props as { terminal: 'start' | 'end' }).terminal] = b.toId as string
    arrowEnds.set(b.fromId as string, ends)
  }
  const plainId = (shapeId: string) => shapeId.replace(/^shape:/, '')
  const pages = all.filter((r) => r.typeName === 'page').sort(byIndex)
  const diagramOf = (pageId: string) => pageId.replace(/^page:/, '')
  const model: InteropModel = {
    title,
    description: readSession(doc).description,
    diagrams: pages.map((p) => ({ id: diagramOf(p.id), title: String(p.name ?? '') })),
    elements: [],
    boundaries: [],
    flows: [],
    threats: [],
    assets: readCollection(doc, 'assets'),
    notes: [],
    recommendations: readCollection(doc, 'recommendations').map((r): InteropRecommendation => ({
      id: r.id,
      text: r.text,
      priority: r.priority,
      status: r.status,
      threatIds: r.threatIds,
    })),
  }
  const nodeIds = new Set<string>()
  // Shapes on no page (never the case in a sound document) are left out.
  const pageOfShape = new Map<string, string>()
  for (const s of shapes) {
    const page = pageOf(s, byId)
    if (page) pageOfShape.set(s.id, diagramOf(page))
  }
  for (const s of shapes) {
    const props = s.props as Record<string, unknown>
    const at = pagePosition(s, byId)
    const id = plainId(s.id)
    const diagram = pageOfShape.get(s.id)
    if (diagram === undefined) continue
    if (s.type === 'dfd-node' && DFD_NODE_KINDS.includes(props.kind as DfdNodeKind)) {
      nodeIds.add(s.id)
      model.elements.push({
        id,
        diagram,
        kind: props.kind as DfdNodeKind,
        name: String(props.name ?? ''),
        description: String(props.description ?? ''),
        inScope: props.inScope !== false,
        assets: [],
        ...propertiesField(parseElementProperties(props.kind as DfdNodeKind, metaProperties(s))),
        ...at,
        w: Number(props.w),
        h: Number(props.h),
      })
    } else if (s.type === 'trust-boundary') {
      model.boundaries.push({
        id,
        diagram,
        name: String(props.name ?? ''),
        description: '',
        shape: 'box',
        ...at,
        w: Number(props.w),
        h: Number(props.h),
      })
    } else if (s.type === 'line' && isBoundaryMeta(s.meta)) {
      const points = Object.values(props.points as Record<string, Point & { index: string }>)
        .sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0))
        .map((p) => ({ x: at.x + p.x, y: at.y + p.y }))
      const meta = s.meta.trustBoundary
      model.boundaries.push({
        id,
        diagram,
        name: String(meta.name ?? ''),
        description: String(meta.description ?? ''),
        shape: 'curve',
        points,
      } satisfies InteropBoundary)
    } else if (s.type === 'text') {
      model.notes.push({
        id,
        diagram,
        text: richTextToPlain(props.richText),
        ...at,
        w: Number(props.w),
        h: 40,
      })
    }
  }
  const flowIds = dataFlowIds(all)
  for (const s of shapes) {
    const diagram = pageOfShape.get(s.id)
    if (!flowIds.has(s.id) || diagram === undefined) continue
    const props = s.props as { start: Point; end: Point; richText: unknown; arrowheadStart: string }
    const ends = arrowEnds.get(s.id)
    const flowMeta = readDataFlowMeta(s.meta)
    const at = pagePosition(s, byId)
    const extra = ((s.meta as { dataFlow?: Record<string, unknown> }).dataFlow ?? {}) as {
      description?: unknown
      inScope?: unknown
    }
    const endOf = (bound: string | undefined, p: Point): FlowEnd =>
      bound && nodeIds.has(bound) ? { element: plainId(bound) } : { x: at.x + p.x, y: at.y + p.y }
    model.flows.push({
      id: plainId(s.id),
      diagram,
      name: richTextToPlain(props.richText, ' '),
      description: typeof extra.description === 'string' ? extra.description : '',
      source: endOf(ends?.start, props.start),
      target: endOf(ends?.end, props.end),
      protocol: flowMeta?.protocol ?? '',
      encrypted: flowMeta?.encrypted ?? false,
      publicNetwork: flowMeta?.publicNetwork ?? false,
      bidirectional: props.arrowheadStart !== 'none',
      inScope: extra.inScope !== false,
      ...propertiesField(parseElementProperties('data-flow', metaProperties(s))),
    } satisfies InteropFlow)
  }
  // Assets pinned on elements (a pin is anchored to the element it hangs from).
  const catalogue = new Set(model.assets.map((a) => a.id))
  const elementsById = new Map(model.elements.map((e) => [`shape:${e.id}`, e]))
  for (const b of all) {
    if (b.typeName !== 'binding' || b.type !== ANCHOR_BINDING) continue
    const pin = byId.get(b.fromId as string)
    const element = elementsById.get(b.toId as string)
    const assetId = (pin?.props as { assetId?: string } | undefined)?.assetId
    if (pin?.type !== ASSET_PIN || !element || !assetId || !catalogue.has(assetId)) continue
    if (!element.assets.includes(assetId)) element.assets.push(assetId)
  }
  const exported = new Set([
    ...model.elements.map((e) => e.id),
    ...model.boundaries.map((b) => b.id),
    ...model.flows.map((f) => f.id),
  ])
  for (const t of readCollection(doc, 'threats')) {
    model.threats.push({
      id: t.id,
      targets: t.targets.elements.map(plainId).filter((id) => exported.has(id)),
      title: t.title,
      category: t.category,
      severity: t.severity,
      likelihood: t.likelihood,
      status: t.status,
      description: t.description,
      mitigation: t.mitigation,
    })
  }
  const factor = getMetaMap(doc).get(SPREAD_KEY)
  return typeof factor === 'number' && factor > 0 ? spread(model, 1 / factor) : model
}

function isBoundaryMeta(meta: unknown): meta is { trustBoundary: Record<string, unknown> } {
  const tb = (meta as { trustBoundary?: unknown } | undefined)?.trustBoundary
  return typeof tb === 'object' && tb !== null
}

/** A record's stored guidance properties (unchecked; `parseElementProperties` checks them). */
const metaProperties = (s: object) =>
  ((s as { meta?: unknown }).meta as { properties?: unknown } | undefined)?.properties
