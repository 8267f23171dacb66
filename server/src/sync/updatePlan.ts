import * as Y from 'yjs'

/** Where a struct lands: its root type and the root-level key it sits under (null: a list). */
export interface Place {
  root: string
  key: string | null
}

/** The places an update writes to or deletes from, by root. */
export type Touched = Map<string, Set<string | null>>

export type UpdatePlan =
  | { ok: true; touched: Touched; clients: Set<number> }
  | { ok: false; kind: 'missing' | 'forbidden'; reason: string }

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types are invariant in their event type
export type AnyType = Y.AbstractType<any>
type Struct = Y.Item | Y.GC | Y.Skip
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>
/** An item as `Y.decodeUpdate` returns it: parent is a root name or the id of its parent item. */
type DecodedItem = Y.Item & { parent: Y.ID | string | null }

const MISSING = 'the update depends on changes the server does not have'

/**
 * How deep shared types may nest (a root's map is 0). A tldraw record is a map in a root with its
 * `props` and `meta` maps in it (2); reading a record (`toJSON`) recurses through every level, so
 * a chain of thousands would overflow the stack of every browser and report that reads it.
 */
export const MAX_TYPE_DEPTH = 16

/** How many types deep a type of the document sits (0: a root type). */
function docTypeDepth(item: Y.Item): number {
  let depth = 0
  for (let type = item.parent as AnyType; type._item; type = type._item.parent as AnyType) depth++
  return depth
}

const missing = (detail: string): UpdatePlan => ({
  ok: false,
  kind: 'missing',
  reason: `${MISSING} (${detail})`,
})

/** Root types' names, by type (a document's roots never change their name). */
const rootNames = new WeakMap<AnyType, string>()
/** Each nested type's place in the document, once worked out (types never move). */
const typePlaces = new WeakMap<AnyType, Place>()

function rootName(doc: Y.Doc, type: AnyType): string {
  let name = rootNames.get(type)
  if (name === undefined) {
    for (const [n, t] of doc.share) rootNames.set(t, n)
    name = rootNames.get(type) ?? Y.findRootTypeKey(type)
  }
  return name
}

/** The place of an item that is in the document. */
export function placeOfDocItem(doc: Y.Doc, item: Y.Item): Place {
  const path: AnyType[] = []
  let current = item
  let place: Place | undefined
  for (;;) {
    const type = current.parent as AnyType
    const known = typePlaces.get(type)
    if (known) {
      place = known
      break
    }
    if (!type._item) {
      place = { root: rootName(doc, type), key: current.parentSub }
      break
    }
    path.push(type)
    current = type._item
  }
  // Every type on the way sits under the same root-level entry.
  for (const type of path) typePlaces.set(type, place)
  return place
}

/**
 * Works out what an update will do to `doc` before it is applied, in time proportional to the
 * update (plus the structs its delete set covers): it is refused when Yjs could not integrate
 * all of it at once (a gap in a client's clocks, a reference to something the server does not
 * have, a delete of clocks not yet written — Yjs would keep those pending and apply them later,
 * unchecked), or when it writes as the server's own Yjs client. Otherwise it says which root
 * entries the update writes or deletes.
 */
export function planUpdate(doc: Y.Doc, decoded: DecodedUpdate, serverClient: number): UpdatePlan {
  const { structs, ds } = decoded
  const store = doc.store
  const docState = new Map<number, number>()
  const stateBefore = (client: number) => {
    let s = docState.get(client)
    if (s === undefined) docState.set(client, (s = Y.getState(store, client)))
    return s
  }

  // One run of consecutive structs per client, as Yjs writes them.
  const byClient = new Map<number, { refs: Struct[]; i: number }>()
  let previous: number | undefined
  for (const s of structs) {
    const client = s.id.client
    if (s instanceof Y.Skip) return missing(`a gap in the clocks of client ${client}`)
    if (client !== previous) {
      if (byClient.has(client)) {
        return { ok: false, kind: 'forbidden', reason: `client ${client} appears twice` }
      }
      byClient.set(client, { refs: [], i: 0 })
      previous = client
    }
    if (client === serverClient && s.id.clock + s.length > stateBefore(client)) {
      return { ok: false, kind: 'forbidden', reason: "the update writes as the server's client" }
    }
    byClient.get(client)!.refs.push(s)
  }

  // Replays Yjs's integration order on clocks alone: which structs could be integrated now.
  const state = new Map<number, number>()
  /** Every client the update names, in structs, references and deletes. */
  const referenced = new Set<number>(byClient.keys())
  const stateOf = (client: number) => state.get(client) ?? stateBefore(client)
  type Step = 'done' | { need: number; clock: number } | { fail: string }
  const advance = (client: number, until: number): Step => {
    const entry = byClient.get(client)!
    while (entry.i < entry.refs.length && stateOf(client) < until) {
      const s = entry.refs[entry.i]!
      const st = stateOf(client)
      if (s.id.clock > st) return { fail: `a gap in the clocks of client ${client}` }
      // Every item's references, also those of an item the room already has: Yjs checks them
      // before it sees the item is known, and keeps it (and all after it) pending if one is
      // missing.
      if (s instanceof Y.Item) {
        const item = s as DecodedItem
        const parentId = item.parent instanceof Y.ID ? item.parent : null
        for (const dep of [item.origin, item.rightOrigin, parentId]) {
          if (!dep) continue
          referenced.add(dep.client)
          if (dep.client === client) {
            if (dep.clock >= s.id.clock) return { fail: `a reference ahead of its own struct` }
          } else if (dep.clock >= stateOf(dep.client)) {
            return { need: dep.client, clock: dep.clock }
          }
        }
      }
      state.set(client, Math.max(st, s.id.clock + s.length))
      entry.i++
    }
    return 'done'
  }
  for (const start of byClient.keys()) {
    const stack = [{ client: start, until: Infinity }]
    const onStack = new Set([start])
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      const step = advance(top.client, top.until)
      if (step === 'done') {
        if (stateOf(top.client) < top.until && top.until !== Infinity) {
          return missing(`clock ${top.until - 1} of client ${top.client}`)
        }
        stack.pop()
        onStack.delete(top.client)
      } else if ('fail' in step) {
        return missing(step.fail)
      } else {
        if (onStack.has(step.need) || !byClient.has(step.need)) {
          return missing(`clock ${step.clock} of client ${step.need}`)
        }
        stack.push({ client: step.need, until: step.clock + 1 })
        onStack.add(step.need)
      }
    }
  }
  for (const [client, ranges] of ds.clients) {
    const end = stateOf(client)
    for (const { clock, len } of ranges) {
      if (clock + len > end) return missing(`a delete of clocks client ${client} has not written`)
    }
  }

  // Where each new struct lands, following the references Yjs follows.
  const structAt = (id: Y.ID): Struct => {
    if (id.clock < stateBefore(id.client)) return Y.getItem(store, id) as Y.Item | Y.GC
    const refs = byClient.get(id.client)!.refs
    let lo = 0
    let hi = refs.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (refs[mid]!.id.clock <= id.clock) lo = mid
      else hi = mid - 1
    }
    return refs[lo]!
  }
  const memo = new Map<Struct, Place | null>()
  /** One step towards a decoded item's place: the place itself, or the struct that decides it. */
  const stepOf = (item: DecodedItem): { place: Place | null } | { next: Struct } => {
    const left = item.origin ? structAt(item.origin) : null
    const right = item.rightOrigin ? structAt(item.rightOrigin) : null
    // Yjs turns an item next to garbage-collected content into garbage itself.
    if (left instanceof Y.GC || right instanceof Y.GC) return { place: null }
    if (left) return { next: left }
    if (right) return { next: right }
    if (typeof item.parent === 'string')
      return { place: { root: item.parent, key: item.parentSub } }
    if (item.parent instanceof Y.ID) {
      const parent = structAt(item.parent)
      if (!(parent instanceof Y.Item) || !(parent.content instanceof Y.ContentType)) {
        return { place: null }
      }
      return { next: parent }
    }
    return { place: null }
  }
  const placeOf = (start: Struct): Place | null => {
    const path: Struct[] = []
    let current = start
    let place: Place | null
    for (;;) {
      const known = memo.get(current)
      if (known !== undefined) {
        place = known
        break
      }
      if (current instanceof Y.GC) {
        place = null
        break
      }
      if (current.id.clock < stateBefore(current.id.client)) {
        // In the document already (a struct of the update that the server has is skipped).
        const inDoc = Y.getItem(store, current.id)
        place = inDoc instanceof Y.Item ? placeOfDocItem(doc, inDoc) : null
        break
      }
      const step = stepOf(current as DecodedItem)
      if ('place' in step) {
        place = step.place
        break
      }
      path.push(current)
      current = step.next
    }
    for (const s of path) memo.set(s, place)
    return place
  }

  const touched: Touched = new Map()
  const touch = (place: Place | null) => {
    if (!place) return
    let keys = touched.get(place.root)
    if (!keys) touched.set(place.root, (keys = new Set()))
    keys.add(place.key)
  }
  for (const { refs } of byClient.values()) {
    for (const s of refs) {
      if (s instanceof Y.Item && s.id.clock + s.length > stateBefore(s.id.client)) touch(placeOf(s))
    }
  }
  for (const [client, ranges] of ds.clients) {
    const docStructs = store.clients.get(client)
    const known = stateBefore(client)
    if (!docStructs) continue
    for (const { clock, len } of ranges) {
      const end = Math.min(clock + len, known)
      if (clock >= end) continue
      // Deleting what is deleted already does nothing; only live items count.
      for (let i = Y.findIndexSS(docStructs, clock); i < docStructs.length; i++) {
        const s = docStructs[i]!
        if (s.id.clock >= end) break
        if (s instanceof Y.Item && !s.deleted) touch(placeOfDocItem(doc, s))
      }
    }
  }
  for (const client of ds.clients.keys()) referenced.add(client)

  // How deep the type each new struct sits in is: a sibling's depth, or its parent's plus one.
  // Only new types are checked: a value in the deepest type allowed is fine.
  const depthMemo = new Map<Struct, number>()
  const depthOf = (start: Struct): number => {
    const path: { struct: Struct; add: number }[] = []
    let current = start
    let depth: number
    for (;;) {
      const known = depthMemo.get(current)
      if (known !== undefined) {
        depth = known
        break
      }
      if (current instanceof Y.GC || current instanceof Y.Skip) {
        depth = 0
        break
      }
      if (current.id.clock < stateBefore(current.id.client)) {
        const inDoc = Y.getItem(store, current.id)
        depth = inDoc instanceof Y.Item ? docTypeDepth(inDoc) : 0
        break
      }
      const item = current as DecodedItem
      const sibling = item.origin ?? item.rightOrigin
      if (sibling) {
        path.push({ struct: current, add: 0 })
        current = structAt(sibling)
      } else if (item.parent instanceof Y.ID) {
        path.push({ struct: current, add: 1 })
        current = structAt(item.parent)
      } else {
        depth = 0
        break
      }
    }
    for (let i = path.length - 1; i >= 0; i--) {
      depth += path[i]!.add
      depthMemo.set(path[i]!.struct, depth)
    }
    return depth
  }
  for (const { refs } of byClient.values()) {
    for (const s of refs) {
      if (
        s instanceof Y.Item &&
        s.content instanceof Y.ContentType &&
        s.id.clock + s.length > stateBefore(s.id.client)
      ) {
        // The type it makes sits one deeper than the item.
        if (depthOf(s) + 1 > MAX_TYPE_DEPTH) {
          return {
            ok: false,
            kind: 'forbidden',
            reason: `the update nests shared types deeper than ${MAX_TYPE_DEPTH} levels`,
          }
        }
      }
    }
  }
  return { ok: true, touched, clients: referenced }
}
