import type * as Y from 'yjs'
import type { JsonRecord } from '@threatboard/shared/doc/recordMaps.ts'
import { readDrawnRecords } from '@threatboard/shared/doc/drawnRecords.ts'
import type { Asset } from '@threatboard/shared/domain/asset.ts'
import { readModelFromDoc } from '@threatboard/shared/interop/board.ts'
import type { InteropModel } from '@threatboard/shared/interop/model.ts'
import type { DfdNodeKind } from '@threatboard/shared/shapes/boardShapes.ts'

/** A DFD element of the board, with where it sits and what is pinned on it. */
export interface InventoryElement {
  /** The shape id (`shape:…`), as threats and hints name it. */
  id: string
  kind: DfdNodeKind
  name: string
  description: string
  inScope: boolean
  /** Name of the tldraw page it is drawn on. */
  page: string
  /** Id of the innermost trust boundary around it, or null when it lies in none. */
  boundaryId: string | null
  /** Names of the catalogue assets pinned on it. */
  assets: string[]
}

export interface InventoryFlow {
  id: string
  label: string
  /** Element ids of its ends; null for an end left unattached on the board. */
  fromId: string | null
  toId: string | null
  /** Names of its ends, `(unattached)` for a free end. */
  from: string
  to: string
  protocol: string
  encrypted: boolean
  publicNetwork: boolean
  bidirectional: boolean
  inScope: boolean
  page: string
}

export interface InventoryBoundary {
  id: string
  name: string
  page: string
  /** The innermost boundary this one lies inside (a box drawn within a box), or null. */
  parentId: string | null
}

export interface Inventory {
  /** The board's pages in the editor's order. */
  pages: { id: string; name: string }[]
  elements: InventoryElement[]
  flows: InventoryFlow[]
  boundaries: InventoryBoundary[]
}

const shapeId = (plain: string) => `shape:${plain}`

/** The page a record is drawn on, through its parents. */
function pageOf(record: JsonRecord | undefined, byId: Map<string, JsonRecord>): string | undefined {
  let at = record
  for (let depth = 0; at && depth < 100; depth++) {
    if (at.typeName === 'page') return at.id
    at = byId.get(String(at.parentId))
  }
  return undefined
}

function inside(
  point: { x: number; y: number },
  box: { x: number; y: number; w: number; h: number },
) {
  return (
    point.x >= box.x && point.x <= box.x + box.w && point.y >= box.y && point.y <= box.y + box.h
  )
}

/**
 * The board's elements, flows and boundaries as a table a reader can check against the diagram.
 * It reads the same neutral model the Threat Dragon and OTM exports read, so the report and the
 * exports agree on what a flow's flags and an element's pinned assets are.
 */
export function buildInventory(doc: Y.Doc, title: string, assets: Asset[]): Inventory {
  const model: InteropModel = readModelFromDoc(doc, title)
  const records = readDrawnRecords(doc)
  const byId = new Map(records.map((r) => [r.id, r]))
  const pages = records
    .filter((r) => r.typeName === 'page')
    .sort((a, b) => (String(a.index) < String(b.index) ? -1 : 1))
    .map((p) => ({ id: p.id, name: String(p.name ?? '') || 'Page' }))
  const pageName = new Map(pages.map((p) => [p.id, p.name]))
  const pageOfShape = (plain: string) =>
    pageName.get(pageOf(byId.get(shapeId(plain)), byId) ?? '') ?? ''
  const assetName = new Map(assets.map((a) => [a.id, a.name]))

  const boxes = model.boundaries.flatMap((b) =>
    b.shape === 'box' ? [{ id: shapeId(b.id), page: pageOfShape(b.id), box: b }] : [],
  )
  const elements: InventoryElement[] = model.elements.map((e) => {
    const centre = { x: e.x + e.w / 2, y: e.y + e.h / 2 }
    const page = pageOfShape(e.id)
    // The innermost boundary wins when boundaries are nested.
    const around = boxes
      .filter((b) => b.page === page && inside(centre, b.box))
      .sort((a, b) => a.box.w * a.box.h - b.box.w * b.box.h)[0]
    return {
      id: shapeId(e.id),
      kind: e.kind,
      name: e.name,
      description: e.description,
      inScope: e.inScope,
      page,
      boundaryId: around?.id ?? null,
      assets: e.assets.map((id) => assetName.get(id) ?? id),
    }
  })
  const elementName = new Map(elements.map((e) => [e.id, e.name || e.kind]))
  const end = (at: InteropModel['flows'][number]['source']) => {
    if (!('element' in at)) return { id: null, name: '(unattached)' }
    const id = shapeId(at.element)
    return { id, name: elementName.get(id) ?? '(unattached)' }
  }
  const flows: InventoryFlow[] = model.flows.map((f) => {
    const from = end(f.source)
    const to = end(f.target)
    return {
      id: shapeId(f.id),
      label: f.name,
      fromId: from.id,
      toId: to.id,
      from: from.name,
      to: to.name,
      protocol: f.protocol,
      encrypted: f.encrypted,
      publicNetwork: f.publicNetwork,
      bidirectional: f.bidirectional,
      inScope: f.inScope,
      page: pageOfShape(f.id),
    }
  })
  const boundaries = model.boundaries.map((b) => {
    const page = pageOfShape(b.id)
    const self = boxes.find((x) => x.id === shapeId(b.id))
    const parent = self
      ? boxes
          .filter(
            (o) =>
              o !== self &&
              o.page === page &&
              o.box.w * o.box.h > self.box.w * self.box.h &&
              inside(self.box, o.box) &&
              inside({ x: self.box.x + self.box.w, y: self.box.y + self.box.h }, o.box),
          )
          .sort((x, y) => x.box.w * x.box.h - y.box.w * y.box.h)[0]
      : undefined
    return { id: shapeId(b.id), name: b.name, page, parentId: parent?.id ?? null }
  })
  return { pages, elements, flows, boundaries }
}
