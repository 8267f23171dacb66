import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import type { AnyType, Touched } from './updatePlan.ts'

/**
 * A small copy of the parts of `doc` an update touches — the named root entries with their whole
 * history (every item of each key, deleted ones included) — where everything else is replaced by
 * garbage-collected placeholders of the same length, so the update's clocks line up and it can
 * be applied to the copy exactly as to the room. Its cost is that of the touched entries, not
 * of the document (no whole-document copy per model edit).
 *
 * Sound because Yjs places an item only by its origin, right origin and parent, and all three of
 * an entry's items lie within that entry; an item of the update that leans on a placeholder
 * becomes garbage in the copy, as it belongs to an entry the update was not found to touch.
 */
export function buildProbe(
  doc: Y.Doc,
  touched: Touched,
  roots: readonly string[],
  clients: Iterable<number>,
): Y.Doc {
  const items = new Map<number, Y.Item[]>()
  const seen = new Set<Y.Item>()
  const types: AnyType[] = []
  const add = (item: Y.Item) => {
    if (seen.has(item)) return
    seen.add(item)
    let list = items.get(item.id.client)
    if (!list) items.set(item.id.client, (list = []))
    list.push(item)
    if (item.content instanceof Y.ContentType) types.push(item.content.type)
  }
  const addKey = (type: AnyType, key: string) => {
    let item = type._map.get(key) ?? null
    while (item?.left) item = item.left
    for (; item; item = item.right) add(item)
  }
  for (const root of roots) {
    const keys = touched.get(root)
    const type = doc.share.get(root)
    if (!keys || !type) continue
    if (keys.has(null)) types.push(type)
    else for (const key of keys) if (key !== null) addKey(type, key)
  }
  // Nested types are copied whole, iteratively (an entry may nest deeply).
  while (types.length > 0) {
    const type = types.pop()!
    for (const key of type._map.keys()) addKey(type, key)
    for (let item = type._start; item; item = item.right) add(item)
  }

  const e = new Y.UpdateEncoderV1()
  const all = new Set([...items.keys(), ...clients])
  const sections: [number, (Y.Item | Y.GC)[]][] = []
  const deletes: [number, [number, number][]][] = []
  for (const client of all) {
    const own = (items.get(client) ?? []).sort((a, b) => a.id.clock - b.id.clock)
    const end = Y.getState(doc.store, client)
    const structs: (Y.Item | Y.GC)[] = []
    const deleted: [number, number][] = []
    let clock = 0
    for (const item of own) {
      if (item.id.clock > clock)
        structs.push(new Y.GC(Y.createID(client, clock), item.id.clock - clock))
      structs.push(item)
      if (item.deleted) deleted.push([item.id.clock, item.length])
      clock = item.id.clock + item.length
    }
    if (clock < end) structs.push(new Y.GC(Y.createID(client, clock), end - clock))
    if (structs.length > 0) sections.push([client, structs])
    if (deleted.length > 0) deletes.push([client, deleted])
  }
  encoding.writeVarUint(e.restEncoder, sections.length)
  for (const [client, structs] of sections) {
    encoding.writeVarUint(e.restEncoder, structs.length)
    e.writeClient(client)
    encoding.writeVarUint(e.restEncoder, 0)
    for (const s of structs) s.write(e, 0)
  }
  encoding.writeVarUint(e.restEncoder, deletes.length)
  for (const [client, ranges] of deletes) {
    encoding.writeVarUint(e.restEncoder, client)
    encoding.writeVarUint(e.restEncoder, ranges.length)
    for (const [clock, len] of ranges) {
      encoding.writeVarUint(e.restEncoder, clock)
      encoding.writeVarUint(e.restEncoder, len)
    }
  }
  // A fixed guid: a random one costs ~30 calls into the crypto RNG, a tenth of a model edit's CPU.
  const probe = new Y.Doc({ gc: false, guid: 'threatboard-probe' })
  Y.applyUpdate(probe, e.toUint8Array())
  return probe
}
