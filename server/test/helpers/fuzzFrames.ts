import fc from 'fast-check'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { getCollection, getMetaMap, SCHEMA_KEY, ThreatSchema } from '@threatboard/shared'
import { awarenessJsonFrame } from './frames.ts'
import { deleteOnlyUpdate } from './rawSocket.ts'

/** What the attacker knows of the room (it is an editor: it has synced once). */
export interface FuzzTarget {
  /** The Yjs client id the server writes hints with. */
  serverClient: number
  /** The server's clock for that client when the storm starts (it writes nothing meanwhile). */
  serverClock: number
  /** Honest people's Yjs client ids (also their awareness ids). */
  honestClients: number[]
  /** The item holding `tl_meta.schema`. */
  schemaItem: { client: number; clock: number; length: number }
}

/** One frame, and whether it may make the server close the socket (sent last in a window). */
export interface Frame {
  kind: string
  bytes: Uint8Array
  mayClose: boolean
}

const syncFrame = (step: number, payload: Uint8Array) => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, step)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}
const updateFrame = (update: Uint8Array) => syncFrame(2, update)

/** The updates a fresh Yjs client emits for `changes` transactions on it. */
function updatesOf(changes: ((doc: Y.Doc) => void)[], clientID?: number): Uint8Array[] {
  const doc = new Y.Doc()
  if (clientID !== undefined) doc.clientID = clientID
  const out: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => out.push(u))
  for (const change of changes) doc.transact(() => change(doc))
  doc.destroy()
  return out
}

/**
 * Yjs updates made ahead of time (making a Yjs document per frame would cost more than the
 * server's work on it): the generators pick from these and mutate them.
 */
interface Pools {
  gaps: Uint8Array[]
  plainWrites: Uint8Array[]
  validThreats: Uint8Array[]
  invalidThreats: Uint8Array[]
}
const POOL = 128

function threatUpdate(n: number, valid: boolean): Uint8Array {
  return updatesOf([
    (d) => {
      const map = new Y.Map<unknown>()
      getCollection(d, 'threats').set(`tf${n % 8}`, map)
      const t = ThreatSchema.parse({
        id: `tf${n % 8}`,
        category: 'tampering',
        title: `Fuzzed threat ${n}`,
        targets: { elements: [], assets: [] },
        severity: 'high',
        status: 'open',
        createdAt: 1,
      })
      for (const [k, v] of Object.entries(t)) map.set(k, v)
      if (!valid) map.set(['severity', 'status', 'title', 'id'][n % 4]!, n % 3 ? 'urgent' : 7)
    },
  ])[0]!
}

let pools: Pools | undefined
function getPools(): Pools {
  pools ??= {
    gaps: Array.from({ length: POOL }, (_, i) => {
      const n = 2 + (i % 3)
      const all = updatesOf(
        Array.from({ length: n }, (_, j) => (d) => d.getMap('fuzz').set(`g${i % 5}`, j)),
      )
      return all[n - 1]!
    }),
    plainWrites: Array.from(
      { length: POOL },
      (_, i) => updatesOf([(d) => d.getMap('fuzz').set(`p${i % 5}`, i % 2 ? `text ${i}` : i)])[0]!,
    ),
    validThreats: Array.from({ length: POOL }, (_, i) => threatUpdate(i, true)),
    invalidThreats: Array.from({ length: POOL }, (_, i) => threatUpdate(i, false)),
  }
  return pools
}

const awarenessState = fc.constantFrom(
  '{}',
  'null',
  '{"presence":{"name":"Mallory"}}',
  '{"user":{"name":"\\u0000","color":"#000"}}',
  '[1,2,3]',
)

/** Frames the server must take or drop without closing the socket. */
export function quietFrames(t: FuzzTarget): fc.Arbitrary<Frame> {
  const frame = (kind: string) => (bytes: Uint8Array) => ({ kind, bytes, mayClose: false })
  const p = getPools()
  return fc.oneof(
    // A gap in a client's clocks: only a later transaction of a fresh client.
    fc
      .constantFrom(...p.gaps)
      .map(updateFrame)
      .map(frame('gap')),
    // Deletes of clocks not yet written: the server's own, honest people's, anyone's.
    fc
      .tuple(
        fc.oneof(
          fc.constant(t.serverClient),
          fc.constantFrom(...t.honestClients),
          fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        ),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
      )
      .map(([client, ahead, len]) => {
        const base = client === t.serverClient ? t.serverClock : 1_000_000_000
        return updateFrame(deleteOnlyUpdate(client, base + ahead, len))
      })
      .map(frame('future-delete')),
    // Awareness for someone else's id (dropped) or a made-up one (becomes this socket's own).
    fc
      .tuple(
        fc.oneof(fc.constantFrom(...t.honestClients), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
        fc.nat(1000),
        awarenessState,
      )
      .map(([id, clock, json]) => awarenessJsonFrame([[id, clock, json]]))
      .map(frame('foreign-awareness')),
    fc
      .constantFrom(...p.plainWrites)
      .map(updateFrame)
      .map(frame('plain-write')),
    fc
      .constantFrom(...p.validThreats)
      .map(updateFrame)
      .map(frame('valid-threat')),
    fc.constant(new Uint8Array([3])).map(frame('query-awareness')),
  )
}

/** Huge claimed varint lengths in every place a length is read. */
const hugeLengths = fc
  .tuple(fc.constantFrom(0, 1, 2, 3), fc.integer({ min: 2 ** 20, max: 2 ** 32 - 1 }))
  .map(([where, n]) => {
    const e = encoding.createEncoder()
    if (where === 0) {
      encoding.writeVarUint(e, 0) // sync update whose payload claims n bytes
      encoding.writeVarUint(e, 2)
      encoding.writeVarUint(e, n)
    } else if (where === 1) {
      encoding.writeVarUint(e, 1) // awareness claiming n bytes
      encoding.writeVarUint(e, n)
    } else {
      const inner = encoding.createEncoder() // an update claiming n clients or n structs
      encoding.writeVarUint(inner, where === 2 ? n : 1)
      if (where === 3) encoding.writeVarUint(inner, n)
      encoding.writeVarUint(inner, 7)
      encoding.writeVarUint(inner, 0)
      encoding.writeVarUint(e, 0)
      encoding.writeVarUint(e, 2)
      encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
    }
    encoding.writeUint8Array(e, new Uint8Array([1, 2, 3]))
    return encoding.toUint8Array(e)
  })

/** Frames that break a rule: the server may (and mostly must) close the socket. */
export function loudFrames(t: FuzzTarget): fc.Arbitrary<Frame> {
  const frame = (kind: string) => (bytes: Uint8Array) => ({ kind, bytes, mayClose: true })
  const p = getPools()
  const serverOnly = fc.constantFrom(
    updatesOf([(d) => getMetaMap(d).set(SCHEMA_KEY, 'broken')])[0]!,
    updatesOf([(d) => getMetaMap(d).set('interopSpread', 9)])[0]!,
    updatesOf([(d) => d.getMap('tb_hints').set('h1', new Y.Map())])[0]!,
    updatesOf([(d) => d.getMap('tb_reviews').set('r1', 'x')])[0]!,
    deleteOnlyUpdate(t.schemaItem.client, t.schemaItem.clock, t.schemaItem.length),
    // Written under the server's own client id.
    updatesOf([(d) => d.getMap('fuzz').set('a', 1)], t.serverClient)[0]!,
  )
  const invalidThreat = fc.constantFrom(...p.invalidThreats)
  const valid = fc.oneof(
    quietFrames(t).map((f) => f.bytes),
    serverOnly.map(updateFrame),
    invalidThreat.map(updateFrame),
  )
  const mutated = fc
    .tuple(
      valid,
      fc.nat(),
      fc.constantFrom('flip', 'truncate', 'append', 'insert'),
      fc.uint8Array({ minLength: 1, maxLength: 16 }),
    )
    .map(([bytes, at, how, junk]) => {
      const i = bytes.length > 0 ? at % bytes.length : 0
      const out = Uint8Array.from(bytes)
      if (how === 'flip') out[i] = out[i]! ^ junk[0]!
      if (how === 'truncate') return out.subarray(0, i)
      if (how === 'append') return Uint8Array.from([...out, ...junk])
      if (how === 'insert')
        return Uint8Array.from([...out.subarray(0, i), ...junk, ...out.subarray(i)])
      return out
    })
  return fc.oneof(
    { weight: 4, arbitrary: mutated.map(frame('mutated')) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 64 }).map(frame('random-bytes')) },
    { weight: 1, arbitrary: hugeLengths.map(frame('huge-length')) },
    { weight: 2, arbitrary: serverOnly.map(updateFrame).map(frame('server-only')) },
    { weight: 1, arbitrary: invalidThreat.map(updateFrame).map(frame('invalid-threat')) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 4, max: 200 }), fc.integer({ min: 3, max: 50 }))
        .map(([type, step]) => Uint8Array.from(type % 2 ? [type] : [0, step, 0]))
        .map(frame('unknown-type')),
    },
  )
}

/** One window: quiet frames, then one that may close the socket. */
export function windowOf(t: FuzzTarget, size: number): fc.Arbitrary<Frame[]> {
  return fc
    .tuple(fc.array(quietFrames(t), { minLength: size - 1, maxLength: size - 1 }), loudFrames(t))
    .map(([quiet, loud]) => [...quiet, loud])
}
