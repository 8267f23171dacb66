import type * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import { localCopyName } from './clearLocalCopy.ts'

/**
 * This browser's copy of a room's document in IndexedDB (y-indexeddb): what it saw and what it
 * edited, offline included, so a board reopened without a network shows the last state and the
 * edits made meanwhile reach the server when it is back. Only Yjs updates are stored: the
 * invite token stays in localStorage alone.
 */
/** Keeps `doc` in IndexedDB, or returns null where IndexedDB is unavailable. */
export function keepLocalCopy(roomId: string, doc: Y.Doc): IndexeddbPersistence | null {
  if (typeof indexedDB === 'undefined') return null
  const copy = new IndexeddbPersistence(localCopyName(roomId), doc)
  // Blocked storage (private mode, quota): the room still works, online only.
  copy._db.catch(() => {})
  return copy
}
