import { STRIDE_INFO } from '../domain/stride.ts'
import type { Severity, ThreatStatus } from '../domain/threat.ts'
import type { DfdNodeKind } from '../shapes/boardShapes.ts'
import type { FlowEnd, InteropModel, InteropThreat } from './model.ts'
import { threatDragonDataOf } from '../guidance/toInterop.ts'

/** OWASP Threat Dragon v2 JSON written from the neutral model; read by threatDragon.ts. */

const SHAPE_OF: Record<DfdNodeKind, { shape: string; type: string }> = {
  'external-entity': { shape: 'actor', type: 'tm.Actor' },
  process: { shape: 'process', type: 'tm.Process' },
  'data-store': { shape: 'store', type: 'tm.Store' },
}

const STATUS_NAME: Record<ThreatStatus, string> = {
  open: 'Open',
  mitigated: 'Mitigated',
  accepted: 'Accepted',
  transferred: 'Transferred',
  'not-applicable': 'NA',
}
const SEVERITY_NAME: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
}

/** Writes the model as a Threat Dragon v2 file: one diagram per diagram of the model (page). */
export function toThreatDragon(model: InteropModel): Record<string, unknown> {
  const VERSION = '2.3.0'
  const threatsOn = new Map<string, InteropThreat[]>()
  for (const t of model.threats) {
    for (const target of t.targets) {
      const list = threatsOn.get(target)
      if (list) list.push(t)
      else threatsOn.set(target, [t])
    }
  }
  let number = 0
  const numbers = new Map(model.threats.map((t) => [t.id, ++number]))
  const threatsOf = (id: string) =>
    (threatsOn.get(id) ?? []).map((t) => ({
      id: t.id,
      number: numbers.get(t.id),
      title: t.title,
      type: STRIDE_INFO[t.category].label,
      modelType: 'STRIDE',
      severity: SEVERITY_NAME[t.severity],
      status: STATUS_NAME[t.status],
      description: t.description,
      mitigation: t.mitigation,
      score: '',
    }))
  const hasOpen = (id: string) => (threatsOn.get(id) ?? []).some((t) => t.status === 'open')
  const size = (w: number, h: number) => ({ width: Math.max(10, w), height: Math.max(10, h) })
  const end = (e: FlowEnd) =>
    'element' in e ? { cell: e.element } : { x: Math.round(e.x), y: Math.round(e.y) }
  const label = (text: string) => [{ position: 0.5, attrs: { labelText: { text } } }]
  let z = 0
  const cells: (Record<string, unknown> & { diagram: string })[] = []
  for (const b of model.boundaries) {
    const data = {
      type: b.shape === 'box' ? 'tm.BoundaryBox' : 'tm.Boundary',
      name: b.name,
      description: b.description,
      isTrustBoundary: true,
      hasOpenThreats: hasOpen(b.id),
      threats: threatsOf(b.id),
    }
    if (b.shape === 'box') {
      cells.push({
        diagram: b.diagram,
        id: b.id,
        shape: 'trust-boundary-box',
        zIndex: z++,
        position: { x: b.x, y: b.y },
        size: size(b.w, b.h),
        attrs: { label: { text: b.name } },
        data,
      })
    } else {
      const first = b.points[0]!
      const last = b.points[b.points.length - 1]!
      cells.push({
        diagram: b.diagram,
        id: b.id,
        shape: 'trust-boundary-curve',
        zIndex: z++,
        connector: 'smooth',
        source: end(first),
        target: end(last),
        vertices: b.points.slice(1, -1),
        attrs: { line: { targetMarker: '', sourceMarker: '' } },
        labels: label(b.name),
        data,
      })
    }
  }
  for (const e of model.elements) {
    const { shape, type } = SHAPE_OF[e.kind]
    cells.push({
      diagram: e.diagram,
      id: e.id,
      shape,
      zIndex: z++,
      position: { x: e.x, y: e.y },
      size: size(e.w, e.h),
      attrs: { text: { text: e.name } },
      data: {
        type,
        name: e.name,
        description: e.description,
        outOfScope: !e.inScope,
        reasonOutOfScope: '',
        isTrustBoundary: false,
        hasOpenThreats: hasOpen(e.id),
        threats: threatsOf(e.id),
        ...threatDragonDataOf(e.kind, e.properties),
      },
    })
  }
  for (const f of model.flows) {
    cells.push({
      diagram: f.diagram,
      id: f.id,
      shape: 'flow',
      zIndex: z++,
      connector: 'smooth',
      source: end(f.source),
      target: end(f.target),
      vertices: [],
      attrs: {
        line: {
          targetMarker: { name: 'block' },
          sourceMarker: { name: f.bidirectional ? 'block' : '' },
        },
      },
      labels: label(f.name),
      data: {
        type: 'tm.Flow',
        name: f.name,
        description: f.description,
        outOfScope: !f.inScope,
        reasonOutOfScope: '',
        protocol: f.protocol,
        isEncrypted: f.encrypted,
        isPublicNetwork: f.publicNetwork,
        isBidirectional: f.bidirectional,
        isTrustBoundary: false,
        hasOpenThreats: hasOpen(f.id),
        threats: threatsOf(f.id),
      },
    })
  }
  for (const n of model.notes) {
    cells.push({
      diagram: n.diagram,
      id: n.id,
      shape: 'td-text-block',
      zIndex: z++,
      position: { x: n.x, y: n.y },
      size: size(n.w, n.h),
      attrs: { text: { text: n.text } },
      data: { type: 'tm.Text', name: n.text, hasOpenThreats: false },
    })
  }
  // A model without diagrams (read from an empty board) still has the one diagram Threat Dragon
  // needs; cells are grouped by the diagram they are on.
  const diagrams = model.diagrams.length > 0 ? model.diagrams : [{ id: 'main', title: model.title }]
  const cellsOf = new Map<string, Record<string, unknown>[]>()
  for (const { diagram, ...cell } of cells) {
    const list = cellsOf.get(diagram)
    if (list) list.push(cell)
    else cellsOf.set(diagram, [cell])
  }
  return {
    version: VERSION,
    summary: { title: model.title, owner: '', description: model.description },
    detail: {
      contributors: [],
      diagrams: diagrams.map((d, i) => ({
        id: i,
        title: d.title,
        diagramType: 'STRIDE',
        placeholder: '',
        thumbnail: './public/content/images/thumbnail.stride.jpg',
        version: VERSION,
        cells: cellsOf.get(d.id) ?? [],
      })),
      diagramTop: diagrams.length,
      reviewer: '',
      threatTop: number,
    },
  }
}
