import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { applyStoredDoc } from './DocStore.ts'
import { DataDirLockedError, SqliteRoomStore } from './SqliteRoomStore.ts'
import { StoreOpenError } from './StoreOpenError.ts'
import { roomStoreContract } from './roomStoreContract.ts'

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'threatboard-sqlite-'))

roomStoreContract(
  'sqlite',
  async () => {
    const dir = tempDir()
    return { store: new SqliteRoomStore(dir), reopen: async () => new SqliteRoomStore(dir) }
  },
  { durable: true },
)

describe('SqliteRoomStore migrations', () => {
  it('opens a file written before sequence-numbered compaction, keeping its rooms', async () => {
    const dir = tempDir()
    // The layout of rooms.db before migration 1 (no compacted_seq), with one room and its log.
    const old = new DatabaseSync(path.join(dir, 'rooms.db'))
    old.exec(`
      CREATE TABLE rooms (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL, snapshot BLOB NOT NULL, size_bytes INTEGER NOT NULL);
      CREATE TABLE room_updates (room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        seq INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL);`)
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    doc.getMap('m').set('a', 1)
    doc.getMap('m').set('b', 2)
    const empty = Y.encodeStateAsUpdate(new Y.Doc())
    old.prepare('INSERT INTO rooms VALUES (?, ?, 1, 1, ?, ?)').run('r1', 'Old', empty, 0)
    for (const u of updates)
      old.prepare('INSERT INTO room_updates (room_id, data) VALUES (?, ?)').run('r1', u)
    old.close()

    const store = new SqliteRoomStore(dir)
    try {
      const stored = (await store.loadDoc('r1'))!
      expect(stored.updates.map((u) => u.seq)).toEqual([1, 2])
      expect(stored.lastSeq).toBe(2)
      const loaded = new Y.Doc()
      applyStoredDoc(loaded, stored)
      expect(loaded.getMap('m').toJSON()).toEqual({ a: 1, b: 2 })
      // Compaction by sequence number works on the migrated file.
      await store.compact('r1', Y.encodeStateAsUpdate(loaded), 1)
      expect((await store.loadDoc('r1'))!.updates.map((u) => u.seq)).toEqual([2])
    } finally {
      await store.close()
    }
    // Opening it again applies nothing twice.
    const again = new SqliteRoomStore(dir)
    expect((await again.loadDoc('r1'))!.lastSeq).toBe(2)
    await again.close()
  })

  it('opens a file that kept each snapshot in its room’s row, keeping snapshots, logs and sizes', async () => {
    const dir = tempDir()
    // The layout after migration 1: the snapshot and the sequence number it folds in `rooms`.
    const old = new DatabaseSync(path.join(dir, 'rooms.db'))
    old.exec(`
      CREATE TABLE rooms (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL, snapshot BLOB NOT NULL, size_bytes INTEGER NOT NULL,
        compacted_seq INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE room_updates (room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        seq INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL);
      PRAGMA user_version = 1;`)
    // r1 was compacted up to seq 2 (its snapshot holds a and b) and logged c afterwards.
    const doc = new Y.Doc()
    doc.getMap('m').set('a', 1)
    doc.getMap('m').set('b', 2)
    const snapshot = Y.encodeStateAsUpdate(doc)
    const later: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => later.push(u))
    doc.getMap('m').set('c', 3)
    const size = snapshot.byteLength + later[0]!.byteLength
    old.prepare('INSERT INTO rooms VALUES (?, ?, 1, 5, ?, ?, 2)').run('r1', 'Old', snapshot, size)
    old
      .prepare('INSERT INTO room_updates (seq, room_id, data) VALUES (3, ?, ?)')
      .run('r1', later[0]!)
    old.close()

    const store = new SqliteRoomStore(dir)
    try {
      expect(await store.getRoom('r1')).toMatchObject({
        title: 'Old',
        updatedAt: 5,
        sizeBytes: size,
      })
      const stored = (await store.loadDoc('r1'))!
      expect(stored.snapshot).toEqual(snapshot)
      expect(stored.updates.map((u) => u.seq)).toEqual([3])
      const loaded = new Y.Doc()
      applyStoredDoc(loaded, stored)
      expect(loaded.getMap('m').toJSON()).toEqual({ a: 1, b: 2, c: 3 })
      // The log goes on from where it was; an empty append reports the last number.
      doc.getMap('m').set('d', 4)
      expect(await store.appendUpdates('r1', [later[1]!])).toBe(4)
      expect(await store.appendUpdates('r1', [])).toBe(4)
      // Compacting the migrated room folds up to the number it names and resizes the room.
      const folded = Y.encodeStateAsUpdate(loaded)
      await store.compact('r1', folded, 3)
      const after = (await store.loadDoc('r1'))!
      expect(after.snapshot).toEqual(folded)
      expect(after.updates.map((u) => u.seq)).toEqual([4])
      expect((await store.getRoom('r1'))!.sizeBytes).toBe(
        folded.byteLength + after.updates[0]!.update.byteLength,
      )
      // Deleting it leaves no snapshot behind.
      expect(await store.deleteRoom('r1')).toBe(true)
      expect(await store.loadDoc('r1')).toBeUndefined()
    } finally {
      await store.close()
    }
    const raw = new DatabaseSync(path.join(dir, 'rooms.db'), { readOnly: true })
    try {
      // The rooms table no longer carries the snapshot that every append used to rewrite.
      const columns = raw.prepare('PRAGMA table_info(rooms)').all() as { name: string }[]
      expect(columns.map((c) => c.name)).not.toContain('snapshot')
      expect(raw.prepare('SELECT COUNT(*) AS n FROM room_snapshots').get()).toEqual({ n: 0 })
    } finally {
      raw.close()
    }
  })
})

/** What opening a store on `dir` throws (undefined if it opens, left open). */
function openError(dir: string): unknown {
  try {
    new SqliteRoomStore(dir)
  } catch (err) {
    return err
  }
  return undefined
}

describe('SqliteRoomStore on a data directory in use', () => {
  it('refuses a second server on the same directory, saying what to do', async () => {
    const dir = tempDir()
    const first = new SqliteRoomStore(dir)
    try {
      const thrown = openError(dir)
      expect(thrown).toBeInstanceOf(DataDirLockedError)
      expect(thrown).toBeInstanceOf(StoreOpenError)
      expect((thrown as Error).name).toBe('DataDirLockedError')
      expect((thrown as Error).message).toBe(
        `${path.join(dir, 'rooms.db')} is in use by another Threatboard server (or another program). ` +
          'Stop it, or give this server its own DATA_DIR.',
      )
      // The first keeps working, and the directory opens again once it is closed.
      expect(await first.listRooms()).toEqual([])
    } finally {
      await first.close()
    }
    const again = new SqliteRoomStore(dir)
    await again.close()
  })

  it('reports a file that is not a database as such, not as in use', () => {
    const dir = tempDir()
    writeFileSync(
      path.join(dir, 'rooms.db'),
      'not a database, but long enough to look at. '.repeat(40),
    )
    const thrown = openError(dir)
    expect(thrown).toBeInstanceOf(Error)
    expect(thrown).not.toBeInstanceOf(DataDirLockedError)
    expect((thrown as Error).message).toMatch(/not a database/)
  })
})

describe('SqliteRoomStore group commit', () => {
  const empty = Y.encodeStateAsUpdate(new Y.Doc())
  /** An update setting `m[key] = value` in a fresh doc. */
  const setting = (key: string, value: unknown) => {
    const doc = new Y.Doc()
    doc.getMap('m').set(key, value)
    return Y.encodeStateAsUpdate(doc)
  }
  const content = async (store: SqliteRoomStore, id: string) => {
    const doc = new Y.Doc()
    applyStoredDoc(doc, (await store.loadDoc(id))!)
    return doc.getMap('m').toJSON()
  }
  const rooms = async (store: SqliteRoomStore, n: number) => {
    const ids = [...Array(n).keys()].map((i) => `room-${i}`)
    for (const id of ids) await store.createRoom({ id, title: id, snapshot: empty })
    return ids
  }

  it('commits the appends of many rooms made in one turn in one transaction, each with its own seq', async () => {
    const dir = tempDir()
    const store = new SqliteRoomStore(dir)
    const ids = await rooms(store, 20)
    const before = { ...store.counts }
    // One turn: every room appends, nothing awaited in between (as rooms do at the turn's end).
    const pending = ids.map((id, i) => store.appendUpdates(id, [setting(id, i), setting('n', i)]))
    // Nothing is committed (or acknowledged) before the turn ends.
    expect(store.counts).toEqual(before)
    const seqs = await Promise.all(pending)
    expect(store.counts.commits - before.commits).toBe(1)
    expect(store.counts.appends - before.appends).toBe(20)
    expect(new Set(seqs).size).toBe(20)
    for (const [i, id] of ids.entries()) {
      const stored = (await store.loadDoc(id))!
      expect(stored.updates).toHaveLength(2)
      expect(stored.lastSeq).toBe(seqs[i])
      expect(stored.updates.at(-1)!.seq).toBe(seqs[i])
    }
    await store.close()

    const reopened = new SqliteRoomStore(dir)
    try {
      for (const [i, id] of ids.entries()) {
        expect(await content(reopened, id)).toEqual({ [id]: i, n: i })
        expect((await reopened.loadDoc(id))!.lastSeq).toBe(seqs[i])
      }
    } finally {
      await reopened.close()
    }
  })

  it('resolves each append only once its transaction has committed', async () => {
    const store = new SqliteRoomStore(tempDir())
    try {
      const [id] = await rooms(store, 1)
      const before = store.counts.commits
      const committedWhenResolved = await store
        .appendUpdates(id!, [setting('a', 1)])
        .then(() => store.counts.commits - before)
      expect(committedWhenResolved).toBe(1)
    } finally {
      await store.close()
    }
  })

  it('a failing append rejects alone: the others of its turn are committed and kept', async () => {
    const dir = tempDir()
    const setup = new SqliteRoomStore(dir)
    const ids = await rooms(setup, 4)
    await setup.deleteRoom(ids[3]!)
    await setup.close()
    // A constraint the store does not know: the database itself refuses any write to room-1.
    const raw = new DatabaseSync(path.join(dir, 'rooms.db'))
    raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON room_updates WHEN NEW.room_id = 'room-1'
      BEGIN SELECT RAISE(ABORT, 'room-1 refuses writes'); END`)
    raw.close()

    const store = new SqliteRoomStore(dir)
    const sizeBefore = (await store.getRoom('room-1'))!.sizeBytes
    const counted = { ...store.counts }
    const [a, bad, b, gone] = ids.map((id, i) => store.appendUpdates(id, [setting(id, i)]))
    await expect(bad).rejects.toThrow('room-1 refuses writes')
    // The shared transaction failed; the three others were then committed one by one.
    expect(store.counts.commits - counted.commits).toBe(3)
    expect(store.counts.appends - counted.appends).toBe(3)
    expect(await a).toBeGreaterThan(0)
    expect(await b).toBeGreaterThan(0)
    expect(await gone).toBeUndefined()
    // Nothing of the refused append is kept, not even its size.
    expect((await store.loadDoc('room-1'))!.updates).toEqual([])
    expect((await store.getRoom('room-1'))!.sizeBytes).toBe(sizeBefore)
    await store.close()

    const reopened = new SqliteRoomStore(dir)
    try {
      expect(await content(reopened, 'room-0')).toEqual({ 'room-0': 0 })
      expect(await content(reopened, 'room-2')).toEqual({ 'room-2': 2 })
      expect(await content(reopened, 'room-1')).toEqual({})
      expect(await reopened.getRoom('room-3')).toBeUndefined()
    } finally {
      await reopened.close()
    }
  })

  it('close() commits what is queued; an append after close() rejects', async () => {
    const dir = tempDir()
    const store = new SqliteRoomStore(dir)
    const ids = await rooms(store, 3)
    const pending = ids.map((id, i) => store.appendUpdates(id, [setting(id, i)]))
    await store.close()
    const seqs = await Promise.all(pending)
    expect(seqs.every((s) => typeof s === 'number')).toBe(true)
    await expect(store.appendUpdates(ids[0]!, [setting('late', 1)])).rejects.toThrow()

    const reopened = new SqliteRoomStore(dir)
    try {
      for (const [i, id] of ids.entries()) {
        expect(await content(reopened, id)).toEqual({ [id]: i })
      }
    } finally {
      await reopened.close()
    }
  })

  it('every read sees the appends called before it, committed', async () => {
    const store = new SqliteRoomStore(tempDir())
    try {
      const [id] = await rooms(store, 1)
      const appended = store.appendUpdates(id!, [setting('a', 1)])
      // Called in the same turn, before the group commit's timer ran.
      const stored = (await store.loadDoc(id!))!
      expect(stored.lastSeq).toBe(await appended)
      expect(await content(store, id!)).toEqual({ a: 1 })
      const size = (await store.getRoom(id!))!.sizeBytes
      const more = store.appendUpdates(id!, [setting('b', 2)])
      expect((await store.getRoom(id!))!.sizeBytes).toBeGreaterThan(size)
      expect(await store.appendUpdates(id!, [])).toBe(await more)
    } finally {
      await store.close()
    }
  })

  it('lists, exports, deletes and reports the last seq with the appends called before, and commits nothing for a read', async () => {
    const store = new SqliteRoomStore(tempDir())
    try {
      const [id, other] = await rooms(store, 2)
      const idle = store.counts.commits
      await store.getRoom(id!)
      await store.listRooms()
      await store.appendUpdates(id!, [])
      expect(store.counts.commits).toBe(idle)

      const first = store.appendUpdates(id!, [setting('a', 1)])
      // The last seq, asked for in the same turn, is the one of the append just made.
      const last = store.appendUpdates(id!, [])
      expect(await last).toBe(await first)
      const listed = (await store.listRooms()).find((r) => r.id === id)!.sizeBytes
      void store.appendUpdates(id!, [setting('b', 2)])
      expect((await store.listRooms()).find((r) => r.id === id)!.sizeBytes).toBeGreaterThan(listed)
      void store.appendUpdates(id!, [setting('c', 3)])
      const dump = (await store.exportRoom(id!))!
      const exported = new Y.Doc()
      Y.applyUpdate(exported, dump.snapshot)
      expect(exported.getMap('m').toJSON()).toEqual({ a: 1, b: 2, c: 3 })
      // An append made before the room is deleted was accepted: it commits, then goes with it.
      const beforeDelete = store.appendUpdates(other!, [setting('d', 4)])
      expect(await store.deleteRoom(other!)).toBe(true)
      expect(await beforeDelete).toBeGreaterThan(0)
      expect(await store.getRoom(other!)).toBeUndefined()
    } finally {
      await store.close()
    }
  })

  it('stores what it was given, even if the caller reuses its buffer before the commit', async () => {
    const store = new SqliteRoomStore(tempDir())
    try {
      const [id] = await rooms(store, 1)
      const update = setting('a', 1)
      const appended = store.appendUpdates(id!, [update])
      update.fill(0)
      await appended
      expect(await content(store, id!)).toEqual({ a: 1 })
    } finally {
      await store.close()
    }
  })

  it('rejects with the database’s own error when it rolled the transaction back itself', async () => {
    const dir = tempDir()
    const setup = new SqliteRoomStore(dir)
    await rooms(setup, 2)
    await setup.close()
    const raw = new DatabaseSync(path.join(dir, 'rooms.db'))
    raw.exec(`CREATE TRIGGER undo BEFORE INSERT ON room_updates WHEN NEW.room_id = 'room-1'
      BEGIN SELECT RAISE(ROLLBACK, 'room-1 rolled back'); END`)
    raw.close()
    const store = new SqliteRoomStore(dir)
    try {
      const [ok, bad] = ['room-0', 'room-1'].map((id) => store.appendUpdates(id, [setting(id, 1)]))
      await expect(bad).rejects.toThrow('room-1 rolled back')
      expect(await ok).toBeGreaterThan(0)
      expect(await content(store, 'room-0')).toEqual({ 'room-0': 1 })
    } finally {
      await store.close()
    }
  })

  it('answers a last-seq question after close() with a rejection, not a throw', async () => {
    const store = new SqliteRoomStore(tempDir())
    const [id] = await rooms(store, 1)
    await store.close()
    const asked = store.appendUpdates(id!, [])
    expect(asked).toBeInstanceOf(Promise)
    await expect(asked).rejects.toThrow()
  })
})
