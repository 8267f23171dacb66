import type { Asset, Sensitivity } from '../domain/asset.ts'
import type { DfdNodeKind } from '../shapes/boardShapes.ts'
import {
  checkImportSize,
  emptyModel,
  fit,
  htmlToPlainText,
  InteropError,
  lineOf,
  type ImportResult,
} from './model.ts'
import { schemaProblem } from '../text/schemaProblem.ts'
import { layOutZones, type ZoneLayoutNode } from './tmBomLayout.ts'
import { lines, TmBomSchema, type TmBom } from './tmBomSchema.ts'
import { readThreats } from './tmBomThreats.ts'

/**
 * OWASP Threat Model Library (TM-BOM) v1 JSON, as Threat Dragon 2.6 imports it (its schema is
 * threat-model.schema.json). TM-BOM has no drawing: the board lays the elements out in their
 * trust zones. Import only; docs/interop.md says what maps to what and what is lost.
 */

const SENSITIVE = new Set(['pii', 'phi', 'fin', 'cred', 'pci', 'gov'])
const safeId = (id: string, fallback: string) => (/^[a-z0-9-]{1,64}$/.test(id) ? id : fallback)

/** Reads a TM-BOM file. Throws an InteropError naming the first thing wrong. */
export function fromTmBom(json: unknown): ImportResult {
  const parsed = TmBomSchema.safeParse(json)
  if (!parsed.success) {
    throw new InteropError('', schemaProblem(parsed.error))
  }
  const file = parsed.data
  const actors = file.actors ?? []
  const components = file.components ?? []
  const stores = file.data_stores ?? []
  const zones = file.trust_zones ?? []
  checkImportSize(
    actors.length +
      components.length +
      stores.length +
      zones.length +
      (file.data_flows?.length ?? 0),
    file.threats?.length ?? 0,
  )
  const warnings: string[] = []
  const model = emptyModel(
    lineOf(file.scope.title, 'Imported threat model', 120, 'scope title', warnings),
  )
  model.diagrams.push({ id: 'tm-bom', title: model.title })
  model.description = describeScope(file, warnings)
  if ((file.diagrams?.length ?? 0) > 0) {
    warnings.push(
      `${file.diagrams!.length} diagram sources (Mermaid, PlantUML, …) are not drawn; the board lays the elements out in their trust zones`,
    )
  }
  if (file.extensions && Object.keys(file.extensions).length > 0) {
    warnings.push('extensions are not held by the board')
  }

  // Every symbolic name is one id of the model: zones, actors, components and data stores share it.
  const ids = new Set<string>()
  const claim = (id: string, what: string) => {
    if (ids.has(id)) throw new InteropError(what, `symbolic name "${id}" is used twice`)
    ids.add(id)
  }
  const zoneIds = new Set(zones.map((z) => z.symbolic_name))
  zones.forEach((z) => claim(z.symbolic_name, 'trust_zones'))
  const nodes: (ZoneLayoutNode & { kind: DfdNodeKind; title: string; description: string })[] = []
  const node = (
    kind: DfdNodeKind,
    n: { symbolic_name: string; title: string; trust_zone?: string },
    description: string,
  ) => {
    claim(n.symbolic_name, `${kind} ${n.symbolic_name}`)
    let zone = n.trust_zone
    if (zone !== undefined && !zoneIds.has(zone)) {
      warnings.push(
        `${n.symbolic_name}: trust zone "${zone}" is not defined; placed outside every zone`,
      )
      zone = undefined
    }
    nodes.push({ id: n.symbolic_name, kind, title: n.title, description, zone })
  }
  for (const a of actors) {
    node(
      'external-entity',
      a,
      lines(
        a.description,
        a.type && `Actor type: ${a.type}`,
        a.permissions && `Permissions: ${a.permissions}`,
      ),
    )
  }
  for (const c of components) {
    if (c.parent_component !== undefined) {
      warnings.push(
        `component ${c.symbolic_name}: part of ${c.parent_component}; drawn beside it, not inside`,
      )
    }
    node(
      'process',
      c,
      lines(
        c.description,
        c.parent_component && `Part of: ${c.parent_component}`,
        c.repo_link && `Repository: ${c.repo_link}`,
      ),
    )
  }
  for (const s of stores) {
    const product = [s.vendor, s.product].filter(Boolean).join(' ')
    node(
      'data-store',
      s,
      lines(s.description, s.type && `Store type: ${s.type}`, product && `Product: ${product}`),
    )
  }
  const kindOf = new Map(nodes.map((n) => [n.id, n.kind]))

  // Boundaries between two zones are described on both zones' boxes (the board has no such line).
  const crossings = new Map<string, string[]>()
  for (const b of file.trust_boundaries ?? []) {
    const how = lines(
      b.access_control_methods?.length &&
        `access control ${[...new Set(b.access_control_methods)].join(', ')}`,
      b.authentication_methods?.length &&
        `authentication ${[...new Set(b.authentication_methods)].join(', ')}`,
    ).replace('\n', '; ')
    for (const [zone, other] of [
      [b.trust_zone_a, b.trust_zone_b],
      [b.trust_zone_b, b.trust_zone_a],
    ] as const) {
      if (!zoneIds.has(zone)) continue
      const text = `Boundary with ${other}${how ? `: ${how}` : ''}`
      const of = crossings.get(zone)
      if (of) of.push(text)
      else crossings.set(zone, [text])
    }
  }
  const layout = layOutZones(
    zones.map((z) => z.symbolic_name),
    nodes,
    (file.data_flows ?? []).map((f) => [f.source.object, f.destination.object] as const),
  )
  for (const z of zones) {
    const box = layout.zones.get(z.symbolic_name)!
    model.boundaries.push({
      id: z.symbolic_name,
      diagram: 'tm-bom',
      name: fit(z.title, 200, `trust zone ${z.symbolic_name} title`, warnings),
      description: fit(
        lines(z.description, ...(crossings.get(z.symbolic_name) ?? [])),
        5000,
        `trust zone ${z.symbolic_name} description`,
        warnings,
      ),
      shape: 'box',
      ...box,
    })
  }
  for (const n of nodes) {
    model.elements.push({
      id: n.id,
      diagram: 'tm-bom',
      kind: n.kind,
      name: fit(n.title, 200, `${n.id} title`, warnings),
      description: fit(n.description, 5000, `${n.id} description`, warnings),
      inScope: true,
      assets: [],
      ...layout.nodes.get(n.id)!,
    })
  }

  for (const f of file.data_flows ?? []) {
    const ends = [f.source, f.destination]
    const missing = ends.find((e) => !kindOf.has(e.object))
    if (missing) {
      warnings.push(
        `data flow ${f.symbolic_name}: ${missing.object} is not an actor, component or data store; left out`,
      )
      continue
    }
    claim(f.symbolic_name, `data flow ${f.symbolic_name}`)
    model.flows.push({
      id: f.symbolic_name,
      diagram: 'tm-bom',
      name: fit(
        f.title.replace(/\s+/g, ' ').trim(),
        200,
        `data flow ${f.symbolic_name} title`,
        warnings,
      ),
      description: fit(
        lines(f.description, f.has_sensitive_data === true && 'Carries sensitive data.'),
        5000,
        `data flow ${f.symbolic_name} description`,
        warnings,
      ),
      source: { element: f.source.object },
      target: { element: f.destination.object },
      protocol: '',
      encrypted: f.encrypted === true,
      publicNetwork: false,
      bidirectional: false,
      inScope: true,
    })
  }

  // Data sets are the assets, pinned on the data stores they are placed in.
  const elementsById = new Map(model.elements.map((e) => [e.id, e]))
  ;(file.data_sets ?? []).forEach((d, i) => {
    const id = safeId(d.symbolic_name, `data-set-${i + 1}`)
    const sensitivity: Sensitivity = (d.data_sensitivity ?? []).some((s) => SENSITIVE.has(s))
      ? 'confidential'
      : 'internal'
    const placements = d.placements ?? []
    model.assets.push({
      id,
      name: lineOf(d.title, 'Unnamed data set', 200, `data set ${d.symbolic_name} title`, warnings),
      kind: 'data',
      sensitivity,
      owner: '',
      notes: fit(
        lines(
          d.description,
          d.data_sensitivity?.length && `Sensitivity: ${d.data_sensitivity.join(', ')}`,
          ...placements.map((p) => `In ${p.data_store}${p.encrypted ? ', encrypted' : ''}`),
        ),
        5000,
        `data set ${d.symbolic_name} description`,
        warnings,
      ),
    } satisfies Asset)
    for (const p of placements) {
      const store = elementsById.get(p.data_store)
      if (!store)
        warnings.push(`data set ${d.symbolic_name}: data store ${p.data_store} does not exist`)
      else if (!store.assets.includes(id)) store.assets.push(id)
    }
  })

  readThreats(file, model, { kindOf, zoneIds }, warnings)
  htmlToPlainText(model, warnings)
  return { model, warnings }
}

function describeScope(file: TmBom, warnings: string[]): string {
  const s = file.scope
  const assumptions = (file.assumptions ?? []).map(
    (a) => `- ${a.description}${a.validity ? ` (${a.validity})` : ''}`,
  )
  return fit(
    lines(
      s.description || file.description,
      s.business_criticality && `Business criticality: ${s.business_criticality}`,
      s.exposure && `Exposure: ${s.exposure}`,
      s.tier && `Tier: ${s.tier}`,
      assumptions.length > 0 && `Assumptions:\n${assumptions.join('\n')}`,
    ),
    5000,
    'scope description',
    warnings,
  )
}
