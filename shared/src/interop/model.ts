import type { Asset } from '../domain/asset.ts'
import type { Level } from '../domain/common.ts'
import type { StrideCategory } from '../domain/stride.ts'
import type { Severity, ThreatStatus } from '../domain/threat.ts'
import type { DfdNodeKind } from '../shapes/boardShapes.ts'
import type { DataFlowProperties, ElementProperties } from '../guidance/elementProperties.ts'

/**
 * The neutral threat model that imports and exports pass through (docs/interop.md). Each file
 * format is read into it and written from it; the room's document is built from it and read
 * back into it. Positions are page coordinates, as the source drew them.
 */
export interface InteropModel {
  title: string
  description: string
  elements: InteropElement[]
  boundaries: InteropBoundary[]
  flows: InteropFlow[]
  threats: InteropThreat[]
  assets: Asset[]
  notes: InteropNote[]
}

export interface Box {
  x: number
  y: number
  w: number
  h: number
}

export interface Point {
  x: number
  y: number
}

export interface InteropElement extends Box {
  id: string
  kind: DfdNodeKind
  name: string
  description: string
  inScope: boolean
  /** Ids of the catalogue assets pinned on it (OTM: the assets it processes or stores). */
  assets: string[]
  /** Its security properties for the guidance rules (docs/guidance.md); absent when none. */
  properties?: ElementProperties
}

/** A trust boundary: a box around elements, or a curve drawn through points (Threat Dragon). */
export type InteropBoundary = { id: string; name: string; description: string } & (
  ({ shape: 'box' } & Box) | { shape: 'curve'; points: Point[] }
)

/** One end of a flow: an element, or a free point when the source left it unattached. */
export type FlowEnd = { element: string } | Point

export interface InteropFlow {
  id: string
  name: string
  description: string
  source: FlowEnd
  target: FlowEnd
  protocol: string
  encrypted: boolean
  publicNetwork: boolean
  bidirectional: boolean
  inScope: boolean
  properties?: DataFlowProperties
}

export interface InteropThreat {
  id: string
  /** Ids of the elements, flows or boundaries the threat is about (may be empty). */
  targets: string[]
  title: string
  category: StrideCategory
  severity: Severity
  likelihood?: Level
  status: ThreatStatus
  description: string
  mitigation: string
}

/** Free text on the diagram (a Threat Dragon text block). */
export interface InteropNote extends Box {
  id: string
  text: string
}

/** A file that cannot be imported: `where` names the place in the file, `problem` what is wrong. */
export class InteropError extends Error {
  override name = 'InteropError'
  readonly where: string
  constructor(where: string, problem: string) {
    super(where ? `${where}: ${problem}` : problem)
    this.where = where
  }
}

/** What an import read, and what it had to change or leave out on the way (shown to the user). */
export interface ImportResult {
  model: InteropModel
  warnings: string[]
}

export const emptyModel = (title: string): InteropModel => ({
  title,
  description: '',
  elements: [],
  boundaries: [],
  flows: [],
  threats: [],
  assets: [],
  notes: [],
})

/**
 * The most a file may hold: real threat models have tens of elements, and a board of this size
 * already takes several MB stored and hundreds of MB of server memory while it is built
 * (bench/RESULTS.md).
 */
export const IMPORT_LIMITS = { items: 2000, threats: 5000 }

/** Refuses a file holding more than IMPORT_LIMITS, before anything is built from it. */
export function checkImportSize(items: number, threats: number): void {
  if (items > IMPORT_LIMITS.items) {
    throw new InteropError(
      '',
      `the file holds ${items} elements, flows and boundaries; at most ${IMPORT_LIMITS.items} can be imported`,
    )
  }
  if (threats > IMPORT_LIMITS.threats) {
    throw new InteropError(
      '',
      `the file holds ${threats} threats; at most ${IMPORT_LIMITS.threats} can be imported`,
    )
  }
}

/** Lower-case letters only, so "Elevation of Privileges" and "elevation-of-privilege" meet. */
export const squash = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '')

/** Cuts text to `max` characters, noting it in `warnings` when it had to. */
export function fit(text: string, max: number, where: string, warnings: string[]): string {
  if (text.length <= max) return text
  warnings.push(`${where}: cut to ${max} characters`)
  return text.slice(0, max)
}

/** A one-line name: trimmed, never empty, at most `max` characters. */
export function lineOf(
  text: string | undefined,
  fallback: string,
  max: number,
  where: string,
  warnings: string[],
): string {
  const t = (text ?? '').replace(/\s+/g, ' ').trim()
  return fit(t || fallback, max, where, warnings)
}

/** Bounding box of some points. */
export function boundsOf(points: Point[]): Box {
  const xs = points.map((p) => p.x)
  const ys = points.map((p) => p.y)
  const x = Math.min(...xs)
  const y = Math.min(...ys)
  return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y }
}

/** `{ properties }` when any is set, else nothing: a model without properties stays as it was. */
export const propertiesField = <P extends object>(p: P | undefined): { properties?: P } =>
  p && Object.keys(p).length > 0 ? { properties: p } : {}
