import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import {
  CloseCode,
  getCollection,
  getDocSchema,
  getMetaMap,
  readCollection,
  SCHEMA_KEY,
} from '@threatboard/shared'
import { connectSynced, items, type TestClient } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import {
  deleteOnlyUpdate,
  deniedReasons,
  openRawSocket,
  roundTrip,
  type RawSocket,
} from './helpers/rawSocket.ts'
import {
  auth,
  createRoom,
  startServer,
  replaceStoredDoc,
  storedDoc,
  syncUrl,
  type TestServer,
} from './helpers/server.ts'

const postHint = async (s: TestServer, roomId: string, text: string) => {
  const res = await fetch(`${s.url}/api/rooms/${roomId}/hints`, {
    method: 'POST',
    headers: { ...auth(roomId, 'observer'), 'content-type': 'application/json' },
    body: JSON.stringify({ text, author: 'Oscar', target: { kind: 'board' } }),
  })
  expect(res.status).toBe(201)
  return (await res.json()) as { id: string }
}

const hintTexts = (doc: Y.Doc) =>
  readCollection(doc, 'hints')
    .map((h) => h.text)
    .sort()

/** Two updates of one fresh client: the second starts where the first ends. */
function twoUpdates(): [Uint8Array, Uint8Array] {
  const doc = new Y.Doc()
  const out: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => out.push(u))
  doc.getMap('test-items').set('first', 1)
  doc.getMap('test-items').set('second', 2)
  doc.destroy()
  return [out[0]!, out[1]!]
}

describe('an editor cannot corrupt a room with updates the server cannot place', () => {
  let s: TestServer
  const clients: TestClient[] = []
  const sockets: RawSocket[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const r of sockets.splice(0)) r.close()
    await s.close()
  })

  it('refuses a delete aimed at clocks the server has not written yet: later hints survive', async () => {
    s = await startServer()
    const id = await createRoom(s.url)
    const editor = await connectSynced(s.wsBase, id)
    clients.push(editor)
    await postHint(s, id, 'first hint')
    await waitFor(() => hintTexts(editor.doc).length === 1, 'the editor to see the first hint')
    // The hint's entry was written by the server's own Yjs client: aim past its last clock.
    const entry = getCollection(editor.doc, 'hints')._map.values().next().value!
    const serverClient = entry.id.client
    const next = Y.getState(editor.doc.store, serverClient)

    const raw = await openRawSocket(syncUrl(s.wsBase, id))
    sockets.push(raw)
    raw.sendUpdate(deleteOnlyUpdate(serverClient, next, 100_000))
    await roundTrip(raw)
    expect(deniedReasons(raw).join(' ')).toContain('changes the server does not have')

    await postHint(s, id, 'second hint')
    await waitFor(() => hintTexts(editor.doc).length === 2, 'the editor to see the second hint')
    // Any later edit makes Yjs retry deletes it kept pending.
    items(editor).set('later edit', true)
    await waitFor(async () => {
      const room = await s.app.rooms.peek(id)
      return room?.doc.getMap('test-items').get('later edit') === true
    }, 'the server to have the later edit')
    const fresh = await connectSynced(s.wsBase, id)
    clients.push(fresh)
    expect(hintTexts(fresh.doc)).toEqual(['first hint', 'second hint'])

    for (const c of clients.splice(0)) c.destroy()
    raw.close()
    await waitFor(async () => (await s.app.rooms.peek(id)) === undefined, 'the room to unload')
    const reloaded = await connectSynced(s.wsBase, id)
    clients.push(reloaded)
    expect(hintTexts(reloaded.doc)).toEqual(['first hint', 'second hint'])
    await postHint(s, id, 'third hint')
    await waitFor(() => hintTexts(reloaded.doc).length === 3, 'the third hint to arrive')
    const stored = await storedDoc(s, id)
    expect(hintTexts(stored)).toEqual(['first hint', 'second hint', 'third hint'])
    expect(stored.store.pendingDs).toBeNull()
  })

  it('refuses an update with a gap in its clocks: nothing of it is kept or sent to newcomers', async () => {
    s = await startServer()
    const id = await createRoom(s.url)
    const [, second] = twoUpdates()
    const raw = await openRawSocket(syncUrl(s.wsBase, id))
    sockets.push(raw)
    raw.sendUpdate(second)
    await roundTrip(raw)
    expect(deniedReasons(raw).join(' ')).toContain('changes the server does not have')

    const fresh = await connectSynced(s.wsBase, id)
    clients.push(fresh)
    items(fresh).set('honest', true)
    await waitFor(async () => {
      const room = await s.app.rooms.peek(id)
      return room?.doc.getMap('test-items').get('honest') === true
    }, 'the server to have the honest edit')
    const stored = await storedDoc(s, id)
    expect(stored.store.pendingStructs).toBeNull()
    expect(stored.getMap('test-items').toJSON()).toEqual({ honest: true })
    // A newcomer's document carries nothing the server could not integrate.
    const newcomer = await connectSynced(s.wsBase, id)
    clients.push(newcomer)
    expect(newcomer.doc.store.pendingStructs).toBeNull()
  })

  it('drops what an older server stored pending, instead of sending it to newcomers', async () => {
    s = await startServer()
    const id = await createRoom(s.url)
    const doc = await storedDoc(s, id)
    Y.applyUpdate(doc, twoUpdates()[1])
    expect(doc.store.pendingStructs).not.toBeNull()
    await replaceStoredDoc(s, id, doc)

    const newcomer = await connectSynced(s.wsBase, id)
    clients.push(newcomer)
    expect(newcomer.doc.store.pendingStructs).toBeNull()
    newcomer.destroy()
    await waitFor(async () => (await s.app.rooms.peek(id)) === undefined, 'the room to unload')
    expect((await storedDoc(s, id)).store.pendingStructs).toBeNull()
  })

  it('takes an update that continues the clocks it refused to skip (an honest client resends)', async () => {
    s = await startServer()
    const id = await createRoom(s.url)
    const [first, second] = twoUpdates()
    const raw = await openRawSocket(syncUrl(s.wsBase, id))
    sockets.push(raw)
    raw.sendUpdate(second)
    raw.sendUpdate(first)
    raw.sendUpdate(second)
    await roundTrip(raw)
    const fresh = await connectSynced(s.wsBase, id)
    clients.push(fresh)
    expect(items(fresh).toJSON()).toEqual({ first: 1, second: 2 })
  })
})

describe('only the server writes the room schema', () => {
  let s: TestServer
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await s.close()
  })

  const closeOnce = async (c: TestClient) => {
    await waitFor(() => c.closes.includes(CloseCode.INVALID_UPDATE), 'the writer to be closed')
    c.provider.shouldConnect = false
  }

  it.each([
    ['rewritten', (doc: Y.Doc) => getMetaMap(doc).set(SCHEMA_KEY, 'broken')],
    ['deleted', (doc: Y.Doc) => getMetaMap(doc).delete(SCHEMA_KEY)],
  ])(
    'refuses a schema %s by an editor; the room loads for everyone, also after a restart',
    async (_name, attack) => {
      s = await startServer()
      const id = await createRoom(s.url)
      const bad = await connectSynced(s.wsBase, id)
      clients.push(bad)
      const schema = getDocSchema(bad.doc)
      expect(schema).toBeTruthy()
      attack(bad.doc)
      await closeOnce(bad)
      const dataDir = s.dataDir
      await s.close()

      s = await startServer({ dataDir })
      const fresh = await connectSynced(s.wsBase, id)
      clients.push(fresh)
      expect(getDocSchema(fresh.doc)).toEqual(schema)
      const report = await fetch(`${s.url}/api/rooms/${id}/report?format=markdown`, {
        headers: auth(id, 'viewer'),
      })
      expect(report.status).toBe(200)
    },
  )

  it('refuses a delete set aimed at the schema entry', async () => {
    s = await startServer()
    const id = await createRoom(s.url)
    const reader = await connectSynced(s.wsBase, id)
    clients.push(reader)
    const item = getMetaMap(reader.doc)._map.get(SCHEMA_KEY)!
    const raw = await openRawSocket(syncUrl(s.wsBase, id))
    raw.sendUpdate(deleteOnlyUpdate(item.id.client, item.id.clock, item.length))
    const closed = await raw.closed
    expect(closed.code).toBe(CloseCode.INVALID_UPDATE)
    expect(closed.reason).toContain('tl_meta')
    expect(getDocSchema(reader.doc)).toBeTruthy()
    expect(getDocSchema(await storedDoc(s, id))).toBeTruthy()
  })

  it.each([
    ['missing', (doc: Y.Doc) => getMetaMap(doc).delete(SCHEMA_KEY)],
    ['not a schema', (doc: Y.Doc) => getMetaMap(doc).set(SCHEMA_KEY, { sequences: 7 })],
  ])('still loads a room whose stored schema is %s, and repairs it', async (_n, damage) => {
    s = await startServer()
    const id = await createRoom(s.url)
    const first = await connectSynced(s.wsBase, id)
    const schema = getDocSchema(first.doc)
    first.destroy()
    await waitFor(async () => (await s.app.rooms.peek(id)) === undefined, 'the room to unload')
    // Damage the stored document behind the server's back, as a bug or an old version might.
    const doc = await storedDoc(s, id)
    damage(doc)
    await replaceStoredDoc(s, id, doc)

    const fresh = await connectSynced(s.wsBase, id)
    clients.push(fresh)
    expect(fresh.closes).toEqual([])
    expect(getDocSchema(fresh.doc)).toEqual(schema)
  })
})

describe('a room is as large as what it holds', () => {
  let s: TestServer
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await s.close()
  })

  it('takes edits that overwrite one value long after their sum passed the limit', async () => {
    s = await startServer({ env: { MAX_DOC_BYTES: String(64 * 1024) } })
    const id = await createRoom(s.url)
    const writer = await connectSynced(s.wsBase, id)
    const reader = await connectSynced(s.wsBase, id)
    clients.push(writer, reader)
    // 60 overwrites of 2 KB each: 120 KB sent, while the document never holds more than 3 KB.
    for (let i = 0; i < 60; i++) {
      items(writer).set('note', `${i}:${'x'.repeat(2000)}`)
      await waitFor(
        () => String(items(reader).get('note')).startsWith(`${i}:`),
        `edit ${i} to arrive`,
      )
    }
    expect(writer.closes).toEqual([])
  })

  it('still refuses an edit that would really make the room too large', async () => {
    s = await startServer({ env: { MAX_DOC_BYTES: String(64 * 1024) } })
    const id = await createRoom(s.url)
    const writer = await connectSynced(s.wsBase, id)
    clients.push(writer)
    items(writer).set('big', 'x'.repeat(70 * 1024))
    await waitFor(() => writer.closes.includes(CloseCode.DOC_TOO_LARGE), 'the writer to be closed')
    writer.provider.shouldConnect = false
    expect((await storedDoc(s, id)).getMap('test-items').get('big')).toBeUndefined()
  })
})
