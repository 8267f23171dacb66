import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as decoding from 'lib0/decoding'
import { SERVER_ORIGIN } from '@threatboard/shared'
import { foldStoredDoc } from '../persistence/DocStore.ts'
import { FOLD_IN_THREAD_BELOW_BYTES } from '../persistence/foldOffLoop.ts'
import type { RoomStore } from '../persistence/RoomStore.ts'
import { SqliteRoomStore } from '../persistence/SqliteRoomStore.ts'
import { waitFor } from '../../test/helpers/poll.ts'
import {
  capturedLog,
  edit,
  newRoom,
  presenceOf,
  storedDoc,
  storedItems,
  TestPeer,
  TestStore,
} from '../../test/helpers/rooms.ts'
import { FULL_STATE_KEEP_BYTES, Room, type RoomOptions } from './Room.ts'
import { encodeSyncStep1 } from '../sync/protocol.ts'
import { FanoutOrigin, IMPORT_ORIGIN } from './origins.ts'

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))
const rooms: Room[] = []

type OpenRoomOptions = {
  compactAfterUpdates?: number
  compactAfterBytes?: number
  storeRetryMs?: number
  /** Leave `onStoreHealth` unset, as a server without health reporting does. */
  noHealth?: boolean
  /** Leave `publish` unset, as a single node without a bus does. */
  noPublish?: boolean
  cluster?: RoomOptions['cluster']
  fold?: RoomOptions['fold']
  sleepAfterMs?: number
  onWake?: () => void
}

/** A room on a fresh test store, with Alice (editor) and Bob (viewer) in it. */
async function openRoom(opts: OpenRoomOptions = {}) {
  const store = new TestStore()
  return { store, ...(await openRoomIn(store, opts)) }
}

/** A new room in `store`, loaded, logging, with Alice (editor) and Bob (viewer) in it. */
async function openRoomIn(store: RoomStore, opts: OpenRoomOptions = {}) {
  const snapshot = Y.encodeStateAsUpdate(new Y.Doc())
  const id = await newRoom(store, snapshot)
  const health: boolean[] = []
  /** What the room told the other nodes. */
  const published: { kind: 'update' | 'awareness'; payload: Uint8Array }[] = []
  /** What the room logged at warn level or above. */
  const { log, logged } = capturedLog('warn')
  const room = new Room(
    id,
    {
      store,
      log,
      storeRetryMs: opts.storeRetryMs ?? 10,
      compactAfterBytes: opts.compactAfterBytes ?? 1024 * 1024,
      compactAfterUpdates: opts.compactAfterUpdates ?? 1000,
      onStoreHealth: opts.noHealth ? undefined : (_room, ok) => health.push(ok),
      publish: opts.noPublish ? undefined : (kind, payload) => published.push({ kind, payload }),
      cluster: opts.cluster,
      fold: opts.fold,
      sleepAfterMs: opts.sleepAfterMs,
      onWake: opts.onWake,
    },
    {
      sizeBytes: snapshot.byteLength,
      snapshotBytes: snapshot.byteLength,
      logLength: 0,
      logBytes: 0,
    },
  )
  room.startLogging()
  rooms.push(room)
  const alice = new TestPeer()
  const bob = new TestPeer('viewer')
  room.peers.add(alice).add(bob)
  return { room, id, alice, bob, health, published, logged }
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
    expect(await storedItems(store, id)).toEqual({ a: 1, b: 2, c: 3 })
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
    expect(await storedItems(store, id)).toEqual({ a: 1, b: 2 })
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
    expect(await storedItems(store, id)).toEqual({ a: 1, b: 2, c: 3 })
    // The count starts again from the snapshot.
    edit(room, alice, 'd', 4)
    await room.flush()
    expect(store.compactions).toBe(1)
  })

  it('compacts once the log outweighs both the byte threshold and the snapshot, not before', async () => {
    const { store, room, id, alice } = await openRoom({
      compactAfterBytes: 3000,
      compactAfterUpdates: 1_000_000,
    })
    const logBytes = async () =>
      (await store.loadDoc(id))!.updates.reduce((n, u) => n + u.update.byteLength, 0)
    const note = (i: number) => `${i}`.padEnd(1000, '.')
    // Two notes of 1 kB: a log of about 2 kB, under the threshold.
    for (const key of ['a', 'b']) {
      edit(room, alice, key, note(0))
      await room.flush()
    }
    expect(store.compactions).toBe(0)
    expect(await logBytes()).toBeLessThanOrEqual(3000)
    // The third passes 3000 bytes: folded.
    edit(room, alice, 'c', note(0))
    await room.flush()
    expect(store.compactions).toBe(1)
    expect(await logBytes()).toBe(0)

    // Eight more notes in one commit: one append of 8 kB, folded into a snapshot of 11 kB.
    for (let i = 0; i < 8; i++) edit(room, alice, `n${i}`, note(0))
    await room.flush()
    expect(store.compactions).toBe(2)
    const snapshotBytes = (await store.loadDoc(id))!.snapshot.byteLength
    expect(snapshotBytes).toBeGreaterThan(10_000)
    // Rewriting one note over and over: the log passes 3000 bytes long before the snapshot's
    // size, and is folded only once it outweighs the snapshot.
    let rewrites = 0
    while (store.compactions === 2) {
      const before = await logBytes()
      edit(room, alice, 'a', note(++rewrites))
      await room.flush()
      if (store.compactions === 2) expect(await logBytes()).toBeLessThanOrEqual(snapshotBytes)
      else expect(before + 1000).toBeGreaterThan(snapshotBytes)
    }
    expect(rewrites).toBeGreaterThan(5)
    // Still every note, and the rewrites folded away: the snapshot did not grow by them.
    const doc = await storedDoc(store, id)
    expect(doc.getMap('items').get('a')).toBe(note(rewrites))
    expect(doc.getMap('items').size).toBe(11)
    expect((await store.loadDoc(id))!.snapshot.byteLength).toBeLessThan(snapshotBytes + 500)
  })

  it('folds a large document off the event loop to the same snapshot, deleted content dropped', async () => {
    const { store, room, id, alice } = await openRoom({ compactAfterBytes: 1024 * 1024 })
    // 200 kB of notes (folded on the fold thread: above FOLD_IN_THREAD_BELOW_BYTES), then most
    // of them deleted.
    for (let i = 0; i < 200; i++) edit(room, alice, `n${i}`, `${i}`.padEnd(1000, '.'))
    await room.flush()
    room.doc.transact(() => {
      for (let i = 0; i < 190; i++) room.doc.getMap('items').delete(`n${i}`)
    }, alice)
    await room.flush()
    const before = (await store.loadDoc(id))!
    const logged = before.updates.reduce((n, u) => n + u.update.byteLength, 0)
    expect(logged).toBeGreaterThan(FOLD_IN_THREAD_BELOW_BYTES)
    await room.compact()
    const after = (await store.loadDoc(id))!
    expect(after.updates).toHaveLength(0)
    expect(after.snapshot).toEqual(foldStoredDoc(before))
    // Garbage-collected as the live doc is: the deleted notes are gone, not kept as content.
    expect(after.snapshot.byteLength).toBeLessThan(20_000)
    expect(
      Y.mergeUpdates([before.snapshot, ...before.updates.map((u) => u.update)]).byteLength,
    ).toBeGreaterThan(190_000)
    expect(await storedItems(store, id)).toEqual(room.doc.getMap('items').toJSON())
  })

  it('keeps the log when a compaction fails, and leaves a deleted room alone', async () => {
    const { store, room, id, alice, logged } = await openRoom()
    edit(room, alice, 'a', 1)
    await room.flush()
    store.failWrites = true
    await room.compact()
    store.failWrites = false
    expect((await store.loadDoc(id))!.updates).toHaveLength(1)
    expect(logged.map((l) => [l.level, l.msg, l.room])).toEqual([
      [50, 'compaction failed; the log is kept', id],
    ])

    room.deleted = true
    edit(room, alice, 'b', 2)
    expect(await room.commit()).toBe(true)
    await room.compact()
    expect(store.appends).toEqual([1])
    expect(store.compactions).toBe(0)
    expect(await storedItems(store, id)).toEqual({ a: 1 })
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

/** An edit made on another node's copy of the room, as the bus delivers it. */
function remoteEdit(room: Room, node: string, key: string, value: unknown) {
  edit(room, new FanoutOrigin(node), key, value)
}

describe('rooms that take updates in the same turn', () => {
  it('commit together in one SQLite transaction and relay before the loop reads more', async () => {
    const store = new SqliteRoomStore(mkdtempSync(path.join(tmpdir(), 'threatboard-turn-')))
    const three = [await openRoomIn(store), await openRoomIn(store), await openRoomIn(store)]
    const commitsBefore = store.counts.commits
    // One turn: an edit in each room, as three sockets' messages read in one poll.
    three.forEach(({ room, alice }, i) => edit(room, alice, 'k', i))
    // The end of that turn (an immediate queued after the edits runs after the rooms' commit).
    await nextTurn()
    for (const { alice, bob } of three) {
      expect(bob.sent).toHaveLength(1)
      expect(alice.sent).toHaveLength(0)
    }
    expect(store.counts.commits - commitsBefore).toBe(1)
    for (const room of rooms.splice(0)) await room.unload()
    await store.close()
  })
})

describe('what a room relays, stores and publishes, by where a change came from', () => {
  it('relays a single client edit to everyone but its author, once stored, and publishes it', async () => {
    const { store, room, alice, bob, published, health } = await openRoom()
    edit(room, alice, 'a', 1)
    expect(published).toHaveLength(0)
    expect(await room.commit()).toBe(true)
    expect(store.appends).toEqual([1])
    expect(bob.sent).toHaveLength(1)
    // Her own edit is not echoed back to her.
    expect(alice.sent).toHaveLength(0)
    expect(published.map((p) => p.kind)).toEqual(['update'])
    const other = new Y.Doc()
    Y.applyUpdate(other, published[0]!.payload)
    expect(other.getMap('items').toJSON()).toEqual({ a: 1 })
    // A healthy store is never reported as recovered.
    expect(health).toEqual([])
  })

  it.each([
    ['the server (a hint, a review)', SERVER_ORIGIN],
    ['a restore from a saved version', IMPORT_ORIGIN],
  ])('stores and publishes a write by %s, and relays it to every peer', async (_what, origin) => {
    const { store, room, alice, bob, published } = await openRoom()
    room.doc.transact(() => room.doc.getMap('items').set('by', 'server'), origin)
    expect(await room.commit()).toBe(true)
    expect(store.appends).toEqual([1])
    expect(alice.sent).toHaveLength(1)
    expect(bob.sent).toHaveLength(1)
    expect(published.map((p) => p.kind)).toEqual(['update'])
    const other = new Y.Doc()
    Y.applyUpdate(other, published[0]!.payload)
    expect(other.getMap('items').toJSON()).toEqual({ by: 'server' })
  })

  it('publishes each update of a group commit on its own', async () => {
    const { room, alice, published } = await openRoom()
    edit(room, alice, 'a', 1)
    edit(room, alice, 'b', 2)
    await room.commit()
    expect(published.map((p) => p.kind)).toEqual(['update', 'update'])
  })

  it('relays an edit another node accepted at once, without storing or publishing it again', async () => {
    const { store, room, alice, bob, published } = await openRoom()
    remoteEdit(room, 'node-b', 'a', 1)
    expect(alice.sent).toHaveLength(1)
    expect(bob.sent).toHaveLength(1)
    await room.flush()
    expect(store.appends).toEqual([])
    expect(published).toEqual([])
    expect(room.doc.getMap('items').toJSON()).toEqual({ a: 1 })
  })

  it('neither stores nor relays an edit a room deleted before its commit had accepted', async () => {
    const { store, room, alice, bob } = await openRoom()
    edit(room, alice, 'a', 1)
    room.deleted = true
    expect(await room.commit()).toBe(true)
    expect(store.appends).toEqual([])
    expect(bob.sent).toHaveLength(0)
    // Nor anything arriving afterwards, from any origin.
    const size = room.sizeBytes
    edit(room, alice, 'b', 2)
    remoteEdit(room, 'node-b', 'c', 3)
    await room.flush()
    expect(bob.sent).toHaveLength(0)
    expect(room.sizeBytes).toBe(size)
    expect(store.appends).toEqual([])
  })
})

describe('a room whose store fails', () => {
  it('does not try the store again on each new edit while it fails, only on its retry', async () => {
    const { store, room, alice } = await openRoom({ storeRetryMs: 60_000 })
    store.failWrites = true
    edit(room, alice, 'a', 1)
    await nextTurn()
    expect(room.storeFailing).toBe(true)
    const attempts = store.attempts
    edit(room, alice, 'b', 2)
    await nextTurn()
    await nextTurn()
    expect(store.attempts).toBe(attempts)
    store.failWrites = false
    expect(await room.commit()).toBe(true)
    expect(store.appends).toEqual([2])
  })

  it('logs the outage once and the recovery once, naming the room', async () => {
    const { store, room, id, alice, logged } = await openRoom({ storeRetryMs: 60_000 })
    store.failWrites = true
    edit(room, alice, 'a', 1)
    expect(await room.commit()).toBe(false)
    const outage = [[50, 'writing updates failed; refusing changes', id]]
    expect(logged.map((l) => [l.level, l.msg, l.room])).toEqual(outage)
    expect(await room.commit()).toBe(false)
    expect(logged.map((l) => [l.level, l.msg, l.room])).toEqual(outage)
    store.failWrites = false
    expect(await room.commit()).toBe(true)
    expect(logged.slice(1).map((l) => [l.level, l.msg, l.room])).toEqual([
      [40, 'the store takes writes again; changes accepted', id],
    ])
  })

  it('fails and recovers without a health callback', async () => {
    const { store, room, id, alice, bob } = await openRoom({ noHealth: true, storeRetryMs: 60_000 })
    store.failWrites = true
    edit(room, alice, 'a', 1)
    await expect(room.commit()).resolves.toBe(false)
    store.failWrites = false
    await expect(room.commit()).resolves.toBe(true)
    expect(bob.sent).toHaveLength(1)
    expect(await storedItems(store, id)).toEqual({ a: 1 })
  })

  it('stops retrying once unloaded', async () => {
    const { store, room, alice } = await openRoom({ storeRetryMs: 5 })
    store.failWrites = true
    edit(room, alice, 'a', 1)
    await nextTurn()
    expect(room.storeFailing).toBe(true)
    await room.unload()
    store.failWrites = false
    const attempts = store.attempts
    // Timers fire in order: a retry armed for 5 ms would run before this one.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(store.attempts).toBe(attempts)
    expect(store.appends).toEqual([])
  })
})

describe('presence in a room', () => {
  it('has no presence of its own', async () => {
    const { room } = await openRoom()
    expect(room.awareness.getStates().size).toBe(0)
  })

  it('keeps a presence however long it goes unrenewed: only its connection ends it', async () => {
    // Awareness drops states not renewed for 30 s on its own clock; the room turns that off.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      const { room, alice } = await openRoom()
      const { clientID, update } = presenceOf('Alice')
      awarenessProtocol.applyAwarenessUpdate(room.awareness, update, alice)
      // Its last renewal a minute ago (lib0 reads the real clock, so age the record instead).
      room.awareness.meta.get(clientID)!.lastUpdated -= 60_000
      vi.advanceTimersByTime(60_000)
      expect(room.awareness.getStates().has(clientID)).toBe(true)
    } finally {
      vi.useRealTimers()
    }
  })

  it('publishes a client presence to the other nodes, and nothing for an unknown removal', async () => {
    const { room, alice, published } = await openRoom()
    const { clientID, update } = presenceOf('Alice')
    awarenessProtocol.applyAwarenessUpdate(room.awareness, update, alice)
    expect(published.map((p) => p.kind)).toEqual(['awareness'])
    const seen = new awarenessProtocol.Awareness(new Y.Doc())
    awarenessProtocol.applyAwarenessUpdate(seen, published[0]!.payload, 'bus')
    expect(seen.getStates().get(clientID)).toEqual({ name: 'Alice' })
    seen.destroy()
    awarenessProtocol.removeAwarenessStates(room.awareness, [clientID + 1], alice)
    expect(published).toHaveLength(1)
  })

  it('relays presence from another node, remembers it per node, and does not publish it back', async () => {
    const { room, alice, bob, published } = await openRoom()
    const first = presenceOf('Carol')
    const second = presenceOf('Dan')
    awarenessProtocol.applyAwarenessUpdate(room.awareness, first.update, new FanoutOrigin('node-b'))
    awarenessProtocol.applyAwarenessUpdate(
      room.awareness,
      second.update,
      new FanoutOrigin('node-b'),
    )
    expect(alice.sent).toHaveLength(2)
    expect(bob.sent).toHaveLength(2)
    expect(published).toEqual([])
    expect([...room.remoteAwareness.get('node-b')!].sort()).toEqual(
      [first.clientID, second.clientID].sort(),
    )
    awarenessProtocol.removeAwarenessStates(
      room.awareness,
      [first.clientID],
      new FanoutOrigin('node-b'),
    )
    expect([...room.remoteAwareness.get('node-b')!]).toEqual([second.clientID])
    expect(alice.awarenessIds.size).toBe(0)
  })
})

describe('the size limit of a room', () => {
  it('does not measure while the counter is under the limit, even right at it', async () => {
    const { room, alice } = await openRoom()
    for (let i = 0; i < 10; i++) edit(room, alice, 'note', 'x'.repeat(2000) + i)
    await room.flush()
    const counted = room.sizeBytes
    expect(room.admits(100_000 - counted, 100_000)).toBe(true)
    expect(room.sizeBytes).toBe(counted)
  })

  it('admits an update that brings the measured size exactly to the limit', async () => {
    const { room, alice } = await openRoom()
    for (let i = 0; i < 10; i++) edit(room, alice, 'note', 'x'.repeat(2000) + i)
    await room.flush()
    const real = Y.encodeStateAsUpdate(room.doc).byteLength
    const limit = 10_000
    expect(room.sizeBytes).toBeGreaterThan(limit)
    expect(room.admits(limit - real, limit)).toBe(true)
    expect(room.sizeBytes).toBe(real)
  })

  it('measures again only once the counter grew by a 64th of the limit', async () => {
    const { room, alice } = await openRoom()
    const limit = 64_000
    edit(room, alice, 'note', 'x'.repeat(2000))
    await room.flush()
    expect(room.admits(limit, limit)).toBe(false)
    const measured = room.sizeBytes
    // Grown by less than a 64th: refused on the counter alone.
    room.sizeBytes = measured + limit / 64 - 1
    expect(room.admits(limit, limit)).toBe(false)
    expect(room.sizeBytes).toBe(measured + limit / 64 - 1)
    // Grown by exactly a 64th: measured again.
    room.sizeBytes = measured + limit / 64
    expect(room.admits(limit, limit)).toBe(false)
    expect(room.sizeBytes).toBe(measured)
  })
})

describe('the whole-document reply for fresh clients', () => {
  /** What a client that starts from nothing would hold after applying a sync step 2. */
  const docOf = (reply: Uint8Array): Y.Doc => {
    const d = decoding.createDecoder(reply)
    expect([decoding.readVarUint(d), decoding.readVarUint(d)]).toEqual([0, 1])
    const doc = new Y.Doc()
    Y.applyUpdate(doc, decoding.readVarUint8Array(d))
    return doc
  }
  const big = 'x'.repeat(FULL_STATE_KEEP_BYTES)

  it('gives every fresh client of a large room the same bytes while nothing changes', async () => {
    const { room, alice } = await openRoom()
    edit(room, alice, 'board', big)
    const first = room.fullStateReply()
    const second = room.fullStateReply()
    // Encoded once: the second fresh client gets the very same message.
    expect(second).toBe(first)
    expect(docOf(second).getMap('items').toJSON()).toEqual({ board: big })
  })

  it('drops the kept reply on the next change: a fresh client after an edit sees the edit', async () => {
    const { room, alice } = await openRoom()
    edit(room, alice, 'board', big)
    const before = room.fullStateReply()
    edit(room, alice, 'note', 'after')
    const after = room.fullStateReply()
    expect(after).not.toBe(before)
    expect(docOf(after).getMap('items').toJSON()).toEqual({ board: big, note: 'after' })
    // A deletion changes the document too.
    room.doc.getMap('items').delete('note')
    expect(docOf(room.fullStateReply()).getMap('items').toJSON()).toEqual({ board: big })
  })

  it("keeps the reply through a change that changes nothing (a fresh client's empty step 2)", async () => {
    const { room, alice } = await openRoom()
    edit(room, alice, 'board', big)
    const kept = room.fullStateReply()
    Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(new Y.Doc()), alice)
    // An edit already applied changes nothing either.
    Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(room.doc), alice)
    expect(room.fullStateReply()).toBe(kept)
  })

  it('keeps a reply of exactly 64 KiB, and not one a byte shorter', async () => {
    for (const bytes of [FULL_STATE_KEEP_BYTES, FULL_STATE_KEEP_BYTES - 1]) {
      const { room } = await openRoom()
      const text = room.doc.getText('sized')
      text.insert(0, 'x'.repeat(bytes - 500))
      // One string item: each character more is one byte more of the reply.
      text.insert(text.length, 'x'.repeat(bytes - room.fullStateReply().byteLength))
      const reply = room.fullStateReply()
      expect(reply.byteLength).toBe(bytes)
      expect(room.fullStateReply() === reply).toBe(bytes === FULL_STATE_KEEP_BYTES)
    }
  })

  it('keeps nothing for a small room: each fresh client gets a reply encoded for it', async () => {
    const { room, alice } = await openRoom()
    edit(room, alice, 'note', 'small')
    const first = room.fullStateReply()
    const second = room.fullStateReply()
    expect(second).not.toBe(first)
    expect(second).toEqual(first)
    expect(docOf(second).getMap('items').toJSON()).toEqual({ note: 'small' })
  })
})

describe('compacting and unloading a room', () => {
  it('counts an edit accepted during a compaction on top of the new snapshot', async () => {
    const { store, room, id, alice } = await openRoom()
    edit(room, alice, 'a', 1)
    await room.flush()
    let open!: () => void
    store.compactGate = new Promise((resolve) => (open = resolve))
    const compaction = room.compact()
    await waitFor(() => store.compactsStarted === 1, 'the compaction to start')
    const before = room.sizeBytes
    edit(room, alice, 'b', 'x'.repeat(500))
    const grown = room.sizeBytes - before
    open()
    await compaction
    const { snapshot } = (await store.loadDoc(id))!
    expect(room.sizeBytes).toBe(snapshot.byteLength + grown)
  })

  it('in a cluster, folds only under the lease, releases it, and keeps entries other nodes wrote', async () => {
    let held = true
    let releases = 0
    const { store, room, id, alice } = await openRoom({
      cluster: {
        lease: async () => (held ? undefined : async () => void releases++),
      },
    })
    // Another node appends to the shared log before this node's own entry.
    const elsewhere = new Y.Doc()
    elsewhere.getMap('items').set('theirs', 1)
    await store.appendUpdates(id, [Y.encodeStateAsUpdate(elsewhere)])
    edit(room, alice, 'ours', 2)
    await room.flush()

    await room.compact()
    expect(store.compactions).toBe(0)

    held = false
    await room.compact()
    expect(store.compactions).toBe(1)
    expect(releases).toBe(1)
    expect((await store.loadDoc(id))!.updates).toHaveLength(0)
    expect(await storedItems(store, id)).toEqual({ theirs: 1, ours: 2 })
  })

  it('in a cluster, compacts nothing once another node deleted the room from the store', async () => {
    const { store, room, id, alice } = await openRoom({
      cluster: { lease: async () => async () => {} },
    })
    edit(room, alice, 'a', 1)
    await room.flush()
    await store.deleteRoom(id)
    await expect(room.compact()).resolves.toBeUndefined()
    expect(store.compactions).toBe(0)
  })

  it('commits and folds what is pending when unloaded, and frees the document', async () => {
    const { store, room, id, alice } = await openRoom()
    let destroyed = false
    room.doc.on('destroy', () => (destroyed = true))
    edit(room, alice, 'a', 1)
    await room.unload()
    expect(store.compactions).toBe(1)
    expect((await store.loadDoc(id))!.updates).toHaveLength(0)
    expect(await storedItems(store, id)).toEqual({ a: 1 })
    expect(destroyed).toBe(true)
  })
})

/** A scratch client's change, and the bytes a room with an empty document logs for it. */
function clientChange(key: string, value: unknown) {
  const client = new Y.Doc()
  let update!: Uint8Array
  client.on('update', (u: Uint8Array) => (update = u))
  client.getMap('items').set(key, value)
  const probe = new Y.Doc()
  let logged = 0
  probe.on('update', (u: Uint8Array) => (logged = u.byteLength))
  Y.applyUpdate(probe, update)
  client.destroy()
  probe.destroy()
  return { update, logged }
}

describe('when a room compacts, and when it leaves the store alone', () => {
  it('rewrites no snapshot for a room nobody edited, nor twice for the same log', async () => {
    const { store, room, alice } = await openRoom()
    await room.compact()
    expect(store.compactsStarted).toBe(0)
    edit(room, alice, 'a', 1)
    await room.compact()
    expect(store.compactsStarted).toBe(1)
    await room.compact()
    expect(store.compactsStarted).toBe(1)
  })

  it('does not compact a log whose bytes only reach the threshold', async () => {
    const first = clientChange('a', 'x'.repeat(200))
    const { store, room, alice } = await openRoom({ compactAfterBytes: first.logged })
    Y.applyUpdate(room.doc, first.update, alice)
    await room.flush()
    expect(store.compactsStarted).toBe(0)
    edit(room, alice, 'b', 2)
    await room.flush()
    expect(store.compactsStarted).toBe(1)
  })

  it('asks for one compaction at a time, however many commits land while it runs', async () => {
    const { store, id, room, alice } = await openRoom({ compactAfterUpdates: 2 })
    let open!: () => void
    store.compactGate = new Promise((resolve) => (open = resolve))
    edit(room, alice, 'a', 1)
    await room.commit()
    edit(room, alice, 'b', 2)
    await room.commit()
    await waitFor(() => store.compactsStarted === 1, 'the compaction to start')
    edit(room, alice, 'c', 3)
    await room.commit()
    edit(room, alice, 'd', 4)
    await room.commit()
    open()
    await room.flush()
    expect(store.compactsStarted).toBe(1)
    expect((await store.loadDoc(id))!.updates).toHaveLength(2)
    expect(await storedItems(store, id)).toEqual({ a: 1, b: 2, c: 3, d: 4 })
  })

  it('does not try to compact while the store refuses writes', async () => {
    const { store, room, alice, logged } = await openRoom({ storeRetryMs: 60_000 })
    edit(room, alice, 'a', 1)
    expect(await room.commit()).toBe(true)
    store.failWrites = true
    edit(room, alice, 'b', 2)
    expect(await room.commit()).toBe(false)
    await room.compact()
    expect(store.compactsStarted).toBe(0)
    expect(logged.map((l) => l.msg)).toEqual(['writing updates failed; refusing changes'])
    store.failWrites = false
    expect(await room.commit()).toBe(true)
    await room.compact()
    expect(store.compactions).toBe(1)
  })

  it('keeps the log and says so when the compaction cannot read it', async () => {
    const { store, room, id, alice, logged } = await openRoom()
    edit(room, alice, 'a', 1)
    await room.flush()
    store.failLoads = true
    await expect(room.compact()).resolves.toBeUndefined()
    expect(store.compactsStarted).toBe(0)
    expect(logged).toEqual([
      expect.objectContaining({
        level: 50,
        room: id,
        msg: 'compaction could not read the log; kept',
      }),
    ])
    store.failLoads = false
    await room.compact()
    expect(store.compactions).toBe(1)
    expect(await storedItems(store, id)).toEqual({ a: 1 })
  })

  it('writes nothing for a room deleted while its log was being folded', async () => {
    let folding!: () => void
    const started = new Promise<void>((resolve) => (folding = resolve))
    let open!: () => void
    const gate = new Promise<void>((resolve) => (open = resolve))
    const { store, room, id, alice, logged } = await openRoom({
      fold: async (doc) => {
        folding()
        await gate
        return foldStoredDoc(doc)
      },
    })
    edit(room, alice, 'a', 1)
    await room.flush()
    const compaction = room.compact()
    await started
    room.deleted = true
    open()
    await compaction
    expect(store.compactsStarted).toBe(0)
    expect((await store.loadDoc(id))!.updates).toHaveLength(1)
    expect(logged).toEqual([])
  })

  it('takes its counters back to zero when another node folded the log first', async () => {
    const { store, room, id, alice } = await openRoom({
      compactAfterUpdates: 3,
      compactAfterBytes: 3000,
      cluster: { lease: async () => async () => {} },
    })
    edit(room, alice, 'a', 'x'.repeat(1000))
    await room.commit()
    edit(room, alice, 'b', 'y'.repeat(1000))
    await room.flush()
    expect(store.compactsStarted).toBe(0)
    // The other node's compaction, of the same shared log.
    const shared = (await store.loadDoc(id))!
    await store.compact(id, foldStoredDoc(shared), shared.lastSeq)
    await room.compact()
    expect(store.compactsStarted).toBe(1)
    // One small edit is far from either threshold again.
    edit(room, alice, 'c', 3)
    await room.flush()
    expect(store.compactsStarted).toBe(1)
  })

  it('still refuses past the size limit after compacting while an edit was being written', async () => {
    let leaseAsked = 0
    let grant!: () => void
    const leaseGate = new Promise<void>((resolve) => (grant = resolve))
    const { store, room, alice } = await openRoom({
      cluster: {
        lease: async () => {
          leaseAsked++
          await leaseGate
          return async () => {}
        },
      },
    })
    edit(room, alice, 'a', 1)
    await room.commit()
    const compaction = room.compact()
    await waitFor(() => leaseAsked === 1, 'the compaction to ask for the lease')
    let write!: () => void
    store.appendGate = new Promise((resolve) => (write = resolve))
    edit(room, alice, 'b', 'x'.repeat(1000))
    await waitFor(() => store.attempts === 2, 'the edit to be on its way to the store')
    grant()
    await compaction
    write()
    await room.flush()
    const real = Y.encodeStateAsUpdate(room.doc).byteLength
    expect(room.sizeBytes).toBeGreaterThanOrEqual(real)
    expect(room.admits(200, real + 100)).toBe(false)
  })
})

describe('a room without a bus to other nodes', () => {
  it('relays edits and presence without publishing them', async () => {
    const { room, alice, bob } = await openRoom({ noPublish: true })
    const { update } = presenceOf('Alice')
    awarenessProtocol.applyAwarenessUpdate(room.awareness, update, alice)
    expect(bob.sent).toHaveLength(1)
    edit(room, alice, 'a', 1)
    expect(await room.commit()).toBe(true)
    expect(bob.sent).toHaveLength(2)
  })
})

describe('a room loaded from a store holding changes it cannot place', () => {
  it('drops them, says so, and rewrites the snapshot without them once', async () => {
    const { store, room, id, logged } = await openRoom()
    // An older server folded a change whose predecessor it never had into the snapshot.
    const client = new Y.Doc()
    const updates: Uint8Array[] = []
    client.on('update', (u: Uint8Array) => updates.push(u))
    client.getMap('items').set('lost', 1)
    client.getMap('items').set('orphan', 2)
    const old = new Y.Doc()
    Y.applyUpdate(old, updates[1]!)
    const staleSnapshot = Y.encodeStateAsUpdate(old)
    await store.compact(id, staleSnapshot, 0)
    const compactsBefore = store.compactsStarted

    room.loadStored((await store.loadDoc(id))!)
    expect(logged).toEqual([
      expect.objectContaining({
        level: 40,
        room: id,
        msg: 'dropped stored changes that cannot be placed',
      }),
    ])
    // A newcomer gets nothing of it, even once the missing change turns up.
    const newcomer = new Y.Doc()
    Y.applyUpdate(newcomer, Y.encodeStateAsUpdate(room.doc))
    Y.applyUpdate(newcomer, updates[0]!)
    expect(newcomer.getMap('items').toJSON()).toEqual({ lost: 1 })

    await room.compact()
    expect(store.compactsStarted).toBe(compactsBefore + 1)
    const rewritten = (await store.loadDoc(id))!.snapshot
    expect(rewritten.byteLength).toBeLessThan(staleSnapshot.byteLength)
    const fromStore = new Y.Doc()
    Y.applyUpdate(fromStore, rewritten)
    Y.applyUpdate(fromStore, updates[0]!)
    expect(fromStore.getMap('items').toJSON()).toEqual({ lost: 1 })
    await room.compact()
    expect(store.compactsStarted).toBe(compactsBefore + 1)
  })
})

describe('a room whose document sleeps while unread', () => {
  /** The update a sync step 2 message carries. */
  const payloadOf = (reply: Uint8Array): Uint8Array => {
    const d = decoding.createDecoder(reply)
    expect([decoding.readVarUint(d), decoding.readVarUint(d)]).toEqual([0, 1])
    return decoding.readVarUint8Array(d)
  }
  const itemsOf = (update: Uint8Array) => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, update)
    return doc.getMap('items').toJSON()
  }
  const big = 'x'.repeat(FULL_STATE_KEEP_BYTES)

  async function sleepyRoom(sleepAfterMs = 1000) {
    let wakes = 0
    const opened = await openRoom({ sleepAfterMs, onWake: () => wakes++ })
    return { ...opened, wakes: () => wakes }
  }

  /** A sleepy room holding one stored entry, already asleep (call `fakeClock()` first). */
  async function asleepWith(key: string, value: unknown) {
    const opened = await sleepyRoom()
    edit(opened.room, opened.alice, key, value)
    await opened.room.flush()
    vi.advanceTimersByTime(1000)
    expect(opened.room.asleep).toBe(true)
    return opened
  }

  afterEach(() => {
    vi.useRealTimers()
  })
  const fakeClock = () =>
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })

  it('sleeps once its document went unread for sleepAfterMs, not before', async () => {
    fakeClock()
    const { room, alice } = await sleepyRoom()
    edit(room, alice, 'a', 1)
    await room.flush()
    vi.advanceTimersByTime(999)
    expect(room.asleep).toBe(false)
    vi.advanceTimersByTime(1)
    expect(room.asleep).toBe(true)
  })

  it('stays awake while its document is read, and sleeps a full delay after the last read', async () => {
    fakeClock()
    const { room } = await sleepyRoom()
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(600)
      expect(room.doc.getMap('items').size).toBe(0)
    }
    vi.advanceTimersByTime(999)
    expect(room.asleep).toBe(false)
    vi.advanceTimersByTime(1)
    expect(room.asleep).toBe(true)
  })

  it('answers sync from the kept encoding without waking: the same document, state vector and client id', async () => {
    fakeClock()
    const { room, alice, wakes } = await sleepyRoom()
    edit(room, alice, 'a', 1)
    edit(room, alice, 'b', 'two')
    await room.flush()
    const vector = Y.encodeStateVector(room.doc)
    const whole = Y.encodeStateAsUpdate(room.doc)
    const clientId = room.doc.clientID
    vi.advanceTimersByTime(1000)
    expect(room.asleep).toBe(true)

    expect(room.syncStep1()).toEqual(encodeSyncStep1(vector))
    expect(itemsOf(payloadOf(room.fullStateReply()))).toEqual({ a: 1, b: 'two' })
    // A client that has the first edit gets only what it lacks.
    const client = new Y.Doc()
    Y.applyUpdate(client, whole)
    const partial = new Y.Doc()
    Y.applyUpdate(partial, payloadOf(room.syncStep2(Y.encodeStateVector(new Y.Doc()))))
    const missing = payloadOf(room.syncStep2(Y.encodeStateVector(partial)))
    expect(Y.decodeUpdate(missing).structs).toHaveLength(0)
    expect(room.encodedState()).toEqual(payloadOf(room.fullStateReply()))
    expect(room.asleep).toBe(true)
    expect(wakes()).toBe(0)

    // Reading the document wakes it, whole, under the same client id.
    expect(room.doc.getMap('items').toJSON()).toEqual({ a: 1, b: 'two' })
    expect(room.asleep).toBe(false)
    expect(wakes()).toBe(1)
    expect(room.doc.clientID).toBe(clientId)
    expect(Y.encodeStateVector(room.doc)).toEqual(vector)
  })

  it('tells an update with changes past its state from a repeat of what it has, asleep or awake', async () => {
    fakeClock()
    const { room, alice, wakes } = await sleepyRoom()
    edit(room, alice, 'a', 1)
    edit(room, alice, 'b', 2)
    room.doc.getMap('items').delete('a')
    await room.flush()
    // A client that received everything: its sync step 2 repeats the room's delete set.
    const received = new Y.Doc()
    Y.applyUpdate(received, Y.encodeStateAsUpdate(room.doc))
    const repeat = Y.decodeUpdate(Y.encodeStateAsUpdate(received, Y.encodeStateVector(room.doc)))
    expect(repeat.ds.clients.size).toBeGreaterThan(0)
    // Its own change, and a delete of clocks nobody wrote yet.
    received.getMap('items').set('c', 3)
    const own = Y.decodeUpdate(Y.encodeStateAsUpdate(received, Y.encodeStateVector(room.doc)))
    const ahead = new Y.Doc()
    ahead.clientID = received.clientID
    Y.applyUpdate(ahead, Y.encodeStateAsUpdate(received))
    ahead.getMap('items').set('d', 4)
    ahead.getMap('items').delete('d')
    const deleteAhead = { structs: [], ds: Y.decodeUpdate(Y.encodeStateAsUpdate(ahead)).ds }
    for (const asleep of [false, true]) {
      if (asleep) vi.advanceTimersByTime(1000)
      expect(room.asleep).toBe(asleep)
      expect(room.goesBeyond(repeat)).toBe(false)
      expect(room.goesBeyond(own)).toBe(true)
      expect(room.goesBeyond(deleteAhead)).toBe(true)
    }
    expect(room.asleep).toBe(true)
    expect(wakes()).toBe(0)
  })

  it('gives a client with part of a sleeping document exactly the rest', async () => {
    fakeClock()
    const { room, alice } = await sleepyRoom()
    edit(room, alice, 'a', 1)
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc))
    edit(room, alice, 'b', 2)
    room.doc.getMap('items').delete('a')
    await room.flush()
    vi.advanceTimersByTime(1000)
    expect(room.asleep).toBe(true)
    Y.applyUpdate(client, payloadOf(room.syncStep2(Y.encodeStateVector(client))))
    expect(client.getMap('items').toJSON()).toEqual({ b: 2 })
    expect(room.asleep).toBe(true)
  })

  it('after waking, logs, stores and relays changes as before, and sleeps again', async () => {
    fakeClock()
    const { room, alice, bob, store, id } = await asleepWith('a', 1)
    const sentBefore = bob.sent.length

    edit(room, alice, 'b', 2)
    room.doc.transact(() => room.doc.getMap('items').set('server', true), SERVER_ORIGIN)
    await room.flush()
    expect(await storedItems(store, id)).toEqual({ a: 1, b: 2, server: true })
    expect(bob.sent.length).toBeGreaterThan(sentBefore)
    const relayed = new Y.Doc()
    for (const m of bob.sent.slice(sentBefore)) {
      const d = decoding.createDecoder(m)
      decoding.readVarUint(d)
      decoding.readVarUint(d)
      Y.applyUpdate(relayed, decoding.readVarUint8Array(d))
    }
    expect(relayed.getMap('items').toJSON()).toMatchObject({ b: 2, server: true })

    vi.advanceTimersByTime(1000)
    expect(room.asleep).toBe(true)
    expect(itemsOf(payloadOf(room.fullStateReply()))).toEqual({ a: 1, b: 2, server: true })
  })

  it('relays presence while asleep without waking', async () => {
    fakeClock()
    const { room, alice, bob, wakes } = await sleepyRoom()
    vi.advanceTimersByTime(1000)
    expect(room.asleep).toBe(true)
    const { clientID, update } = presenceOf('Alice')
    awarenessProtocol.applyAwarenessUpdate(room.awareness, update, alice)
    expect(bob.sent).toHaveLength(1)
    expect(room.awareness.getStates().get(clientID)).toEqual({ name: 'Alice' })
    expect(room.asleep).toBe(true)
    expect(wakes()).toBe(0)
  })

  it('does not sleep while an update waits for a failing store', async () => {
    fakeClock()
    const { room, alice, store, id } = await sleepyRoom()
    store.failWrites = true
    edit(room, alice, 'kept', 1)
    await room.commit()
    expect(room.storeFailing).toBe(true)
    vi.advanceTimersByTime(5000)
    expect(room.asleep).toBe(false)
    store.failWrites = false
    vi.advanceTimersByTime(10)
    await vi.waitFor(async () => expect(await storedItems(store, id)).toEqual({ kept: 1 }))
    vi.advanceTimersByTime(1000)
    expect(room.asleep).toBe(true)
  })

  it('waits longer in proportion to its size: 64 KiB per step', async () => {
    fakeClock()
    const { room, alice } = await sleepyRoom()
    edit(room, alice, 'board', big + big + big)
    await room.flush()
    // About 3 × 64 KiB stored: three times the delay.
    vi.advanceTimersByTime(2900)
    expect(room.asleep).toBe(false)
    vi.advanceTimersByTime(200)
    expect(room.asleep).toBe(true)
  })

  it('keeps the reply of a large sleeping room for fresh clients, and wakes for a partial one', async () => {
    fakeClock()
    const { room, alice, wakes } = await sleepyRoom()
    edit(room, alice, 'board', big)
    await room.flush()
    const reply = room.fullStateReply()
    vi.advanceTimersByTime(60_000)
    expect(room.asleep).toBe(true)
    // The very reply it kept while awake: sleeping encoded nothing again.
    expect(room.fullStateReply()).toBe(reply)
    expect(room.syncStep2(Y.encodeStateVector(new Y.Doc()))).toBe(reply)
    expect(wakes()).toBe(0)
    const client = new Y.Doc()
    client.getMap('own').set('x', 1)
    room.syncStep2(Y.encodeStateVector(client))
    expect(wakes()).toBe(1)
    expect(room.fullStateReply()).toBe(reply)
  })

  it('does not sleep with an update accepted but not yet written', async () => {
    fakeClock()
    const { room, alice, store, id } = await sleepyRoom()
    edit(room, alice, 'a', 1)
    // The timer's turn comes before the commit's (the end of this turn of the loop).
    vi.advanceTimersByTime(1000)
    expect(room.asleep).toBe(false)
    await room.flush()
    expect(await storedItems(store, id)).toEqual({ a: 1 })
    vi.advanceTimersByTime(1000)
    expect(room.asleep).toBe(true)
  })

  it('hands out a copy of its encoding: changing it changes nothing the room keeps', async () => {
    fakeClock()
    const { room } = await asleepWith('a', 1)
    room.encodedState().fill(0)
    expect(itemsOf(payloadOf(room.fullStateReply()))).toEqual({ a: 1 })
    expect(room.doc.getMap('items').toJSON()).toEqual({ a: 1 })
  })

  it('wakes a document that collects garbage, and keeps no reply once a deletion made it small', async () => {
    fakeClock()
    const { room, alice } = await sleepyRoom()
    edit(room, alice, 'board', big)
    edit(room, alice, 'small', 1)
    await room.flush()
    vi.advanceTimersByTime(60_000)
    expect(room.asleep).toBe(true)
    room.doc.getMap('items').delete('board')
    // The deleted content is gone from the woken doc, as from the one it replaced.
    expect(room.fullStateReply().byteLength).toBeLessThan(1000)
    expect(room.fullStateReply()).not.toBe(room.fullStateReply())
  })

  it('keeps no reply for a small room woken by a read alone', async () => {
    fakeClock()
    const { room } = await asleepWith('small', 1)
    expect(room.doc.getMap('items').get('small')).toBe(1)
    expect(room.asleep).toBe(false)
    // Nothing changed since it woke, yet each fresh client gets a reply encoded for it.
    expect(room.fullStateReply()).not.toBe(room.fullStateReply())
  })

  it('wakes without anyone to tell (no onWake)', async () => {
    fakeClock()
    const { room, alice } = await openRoom({ sleepAfterMs: 1000 })
    edit(room, alice, 'a', 1)
    await room.flush()
    vi.advanceTimersByTime(1000)
    expect(room.asleep).toBe(true)
    expect(room.doc.getMap('items').get('a')).toBe(1)
  })

  it('never sleeps when sleepAfterMs is 0 or unset', async () => {
    fakeClock()
    for (const sleepAfterMs of [0, undefined]) {
      const { room } = await openRoom({ sleepAfterMs })
      vi.advanceTimersByTime(3_600_000)
      expect(room.asleep).toBe(false)
    }
  })

  it('unloads while asleep, compacting what it stored, and cannot be read afterwards', async () => {
    fakeClock()
    const { room, store, id } = await asleepWith('a', 1)
    rooms.splice(rooms.indexOf(room), 1)
    await room.unload()
    expect(await storedItems(store, id)).toEqual({ a: 1 })
    expect((await store.loadDoc(id))!.updates).toHaveLength(0)
    expect(() => room.doc).toThrow(/unloaded/)
  })
})
