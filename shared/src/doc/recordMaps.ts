import * as Y from 'yjs'

/**
 * How one tldraw record is held in the room's Y.Doc (see docs/doc-layout.md).
 *
 * Each record is a Y.Map of its top-level fields; the `props` and `meta` objects are nested
 * Y.Maps of their own keys. Every other value (numbers, strings, arrays, nested objects such as
 * a rich-text tree) is stored as a plain JSON value and replaced whole. So two people changing
 * different fields of the same shape (one moves it, the other renames it: `props.richText`)
 * both keep their change, and two people changing the same field converge on one of the two
 * values (Yjs picks the same winner everywhere).
 *
 * `x`, `y` and `rotation` are kept together as one `transform` value `{ x, y, rotation }`.
 * Yjs can merge the tombstones of a key overwritten again and again into one, but not of two
 * keys overwritten in turn: stored apart, every frame of a drag would leave ~18 bytes behind
 * for good; stored together, a drag of any length leaves almost nothing (see ADR 0001).
 */
export type JsonRecord = { id: string; typeName: string } & Record<string, unknown>

/** Fields whose own keys are kept as separate entries rather than one replaced value. */
const NESTED_FIELDS: ReadonlySet<string> = new Set(['props', 'meta'])

/** The key under which `x`, `y` and `rotation` are stored together. */
export const TRANSFORM_KEY = 'transform'
const TRANSFORM_FIELDS = ['x', 'y', 'rotation'] as const

/** The record as it is stored: the transform fields folded into one value. */
function toStored(record: JsonRecord): Record<string, unknown> {
  if (!TRANSFORM_FIELDS.every((f) => typeof record[f] === 'number')) return record
  const { x, y, rotation, ...rest } = record
  return { ...rest, [TRANSFORM_KEY]: { x, y, rotation } }
}

function fromStored(stored: Record<string, unknown>): JsonRecord {
  const transform = stored[TRANSFORM_KEY]
  if (!isPlainObject(transform)) return stored as JsonRecord
  const { [TRANSFORM_KEY]: _, ...rest } = stored
  return { ...rest, ...transform } as JsonRecord
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Structural equality of JSON values (records hold nothing else). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]))
  }
  const ak = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
  const bk = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
  if (ak.length !== bk.length) return false
  return ak.every((k) =>
    jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  )
}

/** Sets only the keys whose value differs and deletes keys that are gone: the smallest update. */
export function syncMap(
  target: Y.Map<unknown>,
  source: Record<string, unknown>,
  nested: boolean,
): void {
  for (const key of [...target.keys()]) {
    if (source[key] === undefined) target.delete(key)
  }
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue
    if (nested && NESTED_FIELDS.has(key) && isPlainObject(value)) {
      let child = target.get(key)
      if (!(child instanceof Y.Map)) {
        child = new Y.Map<unknown>()
        target.set(key, child)
      }
      syncMap(child as Y.Map<unknown>, value, false)
    } else if (!jsonEqual(target.get(key), value)) {
      target.set(key, value)
    }
  }
}

/**
 * Writes `record` into `records`, creating its map or changing only the fields that differ.
 * Call inside a transaction so that one user action is one update.
 */
export function writeRecord(records: Y.Map<Y.Map<unknown>>, record: JsonRecord): void {
  let map = records.get(record.id)
  if (!(map instanceof Y.Map)) {
    map = new Y.Map<unknown>()
    records.set(record.id, map)
  }
  syncMap(map, toStored(record), true)
}

/** Reads one record back as plain JSON. */
export function readRecord(map: Y.Map<unknown>): JsonRecord {
  return fromStored(map.toJSON())
}

/** Reads every record of the room. */
export function readAllRecords(records: Y.Map<Y.Map<unknown>>): JsonRecord[] {
  const out: JsonRecord[] = []
  for (const map of records.values()) {
    if (map instanceof Y.Map) out.push(readRecord(map))
  }
  return out
}
