import * as Y from 'yjs'
import {
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness'
import type { FastifyBaseLogger } from 'fastify'
import { migrateRoomDoc } from '@threatboard/shared/doc/roomDoc.ts'
import { CloseCode } from '@threatboard/shared/protocol/closeCodes.ts'
import { RoomError } from '../errors.ts'
import { can, type Role } from '../auth/authorize.ts'
import { STORE_UNAVAILABLE_REASON } from '../sync/SyncConnection.ts'
import { applyStoredDoc, storedBytes, type DocStore } from '../persistence/DocStore.ts'
import type { ControlMessage, Fanout, RoomMessage } from '../scale/Fanout.ts'
import { Room } from './Room.ts'
import { boardSchema } from './boardSchema.ts'
import { FanoutOrigin } from './origins.ts'

export interface RoomRegistryOptions {
  /** Where the rooms' documents are: rooms need nothing else of the store. */
  store: DocStore
  log: FastifyBaseLogger
  storeRetryMs: number
  compactAfterBytes: number
  compactAfterUpdates: number
  maxLoadedRooms: number
  /** See `RoomOptions.sleepAfterMs` (0 or unset: rooms never sleep). */
  sleepAfterMs?: number
  /** Told each time a sleeping room wakes (for /metrics). */
  onRoomWake?: () => void
  /** How this node hears the others (a bus of its own when alone). */
  fanout: Fanout
  /** A node not heard from for this long is taken for dead: its clients' presence is dropped. */
  nodeSilenceMs?: number
  /**
   * The store may have other writers (PostgreSQL), with or without a bus between them: rooms
   * then compact as a cluster's do, so no node folds away an entry it has not seen.
   */
  sharedStore?: boolean
  /** Told of every change another node published that this node applied (for /metrics). */
  onFanoutApplied?: (kind: RoomMessage['kind'], sentAt: number) => void
}

/** How often a node says it is alive on the control channel. */
const ALIVE_INTERVAL_MS = 2000
/** Longest a compaction may hold its room's lease (released as soon as it is done). */
const COMPACTION_LEASE_MS = 60_000

/**
 * Loads rooms on first use and unloads them when the last connection leaves. A room being
 * unloaded is fully flushed before the same room can be loaded again, so two Room objects of one
 * node never write the same room. A room whose store is failing stays loaded, connections or
 * not, until its pending updates are written.
 *
 * In a cluster every node may hold the same room (ADR 0007): a loaded room is subscribed to its
 * channel on the fan-out bus, applies what other nodes accepted, and publishes what this node
 * accepted; orders that concern every node (revocation, deletion) go over the control channel.
 */
export class RoomRegistry {
  private loaded = new Map<string, Promise<Room>>()
  /** The rooms of `loaded` whose load finished. */
  private ready = new Set<Room>()
  private unloading = new Map<string, Promise<void>>()
  /** Rooms whose fan-out messages arrived while they were loading, applied once loaded. */
  private early = new Map<string, RoomMessage[]>()
  /** Other nodes, and when each was last heard from. */
  private nodesSeen = new Map<string, number>()
  private heartbeat: NodeJS.Timeout
  private readonly opts: RoomRegistryOptions
  private readonly fanout: Fanout

  constructor(opts: RoomRegistryOptions) {
    this.opts = opts
    this.fanout = opts.fanout
    this.fanout.onControl((m) => this.onControl(m))
    this.fanout.onHealth((health) => {
      if (health === 'ok') void this.resync()
    })
    this.heartbeat = setInterval(() => {
      this.fanout.control({ type: 'alive', node: this.fanout.nodeId })
      this.dropSilentNodes()
    }, ALIVE_INTERVAL_MS)
    this.heartbeat.unref()
  }

  /** Loaded rooms whose last write the store refused (see `onStoreHealth`). */
  private readonly refusing = new Set<Room>()

  /** How many loaded rooms the store is refusing writes for now (for /readyz). */
  storeRefusingRooms(): number {
    for (const room of this.refusing)
      if (room.deleted || !room.storeFailing) this.refusing.delete(room)
    return this.refusing.size
  }

  /** How many loaded rooms keep their document encoded now (see `Room.doc`). */
  sleepingCount(): number {
    let n = 0
    for (const room of this.ready) if (room.asleep) n++
    return n
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
    this.ready.delete(room)
    this.fanout.unsubscribe(room.id)
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
   * Stops a deleted room on every node: nothing more of it is written and every peer is closed
   * with ROOM_NOT_FOUND. The room unloads as its connections go.
   */
  async evict(id: string): Promise<void> {
    this.fanout.control({ type: 'evict', node: this.fanout.nodeId, room: id })
    await this.evictHere(id)
  }

  private async evictHere(id: string): Promise<void> {
    const room = await this.peek(id)
    if (!room) return
    room.deleted = true
    for (const peer of [...room.peers]) peer.close(CloseCode.ROOM_NOT_FOUND, 'room deleted')
    // Held by no one (a room kept loaded because its store refused writes): nothing else would
    // unload it.
    this.unloadIfIdle(room)
  }

  /**
   * Closes every live connection of one role on every node (its token was revoked or
   * re-issued), with TOKEN_REVOKED.
   */
  async closeRole(id: string, role: Role, reason: string): Promise<void> {
    this.fanout.control({ type: 'close-role', node: this.fanout.nodeId, room: id, role, reason })
    await this.closeRoleHere(id, role, reason)
  }

  private async closeRoleHere(id: string, role: Role, reason: string): Promise<void> {
    const room = await this.peek(id)
    for (const peer of [...(room?.peers ?? [])]) {
      if (peer.role === role) peer.close(CloseCode.TOKEN_REVOKED, reason)
    }
  }

  private onControl(m: ControlMessage): void {
    if (m.node === this.fanout.nodeId) return
    this.nodesSeen.set(m.node, Date.now())
    switch (m.type) {
      case 'evict':
        return void this.evictHere(m.room)
      case 'close-role':
        return void this.closeRoleHere(m.room, m.role, m.reason)
      case 'bye':
        this.nodesSeen.delete(m.node)
        return void this.dropNodePresence(m.node)
      case 'alive':
        return
    }
  }

  /** Presence announced through nodes silent for too long is dropped (they may have died). */
  private dropSilentNodes(): void {
    const silence = this.opts.nodeSilenceMs ?? 5 * ALIVE_INTERVAL_MS
    for (const [node, seen] of this.nodesSeen) {
      if (Date.now() - seen < silence) continue
      this.nodesSeen.delete(node)
      void this.dropNodePresence(node)
    }
  }

  private async dropNodePresence(node: string): Promise<void> {
    for (const room of await this.loadedRooms()) {
      const ids = room.remoteAwareness.get(node)
      room.remoteAwareness.delete(node)
      if (ids?.size) removeAwarenessStates(room.awareness, [...ids], new FanoutOrigin(node))
    }
  }

  private async loadedRooms(): Promise<Room[]> {
    const rooms = await Promise.all([...this.loaded.values()].map((p) => p.catch(() => undefined)))
    return rooms.filter((r) => r !== undefined)
  }

  /**
   * After the bus was down: every loaded room reads back what the store holds (everything any
   * node accepted meanwhile) and announces its own clients' presence again. The rooms are
   * subscribed again already, so nothing published from now on is missed either.
   */
  private async resync(): Promise<void> {
    for (const room of await this.loadedRooms()) {
      try {
        const stored = await this.opts.store.loadDoc(room.id)
        if (room.deleted) continue
        // Deleted through another node while the bus was down: its order never came.
        if (!stored) {
          await this.evictHere(room.id)
          continue
        }
        applyStoredDoc(room.doc, stored, new FanoutOrigin('store'))
        const own = [...room.peers].flatMap((p) => [...p.awarenessIds])
        if (own.length > 0) {
          this.fanout.publish(room.id, 'awareness', encodeAwarenessUpdate(room.awareness, own))
        }
      } catch (err) {
        this.opts.log.warn({ err, room: room.id }, 'catching up from the store failed')
      }
    }
  }

  /** A message from another node about a loaded (or loading) room. */
  private onRoomMessage(id: string, message: RoomMessage, room: Room | undefined): void {
    if (!room) {
      const early = this.early.get(id)
      if (early) early.push(message)
      return
    }
    if (room.deleted) return
    this.nodesSeen.set(message.node, Date.now())
    const origin = new FanoutOrigin(message.node)
    try {
      if (message.kind === 'update') Y.applyUpdate(room.doc, message.payload, origin)
      else applyAwarenessUpdate(room.awareness, message.payload, origin)
      this.opts.onFanoutApplied?.(message.kind, message.sentAt)
    } catch (err) {
      this.opts.log.warn({ err, room: id, node: message.node }, 'dropped a fan-out message')
    }
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
    // `fn` runs in this turn of the loop, so the room cannot fall asleep before it returns.
    const doc = room.doc
    doc.on('update', onUpdate)
    try {
      const result = fn(room)
      doc.off('update', onUpdate)
      if (changed && !(await room.commit())) throw storeUnavailable()
      return result
    } finally {
      doc.off('update', onUpdate)
      this.release(room)
    }
  }

  /** Stops the heartbeat and tells the other nodes to drop this node's presence now. */
  leaveCluster(): void {
    clearInterval(this.heartbeat)
    this.fanout.control({ type: 'bye', node: this.fanout.nodeId })
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
    if (ok) {
      this.refusing.delete(room)
      return this.unloadIfIdle(room)
    }
    this.refusing.add(room)
    for (const peer of [...room.peers]) {
      if (can(peer.role, 'edit')) peer.close(CloseCode.STORE_UNAVAILABLE, STORE_UNAVAILABLE_REASON)
    }
  }

  /**
   * Subscribes to the room's channel, then reads the store: every update another node accepted
   * is either in the store already (it is stored before it is published) or published after
   * the subscription, so the room misses nothing and serves its first client caught up.
   */
  private async load(id: string): Promise<Room> {
    let room: Room | undefined
    this.early.set(id, [])
    try {
      await this.fanout.subscribe(id, (m) => this.onRoomMessage(id, m, room))
      const loaded = (room = await this.loadStored(id))
      for (const m of this.early.get(id) ?? []) this.onRoomMessage(id, m, loaded)
      this.ready.add(loaded)
      return loaded
    } catch (err) {
      this.fanout.unsubscribe(id)
      throw err
    } finally {
      this.early.delete(id)
    }
  }

  private async loadStored(id: string): Promise<Room> {
    const { store, log } = this.opts
    const schema = await boardSchema()
    const stored = await store.loadDoc(id)
    if (!stored) throw new RoomError('ROOM_NOT_FOUND', 'room not found')
    const sizeBytes = storedBytes(stored)
    const room = new Room(
      id,
      {
        store,
        log,
        storeRetryMs: this.opts.storeRetryMs,
        compactAfterBytes: this.opts.compactAfterBytes,
        compactAfterUpdates: this.opts.compactAfterUpdates,
        sleepAfterMs: this.opts.sleepAfterMs,
        onWake: this.opts.onRoomWake,
        onStoreHealth: (r, ok) => this.onStoreHealth(r, ok),
        publish: (kind, payload) => this.fanout.publish(id, kind, payload),
        cluster:
          this.fanout.clustered || this.opts.sharedStore
            ? { lease: () => this.fanout.lease(`compact:${id}`, COMPACTION_LEASE_MS) }
            : undefined,
      },
      {
        sizeBytes,
        snapshotBytes: stored.snapshot.byteLength,
        logLength: stored.updates.length,
        logBytes: sizeBytes - stored.snapshot.byteLength,
      },
    )
    try {
      room.loadStored(stored)
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
