import pg from 'pg'
import type { Role } from '../auth/authorize.ts'
import { foldStoredDoc, type StoredDoc } from './DocStore.ts'
import type { RoomDump, RoomStore, VersionRecord } from './RoomStore.ts'
import { META, toRecord, toVersion, type Row, type VersionRow } from './sqlRows.ts'
import { StoreOpenError } from './StoreOpenError.ts'

/**
 * The schema, as numbered steps; `schema_migrations` records those applied. A step never
 * changes once released: a change is a new step.
 */
const MIGRATIONS: string[] = [
  // 1: what the SQLite store holds, with a per-room sequence counter (ADR 0006).
  `CREATE TABLE rooms (
     id text PRIMARY KEY,
     title text NOT NULL,
     created_at bigint NOT NULL,
     updated_at bigint NOT NULL,
     snapshot bytea NOT NULL,
     size_bytes bigint NOT NULL,
     last_seq bigint NOT NULL DEFAULT 0,
     compacted_seq bigint NOT NULL DEFAULT 0
   );
   CREATE TABLE room_updates (
     room_id text NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
     seq bigint NOT NULL,
     data bytea NOT NULL,
     PRIMARY KEY (room_id, seq)
   );
   CREATE TABLE room_tokens (
     room_id text NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
     role text NOT NULL,
     token_hash text NOT NULL,
     created_at bigint NOT NULL,
     PRIMARY KEY (room_id, role)
   );
   CREATE TABLE room_versions (
     room_id text NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
     id text NOT NULL,
     number integer NOT NULL,
     name text NOT NULL,
     created_by text NOT NULL,
     created_at bigint NOT NULL,
     snapshot bytea NOT NULL,
     PRIMARY KEY (room_id, id),
     UNIQUE (room_id, number)
   );
   CREATE TABLE staged_hints (
     room_id text NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
     hint_id text NOT NULL,
     data text NOT NULL,
     position bigint GENERATED ALWAYS AS IDENTITY,
     PRIMARY KEY (room_id, hint_id)
   );`,
]

/** Any number that fits: every app-wide key of `pg_advisory_xact_lock` must differ. */
const MIGRATION_LOCK = 0x7442_0006

/** bigint columns (epoch ms, sizes, sequence numbers) stay far below 2^53: read them as numbers. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`

export interface PostgresOptions {
  /** `postgres://user:password@host:port/database` */
  url: string
  /** Schema holding the tables (created if missing); default: the connection's search_path. */
  schema?: string
  /** Most connections this store opens. */
  poolSize?: number
  /** A query that takes longer fails (the room then refuses writes and retries). */
  queryTimeoutMs?: number
}

/**
 * Rooms in PostgreSQL, for several server nodes sharing one database (ADR 0006). Holds what
 * the SQLite store holds. Every connection runs with `synchronous_commit = on`, so a commit has
 * reached the database's disk (and its synchronous replicas, if any) before a write resolves.
 *
 * Appends to one room take that room's row lock to draw their sequence numbers, so numbers are
 * committed in order: whoever has seen number n has seen every entry up to n.
 */
export class PostgresRoomStore implements RoomStore {
  private readonly pool: pg.Pool
  private closed = false

  private constructor(pool: pg.Pool) {
    this.pool = pool
  }

  /**
   * Connects, creates the schema if needed and applies the migrations this version lacks
   * (one node at a time: an advisory lock serialises nodes starting together). Throws a
   * StoreOpenError naming the database if it cannot be reached or migrated.
   */
  static async open(opts: PostgresOptions): Promise<PostgresRoomStore> {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 10_000,
      query_timeout: opts.queryTimeoutMs ?? 15_000,
      types,
    })
    // An idle connection that drops (a database restart) is reported by the query that next
    // needs one; without a listener the pool's error event would end the process.
    pool.on('error', () => {})
    const setup = [
      'SET synchronous_commit = on',
      ...(opts.schema ? [`SET search_path TO ${quoteIdent(opts.schema)}`] : []),
    ].join('; ')
    pool.on('connect', (client) => {
      // Queued ahead of the client's first query, so no query runs without it.
      client.query(setup).catch(() => {})
    })
    const store = new PostgresRoomStore(pool)
    try {
      await store.migrate(opts.schema)
    } catch (err) {
      await pool.end().catch(() => {})
      throw new StoreOpenError(
        `cannot open PostgreSQL at ${describeUrl(opts.url)}: ${(err as Error).message}`,
        { cause: err },
      )
    }
    return store
  }

  private async migrate(schema: string | undefined): Promise<void> {
    await this.transaction(async (db) => {
      await db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      if (schema) await db.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`)
      await db.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version integer PRIMARY KEY,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      )
      const { rows } = await db.query<{ v: number | null }>(
        'SELECT max(version) AS v FROM schema_migrations',
      )
      const applied = rows[0]?.v ?? 0
      if (applied > MIGRATIONS.length) {
        throw new Error(
          `the database is at schema version ${applied}, newer than this server knows ` +
            `(${MIGRATIONS.length}): run a newer Threatboard`,
        )
      }
      for (let v = applied + 1; v <= MIGRATIONS.length; v++) {
        await db.query(MIGRATIONS[v - 1]!)
        await db.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v])
      }
    })
  }

  /** Runs `fn` in one transaction on one connection; rolls back if it throws. */
  private async transaction<T>(
    fn: (db: pg.PoolClient) => Promise<T>,
    isolation = 'READ COMMITTED',
  ): Promise<T> {
    const db = await this.pool.connect()
    // A connection lost between two statements is an error event, with no query to report it
    // to; unheard, it would end the process. The next statement fails instead.
    const lost = () => {}
    db.on('error', lost)
    let failed = false
    try {
      await db.query(`BEGIN ISOLATION LEVEL ${isolation}`)
      const result = await fn(db)
      await db.query('COMMIT')
      return result
    } catch (err) {
      failed = true
      await db.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      db.off('error', lost)
      // After a failure the connection may be broken: close it rather than reuse it.
      db.release(failed)
    }
  }

  async createRoom(room: { id: string; title: string; snapshot: Uint8Array }) {
    const now = Date.now()
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO rooms (id, title, created_at, updated_at, snapshot, size_bytes)
       VALUES ($1, $2, $3, $3, $4, $5) RETURNING ${META}`,
      [room.id, room.title, now, room.snapshot, room.snapshot.byteLength],
    )
    return toRecord(rows[0]!)
  }

  async getRoom(id: string) {
    const { rows } = await this.pool.query<Row>(`SELECT ${META} FROM rooms WHERE id = $1`, [id])
    return rows[0] && toRecord(rows[0])
  }

  async listRooms() {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${META} FROM rooms ORDER BY updated_at DESC, id`,
    )
    return rows.map(toRecord)
  }

  async renameRoom(id: string, title: string) {
    const { rows } = await this.pool.query<Row>(
      `UPDATE rooms SET title = $2, updated_at = $3 WHERE id = $1 RETURNING ${META}`,
      [id, title, Date.now()],
    )
    return rows[0] && toRecord(rows[0])
  }

  async deleteRoom(id: string) {
    // Tokens, hints, versions and the log go with it (ON DELETE CASCADE).
    const { rowCount } = await this.pool.query('DELETE FROM rooms WHERE id = $1', [id])
    return (rowCount ?? 0) > 0
  }

  async loadDoc(id: string): Promise<StoredDoc | undefined> {
    // One snapshot of the database for both reads: the log matches the snapshot it follows.
    return this.transaction(async (db) => {
      const room = await db.query<{ snapshot: Buffer; last_seq: number }>(
        'SELECT snapshot, last_seq FROM rooms WHERE id = $1',
        [id],
      )
      const row = room.rows[0]
      if (!row) return undefined
      const log = await db.query<{ seq: number; data: Buffer }>(
        'SELECT seq, data FROM room_updates WHERE room_id = $1 ORDER BY seq',
        [id],
      )
      const updates = log.rows.map((r) => ({ seq: r.seq, update: bytes(r.data) }))
      return { snapshot: bytes(row.snapshot), updates, lastSeq: row.last_seq }
    }, 'REPEATABLE READ')
  }

  async appendUpdates(id: string, updates: Uint8Array[]) {
    if (updates.length === 0) {
      const { rows } = await this.pool.query<{ last_seq: number }>(
        'SELECT last_seq FROM rooms WHERE id = $1',
        [id],
      )
      return rows[0]?.last_seq
    }
    return this.transaction(async (db) => {
      const size = updates.reduce((n, u) => n + u.byteLength, 0)
      // The row lock taken here is held to COMMIT: the next append to this room waits, so
      // sequence numbers commit in the order they are drawn.
      const { rows } = await db.query<{ last_seq: number }>(
        `UPDATE rooms SET last_seq = last_seq + $2, updated_at = $3, size_bytes = size_bytes + $4
         WHERE id = $1 RETURNING last_seq`,
        [id, updates.length, Date.now(), size],
      )
      const last = rows[0]?.last_seq
      if (last === undefined) return undefined
      await db.query(
        `INSERT INTO room_updates (room_id, seq, data)
         SELECT $1, $2::bigint + t.n, t.data FROM unnest($3::bytea[]) WITH ORDINALITY AS t(data, n)`,
        [
          id,
          last - updates.length,
          updates.map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength)),
        ],
      )
      return last
    })
  }

  async compact(id: string, snapshot: Uint8Array, upToSeq: number) {
    await this.transaction(async (db) => {
      // Lock the row first: appends wait from here on, so the size below counts every entry
      // that stays.
      const { rows } = await db.query<{ compacted_seq: number }>(
        'SELECT compacted_seq FROM rooms WHERE id = $1 FOR UPDATE',
        [id],
      )
      const row = rows[0]
      if (!row || upToSeq < row.compacted_seq) return
      await db.query('DELETE FROM room_updates WHERE room_id = $1 AND seq <= $2', [id, upToSeq])
      await db.query(
        `UPDATE rooms SET snapshot = $2::bytea, compacted_seq = $3, size_bytes = octet_length($2::bytea) +
           (SELECT COALESCE(sum(octet_length(data)), 0) FROM room_updates WHERE room_id = $1)
         WHERE id = $1`,
        [id, snapshot, upToSeq],
      )
    })
  }

  async setToken(roomId: string, role: Role, tokenHash: string) {
    await this.pool.query(
      `INSERT INTO room_tokens (room_id, role, token_hash, created_at)
       SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM rooms WHERE id = $1)
       ON CONFLICT (room_id, role) DO UPDATE SET token_hash = excluded.token_hash,
         created_at = excluded.created_at`,
      [roomId, role, tokenHash, Date.now()],
    )
  }

  async findToken(roomId: string, tokenHash: string) {
    const { rows } = await this.pool.query<{ role: Role }>(
      'SELECT role FROM room_tokens WHERE room_id = $1 AND token_hash = $2',
      [roomId, tokenHash],
    )
    return rows[0]?.role
  }

  async revokeToken(roomId: string, role: Role) {
    const { rowCount } = await this.pool.query(
      'DELETE FROM room_tokens WHERE room_id = $1 AND role = $2',
      [roomId, role],
    )
    return (rowCount ?? 0) > 0
  }

  async putStagedHint(roomId: string, hintId: string, json: string) {
    await this.pool.query(
      `INSERT INTO staged_hints (room_id, hint_id, data)
       SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM rooms WHERE id = $1)
       ON CONFLICT (room_id, hint_id) DO UPDATE SET data = excluded.data`,
      [roomId, hintId, json],
    )
  }

  async listStagedHints(roomId: string) {
    const { rows } = await this.pool.query<{ data: string }>(
      'SELECT data FROM staged_hints WHERE room_id = $1 ORDER BY position',
      [roomId],
    )
    return rows.map((r) => r.data)
  }

  async takeStagedHint(roomId: string, hintId: string) {
    const { rows } = await this.pool.query<{ data: string }>(
      'DELETE FROM staged_hints WHERE room_id = $1 AND hint_id = $2 RETURNING data',
      [roomId, hintId],
    )
    return rows[0]?.data
  }

  async saveVersion(
    roomId: string,
    v: { id: string; name: string; createdBy: string; snapshot: Uint8Array },
  ): Promise<VersionRecord | undefined> {
    return this.transaction(async (db) => {
      // The room's row lock numbers versions one at a time, whichever node saves them.
      const room = await db.query('SELECT 1 FROM rooms WHERE id = $1 FOR UPDATE', [roomId])
      if (room.rowCount === 0) return undefined
      const createdAt = Date.now()
      const { rows } = await db.query<{ number: number }>(
        `INSERT INTO room_versions (room_id, id, number, name, created_by, created_at, snapshot)
         SELECT $1, $2, COALESCE(MAX(number), 0) + 1, $3, $4, $5, $6
         FROM room_versions WHERE room_id = $1 RETURNING number`,
        [roomId, v.id, v.name, v.createdBy, createdAt, v.snapshot],
      )
      return {
        id: v.id,
        number: rows[0]!.number,
        name: v.name,
        createdBy: v.createdBy,
        createdAt,
        sizeBytes: v.snapshot.byteLength,
      }
    })
  }

  async listVersions(roomId: string) {
    const { rows } = await this.pool.query<VersionRow>(
      `SELECT id, number, name, created_by, created_at, octet_length(snapshot) AS size
       FROM room_versions WHERE room_id = $1 ORDER BY number DESC`,
      [roomId],
    )
    return rows.map(toVersion)
  }

  async getVersion(roomId: string, versionId: string) {
    const { rows } = await this.pool.query<VersionRow & { snapshot: Buffer }>(
      `SELECT id, number, name, created_by, created_at, octet_length(snapshot) AS size, snapshot
       FROM room_versions WHERE room_id = $1 AND id = $2`,
      [roomId, versionId],
    )
    const row = rows[0]
    return row && { ...toVersion(row), snapshot: bytes(row.snapshot) }
  }

  async exportRoom(id: string): Promise<RoomDump | undefined> {
    // One snapshot of the database for every read: the room at one moment.
    return this.transaction(async (db) => {
      const q = async <T extends pg.QueryResultRow>(sql: string) =>
        (await db.query<T>(sql, [id])).rows
      const [row] = await q<Row & { snapshot: Buffer }>(
        `SELECT ${META}, snapshot FROM rooms WHERE id = $1`,
      )
      if (!row) return undefined
      const log = await q<{ seq: number; data: Buffer }>(
        'SELECT seq, data FROM room_updates WHERE room_id = $1 ORDER BY seq',
      )
      const stored = {
        snapshot: bytes(row.snapshot),
        updates: log.map((r) => ({ seq: r.seq, update: bytes(r.data) })),
        lastSeq: 0,
      }
      const tokens = await q<{ role: Role; token_hash: string }>(
        'SELECT role, token_hash FROM room_tokens WHERE room_id = $1 ORDER BY role',
      )
      const hints = await q<{ hint_id: string; data: string }>(
        'SELECT hint_id, data FROM staged_hints WHERE room_id = $1 ORDER BY position',
      )
      const versions = await q<VersionRow & { snapshot: Buffer }>(
        `SELECT id, number, name, created_by, created_at, octet_length(snapshot) AS size, snapshot
         FROM room_versions WHERE room_id = $1 ORDER BY number`,
      )
      return {
        room: { id, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at },
        snapshot: foldStoredDoc(stored),
        tokens: tokens.map((t) => ({ role: t.role, tokenHash: t.token_hash })),
        stagedHints: hints.map((h) => ({ hintId: h.hint_id, json: h.data })),
        versions: versions.map((v) => ({ ...toVersion(v), snapshot: bytes(v.snapshot) })),
      }
    }, 'REPEATABLE READ')
  }

  async importRoom(dump: RoomDump) {
    const { id, title, createdAt, updatedAt } = dump.room
    await this.transaction(async (db) => {
      await db.query(
        `INSERT INTO rooms (id, title, created_at, updated_at, snapshot, size_bytes)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, title, createdAt, updatedAt, dump.snapshot, dump.snapshot.byteLength],
      )
      for (const t of dump.tokens) {
        await db.query(
          'INSERT INTO room_tokens (room_id, role, token_hash, created_at) VALUES ($1, $2, $3, $4)',
          [id, t.role, t.tokenHash, createdAt],
        )
      }
      for (const h of dump.stagedHints) {
        await db.query('INSERT INTO staged_hints (room_id, hint_id, data) VALUES ($1, $2, $3)', [
          id,
          h.hintId,
          h.json,
        ])
      }
      for (const v of dump.versions) {
        await db.query(
          `INSERT INTO room_versions (room_id, id, number, name, created_by, created_at, snapshot)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, v.id, v.number, v.name, v.createdBy, v.createdAt, v.snapshot],
        )
      }
    })
  }

  async close() {
    if (this.closed) return
    this.closed = true
    await this.pool.end()
  }
}

/** A plain Uint8Array over a Buffer's bytes (Yjs and tests compare them as such). */
const bytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)

/** host:port/database of a URL, without its credentials, for messages. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.hostname}:${u.port || 5432}${u.pathname}`
  } catch {
    return '(unparseable DATABASE_URL)'
  }
}
