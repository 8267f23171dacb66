import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import { MessageType } from '@threatboard/shared/protocol/messageTypes.ts'

/** Sync sub-message types (y-protocols/sync). */
const SyncStep = { STEP1: 0, STEP2: 1, UPDATE: 2 } as const

/** A message the peer sent that is not a well-formed y-websocket protocol message. */
export class ProtocolError extends Error {
  override name = 'ProtocolError'
}

/** Sync step 1 carrying a state vector (a document's, or one a sleeping room kept). */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encodeSyncPayload(SyncStep.STEP1, stateVector)
}

function encodeSyncPayload(step: number, update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.SYNC)
  encoding.writeVarUint(e, step)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return encodeSyncPayload(SyncStep.UPDATE, update)
}

export function encodeAwareness(
  awareness: awarenessProtocol.Awareness,
  clients: number[],
): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.AWARENESS)
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
  return encoding.toUint8Array(e)
}

/** Updates decoded while their message was checked, so the guard does not decode them again. */
const decoded = new WeakMap<Uint8Array, ReturnType<typeof Y.decodeUpdate>>()

/** The structs and delete set of an update (decoded once per message). */
export function decodedUpdate(update: Uint8Array): ReturnType<typeof Y.decodeUpdate> {
  let d = decoded.get(update)
  if (!d) decoded.set(update, (d = Y.decodeUpdate(update)))
  return d
}

/** What a decoded client message asks the server to do. */
export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array; entries: AwarenessEntry[] }
  | { type: 'query-awareness' }

/**
 * Decodes one client message completely, before anything is applied: a truncated or corrupt
 * message is refused whole instead of being half-applied.
 */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  try {
    const d = decoding.createDecoder(data)
    const type = decoding.readVarUint(d)
    let message: ClientMessage
    switch (type) {
      case MessageType.SYNC: {
        const step = decoding.readVarUint(d)
        const payload = decoding.readVarUint8Array(d)
        if (step === SyncStep.STEP1) {
          Y.decodeStateVector(payload)
          message = { type: 'sync-step1', stateVector: payload }
        } else if (step === SyncStep.STEP2 || step === SyncStep.UPDATE) {
          // Parses every struct and the delete set; throws on a corrupt update.
          const update = Y.decodeUpdate(payload)
          if (holdsDeepValue(update.structs)) {
            throw new ProtocolError(
              `update holds a value nested deeper than ${MAX_VALUE_DEPTH} levels`,
            )
          }
          decoded.set(payload, update)
          message = { type: 'update', update: payload }
        } else {
          throw new ProtocolError(`unknown sync step ${step}`)
        }
        break
      }
      case MessageType.AWARENESS: {
        const update = decoding.readVarUint8Array(d)
        message = { type: 'awareness', update, entries: readAwarenessEntries(update) }
        break
      }
      case MessageType.QUERY_AWARENESS:
        message = { type: 'query-awareness' }
        break
      default:
        throw new ProtocolError(`unknown message type ${type}`)
    }
    if (decoding.hasContent(d)) throw new ProtocolError('trailing bytes after message')
    return message
  } catch (err) {
    if (err instanceof ProtocolError) throw err
    throw new ProtocolError(`malformed message: ${(err as Error).message}`)
  }
}

/**
 * How deep a presence state may nest. tldraw's presence record is four levels deep; a state
 * nested thousands deep parses (JSON.parse does not recurse) but overflows the stack of every
 * JSON.stringify that relays it, which would end the process.
 */
export const MAX_AWARENESS_DEPTH = 32

/** Whether `value` nests arrays and objects deeper than `max`, walked without recursion. */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (depth >= max) return true
    for (const child of Object.values(v)) stack.push([child, depth + 1])
  }
  return false
}

/**
 * How deep a value in a document update may nest. Yjs decodes a value of JSON content with
 * JSON.parse, which does not recurse, but writes it back with JSON.stringify, which does: a
 * value nested tens of thousands deep decodes, is half applied, and then every encoding of the
 * document (a newcomer's sync, a compaction) overflows the stack. tldraw's deepest records (rich
 * text in nested lists) are a few dozen levels deep.
 */
export const MAX_VALUE_DEPTH = 256

/** Whether any value an update's items carry nests deeper than MAX_VALUE_DEPTH. */
function holdsDeepValue(structs: ReturnType<typeof Y.decodeUpdate>['structs']): boolean {
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue
    const c = struct.content
    const values =
      c instanceof Y.ContentAny || c instanceof Y.ContentJSON
        ? c.arr
        : c instanceof Y.ContentEmbed
          ? [c.embed]
          : c instanceof Y.ContentFormat
            ? [c.value]
            : undefined
    if (values && nestsDeeperThan(values, MAX_VALUE_DEPTH)) return true
  }
  return false
}

/** One entry of an awareness update: a client's presence state (null when it leaves). */
export interface AwarenessEntry {
  clientId: number
  clock: number
  state: unknown
}

/**
 * The entries of an awareness update (a count of (clientID, clock, JSON state) entries), each
 * state parsed once; throws on a malformed update or a state nested too deep to relay.
 */
export function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const d = decoding.createDecoder(update)
  const count = decoding.readVarUint(d)
  const entries: AwarenessEntry[] = []
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(d)
    const clock = decoding.readVarUint(d)
    const state: unknown = JSON.parse(decoding.readVarString(d))
    if (nestsDeeperThan(state, MAX_AWARENESS_DEPTH)) {
      throw new ProtocolError(`awareness state nested deeper than ${MAX_AWARENESS_DEPTH} levels`)
    }
    entries.push({ clientId, clock, state })
  }
  if (decoding.hasContent(d)) throw new ProtocolError('trailing bytes in awareness update')
  if (entries.length === 0) throw new ProtocolError('empty awareness update')
  return entries
}

/**
 * The awareness update of these (checked) entries with `role` written into every state they set,
 * over whatever the client put there: the role peers see beside a name is the one the server gave
 * this connection, never one a client claims. A removal (a null state) is kept as it is.
 */
export function withServerRole(entries: readonly AwarenessEntry[], role: string): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, entries.length)
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(e, clientId)
    encoding.writeVarUint(e, clock)
    const stamped =
      state !== null && typeof state === 'object' && !Array.isArray(state)
        ? { ...state, role }
        : state
    encoding.writeVarString(e, JSON.stringify(stamped))
  }
  return encoding.toUint8Array(e)
}

/** The most a close frame's reason may hold, in UTF-8 bytes (ws throws on more). */
const MAX_CLOSE_REASON_BYTES = 123

/**
 * A reason that fits a close frame, cut at a character with "…" when longer. Reasons can name
 * what a client wrote (an entry's key): 120 characters of "€" are 360 bytes, and the throw from
 * ws ended the server's process.
 */
export function closeReason(reason: string): string {
  if (Buffer.byteLength(reason) <= MAX_CLOSE_REASON_BYTES) return reason
  let out = ''
  let bytes = Buffer.byteLength('…')
  for (const char of reason) {
    bytes += Buffer.byteLength(char)
    if (bytes > MAX_CLOSE_REASON_BYTES) break
    out += char
  }
  return `${out}…`
}

/** y-websocket's auth message saying permission was denied (`reason` is shown to the client). */
export function encodePermissionDenied(reason: string): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.AUTH)
  encoding.writeVarUint(e, 0)
  encoding.writeVarString(e, reason)
  return encoding.toUint8Array(e)
}

/**
 * The server's answer to a client's sync step 1: everything the client is missing (without a
 * state vector: the whole document).
 */
export function encodeSyncStep2(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  return encodeSyncStep2Of(Y.encodeStateAsUpdate(doc, stateVector))
}

/** Sync step 2 carrying an update encoded already. */
export function encodeSyncStep2Of(update: Uint8Array): Uint8Array {
  return encodeSyncPayload(SyncStep.STEP2, update)
}

/**
 * The update a sync step 2 message made by `encodeSyncStep2Of` carries, as a view into the
 * message (no copy).
 */
export function syncStep2Payload(message: Uint8Array): Uint8Array {
  const d = decoding.createDecoder(message)
  decoding.readVarUint(d)
  decoding.readVarUint(d)
  return decoding.readVarUint8Array(d)
}

/** Whether a (checked) state vector says its client has nothing of the document. */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return Y.decodeStateVector(stateVector).size === 0
}
