import * as Y from 'yjs'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { FastifyBaseLogger } from 'fastify'
import { createRoomId, type CloseCodeValue } from '@threatboard/shared'
import type { Role } from '../auth/authorize.ts'
import { MemoryRoomStore } from '../persistence/MemoryRoomStore.ts'
import { waitFor } from '../../test/helpers/poll.ts'
import { Room, type RoomPeer } from './Room.ts'

/** The memory store, counting its document writes, and refusing them while `failWrites`. */
class CountingStore extends MemoryRoomStore {
  failWrites = false
  appends: number[] = []
  compactions = 0
  override async appendUpdates(id: string, updates: Uint8Array[]) {
    if (this.failWrites) throw new Error('database or disk is full')
    this.appends.push(updates.length)
    return super.appendUpdates(id, updates)
  }
  override async compact(id: string, snapshot: Uint8Array, upToSeq: number) {
    if (this.failWrites) throw new Error('database or disk is full')
    this.compactions++
    return super.compact(id, snapshot, upToSeq)
  }
}

/** A connection as the room sees it: what was sent to it and how it was closed. */
class Peer implements RoomPeer {
  readonly sent: Uint8Array[] = []
  readonly awarenessIds = new Set<number>()
  readonly closes: number[] = []
  readonly role: Role
  constructor(role: Role = 'editor') {
    this.role = role
  }
  send(message: Uint8Array) {
    this.sent.push(message)
  }
  close(code: CloseCodeValue) {
    this.closes.push(code)
  }
}

const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger
const nextTurn = () => new Promise((resolve) => setImmediate(resolve))
const rooms: Room[] = []

async function openRoom(opts: { compactAfterUpdates?: number; storeRetryMs?: number } = {}) {
  const store = new CountingStore()
  const id = createRoomId()
  const snapshot = Y.encodeStateAsUpdate(new Y.Doc())
  await store.createRoom({ id, title: 'Room', snapshot })
  const health: boolean[] = []
  const room = new Room(
    id,
    {
      store,
      log,
      storeRetryMs: opts.storeRetryMs ?? 10,
      compactAfterUpdates: opts.compactAfterUpdates ?? 1000,
      onStoreHealth: (_room, ok) => health.push(ok),
    },
    { sizeBytes: snapshot.byteLength, logLength: 0, lastSeq: 0 },
  )
  room.startLogging()
  rooms.push(room)
  const alice = new Peer()
  const bob = new Peer('viewer')
  room.peers.add(alice).add(bob)
  return { store, room, id, alice, bob, health }
}

/** What the store holds for the room, as a document. */
async function stored(store: MemoryRoomStore, id: string): Promise<Y.Doc> {
  const { snapshot, updates } = (await store.loadDoc(id))!
  const doc = new Y.Doc()
  Y.applyUpdate(doc, snapshot)
  for (const u of updates) Y.applyUpdate(doc, u.update)
  return doc
}

/** Alice's edit of the room, as her client would send it. */
function edit(room: Room, from: Peer, key: string, value: unknown) {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc))
  doc.on('update', (u: Uint8Array) => Y.applyUpdate(room.doc, u, from))
  doc.getMap('items').set(key, value)
  doc.destroy()
}

afterEach(async () => {
  for (const room of rooms.splice(0)) await room.unload()
})

describe('a loaded room and its log on disk', () => {
  it('writes the updates of one turn in one transaction, then relays them merged', async () => {
    const { store, room, id, alice, bob } = await openRoom()
    edit(room, alice, 'a', 1)
    edit(room, alice, 'b', 2)
    edit(room, alice, 'c', 3)
    // Nothing is relayed before it is on disk.
    expect(bob.sent).toHaveLength(0)
    expect(store.appends).toEqual([])
    await nextTurn()
    expect(store.appends).toEqual([3])
    // One message per peer per commit; Alice's own edits come back inside the merge.
    expect(bob.sent).toHaveLength(1)
    expect(alice.sent).toHaveLength(1)
    expect((await stored(store, id)).getMap('items').toJSON()).toEqual({ a: 1, b: 2, c: 3 })
  })

  it('keeps what the store refused, relays none of it, and writes it once the store works', async () => {
    const { store, room, id, alice, bob, health } = await openRoom({ storeRetryMs: 10 })
    store.failWrites = true
    edit(room, alice, 'a', 1)
    await nextTurn()
    expect(room.storeFailing).toBe(true)
    expect(await room.commit()).toBe(false)
    edit(room, alice, 'b', 2)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(bob.sent).toHaveLength(0)
    // Said once per outage, not once per retry.
    expect(health).toEqual([false])

    store.failWrites = false
    await waitFor(() => !room.storeFailing, 'the retry to write what was kept')
    expect(health).toEqual([false, true])
    expect(bob.sent).toHaveLength(1)
    expect((await stored(store, id)).getMap('items').toJSON()).toEqual({ a: 1, b: 2 })
    expect(await room.commit()).toBe(true)
  })

  it('compacts the log into one snapshot once it holds enough updates', async () => {
    const { store, room, id, alice } = await openRoom({ compactAfterUpdates: 3 })
    edit(room, alice, 'a', 1)
    await nextTurn()
    edit(room, alice, 'b', 2)
    await nextTurn()
    expect(store.compactions).toBe(0)
    expect((await store.loadDoc(id))!.updates).toHaveLength(2)
    edit(room, alice, 'c', 3)
    await room.flush()
    expect(store.compactions).toBe(1)
    const { snapshot, updates } = (await store.loadDoc(id))!
    expect(updates).toHaveLength(0)
    expect(room.sizeBytes).toBe(snapshot.byteLength)
    expect((await stored(store, id)).getMap('items').toJSON()).toEqual({ a: 1, b: 2, c: 3 })
    // The count starts again from the snapshot.
    edit(room, alice, 'd', 4)
    await room.flush()
    expect(store.compactions).toBe(1)
  })

  it('keeps the log when a compaction fails, and leaves a deleted room alone', async () => {
    const { store, room, id, alice } = await openRoom()
    edit(room, alice, 'a', 1)
    await room.flush()
    store.failWrites = true
    await room.compact()
    store.failWrites = false
    expect((await store.loadDoc(id))!.updates).toHaveLength(1)

    room.deleted = true
    edit(room, alice, 'b', 2)
    expect(await room.commit()).toBe(true)
    await room.compact()
    expect(store.appends).toEqual([1])
    expect(store.compactions).toBe(0)
    expect((await stored(store, id)).getMap('items').toJSON()).toEqual({ a: 1 })
  })

  it('measures what it really holds before refusing, and refuses what would pass the limit', async () => {
    const { room, alice } = await openRoom()
    const limit = 64 * 1024
    // One value overwritten again and again: the counter adds every write.
    for (let i = 0; i < 40; i++) edit(room, alice, 'note', 'x'.repeat(2000) + i)
    await room.flush()
    expect(room.sizeBytes).toBeGreaterThan(limit)
    expect(room.admits(1000, limit)).toBe(true)
    expect(room.sizeBytes).toBeLessThan(4000)
    expect(room.admits(limit, limit)).toBe(false)
    // Just up to the limit is still in.
    expect(room.admits(limit - room.sizeBytes, limit)).toBe(true)
  })

  it('tracks which presence ids each peer announced, and relays presence', async () => {
    const { room, alice, bob } = await openRoom()
    const client = new Y.Doc()
    const presence = new awarenessProtocol.Awareness(client)
    presence.setLocalState({ name: 'Alice' })
    const update = awarenessProtocol.encodeAwarenessUpdate(presence, [client.clientID])
    awarenessProtocol.applyAwarenessUpdate(room.awareness, update, alice)
    expect([...alice.awarenessIds]).toEqual([client.clientID])
    expect(bob.awarenessIds.size).toBe(0)
    expect(bob.sent).toHaveLength(1)
    awarenessProtocol.removeAwarenessStates(room.awareness, [client.clientID], alice)
    expect(alice.awarenessIds.size).toBe(0)
    expect(bob.sent).toHaveLength(2)
    presence.destroy()
  })
})
