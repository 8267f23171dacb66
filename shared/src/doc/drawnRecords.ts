import type * as Y from 'yjs'
import type { TLSchema } from '@tldraw/tlschema'
import { recordOutOfRange } from './boardRange.ts'
import { readAllRecords, type JsonRecord } from './recordMaps.ts'
import { getRecordsMap } from './roomDoc.ts'
import { createBoardSchema } from './tldrawSchema.ts'

/** A record with a parent, as far as the parent loop check reads it. */
interface Child {
  id: string
  parentId?: unknown
}

/**
 * How many shapes deep a shape may sit (a shape in a frame in a group…, the shape counted):
 * tldraw follows a shape's parents by recursion, and a chain of 3,000 shapes, each inside the
 * one before, overflowed the stack of every tab that drew it. A real board nests a few levels.
 */
export const MAX_SHAPE_DEPTH = 50

/**
 * What is wrong with a shape's parents, if anything: it is, through them, its own ancestor (A in
 * B in A, or A in itself: a loop froze every tab that drew it), or it sits deeper than
 * `MAX_SHAPE_DEPTH`. `recordOf` looks a parent up (among the records arriving with the shape,
 * then those already held). The walk stops at the limit, so checking every shape of a board is
 * linear in its size.
 */
export function parentChainFault(
  shape: Child,
  recordOf: (id: string) => Child | undefined,
): 'inside itself' | 'nested too deep' | undefined {
  const seen = new Set<string>([shape.id])
  let parent = shape.parentId
  while (typeof parent === 'string' && parent.startsWith('shape:')) {
    if (seen.has(parent)) return 'inside itself'
    if (seen.size >= MAX_SHAPE_DEPTH) return 'nested too deep'
    seen.add(parent)
    parent = recordOf(parent)?.parentId
  }
  return undefined
}

/** Each shape's binding targets (from → to), from every binding given. */
export function bindingTargets(
  bindings: Iterable<{ id: string; fromId?: unknown; toId?: unknown }>,
): Map<string, string[]> {
  const targets = new Map<string, string[]>()
  for (const { fromId, toId } of bindings) {
    if (typeof fromId !== 'string' || typeof toId !== 'string') continue
    const list = targets.get(fromId)
    if (list) list.push(toId)
    else targets.set(fromId, [toId])
  }
  return targets
}

/**
 * Whether a binding closes a loop: the shape it binds to is, through bindings, bound back to the
 * shape it binds from (or is that shape). tldraw moves a bound shape when its target changes, and
 * a loop (an arrow bound to itself, two arrows bound to each other) moved them until the stack
 * overflowed: every tab showed "Something went wrong".
 */
export function closesALoop(
  binding: { fromId: string; toId: string },
  targets: Map<string, string[]>,
): boolean {
  const seen = new Set<string>()
  const stack: string[] = [binding.toId]
  while (stack.length > 0) {
    const shape = stack.pop()!
    if (shape === binding.fromId) return true
    if (seen.has(shape)) continue
    seen.add(shape)
    stack.push(...(targets.get(shape) ?? []))
  }
  return false
}

let schema: TLSchema | undefined

/**
 * The room's records that every browser draws: document records that pass the board schema's
 * validators, with no number beyond the board's range, no shape inside itself or nested too
 * deep and no binding that closes a loop. A browser skips any other record it receives (`filterValidRecords` in the
 * client), so the report and the exports, which read the document on the server, read these and
 * show no element that nobody sees on the board. Expects a document at today's schema (a live
 * room, or a version brought up to it).
 */
export function drawnRecords(records: JsonRecord[]): JsonRecord[] {
  schema ??= createBoardSchema()
  const types = schema.types as Record<string, (typeof schema.types)['shape'] | undefined>
  const byId = new Map(records.map((r) => [r.id, r]))
  const targets = bindingTargets(records.filter((r) => r.typeName === 'binding'))
  return records.filter((record) => {
    const type = types[record.typeName]
    if (type?.scope !== 'document') return false
    try {
      type.validate(record)
    } catch {
      return false
    }
    if (recordOutOfRange(record) !== undefined) return false
    if (record.typeName === 'shape' && parentChainFault(record, (id) => byId.get(id))) return false
    return !(
      record.typeName === 'binding' &&
      closesALoop(record as unknown as { fromId: string; toId: string }, targets)
    )
  })
}

/** The records of a room's document that every browser draws (`drawnRecords`). */
export function readDrawnRecords(doc: Y.Doc): JsonRecord[] {
  return drawnRecords(readAllRecords(getRecordsMap(doc)))
}
