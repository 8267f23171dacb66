import type { DfdElementKind } from '../domain/stride.ts'
import { TRUST_BOUNDARY } from '../shapes/boardShapes.ts'
import {
  elementKindOf,
  readElementProperties,
  type ElementPropertiesByKind,
} from './elementProperties.ts'
import { segmentsCross, type Point } from './geometry.ts'
import { richTextToPlain } from '../interop/richText.ts'

/**
 * What the guidance rules see of a board: its DFD elements and flows with their properties, and
 * where each lies with respect to the trust boundaries. Built from the room's tldraw records
 * (plain JSON, as `readAllRecords` returns them); it holds no Yjs or tldraw objects.
 */

interface FactsBase<K extends DfdElementKind> {
  /** The tldraw shape id. */
  id: string
  kind: K
  name: string
  inScope: boolean
  properties: ElementPropertiesByKind[K]
}
/**
 * Facts hold no positions, only what follows from them (boundaries, crossings): a move that
 * changes neither leaves the facts as they were, and the board's guidance is not worked out
 * again for it (client/src/guidance/useGuidance.ts).
 */
export interface NodeFacts<K extends Exclude<DfdElementKind, 'data-flow'>> extends FactsBase<K> {
  /** The innermost box trust boundary its center lies in; undefined: none. */
  boundary: string | undefined
}
export type ProcessFacts = NodeFacts<'process'>
export type DataStoreFacts = NodeFacts<'data-store'>
export type ExternalEntityFacts = NodeFacts<'external-entity'>
export type NodeElementFacts = ProcessFacts | DataStoreFacts | ExternalEntityFacts

export interface FlowFacts extends FactsBase<'data-flow'> {
  /** Shape ids of the nodes at each end; undefined: that end is free (drawn from nowhere). */
  source: string | undefined
  target: string | undefined
  bidirectional: boolean
  /** Its ends lie in different box boundaries, or it cuts a boundary line. */
  crossesBoundary: boolean
}
export type ElementFacts = NodeElementFacts | FlowFacts

export interface DiagramFacts {
  elements: ElementFacts[]
  byId: Map<string, ElementFacts>
  flows: FlowFacts[]
  boundaries: { id: string; name: string }[]
}

type Rec = { id: string; typeName: string } & Record<string, unknown>
type Box = { x: number; y: number; w: number; h: number }

function pagePosition(record: Rec, byId: ReadonlyMap<string, Rec>): Point {
  let x = Number(record.x) || 0
  let y = Number(record.y) || 0
  let parent = byId.get(record.parentId as string)
  // Shapes inside frames and groups are positioned relative to them.
  for (let depth = 0; parent && parent.typeName === 'shape' && depth < 50; depth++) {
    x += Number(parent.x) || 0
    y += Number(parent.y) || 0
    parent = byId.get(parent.parentId as string)
  }
  return { x, y }
}

const propsOf = (r: Rec) => (r.props ?? {}) as Record<string, unknown>
const inside = (p: Point, b: Box) =>
  p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h

/**
 * What the positions of a board decide in its facts, and nothing else: the innermost box
 * boundary holding each node, and each flow's ends and whether it crosses a boundary. Two boards
 * with the same layout and the same shapes besides their places have the same facts, so a drag
 * can compare layouts (cheap) instead of building and comparing facts on every frame.
 */
export interface DiagramLayout {
  /** Each DFD node (flows aside), in the records' order: its boundary; undefined: none. */
  boundaryOf: Map<string, string | undefined>
  /** Each flow (an arrow bound to a node or marked as a flow), in the records' order. */
  flows: Map<string, { source: string | undefined; target: string | undefined; crosses: boolean }>
  /** The boundaries, boxes innermost first, then lines. */
  boundaries: { id: string; name: string }[]
}

const indexById = (records: readonly Rec[]) => new Map(records.map((r) => [r.id, r]))

/** Works out the layout from a room's records (shapes and bindings of every page). */
export function diagramLayout(
  records: readonly Rec[],
  byId: ReadonlyMap<string, Rec> = indexById(records),
): DiagramLayout {
  const shapes = records.filter((r) => r.typeName === 'shape')
  const boxes: (Box & { id: string; name: string })[] = []
  const lines: { id: string; name: string; points: Point[] }[] = []
  for (const s of shapes) {
    if (s.type === TRUST_BOUNDARY) {
      const at = pagePosition(s, byId)
      const p = propsOf(s)
      const w = Number(p.w) || 0
      const h = Number(p.h) || 0
      boxes.push({ id: s.id, name: String(p.name ?? ''), x: at.x, y: at.y, w, h })
    } else if (s.type === 'line' && isBoundaryLine(s.meta)) {
      const at = pagePosition(s, byId)
      const pts = Object.values(
        (propsOf(s).points ?? {}) as Record<string, Point & { index?: string }>,
      )
        .filter((q) => Number.isFinite(q?.x) && Number.isFinite(q?.y))
        .sort((a, b) => String(a.index ?? '').localeCompare(String(b.index ?? '')))
        .map((q) => ({ x: at.x + q.x, y: at.y + q.y }))
      const name = (s.meta as { trustBoundary: { name?: unknown } }).trustBoundary.name
      lines.push({ id: s.id, name: String(name ?? ''), points: pts })
    }
  }
  // Innermost first, so an element in a nested boundary belongs to the nested one.
  boxes.sort((a, b) => a.w * a.h - b.w * b.h)
  const boundaryAt = (p: Point) => boxes.find((b) => inside(p, b))?.id

  const boundaryOf: DiagramLayout['boundaryOf'] = new Map()
  const centers = new Map<string, Point>()
  for (const s of shapes) {
    const kind = elementKindOf(s)
    if (!kind || kind === 'data-flow') continue
    const p = propsOf(s)
    const at = pagePosition(s, byId)
    const center = { x: at.x + (Number(p.w) || 0) / 2, y: at.y + (Number(p.h) || 0) / 2 }
    centers.set(s.id, center)
    boundaryOf.set(s.id, boundaryAt(center))
  }

  const ends = new Map<string, { start?: string; end?: string }>()
  for (const b of records) {
    if (b.typeName !== 'binding' || b.type !== 'arrow') continue
    const terminal = (b.props as { terminal?: unknown } | undefined)?.terminal
    if (terminal !== 'start' && terminal !== 'end') continue
    const e = ends.get(b.fromId as string) ?? {}
    e[terminal] = b.toId as string
    ends.set(b.fromId as string, e)
  }
  const flows: DiagramLayout['flows'] = new Map()
  for (const s of shapes) {
    if (s.type !== 'arrow') continue
    const e = ends.get(s.id) ?? {}
    const source = e.start && centers.has(e.start) ? e.start : undefined
    const target = e.end && centers.has(e.end) ? e.end : undefined
    // Arrows that are neither bound to a node nor marked as flows are plain drawing.
    if (!source && !target && !flowMetaOf(s)) continue
    const p = propsOf(s)
    const at = pagePosition(s, byId)
    const free = (key: 'start' | 'end'): Point => {
      const q = (p[key] ?? {}) as Partial<Point>
      return { x: at.x + (Number(q.x) || 0), y: at.y + (Number(q.y) || 0) }
    }
    const a = source ? centers.get(source)! : free('start')
    const z = target ? centers.get(target)! : free('end')
    const crosses =
      boundaryAt(a) !== boundaryAt(z) ||
      lines.some((l) => l.points.some((q, i) => i > 0 && segmentsCross(a, z, l.points[i - 1]!, q)))
    flows.set(s.id, { source, target, crosses })
  }
  return {
    boundaryOf,
    flows,
    boundaries: [...boxes, ...lines].map((b) => ({ id: b.id, name: b.name })),
  }
}

/**
 * The same boundary for every node and the same ends and crossing for every flow, in the same
 * order (boundary names and places are not compared: a rename is not a move). So a layout kept
 * because it compared the same may hold a boundary's old name: the facts are built from the
 * records (`buildDiagramFacts` works its own layout out), never from a kept layout.
 */
export function sameLayout(a: DiagramLayout, b: DiagramLayout): boolean {
  if (a === b) return true
  if (a.boundaryOf.size !== b.boundaryOf.size || a.flows.size !== b.flows.size) return false
  const bNodes = b.boundaryOf.entries()
  for (const [id, boundary] of a.boundaryOf) {
    const [otherId, otherBoundary] = bNodes.next().value!
    if (id !== otherId || boundary !== otherBoundary) return false
  }
  const bFlows = b.flows.entries()
  for (const [id, flow] of a.flows) {
    const [otherId, other] = bFlows.next().value!
    if (
      id !== otherId ||
      flow.source !== other.source ||
      flow.target !== other.target ||
      flow.crosses !== other.crosses
    ) {
      return false
    }
  }
  return true
}

const flowMetaOf = (s: Rec) =>
  (s.meta as { dataFlow?: Record<string, unknown> } | undefined)?.dataFlow

/** Builds the facts from a room's records (shapes and bindings of every page). */
export function buildDiagramFacts(records: readonly Rec[]): DiagramFacts {
  const byId = indexById(records)
  const layout = diagramLayout(records, byId)
  const elements: ElementFacts[] = []
  for (const [id, boundary] of layout.boundaryOf) {
    const s = byId.get(id)!
    const p = propsOf(s)
    elements.push({
      id,
      kind: elementKindOf(s),
      name: String(p.name ?? ''),
      inScope: p.inScope !== false,
      properties: readElementProperties(s),
      boundary,
    } as NodeElementFacts)
  }
  const nodeName = (id: string | undefined) =>
    (id ? String(propsOf(byId.get(id)!).name ?? '') : '').replace(/\s+/g, ' ').trim() || '?'
  const flows: FlowFacts[] = []
  for (const [id, { source, target, crosses }] of layout.flows) {
    const s = byId.get(id)!
    const p = propsOf(s)
    const flow: FlowFacts = {
      id,
      kind: 'data-flow',
      // An unlabelled flow is named by its ends, so a suggestion about it can be found.
      name:
        richTextToPlain(p.richText, ' ') || `the flow ${nodeName(source)} → ${nodeName(target)}`,
      inScope: flowMetaOf(s)?.inScope !== false,
      properties: readElementProperties(s) as ElementPropertiesByKind['data-flow'],
      source,
      target,
      bidirectional: p.arrowheadStart !== undefined && p.arrowheadStart !== 'none',
      crossesBoundary: crosses,
    }
    flows.push(flow)
    elements.push(flow)
  }
  return {
    elements,
    byId: new Map(elements.map((x) => [x.id, x])),
    flows,
    boundaries: layout.boundaries,
  }
}

function isBoundaryLine(meta: unknown): boolean {
  const tb = (meta as { trustBoundary?: unknown } | undefined)?.trustBoundary
  return !!tb && typeof tb === 'object'
}
