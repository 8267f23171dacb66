import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import { describe, expect, it } from 'vitest'
import {
  closeReason,
  decodeClientMessage,
  decodedUpdate,
  encodeAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncStep2Of,
  syncStep2Payload,
  encodeUpdate,
  ProtocolError,
  readAwarenessEntries,
  withServerRole,
} from './protocol.ts'

/** A message as the stock y-websocket client writes it. */
function message(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}

function docWith(key: string, value: string): Y.Doc {
  const doc = new Y.Doc()
  doc.getMap('m').set(key, value)
  return doc
}

function awarenessOf(...states: [number, object][]): Uint8Array {
  const doc = new Y.Doc()
  const awareness = new awarenessProtocol.Awareness(doc)
  for (const [clientID, state] of states) {
    awareness.states.set(clientID, state)
    awareness.meta.set(clientID, { clock: 1, lastUpdated: 0 })
  }
  const update = awarenessProtocol.encodeAwarenessUpdate(
    awareness,
    states.map(([id]) => id),
  )
  awareness.destroy()
  return update
}

const refusal = (data: Uint8Array) => {
  try {
    decodeClientMessage(data)
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError)
    expect((err as Error).name).toBe('ProtocolError')
    return (err as Error).message
  }
  throw new Error('the message was accepted')
}

describe('the y-websocket messages the server reads', () => {
  it('reads what the stock client sends', () => {
    const doc = docWith('k', 'v')
    const step1 = message((e) => {
      encoding.writeVarUint(e, 0)
      syncProtocol.writeSyncStep1(e, doc)
    })
    expect(decodeClientMessage(step1)).toEqual({
      type: 'sync-step1',
      stateVector: Y.encodeStateVector(doc),
    })
    for (const write of [syncProtocol.writeSyncStep2, syncProtocol.writeUpdate]) {
      const update = Y.encodeStateAsUpdate(doc)
      const data = message((e) => {
        encoding.writeVarUint(e, 0)
        if (write === syncProtocol.writeSyncStep2) syncProtocol.writeSyncStep2(e, doc)
        else syncProtocol.writeUpdate(e, update)
      })
      expect(decodeClientMessage(data)).toEqual({ type: 'update', update })
    }
    const presence = awarenessOf([7, { user: { name: 'Ada' } }])
    const awareness = message((e) => {
      encoding.writeVarUint(e, 1)
      encoding.writeVarUint8Array(e, presence)
    })
    expect(decodeClientMessage(awareness)).toEqual({
      type: 'awareness',
      update: presence,
      entries: [{ clientId: 7, clock: 1, state: { user: { name: 'Ada' } } }],
    })
    expect(decodeClientMessage(Uint8Array.from([3]))).toEqual({ type: 'query-awareness' })
  })

  it('refuses what is not a whole, known message, and says what is wrong', () => {
    expect(refusal(Uint8Array.from([99, 0]))).toBe('unknown message type 99')
    expect(refusal(Uint8Array.from([2, 0]))).toBe('unknown message type 2')
    expect(refusal(Uint8Array.from([0, 9, 0]))).toBe('unknown sync step 9')
    expect(refusal(Uint8Array.from([3, 0]))).toBe('trailing bytes after message')
    expect(refusal(Uint8Array.from([0, 0, 1, 0, 7]))).toBe('trailing bytes after message')
    expect(refusal(new Uint8Array(0))).toMatch(/^malformed message: /)
    // A state vector claiming more entries than it holds.
    expect(refusal(Uint8Array.from([0, 0, 2, 5, 1]))).toMatch(/^malformed message: /)
    const truncated = message((e) => {
      encoding.writeVarUint(e, 0)
      syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(docWith('k', 'v')))
    })
    expect(refusal(truncated.slice(0, 9))).toMatch(/^malformed message: /)
    // Whole as a message, but the update inside is corrupt: refused before anything reads it.
    const corrupt = message((e) => {
      encoding.writeVarUint(e, 0)
      syncProtocol.writeUpdate(e, Uint8Array.from([1, 1, 200, 200, 200, 1, 0, 9]))
    })
    expect(refusal(corrupt)).toMatch(/^malformed message: /)
  })

  it('decodes an update once, however often the guard asks for it', () => {
    const update = Y.encodeStateAsUpdate(docWith('k', 'v'))
    const data = message((e) => {
      encoding.writeVarUint(e, 0)
      syncProtocol.writeUpdate(e, update)
    })
    const read = decodeClientMessage(data) as { type: 'update'; update: Uint8Array }
    const first = decodedUpdate(read.update)
    expect(decodedUpdate(read.update)).toBe(first)
    expect(first).toEqual(Y.decodeUpdate(update))
    // An update that did not come through a message is decoded on first use.
    const other = Y.encodeStateAsUpdate(docWith('x', 'y'))
    const decoded = decodedUpdate(other)
    expect(decoded).toEqual(Y.decodeUpdate(other))
    expect(decodedUpdate(other)).toBe(decoded)
  })

  it('refuses an awareness update that is empty, corrupt or followed by more bytes', () => {
    const wrap = (update: Uint8Array) =>
      message((e) => {
        encoding.writeVarUint(e, 1)
        encoding.writeVarUint8Array(e, update)
      })
    expect(refusal(wrap(Uint8Array.from([0])))).toBe('empty awareness update')
    const presence = awarenessOf([7, { name: 'Ada' }])
    expect(refusal(wrap(Uint8Array.from([...presence, 0])))).toBe(
      'trailing bytes in awareness update',
    )
    expect(refusal(wrap(presence.slice(0, presence.length - 2)))).toMatch(/^malformed message: /)
    // Nested past the limit: refused before anything stringifies it again.
    const nested = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`)
    expect(refusal(wrap(awarenessOf([7, { u: nested(40) }])))).toBe(
      'awareness state nested deeper than 32 levels',
    )
    expect(decodeClientMessage(wrap(awarenessOf([7, { u: nested(31) }]))).type).toBe('awareness')
  })

  it('names every client id an awareness update speaks for', () => {
    const entries = readAwarenessEntries(awarenessOf([7, { a: 1 }], [300, { b: 2 }]))
    expect(entries.map((entry) => entry.clientId)).toEqual([7, 300])
  })

  it('writes the server’s role over any role a presence claims, and keeps a departure', () => {
    const read = (update: Uint8Array) => {
      const awareness = new awarenessProtocol.Awareness(new Y.Doc())
      awarenessProtocol.applyAwarenessUpdate(awareness, update, 'test')
      awareness.setLocalState(null)
      const states = Object.fromEntries(awareness.getStates())
      awareness.destroy()
      return states
    }
    const stamped = withServerRole(
      readAwarenessEntries(
        awarenessOf([7, { user: { name: 'Ada' }, role: 'owner' }], [8, { user: { name: 'Bo' } }]),
      ),
      'observer',
    )
    expect(read(stamped)).toEqual({
      7: { user: { name: 'Ada' }, role: 'observer' },
      8: { user: { name: 'Bo' }, role: 'observer' },
    })
    // A client leaving sends a null state: it stays null, so the person goes.
    const leaving = message((e) => {
      encoding.writeVarUint(e, 1)
      encoding.writeVarUint(e, 7)
      encoding.writeVarUint(e, 2)
      encoding.writeVarString(e, 'null')
    })
    expect(withServerRole(readAwarenessEntries(leaving), 'observer')).toEqual(leaving)
  })

  it('writes what the stock client reads', () => {
    const doc = docWith('k', 'v')
    const read = (data: Uint8Array) => {
      const d = decoding.createDecoder(data)
      return { type: decoding.readVarUint(d), d }
    }

    const step1 = read(encodeSyncStep1(Y.encodeStateVector(doc)))
    expect(step1.type).toBe(0)
    expect(decoding.readVarUint(step1.d)).toBe(0)
    expect(decoding.readVarUint8Array(step1.d)).toEqual(Y.encodeStateVector(doc))

    // Step 2 carries only what the other side is missing.
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    doc.getMap('m').set('new', 'x')
    const step2 = read(encodeSyncStep2(doc, Y.encodeStateVector(other)))
    expect(decoding.readVarUint(step2.d)).toBe(1)
    const missing = decoding.readVarUint8Array(step2.d)
    expect(missing).toEqual(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)))
    Y.applyUpdate(other, missing)
    expect(other.getMap('m').toJSON()).toEqual({ k: 'v', new: 'x' })

    // A step 2 from an update encoded already, and the update read back without a copy.
    const encoded = Y.encodeStateAsUpdate(doc)
    const kept = encodeSyncStep2Of(encoded)
    expect(kept).toEqual(encodeSyncStep2(doc))
    const view = syncStep2Payload(kept)
    expect(view).toEqual(encoded)
    expect(view.buffer).toBe(kept.buffer)

    const update = read(encodeUpdate(Uint8Array.from([1, 2, 3])))
    expect(decoding.readVarUint(update.d)).toBe(2)
    expect(decoding.readVarUint8Array(update.d)).toEqual(Uint8Array.from([1, 2, 3]))

    const awareness = new awarenessProtocol.Awareness(doc)
    awareness.setLocalState({ name: 'Ada' })
    const presence = read(encodeAwareness(awareness, [doc.clientID]))
    expect(presence.type).toBe(1)
    const into = new awarenessProtocol.Awareness(new Y.Doc())
    awarenessProtocol.applyAwarenessUpdate(into, decoding.readVarUint8Array(presence.d), null)
    expect(into.getStates().get(doc.clientID)).toEqual({ name: 'Ada' })
    awareness.destroy()
    into.destroy()

    const denied = read(encodePermissionDenied('the viewer role cannot change this room'))
    expect(denied.type).toBe(2)
    expect(decoding.readVarUint(denied.d)).toBe(0)
    expect(decoding.readVarString(denied.d)).toBe('the viewer role cannot change this room')
  })
})

describe('closeReason', () => {
  it('keeps a short reason and cuts a long one at a character, within 123 bytes', () => {
    expect(closeReason('room deleted')).toBe('room deleted')
    const ascii = closeReason('x'.repeat(200))
    expect(Buffer.byteLength(ascii)).toBeLessThanOrEqual(123)
    expect(ascii.endsWith('x…')).toBe(true)
    // A key of a client's choosing, in the reason: 3 bytes a character, then 4 (an emoji).
    for (const text of ['€'.repeat(100), '🔥'.repeat(100), `threats ${'é'.repeat(200)}: bad`]) {
      const cut = closeReason(text)
      expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(123)
      expect(text.startsWith(cut.slice(0, -1))).toBe(true)
      expect(cut).not.toContain('\uFFFD')
    }
  })
})
