import * as Y from 'yjs'
import type { TLSchema } from '@tldraw/tlschema'
import { recordOutOfRange } from './boardRange.ts'
import { readAllRecords, readRecord, type JsonRecord } from './recordMaps.ts'
import { getRecordsMap } from './roomDoc.ts'
import { createBoardSchema } from './tldrawSchema.ts'

/** A record with a parent, as far as the check of its parents reads it. */
interface Child {
  id: string
  parentId?: unknown
}

/**
 * How many shapes deep a shape may sit (a shape in a frame in a group…, the shape counted):
 * tldraw follows a shape's parents by recursion, and a chain of 3,000 shapes, each inside the
 * one before, overflowed the stack of a tab that opened the room. A real board nests a few levels.
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

/** A binding as the loop check reads it. */
interface Edge {
  id: string
  fromId?: unknown
  toId?: unknown
}

/** Each shape's binding targets (from → to), from every binding given. */
function bindingTargets(bindings: Iterable<Edge>): Map<string, string[]> {
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
 * The strongly connected components of the shapes joined by bindings (Tarjan's algorithm, walked
 * with an explicit stack so that a long chain cannot overflow it): each shape's component number.
 * Two shapes share one exactly when each leads to the other through bindings.
 */
function components(targets: Map<string, string[]>): Map<string, number> {
  const order = new Map<string, number>()
  const low = new Map<string, number>()
  const component = new Map<string, number>()
  const open: string[] = []
  const isOpen = new Set<string>()
  let visited = 0
  let found = 0
  for (const root of targets.keys()) {
    if (order.has(root)) continue
    const walk: [shape: string, next: number][] = [[root, 0]]
    while (walk.length > 0) {
      const frame = walk[walk.length - 1]!
      const [shape, next] = frame
      if (next === 0 && !order.has(shape)) {
        order.set(shape, visited)
        low.set(shape, visited++)
        open.push(shape)
        isOpen.add(shape)
      }
      const out = targets.get(shape) ?? []
      if (next < out.length) {
        frame[1] = next + 1
        const to = out[next]!
        if (!order.has(to)) walk.push([to, 0])
        else if (isOpen.has(to)) low.set(shape, Math.min(low.get(shape)!, order.get(to)!))
        continue
      }
      walk.pop()
      const parent = walk[walk.length - 1]
      if (parent) low.set(parent[0], Math.min(low.get(parent[0])!, low.get(shape)!))
      if (low.get(shape) === order.get(shape)) {
        let member: string
        do {
          member = open.pop()!
          isOpen.delete(member)
          component.set(member, found)
        } while (member !== shape)
        found++
      }
    }
  }
  return component
}

/**
 * Which of the given bindings close a loop: the shape one binds to is, through bindings, bound
 * back to the shape it binds from (or is that shape). tldraw moves a bound shape when its target
 * changes, and a loop (an arrow bound to itself, two arrows bound to each other) moved them until
 * the stack overflowed: every tab showed "Something went wrong". Built once over every binding
 * (held and arriving), in time linear in their number: checking each binding by walking from its
 * target took a script's chain of 20,000 bindings about half a minute.
 */
export function bindingLoops(bindings: Iterable<Edge>): (binding: Edge) => boolean {
  const component = components(bindingTargets(bindings))
  return ({ fromId, toId }) =>
    typeof fromId === 'string' &&
    typeof toId === 'string' &&
    (fromId === toId || (component.has(fromId) && component.get(fromId) === component.get(toId)))
}

let schema: TLSchema | undefined

/**
 * The room's records that every browser draws: document records that pass the board schema's
 * validators, with no number beyond the board's range, no shape inside itself or nested too deep
 * and no binding that closes a loop. A browser skips any other record it receives
 * (`filterValidRecords` in the client), so the report and the exports, which read the document
 * on the server, read these and show no element that nobody sees on the board. Expects a
 * document at today's schema (a live room, or a version brought up to it).
 */
export function drawnRecords(records: JsonRecord[]): JsonRecord[] {
  const byId = new Map(records.map((r) => [r.id, r]))
  const closesALoop = bindingLoops(records.filter((r) => r.typeName === 'binding'))
  return records.filter(
    (record) =>
      drawnAlone(record, (id) => byId.get(id)) &&
      !(record.typeName === 'binding' && closesALoop(record)),
  )
}

/**
 * Whether a browser draws the record, as far as the record and its parents tell (`drawnRecords`
 * less the bindings' loops, which take every binding to see).
 */
function drawnAlone(record: JsonRecord, recordOf: (id: string) => Child | undefined): boolean {
  schema ??= createBoardSchema()
  const types = schema.types as Record<string, (typeof schema.types)['shape'] | undefined>
  const type = types[record.typeName]
  if (type?.scope !== 'document') return false
  try {
    type.validate(record)
  } catch {
    return false
  }
  if (recordOutOfRange(record) !== undefined) return false
  return !(record.typeName === 'shape' && parentChainFault(record, recordOf))
}

/** The records of a room's document that every browser draws (`drawnRecords`). */
export function readDrawnRecords(doc: Y.Doc): JsonRecord[] {
  return drawnRecords(readAllRecords(getRecordsMap(doc)))
}

/**
 * Whether the room's document holds a shape with this id that every browser draws: what a hint
 * may name as its element. Reads that shape and its parents only.
 */
export function isDrawnShape(doc: Y.Doc, id: string): boolean {
  const records = getRecordsMap(doc)
  const recordOf = (key: string) => {
    const map = records.get(key)
    return map instanceof Y.Map ? readRecord(map) : undefined
  }
  const shape = recordOf(id)
  return shape?.typeName === 'shape' && drawnAlone(shape, recordOf)
}
