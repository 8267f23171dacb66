import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import { createTLSchema } from '@tldraw/tlschema'
import {
  CloseCode,
  createBoardSchema,
  createRoomId,
  getDocSchema,
  getMetaMap,
  initialBoardRecords,
  SCHEMA_KEY,
  seedRoomDoc,
  SERVER_ORIGIN,
} from '@threatboard/shared'
import type { RoomMessage } from '../scale/Fanout.ts'
import { LocalBus, LocalFanout } from '../scale/LocalFanout.ts'
import { STORE_UNAVAILABLE_REASON } from '../sync/SyncConnection.ts'
import { initialSnapshot } from '../usecases/rooms.ts'
import { waitFor } from '../../test/helpers/poll.ts'
import {
  capturedLog,
  edit,
  newRoom,
  presenceOf,
  storedItems,
  TestPeer,
  TestStore,
} from '../../test/helpers/rooms.ts'
import type { Room } from './Room.ts'
import { RoomRegistry, type RoomRegistryOptions } from './RoomRegistry.ts'

/**
 * The in-process bus with outages, as Redis has them: while down, nothing is delivered to or
 * from this node; coming back, it tells the registry (which then catches up from the store).
 */
class OutageFanout extends LocalFanout {
  private down = false
  private readonly healthHandlers: ((health: 'ok' | 'down') => void)[] = []
  goDown() {
    this.down = true
    for (const h of this.healthHandlers) h('down')
  }
  comeBack() {
    this.down = false
    for (const h of this.healthHandlers) h('ok')
  }
  // LocalFanout takes no handler: it never goes down.
  override onHealth(handler?: (health: 'ok' | 'down') => void) {
    if (handler) this.healthHandlers.push(handler)
  }
  override subscribe(room: string, handler: (message: RoomMessage) => void) {
    return super.subscribe(room, (m) => {
      if (!this.down) handler(m)
    })
  }
  override publish(room: string, kind: RoomMessage['kind'], payload: Uint8Array) {
    if (!this.down) super.publish(room, kind, payload)
  }
}

/** A bus that cannot grant leases: Redis going down in the middle of a compaction. */
class LeaselessFanout extends LocalFanout {
  override async lease(): Promise<undefined> {
    throw new Error('the bus is down')
  }
}

/** A room document as `seed` writes it, with the schema it records. */
function snapshotOf(seed: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  seed(doc)
  return Y.encodeStateAsUpdate(doc)
}

const registries: { registry: RoomRegistry; fanout: LocalFanout }[] = []

afterEach(async () => {
  for (const { registry, fanout } of registries.splice(0)) {
    registry.leaveCluster()
    await registry.flushAll()
    await fanout.close()
  }
})

/** A registry as a server builds it, on a memory store, logging what it says at debug level. */
function node(
  opts: Partial<RoomRegistryOptions> & {
    store?: TestStore
    bus?: LocalBus
    name?: string
    Bus?: typeof LocalFanout
  } = {},
) {
  const { bus, name = 'node1', Bus = LocalFanout, ...rest } = opts
  const store = opts.store ?? new TestStore()
  const { log, logged } = capturedLog('debug')
  const fanout = (rest.fanout as LocalFanout | undefined) ?? new Bus(name, bus)
  const registry = new RoomRegistry({
    log,
    storeRetryMs: 10,
    compactAfterBytes: 1 << 20,
    compactAfterUpdates: 1000,
    maxLoadedRooms: 10,
    fanout,
    ...rest,
    store,
  })
  registries.push({ registry, fanout })
  return { registry, store, logged, fanout }
}

describe('loading and unloading rooms', () => {
  it('loads a room once for all who hold it and unloads it when the last lets go', async () => {
    const { registry, store } = node()
    const id = await newRoom(store)
    const [a, b] = await Promise.all([registry.acquire(id), registry.acquire(id)])
    expect(a).toBe(b)
    expect(a.refs).toBe(2)
    expect(registry.loadedIds()).toEqual([id])
    expect(await registry.peek(id)).toBe(a)
    registry.release(a)
    expect(registry.loadedIds()).toEqual([id])
    registry.release(b)
    expect(registry.loadedIds()).toEqual([])
    expect(await registry.peek(id)).toBeUndefined()
  })

  it('loads a room again only once its unload has written everything', async () => {
    const { registry, store } = node()
    const id = await newRoom(store)
    const room = await registry.acquire(id)
    const alice = new TestPeer('editor')
    room.peers.add(alice)
    edit(room, alice, 'last', 'words')
    // Released in the turn of the edit, before its commit ran: the unload writes it.
    room.peers.delete(alice)
    registry.release(room)
    const again = await registry.acquire(id)
    expect(again).not.toBe(room)
    expect(again.doc.getMap('items').get('last')).toBe('words')
    registry.release(again)
  })

  it('waits for a slow unload before loading the room again', async () => {
    const { registry, store } = node()
    const id = await newRoom(store)
    const room = await registry.acquire(id)
    const alice = new TestPeer('editor')
    room.peers.add(alice)
    edit(room, alice, 'slow', 'write')
    let open!: () => void
    store.appendGate = new Promise<void>((resolve) => (open = resolve))
    room.peers.delete(alice)
    registry.release(room)
    const loading = registry.acquire(id)
    setTimeout(open, 20)
    const again = await loading
    expect(again.doc.getMap('items').get('slow')).toBe('write')
    registry.release(again)
  })

  it('compacts a loaded room’s log once it holds enough updates', async () => {
    const { registry, store } = node({ compactAfterUpdates: 2 })
    const id = await newRoom(store)
    const room = await registry.acquire(id)
    const alice = new TestPeer('editor')
    room.peers.add(alice)
    edit(room, alice, 'a', 1)
    await room.commit()
    edit(room, alice, 'b', 2)
    await room.commit()
    await waitFor(async () => (await store.loadDoc(id))!.updates.length === 0, 'the compaction')
    expect(await storedItems(store, id)).toEqual({ a: 1, b: 2 })
    room.peers.delete(alice)
    registry.release(room)
  })

  it('refuses a room the store does not hold, and keeps nothing of the attempt', async () => {
    const { registry, store } = node()
    const id = createRoomId()
    await expect(registry.acquire(id)).rejects.toMatchObject({
      reason: 'ROOM_NOT_FOUND',
      message: 'room not found',
    })
    expect(registry.loadedIds()).toEqual([])
    // Created since: the failed load is not remembered.
    await store.createRoom({ id, title: 'Late', snapshot: await initialSnapshot() })
    const room = await registry.acquire(id)
    registry.release(room)
  })

  it('refuses a room past the limit of loaded rooms, and serves the loaded ones', async () => {
    const { registry, store } = node({ maxLoadedRooms: 1 })
    const first = await newRoom(store)
    const second = await newRoom(store)
    const room = await registry.acquire(first)
    await expect(registry.acquire(second)).rejects.toMatchObject({
      reason: 'TOO_MANY_ROOMS',
      message: 'this server holds its maximum number of open rooms; try again later',
    })
    const same = await registry.acquire(first)
    expect(same).toBe(room)
    registry.release(room)
    registry.release(same)
    registry.release(await registry.acquire(second))
  })

  it('refuses a stored document it cannot read, saying so in the log', async () => {
    const { registry, store, logged } = node()
    const id = await newRoom(store, new Uint8Array([1, 2, 3, 4, 5]))
    await expect(registry.acquire(id)).rejects.toMatchObject({
      reason: 'LOAD_FAILED',
      message: 'the stored document could not be read',
    })
    expect(logged.filter((l) => l.level >= 50).map((l) => [l.msg, l.room])).toEqual([
      ['stored document is unreadable', id],
    ])
    expect(registry.loadedIds()).toEqual([])
  })

  it('says in its debug log which room it loaded and how large, and migrates nothing current', async () => {
    const { registry, store, logged } = node()
    const id = await newRoom(store)
    registry.release(await registry.acquire(id))
    const { snapshot } = (await store.loadDoc(id))!
    expect(logged.map((l) => [l.msg, l.room, l.sizeBytes])).toEqual([
      ['room loaded', id, snapshot.byteLength],
    ])
  })

  it('migrates a room written under an older schema as it loads it, and says so', async () => {
    const { registry, store, logged } = node()
    const id = await newRoom(
      store,
      snapshotOf((doc) => seedRoomDoc(doc, createTLSchema(), initialBoardRecords())),
    )
    const room = await registry.acquire(id)
    expect(getDocSchema(room.doc)).toEqual(createBoardSchema().serialize())
    expect(logged.filter((l) => l.level === 30).map((l) => [l.msg, l.room])).toEqual([
      ['room migrated', id],
    ])
    registry.release(room)
  })

  it('refuses a room written by a newer version, and stops listening for it', async () => {
    const bus = new LocalBus()
    const { registry, store, logged } = node({ bus })
    const newer = snapshotOf((doc) => {
      const schema = createBoardSchema()
      seedRoomDoc(doc, schema, initialBoardRecords())
      const serialized = structuredClone(schema.serialize()) as {
        sequences: Record<string, number>
      }
      serialized.sequences['com.tldraw.shape'] = 999
      getMetaMap(doc).set(SCHEMA_KEY, serialized)
    })
    const id = await newRoom(store, newer)
    await expect(registry.acquire(id)).rejects.toMatchObject({
      reason: 'LOAD_FAILED',
      message: 'the room cannot be opened: document was written by a newer version',
    })
    expect(logged.filter((l) => l.level >= 50).map((l) => [l.msg, l.room, l.reason])).toEqual([
      ['room cannot be migrated', id, 'document was written by a newer version'],
    ])
    expect(registry.loadedIds()).toEqual([])
    expect(bus.rooms.has(id)).toBe(false)
  })

  it('logs an unload that fails, and loads the room again afterwards', async () => {
    const { registry, store, logged } = node({ bus: new LocalBus(), Bus: LeaselessFanout })
    const id = await newRoom(store)
    const room = await registry.acquire(id)
    registry.release(room)
    await registry.flushAll()
    expect(logged.filter((l) => l.level >= 50).map((l) => [l.msg, l.room])).toEqual([
      ['unloading failed', id],
    ])
    const again = await registry.acquire(id)
    expect(again).not.toBe(room)
    registry.release(again)
  })

  it('flushes every loaded room into one snapshot on flushAll', async () => {
    const { registry, store } = node()
    const id = await newRoom(store)
    const room = await registry.acquire(id)
    const alice = new TestPeer('editor')
    room.peers.add(alice)
    edit(room, alice, 'a', 1)
    await registry.flushAll()
    const { updates } = (await store.loadDoc(id))!
    expect(updates).toEqual([])
    expect(await storedItems(store, id)).toEqual({ a: 1 })
    room.peers.delete(alice)
    registry.release(room)
  })
})

describe('a room whose store refuses writes', () => {
  it('turns its writers away, keeps its readers, and stays loaded until the store takes its edits', async () => {
    const { registry, store } = node()
    const id = await newRoom(store)
    const room = await registry.acquire(id)
    const peers = (['owner', 'editor', 'observer', 'viewer'] as const).map((r) => new TestPeer(r))
    for (const p of peers) room.peers.add(p)
    store.failWrites = true
    edit(room, peers[1]!, 'a', 1)
    expect(await room.commit()).toBe(false)
    expect(registry.storeRefusingRooms()).toBe(1)
    expect(peers.map((p) => p.closes)).toEqual([
      [{ code: CloseCode.STORE_UNAVAILABLE, reason: STORE_UNAVAILABLE_REASON }],
      [{ code: CloseCode.STORE_UNAVAILABLE, reason: STORE_UNAVAILABLE_REASON }],
      [],
      [],
    ])
    // Everyone leaves: the room stays, with its edit, until the store takes it.
    for (const p of peers) room.peers.delete(p)
    registry.release(room)
    expect(registry.loadedIds()).toEqual([id])
    store.failWrites = false
    await waitFor(() => registry.loadedIds().length === 0, 'the room to unload once written')
    expect(registry.storeRefusingRooms()).toBe(0)
    expect(await storedItems(store, id)).toEqual({ a: 1 })
  })

  it('stops counting a room as refusing once it is deleted, and unloads it', async () => {
    const { registry, store } = node()
    const id = await newRoom(store)
    const room = await registry.acquire(id)
    const alice = new TestPeer('editor')
    room.peers.add(alice)
    store.failWrites = true
    edit(room, alice, 'a', 1)
    expect(await room.commit()).toBe(false)
    expect(registry.storeRefusingRooms()).toBe(1)
    await registry.evict(id)
    expect(registry.storeRefusingRooms()).toBe(0)
    room.peers.delete(alice)
    registry.release(room)
    expect(registry.loadedIds()).toEqual([])
  })

  it('unloads a room kept for its refused writes once it is deleted with no one in it', async () => {
    const { registry, store } = node()
    const id = await newRoom(store)
    const room = await registry.acquire(id)
    const alice = new TestPeer('editor')
    room.peers.add(alice)
    store.failWrites = true
    edit(room, alice, 'a', 1)
    expect(await room.commit()).toBe(false)
    room.peers.delete(alice)
    registry.release(room)
    // Kept loaded: unloading would drop what the store has not taken.
    expect(registry.loadedIds()).toEqual([id])
    await registry.evict(id)
    expect(registry.loadedIds()).toEqual([])
    expect(registry.storeRefusingRooms()).toBe(0)
  })

  it('answers a server write with STORE_UNAVAILABLE, and a read as usual', async () => {
    const { registry, store } = node()
    const id = await newRoom(store)
    store.failWrites = true
    const write = registry.withRoom(id, (room) =>
      room.doc.transact(() => room.doc.getMap('items').set('hint', 'kept'), SERVER_ORIGIN),
    )
    await expect(write).rejects.toMatchObject({
      reason: 'STORE_UNAVAILABLE',
      message: 'the server cannot save right now; try again shortly',
    })
    // Reading the room during the outage still works.
    expect(await registry.withRoom(id, (room) => room.doc.getMap('items').get('hint'))).toBe('kept')
    store.failWrites = false
    await waitFor(() => registry.loadedIds().length === 0, 'the kept write to be stored')
    expect(await storedItems(store, id)).toEqual({ hint: 'kept' })
  })
})

describe('a server write (hints, reviews)', () => {
  it('is stored before it answers, and loads the room only for its duration', async () => {
    const { registry, store } = node()
    const id = await newRoom(store)
    const answer = await registry.withRoom(id, (room) => {
      room.doc.transact(
        () => room.doc.getMap('items').set('hint', 'Who calls this?'),
        SERVER_ORIGIN,
      )
      return 'posted'
    })
    expect(answer).toBe('posted')
    expect(registry.loadedIds()).toEqual([])
    expect(await storedItems(store, id)).toEqual({ hint: 'Who calls this?' })
  })

  it('is stored before it answers while clients hold the room too', async () => {
    const { registry, store } = node()
    const id = await newRoom(store)
    const held = await registry.acquire(id)
    await registry.withRoom(id, (room) =>
      room.doc.transact(() => room.doc.getMap('items').set('review', 'ok'), SERVER_ORIGIN),
    )
    expect(await storedItems(store, id)).toEqual({ review: 'ok' })
    registry.release(held)
  })

  it('lets the room go when the write throws', async () => {
    const { registry, store } = node()
    const id = await newRoom(store)
    await expect(
      registry.withRoom(id, () => {
        throw new Error('not a hint')
      }),
    ).rejects.toThrow('not a hint')
    expect(registry.loadedIds()).toEqual([])
  })
})

describe('orders for every node', () => {
  it('closes a deleted room’s connections on every node and writes nothing more of it', async () => {
    const bus = new LocalBus()
    const one = node({ bus, name: 'node1' })
    const two = node({ bus, name: 'node2', store: one.store })
    const id = await newRoom(one.store)
    const onOne = await one.registry.acquire(id)
    const onTwo = await two.registry.acquire(id)
    const alice = new TestPeer('editor')
    const bob = new TestPeer('viewer')
    onOne.peers.add(alice)
    onTwo.peers.add(bob)
    await one.registry.evict(id)
    const deleted = { code: CloseCode.ROOM_NOT_FOUND, reason: 'room deleted' }
    expect(alice.closes).toEqual([deleted])
    await waitFor(() => bob.closes.length > 0, 'the other node to close its connection')
    expect(bob.closes).toEqual([deleted])
    expect(onTwo.deleted).toBe(true)
    // A room not loaded here is nothing to evict.
    await expect(one.registry.evict(createRoomId())).resolves.toBeUndefined()
  })

  it('closes the connections of one role on every node, with the reason', async () => {
    const bus = new LocalBus()
    const one = node({ bus, name: 'node1' })
    const two = node({ bus, name: 'node2', store: one.store })
    const id = await newRoom(one.store)
    const onOne = await one.registry.acquire(id)
    const onTwo = await two.registry.acquire(id)
    const peers = [new TestPeer('observer'), new TestPeer('editor'), new TestPeer('observer')]
    onOne.peers.add(peers[0]!).add(peers[1]!)
    onTwo.peers.add(peers[2]!)
    await one.registry.closeRole(id, 'observer', 'invite revoked')
    await waitFor(() => peers[2]!.closes.length > 0, 'the other node to close its observer')
    const revoked = { code: CloseCode.TOKEN_REVOKED, reason: 'invite revoked' }
    expect(peers.map((p) => p.closes)).toEqual([[revoked], [], [revoked]])
    // A room not loaded here has no one to close.
    await expect(one.registry.closeRole(createRoomId(), 'editor', 'x')).resolves.toBeUndefined()
  })
})

describe('what other nodes publish', () => {
  it('applies another node’s edit, also one that arrives while the room loads', async () => {
    const bus = new LocalBus()
    const applied: [string, number][] = []
    const store = new TestStore()
    const one = node({ bus, name: 'node1', store })
    const two = node({
      bus,
      name: 'node2',
      store,
      onFanoutApplied: (kind, sentAt) => applied.push([kind, sentAt]),
    })
    const id = await newRoom(store)
    const onOne = await one.registry.acquire(id)
    const alice = new TestPeer('editor')
    onOne.peers.add(alice)
    // Node 2 reads the store, then its answer is held up while node 1 accepts an edit.
    let open!: () => void
    store.loadGate = new Promise<void>((resolve) => (open = resolve))
    const loading = two.registry.acquire(id)
    await waitFor(() => bus.rooms.get(id)?.size === 2, 'node 2 to subscribe')
    const before = Date.now()
    edit(onOne, alice, 'early', 1)
    await onOne.commit()
    await new Promise((resolve) => setImmediate(resolve))
    open()
    const onTwo = await loading
    expect(onTwo.doc.getMap('items').get('early')).toBe(1)
    expect(applied).toHaveLength(1)
    expect(applied[0]![0]).toBe('update')
    expect(applied[0]![1]).toBeGreaterThanOrEqual(before)
    // And one published once it is loaded.
    edit(onOne, alice, 'late', 2)
    await onOne.commit()
    await waitFor(() => onTwo.doc.getMap('items').get('late') === 2, 'the later edit')
    expect(applied.map(([kind]) => kind)).toEqual(['update', 'update'])
  })

  it('drops a message it cannot apply, saying from which node, and applies the next', async () => {
    const bus = new LocalBus()
    const one = node({ bus, name: 'node1' })
    const id = await newRoom(one.store)
    const room = await one.registry.acquire(id)
    const other = new LocalFanout('node9', bus)
    other.publish(id, 'awareness', new Uint8Array([1, 2, 3]))
    await waitFor(
      () => one.logged.find((l) => l.msg === 'dropped a fan-out message'),
      'the broken message to be dropped',
    )
    expect(one.logged.filter((l) => l.level >= 40).map((l) => [l.msg, l.room, l.node])).toEqual([
      ['dropped a fan-out message', id, 'node9'],
    ])
    const { clientID, update } = presenceOf('Remote')
    other.publish(id, 'awareness', update)
    await waitFor(() => room.awareness.getStates().has(clientID), 'the next message')
    expect(one.logged.filter((l) => l.level >= 40)).toHaveLength(1)
    await other.close()
  })

  it('ignores what other nodes publish about a room deleted here', async () => {
    const bus = new LocalBus()
    const one = node({ bus, name: 'node1' })
    const id = await newRoom(one.store)
    const room = await one.registry.acquire(id)
    await one.registry.evict(id)
    const other = new LocalFanout('node9', bus)
    const { clientID, update } = presenceOf('Ghost')
    other.publish(id, 'awareness', update)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(room.awareness.getStates().has(clientID)).toBe(false)
    await other.close()
  })
})

describe('presence announced through other nodes', () => {
  it('is dropped when its node says goodbye', async () => {
    const bus = new LocalBus()
    const one = node({ bus, name: 'node1' })
    const two = node({ bus, name: 'node2', store: one.store })
    const id = await newRoom(one.store)
    const onOne = await one.registry.acquire(id)
    const onTwo = await two.registry.acquire(id)
    const bob = new TestPeer('editor')
    onTwo.peers.add(bob)
    const { clientID, update } = presenceOf('Bob')
    awarenessProtocol.applyAwarenessUpdate(onTwo.awareness, update, bob)
    await waitFor(() => onOne.awareness.getStates().has(clientID), 'Bob’s presence on node 1')
    two.registry.leaveCluster()
    await waitFor(() => !onOne.awareness.getStates().has(clientID), 'Bob’s presence to go')
    // A node that announced nobody leaves too.
    const three = node({ bus, name: 'node3', store: one.store })
    three.registry.leaveCluster()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(onOne.awareness.getStates().size).toBe(0)
  })

  it('is dropped when its node falls silent, and kept while the node is alive', async () => {
    const bus = new LocalBus()
    // Node 1 takes a node for dead after 3.5 s of silence, node 3 after the default 10 s.
    const one = node({ bus, name: 'node1', nodeSilenceMs: 3500 })
    const two = node({ bus, name: 'node2', store: one.store })
    const three = node({ bus, name: 'node3', store: one.store })
    const id = await newRoom(one.store)
    const [onOne, onTwo, onThree] = await Promise.all(
      [one, two, three].map((n) => n.registry.acquire(id)),
    )
    const bob = new TestPeer('editor')
    onTwo!.peers.add(bob)
    const alive = presenceOf('Bob')
    awarenessProtocol.applyAwarenessUpdate(onTwo!.awareness, alive.update, bob)
    // A node that published a presence and then fell silent (it died without a goodbye).
    const ghost = new LocalFanout('ghost', bus)
    const dead = presenceOf('Ghost')
    ghost.publish(id, 'awareness', dead.update)
    const has = (room: Room, clientID: number) => room.awareness.getStates().has(clientID)
    try {
      await waitFor(() => has(onOne!, dead.clientID) && has(onThree!, dead.clientID), 'the ghost')
      await waitFor(() => !has(onOne!, dead.clientID), 'the ghost to go on node 1', 8000)
      // Node 2 said it was alive all along; node 3 waits longer than that before giving up.
      expect(has(onOne!, alive.clientID)).toBe(true)
      expect(has(onThree!, alive.clientID)).toBe(true)
      expect(has(onThree!, dead.clientID)).toBe(true)
    } finally {
      await ghost.close()
    }
  })
})

describe('a room unloading', () => {
  it('tells the other nodes of its clients’ presence coming and going, and of nothing more', async () => {
    const bus = new LocalBus()
    const one = node({ bus, name: 'node1' })
    const two = node({ bus, name: 'node2', store: one.store })
    const id = await newRoom(one.store)
    const onTwo = await two.registry.acquire(id)
    // Everything node 1 says about the room, as another node on the bus hears it.
    const heard: RoomMessage['kind'][] = []
    const listener = new LocalFanout('listener', bus)
    await listener.subscribe(id, (m) => heard.push(m.kind))
    const onOne = await one.registry.acquire(id)
    const alice = new TestPeer('editor')
    onOne.peers.add(alice)
    const { clientID, update } = presenceOf('Alice')
    awarenessProtocol.applyAwarenessUpdate(onOne.awareness, update, alice)
    await waitFor(() => onTwo.awareness.getStates().has(clientID), 'Alice’s presence on node 2')
    // Alice leaves as a connection does, and with her the room's last holder on node 1.
    onOne.peers.delete(alice)
    awarenessProtocol.removeAwarenessStates(onOne.awareness, [...alice.awarenessIds], alice)
    await waitFor(() => !onTwo.awareness.getStates().has(clientID), 'Alice’s presence to go')
    one.registry.release(onOne)
    await one.registry.flushAll()
    await new Promise((resolve) => setImmediate(resolve))
    expect(one.registry.loadedIds()).toEqual([])
    expect(heard).toEqual(['awareness', 'awareness'])
    await listener.close()
  })
})

describe('a room no longer loaded', () => {
  it('hears nothing more of what other nodes publish about it', async () => {
    const bus = new LocalBus()
    const applied: string[] = []
    const one = node({ bus, name: 'node1' })
    const two = node({
      bus,
      name: 'node2',
      store: one.store,
      onFanoutApplied: (kind) => applied.push(kind),
    })
    const id = await newRoom(one.store)
    const onOne = await one.registry.acquire(id)
    two.registry.release(await two.registry.acquire(id))
    expect(two.registry.loadedIds()).toEqual([])
    const alice = new TestPeer('editor')
    onOne.peers.add(alice)
    edit(onOne, alice, 'a', 1)
    await onOne.commit()
    awarenessProtocol.applyAwarenessUpdate(onOne.awareness, presenceOf('Alice').update, alice)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(applied).toEqual([])
  })
})

describe('compaction in a cluster', () => {
  for (const [what, opts] of [
    ['on a shared bus', { bus: new LocalBus() }],
    ['on a shared store without a bus', { sharedStore: true }],
  ] as const) {
    it(`folds the log only under the room’s lease, ${what}`, async () => {
      const { registry, store, fanout } = node(opts)
      const id = await newRoom(store)
      const room = await registry.acquire(id)
      const alice = new TestPeer('editor')
      room.peers.add(alice)
      edit(room, alice, 'a', 1)
      await room.commit()
      // Someone else holds the lease: the room leaves the log to them.
      const release = (await fanout.lease(`compact:${id}`))!
      await registry.flushAll()
      expect((await store.loadDoc(id))!.updates).toHaveLength(1)
      await release()
      await registry.flushAll()
      expect((await store.loadDoc(id))!.updates).toHaveLength(0)
      room.peers.delete(alice)
      registry.release(room)
    })
  }

  it('folds the log with no lease to ask for when alone', async () => {
    const { registry, store, fanout } = node()
    const id = await newRoom(store)
    const room = await registry.acquire(id)
    const alice = new TestPeer('editor')
    room.peers.add(alice)
    edit(room, alice, 'a', 1)
    await room.commit()
    const release = (await fanout.lease(`compact:${id}`))!
    await registry.flushAll()
    expect((await store.loadDoc(id))!.updates).toHaveLength(0)
    await release()
    room.peers.delete(alice)
    registry.release(room)
  })
})

describe('after the bus was down', () => {
  it('catches up from the store and announces its clients’ presence again', async () => {
    const bus = new LocalBus()
    const heard: string[] = []
    const one = node({ bus, name: 'node1', onFanoutApplied: (kind) => heard.push(kind) })
    const applied: string[] = []
    const outage = new OutageFanout('node2', bus)
    const two = node({
      store: one.store,
      fanout: outage,
      onFanoutApplied: (kind) => applied.push(kind),
    })
    const id = await newRoom(one.store)
    const onOne = await one.registry.acquire(id)
    const onTwo = await two.registry.acquire(id)
    const alice = new TestPeer('editor')
    const bob = new TestPeer('editor')
    onOne.peers.add(alice)
    onTwo.peers.add(bob)
    outage.goDown()
    edit(onOne, alice, 'missed', 1)
    await onOne.commit()
    const bobs = presenceOf('Bob')
    awarenessProtocol.applyAwarenessUpdate(onTwo.awareness, bobs.update, bob)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(onTwo.doc.getMap('items').has('missed')).toBe(false)
    expect(onOne.awareness.getStates().has(bobs.clientID)).toBe(false)
    outage.comeBack()
    await waitFor(() => onTwo.doc.getMap('items').get('missed') === 1, 'node 2 to catch up')
    await waitFor(() => onOne.awareness.getStates().has(bobs.clientID), 'Bob on node 1 again')
    expect(heard).toEqual(['awareness'])
    // What it read back is not stored again, nor counted as heard from another node.
    expect((await one.store.loadDoc(id))!.updates).toHaveLength(1)
    expect(applied).toEqual([])
    expect(two.logged.filter((l) => l.level >= 40)).toEqual([])
  })

  it('announces nothing for a room without presence, and closes a room deleted meanwhile', async () => {
    const bus = new LocalBus()
    const applied: string[] = []
    const one = node({ bus, name: 'node1', onFanoutApplied: (kind) => applied.push(kind) })
    const outage = new OutageFanout('node2', bus)
    const two = node({ store: one.store, fanout: outage })
    const quiet = await newRoom(one.store)
    const gone = await newRoom(one.store)
    const goneElsewhere = await newRoom(one.store)
    await one.registry.acquire(quiet)
    await two.registry.acquire(quiet)
    const deleted = await two.registry.acquire(gone)
    const elsewhere = await two.registry.acquire(goneElsewhere)
    const carol = new TestPeer('editor')
    elsewhere.peers.add(carol)
    outage.goDown()
    await one.store.deleteRoom(gone)
    await two.registry.evict(gone)
    expect(deleted.deleted).toBe(true)
    // Deleted through node 1 while node 2 could not hear it: gone from the store only.
    await one.store.deleteRoom(goneElsewhere)
    outage.comeBack()
    // Its clients are told, as if the order had come, and write nothing more to it.
    await waitFor(() => carol.closes.length > 0, 'the client of the deleted room to be closed')
    expect(carol.closes).toEqual([{ code: CloseCode.ROOM_NOT_FOUND, reason: 'room deleted' }])
    expect(elsewhere.deleted).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(applied).toEqual([])
    expect(two.logged.filter((l) => l.level >= 40)).toEqual([])
  })

  it('says which room it could not catch up, and catches up the others', async () => {
    const bus = new LocalBus()
    const one = node({ bus, name: 'node1' })
    const outage = new OutageFanout('node2', bus)
    const two = node({ store: one.store, fanout: outage })
    const id = await newRoom(one.store)
    await two.registry.acquire(id)
    outage.goDown()
    one.store.failLoads = true
    outage.comeBack()
    await waitFor(() => two.logged.some((l) => l.level >= 40), 'the failure to be logged')
    one.store.failLoads = false
    expect(two.logged.filter((l) => l.level >= 40).map((l) => [l.msg, l.room])).toEqual([
      ['catching up from the store failed', id],
    ])
  })
})

describe('a room whose load fails while the node is busy', () => {
  it('does not stop a node’s presence cleanup or a shutdown flush', async () => {
    const bus = new LocalBus()
    const one = node({ bus, name: 'node1' })
    const two = node({ bus, name: 'node2', store: one.store })
    const newer = snapshotOf((doc) => {
      const schema = createBoardSchema()
      seedRoomDoc(doc, schema, initialBoardRecords())
      const serialized = structuredClone(schema.serialize()) as {
        sequences: Record<string, number>
      }
      serialized.sequences['com.tldraw.shape'] = 999
      getMetaMap(doc).set(SCHEMA_KEY, serialized)
    })
    const broken = await newRoom(one.store, newer)
    const fine = await newRoom(one.store)
    const onOne = await one.registry.acquire(fine)
    let open!: () => void
    one.store.loadGate = new Promise<void>((resolve) => (open = resolve))
    const failing = one.registry.acquire(broken).catch((err: unknown) => err)
    await waitFor(() => one.registry.loadedIds().includes(broken), 'the load to start')
    const flushing = one.registry.flushAll()
    two.registry.leaveCluster()
    await new Promise((resolve) => setTimeout(resolve, 20))
    open()
    expect(await failing).toMatchObject({ reason: 'LOAD_FAILED' })
    await flushing
    await new Promise((resolve) => setTimeout(resolve, 20))
    one.registry.release(onOne)
  })
})
