import { z } from 'zod'
import type { Asset, Sensitivity } from '../domain/asset.ts'
import type { Level } from '../domain/common.ts'
import { STRIDE, STRIDE_INFO, type StrideCategory } from '../domain/stride.ts'
import type { Severity, ThreatStatus } from '../domain/threat.ts'
import { DFD_NODE_KINDS, type DfdNodeKind } from '../shapes/boardShapes.ts'
import {
  boundsOf,
  checkImportSize,
  emptyModel,
  fit,
  InteropError,
  lineOf,
  propertiesField,
  squash,
  type Box,
  type ImportResult,
  type InteropModel,
  type InteropThreat,
  type Point,
} from './model.ts'
import { propertiesFromOtm } from '../guidance/fromInterop.ts'
import type { DataFlowProperties } from '../guidance/elementProperties.ts'

/**
 * Open Threat Model (OTM) JSON, the format of open-threat-model.schema.json. The reader checks
 * every field it uses and ignores the rest; see docs/interop.md for what maps to what.
 */

const num = z.number().finite()
const str = z.string().max(100_000)
const optText = str.nullish()
const attrs = z.record(z.string(), z.unknown()).nullish()
const ParentSchema = z.object({
  trustZone: z.string().optional(),
  component: z.string().optional(),
})
const RepresentationElementSchema = z.object({
  representation: z.string(),
  position: z.object({ x: num, y: num }).nullish(),
  size: z.object({ width: num, height: num }).nullish(),
})
const representations = z.array(RepresentationElementSchema).max(100).nullish()
const ThreatInstanceSchema = z.object({
  threat: z.string(),
  state: z.string().nullish(),
  mitigations: z
    .array(z.object({ mitigation: z.string().nullish(), state: z.string().nullish() }).nullable())
    .max(1000)
    .nullish(),
})
const instances = z.array(ThreatInstanceSchema).max(1000).nullish()

const OtmFileSchema = z.object({
  otmVersion: z.string().max(20),
  project: z.object({ name: str, id: z.string(), description: optText }),
  representations: z
    .array(z.object({ id: z.string(), type: z.string() }))
    .max(100)
    .nullish(),
  assets: z
    .array(
      z.object({
        id: z.string(),
        name: str,
        description: optText,
        risk: z.object({ confidentiality: num, integrity: num, availability: num }),
      }),
    )
    .max(1000)
    .nullish(),
  trustZones: z
    .array(
      z.object({
        id: z.string(),
        name: str,
        description: optText,
        parent: ParentSchema.nullish(),
        representations,
        attributes: attrs,
      }),
    )
    .max(1000)
    .nullish(),
  components: z
    .array(
      z.object({
        id: z.string(),
        name: str,
        type: str,
        description: optText,
        parent: ParentSchema,
        representations,
        assets: z
          .object({
            processed: z.array(z.string().nullable()).max(1000).nullish(),
            stored: z.array(z.string().nullable()).max(1000).nullish(),
          })
          .nullish(),
        threats: instances,
        attributes: attrs,
      }),
    )
    .max(5000)
    .nullish(),
  dataflows: z
    .array(
      z.object({
        id: z.string(),
        name: str,
        description: optText,
        bidirectional: z.boolean().nullish(),
        source: z.string(),
        destination: z.string(),
        threats: instances,
        attributes: attrs,
      }),
    )
    .max(5000)
    .nullish(),
  threats: z
    .array(
      z.object({
        id: z.string(),
        name: str,
        description: optText,
        categories: z.array(z.string().nullable()).max(50).nullish(),
        risk: z.object({ likelihood: num.nullish(), impact: num }),
      }),
    )
    .max(5000)
    .nullish(),
  mitigations: z
    .array(z.object({ id: z.string(), name: str, description: optText }))
    .max(5000)
    .nullish(),
})

/** Marks the zone an export puts elements that sit in no boundary in; it is not drawn. */
const OUTSIDE_ZONE = 'threatboard-outside'
const DEFAULT_NODE = { w: 160, h: 80 }

const CATEGORY_BY_NAME: Record<string, StrideCategory> = {
  ...Object.fromEntries(STRIDE.map((c) => [squash(STRIDE_INFO[c].label), c])),
  elevationofprivileges: 'elevation-of-privilege',
}
/** Severity from OTM's impact (0–100), and back. */
const severityOf = (impact: number): Severity =>
  impact >= 90 ? 'critical' : impact >= 60 ? 'high' : impact >= 30 ? 'medium' : 'low'
const IMPACT: Record<Severity, number> = { critical: 100, high: 75, medium: 50, low: 25 }
const levelOf = (v: number): Level => (v >= 60 ? 'high' : v >= 30 ? 'medium' : 'low')
const LIKELIHOOD: Record<Level, number> = { high: 75, medium: 50, low: 25 }
const sensitivityOf = (c: number): Sensitivity =>
  c >= 90 ? 'restricted' : c >= 60 ? 'confidential' : c >= 25 ? 'internal' : 'public'
const CONFIDENTIALITY: Record<Sensitivity, number> = {
  restricted: 100,
  confidential: 75,
  internal: 50,
  public: 0,
}
const STATE_NAME: Record<ThreatStatus, string> = {
  open: 'EXPOSED',
  mitigated: 'MITIGATED',
  accepted: 'ACCEPTED',
  transferred: 'TRANSFERRED',
  'not-applicable': 'NOT_APPLICABLE',
}
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
    const issue = parsed.error.issues[0]!
    const where = issue.path.length > 0 ? issue.path.join('.') : 'file'
    throw new InteropError('', `not an Open Threat Model file (${where}: ${issue.message})`)
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
  const diagram = (file.representations ?? []).find((r) => r.type === 'diagram')?.id
  const placed = (reps: z.infer<typeof representations>): Box | undefined => {
    const r = (reps ?? []).find((e) => e.representation === diagram && e.position)
    if (!r?.position) return undefined
    return {
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
  const absolute = new Map<string, Box | null>()
  const resolving = new Set<string>()
  const positionOf = (id: string): Box | null => {
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
    const box = own ? { ...own, x: own.x + (parent?.x ?? 0), y: own.y + (parent?.y ?? 0) } : null
    absolute.set(id, box)
    resolving.delete(id)
    return box
  }

  const assetIds = new Set((file.assets ?? []).map((a) => a.id))
  // Components without a position are laid out in a row below the drawing.
  const known = [...zones.keys(), ...components.keys()].map(positionOf).filter((b) => b !== null)
  let rowX = 0
  const rowY = known.length > 0 ? Math.max(...known.map((b) => b.y + b.h)) + 80 : 0
  for (const c of file.components ?? []) {
    let box = positionOf(c.id)
    if (!box) {
      box = { x: rowX, y: rowY, ...DEFAULT_NODE }
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
        const b = boundsOf(inside.flatMap((i) => [i, { x: i.x + i.w, y: i.y + i.h }]))
        box = { x: b.x - pad, y: b.y - pad, w: b.w + 2 * pad, h: b.h + 2 * pad }
      } else {
        box = { x: rowX, y: rowY, w: 240, h: 160 }
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
    model.flows.push({
      id: f.id,
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
      uses.set(instance.threat, [
        ...(uses.get(instance.threat) ?? []),
        { target: owner.id, instance },
      ])
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
    const mapped = names.map((c) => CATEGORY_BY_NAME[squash(c)]).filter((c) => c !== undefined)
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
  return { model, warnings }
}

const contains = (outer: Box, p: Point) =>
  p.x >= outer.x && p.x <= outer.x + outer.w && p.y >= outer.y && p.y <= outer.y + outer.h

/** Writes the model as an OTM 0.2.0 file. */
export function toOtm(model: InteropModel, projectId: string): Record<string, unknown> {
  const DIAGRAM = 'threatboard-board'
  const zones = model.boundaries.map((b) => ({
    id: b.id,
    name: b.name,
    description: b.description,
    box: b.shape === 'box' ? { x: b.x, y: b.y, w: b.w, h: b.h } : boundsOf(b.points),
  }))
  const area = (b: Box) => b.w * b.h
  /** The smallest zone holding a box (but not the box itself). */
  const parentZone = (box: Box, self?: string) =>
    zones
      .filter((z) => z.id !== self && area(z.box) > area(box))
      .filter(
        (z) => contains(z.box, box) && contains(z.box, { x: box.x + box.w, y: box.y + box.h }),
      )
      .sort((a, b) => area(a.box) - area(b.box))[0]
  let outsideUsed = false
  const parentOf = (box: Box, self?: string) => {
    const zone = parentZone(box, self)
    if (zone) return { parent: { trustZone: zone.id }, origin: zone.box }
    outsideUsed = true
    return { parent: { trustZone: OUTSIDE_ZONE }, origin: { x: 0, y: 0, w: 0, h: 0 } }
  }
  const representation = (id: string, box: Box, origin: Box) => [
    {
      representation: DIAGRAM,
      id: `${id}-representation`,
      position: { x: box.x - origin.x, y: box.y - origin.y },
      size: { width: box.w, height: box.h },
    },
  ]
  const instancesOf = new Map<string, Record<string, unknown>[]>()
  const mitigations: Record<string, unknown>[] = []
  for (const t of model.threats) {
    const mitigation = t.mitigation.trim() ? `${t.id}-mitigation` : undefined
    if (mitigation) {
      mitigations.push({
        id: mitigation,
        name: t.mitigation.split('\n')[0]!.slice(0, 200),
        description: t.mitigation,
        riskReduction: 50,
      })
    }
    for (const target of t.targets) {
      instancesOf.set(target, [
        ...(instancesOf.get(target) ?? []),
        {
          threat: t.id,
          state: STATE_NAME[t.status],
          mitigations: mitigation
            ? [{ mitigation, state: t.status === 'mitigated' ? 'IMPLEMENTED' : 'RECOMMENDED' }]
            : [],
        },
      ])
    }
  }
  const trustZones = zones.map((z) => {
    const { parent, origin } = parentOf(z.box, z.id)
    return {
      id: z.id,
      name: z.name,
      description: z.description,
      risk: { trustRating: 50 },
      ...(parent.trustZone === OUTSIDE_ZONE ? {} : { parent }),
      representations: representation(z.id, z.box, origin),
    }
  })
  const components = model.elements.map((e) => {
    const { parent, origin } = parentOf(e)
    return {
      id: e.id,
      name: e.name,
      type: e.kind,
      description: e.description,
      parent,
      representations: representation(e.id, e, origin),
      // Threatboard pins an asset on an element without saying how it is used: a data store
      // stores it, anything else processes it.
      assets:
        e.assets.length === 0
          ? null
          : e.kind === 'data-store'
            ? { processed: [], stored: e.assets }
            : { processed: e.assets, stored: [] },
      threats: instancesOf.get(e.id) ?? [],
      attributes:
        e.inScope && !e.properties
          ? null
          : { ...e.properties, ...(e.inScope ? {} : { outOfScope: true }) },
    }
  })
  const dataflows = model.flows
    .filter((f) => 'element' in f.source && 'element' in f.target)
    .map((f) => ({
      id: f.id,
      name: f.name,
      description: f.description,
      bidirectional: f.bidirectional,
      source: (f.source as { element: string }).element,
      destination: (f.target as { element: string }).element,
      threats: instancesOf.get(f.id) ?? [],
      attributes: {
        protocol: f.protocol,
        encrypted: f.encrypted,
        publicNetwork: f.publicNetwork,
        ...(f.inScope ? {} : { outOfScope: true }),
        ...f.properties,
      },
    }))
  if (outsideUsed) {
    trustZones.push({
      id: OUTSIDE_ZONE,
      name: 'Outside every trust boundary',
      description: 'Elements the board shows in no trust boundary.',
      risk: { trustRating: 0 },
      representations: [],
    })
  }
  const all = [...model.elements, ...zones.map((z) => z.box)]
  const extent =
    all.length > 0 ? boundsOf(all.flatMap((b) => [b, { x: b.x + b.w, y: b.y + b.h }])) : undefined
  return {
    otmVersion: '0.2.0',
    project: { name: model.title, id: projectId, description: model.description },
    representations: [
      {
        name: 'Threatboard board',
        id: DIAGRAM,
        type: 'diagram',
        ...(extent ? { size: { width: extent.x + extent.w, height: extent.y + extent.h } } : {}),
      },
    ],
    assets: model.assets.map((a) => ({
      id: a.id,
      name: a.name,
      description: a.notes,
      risk: {
        confidentiality: CONFIDENTIALITY[a.sensitivity],
        integrity: 50,
        availability: 50,
      },
    })),
    trustZones,
    components,
    dataflows,
    threats: model.threats.map((t) => ({
      id: t.id,
      name: t.title,
      description: t.description,
      categories: [STRIDE_INFO[t.category].label],
      risk: {
        likelihood: t.likelihood ? LIKELIHOOD[t.likelihood] : null,
        impact: IMPACT[t.severity],
      },
    })),
    mitigations,
  }
}
