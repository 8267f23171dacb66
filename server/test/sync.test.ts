import { afterEach, describe, expect, it } from 'vitest'
import type { IncomingMessage } from 'node:http'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import WebSocket from 'ws'
import { connectClient, connectSynced, items, type TestClient } from './helpers/clients.ts'
import { metricsOf } from '@threatboard/shared/testing/metrics'
import { waitFor } from './helpers/poll.ts'
import { auth, createRoom, startServer, syncUrl, type TestServer } from './helpers/server.ts'

describe('live sync with stock y-websocket clients', () => {
  const servers: TestServer[] = []
  const clients: TestClient[] = []
  const track = (c: TestClient) => (clients.push(c), c)
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const s of servers.splice(0)) await s.close()
  })
  async function server(opts: Parameters<typeof startServer>[0] = {}) {
    const s = await startServer(opts)
    servers.push(s)
    return s
  }

  it('sends the seeded board document on first sync', async () => {
    const s = await server()
    const id = await createRoom(s.url)
    const a = track(await connectSynced(s.wsBase, id))
    const records = a.doc.getMap('tl_records').toJSON()
    expect(Object.keys(records).sort()).toEqual(['document:document', 'page:page'])
    expect(a.doc.getMap('tl_meta').get('schema')).toMatchObject({ schemaVersion: 2 })
  })

  it('two clients converge on concurrent edits and a late joiner gets the full state', async () => {
    const s = await server()
    const id = await createRoom(s.url)
    const a = track(await connectSynced(s.wsBase, id))
    const b = track(await connectSynced(s.wsBase, id))
    // Concurrent: both write before either has seen the other's change.
    items(a).set('shape-a', { x: 1 })
    items(b).set('shape-b', { x: 2 })
    items(a).set('shared', 'from-a')
    items(b).set('shared', 'from-b')
    await waitFor(() => items(a).size === 3 && items(b).size === 3, 'both clients to see 3 items')
    await waitFor(() => items(a).get('shared') === items(b).get('shared'), 'same winner')
    expect(items(a).toJSON()).toEqual(items(b).toJSON())

    const c = track(await connectSynced(s.wsBase, id))
    await waitFor(() => items(c).size === 3, 'late joiner to have everything')
    expect(items(c).toJSON()).toEqual(items(a).toJSON())
  })

  it('lets a room with idle clients sleep: a late joiner syncs without waking it, an edit wakes it for everyone', async () => {
    const s = await server({ env: { ROOM_SLEEP_AFTER_MS: '150' } })
    const id = await createRoom(s.url)
    const a = track(await connectSynced(s.wsBase, id))
    const b = track(await connectSynced(s.wsBase, id))
    items(a).set('process', 'API')
    items(a).set('store', 'Orders DB')
    await waitFor(() => items(b).size === 2, 'b to see both items')
    const sample = async (name: string) => (await metricsOf(s.url))(name)
    await waitFor(async () => (await sample('threatboard_rooms_asleep')) === 1, 'the room asleep')

    const late = track(await connectSynced(s.wsBase, id))
    expect(items(late).toJSON()).toEqual({ process: 'API', store: 'Orders DB' })
    expect(await sample('threatboard_rooms_asleep')).toBe(1)
    expect(await sample('threatboard_room_wakes_total')).toBe(0)

    items(b).set('flow', 'API → Orders DB')
    await waitFor(
      () => items(a).get('flow') === 'API → Orders DB' && items(late).size === 3,
      'a and the late joiner to see the edit',
    )
    expect(await sample('threatboard_room_wakes_total')).toBe(1)
    await waitFor(async () => (await sample('threatboard_rooms_asleep')) === 1, 'asleep again')

    // What it slept with is what the store holds: a restart serves the same document.
    for (const c of clients.splice(0)) c.destroy()
    await servers.pop()!.close()
    const again = await server({ dataDir: s.dataDir })
    const reader = track(await connectSynced(again.wsBase, id))
    expect(items(reader).toJSON()).toEqual(items(a).toJSON())
  })

  it('gives fresh clients of a large room the whole document, edits since included', async () => {
    const s = await server()
    const id = await createRoom(s.url)
    const writer = track(await connectSynced(s.wsBase, id))
    // Large enough that the server keeps its whole-document reply between fresh clients.
    const blocks = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`block${i}`, `${i}`.repeat(4000)]),
    )
    writer.doc.transact(() => {
      for (const [key, value] of Object.entries(blocks)) items(writer).set(key, value)
    })
    const first = track(await connectSynced(s.wsBase, id))
    await waitFor(() => items(first).size === 40, 'the first fresh client to have every block')
    const second = track(await connectSynced(s.wsBase, id))
    expect(items(second).toJSON()).toEqual(blocks)

    items(writer).set('after', 'edited')
    items(writer).delete('block0')
    await waitFor(() => items(first).get('after') === 'edited', 'the edit to be relayed')
    // The next fresh client gets the document as it is now, not the reply kept before the edit.
    const third = track(await connectSynced(s.wsBase, id))
    const { block0: _deleted, ...kept } = blocks
    expect(items(third).toJSON()).toEqual({ ...kept, after: 'edited' })
    const fourth = track(await connectSynced(s.wsBase, id))
    expect(items(fourth).toJSON()).toEqual(items(third).toJSON())
  })

  it('serves the same state after a restart on the same data directory', async () => {
    const first = await startServer()
    const id = await createRoom(first.url)
    const a = connectClient(first.wsBase, id)
    await waitFor(() => a.provider.synced, 'sync')
    for (let i = 0; i < 50; i++) items(a).set(`k${i}`, i)
    const b = await connectSynced(first.wsBase, id)
    await waitFor(() => items(b).size === 50, 'b to receive all items')
    a.destroy()
    b.destroy()
    await first.close()

    const second = await server({ dataDir: first.dataDir })
    const c = track(await connectSynced(second.wsBase, id))
    expect(items(c).size).toBe(50)
    expect(items(c).get('k49')).toBe(49)
    const listed = await (
      await fetch(`${second.url}/api/rooms/${id}`, { headers: auth(id) })
    ).json()
    expect(listed.id).toBe(id)
  })

  it('unloads a room whose client vanished without closing its socket', async () => {
    const s = await server({ env: { PING_INTERVAL_MS: '1000' } })
    const id = await createRoom(s.url)
    const a = track(await connectSynced(s.wsBase, id))
    items(a).set('before', 'crash')
    await waitFor(() => s.app.rooms.loadedIds().includes(id), 'room loaded')
    // Stop answering pings and drop the TCP connection without a close frame, like a killed tab.
    const ws = a.provider.ws as unknown as WebSocket
    a.provider.shouldConnect = false
    ws.pause()
    ;(ws as unknown as { _socket: { destroy(): void } })._socket.destroy()
    await waitFor(() => !s.app.rooms.loadedIds().includes(id), 'room to be unloaded', 5000)
    const b = track(await connectSynced(s.wsBase, id))
    expect(items(b).get('before')).toBe('crash')
  })

  it('closes and forgets a socket that stops answering pings', async () => {
    const s = await server({ env: { PING_INTERVAL_MS: '1000' } })
    const id = await createRoom(s.url)
    const ws = new WebSocket(syncUrl(s.wsBase, id))
    await new Promise((resolve) => ws.once('message', resolve))
    expect(s.app.rooms.loadedIds()).toContain(id)
    // A frozen peer: the TCP connection stays up but nothing is read, so no pong is sent.
    ws.pause()
    await waitFor(() => !s.app.rooms.loadedIds().includes(id), 'room to be unloaded', 6000)
    ws.terminate()
  })

  it('keeps nothing of the HTTP upgrade request once a socket is open', async () => {
    const s = await server()
    const id = await createRoom(s.url)
    // The raw request of every upgrade, held weakly: an open socket must not keep it (nor the
    // Fastify request and reply around it), or each connection holds its whole HTTP exchange.
    const upgrades: WeakRef<IncomingMessage>[] = []
    s.app.server.on('upgrade', (req: IncomingMessage) => upgrades.push(new WeakRef(req)))
    const a = track(await connectSynced(s.wsBase, id))
    const b = track(await connectSynced(s.wsBase, id))
    expect(upgrades).toHaveLength(2)
    await collectGarbage()
    expect(upgrades.filter((ref) => ref.deref() !== undefined)).toHaveLength(0)
    // The sockets still work both ways.
    items(a).set('after', 'gc')
    await waitFor(() => items(b).get('after') === 'gc', 'b to see the edit')
  })

  it('shares awareness (cursor, name) and removes it when the client leaves', async () => {
    const s = await server()
    const id = await createRoom(s.url)
    const a = track(await connectSynced(s.wsBase, id))
    const b = track(await connectSynced(s.wsBase, id))
    a.provider.awareness.setLocalStateField('user', { name: 'Ada' })
    await waitFor(
      () => [...b.provider.awareness.getStates().values()].some((st) => st.user?.name === 'Ada'),
      'b to see Ada',
    )
    a.provider.disconnect()
    await waitFor(
      () => ![...b.provider.awareness.getStates().values()].some((st) => st.user?.name === 'Ada'),
      "Ada to leave b's list",
    )
  })
})

/** Two full garbage collections, each in a task of its own (a WeakRef read holds its target until the task ends). */
async function collectGarbage(): Promise<void> {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  for (let i = 0; i < 2; i++) {
    await new Promise((resolve) => setImmediate(resolve))
    gc()
  }
}
