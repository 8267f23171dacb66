import type { Sensitivity } from '../domain/asset.ts'
import type { Level } from '../domain/common.ts'
import { STRIDE_INFO } from '../domain/stride.ts'
import type { Severity, ThreatStatus } from '../domain/threat.ts'
import { boundsOf, type Box, type InteropModel, type Point } from './model.ts'

/** Open Threat Model (OTM) 0.2.0 written from the neutral model; read by otm.ts. */

/** Marks the zone an export puts elements that sit in no boundary in; it is not drawn. */
export const OUTSIDE_ZONE = 'threatboard-outside'
const IMPACT: Record<Severity, number> = { critical: 100, high: 75, medium: 50, low: 25 }
const LIKELIHOOD: Record<Level, number> = { high: 75, medium: 50, low: 25 }
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
const contains = (outer: Box, p: Point) =>
  p.x >= outer.x && p.x <= outer.x + outer.w && p.y >= outer.y && p.y <= outer.y + outer.h

/**
 * Writes the model as an OTM 0.2.0 file. Each diagram (page) is one diagram representation;
 * every component and trust zone is positioned on the representation of its page.
 */
export function toOtm(model: InteropModel, projectId: string): Record<string, unknown> {
  const diagrams =
    model.diagrams.length > 0 ? model.diagrams : [{ id: 'board', title: model.title }]
  const repOf = new Map(diagrams.map((d) => [d.id, `threatboard-${d.id}`]))
  const zones = model.boundaries.map((b) => ({
    id: b.id,
    diagram: b.diagram,
    name: b.name,
    description: b.description,
    box: b.shape === 'box' ? { x: b.x, y: b.y, w: b.w, h: b.h } : boundsOf(b.points),
  }))
  const area = (b: Box) => b.w * b.h
  /** The smallest zone on the same page holding a box (but not the box itself). */
  const parentZone = (box: Box & { diagram: string }, self?: string) =>
    zones
      .filter((z) => z.id !== self && z.diagram === box.diagram && area(z.box) > area(box))
      .filter(
        (z) => contains(z.box, box) && contains(z.box, { x: box.x + box.w, y: box.y + box.h }),
      )
      .sort((a, b) => area(a.box) - area(b.box))[0]
  let outsideUsed = false
  const parentOf = (box: Box & { diagram: string }, self?: string) => {
    const zone = parentZone(box, self)
    if (zone) return { parent: { trustZone: zone.id }, origin: zone.box }
    outsideUsed = true
    return { parent: { trustZone: OUTSIDE_ZONE }, origin: { x: 0, y: 0, w: 0, h: 0 } }
  }
  const representation = (id: string, box: Box & { diagram: string }, origin: Box) => [
    {
      representation: repOf.get(box.diagram) ?? repOf.get(diagrams[0]!.id)!,
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
      const instance = {
        threat: t.id,
        state: STATE_NAME[t.status],
        mitigations: mitigation
          ? [{ mitigation, state: t.status === 'mitigated' ? 'IMPLEMENTED' : 'RECOMMENDED' }]
          : [],
      }
      const list = instancesOf.get(target)
      if (list) list.push(instance)
      else instancesOf.set(target, [instance])
    }
  }
  const trustZones = zones.map((z) => {
    const box = { ...z.box, diagram: z.diagram }
    const { parent, origin } = parentOf(box, z.id)
    return {
      id: z.id,
      name: z.name,
      description: z.description,
      risk: { trustRating: 50 },
      ...(parent.trustZone === OUTSIDE_ZONE ? {} : { parent }),
      representations: representation(z.id, box, origin),
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
  const extentOf = (diagram: string) => {
    const all = [
      ...model.elements.filter((e) => e.diagram === diagram),
      ...zones.filter((z) => z.diagram === diagram).map((z) => z.box),
    ]
    return all.length > 0
      ? boundsOf(all.flatMap((b) => [b, { x: b.x + b.w, y: b.y + b.h }]))
      : undefined
  }
  return {
    otmVersion: '0.2.0',
    project: { name: model.title, id: projectId, description: model.description },
    representations: diagrams.map((d) => {
      const extent = extentOf(d.id)
      return {
        name: d.title,
        id: repOf.get(d.id)!,
        type: 'diagram',
        ...(extent ? { size: { width: extent.x + extent.w, height: extent.y + extent.h } } : {}),
      }
    }),
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
