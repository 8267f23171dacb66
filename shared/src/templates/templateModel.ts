import type { Asset } from '../domain/asset.ts'
import type { Session } from '../domain/session.ts'
import type { StrideCategory } from '../domain/stride.ts'
import type { ElementProperties } from '../guidance/elementProperties.ts'
import { emptyModel, type InteropModel } from '../interop/model.ts'
import { IMPORT_SPREAD } from '../interop/spread.ts'
import type { DfdNodeKind } from '../shapes/boardShapes.ts'

/**
 * Starter templates are written as a small grid layout (column, row) and turned into the neutral
 * interop model, so a room is built from one exactly as an import builds it (`writeModelToDoc`).
 * The grid keeps the drawing readable without hand-placed coordinates: one cell holds one element,
 * with a gap the width of an element between columns, so flows and their labels have room.
 */

/** Final (on-board) cell size; the model holds positions divided by the import spread. */
export const CELL = { w: 460, h: 270 }
/** The board's default size of each kind (DfdNodeTool), so a template looks hand-drawn. */
export const NODE_SIZE: Record<DfdNodeKind, { w: number; h: number }> = {
  'external-entity': { w: 160, h: 80 },
  process: { w: 170, h: 110 },
  'data-store': { w: 180, h: 72 },
}
/** Room a boundary leaves around the cells it holds. */
const MARGIN = 40
/** How much wider than its default a node with a long name may grow on the board. */
const GROWTH = 80

export interface TemplateNode {
  id: string
  kind: DfdNodeKind
  name: string
  col: number
  row: number
  description?: string
  properties?: ElementProperties
  /** Ids of the template's assets pinned on it. */
  assets?: string[]
}

export interface TemplateFlow {
  id: string
  from: string
  to: string
  name: string
  protocol: string
  encrypted?: boolean
  publicNetwork?: boolean
  properties?: { authenticated?: boolean; carriesSensitiveData?: boolean }
}

/** A trust boundary around the cells from `cols[0]`..`cols[1]` and `rows[0]`..`rows[1]`. */
export interface TemplateBoundary {
  id: string
  name: string
  cols: [number, number]
  rows: [number, number]
}

/** A threat a security expert would expect a team to find: an element and a STRIDE category. */
export interface ExpertThreat {
  element: string
  category: StrideCategory
  title: string
  why: string
}

export interface TemplateSpec {
  id: string
  name: string
  /** One line for the lobby's picker. */
  summary: string
  /** The design description: the room's session description, and a note on the board. */
  description: string
  session: Partial<Session>
  nodes: TemplateNode[]
  flows: TemplateFlow[]
  boundaries: TemplateBoundary[]
  assets: Asset[]
  /** For training: the threats the facilitator expects groups to find (kept from groups). */
  experts?: ExpertThreat[]
  /** Show the description as a text note left of the diagram (the training exercise). */
  noteWidth?: number
}

const s = (n: number) => n / IMPORT_SPREAD

/** Top-left corner of a cell, on the board. */
const cellOrigin = (col: number, row: number) => ({ x: col * CELL.w, y: row * CELL.h })

/** The neutral model a template stands for (positions pre-spread, as an importer produces). */
export function templateToModel(t: TemplateSpec): InteropModel {
  const model = emptyModel(t.name)
  model.description = t.description
  model.diagrams = [{ id: 'diagram', title: t.name }]
  model.assets = t.assets
  for (const n of t.nodes) {
    const size = NODE_SIZE[n.kind]
    const o = cellOrigin(n.col, n.row)
    model.elements.push({
      id: n.id,
      diagram: 'diagram',
      kind: n.kind,
      name: n.name,
      description: n.description ?? '',
      inScope: true,
      assets: n.assets ?? [],
      // Centered in the cell's left part: the rest of the cell is the gap flows run through.
      x: s(o.x + (NODE_SIZE.process.w - size.w) / 2),
      y: s(o.y + (NODE_SIZE.process.h - size.h) / 2),
      w: size.w,
      h: size.h,
      ...(n.properties ? { properties: n.properties } : {}),
    })
  }
  for (const b of t.boundaries) {
    const a = cellOrigin(b.cols[0], b.rows[0])
    const z = cellOrigin(b.cols[1], b.rows[1])
    model.boundaries.push({
      id: b.id,
      diagram: 'diagram',
      name: b.name,
      description: '',
      shape: 'box',
      x: s(a.x - MARGIN),
      y: s(a.y - MARGIN - 20),
      // Extra room on the right: a node grows to fit a long name (boardRules.ts).
      w: s(z.x - a.x + NODE_SIZE.process.w + 2 * MARGIN + GROWTH),
      h: s(z.y - a.y + NODE_SIZE.process.h + 2 * MARGIN + 50),
    })
  }
  for (const f of t.flows) {
    model.flows.push({
      id: f.id,
      diagram: 'diagram',
      name: f.name,
      description: '',
      source: { element: f.from },
      target: { element: f.to },
      protocol: f.protocol,
      encrypted: f.encrypted ?? false,
      publicNetwork: f.publicNetwork ?? false,
      bidirectional: false,
      inScope: true,
      ...(f.properties ? { properties: f.properties } : {}),
    })
  }
  if (t.noteWidth) {
    model.notes.push({
      id: 'design-note',
      diagram: 'diagram',
      text: t.description,
      x: s(-t.noteWidth - 3 * MARGIN),
      y: s(-MARGIN - 20),
      w: t.noteWidth,
      h: 600,
    })
  }
  return model
}
