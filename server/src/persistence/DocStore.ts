import * as Y from 'yjs'
import { newDoc } from '../yDoc.ts'

/** One entry of a room's update log. */
export interface LoggedUpdate {
  /** Increases with every append to the room, in commit order; not necessarily contiguous. */
  seq: number
  update: Uint8Array
}

/** A room's stored document: the compacted snapshot, then the updates logged since, in order. */
export interface StoredDoc {
  snapshot: Uint8Array
  updates: LoggedUpdate[]
  /**
   * The highest sequence number this state includes: the last update's, or, with an empty log,
   * the one the snapshot was compacted up to (0 for a room never written).
   */
  lastSeq: number
}

/**
 * Durable storage of one thing only: each room's document, as an append-only log of Yjs updates
 * on top of a snapshot (ADR 0006). Room metadata, tokens, hints and versions are elsewhere
 * (`RoomStore`), so a cluster can wrap or replace this seam without touching them.
 *
 * Every method is asynchronous: a network database (PostgreSQL) cannot commit synchronously. A
 * write has committed when its promise resolves; when it rejects, nothing of it is kept. The
 * server relays an update only after its append resolved (ADR 0005).
 *
 * Several writers may share one room's log (server nodes on one database). Sequence numbers are
 * handed out in commit order per room, so a writer that has seen sequence number n has seen every
 * entry up to n; and compaction deletes only entries up to the number it names, so an append that
 * commits during a compaction is never lost.
 */
export interface DocStore {
  /** The stored document, or undefined if the room does not exist. */
  loadDoc(id: string): Promise<StoredDoc | undefined>
  /**
   * Appends updates to the room's log in one committed transaction; resolves to the sequence
   * number of the last one, or undefined if the room does not exist (nothing is written then).
   * Rejects if they could not be stored (nothing of the batch is kept then).
   */
  appendUpdates(id: string, updates: Uint8Array[]): Promise<number | undefined>
  /**
   * Atomically replaces the room's snapshot with `snapshot` and deletes the log entries with a
   * sequence number up to `upToSeq`; later entries stay. `snapshot` must contain every entry up
   * to `upToSeq` (it may contain more: applying an update twice changes nothing). A compaction
   * older than the stored one (`upToSeq` below what the snapshot already folds) does nothing, so
   * a slow writer cannot put back a snapshot that lacks what a faster one folded. No-op if the
   * room does not exist; rejects, keeping the old snapshot and log, if it could not commit.
   */
  compact(id: string, snapshot: Uint8Array, upToSeq: number): Promise<void>
}

/** Bytes of a stored document: its snapshot plus its log. */
export function storedBytes(stored: StoredDoc): number {
  return stored.snapshot.byteLength + stored.updates.reduce((n, u) => n + u.update.byteLength, 0)
}

/** The stored document as one update: the snapshot with the log folded in. */
export function foldStoredDoc(stored: StoredDoc): Uint8Array {
  return foldLog(
    stored.snapshot,
    stored.updates.map((u) => u.update),
  )
}

/** A snapshot and the updates logged after it, in order, as one update. */
export function foldLog(snapshot: Uint8Array, updates: readonly Uint8Array[]): Uint8Array {
  const doc = newDoc()
  applyLog(doc, snapshot, updates)
  // What is still pending once every stored entry is applied lacks a change no entry holds (an
  // older server kept such updates; the guard now refuses them): left out of the snapshot, as
  // the live room leaves it out, rather than handed to every newcomer.
  const store = doc.store as unknown as { pendingStructs: unknown; pendingDs: unknown }
  store.pendingStructs = null
  store.pendingDs = null
  const folded = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return folded
}

/** Applies a stored document (snapshot, then the log in order) to `doc`, in one transaction. */
export function applyStoredDoc(doc: Y.Doc, stored: StoredDoc, origin?: unknown): void {
  applyLog(
    doc,
    stored.snapshot,
    stored.updates.map((u) => u.update),
    origin,
  )
}

function applyLog(
  doc: Y.Doc,
  snapshot: Uint8Array,
  updates: readonly Uint8Array[],
  origin?: unknown,
): void {
  Y.transact(
    doc,
    () => {
      Y.applyUpdate(doc, snapshot)
      for (const update of updates) Y.applyUpdate(doc, update)
    },
    origin,
  )
}
