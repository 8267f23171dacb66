/** Name of the IndexedDB database that holds this browser's copy of a room (y-indexeddb). */
export const localCopyName = (roomId: string) => `threatboard.doc.${roomId}`

/**
 * Deletes the room's copy: the room was deleted, or this browser lost its access. Plain
 * IndexedDB, so the lobby can forget a room without loading Yjs.
 */
export function clearLocalCopy(roomId: string): Promise<void> {
  if (typeof indexedDB === 'undefined') return Promise.resolve()
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(localCopyName(roomId))
    // Nothing stored, storage blocked, or another tab still has it open: nothing more to do.
    request.onsuccess = request.onerror = request.onblocked = () => resolve()
  })
}
