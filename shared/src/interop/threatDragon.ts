import { z } from 'zod'
import { STRIDE, STRIDE_INFO, type StrideCategory } from '../domain/stride.ts'
import type { Severity, ThreatStatus } from '../domain/threat.ts'
import type { DfdNodeKind } from '../shapes/boardShapes.ts'
import {
  checkImportSize,
  emptyModel,
  fit,
  htmlToPlainText,
  InteropError,
  propertiesField,
  lineOf,
  lookup,
  squash,
  type FlowEnd,
  type ImportResult,
  type InteropThreat,
  type Point,
} from './model.ts'
import { schemaProblem } from '../text/schemaProblem.ts'
import { propertiesFromThreatDragon } from '../guidance/fromInterop.ts'

/**
 * OWASP Threat Dragon v2 JSON (the format of Threat Dragon 2.x; its schema is
 * threat-dragon-v2.schema.json). The reader checks every field it uses and ignores the rest;
 * see docs/interop.md for what maps to what and what is lost.
 */

const num = z.number().finite()
const str = z.string().max(100_000)
const PointSchema = z.object({ x: num, y: num })

const TdThreatSchema = z.object({
  id: str.optional(),
  threatId: str.optional(),
  title: str.optional(),
  type: str.optional(),
  modelType: str.optional(),
  severity: str.optional(),
  status: str.optional(),
  description: str.optional(),
  mitigation: str.optional(),
})

const TdCellSchema = z.object({
  id: z.string().min(1).max(200),
  shape: z.string().max(100),
  zIndex: num.optional(),
  position: PointSchema.optional(),
  size: z.object({ width: num, height: num }).optional(),
  source: z
    .object({ cell: z.string().optional(), x: num.optional(), y: num.optional() })
    .optional(),
  target: z
    .object({ cell: z.string().optional(), x: num.optional(), y: num.optional() })
    .optional(),
  vertices: z.array(PointSchema).max(1000).optional(),
  attrs: z.record(z.string(), z.unknown()).optional(),
  labels: z.array(z.unknown()).max(100).optional(),
  data: z
    .object({
      type: str.optional(),
      name: str.optional(),
      description: str.optional(),
      outOfScope: z.boolean().optional(),
      isBidirectional: z.boolean().optional(),
      isEncrypted: z.boolean().optional(),
      isPublicNetwork: z.boolean().optional(),
      protocol: str.optional(),
      threats: z.array(TdThreatSchema).max(1000).optional(),
    })
    .optional(),
})

const TdFileSchema = z.object({
  version: z.string().max(10),
  summary: z.object({ title: str, description: str.optional() }),
  detail: z.object({
    diagrams: z
      .array(
        z.object({
          title: str.optional(),
          cells: z.array(TdCellSchema).max(5000).optional(),
          diagramJson: z.unknown().optional(),
        }),
      )
      .max(50),
  }),
})
type TdCell = z.infer<typeof TdCellSchema>

type CellRole = DfdNodeKind | 'flow' | 'boundary-box' | 'boundary-curve' | 'text'

/** What a cell is: by its `data.type` first, then by its shape name. */
const ROLE_BY_TYPE: Record<string, CellRole> = {
  'tm.Actor': 'external-entity',
  'tm.Process': 'process',
  'tm.Store': 'data-store',
  'tm.Flow': 'flow',
  'tm.BoundaryBox': 'boundary-box',
  'tm.Boundary': 'boundary-curve',
  'tm.Text': 'text',
}
const ROLE_BY_SHAPE: Record<string, CellRole> = {
  actor: 'external-entity',
  process: 'process',
  store: 'data-store',
  flow: 'flow',
  'trust-boundary-box': 'boundary-box',
  'trust-boundary-curve': 'boundary-curve',
  'td-text-block': 'text',
}
/** Threat types of Threat Dragon's other methodologies, as the nearest STRIDE category. */
const CATEGORY_BY_TYPE: Record<string, StrideCategory> = {
  ...Object.fromEntries(STRIDE.map((c) => [squash(STRIDE_INFO[c].label), c])),
  elevationofprivileges: 'elevation-of-privilege',
  confidentiality: 'information-disclosure',
  integrity: 'tampering',
  availability: 'denial-of-service',
  disclosureofinformation: 'information-disclosure',
  nonrepudiation: 'repudiation',
}
const SEVERITY_BY_NAME: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
}
const STATUS_BY_NAME: Record<string, ThreatStatus> = {
  open: 'open',
  mitigated: 'mitigated',
  accepted: 'accepted',
  transferred: 'transferred',
  na: 'not-applicable',
  notapplicable: 'not-applicable',
  avoided: 'mitigated',
  eliminated: 'mitigated',
}
/** The text of a cell: `data.name`, else its label. */
function cellName(cell: TdCell): string {
  if (cell.data?.name !== undefined) return cell.data.name
  const text = (cell.attrs?.text as { text?: unknown } | undefined)?.text
  return typeof text === 'string' ? text : ''
}

/** Reads a Threat Dragon file. Throws an InteropError naming the first thing wrong. */
export function fromThreatDragon(json: unknown): ImportResult {
  const parsed = TdFileSchema.safeParse(json)
  if (!parsed.success) {
    throw new InteropError('', schemaProblem(parsed.error))
  }
  const file = parsed.data
  const warnings: string[] = []
  const properties = propertiesFromThreatDragon(json)
  const model = emptyModel(
    lineOf(file.summary.title, 'Imported threat model', 120, 'title', warnings),
  )
  model.description = fit(file.summary.description ?? '', 5000, 'description', warnings)
  const major = Number.parseInt(file.version, 10)
  if (major < 2 || Number.isNaN(major)) {
    if (file.detail.diagrams.length > 0) {
      throw new InteropError(
        'version',
        `Threat Dragon ${file.version} diagrams cannot be imported; open the model in Threat Dragon 2 and save it to convert it to version 2`,
      )
    }
    warnings.push(`Threat Dragon ${file.version} model without diagrams: only its title was read`)
    model.diagrams.push({ id: 'diagram-1', title: model.title })
    return { model, warnings }
  }

  const allCells = file.detail.diagrams.flatMap((d) => d.cells ?? [])
  checkImportSize(
    allCells.length,
    allCells.reduce((n, c) => n + (c.data?.threats?.length ?? 0), 0),
  )
  const threatsById = new Map<string, InteropThreat>()
  const targetsOf = new Map<string, Set<string>>()
  // Ids are unique across the model: a cell id another diagram already used is renamed.
  const usedIds = new Set<string>()
  file.detail.diagrams.forEach((diagram, d) => {
    const cells = diagram.cells ?? []
    const diagramId = `diagram-${d + 1}`
    model.diagrams.push({
      id: diagramId,
      title: lineOf(diagram.title, `Diagram ${d + 1}`, 120, `diagram ${d + 1} title`, warnings),
    })
    const idOf = new Map<string, string>()
    for (const cell of cells) {
      if (idOf.has(cell.id)) {
        throw new InteropError(`diagram ${d + 1}`, `cell id ${cell.id} is used twice`)
      }
      let id = cell.id
      for (let n = 2; usedIds.has(id); n++) id = `${cell.id}-${n}`
      if (id !== cell.id) {
        warnings.push(
          `diagram ${d + 1}, cell ${cell.id}: id also used in another diagram; renamed ${id}`,
        )
      }
      usedIds.add(id)
      idOf.set(cell.id, id)
    }
    const nodeIds = new Set<string>()
    const where = (cell: TdCell) => `diagram ${d + 1}, cell ${cell.id}`
    const roles = new Map<TdCell, CellRole>()
    for (const cell of cells) {
      const role = lookup(ROLE_BY_TYPE, cell.data?.type ?? '') ?? lookup(ROLE_BY_SHAPE, cell.shape)
      if (!role) {
        warnings.push(`${where(cell)}: unknown kind "${cell.data?.type ?? cell.shape}", left out`)
        continue
      }
      roles.set(cell, role)
      if (role === 'external-entity' || role === 'process' || role === 'data-store') {
        nodeIds.add(cell.id)
      }
    }
    const boxOf = (cell: TdCell) => {
      if (!cell.position || !cell.size) {
        throw new InteropError(where(cell), 'needs a position and a size')
      }
      return { ...cell.position, w: cell.size.width, h: cell.size.height }
    }
    const endOf = (cell: TdCell, end: 'source' | 'target'): FlowEnd => {
      const e = cell[end]
      if (e?.cell !== undefined) {
        if (!nodeIds.has(e.cell)) {
          throw new InteropError(where(cell), `${end} ${e.cell} is not an actor, process or store`)
        }
        return { element: idOf.get(e.cell)! }
      }
      if (e?.x === undefined || e.y === undefined) {
        throw new InteropError(where(cell), `${end} needs a cell or x and y`)
      }
      return { x: e.x, y: e.y }
    }
    const ordered = [...roles.entries()].sort(([a], [b]) => (a.zIndex ?? 0) - (b.zIndex ?? 0))
    for (const [cell, role] of ordered) {
      const id = idOf.get(cell.id)!
      const on = { id, diagram: diagramId }
      const name = cellName(cell)
      const description = fit(
        cell.data?.description ?? '',
        5000,
        `${where(cell)} description`,
        warnings,
      )
      if (role === 'text') {
        model.notes.push({ ...on, text: fit(name, 5000, where(cell), warnings), ...boxOf(cell) })
      } else if (role === 'boundary-box') {
        model.boundaries.push({
          ...on,
          name: fit(name, 200, where(cell), warnings),
          description,
          shape: 'box',
          ...boxOf(cell),
        })
      } else if (role === 'boundary-curve') {
        const points = [endOf(cell, 'source'), ...(cell.vertices ?? []), endOf(cell, 'target')]
        if (points.some((p) => 'element' in p)) {
          throw new InteropError(where(cell), 'a trust boundary curve must run between points')
        }
        model.boundaries.push({
          ...on,
          name: fit(name, 200, where(cell), warnings),
          description,
          shape: 'curve',
          points: points as Point[],
        })
      } else if (role === 'flow') {
        model.flows.push({
          ...on,
          name: fit(name.replace(/\s+/g, ' ').trim(), 200, where(cell), warnings),
          description,
          source: endOf(cell, 'source'),
          target: endOf(cell, 'target'),
          protocol: fit(cell.data?.protocol ?? '', 100, `${where(cell)} protocol`, warnings),
          encrypted: cell.data?.isEncrypted === true,
          publicNetwork: cell.data?.isPublicNetwork === true,
          bidirectional: cell.data?.isBidirectional === true,
          inScope: cell.data?.outOfScope !== true,
        })
      } else {
        model.elements.push({
          ...on,
          kind: role,
          name: fit(name, 200, where(cell), warnings),
          description,
          inScope: cell.data?.outOfScope !== true,
          assets: [],
          ...propertiesField(properties.get(cell.id)?.properties),
          ...boxOf(cell),
        })
      }
      for (const [i, t] of (cell.data?.threats ?? []).entries()) {
        readThreat(
          t,
          id,
          `${where(cell)}, threat ${i + 1} “${t.title ?? ''}”`,
          { threatsById, targetsOf },
          warnings,
        )
      }
    }
  })
  model.threats = [...threatsById.values()]
  // A board has at least one page: a model without diagrams gets one named after it.
  if (model.diagrams.length === 0) model.diagrams.push({ id: 'diagram-1', title: model.title })
  htmlToPlainText(model, warnings)
  return { model, warnings }
}

function readThreat(
  t: z.infer<typeof TdThreatSchema>,
  cellId: string,
  where: string,
  seen: { threatsById: Map<string, InteropThreat>; targetsOf: Map<string, Set<string>> },
  warnings: string[],
) {
  const { threatsById, targetsOf } = seen
  const sourceId = t.id ?? t.threatId ?? ''
  // The same threat id on several cells is one threat about all of them (a set keeps this
  // linear however many cells repeat it).
  const known = sourceId ? threatsById.get(sourceId) : undefined
  if (known) {
    const targets = targetsOf.get(known.id)!
    if (!targets.has(cellId)) {
      targets.add(cellId)
      known.targets.push(cellId)
    }
    return
  }
  const category = lookup(CATEGORY_BY_TYPE, squash(t.type ?? ''))
  if (!category) {
    warnings.push(`${where}: type "${t.type ?? ''}" has no STRIDE category; imported as Tampering`)
  }
  let severity = lookup(SEVERITY_BY_NAME, squash(t.severity ?? ''))
  if (!severity) {
    warnings.push(`${where}: severity "${t.severity ?? ''}" is not rated; imported as Medium`)
    severity = 'medium'
  }
  const statusName = squash(t.status ?? '')
  let status = lookup(STATUS_BY_NAME, statusName)
  if (!status) {
    warnings.push(`${where}: status "${t.status ?? ''}" unknown; imported as Open`)
    status = 'open'
  } else if (statusName === 'avoided' || statusName === 'eliminated') {
    warnings.push(`${where}: status "${t.status}" imported as Mitigated`)
  }
  const id = sourceId || `${cellId}-threat-${threatsById.size + 1}`
  targetsOf.set(id, new Set([cellId]))
  threatsById.set(id, {
    id,
    targets: [cellId],
    title: lineOf(t.title, 'Untitled threat', 200, `${where} title`, warnings),
    category: category ?? 'tampering',
    severity,
    status,
    description: fit(t.description ?? '', 5000, `${where} description`, warnings),
    mitigation: fit(t.mitigation ?? '', 5000, `${where} mitigation`, warnings),
  })
}

export { toThreatDragon } from './threatDragonWrite.ts'
