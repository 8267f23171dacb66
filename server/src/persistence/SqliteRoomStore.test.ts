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
