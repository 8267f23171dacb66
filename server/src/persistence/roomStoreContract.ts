import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createRoomId } from '@threatboard/shared'
import type { RoomStore } from './RoomStore.ts'

function updateSetting(key: string, value: string): { update: Uint8Array; doc: Y.Doc } {
  const doc = new Y.Doc()
  doc.getMap('m').set(key, value)
  return { update: Y.encodeStateAsUpdate(doc), doc }
}

function replay(stored: { snapshot: Uint8Array; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, stored.snapshot)
  for (const u of stored.updates) Y.applyUpdate(doc, u)
  return doc
}

/**
 * The behaviour every RoomStore must have. Each implementation's test file calls this with a
 * factory for a fresh, empty store; durable stores also give `reopen`, which opens the same
 * storage anew, and are checked to keep everything across it.
 */
export function roomStoreContract(
  name: string,
  factory: () => Promise<{ store: RoomStore; reopen?: () => Promise<RoomStore> }>,
  opts: { durable: boolean },
): void {
  describe(`RoomStore contract: ${name}`, () => {
    let store: RoomStore
    let reopen: (() => Promise<RoomStore>) | undefined
    const empty = Y.encodeStateAsUpdate(new Y.Doc())

    beforeEach(async () => {
      ;({ store, reopen } = await factory())
    })
    afterEach(async () => {
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
      store.appendUpdates(id, updates.splice(0))
      doc.getMap('m').set('k', 'third')
      store.appendUpdates(id, updates.splice(0))

      const stored = (await store.loadDoc(id))!
      expect(stored.updates).toHaveLength(3)
      expect(replay(stored).getMap('m').toJSON()).toEqual({ k: 'third', other: 'x' })
      const meta = (await store.getRoom(id))!
      const bytes = stored.snapshot.byteLength + stored.updates.reduce((n, u) => n + u.length, 0)
      expect(meta.sizeBytes).toBe(bytes)
    })

    it('compacts the log into one snapshot without changing the state', async () => {
      const id = createRoomId()
      await store.createRoom({ id, title: 'R', snapshot: empty })
      const doc = new Y.Doc()
      const updates: Uint8Array[] = []
      doc.on('update', (u: Uint8Array) => updates.push(u))
      for (let i = 0; i < 20; i++) doc.getMap('m').set(`k${i}`, i)
      store.appendUpdates(id, updates)
      store.compact(id, Y.encodeStateAsUpdate(doc))
      const stored = (await store.loadDoc(id))!
      expect(stored.updates).toHaveLength(0)
      expect(replay(stored).getMap('m').get('k19')).toBe(19)
      expect((await store.getRoom(id))!.sizeBytes).toBe(stored.snapshot.byteLength)
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
      expect(replay({ snapshot: got!.snapshot, updates: [] }).getMap('m').get('k')).toBe('v1')
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

    it('ignores writes to a room that does not exist', async () => {
      const id = createRoomId()
      store.appendUpdates(id, [updateSetting('a', 'b').update])
      store.compact(id, empty)
      expect(await store.getRoom(id)).toBeUndefined()
      expect(await store.loadDoc(id)).toBeUndefined()
    })

    if (!opts.durable) return
    it('keeps everything across a reopen', async () => {
      if (!reopen) throw new Error('a durable store must give reopen()')
      const id = createRoomId()
      const { update } = updateSetting('kept', 'yes')
      await store.createRoom({ id, title: 'Durable', snapshot: empty })
      store.appendUpdates(id, [update])
      await store.close()
      store = await reopen()
      expect((await store.getRoom(id))?.title).toBe('Durable')
      expect(
        replay((await store.loadDoc(id))!)
          .getMap('m')
          .get('kept'),
      ).toBe('yes')
    })
  })
}
