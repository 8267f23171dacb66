import type { TLBinding, TLRecord, TLStore } from 'tldraw'
import { recordOutOfRange } from '@threatboard/shared'

/**
 * Whether a shape is, through its parents, its own ancestor (A in B in A, or A in itself): tldraw
 * follows parents to place a shape, and a loop froze every tab that drew it. Parents are looked
 * up among the records arriving with it first, then in the store.
 */
function inItsOwnParents(
  shape: TLRecord & { parentId: string },
  arriving: Map<string, TLRecord>,
  store: TLStore,
): boolean {
  const seen = new Set<string>([shape.id])
  let parent: string = shape.parentId
  while (parent.startsWith('shape:')) {
    if (seen.has(parent)) return true
    seen.add(parent)
    const next = (arriving.get(parent) ?? store.get(parent as TLRecord['id'])) as
      { parentId?: unknown } | undefined
    if (typeof next?.parentId !== 'string') return false
    parent = next.parentId
  }
  return false
}

/** Each shape's binding targets (from → to), from the store's bindings and those arriving. */
function bindingTargets(arriving: Map<string, TLRecord>, store: TLStore): Map<string, string[]> {
  const bindings = new Map<string, TLBinding>()
  for (const b of store.query.records('binding').get()) bindings.set(b.id, b)
  for (const r of arriving.values()) if (r.typeName === 'binding') bindings.set(r.id, r)
  const targets = new Map<string, string[]>()
  for (const { fromId, toId } of bindings.values()) {
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
function closesALoop(binding: TLBinding, targets: Map<string, string[]>): boolean {
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

/**
 * The records of the scope asked for (from the room: document records, never another browser's
 * camera or selection; from awareness: presence records) that pass the store's validators, and
 * for shapes and bindings the board's own checks: no number beyond its range, no shape inside
 * itself, no binding that closes a loop. Data from the room is from other clients and is checked
 * like any input: one bad record is skipped (and logged) instead of breaking the board.
 */
export function filterValidRecords(
  store: TLStore,
  records: TLRecord[],
  scope: 'document' | 'presence' = 'document',
): TLRecord[] {
  const arriving = new Map<string, TLRecord>(records.map((r) => [r.id, r]))
  let targets: Map<string, string[]> | undefined
  return records.filter((record) => {
    const before = store.get(record.id) ?? null
    try {
      // A camera, selection, mode or presence from the room would take over this browser's own.
      if (!store.scopedTypes[scope].has(record.typeName)) {
        throw new Error(`not a ${scope} record: ${record.typeName}`)
      }
      store.schema.validateRecord(store, record, before ? 'updateRecord' : 'createRecord', before)
      const bad = recordOutOfRange(record)
      if (bad !== undefined) throw new Error(`a number out of the board's range: ${bad}`)
      if (record.typeName === 'shape' && inItsOwnParents(record, arriving, store)) {
        throw new Error('a shape inside itself, through its parents')
      }
      if (record.typeName === 'binding') {
        targets ??= bindingTargets(arriving, store)
        if (closesALoop(record, targets)) throw new Error('a binding that closes a loop')
      }
      return true
    } catch (error) {
      console.warn(`Threatboard: ignoring an invalid record from the room (${record.id})`, error)
      return false
    }
  })
}
