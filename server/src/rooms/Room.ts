import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import type { FastifyBaseLogger } from 'fastify'
import type { CloseCodeValue } from '@threatboard/shared'
import type { Role } from '../auth/authorize.ts'
import type { RoomStore } from '../persistence/RoomStore.ts'
import { encodeAwareness, encodeUpdate } from '../sync/protocol.ts'

export interface RoomOptions {
  store: RoomStore
  log: FastifyBaseLogger
  /** While the store refuses writes, pending updates are retried this many ms apart. */
  storeRetryMs: number
  /** Compact the log into a snapshot once it holds this many updates. */
  compactAfterUpdates: number
  /** Called when the store failed (`ok` false) and when it took the pending updates again. */
  onStoreHealth?: (room: Room, ok: boolean) => void
}

/** Something updates can come from, and messages can be sent to (a sync connection). */
export interface RoomPeer {
  send(message: Uint8Array): void
  /** Awareness client ids this peer has announced (removed for everyone when it leaves). */
  readonly awarenessIds: Set<number>
  /** The role the peer's token grants. */
  readonly role: Role
  close(code: CloseCodeValue, reason: string): void
}

interface AwarenessChange {
  added: number[]
  updated: number[]
  removed: number[]
}

/**
 * One loaded room: its Y.Doc, awareness and connected peers, and its log on disk. An update the
 * doc accepts is committed to the store before it is relayed to anyone: updates that arrive in
 * one turn of the event loop are written in one transaction at the end of that turn (group
 * commit), then relayed. So "another client saw it" means "it is on disk", whatever the loop does
 * afterwards. While the store fails, nothing is relayed and writers are turned away (see
 * `storeFailing`); the pending updates are retried until the store takes them.
 */
export class Room {
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness = new Awareness(this.doc)
  readonly peers = new Set<RoomPeer>()
  /** Connections holding this room (counted from acquire, before they are peers). */
  refs = 0
  /** Bytes the document takes in the store plus what is still pending. */
  sizeBytes: number
  /** Set when the room was deleted: nothing more is written. */
  deleted = false
  /**
   * Awareness client id → the role of the connection that first claimed it while the room was
   * loaded. Another connection may take an id only when no peer holds it and its role is the
   * same, so a viewer cannot wear a departed editor's cursor.
   */
  readonly awarenessOwners = new Map<number, Role>()

  /** `sizeBytes` right after the room last measured its document (see `admits`). */
  private measuredAt: number | undefined
  /** Updates the doc accepted that are not committed yet, with the peer each came from. */
  private pending: { update: Uint8Array; origin: unknown }[] = []
  private commitScheduled = false
  private failing = false
  private retryTimer: NodeJS.Timeout | undefined
  private logLength: number
  private chain: Promise<void> = Promise.resolve()
  readonly id: string
  private readonly opts: RoomOptions

  constructor(id: string, opts: RoomOptions, stored: { sizeBytes: number; logLength: number }) {
    this.id = id
    this.opts = opts
    this.sizeBytes = stored.sizeBytes
    this.logLength = stored.logLength
    // Awareness has its own clock-driven timeout; the server only relays, so turn it off.
    clearInterval((this.awareness as unknown as { _checkInterval: NodeJS.Timeout })._checkInterval)
    this.awareness.setLocalState(null)
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) => {
      const peer = this.peers.has(origin as RoomPeer) ? (origin as RoomPeer) : undefined
      for (const id of change.added) peer?.awarenessIds.add(id)
      for (const id of change.removed) peer?.awarenessIds.delete(id)
      const ids = [...change.added, ...change.updated, ...change.removed]
      this.broadcast(encodeAwareness(this.awareness, ids))
    })
  }

  /**
   * Whether `bytes` more keep the room under `maxBytes`. `sizeBytes` adds every accepted update,
   * overwrites included, so it only ever over-estimates; before refusing, the room measures what
   * it really holds. It measures again only once the counter has grown by a 64th of the limit
   * since, so refusals at the limit do not each cost a whole-document encoding.
   */
  admits(bytes: number, maxBytes: number): boolean {
    if (this.sizeBytes + bytes <= maxBytes) return true
    if (this.measuredAt === undefined || this.sizeBytes - this.measuredAt >= maxBytes / 64) {
      this.sizeBytes = Y.encodeStateAsUpdate(this.doc).byteLength
      this.measuredAt = this.sizeBytes
    }
    return this.sizeBytes + bytes <= maxBytes
  }

  /** True while the store refuses writes: updates are refused and the pending ones retried. */
  get storeFailing(): boolean {
    return this.failing
  }

  /** Starts logging every later update of the doc (call after the stored state is applied). */
  startLogging(): void {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (this.deleted) return
      this.pending.push({ update, origin })
      this.sizeBytes += update.byteLength
      if (this.failing || this.commitScheduled) return
      this.commitScheduled = true
      // The end of this turn of the loop: every message read in it joins one transaction.
      setImmediate(() => this.commit())
    })
  }

  /** Sends a message to every peer except `except`. */
  broadcast(message: Uint8Array, except?: unknown): void {
    for (const peer of this.peers) if (peer !== except) peer.send(message)
  }

  /**
   * Commits every pending update in one transaction, then relays them. Returns false (and keeps
   * them, and arms a retry) if the store refused. Synchronous, so a caller that must answer only
   * once its change is on disk (an HTTP write) can call it directly.
   */
  commit(): boolean {
    this.commitScheduled = false
    if (this.deleted) this.pending = []
    if (this.pending.length === 0) return !this.failing
    const batch = this.pending
    try {
      this.opts.store.appendUpdates(
        this.id,
        batch.map((p) => p.update),
      )
    } catch (err) {
      // Said once per outage; the retries would only repeat it.
      if (!this.failing) {
        this.opts.log.error({ err, room: this.id }, 'writing updates failed; refusing changes')
      }
      this.enterFailing()
      return false
    }
    this.pending = []
    this.logLength += batch.length
    this.relay(batch)
    if (this.failing) {
      this.failing = false
      clearTimeout(this.retryTimer)
      this.retryTimer = undefined
      this.opts.log.warn({ room: this.id }, 'the store takes writes again; changes accepted')
      this.opts.onStoreHealth?.(this, true)
    }
    if (this.logLength >= this.opts.compactAfterUpdates) void this.compact()
    return true
  }

  /**
   * Relays a committed batch. Several updates go out merged into one, so each peer gets one
   * message per commit instead of one per update: under load the sends were most of the room's
   * CPU (bench/RESULTS.md, issue 13). A peer then also gets its own update back inside the
   * merge, which Yjs skips as already applied.
   */
  private relay(batch: readonly { update: Uint8Array; origin: unknown }[]): void {
    if (batch.length === 1) return this.broadcast(encodeUpdate(batch[0]!.update), batch[0]!.origin)
    this.broadcast(encodeUpdate(Y.mergeUpdates(batch.map((p) => p.update))))
  }

  private enterFailing(): void {
    const first = !this.failing
    this.failing = true
    clearTimeout(this.retryTimer)
    this.retryTimer = setTimeout(() => this.commit(), this.opts.storeRetryMs)
    if (first) this.opts.onStoreHealth?.(this, false)
  }

  /** Commits what is pending; resolves once any compaction under way is done. */
  flush(): Promise<void> {
    this.commit()
    return this.chain
  }

  /**
   * Replaces the stored log with one snapshot. Runs on its own turn of the loop, after the
   * pending updates are committed; skipped while any are not (the log then stays as it is).
   */
  compact(): Promise<void> {
    this.chain = this.chain.then(() => {
      this.commit()
      this.compactNow()
    })
    return this.chain
  }

  private compactNow(): void {
    if (this.deleted || this.failing || this.pending.length > 0) return
    // The snapshot holds exactly what is committed: nothing is pending, and the write below is
    // synchronous, so no update can slip in between.
    const snapshot = Y.encodeStateAsUpdate(this.doc)
    try {
      this.opts.store.compact(this.id, snapshot)
      this.logLength = 0
      this.sizeBytes = snapshot.byteLength
    } catch (err) {
      this.opts.log.error({ err, room: this.id }, 'compaction failed; the log is kept')
    }
  }

  /** Commits, compacts and frees the room. */
  async unload(): Promise<void> {
    if (!this.deleted) await this.compact()
    clearTimeout(this.retryTimer)
    this.awareness.destroy()
    this.doc.destroy()
  }
}
