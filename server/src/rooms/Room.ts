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
  /** Accepted updates are handed to the store at most this many ms after they arrive. */
  flushIntervalMs: number
  /** Compact the log into a snapshot once it holds this many updates. */
  compactAfterUpdates: number
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
 * One loaded room: its Y.Doc, awareness and connected peers, and the write-behind log that
 * makes every accepted update durable within `flushIntervalMs` plus one transaction.
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

  /** `sizeBytes` right after the room last measured its document (see `admits`). */
  private measuredAt: number | undefined
  private pending: Uint8Array[] = []
  private logLength: number
  private timer: NodeJS.Timeout | undefined
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

  /** Starts logging every later update of the doc (call after the stored state is applied). */
  startLogging(): void {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (this.deleted) return
      this.pending.push(update)
      this.sizeBytes += update.byteLength
      this.timer ??= setTimeout(() => void this.flush(), this.opts.flushIntervalMs)
      this.broadcast(encodeUpdate(update), origin)
    })
  }

  /** Sends a message to every peer except `except`. */
  broadcast(message: Uint8Array, except?: unknown): void {
    for (const peer of this.peers) if (peer !== except) peer.send(message)
  }

  /** Hands pending updates to the store; resolves when they are committed. */
  flush(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    const batch = this.pending
    if (batch.length === 0 || this.deleted) return this.chain
    this.pending = []
    this.chain = this.chain.then(async () => {
      try {
        await this.opts.store.appendUpdates(this.id, batch)
        this.logLength += batch.length
      } catch (err) {
        // Keep the batch: it is retried with the next flush, so nothing accepted is lost.
        this.opts.log.error({ err, room: this.id }, 'writing updates failed; will retry')
        this.pending.unshift(...batch)
        this.timer ??= setTimeout(() => void this.flush(), 1000)
        return
      }
      if (this.logLength >= this.opts.compactAfterUpdates) await this.compactNow()
    })
    return this.chain
  }

  /** Replaces the stored log with one snapshot (after flushing what is pending). */
  compact(): Promise<void> {
    void this.flush()
    this.chain = this.chain.then(() => this.compactNow())
    return this.chain
  }

  private async compactNow(): Promise<void> {
    if (this.deleted || this.pending.length > 0) return
    const snapshot = Y.encodeStateAsUpdate(this.doc)
    try {
      await this.opts.store.compact(this.id, snapshot)
      this.logLength = 0
      this.sizeBytes = snapshot.byteLength
    } catch (err) {
      this.opts.log.error({ err, room: this.id }, 'compaction failed; the log is kept')
    }
  }

  /** Flushes, compacts and frees the room. */
  async unload(): Promise<void> {
    if (!this.deleted) await this.compact()
    clearTimeout(this.timer)
    this.awareness.destroy()
    this.doc.destroy()
  }
}
