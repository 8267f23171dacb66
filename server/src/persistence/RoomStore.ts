import type { Role } from '../auth/authorize.ts'

/** What the store keeps about a room besides its document. Times are epoch ms. */
export interface RoomRecord {
  id: string
  title: string
  createdAt: number
  updatedAt: number
  /** Bytes of the stored snapshot plus the update log. */
  sizeBytes: number
}

/** A named point-in-time snapshot of a room. */
export interface VersionRecord {
  id: string
  /** 1, 2, 3… per room, in the order versions were saved. */
  number: number
  name: string
  createdBy: string
  createdAt: number
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
 * The two writes of a room's document, `appendUpdates` and `compact`, are synchronous: they have
 * committed when they return and throw when they could not. The server relays an update only
 * after it returned, so "another client saw it" means "it is on disk", whatever the event loop
 * does next (see docs/durability.md). Every other method may be asynchronous.
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
  /**
   * Appends updates to the room's log in one committed transaction before returning; throws if
   * they could not be stored (nothing of the batch is kept then). No-op if the room is gone.
   */
  appendUpdates(id: string, updates: Uint8Array[]): void
  /**
   * Atomically replaces the room's snapshot and whole log with `snapshot`, which must contain
   * every update appended so far. Committed before returning; throws (keeping the old snapshot
   * and log) if it could not be.
   */
  compact(id: string, snapshot: Uint8Array): void
  /**
   * Stores the SHA-256 hash of a role's invite token. A role has one current token: setting a
   * new one revokes the old.
   */
  setToken(roomId: string, role: Role, tokenHash: string): Promise<void>
  /** The role a token hash grants in this room, or undefined (unknown, revoked, other room). */
  findToken(roomId: string, tokenHash: string): Promise<Role | undefined>
  /** Revokes a role's current token; false if it had none. */
  revokeToken(roomId: string, role: Role): Promise<boolean>
  /** Keeps a staged (not yet revealed) hint, as JSON, out of the shared document. */
  putStagedHint(roomId: string, hintId: string, json: string): Promise<void>
  listStagedHints(roomId: string): Promise<string[]>
  /** Removes a staged hint and returns it, or undefined if there is none. */
  takeStagedHint(roomId: string, hintId: string): Promise<string | undefined>
  /** Saves a named version of the room; undefined if the room does not exist. */
  saveVersion(
    roomId: string,
    version: { id: string; name: string; createdBy: string; snapshot: Uint8Array },
  ): Promise<VersionRecord | undefined>
  /** The room's versions, newest first. */
  listVersions(roomId: string): Promise<VersionRecord[]>
  getVersion(
    roomId: string,
    versionId: string,
  ): Promise<(VersionRecord & { snapshot: Uint8Array }) | undefined>
  close(): Promise<void>
}
