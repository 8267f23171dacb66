import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'

type Struct = Y.Item | Y.GC | Y.Skip
type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds']

/** What a piece's headers may take beside its structs: per client, a count, the id, a clock. */
const CLIENT_HEADER_BYTES = 24
/** And once per piece: the number of clients, and of clients in an empty delete set. */
const PIECE_HEADER_BYTES = 8

/**
 * Splits a Yjs update (format V1) into updates of at most `maxBytes` each that, applied one after
 * the other, do what the whole does, and each of which can be applied at once by a peer that
 * had what the whole leaned on (nothing is left pending between two pieces).
 *
 * The server takes one message at a time up to its `MAX_MESSAGE_BYTES`, and y-websocket sends
 * everything made offline in one sync message: without this, offline work larger than that
 * (several images, say) could never reach the room. Structs go in an order where each comes
 * after what it is attached to (its left and right neighbours when it was made, its parent);
 * the delete set goes with the last piece, when everything it deletes is there. A single
 * struct larger than `maxBytes` (one value too large) is a piece of its own and stays too large.
 */
export function splitUpdate(update: Uint8Array, maxBytes: number): Uint8Array[] {
  if (update.byteLength <= maxBytes) return [update]
  const { structs, ds } = Y.decodeUpdate(update)
  const ordered = causalOrder(structs)
  if (!ordered) return [update]
  const written = writeEach(ordered)
  const dsBytes = encodePiece(written, 0, 0, ds).byteLength
  const pieces: Uint8Array[] = []
  let from = 0
  let bytes = PIECE_HEADER_BYTES
  const clients = new Set<number>()
  for (let i = 0; i < ordered.length; i++) {
    const client = ordered[i]!.id.client
    const size = written.ends[i]! - (written.ends[i - 1] ?? 0)
    const cost = size + (clients.has(client) ? 0 : CLIENT_HEADER_BYTES)
    if (i > from && bytes + cost > maxBytes) {
      pieces.push(encodePiece(written, from, i, null))
      from = i
      bytes = PIECE_HEADER_BYTES + size + CLIENT_HEADER_BYTES
      clients.clear()
    } else {
      bytes += cost
    }
    clients.add(client)
  }
  if (from < ordered.length && bytes + dsBytes > maxBytes) {
    pieces.push(encodePiece(written, from, ordered.length, null))
    from = ordered.length
  }
  pieces.push(encodePiece(written, from, ordered.length, ds))
  return pieces
}

/**
 * The update's structs, each after the structs of this update it depends on (per client in clock
 * order, as Yjs writes them); null when no such order exists (an update that is not whole).
 * A dependency outside the update is taken as present: the receiver had it.
 */
function causalOrder(structs: Struct[]): Struct[] | null {
  const queues = new Map<number, Struct[]>()
  for (const struct of structs) {
    const queue = queues.get(struct.id.client)
    if (queue) queue.push(struct)
    else queues.set(struct.id.client, [struct])
  }
  /** Per client: the first clock of the update, and the clock after what is already ordered. */
  const first = new Map<number, number>()
  const placed = new Map<number, number>()
  for (const [client, queue] of queues) {
    first.set(client, queue[0]!.id.clock)
    placed.set(client, queue[0]!.id.clock)
  }
  const present = (id: Y.ID | null): boolean => {
    if (id === null) return true
    const start = first.get(id.client)
    return start === undefined || id.clock < start || id.clock < placed.get(id.client)!
  }
  const ready = (struct: Struct): boolean =>
    !(struct instanceof Y.Item) ||
    (present(struct.origin) &&
      present(struct.rightOrigin) &&
      !(struct.parent instanceof Y.ID && !present(struct.parent)))
  const ordered: Struct[] = []
  const next = new Map<number, number>([...queues.keys()].map((c) => [c, 0]))
  while (ordered.length < structs.length) {
    let moved = false
    for (const [client, queue] of queues) {
      let i = next.get(client)!
      while (i < queue.length && ready(queue[i]!)) {
        const struct = queue[i++]!
        ordered.push(struct)
        placed.set(client, struct.id.clock + struct.length)
        moved = true
      }
      next.set(client, i)
    }
    if (!moved) return null
  }
  return ordered
}

/**
 * `structs` encoded once, one after the other: a struct's bytes in a V1 update do not depend on
 * what is around it, so each piece copies them from here instead of encoding them again.
 */
interface Written {
  structs: Struct[]
  bytes: Uint8Array
  /** Where each struct's bytes end in `bytes`. */
  ends: number[]
}

function writeEach(structs: Struct[]): Written {
  const encoder = new Y.UpdateEncoderV1()
  const ends = structs.map((struct) => {
    struct.write(encoder, 0)
    return encoding.length(encoder.restEncoder)
  })
  return { structs, bytes: encoder.toUint8Array(), ends }
}

/**
 * One update of the written structs `from`…`to` (for each client a run of consecutive clocks)
 * and `ds` (or an empty delete set), laid out as Yjs reads a V1 update.
 */
function encodePiece(written: Written, from: number, to: number, ds: DeleteSet | null): Uint8Array {
  const byClient = new Map<number, number[]>()
  for (let i = from; i < to; i++) {
    const client = written.structs[i]!.id.client
    const run = byClient.get(client)
    if (run) run.push(i)
    else byClient.set(client, [i])
  }
  const encoder = new Y.UpdateEncoderV1()
  encoding.writeVarUint(encoder.restEncoder, byClient.size)
  for (const [client, run] of byClient) {
    encoding.writeVarUint(encoder.restEncoder, run.length)
    encoder.writeClient(client)
    encoding.writeVarUint(encoder.restEncoder, written.structs[run[0]!]!.id.clock)
    for (const i of run) {
      const start = written.ends[i - 1] ?? 0
      encoding.writeUint8Array(encoder.restEncoder, written.bytes.subarray(start, written.ends[i]))
    }
  }
  const deletes = ds ? [...ds.clients] : []
  encoding.writeVarUint(encoder.restEncoder, deletes.length)
  for (const [client, items] of deletes) {
    encoder.resetDsCurVal()
    encoding.writeVarUint(encoder.restEncoder, client)
    encoding.writeVarUint(encoder.restEncoder, items.length)
    for (const item of items) {
      encoder.writeDsClock(item.clock)
      encoder.writeDsLen(item.len)
    }
  }
  return encoder.toUint8Array()
}
