import type * as Y from 'yjs'
import type { TLSchema } from '@tldraw/tlschema'
import { getIndices, type IndexKey } from '@tldraw/utils'
import { writeEntity, writeSession } from '../doc/modelDoc.ts'
import { getMetaMap, getRecordsMap, SERVER_ORIGIN } from '../doc/roomDoc.ts'
import { writeRecord, type JsonRecord } from '../doc/recordMaps.ts'
import { FIRST_PAGE_ID } from '../doc/tldrawSchema.ts'
import { RecommendationSchema } from '../domain/recommendation.ts'
import { ThreatSchema } from '../domain/threat.ts'
import {
  boundsOf,
  InteropError,
  propertiesField,
  type Box,
  type FlowEnd,
  type InteropFlow,
  type InteropModel,
  type Point,
} from './model.ts'
import {
  CARD,
  cardSpots,
  edgesOf,
  firstFreeSpot,
  overlaps,
  segmentsOf,
  type Rect,
  type Segment,
} from '../shapes/cardSpots.ts'
import { plainToRichText } from './richText.ts'
import { IMPORT_SPREAD, spread, SPREAD_KEY } from './spread.ts'

export { readModelFromDoc } from './boardRead.ts'
export { IMPORT_SPREAD } from './spread.ts'

/** Asset pin size and spacing (AssetPinShapeUtil, pinAsset.ts). */
const PIN = { w: 200, h: 28, stack: 32 }

/** The most targets a threat may have (ThreatTargetsSchema). */
const MAX_TARGETS = 50

/** A key usable in a tldraw id and a model id: the source's own id when it is safe. */
function idMaker() {
  const used = new Set<string>()
  let n = 0
  return (wanted: string): string => {
    let id = /^[A-Za-z0-9_-]{1,64}$/.test(wanted) ? wanted : ''
    while (!id || used.has(id)) id = `imported-${++n}`
    used.add(id)
    return id
  }
}

const center = (b: Box): Point => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 })

/**
 * About where the board draws a flow's label (at the middle of its arc, wrapped at ~240 px) and
 * the badges over it. A bent flow's label is off the straight middle by the bend, to one side:
 * both sides are counted, so a card avoids it either way.
 */
function labelRects(f: InteropFlow, mid: Point, along: Point, bend: number): Rect[] {
  const length = Math.hypot(along.x, along.y) || 1
  const normal = { x: -along.y / length, y: along.x / length }
  const textW = f.name.length * 8.5
  const w = Math.min(260, textW + 16)
  const h = 26 * Math.max(1, Math.ceil(textW / 240))
  const badges = f.protocol !== '' || f.encrypted || f.publicNetwork
  const sides = bend === 0 ? [0] : [bend, -bend]
  return sides.flatMap((side) => {
    const at = { x: mid.x + normal.x * side, y: mid.y + normal.y * side }
    const label = { x: at.x - w / 2, y: at.y - h / 2, w, h }
    return badges && f.name !== ''
      ? [label, { x: at.x - 110, y: label.y - 30, w: 220, h: 26 }]
      : f.name !== ''
        ? [label]
        : []
  })
}

/**
 * About the line the board draws for a flow from `start` to `end`: straight, or for a bent one
 * an arc off its chord by the bend at the middle (tldraw bends a positive bend to the chord's
 * left), as a few straight pieces.
 */
function courseOf(start: Point, end: Point, bend: number): Segment[] {
  const d = { x: end.x - start.x, y: end.y - start.y }
  if (bend === 0) return segmentsOf([start, end])
  const length = Math.hypot(d.x, d.y) || 1
  const normal = { x: -d.y / length, y: d.x / length }
  const points = [0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1].map((t) => {
    const off = bend * 4 * t * (1 - t)
    return { x: start.x + d.x * t + normal.x * off, y: start.y + d.y * t + normal.y * off }
  })
  return segmentsOf(points)
}

/** A list kept per page: the getter gives a page's list, made empty the first time. */
function perPage<T>(): (page: string) => T[] {
  const lists = new Map<string, T[]>()
  return (page) => {
    let list = lists.get(page)
    if (!list) lists.set(page, (list = []))
    return list
  }
}

/** Where along a flow its label may go, best first: the middle, then outwards. */
const LABEL_POSITIONS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]

/** Where a straight course from a box's centre leaves the box, as a fraction of `d`. */
function exitOf(box: Box, d: Point): number {
  const sx = d.x === 0 ? Infinity : box.w / 2 / Math.abs(d.x)
  const sy = d.y === 0 ? Infinity : box.h / 2 / Math.abs(d.y)
  return Math.min(1, sx, sy)
}

/**
 * Where along a flow its label goes (tldraw's `labelPosition`, a fraction of the drawn course
 * from the source's outline to the target's) and the rectangles it then covers: the first of
 * LABEL_POSITIONS at which the label and its badges cover no element, pin, trust boundary's name
 * or label placed before.
 * A generated layout often runs a flow across another element, and a label at the middle would
 * sit on that element's name. When no position is free, the middle.
 */
function freeLabelPosition(
  f: InteropFlow,
  start: Point,
  end: Point,
  ends: { source?: Box; target?: Box },
  bend: number,
  taken: readonly Rect[],
): { t: number; rects: Rect[] } {
  const d = { x: end.x - start.x, y: end.y - start.y }
  const s0 = ends.source ? exitOf(ends.source, d) : 0
  const s1 = ends.target ? exitOf(ends.target, d) : 0
  const at = (t: number) => {
    const s = s0 + (1 - s0 - s1) * t
    return { x: start.x + d.x * s, y: start.y + d.y * s }
  }
  // An arc is off its chord by the bend at the middle, less towards the ends.
  const rectsAt = (t: number) => labelRects(f, at(t), d, bend * 4 * t * (1 - t))
  for (const t of LABEL_POSITIONS) {
    const rects = rectsAt(t)
    if (rects.every((r) => !taken.some((o) => overlaps(r, o)))) return { t, rects }
  }
  return { t: 0.5, rects: rectsAt(0.5) }
}

/** The first zod problem as one line, for an InteropError. */
const firstProblem = (error: { issues: { path: PropertyKey[]; message: string }[] }) => {
  const issue = error.issues[0]!
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message
}

/**
 * Writes an imported model into a freshly seeded room document: one page per diagram (the first
 * diagram renames the room's first page), and on each page its DFD nodes, trust boundaries
 * (boxes, or dashed lines for curves), data flows as arrows bound to their nodes, text notes,
 * one STRIDE card per threat beside its first target, and the threats and assets themselves.
 * Every record is checked against the board's tldraw schema first; nothing is written when one
 * fails. Threats are attributed to the import (`imported.from`, e.g. "Threat Dragon").
 */
export function writeModelToDoc(
  doc: Y.Doc,
  source: InteropModel,
  schema: TLSchema,
  imported: {
    at: number
    from: string
    /**
     * Record the spread factor in `tl_meta` (default). A client may not write `tl_meta` (the
     * server refuses it), so a model written through a client connection passes `false` and
     * exports with the spread positions.
     */
    recordSpread?: boolean
  },
): void {
  const model = spread(source, IMPORT_SPREAD)
  // Pages: the first diagram is the room's first page; the others follow it, in order.
  const pageKey = idMaker()
  const pageOfDiagram = new Map<string, string>()
  const pages: JsonRecord[] = []
  const pageIndices = getIndices(model.diagrams.length)
  model.diagrams.forEach((d, i) => {
    if (pageOfDiagram.has(d.id)) throw new InteropError(`diagram ${d.title}`, 'id used twice')
    const id = i === 0 ? FIRST_PAGE_ID : `page:${pageKey(`${d.id}`)}`
    if (i === 0) pageKey('page')
    pageOfDiagram.set(d.id, id)
    pages.push({ id, typeName: 'page', name: d.title, index: pageIndices[i]!, meta: {} })
  })
  const pageOf = (item: { diagram: string; id: string }) => {
    const page = pageOfDiagram.get(item.diagram)
    if (!page) throw new InteropError(`item ${item.id}`, `diagram ${item.diagram} does not exist`)
    return page
  }
  /** The page each shape is on, for the cards and pins hung from it. */
  const shapePage = new Map<string, string>()
  const shapeKey = idMaker()
  const threatKey = idMaker()
  const shapeIds = new Map<string, string>()
  const shapeOf = (sourceId: string) => {
    let id = shapeIds.get(sourceId)
    if (!id) {
      id = `shape:${shapeKey(sourceId)}`
      shapeIds.set(sourceId, id)
    }
    return id
  }
  const boxes = new Map<string, Box>()
  /** Per page: the elements, pins and flow labels placed so far (what a flow's label avoids). */
  const obstaclesOn = perPage<Rect>()
  const flowMids = new Map<string, Point>()
  /** Per page: the flows' lines, about (what a new card had better not hide). */
  const linesOn = perPage<Segment>()
  /** Per page: the trust boundaries' edges (a card across one blurs which side its target is on). */
  const edgesOn = perPage<Segment>()
  /** Per page: the box boundaries (a card goes on its target's side of each when it can). */
  const zonesOn = perPage<Rect>()
  /** Where each flow's label and badges are drawn, about (what a new card must not cover). */
  const flowLabelRects = new Map<string, Rect[]>()
  const records: JsonRecord[] = []
  const shape = (
    id: string,
    type: string,
    page: string,
    at: Point,
    props: Record<string, unknown>,
    meta: Record<string, unknown> = {},
  ) => {
    shapePage.set(id, page)
    const record = {
      id,
      typeName: 'shape',
      type,
      parentId: page,
      index: '' as string,
      x: at.x,
      y: at.y,
      rotation: 0,
      isLocked: false,
      opacity: 1,
      props,
      meta,
    }
    records.push(record)
    return record
  }
  const bindings: JsonRecord[] = []
  const binding = (type: string, fromId: string, toId: string, props: Record<string, unknown>) =>
    bindings.push({
      id: `binding:${fromId.slice(6)}-${bindings.length}`,
      typeName: 'binding',
      type,
      fromId,
      toId,
      props,
      meta: {},
    })

  for (const b of model.boundaries) {
    const id = shapeOf(b.id)
    if (b.shape === 'box') {
      shape(id, 'trust-boundary', pageOf(b), b, {
        w: Math.max(b.w, 1),
        h: Math.max(b.h, 1),
        name: b.name,
      })
      boxes.set(id, b)
      // Its name tab, over the top-left of its edge: no flow's label goes on it.
      const tabW = Math.min((b.name || 'Trust boundary').length * 8 + 16, Math.max(b.w - 24, 136))
      obstaclesOn(pageOf(b)).push({ x: b.x + 12, y: b.y - 11, w: tabW, h: 20 })
      edgesOn(pageOf(b)).push(...edgesOf(b))
      zonesOn(pageOf(b)).push(b)
    } else {
      edgesOn(pageOf(b)).push(...segmentsOf(b.points))
      const [first] = b.points
      const keys = getIndices(b.points.length)
      const points = Object.fromEntries(
        b.points.map((p, i) => [
          `p${i}`,
          { id: `p${i}`, index: keys[i], x: p.x - first!.x, y: p.y - first!.y },
        ]),
      )
      shape(
        id,
        'line',
        pageOf(b),
        first!,
        { color: 'red', dash: 'dashed', size: 'm', spline: 'cubic', points, scale: 1 },
        { trustBoundary: { name: b.name, description: b.description } },
      )
      boxes.set(id, boundsOf(b.points))
    }
  }
  for (const n of model.notes) {
    shape(shapeOf(n.id), 'text', pageOf(n), n, {
      color: 'grey',
      size: 's',
      font: 'sans',
      textAlign: 'start',
      w: Math.max(n.w, 1),
      richText: plainToRichText(n.text),
      scale: 1,
      autoSize: false,
    })
  }
  for (const e of model.elements) {
    const id = shapeOf(e.id)
    const node = shape(id, 'dfd-node', pageOf(e), e, {
      w: Math.max(e.w, 1),
      h: Math.max(e.h, 1),
      kind: e.kind,
      name: e.name,
      inScope: e.inScope,
      description: e.description,
    })
    // The element's guidance properties (docs/guidance.md), when the file had any.
    Object.assign(node.meta, propertiesField(e.properties))
    boxes.set(id, e)
    obstaclesOn(pageOf(e)).push(e)
  }
  // Pinned assets hang below their element, as the board pins them by hand (pinAsset.ts).
  const assetIds = new Set(model.assets.map((a) => a.id))
  for (const e of model.elements) {
    const id = shapeOf(e.id)
    e.assets
      .filter((a) => assetIds.has(a))
      .forEach((assetId, i) => {
        const pinId = `shape:pin-${shapeKey(`${e.id}-${assetId}`)}`
        const dy = e.h + 6 + i * PIN.stack
        shape(
          pinId,
          'asset-pin',
          pageOf(e),
          { x: e.x, y: e.y + dy },
          { w: PIN.w, h: PIN.h, assetId },
        )
        obstaclesOn(pageOf(e)).push({ x: e.x, y: e.y + dy, w: PIN.w, h: PIN.h })
        binding('tb-anchor', pinId, id, { dx: -e.w, dy })
      })
  }
  const elementDiagram = new Map(model.elements.map((e) => [e.id, e.diagram]))
  // Flows between the same two elements would be drawn on top of each other: bend them apart
  // (flows the other way bend to the other side by themselves).
  const seenPairs = new Map<string, number>()
  const pairKey = (f: InteropFlow) =>
    'element' in f.source && 'element' in f.target
      ? [f.source.element, f.target.element].sort().join('>')
      : undefined
  const flowsPerPair = new Map<string, number>()
  for (const f of model.flows) {
    const key = pairKey(f)
    if (key !== undefined) flowsPerPair.set(key, (flowsPerPair.get(key) ?? 0) + 1)
  }
  const bendOf = (f: InteropFlow) => {
    if (!('element' in f.source) || !('element' in f.target)) return 0
    const pair = `${f.source.element}>${f.target.element}`
    const same = seenPairs.get(pair) ?? 0
    seenPairs.set(pair, same + 1)
    return flowsPerPair.get(pairKey(f)!)! > 1 ? 50 * (same + 1) : 0
  }
  for (const f of model.flows) {
    const id = shapeOf(f.id)
    const endPoint = (end: FlowEnd, where: string): Point => {
      if ('element' in end) {
        const on = elementDiagram.get(end.element)
        const box = on !== undefined ? boxes.get(shapeOf(end.element)) : undefined
        if (!box)
          throw new InteropError(
            `flow "${f.name || f.id}"`,
            `${where} ${end.element} is not an element`,
          )
        if (on !== f.diagram) {
          throw new InteropError(
            `flow "${f.name || f.id}"`,
            `${where} ${end.element} is on another diagram`,
          )
        }
        return center(box)
      }
      return end
    }
    const start = endPoint(f.source, 'source')
    const end = endPoint(f.target, 'target')
    const bend = bendOf(f)
    const endBox = (e: FlowEnd) => ('element' in e ? boxes.get(shapeOf(e.element)) : undefined)
    const label = freeLabelPosition(
      f,
      start,
      end,
      { source: endBox(f.source), target: endBox(f.target) },
      bend,
      obstaclesOn(pageOf(f)),
    )
    obstaclesOn(pageOf(f)).push(...label.rects)
    shape(
      id,
      'arrow',
      pageOf(f),
      start,
      {
        kind: 'arc',
        labelColor: 'black',
        color: 'black',
        fill: 'none',
        dash: 'solid',
        size: 's',
        arrowheadStart: f.bidirectional ? 'arrow' : 'none',
        arrowheadEnd: 'arrow',
        font: 'sans',
        start: { x: 0, y: 0 },
        end: { x: end.x - start.x, y: end.y - start.y },
        bend,
        richText: plainToRichText(f.name),
        labelPosition: label.t,
        scale: 1,
        elbowMidPoint: 0.5,
      },
      {
        dataFlow: {
          protocol: f.protocol,
          encrypted: f.encrypted,
          publicNetwork: f.publicNetwork,
          description: f.description,
          inScope: f.inScope,
        },
        ...propertiesField(f.properties),
      },
    )
    for (const [terminal, e] of [
      ['start', f.source],
      ['end', f.target],
    ] as const) {
      if (!('element' in e)) continue
      binding('arrow', id, shapeOf(e.element), {
        terminal,
        normalizedAnchor: { x: 0.5, y: 0.5 },
        isExact: false,
        isPrecise: false,
        snap: 'none',
      })
    }
    const mid = { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 }
    flowMids.set(id, mid)
    linesOn(pageOf(f)).push(...courseOf(start, end, bend))
    flowLabelRects.set(id, label.rects)
  }

  // One card per threat, beside its first target, in the first place that covers no element,
  // pin, note, flow label or card already placed (as the board places a card dropped by hand).
  const takenOn = perPage<Rect>()
  for (const r of records) {
    if (r.typeName !== 'shape' || r.type === 'trust-boundary' || r.type === 'line') continue
    const props = r.props as { w?: number; h?: number }
    const page = r.parentId as string
    if (r.type === 'arrow') {
      for (const rect of flowLabelRects.get(r.id as string) ?? []) takenOn(page).push(rect)
    } else if (props.w !== undefined && props.h !== undefined) {
      takenOn(page).push({ x: r.x as number, y: r.y as number, w: props.w, h: props.h })
    } else {
      // A text note: about its text's size.
      takenOn(page).push({ x: r.x as number, y: r.y as number, w: 240, h: 40 })
    }
  }
  // Threats may be about elements, flows and boundaries (not notes); cards hang from the first.
  const targetable = new Set([...boxes.keys(), ...flowMids.keys()])
  const threats = model.threats.map((t) => {
    const id = threatKey(t.id)
    const targets = [...new Set(t.targets)]
      .map((s) => shapeIds.get(s))
      .filter((s): s is string => s !== undefined && targetable.has(s))
    if (targets.length > MAX_TARGETS) {
      throw new InteropError(
        `threat "${t.title}"`,
        `is about ${targets.length} elements, flows and boundaries; a threat can be about at most ${MAX_TARGETS}`,
      )
    }
    const first = targets[0]
    if (first) {
      const cardId = `shape:card-${shapeKey(id)}`
      const page = shapePage.get(first)!
      const mid = flowMids.get(first)
      const box = boxes.get(first)
      const anchor = mid ?? { x: box!.x + box!.w, y: box!.y }
      const spots = cardSpots(mid ? { flow: true } : { flow: false, w: box!.w, h: box!.h })
      const { dx, dy } = firstFreeSpot(anchor, spots, takenOn(page), {
        lines: linesOn(page),
        edges: edgesOn(page),
        zones: zonesOn(page),
      })
      const at = { x: anchor.x + dx, y: anchor.y + dy }
      takenOn(page).push({ ...at, w: CARD.w, h: CARD.h })
      const props = { w: CARD.w, h: CARD.h, threatId: id }
      if (mid) {
        shape(cardId, 'threat-card', page, at, props, { anchorFlow: first, dx, dy })
      } else {
        shape(cardId, 'threat-card', page, at, props)
        binding('tb-anchor', cardId, first, { dx, dy })
      }
    }
    const threat = ThreatSchema.safeParse({
      id,
      category: t.category,
      title: t.title,
      description: t.description,
      targets: { elements: targets, assets: [] },
      severity: t.severity,
      likelihood: t.likelihood,
      status: t.status,
      mitigation: t.mitigation,
      author: `${imported.from} import`,
      createdAt: imported.at,
    })
    // A file can say what the board cannot hold (e.g. a threat on more than 50 elements):
    // that is a bad file, answered as one, never a server error.
    if (!threat.success) {
      throw new InteropError(`threat "${t.title}"`, firstProblem(threat.error))
    }
    return threat.data
  })
  const threatIdOf = new Map(model.threats.map((t, i) => [t.id, threats[i]!.id]))
  const recommendations = model.recommendations.map((r) => {
    const rec = RecommendationSchema.safeParse({
      id: threatKey(`rec-${r.id}`),
      text: r.text,
      priority: r.priority,
      status: r.status,
      threatIds: [...new Set(r.threatIds.map((t) => threatIdOf.get(t)))].filter(
        (t) => t !== undefined,
      ),
      owner: '',
    })
    if (!rec.success) {
      throw new InteropError(`recommendation "${r.text}"`, firstProblem(rec.error))
    }
    return rec.data
  })

  const keys = getIndices(records.length)
  records.forEach((r, i) => (r.index = keys[i] as IndexKey))
  for (const record of [...pages, ...records, ...bindings]) {
    try {
      schema.types[record.typeName as 'page' | 'shape' | 'binding'].validate(record as never)
    } catch (err) {
      throw new InteropError(`board record ${record.id}`, (err as Error).message)
    }
  }
  doc.transact(() => {
    const map = getRecordsMap(doc)
    for (const record of [...pages, ...records, ...bindings]) writeRecord(map, record)
    for (const asset of model.assets) writeEntity(doc, 'assets', asset)
    for (const threat of threats) writeEntity(doc, 'threats', threat)
    for (const rec of recommendations) writeEntity(doc, 'recommendations', rec)
    writeSession(doc, { description: model.description })
    if (imported.recordSpread !== false) getMetaMap(doc).set(SPREAD_KEY, IMPORT_SPREAD)
  }, SERVER_ORIGIN)
}
