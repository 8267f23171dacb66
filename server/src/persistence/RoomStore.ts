import type { Role } from '../auth/authorize.ts'
import type { DocStore } from './DocStore.ts'

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

/**
 * Everything the store holds about one room, as a backup carries it (`server/src/cli/backup.ts`):
 * the document folded into one snapshot, the invite tokens' hashes, staged hints and versions.
 */
export interface RoomDump {
  room: { id: string; title: string; createdAt: number; updatedAt: number }
  snapshot: Uint8Array
  tokens: { role: Role; tokenHash: string }[]
  stagedHints: { hintId: string; json: string }[]
  versions: (VersionRecord & { snapshot: Uint8Array })[]
}

/**
 * Durable storage of rooms: their metadata, invite tokens, staged hints and versions, plus their
 * documents through the `DocStore` seam it extends (see there for the document's rules).
 */
export interface RoomStore extends DocStore {
  /** Creates a room with an initial document snapshot. */
  createRoom(room: { id: string; title: string; snapshot: Uint8Array }): Promise<RoomRecord>
  getRoom(id: string): Promise<RoomRecord | undefined>
  /** Every room, most recently updated first. */
  listRooms(): Promise<RoomRecord[]>
  /** Renames a room; undefined if it does not exist. */
  renameRoom(id: string, title: string): Promise<RoomRecord | undefined>
  /** Deletes a room and its document; false if it did not exist. */
  deleteRoom(id: string): Promise<boolean>
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
  /** One room, whole, read at one moment; undefined if it does not exist. */
  exportRoom(id: string): Promise<RoomDump | undefined>
  /**
   * Writes a room from a dump in one transaction, times and version numbers as they were.
   * Throws if a room with its id exists (nothing is written then).
   */
  importRoom(dump: RoomDump): Promise<void>
  close(): Promise<void>
}
