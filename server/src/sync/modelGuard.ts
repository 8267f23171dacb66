import * as Y from 'yjs'
import {
  findModelProblem,
  MODEL_ROOTS,
  SERVER_ONLY_ROOTS,
  type ModelRootName,
} from '@threatboard/shared'

const MODEL_ROOT_NAMES: ReadonlySet<string> = new Set(Object.values(MODEL_ROOTS))
/** Past this many lookups an update is treated as touching everything (and probed). */
const MAX_LOOKUPS = 20_000

type DecodedItem = Y.Item & { parent: Y.ID | string | null; origin: Y.ID | null }

/**
 * Which root types an update writes to or deletes from, worked out from its structs and delete
 * set without applying it. `unknown` when some struct's place cannot be resolved (then the
 * caller must assume the worst).
 */
export function touchedRoots(doc: Y.Doc, update: Uint8Array): Set<string> | 'unknown' {
  const { structs, ds } = Y.decodeUpdate(update)
  const inUpdate = new Map<number, DecodedItem[]>()
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue
    const list = inUpdate.get(s.id.client) ?? []
    list.push(s as DecodedItem)
    inUpdate.set(s.id.client, list)
  }
  let lookups = 0
  const memo = new Map<DecodedItem, string | undefined>()

  const rootOfDocItem = (item: Y.Item): string | undefined => {
    let type = item.parent as Y.AbstractType<unknown> | null
    while (type?._item) {
      if (++lookups > MAX_LOOKUPS) return undefined
      type = type._item.parent as Y.AbstractType<unknown> | null
    }
    return type ? Y.findRootTypeKey(type) : undefined
  }

  const rootOfId = (id: Y.ID): string | undefined => {
    if (++lookups > MAX_LOOKUPS) return undefined
    const candidates = inUpdate.get(id.client)
    const local = candidates?.find(
      (i) => i.id.clock <= id.clock && id.clock < i.id.clock + i.length,
    )
    if (local) return rootOfDecoded(local)
    if (id.clock >= Y.getState(doc.store, id.client)) return undefined
    const found = Y.getItem(doc.store, id)
    return found instanceof Y.Item ? rootOfDocItem(found) : undefined
  }

  const rootOfDecoded = (item: DecodedItem): string | undefined => {
    if (memo.has(item)) return memo.get(item)
    memo.set(item, undefined) // guards against cycles in a hostile update
    let root: string | undefined
    if (typeof item.parent === 'string') root = item.parent
    else if (item.parent) root = rootOfId(item.parent)
    else if (item.origin) root = rootOfId(item.origin)
    else if (item.rightOrigin) root = rootOfId(item.rightOrigin)
    memo.set(item, root)
    return root
  }

  const roots = new Set<string>()
  for (const items of inUpdate.values()) {
    for (const item of items) {
      const root = rootOfDecoded(item)
      if (root === undefined) return 'unknown'
      roots.add(root)
    }
  }
  for (const [client, deletes] of ds.clients) {
    const known = Y.getState(doc.store, client)
    for (const { clock, len } of deletes) {
      for (let c = clock; c < Math.min(clock + len, known);) {
        if (++lookups > MAX_LOOKUPS) return 'unknown'
        const struct = Y.getItem(doc.store, Y.createID(client, c))
        if (struct instanceof Y.Item) {
          const root = rootOfDocItem(struct)
          if (root === undefined) return 'unknown'
          roots.add(root)
        }
        c = struct.id.clock + struct.length
      }
    }
  }
  return roots
}

export type GuardResult = { ok: true } | { ok: false; reason: string }

const snapshotOf = (doc: Y.Doc, root: ModelRootName) => JSON.stringify(doc.getMap(root).toJSON())

/**
 * Decides whether a client's update may be applied. Updates that leave the threat model alone
 * pass at once; the others are applied to a copy of the document first, and refused whole if
 * the result breaks the model's schema or touches what only the server writes.
 */
export function checkClientUpdate(doc: Y.Doc, update: Uint8Array): GuardResult {
  const roots = touchedRoots(doc, update)
  if (roots !== 'unknown') {
    const serverOnly = SERVER_ONLY_ROOTS.find((r) => roots.has(r))
    if (serverOnly) return { ok: false, reason: `${serverOnly} is written by the server only` }
    if (![...roots].some((r) => MODEL_ROOT_NAMES.has(r))) return { ok: true }
  }
  const probe = new Y.Doc({ gc: false })
  try {
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(doc))
    Y.applyUpdate(probe, update)
    const store = probe.store as unknown as { pendingStructs: unknown; pendingDs: unknown }
    if (store.pendingStructs || store.pendingDs) {
      return { ok: false, reason: 'update depends on changes the server does not have' }
    }
    if (roots === 'unknown') {
      for (const root of SERVER_ONLY_ROOTS) {
        if (snapshotOf(probe, root) !== snapshotOf(doc, root)) {
          return { ok: false, reason: `${root} is written by the server only` }
        }
      }
    }
    const check = roots === 'unknown' ? MODEL_ROOT_NAMES : roots
    const problem = findModelProblem(probe, check)
    return problem ? { ok: false, reason: problem.message } : { ok: true }
  } finally {
    probe.destroy()
  }
}
