/** What the store keeps about a room besides its document. Times are epoch ms. */
export interface RoomRecord {
  id: string
  title: string
  createdAt: number
  updatedAt: number
  /** Bytes of the stored snapshot plus the update log. */
  sizeBytes: number
}

/** A room's stored document: the compacted snapshot, then the updates logged since, in order. */
export interface StoredDoc {
  snapshot: Uint8Array
  updates: Uint8Array[]
}

/**
 * Durable storage of rooms. A room's document is an append-only log of Yjs updates on top of a
 * snapshot; `compact` replaces both with one snapshot atomically, so a crash at any point leaves
 * either the old snapshot and log or the new snapshot, never a mix that loses or doubles state.
 *
 * Callers serialise writes per room (the Room's write chain); implementations need not.
 */
export interface RoomStore {
  /** Creates a room with an initial document snapshot. */
  createRoom(room: { id: string; title: string; snapshot: Uint8Array }): Promise<RoomRecord>
  getRoom(id: string): Promise<RoomRecord | undefined>
  /** Every room, most recently updated first. */
  listRooms(): Promise<RoomRecord[]>
  /** Renames a room; undefined if it does not exist. */
  renameRoom(id: string, title: string): Promise<RoomRecord | undefined>
  /** Deletes a room and its document; false if it did not exist. */
  deleteRoom(id: string): Promise<boolean>
  /** The stored document, or undefined if the room does not exist. */
  loadDoc(id: string): Promise<StoredDoc | undefined>
  /** Appends updates to the room's log in one transaction. No-op if the room is gone. */
  appendUpdates(id: string, updates: Uint8Array[]): Promise<void>
  /**
   * Atomically replaces the room's snapshot and whole log with `snapshot`, which must contain
   * every update appended so far.
   */
  compact(id: string, snapshot: Uint8Array): Promise<void>
  close(): Promise<void>
}
