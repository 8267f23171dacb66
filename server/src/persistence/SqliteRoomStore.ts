import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import type { Role } from '../auth/authorize.ts'
import { foldStoredDoc, type StoredDoc } from './DocStore.ts'
import type { RoomDump, RoomStore, VersionRecord } from './RoomStore.ts'
import { META, toRecord, toVersion, type Row, type VersionRow } from './sqlRows.ts'
import { StoreOpenError } from './StoreOpenError.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rooms (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  snapshot BLOB NOT NULL,
  size_bytes INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS room_updates (
  room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS room_updates_room ON room_updates(room_id, seq);
CREATE TABLE IF NOT EXISTS room_tokens (
  room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (room_id, role)
);
CREATE TABLE IF NOT EXISTS room_versions (
  room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  number INTEGER NOT NULL,
  name TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  snapshot BLOB NOT NULL,
  PRIMARY KEY (room_id, id),
  UNIQUE (room_id, number)
);
-- Diagrams browsers uploaded before reports drew the board themselves (ADR 0004). Nothing
-- writes or reads it any more; it stays so deleting a room still clears what an older
-- server stored there.
CREATE TABLE IF NOT EXISTS room_diagrams (
  room_id TEXT PRIMARY KEY REFERENCES rooms(id) ON DELETE CASCADE,
  svg TEXT NOT NULL,
  drawn_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS staged_hints (
  room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  hint_id TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (room_id, hint_id)
);
`

/**
 * Changes to the schema above, in order; `PRAGMA user_version` counts those applied. Each runs in
 * the transaction that records it, so a crash in between leaves the file as it was.
 */
const MIGRATIONS = [
  // 1: the sequence number the snapshot folds the log up to (ADR 0006).
  'ALTER TABLE rooms ADD COLUMN compacted_seq INTEGER NOT NULL DEFAULT 0',
  // 2: the snapshot in a table of its own. Every append updates the room's row (updated_at,
  // size_bytes), and SQLite reads and rewrites a row whole: with a 2 MB snapshot in it, each
  // append cost about 0.9 ms of CPU instead of 0.07 (bench/commit.ts, bench/RESULTS.md).
  `CREATE TABLE room_snapshots (
     room_id TEXT PRIMARY KEY REFERENCES rooms(id) ON DELETE CASCADE,
     snapshot BLOB NOT NULL,
     compacted_seq INTEGER NOT NULL DEFAULT 0
   );
   INSERT INTO room_snapshots (room_id, snapshot, compacted_seq)
     SELECT id, snapshot, compacted_seq FROM rooms;
   ALTER TABLE rooms DROP COLUMN snapshot;
   ALTER TABLE rooms DROP COLUMN compacted_seq;`,
]

/** One `appendUpdates` call waiting for the next group commit. */
interface QueuedAppend {
  id: string
  updates: Uint8Array[]
  resolve: (seq: number | undefined) => void
  reject: (err: unknown) => void
}

/** SQLite's "database is locked" result code. */
const SQLITE_BUSY = 5

/** The data directory's database is held by another process. */
export class DataDirLockedError extends StoreOpenError {
  override name = 'DataDirLockedError'
}

/**
 * Rooms in one SQLite file (`rooms.db` in the data directory), through Node's built-in
 * `node:sqlite`. WAL mode with `synchronous=FULL` (the default): every committed batch is
 * fsynced, so it survives a process crash and a power cut; `NORMAL` survives a process crash. The file is locked exclusively while the store is
 * open: a second server on the same data directory fails to start (DataDirLockedError).
 *
 * Group commit across rooms: `appendUpdates` calls made together (every room that accepted updates
 * in a turn of the event loop commits in one immediate at its end, see Room.ts) are queued and
 * written together, in one transaction and so one fsync, in a microtask after them, before the loop
 * reads more messages; each promise resolves after that COMMIT. If the shared transaction fails,
 * each append is retried in a transaction of its own, so a failing one rejects alone. Every other
 * method first commits what is queued (synchronously, before its own transaction begins), so it
 * sees the store as if each append had been written when it was called; `close()` does too.
 */
export class SqliteRoomStore implements RoomStore {
  private db: DatabaseSync
  private queue: QueuedAppend[] = []
  private flushQueued = false
  /**
   * For tests and benchmarks: `commits` counts every COMMIT this store has run (one group commit
   * of n rooms adds 1), `appends` the appendUpdates calls those commits wrote.
   */
  readonly counts = { commits: 0, appends: 0 }
  private stmt: Record<
    | 'insert'
    | 'insertSnapshot'
    | 'get'
    | 'list'
    | 'rename'
    | 'delete'
    | 'snapshot'
    | 'updates'
    | 'append'
    | 'grow'
    | 'compact'
    | 'fold'
    | 'resize'
    | 'clearLog'
    | 'setToken'
    | 'findToken'
    | 'revokeToken'
    | 'putHint'
    | 'listHints'
    | 'getHint'
    | 'deleteHint',
    StatementSync
  >

  constructor(dataDir: string, opts: { synchronous?: 'FULL' | 'NORMAL' } = {}) {
    mkdirSync(dataDir, { recursive: true })
    const file = path.join(dataDir, 'rooms.db')
    this.db = new DatabaseSync(file)
    try {
      // Exclusive locking mode, set before WAL, holds the file's lock until the connection
      // closes, so a second server on the same directory cannot interleave its compactions
      // with ours. The OS drops the lock when the process dies, SIGKILL included: no stale lock.
      this.db.exec('PRAGMA busy_timeout = 0; PRAGMA locking_mode = EXCLUSIVE;')
      this.db.exec('PRAGMA journal_mode = WAL; BEGIN EXCLUSIVE; COMMIT;')
    } catch (err) {
      this.db.close()
      if ((err as { errcode?: number }).errcode !== SQLITE_BUSY) throw err
      throw new DataDirLockedError(
        `${file} is in use by another Threatboard server (or another program). ` +
          'Stop it, or give this server its own DATA_DIR.',
      )
    }
    const synchronous = opts.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'
    this.db.exec(
      `PRAGMA synchronous = ${synchronous}; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;`,
    )
    this.db.exec(SCHEMA)
    this.migrate()
    this.stmt = {
      insert: this.db.prepare(
        'INSERT INTO rooms (id, title, created_at, updated_at, size_bytes) VALUES (?, ?, ?, ?, ?)',
      ),
      insertSnapshot: this.db.prepare(
        'INSERT INTO room_snapshots (room_id, snapshot) VALUES (?, ?)',
      ),
      get: this.db.prepare(`SELECT ${META} FROM rooms WHERE id = ?`),
      list: this.db.prepare(`SELECT ${META} FROM rooms ORDER BY updated_at DESC, id`),
      rename: this.db.prepare('UPDATE rooms SET title = ?, updated_at = ? WHERE id = ?'),
      delete: this.db.prepare('DELETE FROM rooms WHERE id = ?'),
      snapshot: this.db.prepare(
        'SELECT snapshot, compacted_seq FROM room_snapshots WHERE room_id = ?',
      ),
      updates: this.db.prepare('SELECT seq, data FROM room_updates WHERE room_id = ? ORDER BY seq'),
      append: this.db.prepare('INSERT INTO room_updates (room_id, data) VALUES (?, ?)'),
      grow: this.db.prepare(
        'UPDATE rooms SET updated_at = ?, size_bytes = size_bytes + ? WHERE id = ?',
      ),
      compact: this.db.prepare(
        `UPDATE room_snapshots SET snapshot = ?1, compacted_seq = ?2
         WHERE room_id = ?3 AND compacted_seq <= ?2`,
      ),
      fold: this.db.prepare('DELETE FROM room_updates WHERE room_id = ? AND seq <= ?'),
      resize: this.db.prepare(
        `UPDATE rooms SET size_bytes = ?1 +
           (SELECT COALESCE(SUM(length(data)), 0) FROM room_updates WHERE room_id = ?2)
         WHERE id = ?2`,
      ),
      clearLog: this.db.prepare('DELETE FROM room_updates WHERE room_id = ?'),
      setToken: this.db.prepare(
        `INSERT INTO room_tokens (room_id, role, token_hash, created_at)
         SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM rooms WHERE id = ?1)
         ON CONFLICT (room_id, role) DO UPDATE SET token_hash = excluded.token_hash,
           created_at = excluded.created_at`,
      ),
      findToken: this.db.prepare(
        'SELECT role FROM room_tokens WHERE room_id = ? AND token_hash = ?',
      ),
      revokeToken: this.db.prepare('DELETE FROM room_tokens WHERE room_id = ? AND role = ?'),
      putHint: this.db.prepare(
        `INSERT INTO staged_hints (room_id, hint_id, data)
         SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM rooms WHERE id = ?1)
         ON CONFLICT (room_id, hint_id) DO UPDATE SET data = excluded.data`,
      ),
      listHints: this.db.prepare('SELECT data FROM staged_hints WHERE room_id = ? ORDER BY rowid'),
      getHint: this.db.prepare('SELECT data FROM staged_hints WHERE room_id = ? AND hint_id = ?'),
      deleteHint: this.db.prepare('DELETE FROM staged_hints WHERE room_id = ? AND hint_id = ?'),
    }
  }

  private migrate(): void {
    const { user_version: version } = this.db.prepare('PRAGMA user_version').get() as {
      user_version: number
    }
    MIGRATIONS.slice(version).forEach((sql, i) =>
      this.transaction(() => {
        this.db.exec(sql)
        this.db.exec(`PRAGMA user_version = ${version + i + 1}`)
      }),
    )
  }

  private transaction<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE')
    try {
      const result = fn()
      this.db.exec('COMMIT')
      this.counts.commits++
      return result
    } catch (err) {
      // SQLite has already rolled back after some errors (disk full, I/O): a second ROLLBACK
      // would throw and hide the first error.
      if (this.db.isTransaction) this.db.exec('ROLLBACK')
      throw err
    }
  }

  /**
   * Commits every queued append, in one transaction, and settles their promises. Synchronous,
   * and never called inside another transaction (SQLite has no nested BEGIN): the timer and the
   * start of each public method call it, before anything else touches the database.
   */
  private flushAppends(): void {
    const batch = this.queue
    if (batch.length === 0) return
    this.queue = []
    let seqs: (number | undefined)[]
    try {
      seqs = this.transaction(() => batch.map((a) => this.writeAppend(a)))
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err)
      // One bad append must not fail the others: each on its own, its own error if it fails.
      for (const a of batch) {
        try {
          a.resolve(this.transaction(() => this.writeAppend(a)))
          this.counts.appends++
        } catch (own) {
          a.reject(own)
        }
      }
      return
    }
    this.counts.appends += batch.length
    batch.forEach((a, i) => a.resolve(seqs[i]))
  }

  /** One append's rows, inside the caller's transaction: its last seq, or undefined (no room). */
  private writeAppend({ id, updates }: QueuedAppend): number | undefined {
    const bytes = updates.reduce((n, u) => n + u.byteLength, 0)
    if (this.stmt.grow.run(Date.now(), bytes, id).changes === 0) return undefined
    let seq = 0
    for (const u of updates) seq = Number(this.stmt.append.run(id, u).lastInsertRowid)
    return seq
  }

  async createRoom(room: { id: string; title: string; snapshot: Uint8Array }) {
    this.flushAppends()
    const now = Date.now()
    this.transaction(() => {
      this.stmt.insert.run(room.id, room.title, now, now, room.snapshot.byteLength)
      this.stmt.insertSnapshot.run(room.id, room.snapshot)
    })
    return (await this.getRoom(room.id))!
  }

  async getRoom(id: string) {
    this.flushAppends()
    const row = this.stmt.get.get(id) as Row | undefined
    return row && toRecord(row)
  }

  async listRooms() {
    this.flushAppends()
    return (this.stmt.list.all() as unknown as Row[]).map(toRecord)
  }

  async renameRoom(id: string, title: string) {
    this.flushAppends()
    const { changes } = this.stmt.rename.run(title, Date.now(), id)
    return changes ? this.getRoom(id) : undefined
  }

  async deleteRoom(id: string) {
    this.flushAppends()
    return this.transaction(() => {
      this.stmt.clearLog.run(id)
      this.db.prepare('DELETE FROM room_snapshots WHERE room_id = ?').run(id)
      this.db.prepare('DELETE FROM room_tokens WHERE room_id = ?').run(id)
      this.db.prepare('DELETE FROM staged_hints WHERE room_id = ?').run(id)
      this.db.prepare('DELETE FROM room_versions WHERE room_id = ?').run(id)
      this.db.prepare('DELETE FROM room_diagrams WHERE room_id = ?').run(id)
      return this.stmt.delete.run(id).changes > 0
    })
  }

  async loadDoc(id: string): Promise<StoredDoc | undefined> {
    this.flushAppends()
    return this.transaction(() => {
      const row = this.stmt.snapshot.get(id) as
        { snapshot: Uint8Array; compacted_seq: number } | undefined
      if (!row) return undefined
      const rows = this.stmt.updates.all(id) as { seq: number; data: Uint8Array }[]
      const updates = rows.map((r) => ({ seq: r.seq, update: r.data }))
      return { snapshot: row.snapshot, updates, lastSeq: updates.at(-1)?.seq ?? row.compacted_seq }
    })
  }

  // Queued for the group commit at the next turn; resolves once it has committed.
  appendUpdates(id: string, updates: Uint8Array[]): Promise<number | undefined> {
    if (updates.length === 0) {
      try {
        this.flushAppends()
        return Promise.resolve(this.lastSeq(id))
      } catch (err) {
        return Promise.reject(err)
      }
    }
    // Copies: the caller may reuse its buffers before the commit runs.
    const copies = updates.map((u) => u.slice())
    return new Promise((resolve, reject) => {
      this.queue.push({ id, updates: copies, resolve, reject })
      if (!this.flushQueued) {
        this.flushQueued = true
        // After the other appends made in this turn's microtasks (every room commits in one
        // immediate, Room.ts), before the loop goes on.
        queueMicrotask(() => {
          this.flushQueued = false
          this.flushAppends()
        })
      }
    })
  }

  private lastSeq(id: string): number | undefined {
    const row = this.db
      .prepare(
        `SELECT MAX(COALESCE((SELECT MAX(seq) FROM room_updates WHERE room_id = ?1), 0),
           compacted_seq) AS seq FROM room_snapshots WHERE room_id = ?1`,
      )
      .get(id) as { seq: number } | undefined
    return row?.seq
  }

  async compact(id: string, snapshot: Uint8Array, upToSeq: number) {
    this.flushAppends()
    this.transaction(() => {
      if (this.stmt.compact.run(snapshot, upToSeq, id).changes === 0) return
      this.stmt.fold.run(id, upToSeq)
      this.stmt.resize.run(snapshot.byteLength, id)
    })
  }

  async setToken(roomId: string, role: Role, tokenHash: string) {
    this.flushAppends()
    this.stmt.setToken.run(roomId, role, tokenHash, Date.now())
  }

  async findToken(roomId: string, tokenHash: string) {
    this.flushAppends()
    const row = this.stmt.findToken.get(roomId, tokenHash) as { role: Role } | undefined
    return row?.role
  }

  async revokeToken(roomId: string, role: Role) {
    this.flushAppends()
    return this.stmt.revokeToken.run(roomId, role).changes > 0
  }

  async putStagedHint(roomId: string, hintId: string, json: string) {
    this.flushAppends()
    this.stmt.putHint.run(roomId, hintId, json)
  }

  async listStagedHints(roomId: string) {
    this.flushAppends()
    return (this.stmt.listHints.all(roomId) as { data: string }[]).map((r) => r.data)
  }

  async takeStagedHint(roomId: string, hintId: string) {
    this.flushAppends()
    return this.transaction(() => {
      const row = this.stmt.getHint.get(roomId, hintId) as { data: string } | undefined
      if (row) this.stmt.deleteHint.run(roomId, hintId)
      return row?.data
    })
  }

  async saveVersion(
    roomId: string,
    v: { id: string; name: string; createdBy: string; snapshot: Uint8Array },
  ): Promise<VersionRecord | undefined> {
    this.flushAppends()
    return this.transaction(() => {
      if (!this.stmt.get.get(roomId)) return undefined
      const { next } = this.db
        .prepare('SELECT COALESCE(MAX(number), 0) + 1 AS next FROM room_versions WHERE room_id = ?')
        .get(roomId) as { next: number }
      const createdAt = Date.now()
      this.db
        .prepare(
          `INSERT INTO room_versions (room_id, id, number, name, created_by, created_at, snapshot)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(roomId, v.id, next, v.name, v.createdBy, createdAt, v.snapshot)
      return {
        id: v.id,
        number: next,
        name: v.name,
        createdBy: v.createdBy,
        createdAt,
        sizeBytes: v.snapshot.byteLength,
      }
    })
  }

  async listVersions(roomId: string): Promise<VersionRecord[]> {
    this.flushAppends()
    const rows = this.db
      .prepare(
        `SELECT id, number, name, created_by, created_at, length(snapshot) AS size
         FROM room_versions WHERE room_id = ? ORDER BY number DESC`,
      )
      .all(roomId) as unknown as VersionRow[]
    return rows.map(toVersion)
  }

  async getVersion(roomId: string, versionId: string) {
    this.flushAppends()
    const row = this.db
      .prepare(
        `SELECT id, number, name, created_by, created_at, length(snapshot) AS size, snapshot
         FROM room_versions WHERE room_id = ? AND id = ?`,
      )
      .get(roomId, versionId) as (VersionRow & { snapshot: Uint8Array }) | undefined
    return row && { ...toVersion(row), snapshot: row.snapshot }
  }

  async exportRoom(id: string): Promise<RoomDump | undefined> {
    this.flushAppends()
    // Synchronous reads in one transaction: one moment of the room.
    return this.transaction(() => {
      const row = this.stmt.get.get(id) as Row | undefined
      const doc = this.stmt.snapshot.get(id) as { snapshot: Uint8Array; compacted_seq: number }
      if (!row) return undefined
      const log = this.stmt.updates.all(id) as { seq: number; data: Uint8Array }[]
      const stored = {
        snapshot: doc.snapshot,
        updates: log.map((r) => ({ seq: r.seq, update: r.data })),
        lastSeq: 0,
      }
      const all = <T>(sql: string) => this.db.prepare(sql).all(id) as unknown as T[]
      const versions = all<VersionRow & { snapshot: Uint8Array }>(
        `SELECT id, number, name, created_by, created_at, length(snapshot) AS size, snapshot
         FROM room_versions WHERE room_id = ? ORDER BY number`,
      )
      return {
        room: { id, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at },
        snapshot: foldStoredDoc(stored),
        tokens: all<{ role: Role; token_hash: string }>(
          'SELECT role, token_hash FROM room_tokens WHERE room_id = ? ORDER BY role',
        ).map((t) => ({ role: t.role, tokenHash: t.token_hash })),
        stagedHints: all<{ hint_id: string; data: string }>(
          'SELECT hint_id, data FROM staged_hints WHERE room_id = ? ORDER BY rowid',
        ).map((h) => ({ hintId: h.hint_id, json: h.data })),
        versions: versions.map((v) => ({ ...toVersion(v), snapshot: v.snapshot })),
      }
    })
  }

  async importRoom(dump: RoomDump) {
    this.flushAppends()
    const { id, title, createdAt, updatedAt } = dump.room
    this.transaction(() => {
      this.stmt.insert.run(id, title, createdAt, updatedAt, dump.snapshot.byteLength)
      this.stmt.insertSnapshot.run(id, dump.snapshot)
      for (const t of dump.tokens) this.stmt.setToken.run(id, t.role, t.tokenHash, createdAt)
      for (const h of dump.stagedHints) this.stmt.putHint.run(id, h.hintId, h.json)
      const version = this.db.prepare(
        `INSERT INTO room_versions (room_id, id, number, name, created_by, created_at, snapshot)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      for (const v of dump.versions) {
        version.run(id, v.id, v.number, v.name, v.createdBy, v.createdAt, v.snapshot)
      }
    })
  }

  async close() {
    if (!this.db.isOpen) return
    this.flushAppends()
    this.db.close()
  }
}
