import type { DfdElementKind } from '../domain/stride.ts'
import { parseElementProperties, type ElementProperties } from './elementProperties.ts'

/**
 * Element properties found in imported files, keyed by the element's id in the file (which the
 * board keeps as its shape id, `shape:<id>`, when the id is a safe one). Pure mapping: the
 * importers can call these on the same JSON they import and write the result to
 * `meta.properties`.
 *
 * Threat Dragon writes every flag on every cell, `false` by default, so a `false` there says
 * nothing anyone decided: only `true` (and a non-empty privilege level) are carried over, and a
 * `false` stays "not set".
 */
export type InteropProperties = Map<string, { kind: DfdElementKind; properties: ElementProperties }>

const TD_KIND: Record<string, DfdElementKind> = {
  'tm.Actor': 'external-entity',
  'tm.Process': 'process',
  'tm.Store': 'data-store',
  'tm.Flow': 'data-flow',
  actor: 'external-entity',
  process: 'process',
  store: 'data-store',
  flow: 'data-flow',
}

/** A Threat Dragon type or shape name as a kind; only the table's own keys (not `constructor`). */
const tdKind = (name: unknown): DfdElementKind | undefined =>
  typeof name === 'string' && Object.hasOwn(TD_KIND, name) ? TD_KIND[name] : undefined

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

/** Threat Dragon's free-text privilege level, as the nearest of ours. */
function privilegeFrom(level: unknown): string | undefined {
  if (typeof level !== 'string') return undefined
  if (/root|admin|system|super/i.test(level)) return 'root/admin'
  if (/service|daemon/i.test(level)) return 'service'
  if (/user|low|unprivileged/i.test(level)) return 'user'
  return undefined
}

/** The properties of one Threat Dragon cell's `data` (see the mapping table in docs/guidance.md). */
export function propertiesFromThreatDragonCell(
  kind: DfdElementKind,
  data: Record<string, unknown>,
): ElementProperties {
  const yes = (key: string) => (data[key] === true ? true : undefined)
  const raw: Record<string, unknown> =
    kind === 'process'
      ? {
          privilegeLevel: privilegeFrom(data.privilegeLevel),
          handlesPayment: yes('handlesCardPayment'),
        }
      : kind === 'data-store'
        ? {
            isLog: yes('isALog'),
            storesCredentials: yes('storesCredentials'),
            encryptedAtRest: yes('isEncrypted'),
            signed: yes('isSigned'),
          }
        : kind === 'external-entity'
          ? { authenticated: yes('providesAuthentication') }
          : {}
  return parseElementProperties(kind, raw)
}

/** The properties of every DFD cell of a Threat Dragon v2 file; junk is skipped, never thrown. */
export function propertiesFromThreatDragon(json: unknown): InteropProperties {
  const out: InteropProperties = new Map()
  for (const diagram of arr(obj(obj(json).detail).diagrams)) {
    for (const c of arr(obj(diagram).cells)) {
      const cell = obj(c)
      const data = obj(cell.data)
      const kind = tdKind(data.type) ?? tdKind(cell.shape)
      if (!kind || typeof cell.id !== 'string') continue
      const properties = propertiesFromThreatDragonCell(kind, data)
      if (Object.keys(properties).length > 0) out.set(cell.id, { kind, properties })
    }
  }
  return out
}

/** OTM asset confidentiality (0–100) at or above which data counts as sensitive. */
const SENSITIVE_CONFIDENTIALITY = 70

/**
 * The properties of an OTM file's components and data flows. OTM has no fixed vocabulary for
 * them: `attributes` whose names are ours are taken as they are (and checked), and a flow
 * carrying an asset whose confidentiality is high is marked as carrying sensitive data.
 * Components are given the kind the OTM importer gives them (`kindOf`).
 */
export function propertiesFromOtm(
  json: unknown,
  kindOf: (componentId: string) => DfdElementKind | undefined,
): InteropProperties {
  const out: InteropProperties = new Map()
  const file = obj(json)
  const sensitive = new Set(
    arr(file.assets)
      .map(obj)
      .filter((a) => Number(obj(a.risk).confidentiality) >= SENSITIVE_CONFIDENTIALITY)
      .map((a) => String(a.id)),
  )
  for (const c of arr(file.components).map(obj)) {
    const kind = typeof c.id === 'string' ? kindOf(c.id) : undefined
    if (!kind) continue
    const properties = parseElementProperties(kind, obj(c.attributes))
    if (Object.keys(properties).length > 0) out.set(c.id as string, { kind, properties })
  }
  for (const f of arr(file.dataflows).map(obj)) {
    if (typeof f.id !== 'string') continue
    const raw: Record<string, unknown> = { ...obj(f.attributes) }
    if (arr(f.assets).some((a) => sensitive.has(String(a)))) raw.carriesSensitiveData = true
    const properties = parseElementProperties('data-flow', raw)
    if (Object.keys(properties).length > 0) out.set(f.id, { kind: 'data-flow', properties })
  }
  return out
}
