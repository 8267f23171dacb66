import type { JsonRecord } from '../doc/recordMaps.ts'
import type { DfdNodeKind } from '../shapes/boardShapes.ts'
import { buildDiagramFacts, type DiagramFacts } from './diagramFacts.ts'

/** The fields every shape of the builder shares: on the first page, unlocked, opaque. */
const ON_PAGE = { parentId: 'page:page', index: 'a1', rotation: 0, isLocked: false, opacity: 1 }

/**
 * Builds board records the way the board stores them (DFD nodes, boundary boxes and lines,
 * arrows bound at both ends), for the guidance tests and for readers of the rules who want to
 * try one. Positions are page coordinates; nodes are 100 × 60. Nodes and boxes are whole records,
 * as tldraw's validators want them; lines, arrows and bindings carry only the props the guidance
 * reads, so a room document that reads the drawn records only (`readDrawnRecords`) skips them.
 */
export class DiagramBuilder {
  readonly records: JsonRecord[] = []

  node(
    id: string,
    kind: DfdNodeKind,
    at: { x: number; y: number } = { x: 0, y: 0 },
    properties?: Record<string, unknown>,
    extra: { inScope?: boolean } = {},
  ): this {
    this.records.push({
      id: `shape:${id}`,
      typeName: 'shape',
      type: 'dfd-node',
      ...ON_PAGE,
      x: at.x,
      y: at.y,
      props: { w: 100, h: 60, kind, name: id, inScope: extra.inScope ?? true, description: '' },
      meta: properties ? { properties } : {},
    })
    return this
  }

  /** A box trust boundary. */
  box(id: string, x: number, y: number, w: number, h: number): this {
    this.records.push({
      id: `shape:${id}`,
      typeName: 'shape',
      type: 'trust-boundary',
      ...ON_PAGE,
      x,
      y,
      props: { w, h, name: id },
      meta: {},
    })
    return this
  }

  /** A trust boundary drawn as a line (as Threat Dragon curves are imported). */
  line(id: string, points: { x: number; y: number }[]): this {
    this.records.push({
      id: `shape:${id}`,
      typeName: 'shape',
      type: 'line',
      ...ON_PAGE,
      x: 0,
      y: 0,
      props: {
        points: Object.fromEntries(
          points.map((p, i) => [`p${i}`, { id: `p${i}`, index: `a${i}`, x: p.x, y: p.y }]),
        ),
      },
      meta: { trustBoundary: { name: id, description: '' } },
    })
    return this
  }

  /** A data flow from one node to another (ids without `shape:`; undefined: a free end). */
  flow(
    id: string,
    from: string | undefined,
    to: string | undefined,
    dataFlow: Record<string, unknown> = { protocol: '', encrypted: false, publicNetwork: false },
    properties?: Record<string, unknown>,
    bidirectional = false,
  ): this {
    this.records.push({
      id: `shape:${id}`,
      typeName: 'shape',
      type: 'arrow',
      ...ON_PAGE,
      x: -500,
      y: -500,
      props: {
        arrowheadStart: bidirectional ? 'arrow' : 'none',
        start: { x: 0, y: 0 },
        end: { x: 1, y: 1 },
        richText: { type: 'doc', content: [] },
      },
      meta: { dataFlow, ...(properties ? { properties } : {}) },
    })
    for (const [terminal, node] of [
      ['start', from],
      ['end', to],
    ] as const) {
      if (node === undefined) continue
      this.records.push({
        id: `binding:${id}-${terminal}`,
        typeName: 'binding',
        type: 'arrow',
        fromId: `shape:${id}`,
        toId: `shape:${node}`,
        props: { terminal },
        meta: {},
      })
    }
    return this
  }

  facts(): DiagramFacts {
    return buildDiagramFacts(this.records)
  }
}
