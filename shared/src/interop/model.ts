import type { Asset } from '../domain/asset.ts'
import type { Level } from '../domain/common.ts'
import type { Priority, RecommendationStatus } from '../domain/recommendation.ts'
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
  /**
   * The diagrams (board pages) in page order. Every element, boundary, flow and note belongs to
   * one of them (`diagram`); threats and assets belong to the model. Ids are unique across the
   * whole model, whatever diagram an item is on.
   */
  diagrams: InteropDiagram[]
  elements: InteropElement[]
  boundaries: InteropBoundary[]
  flows: InteropFlow[]
  threats: InteropThreat[]
  assets: Asset[]
  notes: InteropNote[]
  /** Recommendations answering threats (TM-BOM controls); Threat Dragon and OTM have none. */
  recommendations: InteropRecommendation[]
}

/** One diagram of a model: a Threat Dragon diagram, an OTM diagram representation, a page. */
export interface InteropDiagram {
  id: string
  title: string
}

/** What every drawn item carries: the id of the diagram (page) it is drawn on. */
export interface OnDiagram {
  diagram: string
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

export interface InteropElement extends Box, OnDiagram {
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
export type InteropBoundary = { id: string; name: string; description: string } & OnDiagram &
  (({ shape: 'box' } & Box) | { shape: 'curve'; points: Point[] })

/** One end of a flow: an element, or a free point when the source left it unattached. */
export type FlowEnd = { element: string } | Point

export interface InteropFlow extends OnDiagram {
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

/** A recommendation: what to do about some threats (a TM-BOM control). */
export interface InteropRecommendation {
  id: string
  text: string
  priority: Priority
  status: RecommendationStatus
  threatIds: string[]
}

/** Free text on the diagram (a Threat Dragon text block). */
export interface InteropNote extends Box, OnDiagram {
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
  diagrams: [],
  elements: [],
  boundaries: [],
  flows: [],
  threats: [],
  assets: [],
  notes: [],
  recommendations: [],
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

/** `table[key]` for a table's own keys only, so "constructor" or "__proto__" in a file finds nothing. */
export function lookup<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined
}

/** Lower-case letters only, so "Elevation of Privileges" and "elevation-of-privilege" meet. */
export const squash = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '')

/** Cuts text to `max` characters, noting it in `warnings` when it had to. */
export function fit(text: string, max: number, where: string, warnings: string[]): string {
  if (text.length <= max) return text
  warnings.push(`${where}: cut to ${max} characters`)
  return text.slice(0, max)
}

/** Text that carries HTML: a closing tag or a line break tag (`a < b` alone is not markup). */
const HTML_MARK = /<\/[a-z][a-z0-9]*\s*>|<br\s*\/?>/i

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
}

/**
 * A description as plain text. Files written by Microsoft's Threat Modeling Tool (through OTM)
 * carry HTML links in their texts (`Refer: <a href="https://aka.ms/…">https://aka.ms/…</a>`),
 * which the board would show tag by tag: a link becomes its text, followed by its address in
 * brackets when that differs; a `<br>` or a paragraph's end a line break; other tags are
 * dropped; the common entities decoded. Text without markup is returned as it is. Returns
 * whether anything changed, for the import's list of what it changed.
 */
export function plainText(text: string): { text: string; changed: boolean } {
  if (!HTML_MARK.test(text)) return { text, changed: false }
  const plain = text
    .replace(
      /<a\s[^<>]*?href\s*=\s*"([^"]*)"[^<>]*>([\s\S]*?)<\/a\s*>/gi,
      (_, href: string, label: string) => {
        const shown = label.replace(/<[^<>]*>/g, '').trim()
        return !shown || shown === href ? href : `${shown} (${href})`
      },
    )
    .replace(/<br\s*\/?>|<\/p\s*>/gi, '\n')
    .replace(/<\/?[a-z][^<>]*>/gi, '')
    .replace(/&(amp|lt|gt|quot|apos|nbsp);/g, (_, name: string) => ENTITIES[name]!)
    .replace(/&#(\d{1,6});/g, (whole, code: string) => {
      const n = Number(code)
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole
    })
  return { text: plain, changed: plain !== text }
}

/**
 * Every description, mitigation and note of a model read from a file as plain text
 * (`plainText`), with one line in `warnings` saying how many texts changed.
 */
export function htmlToPlainText(model: InteropModel, warnings: string[]): void {
  let changed = 0
  const plain = (text: string) => {
    const out = plainText(text)
    if (out.changed) changed++
    return out.text
  }
  model.description = plain(model.description)
  for (const item of [...model.elements, ...model.boundaries, ...model.flows]) {
    item.description = plain(item.description)
  }
  for (const t of model.threats) {
    t.description = plain(t.description)
    t.mitigation = plain(t.mitigation)
  }
  for (const a of model.assets) a.notes = plain(a.notes)
  if (changed > 0) {
    warnings.push(
      `${changed} ${changed === 1 ? 'text carried' : 'texts carried'} HTML: imported as plain text, each link as its text and address`,
    )
  }
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
