import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createRoomId } from '@threatboard/shared/protocol/roomId.ts'
import { applyStoredDoc, storedBytes, type StoredDoc } from './DocStore.ts'
import type { RoomDump, RoomStore } from './RoomStore.ts'

function updateSetting(key: string, value: string): { update: Uint8Array; doc: Y.Doc } {
  const doc = new Y.Doc()
  doc.getMap('m').set(key, value)
  return { update: Y.encodeStateAsUpdate(doc), doc }
}

function replay(stored: StoredDoc): Y.Doc {
  const doc = new Y.Doc()
  applyStoredDoc(doc, stored)
  return doc
}

/** A client's doc whose every change is one update, kept in `updates` until taken. */
function writer(): { doc: Y.Doc; updates: Uint8Array[]; set: (key: string, v: unknown) => void } {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  return { doc, updates, set: (key, v) => doc.getMap('m').set(key, v) }
}

/** What each implementation's test file gives for one fresh, empty store. */
export interface ContractTarget {
  store: RoomStore
  /** Opens the same storage anew (durable stores, after `store` is closed). */
  reopen?: () => Promise<RoomStore>
  /**
   * A second handle open on the same storage at the same time, as a second server node on one
   * database has; closed by the suite. Stores that allow one process only (SQLite) give none,
   * and their concurrent-writer checks run two writers through the one handle.
   */
  sibling?: () => Promise<RoomStore>
}

/**
 * The behaviour every RoomStore must have. Each implementation's test file calls this with a
 * factory for a fresh, empty store; durable stores also give `reopen`, which opens the same
 * storage anew, and are checked to keep everything across it.
 */
export function roomStoreContract(
  name: string,
  factory: () => Promise<ContractTarget>,
  opts: { durable: boolean; skip?: boolean },
): void {
  describe.skipIf(opts.skip)(`RoomStore contract: ${name}`, () => {
    let store: RoomStore
    let reopen: ContractTarget['reopen']
    let sibling: ContractTarget['sibling']
    const others: RoomStore[] = []
    const empty = Y.encodeStateAsUpdate(new Y.Doc())

    beforeEach(async () => {
      ;({ store, reopen, sibling } = await factory())
    })
    afterEach(async () => {
      for (const other of others.splice(0)) await other.close()
      await store.close()
    })

    it('creates, reads, lists, renames and deletes rooms', async () => {
      const a = await store.createRoom({ id: createRoomId(), title: 'Alpha', snapshot: empty })
      const b = await store.createRoom({ id: createRoomId(), title: 'Beta', snapshot: empty })
      expect(a.title).toBe('Alpha')
      expect(a.sizeBytes).toBe(empty.byteLength)
      expect((await store.getRoom(b.id))?.title).toBe('Beta')
      expect((await store.listRooms()).map((r) => r.id).sort()).toEqual([a.id, b.id].sort())

      const renamed = await store.renameRoom(a.id, 'Alpha 2')
      expect(renamed?.title).toBe('Alpha 2')
      expect(await store.renameRoom(createRoomId(), 'x')).toBeUndefined()

      expect(await store.deleteRoom(a.id)).toBe(true)
      expect(await store.deleteRoom(a.id)).toBe(false)
      expect(await store.getRoom(a.id)).toBeUndefined()
      expect(await store.loadDoc(a.id)).toBeUndefined()
      expect((await store.listRooms()).map((r) => r.id)).toEqual([b.id])
    })

    it('replays the snapshot and appended updates in order', async () => {
      const id = createRoomId()
      const first = updateSetting('k', 'first')
      await store.createRoom({ id, title: 'R', snapshot: first.update })
      const doc = first.doc
      const updates: Uint8Array[] = []
      doc.on('update', (u: Uint8Array) => updates.push(u))
      doc.getMap('m').set('k', 'second')
      doc.getMap('m').set('other', 'x')
      await store.appendUpdates(id, updates.splice(0))
      doc.getMap('m').set('k', 'third')
      await store.appendUpdates(id, updates.splice(0))

      const stored = (await store.loadDoc(id))!
      expect(stored.updates).toHaveLength(3)
      expect(replay(stored).getMap('m').toJSON()).toEqual({ k: 'third', other: 'x' })
      const meta = (await store.getRoom(id))!
      expect(meta.sizeBytes).toBe(storedBytes(stored))
    })

    it('compacts the log into one snapshot without changing the state', async () => {
      const id = createRoomId()
      await store.createRoom({ id, title: 'R', snapshot: empty })
      const doc = new Y.Doc()
      const updates: Uint8Array[] = []
      doc.on('update', (u: Uint8Array) => updates.push(u))
      for (let i = 0; i < 20; i++) doc.getMap('m').set(`k${i}`, i)
      const seq = (await store.appendUpdates(id, updates))!
      await store.compact(id, Y.encodeStateAsUpdate(doc), seq)
      const stored = (await store.loadDoc(id))!
      expect(stored.updates).toHaveLength(0)
      expect(stored.lastSeq).toBe(seq)
      expect(replay(stored).getMap('m').get('k19')).toBe(19)
      expect((await store.getRoom(id))!.sizeBytes).toBe(stored.snapshot.byteLength)
    })

    it('numbers appended updates in increasing order', async () => {
      const id = createRoomId()
      await store.createRoom({ id, title: 'R', snapshot: empty })
      expect((await store.loadDoc(id))!.lastSeq).toBe(0)
      const w = writer()
      w.set('a', 1)
      w.set('b', 2)
      const first = (await store.appendUpdates(id, w.updates.splice(0)))!
      w.set('c', 3)
      const second = (await store.appendUpdates(id, w.updates.splice(0)))!
      expect(second).toBeGreaterThan(first)
      const stored = (await store.loadDoc(id))!
      const seqs = stored.updates.map((u) => u.seq)
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y))
      expect(new Set(seqs).size).toBe(3)
      expect(seqs.at(-2)).toBe(first)
      expect(stored.lastSeq).toBe(second)
      // An empty batch writes nothing and names where the log is.
      expect(await store.appendUpdates(id, [])).toBe(second)
      expect((await store.loadDoc(id))!.updates).toHaveLength(3)
    })

    it('compacts only what the snapshot folded: later entries stay', async () => {
      const id = createRoomId()
      await store.createRoom({ id, title: 'R', snapshot: empty })
      const w = writer()
      w.set('a', 1)
      const folded = (await store.appendUpdates(id, w.updates.splice(0)))!
      const snapshot = Y.encodeStateAsUpdate(w.doc)
      w.set('b', 2)
      const later = (await store.appendUpdates(id, w.updates.splice(0)))!
      await store.compact(id, snapshot, folded)

      const stored = (await store.loadDoc(id))!
      expect(stored.updates.map((u) => u.seq)).toEqual([later])
      expect(stored.lastSeq).toBe(later)
      expect(replay(stored).getMap('m').toJSON()).toEqual({ a: 1, b: 2 })
      expect((await store.getRoom(id))!.sizeBytes).toBe(storedBytes(stored))
    })

    it('ignores a compaction older than the stored one', async () => {
      const id = createRoomId()
      await store.createRoom({ id, title: 'R', snapshot: empty })
      const w = writer()
      w.set('a', 1)
      const first = (await store.appendUpdates(id, w.updates.splice(0)))!
      const stale = Y.encodeStateAsUpdate(w.doc)
      w.set('b', 2)
      const second = (await store.appendUpdates(id, w.updates.splice(0)))!
      await store.compact(id, Y.encodeStateAsUpdate(w.doc), second)
      // A slower writer's snapshot lacks 'b', which the log no longer has: it must not land.
      await store.compact(id, stale, first)
      const stored = (await store.loadDoc(id))!
      expect(stored.lastSeq).toBe(second)
      expect(replay(stored).getMap('m').toJSON()).toEqual({ a: 1, b: 2 })
    })

    it('loses nothing when two writers append while one of them compacts', async () => {
      const id = createRoomId()
      await store.createRoom({ id, title: 'R', snapshot: empty })
      const other = sibling ? await sibling() : store
      if (other !== store) others.push(other)
      const ROUNDS = 40
      // Each writer appends its own keys, one update at a time, as fast as its store answers.
      const write = async (handle: RoomStore, name: string) => {
        const w = writer()
        for (let i = 0; i < ROUNDS; i++) {
          w.set(`${name}${i}`, i)
          await handle.appendUpdates(id, w.updates.splice(0))
        }
      }
      // The compactor folds what it read, naming the last entry it saw; the other writer's
      // appends that commit meanwhile must survive.
      let compactions = 0
      let writing = true
      const compactLoop = async () => {
        while (writing) {
          const stored = (await store.loadDoc(id))!
          await store.compact(id, Y.encodeStateAsUpdate(replay(stored)), stored.lastSeq)
          compactions++
        }
      }
      const writers = Promise.all([write(store, 'a'), write(other, 'b')]).finally(
        () => (writing = false),
      )
      await Promise.all([writers, compactLoop()])
      expect(compactions).toBeGreaterThan(0)

      const stored = (await store.loadDoc(id))!
      const keys = Object.keys(replay(stored).getMap('m').toJSON())
      const expected = ['a', 'b'].flatMap((n) => [...Array(ROUNDS).keys()].map((i) => `${n}${i}`))
      expect(keys.sort()).toEqual(expected.sort())
      expect((await store.getRoom(id))!.sizeBytes).toBe(storedBytes(stored))
      // The other handle reads the same document.
      expect(
        Object.keys(
          replay((await other.loadDoc(id))!)
            .getMap('m')
            .toJSON(),
        ),
      ).toHaveLength(2 * ROUNDS)
    })

    it('keeps one current token per role and finds it only in its own room', async () => {
      const a = await store.createRoom({ id: createRoomId(), title: 'A', snapshot: empty })
      const b = await store.createRoom({ id: createRoomId(), title: 'B', snapshot: empty })
      await store.setToken(a.id, 'editor', 'hash-1')
      await store.setToken(a.id, 'observer', 'hash-2')
      expect(await store.findToken(a.id, 'hash-1')).toBe('editor')
      expect(await store.findToken(a.id, 'hash-2')).toBe('observer')
      expect(await store.findToken(b.id, 'hash-1')).toBeUndefined()
      // Re-issuing replaces: the old hash no longer opens anything.
      await store.setToken(a.id, 'editor', 'hash-3')
      expect(await store.findToken(a.id, 'hash-1')).toBeUndefined()
      expect(await store.findToken(a.id, 'hash-3')).toBe('editor')
      expect(await store.revokeToken(a.id, 'editor')).toBe(true)
      expect(await store.revokeToken(a.id, 'editor')).toBe(false)
      expect(await store.findToken(a.id, 'hash-3')).toBeUndefined()
      await store.setToken(createRoomId(), 'owner', 'orphan')
      expect(await store.deleteRoom(a.id)).toBe(true)
      expect(await store.findToken(a.id, 'hash-2')).toBeUndefined()
    })

    it('keeps staged hints per room until they are taken', async () => {
      const a = await store.createRoom({ id: createRoomId(), title: 'A', snapshot: empty })
      await store.putStagedHint(a.id, 'h1', '{"text":"one"}')
      await store.putStagedHint(a.id, 'h2', '{"text":"two"}')
      expect(await store.listStagedHints(a.id)).toEqual(['{"text":"one"}', '{"text":"two"}'])
      expect(await store.takeStagedHint(a.id, 'h1')).toBe('{"text":"one"}')
      expect(await store.takeStagedHint(a.id, 'h1')).toBeUndefined()
      expect(await store.listStagedHints(a.id)).toEqual(['{"text":"two"}'])
    })

    it('saves numbered versions and returns their snapshots', async () => {
      const a = await store.createRoom({ id: createRoomId(), title: 'A', snapshot: empty })
      const first = updateSetting('k', 'v1').update
      const v1 = await store.saveVersion(a.id, {
        id: 'v1',
        name: 'Before',
        createdBy: 'Ada',
        snapshot: first,
      })
      const v2 = await store.saveVersion(a.id, {
        id: 'v2',
        name: 'After',
        createdBy: 'Bo',
        snapshot: empty,
      })
      expect(v1).toMatchObject({ number: 1, name: 'Before', createdBy: 'Ada' })
      expect(v2?.number).toBe(2)
      expect((await store.listVersions(a.id)).map((v) => v.name)).toEqual(['After', 'Before'])
      const got = await store.getVersion(a.id, 'v1')
      expect(got?.sizeBytes).toBe(first.byteLength)
      expect(
        replay({ snapshot: got!.snapshot, updates: [], lastSeq: 0 }).getMap('m').get('k'),
      ).toBe('v1')
      expect(await store.getVersion(a.id, 'nope')).toBeUndefined()
      expect(
        await store.saveVersion(createRoomId(), {
          id: 'x',
          name: 'x',
          createdBy: 'x',
          snapshot: empty,
        }),
      ).toBeUndefined()
    })

    it('exports a room whole and imports it into an empty store, as a backup and restore do', async () => {
      const id = createRoomId()
      await store.createRoom({ id, title: 'Backed up', snapshot: empty })
      const w = writer()
      w.set('a', 1)
      const seq = (await store.appendUpdates(id, w.updates.splice(0)))!
      await store.compact(id, Y.encodeStateAsUpdate(w.doc), seq)
      w.set('b', 2)
      await store.appendUpdates(id, w.updates.splice(0))
      await store.setToken(id, 'editor', 'hash-e')
      await store.setToken(id, 'viewer', 'hash-v')
      await store.putStagedHint(id, 'h2', '{"n":2}')
      await store.putStagedHint(id, 'h1', '{"n":1}')
      await store.saveVersion(id, { id: 'v1', name: 'One', createdBy: 'Ada', snapshot: empty })
      await store.saveVersion(id, { id: 'v2', name: 'Two', createdBy: 'Bo', snapshot: empty })
      const dump = (await store.exportRoom(id))!
      expect(await store.exportRoom(createRoomId())).toBeUndefined()

      const target = await factory()
      others.push(target.store)
      const fresh = target.store
      await fresh.importRoom(dump)
      const before = (await store.getRoom(id))!
      const after = (await fresh.getRoom(id))!
      expect(after).toMatchObject({
        title: 'Backed up',
        createdAt: before.createdAt,
        updatedAt: before.updatedAt,
      })
      expect(
        replay((await fresh.loadDoc(id))!)
          .getMap('m')
          .toJSON(),
      ).toEqual({ a: 1, b: 2 })
      expect(await fresh.findToken(id, 'hash-e')).toBe('editor')
      expect(await fresh.findToken(id, 'hash-v')).toBe('viewer')
      expect(await fresh.listStagedHints(id)).toEqual(['{"n":2}', '{"n":1}'])
      expect(await fresh.takeStagedHint(id, 'h1')).toBe('{"n":1}')
      expect(await fresh.listVersions(id)).toEqual(await store.listVersions(id))
      // The restored room takes writes as any other.
      w.set('c', 3)
      expect(await fresh.appendUpdates(id, w.updates.splice(0))).toBeGreaterThan(0)
      expect(
        replay((await fresh.loadDoc(id))!)
          .getMap('m')
          .get('c'),
      ).toBe(3)
      // A room is never imported over an existing one.
      await expect(fresh.importRoom(dump)).rejects.toThrow()
      expect((await fresh.loadDoc(id))!.updates).toHaveLength(1)
    })

    it('ignores writes to a room that does not exist', async () => {
      const id = createRoomId()
      expect(await store.appendUpdates(id, [updateSetting('a', 'b').update])).toBeUndefined()
      expect(await store.appendUpdates(id, [])).toBeUndefined()
      await store.compact(id, empty, 1)
      expect(await store.getRoom(id)).toBeUndefined()
      expect(await store.loadDoc(id)).toBeUndefined()
      // A link or hint naming a deleted room finds nothing rather than failing.
      await store.putStagedHint(id, 'h', '{}')
      expect(await store.listStagedHints(id)).toEqual([])
      expect(await store.takeStagedHint(id, 'h')).toBeUndefined()
      expect(await store.revokeToken(id, 'editor')).toBe(false)
      expect(await store.listVersions(id)).toEqual([])
      expect(await store.getVersion(id, 'v1')).toBeUndefined()
    })

    it('lists the most recently changed rooms first; an empty batch changes nothing', async () => {
      const dumpAt = (updatedAt: number): RoomDump => ({
        room: { id: createRoomId(), title: `at ${updatedAt}`, createdAt: 1000, updatedAt },
        snapshot: empty,
        tokens: [],
        stagedHints: [],
        versions: [],
      })
      const [old, newest, middle] = [dumpAt(1000), dumpAt(3000), dumpAt(2000)]
      for (const d of [old, newest, middle]) await store.importRoom(d)
      const order = async () => (await store.listRooms()).map((r) => r.id)
      expect(await order()).toEqual([newest, middle, old].map((d) => d.room.id))
      await store.appendUpdates(old.room.id, [])
      expect((await store.getRoom(old.room.id))!.updatedAt).toBe(1000)
      await store.appendUpdates(old.room.id, [updateSetting('k', 'v').update])
      expect(await order()).toEqual([old, newest, middle].map((d) => d.room.id))
    })

    it('keeps its own copy of every buffer it is given or gives out', async () => {
      // The server reuses and hands on buffers: zeroing one afterwards must not reach the store.
      const id = createRoomId()
      const first = updateSetting('s', 'snap')
      const snapshot = first.update
      await store.createRoom({ id, title: 'R', snapshot })
      snapshot.fill(0)
      const appended: Uint8Array[] = []
      first.doc.on('update', (u: Uint8Array) => appended.push(u))
      first.doc.getMap('m').set('a', 1)
      await store.appendUpdates(id, appended)
      for (const u of appended) u.fill(0)
      const version = updateSetting('k', 'v1').update
      await store.saveVersion(id, { id: 'v1', name: 'One', createdBy: 'Ada', snapshot: version })
      version.fill(0)
      const zeroRead = async () => {
        const read = (await store.loadDoc(id))!
        read.snapshot.fill(0)
        for (const u of read.updates) u.update.fill(0)
        ;(await store.getVersion(id, 'v1'))!.snapshot.fill(0)
        const dump = (await store.exportRoom(id))!
        dump.snapshot.fill(0)
        for (const v of dump.versions) v.snapshot.fill(0)
      }
      const check = async () => {
        expect(
          replay((await store.loadDoc(id))!)
            .getMap('m')
            .toJSON(),
        ).toEqual({ s: 'snap', a: 1 })
        const got = (await store.getVersion(id, 'v1'))!
        expect(
          replay({ snapshot: got.snapshot, updates: [], lastSeq: 0 }).getMap('m').get('k'),
        ).toBe('v1')
      }
      await zeroRead()
      await check()
      const folded = (await store.loadDoc(id))!
      const compacted = Y.encodeStateAsUpdate(replay(folded))
      await store.compact(id, compacted, folded.lastSeq)
      compacted.fill(0)
      await zeroRead()
      await check()

      // A restore's dump is the caller's too.
      const dump = (await store.exportRoom(id))!
      const target = await factory()
      others.push(target.store)
      await target.store.importRoom(dump)
      dump.snapshot.fill(0)
      for (const v of dump.versions) v.snapshot.fill(0)
      expect(
        replay((await target.store.loadDoc(id))!)
          .getMap('m')
          .toJSON(),
      ).toEqual({
        s: 'snap',
        a: 1,
      })
      const restored = (await target.store.getVersion(id, 'v1'))!
      expect(
        replay({ snapshot: restored.snapshot, updates: [], lastSeq: 0 }).getMap('m').get('k'),
      ).toBe('v1')
    })

    it('can be closed twice, as a shutdown after a failed start does', async () => {
      await store.close()
      await store.close()
    })

    if (!opts.durable) return
    it('keeps everything across a reopen', async () => {
      if (!reopen) throw new Error('a durable store must give reopen()')
      const id = createRoomId()
      const { update } = updateSetting('kept', 'yes')
      await store.createRoom({ id, title: 'Durable', snapshot: empty })
      const seq = await store.appendUpdates(id, [update])
      await store.close()
      store = await reopen()
      expect((await store.getRoom(id))?.title).toBe('Durable')
      expect(
        replay((await store.loadDoc(id))!)
          .getMap('m')
          .get('kept'),
      ).toBe('yes')
      // Sequence numbers go on from where they were: a compaction can still name what it folds.
      expect((await store.appendUpdates(id, [empty]))!).toBeGreaterThan(seq!)
    })

    it('lets go of its storage when closed: nothing runs on it afterwards', async () => {
      await store.createRoom({ id: createRoomId(), title: 'R', snapshot: empty })
      await store.close()
      await expect(store.listRooms()).rejects.toThrow()
    })
  })
}
