import type * as Y from 'yjs'
import type { TLSchema } from '@tldraw/tlschema'
import { getIndices, type IndexKey } from '@tldraw/utils'
import { readCollection, readSession, writeEntity, writeSession } from '../doc/modelDoc.ts'
import { getMetaMap, getRecordsMap, SERVER_ORIGIN } from '../doc/roomDoc.ts'
import { readAllRecords, writeRecord, type JsonRecord } from '../doc/recordMaps.ts'
import { FIRST_PAGE_ID } from '../doc/tldrawSchema.ts'
import { ThreatSchema } from '../domain/threat.ts'
import {
  ANCHOR_BINDING,
  ASSET_PIN,
  dataFlowIds,
  DFD_NODE_KINDS,
  readDataFlowMeta,
  type DfdNodeKind,
} from '../shapes/boardShapes.ts'
import {
  boundsOf,
  InteropError,
  type Box,
  type FlowEnd,
  type InteropBoundary,
  type InteropFlow,
  type InteropModel,
  type Point,
  propertiesField,
} from './model.ts'
import { parseElementProperties } from '../guidance/elementProperties.ts'
import { plainToRichText, richTextToPlain } from './richText.ts'

/** Card size and offsets, as the board places a card dropped by hand (createThreatCard.ts). */
const CARD = { w: 232, h: 64, stack: 72 }
/** Asset pin size and spacing (AssetPinShapeUtil, pinAsset.ts). */
const PIN = { w: 200, h: 28, stack: 32 }

/**
 * Imported drawings are spread out by this factor (positions only; elements keep their size) so
 * that threat cards fit between the elements; the factor is kept in the document and exports
 * divide by it, so a file goes out with the coordinates it came in with.
 */
export const IMPORT_SPREAD = 2
const SPREAD_KEY = 'interopSpread'

/** The model with every position multiplied by `factor`; element, note and node sizes kept. */
function spread(model: InteropModel, factor: number): InteropModel {
  if (factor === 1) return model
  const at = <T extends Point>(p: T): T => ({ ...p, x: p.x * factor, y: p.y * factor })
  const end = (e: FlowEnd): FlowEnd => ('element' in e ? e : at(e))
  return {
    ...model,
    elements: model.elements.map(at),
    notes: model.notes.map(at),
    boundaries: model.boundaries.map((b) =>
      b.shape === 'box'
        ? { ...at(b), w: b.w * factor, h: b.h * factor }
        : { ...b, points: b.points.map(at) },
    ),
    flows: model.flows.map((f) => ({ ...f, source: end(f.source), target: end(f.target) })),
  }
}

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
 * Writes an imported model into a freshly seeded room document: DFD nodes, trust boundaries
 * (boxes, or dashed lines for curves), data flows as arrows bound to their nodes, text notes,
 * one STRIDE card per threat beside its first target, and the threats and assets themselves.
 * Every record is checked against the board's tldraw schema first; nothing is written when one
 * fails. Threats are attributed to the import (`imported.from`, e.g. "Threat Dragon").
 */
export function writeModelToDoc(
  doc: Y.Doc,
  source: InteropModel,
  schema: TLSchema,
  imported: { at: number; from: string },
): void {
  const model = spread(source, IMPORT_SPREAD)
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
  const flowMids = new Map<string, Point>()
  const records: JsonRecord[] = []
  const shape = (
    id: string,
    type: string,
    at: Point,
    props: Record<string, unknown>,
    meta: Record<string, unknown> = {},
  ) => {
    const record = {
      id,
      typeName: 'shape',
      type,
      parentId: FIRST_PAGE_ID,
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
      shape(id, 'trust-boundary', b, { w: Math.max(b.w, 1), h: Math.max(b.h, 1), name: b.name })
      boxes.set(id, b)
    } else {
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
        first!,
        { color: 'red', dash: 'dashed', size: 'm', spline: 'cubic', points, scale: 1 },
        { trustBoundary: { name: b.name, description: b.description } },
      )
      boxes.set(id, boundsOf(b.points))
    }
  }
  for (const n of model.notes) {
    shape(shapeOf(n.id), 'text', n, {
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
    const node = shape(id, 'dfd-node', e, {
      w: Math.max(e.w, 1),
      h: Math.max(e.h, 1),
      kind: e.kind,
      name: e.name,
      inScope: e.inScope,
      description: e.description,
    })
    Object.assign(node.meta, propertiesField(e.properties))
    boxes.set(id, e)
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
        shape(pinId, 'asset-pin', { x: e.x, y: e.y + dy }, { w: PIN.w, h: PIN.h, assetId })
        binding('tb-anchor', pinId, id, { dx: -e.w, dy })
      })
  }
  const elementIds = new Set(model.elements.map((e) => e.id))
  // Flows between the same two elements would be drawn on top of each other: bend them apart
  // (flows the other way bend to the other side by themselves).
  const seenPairs = new Map<string, number>()
  const bendOf = (f: InteropFlow) => {
    if (!('element' in f.source) || !('element' in f.target)) return 0
    const pair = `${f.source.element}>${f.target.element}`
    const reverse = `${f.target.element}>${f.source.element}`
    const same = seenPairs.get(pair) ?? 0
    seenPairs.set(pair, same + 1)
    const shared = model.flows.filter(
      (g) =>
        'element' in g.source &&
        'element' in g.target &&
        [pair, reverse].includes(`${g.source.element}>${g.target.element}`),
    ).length
    return shared > 1 ? 50 * (same + 1) : 0
  }
  for (const f of model.flows) {
    const id = shapeOf(f.id)
    const endPoint = (end: FlowEnd, where: string): Point => {
      if ('element' in end) {
        const box = elementIds.has(end.element) ? boxes.get(shapeOf(end.element)) : undefined
        if (!box)
          throw new InteropError(
            `flow "${f.name || f.id}"`,
            `${where} ${end.element} is not an element`,
          )
        return center(box)
      }
      return end
    }
    const start = endPoint(f.source, 'source')
    const end = endPoint(f.target, 'target')
    shape(
      id,
      'arrow',
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
        bend: bendOf(f),
        richText: plainToRichText(f.name),
        labelPosition: 0.5,
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
    flowMids.set(id, { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 })
  }

  // One card per threat, beside its first target; cards on one target stack downwards.
  const cardsOn = new Map<string, number>()
  // Threats may be about elements, flows and boundaries (not notes); cards hang from the first.
  const targetable = new Set([...boxes.keys(), ...flowMids.keys()])
  const threats = model.threats.map((t) => {
    const id = threatKey(t.id)
    const targets = t.targets
      .map((s) => shapeIds.get(s))
      .filter((s): s is string => s !== undefined && targetable.has(s))
    const first = targets[0]
    if (first) {
      const n = cardsOn.get(first) ?? 0
      cardsOn.set(first, n + 1)
      const cardId = `shape:card-${shapeKey(id)}`
      const mid = flowMids.get(first)
      if (mid) {
        const dx = -CARD.w / 2
        const dy = 20 + n * CARD.stack
        shape(
          cardId,
          'threat-card',
          { x: mid.x + dx, y: mid.y + dy },
          { w: CARD.w, h: CARD.h, threatId: id },
          { anchorFlow: first, dx, dy },
        )
      } else {
        const box = boxes.get(first)!
        const dx = 12
        const dy = n * CARD.stack
        shape(
          cardId,
          'threat-card',
          { x: box.x + box.w + dx, y: box.y + dy },
          { w: CARD.w, h: CARD.h, threatId: id },
        )
        binding('tb-anchor', cardId, first, { dx, dy })
      }
    }
    return ThreatSchema.parse({
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
  })

  const keys = getIndices(records.length)
  records.forEach((r, i) => (r.index = keys[i] as IndexKey))
  for (const record of [...records, ...bindings]) {
    try {
      schema.types[record.typeName as 'shape' | 'binding'].validate(record as never)
    } catch (err) {
      throw new InteropError(`board record ${record.id}`, (err as Error).message)
    }
  }
  doc.transact(() => {
    const map = getRecordsMap(doc)
    for (const record of [...records, ...bindings]) writeRecord(map, record)
    for (const asset of model.assets) writeEntity(doc, 'assets', asset)
    for (const threat of threats) writeEntity(doc, 'threats', threat)
    writeSession(doc, { description: model.description })
    getMetaMap(doc).set(SPREAD_KEY, IMPORT_SPREAD)
  }, SERVER_ORIGIN)
}

/** Page position of a shape: its own position plus its parents' (groups, frames). */
function pagePosition(record: JsonRecord, byId: Map<string, JsonRecord>): Point {
  let x = record.x as number
  let y = record.y as number
  let parent = byId.get(record.parentId as string)
  while (parent && parent.typeName === 'shape') {
    x += parent.x as number
    y += parent.y as number
    parent = byId.get(parent.parentId as string)
  }
  return { x, y }
}

/**
 * Reads a room's document back into the neutral model: DFD nodes, boundaries (boxes and the
 * dashed lines marked as boundaries), data flows (arrows carrying flow facts or bound to a
 * node), text notes, threats, assets. Free drawing (geo shapes, pens, images) is not part of it.
 */
export function readModelFromDoc(doc: Y.Doc, title: string): InteropModel {
  const all = readAllRecords(getRecordsMap(doc))
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
  const model: InteropModel = {
    title,
    description: readSession(doc).description,
    elements: [],
    boundaries: [],
    flows: [],
    threats: [],
    assets: readCollection(doc, 'assets'),
    notes: [],
  }
  const nodeIds = new Set<string>()
  for (const s of shapes) {
    const props = s.props as Record<string, unknown>
    const at = pagePosition(s, byId)
    const id = plainId(s.id)
    if (s.type === 'dfd-node' && DFD_NODE_KINDS.includes(props.kind as DfdNodeKind)) {
      nodeIds.add(s.id)
      model.elements.push({
        id,
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
        name: String(meta.name ?? ''),
        description: String(meta.description ?? ''),
        shape: 'curve',
        points,
      } satisfies InteropBoundary)
    } else if (s.type === 'text') {
      model.notes.push({
        id,
        text: richTextToPlain(props.richText),
        ...at,
        w: Number(props.w),
        h: 40,
      })
    }
  }
  const flowIds = dataFlowIds(all)
  for (const s of shapes) {
    if (!flowIds.has(s.id)) continue
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
  for (const b of all) {
    if (b.typeName !== 'binding' || b.type !== ANCHOR_BINDING) continue
    const pin = byId.get(b.fromId as string)
    const element = model.elements.find((e) => `shape:${e.id}` === b.toId)
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
