import type { Role } from '../auth/authorize.ts'
import { foldStoredDoc, type LoggedUpdate, type StoredDoc } from './DocStore.ts'
import type { RoomDump, RoomRecord, RoomStore, VersionRecord } from './RoomStore.ts'

interface Entry {
  record: RoomRecord
  snapshot: Uint8Array
  /** The sequence number the snapshot folds the log up to. */
  snapshotSeq: number
  updates: LoggedUpdate[]
  /** The last sequence number handed out. */
  seq: number
  tokens: Map<Role, string>
  staged: Map<string, string>
  versions: (VersionRecord & { snapshot: Uint8Array })[]
}

const total = (e: Entry) =>
  e.snapshot.byteLength + e.updates.reduce((n, u) => n + u.update.byteLength, 0)

/** Keeps rooms in process memory: for tests and throwaway demos (STORE=memory). */
export class MemoryRoomStore implements RoomStore {
  private rooms = new Map<string, Entry>()

  /** A second handle on the same rooms, as a second server on one database has (tests). */
  sibling(): MemoryRoomStore {
    const other = new MemoryRoomStore()
    other.rooms = this.rooms
    return other
  }

  async createRoom(room: { id: string; title: string; snapshot: Uint8Array }) {
    const now = Date.now()
    const entry: Entry = {
      record: { id: room.id, title: room.title, createdAt: now, updatedAt: now, sizeBytes: 0 },
      snapshot: room.snapshot.slice(),
      snapshotSeq: 0,
      updates: [],
      seq: 0,
      tokens: new Map(),
      staged: new Map(),
      versions: [],
    }
    entry.record.sizeBytes = total(entry)
    this.rooms.set(room.id, entry)
    return { ...entry.record }
  }

  async getRoom(id: string) {
    const e = this.rooms.get(id)
    return e && { ...e.record }
  }

  async listRooms() {
    return [...this.rooms.values()]
      .map((e) => ({ ...e.record }))
      .sort((a, b) => b.updatedAt - a.updatedAt)
  }

  async renameRoom(id: string, title: string) {
    const e = this.rooms.get(id)
    if (!e) return undefined
    e.record.title = title
    e.record.updatedAt = Date.now()
    return { ...e.record }
  }

  async deleteRoom(id: string) {
    return this.rooms.delete(id)
  }

  async loadDoc(id: string): Promise<StoredDoc | undefined> {
    const e = this.rooms.get(id)
    if (!e) return undefined
    const updates = e.updates.map((u) => ({ seq: u.seq, update: u.update.slice() }))
    return { snapshot: e.snapshot.slice(), updates, lastSeq: updates.at(-1)?.seq ?? e.snapshotSeq }
  }

  async appendUpdates(id: string, updates: Uint8Array[]) {
    const e = this.rooms.get(id)
    if (!e) return undefined
    if (updates.length === 0) return e.seq
    for (const u of updates) {
      e.updates.push({ seq: ++e.seq, update: u.slice() })
      // Counted as it grows: summing the whole log on every append made a busy room's writes
      // quadratic (bench/RESULTS.md, 2 December).
      e.record.sizeBytes += u.byteLength
    }
    e.record.updatedAt = Date.now()
    return e.seq
  }

  async compact(id: string, snapshot: Uint8Array, upToSeq: number) {
    const e = this.rooms.get(id)
    if (!e || upToSeq < e.snapshotSeq) return
    e.snapshot = snapshot.slice()
    e.snapshotSeq = upToSeq
    e.updates = e.updates.filter((u) => u.seq > upToSeq)
    e.record.sizeBytes = total(e)
  }

  async setToken(roomId: string, role: Role, tokenHash: string) {
    this.rooms.get(roomId)?.tokens.set(role, tokenHash)
  }

  async findToken(roomId: string, tokenHash: string) {
    for (const [role, hash] of this.rooms.get(roomId)?.tokens ?? []) {
      if (hash === tokenHash) return role
    }
    return undefined
  }

  async revokeToken(roomId: string, role: Role) {
    return this.rooms.get(roomId)?.tokens.delete(role) ?? false
  }

  async putStagedHint(roomId: string, hintId: string, json: string) {
    this.rooms.get(roomId)?.staged.set(hintId, json)
  }

  async listStagedHints(roomId: string) {
    return [...(this.rooms.get(roomId)?.staged.values() ?? [])]
  }

  async takeStagedHint(roomId: string, hintId: string) {
    const staged = this.rooms.get(roomId)?.staged
    const json = staged?.get(hintId)
    staged?.delete(hintId)
    return json
  }

  async saveVersion(
    roomId: string,
    v: { id: string; name: string; createdBy: string; snapshot: Uint8Array },
  ) {
    const e = this.rooms.get(roomId)
    if (!e) return undefined
    const record: VersionRecord = {
      id: v.id,
      number: e.versions.length + 1,
      name: v.name,
      createdBy: v.createdBy,
      createdAt: Date.now(),
      sizeBytes: v.snapshot.byteLength,
    }
    e.versions.push({ ...record, snapshot: v.snapshot.slice() })
    return record
  }

  async listVersions(roomId: string) {
    return (this.rooms.get(roomId)?.versions ?? []).map(({ snapshot: _, ...v }) => v).reverse()
  }

  async getVersion(roomId: string, versionId: string) {
    const v = this.rooms.get(roomId)?.versions.find((x) => x.id === versionId)
    return v && { ...v, snapshot: v.snapshot.slice() }
  }

  async exportRoom(id: string): Promise<RoomDump | undefined> {
    const e = this.rooms.get(id)
    const stored = await this.loadDoc(id)
    if (!e || !stored) return undefined
    const { title, createdAt, updatedAt } = e.record
    return {
      room: { id, title, createdAt, updatedAt },
      snapshot: foldStoredDoc(stored),
      tokens: [...e.tokens].map(([role, tokenHash]) => ({ role, tokenHash })),
      stagedHints: [...e.staged].map(([hintId, json]) => ({ hintId, json })),
      versions: e.versions.map((v) => ({ ...v, snapshot: v.snapshot.slice() })),
    }
  }

  async importRoom(dump: RoomDump) {
    if (this.rooms.has(dump.room.id)) throw new Error(`room ${dump.room.id} exists`)
    const entry: Entry = {
      record: { ...dump.room, sizeBytes: dump.snapshot.byteLength },
      snapshot: dump.snapshot.slice(),
      snapshotSeq: 0,
      updates: [],
      seq: 0,
      tokens: new Map(dump.tokens.map((t) => [t.role, t.tokenHash])),
      staged: new Map(dump.stagedHints.map((h) => [h.hintId, h.json])),
      versions: dump.versions.map((v) => ({ ...v, snapshot: v.snapshot.slice() })),
    }
    this.rooms.set(dump.room.id, entry)
  }

  async close() {}
}
