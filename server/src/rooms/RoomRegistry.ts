import type { FastifyBaseLogger } from 'fastify'
import {
  CloseCode,
  createBoardSchema,
  migrateRoomDoc,
  type CloseCodeValue,
} from '@threatboard/shared'
import { RoomError } from '../errors.ts'
import { can, type Role } from '../auth/authorize.ts'
import { STORE_UNAVAILABLE_REASON } from '../sync/SyncConnection.ts'
import { applyStoredDoc, storedBytes, type DocStore } from '../persistence/DocStore.ts'
import { Room } from './Room.ts'

export interface RoomRegistryOptions {
  /** Where the rooms' documents are: rooms need nothing else of the store. */
  store: DocStore
  log: FastifyBaseLogger
  storeRetryMs: number
  compactAfterUpdates: number
  maxLoadedRooms: number
}

const schema = createBoardSchema()

/**
 * Loads rooms on first use and unloads them when the last connection leaves. A room being
 * unloaded is fully flushed before the same room can be loaded again, so two Room objects never
 * write the same room. A room whose store is failing stays loaded, connections or not, until its
 * pending updates are written.
 */
export class RoomRegistry {
  private loaded = new Map<string, Promise<Room>>()
  private unloading = new Map<string, Promise<void>>()
  private readonly opts: RoomRegistryOptions

  constructor(opts: RoomRegistryOptions) {
    this.opts = opts
  }

  /** Ids of the rooms in memory now. */
  loadedIds(): string[] {
    return [...this.loaded.keys()]
  }

  /** Takes a reference on a room, loading it if needed. Pair with `release`. */
  async acquire(id: string): Promise<Room> {
    await this.unloading.get(id)
    let promise = this.loaded.get(id)
    if (!promise) {
      if (this.loaded.size >= this.opts.maxLoadedRooms) {
        throw new RoomError(
          'TOO_MANY_ROOMS',
          'this server holds its maximum number of open rooms; try again later',
        )
      }
      promise = this.load(id)
      this.loaded.set(id, promise)
      promise.catch(() => this.loaded.delete(id))
    }
    const room = await promise
    room.refs++
    return room
  }

  /** Drops a reference; the last one out unloads the room. */
  release(room: Room): void {
    room.refs--
    this.unloadIfIdle(room)
  }

  private unloadIfIdle(room: Room): void {
    if (room.refs > 0 || this.loaded.get(room.id) === undefined) return
    // Unloading would drop what the store has not taken yet; the retry unloads it later.
    if (room.storeFailing && !room.deleted) return
    this.loaded.delete(room.id)
    const done = room
      .unload()
      .catch((err) => this.opts.log.error({ err, room: room.id }, 'unloading failed'))
      .finally(() => this.unloading.delete(room.id))
    this.unloading.set(room.id, done)
  }

  /** The loaded room with this id, if any (does not load). */
  async peek(id: string): Promise<Room | undefined> {
    return this.loaded.get(id)?.catch(() => undefined)
  }

  /**
   * Stops a deleted room: nothing more of it is written and every peer is closed with `code`.
   * The room unloads as its connections go.
   */
  async evict(id: string, code: CloseCodeValue, reason: string): Promise<void> {
    const room = await this.peek(id)
    if (!room) return
    room.deleted = true
    for (const peer of [...room.peers]) peer.close(code, reason)
  }

  /** Closes every live connection of one role (its token was revoked or re-issued). */
  async closeRole(id: string, role: Role, code: CloseCodeValue, reason: string): Promise<void> {
    const room = await this.peek(id)
    for (const peer of [...(room?.peers ?? [])]) if (peer.role === role) peer.close(code, reason)
  }

  /**
   * Runs `fn` on the room's document as the server (hints, reviews), loading the room for the
   * duration if no one is connected. What `fn` changes is committed to the store before this
   * resolves, so a request answers only once its change is on disk; if the store refuses, a 503
   * (STORE_UNAVAILABLE) instead, and the change is kept and retried like a client's.
   */
  async withRoom<T>(id: string, fn: (room: Room) => T): Promise<T> {
    const room = await this.acquire(id)
    let changed = false
    const onUpdate = () => (changed = true)
    room.doc.on('update', onUpdate)
    try {
      const result = fn(room)
      room.doc.off('update', onUpdate)
      if (changed && !(await room.commit())) throw storeUnavailable()
      return result
    } finally {
      room.doc.off('update', onUpdate)
      this.release(room)
    }
  }

  /** Waits for every in-flight unload and flushes every loaded room. */
  async flushAll(): Promise<void> {
    const rooms = await Promise.all([...this.loaded.values()].map((p) => p.catch(() => undefined)))
    await Promise.all(rooms.map((r) => r?.compact()))
    await Promise.all(this.unloading.values())
  }

  /**
   * The store refused a write: everyone who could write is told (4507) and turned away until it
   * works again; readers stay. Once it works, a room no one holds is unloaded as usual.
   */
  private onStoreHealth(room: Room, ok: boolean): void {
    if (ok) return this.unloadIfIdle(room)
    for (const peer of [...room.peers]) {
      if (can(peer.role, 'edit')) peer.close(CloseCode.STORE_UNAVAILABLE, STORE_UNAVAILABLE_REASON)
    }
  }

  private async load(id: string): Promise<Room> {
    const { store, log } = this.opts
    const stored = await store.loadDoc(id)
    if (!stored) throw new RoomError('ROOM_NOT_FOUND', 'room not found')
    const sizeBytes = storedBytes(stored)
    const room = new Room(
      id,
      {
        store,
        log,
        storeRetryMs: this.opts.storeRetryMs,
        compactAfterUpdates: this.opts.compactAfterUpdates,
        onStoreHealth: (r, ok) => this.onStoreHealth(r, ok),
      },
      { sizeBytes, logLength: stored.updates.length, lastSeq: stored.lastSeq },
    )
    try {
      applyStoredDoc(room.doc, stored)
    } catch (err) {
      log.error({ err, room: id }, 'stored document is unreadable')
      throw new RoomError('LOAD_FAILED', 'the stored document could not be read')
    }
    room.startLogging()
    const outcome = migrateRoomDoc(room.doc, schema)
    if (outcome.type === 'error') {
      log.error({ room: id, reason: outcome.reason }, 'room cannot be migrated')
      throw new RoomError('LOAD_FAILED', `the room cannot be opened: ${outcome.reason}`)
    }
    if (outcome.type === 'migrated') log.info({ room: id, ...outcome }, 'room migrated')
    log.debug({ room: id, sizeBytes }, 'room loaded')
    return room
  }
}

const storeUnavailable = () =>
  new RoomError('STORE_UNAVAILABLE', 'the server cannot save right now; try again shortly')
