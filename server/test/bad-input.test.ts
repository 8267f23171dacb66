import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  CloseCode,
  createRoomId,
  getRecordsMap,
  MODEL_ROOTS,
  writeRecord,
} from '@threatboard/shared'
import { connectSynced, items, type TestClient } from './helpers/clients.ts'
import { awarenessJsonFrame } from './helpers/frames.ts'
import { waitFor } from './helpers/poll.ts'
import { createRoom, startServer, storedDoc, syncUrl, type TestServer } from './helpers/server.ts'

/** Opens a raw socket, waits for the server's first message, sends `payload`, returns the close. */
async function sendRaw(
  wsBase: string,
  roomId: string,
  payload: Uint8Array | string,
): Promise<{ code: number; reason: string }> {
  const ws = new WebSocket(syncUrl(wsBase, roomId))
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  ws.on('error', () => {})
  await new Promise((resolve) => ws.once('message', resolve))
  ws.send(payload)
  return closed
}

/** Tries to open a socket; resolves with the HTTP status of a refused upgrade. */
async function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      ws.terminate()
    })
    ws.once('open', () => reject(new Error('upgrade unexpectedly accepted')))
    ws.on('error', () => {})
  })
}

function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 2)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

/**
 * An update (Yjs' v1 encoding, written by hand as an attacker would) setting `key` of the
 * `test-items` map to one value nested `depth` deep: as JSON content (2), whose JSON.parse does
 * not recurse, or as "any" content (8), an array in an array… down to `undefined`.
 */
function deepUpdate(key: string, content: 'json' | 'any', depth: number): Uint8Array {
  const e = encoding.createEncoder()
  for (const n of [1, 1, 987_654, 0]) encoding.writeVarUint(e, n) // 1 client, 1 struct, clock 0
  encoding.writeUint8(e, (content === 'json' ? 2 : 8) | 0x20) // the content's kind; a map key
  encoding.writeVarUint(e, 1) // its parent is a root type, by name
  encoding.writeVarString(e, 'test-items')
  encoding.writeVarString(e, key)
  encoding.writeVarUint(e, 1) // one value
  if (content === 'json') {
    encoding.writeVarString(e, `${'['.repeat(depth)}${']'.repeat(depth)}`)
  } else {
    for (let i = 0; i < depth; i++) {
      encoding.writeUint8(e, 117) // an array…
      encoding.writeVarUint(e, 1) // …of one
    }
    encoding.writeUint8(e, 127) // undefined
  }
  encoding.writeVarUint(e, 0) // no deletions
  return encoding.toUint8Array(e)
}

function validUpdate(key: string, value: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('test-items').set(key, value)
  return Y.encodeStateAsUpdate(doc)
}

describe('bad input on the sync endpoint', () => {
  let s: TestServer
  let roomId: string
  let a: TestClient
  let b: TestClient

  beforeAll(async () => {
    s = await startServer({ env: { MAX_MESSAGE_BYTES: '65536', MAX_DOC_BYTES: '262144' } })
    roomId = await createRoom(s.url)
    a = await connectSynced(s.wsBase, roomId)
    b = await connectSynced(s.wsBase, roomId)
    items(a).set('kept', 'before the attacks')
    await waitFor(() => items(b).get('kept'), 'b to see the first item')
  })
  afterAll(async () => {
    a.destroy()
    b.destroy()
    await s.close()
  })

  /** Every attack is followed by this: the good clients still sync, nothing stored is lost. */
  async function stillServing(tag: string) {
    items(a).set(tag, 'after')
    await waitFor(() => items(b).get(tag) === 'after', `b to receive ${tag}`)
    expect(items(b).get('kept')).toBe('before the attacks')
  }

  const malformed: [string, Uint8Array | string][] = [
    ['random bytes', Uint8Array.from([0, 2, 200, 1, 7, 7, 7])],
    ['an unknown message type', Uint8Array.from([99, 0])],
    ['an unknown sync step', Uint8Array.from([0, 9, 0])],
    ['a truncated update', updateMessage(validUpdate('x', 'y')).slice(0, 9)],
    ['a corrupt update payload', updateMessage(Uint8Array.from([1, 1, 200, 200, 200, 1, 0, 9]))],
    ['trailing bytes', Uint8Array.from([...updateMessage(validUpdate('t', 'u')), 1, 2, 3])],
    ['a corrupt awareness message', Uint8Array.from([1, 5, 1, 1, 1, 2, 123])],
    // 60 KB of JSON that parses, nested so deep that relaying it overflowed the stack and ended
    // the server's process (any link's holder could send it).
    [
      'a presence nested 30,000 levels deep',
      awarenessJsonFrame([[4242, 1, `{"u":${'['.repeat(30_000)}${']'.repeat(30_000)}}`]]),
    ],
    // A value nested so deep that Yjs applied half of it and then could not encode the room
    // again: every newcomer's sync failed until the room unloaded.
    ['a value nested 20,000 levels deep', updateMessage(deepUpdate('deep', 'json', 20_000))],
    ['a value nested 1,000 levels deep', updateMessage(deepUpdate('deeper', 'any', 1_000))],
    ['a text frame', 'hello'],
    ['an empty message', new Uint8Array(0)],
  ]
  for (const [name, payload] of malformed) {
    it(`closes a socket that sends ${name} with BAD_MESSAGE`, async () => {
      const { code } = await sendRaw(s.wsBase, roomId, payload)
      expect(code).toBe(CloseCode.BAD_MESSAGE)
      await stillServing(`after ${name}`)
    })
  }

  it('refuses shared types nested deeper than 16 with INVALID_UPDATE', async () => {
    // Reading a record recurses through its maps: a chain thousands deep would overflow the
    // stack of every browser on the board. 40 shows the limit.
    const doc = new Y.Doc()
    let map = doc.getMap<unknown>('test-items')
    for (let i = 0; i < 40; i++) {
      const child = new Y.Map<unknown>()
      map.set('inner', child)
      map = child
    }
    const { code, reason } = await sendRaw(
      s.wsBase,
      roomId,
      updateMessage(Y.encodeStateAsUpdate(doc)),
    )
    expect({ code, reason }).toEqual({
      code: CloseCode.INVALID_UPDATE,
      reason: 'the update nests shared types deeper than 16 levels',
    })
    await stillServing('after nested types')
  })

  it('refuses an entry whose key makes the reason long, and the server lives on', async () => {
    // The refusal names the key; 100 "€" are 300 bytes, ws throws on a close reason over 123,
    // and that throw ended the server's process (any editor's link could send it).
    const c = await connectSynced(s.wsBase, roomId)
    try {
      c.doc.getMap(MODEL_ROOTS.threats).set('€'.repeat(100), 'not a threat')
      await waitFor(() => c.closes.length > 0, 'the server to close the socket')
      expect(c.closes[0]).toBe(CloseCode.INVALID_UPDATE)
    } finally {
      c.destroy()
    }
    await stillServing('after a long reason')
  })

  it("refuses another browser's camera written into the board's records", async () => {
    // In every browser's store it would have moved the camera off the board; an instance or page
    // state record would have turned on focus mode or selected shapes.
    const c = await connectSynced(s.wsBase, roomId)
    try {
      writeRecord(getRecordsMap(c.doc), {
        id: 'camera:page:page',
        typeName: 'camera',
        x: -50_000,
        y: -50_000,
        z: 0.05,
        meta: {},
      })
      await waitFor(() => c.closes.length > 0, 'the server to close the socket')
      expect(c.closes[0]).toBe(CloseCode.INVALID_UPDATE)
    } finally {
      c.destroy()
    }
    await stillServing('after a camera')
    const late = await connectSynced(s.wsBase, roomId)
    try {
      expect(getRecordsMap(late.doc).has('camera:page:page')).toBe(false)
    } finally {
      late.destroy()
    }
  })

  it('closes a socket whose message exceeds MAX_MESSAGE_BYTES with 1009', async () => {
    const { code } = await sendRaw(s.wsBase, roomId, new Uint8Array(70_000))
    expect(code).toBe(CloseCode.MESSAGE_TOO_BIG)
    await stillServing('after oversize')
  })

  it('refuses updates that would grow the document past MAX_DOC_BYTES', async () => {
    const ws = new WebSocket(syncUrl(s.wsBase, roomId))
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    await new Promise((resolve) => ws.once('message', resolve))
    // Five 60 kB updates: each fits in a message, together they pass the 256 kB document limit.
    for (let i = 0; i < 5; i++) ws.send(updateMessage(validUpdate(`big${i}`, 'x'.repeat(60_000))))
    expect(await closed).toBe(CloseCode.DOC_TOO_LARGE)
    const room = await s.app.rooms.peek(roomId)
    expect(room!.sizeBytes).toBeLessThanOrEqual(262_144)
    expect(items(b).has('big4')).toBe(false)
    await stillServing('after doc too large')
  })

  it('answers an unknown room with 404 and a bad room id with 400, before any upgrade', async () => {
    expect(await upgradeStatus(`${s.wsBase}/sync/${createRoomId()}`)).toBe(404)
    expect(await upgradeStatus(`${s.wsBase}/sync/not-a-room`)).toBe(400)
    expect(await upgradeStatus(`${s.wsBase}/sync/${'a'.repeat(5000)}`)).toBe(400)
  })

  it('stored state is intact after all of it', async () => {
    const doc = await storedDoc(s, roomId)
    expect(doc.getMap('test-items').get('kept')).toBe('before the attacks')
    expect(doc.getMap('test-items').get('after random bytes')).toBe('after')
  })

  it('a newcomer still gets the whole room after all of it', async () => {
    const late = await connectSynced(s.wsBase, roomId)
    try {
      expect(items(late).get('kept')).toBe('before the attacks')
      expect(items(late).get('after a value nested 20,000 levels deep')).toBe('after')
      expect(items(late).has('deep')).toBe(false)
      expect(items(late).has('deeper')).toBe(false)
    } finally {
      late.destroy()
    }
  })
})
