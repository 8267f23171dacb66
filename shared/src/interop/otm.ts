import type { z } from 'zod'
import type { Asset, Sensitivity } from '../domain/asset.ts'
import type { Level } from '../domain/common.ts'
import { STRIDE, STRIDE_INFO, type StrideCategory } from '../domain/stride.ts'
import type { Severity, ThreatStatus } from '../domain/threat.ts'
import { DFD_NODE_KINDS, type DfdNodeKind } from '../shapes/boardShapes.ts'
import { OUTSIDE_ZONE } from './otmWrite.ts'
import type { representations, ThreatInstanceSchema } from './otmSchema.ts'
import { OtmFileSchema } from './otmSchema.ts'
import {
  boundsOf,
  checkImportSize,
  emptyModel,
  fit,
  InteropError,
  propertiesField,
  htmlToPlainText,
  lineOf,
  lookup,
  squash,
  type Box,
  type ImportResult,
  type InteropThreat,
} from './model.ts'
import { schemaProblem } from '../text/schemaProblem.ts'
import { propertiesFromOtm } from '../guidance/fromInterop.ts'
import type { DataFlowProperties } from '../guidance/elementProperties.ts'

/**
 * Open Threat Model (OTM) JSON, the format of open-threat-model.schema.json. The reader checks
 * every field it uses and ignores the rest; see docs/interop.md for what maps to what.
 */

const DEFAULT_NODE = { w: 160, h: 80 }

const CATEGORY_BY_NAME: Record<string, StrideCategory> = {
  ...Object.fromEntries(STRIDE.map((c) => [squash(STRIDE_INFO[c].label), c])),
  elevationofprivileges: 'elevation-of-privilege',
}
/** Severity from OTM's impact (0–100) (otmWrite.ts writes it back). */
const severityOf = (impact: number): Severity =>
  impact >= 90 ? 'critical' : impact >= 60 ? 'high' : impact >= 30 ? 'medium' : 'low'
const levelOf = (v: number): Level => (v >= 60 ? 'high' : v >= 30 ? 'medium' : 'low')
const sensitivityOf = (c: number): Sensitivity =>
  c >= 90 ? 'restricted' : c >= 60 ? 'confidential' : c >= 25 ? 'internal' : 'public'
function statusOf(state: string | null | undefined): ThreatStatus {
  const s = squash(state ?? '')
  if (s.includes('partial')) return 'open'
  if (s.includes('mitigat') || s.includes('implemented')) return 'mitigated'
  if (s.includes('accept')) return 'accepted'
  if (s.includes('transfer')) return 'transferred'
  if (s === 'na' || s.includes('notapplicable')) return 'not-applicable'
  return 'open'
}

/** A DFD kind from a component type: ours as is, else a guess from the words in it. */
function kindOf(type: string): DfdNodeKind {
  if ((DFD_NODE_KINDS as readonly string[]).includes(type)) return type as DfdNodeKind
  const t = type.toLowerCase()
  if (/actor|user|client|browser|device|external|human|person|mobile/.test(t)) {
    return 'external-entity'
  }
  if (/data-?store|database|\bdb\b|-db|sql|storage|bucket|\bs3\b|cache|queue|file|vault/.test(t)) {
    return 'data-store'
  }
  return 'process'
}

const flag = (v: unknown) => v === true || v === 'true'

/** Reads an OTM file. Throws an InteropError naming the first thing wrong. */
export function fromOtm(json: unknown): ImportResult {
  const parsed = OtmFileSchema.safeParse(json)
  if (!parsed.success) {
    throw new InteropError('', schemaProblem(parsed.error))
  }
  const file = parsed.data
  checkImportSize(
    (file.trustZones?.length ?? 0) + (file.components?.length ?? 0) + (file.dataflows?.length ?? 0),
    file.threats?.length ?? 0,
  )
  const warnings: string[] = []
  const model = emptyModel(
    lineOf(file.project.name, 'Imported threat model', 120, 'project name', warnings),
  )
  model.description = fit(file.project.description ?? '', 5000, 'project description', warnings)
  // Each diagram representation is a page; a file without one gets a page named after it.
  const diagramReps = (file.representations ?? []).filter((r) => r.type === 'diagram')
  for (const r of diagramReps) {
    if (model.diagrams.some((d) => d.id === r.id)) continue
    const name = r.name ?? r.id
    model.diagrams.push({
      id: r.id,
      title: lineOf(name, r.id, 120, `representation ${r.id}`, warnings),
    })
  }
  if (model.diagrams.length === 0) model.diagrams.push({ id: 'diagram', title: model.title })
  const onDiagram = new Set(model.diagrams.map((d) => d.id))
  const firstDiagram = model.diagrams[0]!.id
  type Placed = Box & { diagram: string }
  const placed = (reps: z.infer<typeof representations>): Placed | undefined => {
    const r = (reps ?? []).find((e) => onDiagram.has(e.representation) && e.position)
    if (!r?.position) return undefined
    return {
      diagram: r.representation,
      x: r.position.x,
      y: r.position.y,
      w: r.size?.width ?? DEFAULT_NODE.w,
      h: r.size?.height ?? DEFAULT_NODE.h,
    }
  }

  const zones = new Map((file.trustZones ?? []).map((z) => [z.id, z]))
  const components = new Map((file.components ?? []).map((c) => [c.id, c]))
  const properties = propertiesFromOtm(json, (id) => {
    const c = components.get(id)
    return c ? kindOf(c.type) : undefined
  })
  const checkUnique = (ids: string[], what: string) => {
    const seen = new Set<string>()
    for (const id of ids) {
      if (seen.has(id)) throw new InteropError(what, `id "${id}" is used twice`)
      seen.add(id)
    }
  }
  checkUnique(
    [...(file.trustZones ?? []), ...(file.components ?? []), ...(file.dataflows ?? [])].map(
      (e) => e.id,
    ),
    'ids',
  )

  // Positions in OTM are relative to the parent's; an element's page position adds them up.
  const absolute = new Map<string, Placed | null>()
  const resolving = new Set<string>()
  const positionOf = (id: string): Placed | null => {
    if (absolute.has(id)) return absolute.get(id)!
    if (resolving.has(id)) throw new InteropError(`element ${id}`, 'is its own parent')
    resolving.add(id)
    const zone = zones.get(id)
    const comp = components.get(id)
    const own = placed(zone ? zone.representations : comp?.representations)
    const parentRef = zone ? zone.parent : comp?.parent
    const parentId = parentRef?.trustZone ?? parentRef?.component
    if (parentId !== undefined && !zones.has(parentId) && !components.has(parentId)) {
      throw new InteropError(
        `element "${zone?.name ?? comp?.name}"`,
        `parent ${parentId} does not exist`,
      )
    }
    const parent = parentId !== undefined ? positionOf(parentId) : null
    // A position is relative to the parent's only when both are drawn on the same diagram.
    const origin = parent?.diagram === own?.diagram ? parent : null
    const box = own ? { ...own, x: own.x + (origin?.x ?? 0), y: own.y + (origin?.y ?? 0) } : null
    absolute.set(id, box)
    resolving.delete(id)
    return box
  }

  const assetIds = new Set((file.assets ?? []).map((a) => a.id))
  // Components without a position are laid out in a row below the drawing.
  const known = [...zones.keys(), ...components.keys()]
    .map(positionOf)
    .filter((b): b is Placed => b !== null && b.diagram === firstDiagram)
  let rowX = 0
  const rowY = known.length > 0 ? Math.max(...known.map((b) => b.y + b.h)) + 80 : 0
  for (const c of file.components ?? []) {
    let box = positionOf(c.id)
    if (!box) {
      box = { diagram: firstDiagram, x: rowX, y: rowY, ...DEFAULT_NODE }
      rowX += DEFAULT_NODE.w + 60
      absolute.set(c.id, box)
      warnings.push(`component "${c.name}" has no position on the diagram; placed below it`)
    }
    const used = [...(c.assets?.processed ?? []), ...(c.assets?.stored ?? [])]
    for (const id of used) {
      if (id !== null && !assetIds.has(id)) {
        throw new InteropError(`component "${c.name}"`, `asset ${id} is not defined`)
      }
    }
    model.elements.push({
      id: c.id,
      kind: kindOf(c.type),
      name: fit(c.name, 200, `component ${c.id} name`, warnings),
      description: fit(c.description ?? '', 5000, `component ${c.id} description`, warnings),
      inScope: !flag(c.attributes?.outOfScope),
      assets: [...new Set(used.filter((id) => id !== null))],
      ...propertiesField(properties.get(c.id)?.properties),
      ...box,
    })
  }
  for (const z of file.trustZones ?? []) {
    if (z.id === OUTSIDE_ZONE || z.attributes?.threatboard === 'outside') continue
    let box = positionOf(z.id)
    if (!box) {
      const inside = (file.components ?? [])
        .filter((c) => c.parent.trustZone === z.id)
        .map((c) => absolute.get(c.id)!)
      const pad = 40
      if (inside.length > 0) {
        // Drawn around its components on the diagram the first of them is on.
        const diagram = inside[0]!.diagram
        const on = inside.filter((i) => i.diagram === diagram)
        const b = boundsOf(on.flatMap((i) => [i, { x: i.x + i.w, y: i.y + i.h }]))
        box = { diagram, x: b.x - pad, y: b.y - pad, w: b.w + 2 * pad, h: b.h + 2 * pad }
      } else {
        box = { diagram: firstDiagram, x: rowX, y: rowY, w: 240, h: 160 }
        rowX += 300
      }
    }
    model.boundaries.push({
      id: z.id,
      name: fit(z.name, 200, `trust zone ${z.id} name`, warnings),
      description: fit(z.description ?? '', 5000, `trust zone ${z.id} description`, warnings),
      shape: 'box',
      ...box,
    })
  }
  for (const f of file.dataflows ?? []) {
    for (const end of [f.source, f.destination]) {
      if (!components.has(end)) {
        throw new InteropError(`dataflow "${f.name}"`, `${end} is not a component`)
      }
    }
    const a = f.attributes ?? {}
    const from = absolute.get(f.source)!
    if (absolute.get(f.destination)!.diagram !== from.diagram) {
      throw new InteropError(
        `dataflow "${f.name}"`,
        'joins components drawn on two different diagrams',
      )
    }
    model.flows.push({
      id: f.id,
      diagram: from.diagram,
      name: fit(f.name, 200, `dataflow ${f.id} name`, warnings),
      description: fit(f.description ?? '', 5000, `dataflow ${f.id} description`, warnings),
      source: { element: f.source },
      target: { element: f.destination },
      protocol:
        typeof a.protocol === 'string'
          ? fit(a.protocol, 100, `dataflow ${f.id} protocol`, warnings)
          : '',
      encrypted: flag(a.encrypted),
      publicNetwork: flag(a.publicNetwork),
      bidirectional: f.bidirectional === true,
      inScope: !flag(a.outOfScope),
      ...propertiesField(properties.get(f.id)?.properties as DataFlowProperties | undefined),
    })
  }

  // Threats are defined once and referenced from the components and flows they apply to.
  const mitigations = new Map((file.mitigations ?? []).map((m) => [m.id, m]))
  const uses = new Map<
    string,
    { target: string; instance: z.infer<typeof ThreatInstanceSchema> }[]
  >()
  for (const owner of [...(file.components ?? []), ...(file.dataflows ?? [])]) {
    for (const instance of owner.threats ?? []) {
      // Appended in place: copying the list per instance made 40,000 instances of one threat
      // quadratic (a minute of blocked server).
      const list = uses.get(instance.threat)
      const use = { target: owner.id, instance }
      if (list) list.push(use)
      else uses.set(instance.threat, [use])
    }
  }
  const definitions = new Set((file.threats ?? []).map((t) => t.id))
  for (const id of uses.keys()) {
    if (!definitions.has(id))
      throw new InteropError(`threat ${id}`, 'is referenced but not defined')
  }
  for (const t of file.threats ?? []) {
    const where = `threat "${t.name}"`
    const names = (t.categories ?? []).filter((c): c is string => typeof c === 'string')
    const mapped = names
      .map((c) => lookup(CATEGORY_BY_NAME, squash(c)))
      .filter((c) => c !== undefined)
    if (mapped.length === 0) {
      warnings.push(
        `${where}: categories [${names.join(', ')}] have no STRIDE category; imported as Tampering`,
      )
    } else if (names.length > 1) {
      warnings.push(
        `${where}: has ${names.length} categories; the board keeps ${STRIDE_INFO[mapped[0]!].label}`,
      )
    }
    const used = uses.get(t.id) ?? []
    const mitigationText = [
      ...new Set(
        used.flatMap(({ instance }) =>
          (instance.mitigations ?? []).flatMap((m) => {
            const found = m?.mitigation ? mitigations.get(m.mitigation) : undefined
            return found ? [found.description || found.name] : []
          }),
        ),
      ),
    ].join('\n\n')
    const threat: InteropThreat = {
      id: t.id,
      targets: [...new Set(used.map((u) => u.target))],
      title: lineOf(t.name, 'Untitled threat', 200, `${where} name`, warnings),
      category: mapped[0] ?? 'tampering',
      severity: severityOf(t.risk.impact),
      status: statusOf(used[0]?.instance.state),
      description: fit(t.description ?? '', 5000, `${where} description`, warnings),
      mitigation: fit(mitigationText, 5000, `${where} mitigations`, warnings),
    }
    if (typeof t.risk.likelihood === 'number') threat.likelihood = levelOf(t.risk.likelihood)
    model.threats.push(threat)
  }
  for (const a of file.assets ?? []) {
    model.assets.push({
      id: a.id,
      name: lineOf(a.name, 'Unnamed asset', 200, `asset ${a.id} name`, warnings),
      kind: 'data',
      sensitivity: sensitivityOf(a.risk.confidentiality),
      owner: '',
      notes: fit(a.description ?? '', 5000, `asset ${a.id} description`, warnings),
    } satisfies Asset)
  }
  htmlToPlainText(model, warnings)
  return { model, warnings }
}

export { toOtm } from './otmWrite.ts'
