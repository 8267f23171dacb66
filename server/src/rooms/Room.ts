import * as Y from 'yjs'
import { newDoc } from '../yDoc.ts'
import { Awareness } from 'y-protocols/awareness'
import type { FastifyBaseLogger } from 'fastify'
import type { CloseCodeValue } from '@threatboard/shared/protocol/closeCodes.ts'
import type { Role } from '../auth/authorize.ts'
import { applyStoredDoc, type DocStore, type StoredDoc } from '../persistence/DocStore.ts'
import { foldOffLoop } from '../persistence/foldOffLoop.ts'
import { encodeAwarenessUpdate } from 'y-protocols/awareness'
import { relayAwareness, relayUpdate } from '../sync/relay.ts'
import {
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncStep2Of,
  isEmptyStateVector,
  syncStep2Payload,
} from '../sync/protocol.ts'
import { FanoutOrigin, originKind, routeOf } from './origins.ts'

export interface RoomOptions {
  store: DocStore
  log: FastifyBaseLogger
  /** While the store refuses writes, pending updates are retried this many ms apart. */
  storeRetryMs: number
  /**
   * Compact the log into a snapshot once its bytes pass both this and the snapshot's bytes (so
   * a room rewrites its snapshot after writing about as much again, not after a fixed count).
   */
  compactAfterBytes: number
  /** …or once it holds this many updates (bounds the entries a load replays). */
  compactAfterUpdates: number
  /** Folds a stored document into one snapshot (default: `foldOffLoop`, a worker thread). */
  fold?: (stored: StoredDoc) => Promise<Uint8Array>
  /** Called when the store failed (`ok` false) and when it took the pending updates again. */
  onStoreHealth?: (room: Room, ok: boolean) => void
  /**
   * Tells the other nodes of a change this node accepted: a document update once it is
   * committed, an awareness update at once (see `routeOf` for which changes).
   */
  publish?: (kind: 'update' | 'awareness', payload: Uint8Array) => void
  /**
   * Set when other nodes share the room's log: a compaction then holds a cluster-wide lease
   * (`lease` resolves to its release, or undefined when another node holds it) and reads the
   * log back before folding it.
   */
  cluster?: { lease: () => Promise<(() => Promise<void>) | undefined> }
  /**
   * A room whose document nothing touched for this long (times its size in 64 KiB, at most
   * 60 times) keeps the document encoded instead of as a live Y.Doc until it is used again (see
   * `Room.doc`). 0 or unset: never.
   */
  sleepAfterMs?: number
  /** Called each time a sleeping room loads its document again (for /metrics). */
  onWake?: () => void
}

/**
 * A whole-document sync reply of at least this many bytes is kept for the next fresh client
 * (see `Room.fullStateReply`). Encoding one costs ~20 ms per MB on the loop; a smaller one
 * costs about 1 ms or less each time and is not worth the memory.
 */
export const FULL_STATE_KEEP_BYTES = 64 * 1024

/** A sleeping room waits this many times longer per 64 KiB it holds, up to `SLEEP_MAX_FACTOR`. */
const SLEEP_STEP_BYTES = 64 * 1024
const SLEEP_MAX_FACTOR = 60

/** Whether a transaction changed the document: what Yjs checks before it emits an update. */
function changedDocument(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true
  for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true
  return false
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
 * One loaded room: its Y.Doc, awareness and connected peers, and its log in the store. An update
 * the doc accepts is committed to the store before it is relayed to anyone: updates that arrive
 * in one turn of the event loop are written in one transaction at the end of that turn (group
 * commit), then relayed; while a write is under way, what arrives meanwhile waits for it and goes
 * in the next. So "another client saw it" means "it is stored", whatever the loop does
 * afterwards. While the store fails, nothing is relayed and writers are turned away (see
 * `storeFailing`); the pending updates are retried until the store takes them.
 */
export class Room {
  /**
   * Presence, on a document of its own: the room's document may sleep, presence does not. The
   * server never sets a state of its own, so the awareness's client id is unused.
   */
  readonly awareness = new Awareness(newDoc())
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
  /** Awareness client ids announced through each other node (dropped when that node goes). */
  readonly remoteAwareness = new Map<string, Set<number>>()

  /** The document, while the room is awake (see `doc`). */
  private live: Y.Doc | undefined = newDoc({ gc: true })
  /** While asleep: the whole document as a sync step 2 message, and the update inside it. */
  private asleepReply: Uint8Array | undefined
  private asleepUpdate: Uint8Array | undefined
  /** While asleep: the document's state vector. */
  private asleepVector: Uint8Array | undefined
  /** The document's own client id (what the server writes with), kept across sleeps. */
  private clientId: number
  /** When `doc` was last read (`performance.now()`). */
  private touchedAt = 0
  private sleepTimer: NodeJS.Timeout | undefined
  private logging = false
  /** The last whole-document reply (see `fullStateReply`), until the document changes. */
  private fullState: Uint8Array | undefined
  /** `sizeBytes` right after the room last measured its document (see `admits`). */
  private measuredAt: number | undefined
  /** Updates the doc accepted that are not committed yet, with the peer each came from. */
  private pending: { update: Uint8Array; origin: unknown }[] = []
  private commitScheduled = false
  private failing = false
  private retryTimer: NodeJS.Timeout | undefined
  /** Entries this room wrote to (or loaded from) the stored log since its last compaction. */
  private logLength: number
  /** Their bytes. */
  private logBytes: number
  /** Bytes of the stored snapshot, as of the last compaction (or the load). */
  private snapshotBytes: number
  /** Bytes the doc accepted that are not committed yet (pending, or being written). */
  private unstoredBytes = 0
  /** A compaction the log's size asked for is queued or running (one at a time is enough). */
  private compactionDue = false
  /** The stored snapshot holds what the room left out when it loaded: rewrite it, log or not. */
  private snapshotStale = false
  /** The write under way and those queued behind it: one at a time, in order. */
  private writes: Promise<boolean> = Promise.resolve(true)
  private chain: Promise<void> = Promise.resolve()
  readonly id: string
  private readonly opts: RoomOptions

  constructor(
    id: string,
    opts: RoomOptions,
    stored: { sizeBytes: number; snapshotBytes: number; logLength: number; logBytes: number },
  ) {
    this.id = id
    this.opts = opts
    this.sizeBytes = stored.sizeBytes
    this.snapshotBytes = stored.snapshotBytes
    this.logLength = stored.logLength
    this.logBytes = stored.logBytes
    this.clientId = this.live!.clientID
    // Awareness has its own clock-driven timeout; the server only relays, so turn it off.
    clearInterval((this.awareness as unknown as { _checkInterval: NodeJS.Timeout })._checkInterval)
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.onAwareness)
    this.listenTo(this.live!)
  }

  /**
   * The room's Y.Doc. A room that slept (nothing read its document for `sleepAfterMs`, see
   * `RoomOptions`) keeps only the encoded document, its state vector and its client id; reading
   * `doc` loads it again, with the same client id, the listeners of a loaded room and, for a
   * large document, the encoded reply kept for fresh clients. Sync steps, presence and relays
   * do not need the document (see `syncStep1`, `syncStep2`): a room with idle clients sleeps.
   * Sleeping costs one encoding of the document and waking one decoding (bench/RESULTS.md), so
   * a large room waits longer before it sleeps.
   */
  get doc(): Y.Doc {
    this.touchedAt = performance.now()
    return this.live ?? this.wake()
  }

  /** Whether the room keeps its document encoded now (see `doc`). */
  get asleep(): boolean {
    return this.live === undefined
  }

  /** The server's sync step 1 to a joining client: the document's state vector. */
  syncStep1(): Uint8Array {
    return encodeSyncStep1(this.asleepVector ?? Y.encodeStateVector(this.live!))
  }

  /**
   * The server's sync step 2 to a client with this state vector: what it lacks. A sleeping room
   * answers from its encoded document, without waking, unless the document is large (computing
   * the difference from the encoding then costs more than from a loaded doc).
   */
  syncStep2(stateVector: Uint8Array): Uint8Array {
    if (isEmptyStateVector(stateVector)) return this.fullStateReply()
    const asleep = this.asleepUpdate
    if (asleep && asleep.byteLength < FULL_STATE_KEEP_BYTES) {
      return encodeSyncStep2Of(Y.diffUpdate(asleep, stateVector))
    }
    return encodeSyncStep2(this.doc, stateVector)
  }

  /**
   * Whether a decoded update holds structs, or deletes of clocks, past the document's state: a
   * change the room cannot have. Read from the state vector, so a sleeping room answers without
   * waking. (Whether a delete of something the room has is new needs the document itself.)
   */
  goesBeyond({ structs, ds }: ReturnType<typeof Y.decodeUpdate>): boolean {
    const asleep = this.asleepVector && Y.decodeStateVector(this.asleepVector)
    const state = (client: number) =>
      asleep ? (asleep.get(client) ?? 0) : Y.getState(this.live!.store, client)
    if (structs.some((s) => s.id.clock + s.length > state(s.id.client))) return true
    for (const [client, ranges] of ds.clients) {
      if (ranges.some((r) => r.clock + r.len > state(client))) return true
    }
    return false
  }

  /** The whole document as one update; a sleeping room answers without waking. */
  encodedState(): Uint8Array {
    return this.asleepUpdate ? this.asleepUpdate.slice() : Y.encodeStateAsUpdate(this.doc)
  }

  /** Adds the listeners a room's document needs (at creation, and each time it wakes). */
  private listenTo(doc: Y.Doc): void {
    // Dropped once a transaction changed the document (after its cleanup: merges and GC too).
    // Not by one that changed nothing: every fresh client sends an empty sync step 2 right after
    // its step 1, and each would otherwise drop the reply the next one could use.
    doc.on('afterTransactionCleanup', (tr: Y.Transaction) => {
      if (this.fullState && changedDocument(tr)) this.fullState = undefined
    })
    if (this.logging) doc.on('update', this.onUpdate)
  }

  /** How long the document must go unread before the room sleeps (0: never). */
  private sleepDelay(): number {
    const after = this.opts.sleepAfterMs ?? 0
    return after * Math.min(SLEEP_MAX_FACTOR, Math.max(1, this.sizeBytes / SLEEP_STEP_BYTES))
  }

  /** Arms the sleep timer for when the document will have gone unread long enough. */
  private armSleep(): void {
    const delay = this.sleepDelay()
    if (delay === 0 || this.sleepTimer || !this.live || this.deleted) return
    const wait = Math.max(1, this.touchedAt + delay - performance.now())
    this.sleepTimer = setTimeout(this.trySleep, wait)
    this.sleepTimer.unref()
  }

  /** The timer's turn: asleep if the document went unread long enough and nothing waits. */
  private readonly trySleep = (): void => {
    this.sleepTimer = undefined
    if (this.deleted || !this.live) return
    const idle = performance.now() - this.touchedAt >= this.sleepDelay()
    const busy = this.pending.length > 0 || this.commitScheduled || this.failing
    if (!idle) return this.armSleep()
    // Waits a whole delay again: a write under way ends soon, a failing store may take long.
    if (busy) {
      this.touchedAt = performance.now()
      return this.armSleep()
    }
    const doc = this.live
    const reply = this.fullState ?? encodeSyncStep2(doc)
    this.asleepReply = reply
    this.asleepUpdate = syncStep2Payload(reply)
    this.asleepVector = Y.encodeStateVector(doc)
    this.clientId = doc.clientID
    this.fullState = undefined
    this.live = undefined
    doc.destroy()
  }

  private wake(): Y.Doc {
    if (!this.asleepUpdate) throw new Error(`room ${this.id} is unloaded`)
    const doc = newDoc({ gc: true })
    // Applied under the fresh doc's own id: Yjs gives a doc a new id when a remote transaction
    // adds structs under its current one. The room's id is restored right after.
    Y.applyUpdate(doc, this.asleepUpdate!)
    doc.clientID = this.clientId
    if (this.asleepReply!.byteLength >= FULL_STATE_KEEP_BYTES) this.fullState = this.asleepReply
    this.asleepReply = this.asleepUpdate = this.asleepVector = undefined
    this.live = doc
    this.listenTo(doc)
    this.opts.onWake?.()
    this.armSleep()
    return doc
  }

  /**
   * The sync step 2 for a client that has nothing yet (an empty state vector): the whole
   * document as one protocol message. Encoding a large document holds the loop (35 ms for a
   * 1.8 MB room, bench/RESULTS.md), so a reply of at least `FULL_STATE_KEEP_BYTES` is kept and
   * every fresh client gets the same bytes until the next transaction on the document drops it;
   * the memory it holds is a fraction of what the loaded Y.Doc of such a room takes. Like a
   * reply encoded on the spot, it may show updates not committed yet: the caller sends it only
   * once `commit()` has stored them.
   */
  fullStateReply(): Uint8Array {
    if (this.asleepReply) return this.asleepReply
    if (this.fullState) return this.fullState
    const reply = encodeSyncStep2(this.doc)
    if (reply.byteLength >= FULL_STATE_KEEP_BYTES) this.fullState = reply
    return reply
  }

  /**
   * Relays an awareness change to the local peers and, unless another node sent it, publishes
   * it; keeps track of which ids each peer and each other node announced.
   */
  private readonly onAwareness = (change: AwarenessChange, origin: unknown): void => {
    const peer = this.peers.has(origin as RoomPeer) ? (origin as RoomPeer) : undefined
    for (const id of change.added) peer?.awarenessIds.add(id)
    for (const id of change.removed) peer?.awarenessIds.delete(id)
    const ids = [...change.added, ...change.updated, ...change.removed]
    relayAwareness(this.peers, this.awareness, ids)
    if (origin instanceof FanoutOrigin) {
      let remote = this.remoteAwareness.get(origin.node)
      if (!remote) this.remoteAwareness.set(origin.node, (remote = new Set()))
      for (const id of [...change.added, ...change.updated]) remote.add(id)
      for (const id of change.removed) remote.delete(id)
    } else if (ids.length > 0) {
      this.opts.publish?.('awareness', encodeAwarenessUpdate(this.awareness, ids))
    }
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
    this.logging = true
    this.doc.on('update', this.onUpdate)
    this.armSleep()
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.deleted) return
    this.sizeBytes += update.byteLength
    // Another node stored it already: relayed at once, never stored or published again.
    if (!routeOf(originKind(origin, this.peers)).persist) return relayUpdate(this.peers, update)
    this.pending.push({ update, origin })
    this.unstoredBytes += update.byteLength
    if (this.failing || this.commitScheduled) return
    this.commitScheduled = true
    commitAtEndOfTurn(this)
  }

  /**
   * Commits every pending update in one transaction, then relays them. Resolves true once
   * everything the doc accepted before the call is committed; false if the store refused (the
   * updates are kept and a retry is armed). Writes queue behind each other, so relays keep the
   * order of the doc, and a caller that must answer only once its change is stored (an HTTP
   * write, a sync reply) awaits it. Never rejects.
   */
  commit(): Promise<boolean> {
    this.commitScheduled = false
    this.writes = this.writes.then(() => this.writePending())
    return this.writes
  }

  private async writePending(): Promise<boolean> {
    if (this.deleted) this.pending = []
    if (this.pending.length === 0) return !this.failing
    const batch = this.pending
    this.pending = []
    let seq: number | undefined
    try {
      seq = await this.opts.store.appendUpdates(
        this.id,
        batch.map((p) => p.update),
      )
    } catch (err) {
      // Back in front of what arrived meanwhile, so the retry writes them in the doc's order.
      this.pending = batch.concat(this.pending)
      // Said once per outage; the retries would only repeat it.
      if (!this.failing) {
        this.opts.log.error({ err, room: this.id }, 'writing updates failed; refusing changes')
      }
      this.enterFailing()
      return false
    }
    const bytes = batch.reduce((n, p) => n + p.update.byteLength, 0)
    this.unstoredBytes -= bytes
    if (seq !== undefined) {
      this.logLength += batch.length
      this.logBytes += bytes
    }
    this.relay(batch)
    if (this.failing) {
      this.failing = false
      clearTimeout(this.retryTimer)
      this.retryTimer = undefined
      this.opts.log.warn({ room: this.id }, 'the store takes writes again; changes accepted')
      this.opts.onStoreHealth?.(this, true)
    }
    if (!this.compactionDue && this.logIsLarge()) {
      this.compactionDue = true
      void this.compact().finally(() => (this.compactionDue = false))
    }
    return true
  }

  /** Whether the stored log has grown enough to fold (see `compactAfterBytes`). */
  private logIsLarge(): boolean {
    const { compactAfterBytes, compactAfterUpdates } = this.opts
    return (
      this.logBytes > Math.max(compactAfterBytes, this.snapshotBytes) ||
      this.logLength >= compactAfterUpdates
    )
  }

  /**
   * Relays a committed batch to the local peers, and publishes each update the routing rule says
   * to publish (one bus message per update). Locally, several updates go out merged into one, so each peer gets one message per commit
   * instead of one per update: under load the sends were most of the room's CPU
   * (bench/RESULTS.md, issue 13). A peer then also gets its own update back inside the merge,
   * which Yjs skips as already applied.
   */
  private relay(batch: readonly { update: Uint8Array; origin: unknown }[]): void {
    if (batch.length === 1) relayUpdate(this.peers, batch[0]!.update, batch[0]!.origin)
    else relayUpdate(this.peers, Y.mergeUpdates(batch.map((p) => p.update)))
    for (const { update, origin } of batch) {
      if (routeOf(originKind(origin, this.peers)).publish) this.opts.publish?.('update', update)
    }
  }

  private enterFailing(): void {
    const first = !this.failing
    this.failing = true
    clearTimeout(this.retryTimer)
    this.retryTimer = setTimeout(() => void this.commit(), this.opts.storeRetryMs)
    if (first) this.opts.onStoreHealth?.(this, false)
  }

  /** Commits what is pending; resolves once that and any compaction under way are done. */
  async flush(): Promise<void> {
    await this.commit()
    await this.chain
  }

  /**
   * Loads the stored document into the room. What is still pending once every entry is applied
   * (an older server stored updates it could not place) is dropped, never handed to newcomers,
   * and the next compaction rewrites the snapshot without it.
   */
  loadStored(stored: StoredDoc): void {
    applyStoredDoc(this.doc, stored)
    const store = this.doc.store as unknown as { pendingStructs: unknown; pendingDs: unknown }
    if (!store.pendingStructs && !store.pendingDs) return
    store.pendingStructs = null
    store.pendingDs = null
    this.snapshotStale = true
    this.opts.log.warn({ room: this.id }, 'dropped stored changes that cannot be placed')
  }

  /**
   * Folds the stored log into one snapshot, after committing what is pending; one compaction at
   * a time. Skipped while the store refuses writes (the log then stays as it is).
   */
  compact(): Promise<void> {
    this.chain = this.chain.then(async () => {
      await this.commit()
      await this.compactNow()
    })
    return this.chain
  }

  private async compactNow(): Promise<void> {
    if (this.deleted || this.failing) return
    const cluster = this.opts.cluster
    const release = await cluster?.lease()
    // Another node is compacting this room: it folds this node's entries too.
    if (cluster && !release) return
    try {
      await this.compactHeld()
    } finally {
      await release?.()
    }
  }

  /**
   * Folds what the store holds, not the live doc: the snapshot is encoded from the stored
   * snapshot and log (on a worker thread when large, `foldOffLoop`), so it holds exactly the
   * entries up to the last one read, and the compaction names that one. That is also the
   * cluster rule: other nodes append to the same log, and an entry of theirs may not have
   * reached this doc yet (in flight on the bus); folding what was read back never deletes an
   * entry the snapshot lacks. Entries appended meanwhile have higher numbers and stay.
   */
  private async compactHeld(): Promise<void> {
    const logLength = this.logLength
    const logBytes = this.logBytes
    // What the doc accepted so far is either in what is read now or not yet committed.
    const sizeAtRead = this.sizeBytes
    const unstored = this.unstoredBytes
    let stored
    try {
      stored = await this.opts.store.loadDoc(this.id)
    } catch (err) {
      this.opts.log.error({ err, room: this.id }, 'compaction could not read the log; kept')
      return
    }
    if (!stored || this.deleted) return
    if (stored.updates.length === 0 && !this.snapshotStale) {
      // Nothing to fold (another node may have folded it).
      this.logLength -= logLength
      this.logBytes -= logBytes
      this.snapshotBytes = stored.snapshot.byteLength
      return
    }
    try {
      const snapshot = await (this.opts.fold ?? foldOffLoop)(stored)
      if (this.deleted) return
      await this.opts.store.compact(this.id, snapshot, stored.lastSeq)
      this.snapshotStale = false
      this.logLength -= logLength
      this.logBytes -= logBytes
      this.snapshotBytes = snapshot.byteLength
      // An over-estimate, as `sizeBytes` must be: the new snapshot, what was not stored when
      // the log was read, and everything accepted since.
      this.sizeBytes = snapshot.byteLength + unstored + Math.max(0, this.sizeBytes - sizeAtRead)
    } catch (err) {
      this.opts.log.error({ err, room: this.id }, 'compaction failed; the log is kept')
    }
  }

  /** Commits, compacts and frees the room. */
  async unload(): Promise<void> {
    if (!this.deleted) await this.compact()
    clearTimeout(this.retryTimer)
    clearTimeout(this.sleepTimer)
    // Destroying the awareness removes the server's own (empty) state with origin 'local': no
    // one's presence changed, so that is neither relayed nor published to the other nodes.
    this.awareness.off('update', this.onAwareness)
    this.awareness.destroy()
    this.awareness.doc.destroy()
    this.live?.destroy()
    this.live = undefined
    this.asleepReply = this.asleepUpdate = this.asleepVector = undefined
  }
}

/** Rooms that took updates in this turn of the event loop, committed together at its end. */
const dueRooms = new Set<Room>()
let endOfTurn: NodeJS.Immediate | undefined

/**
 * Commits `room` at the end of this turn: one immediate for every room that took updates in the
 * turn, so every message read in it joins one commit, and their appends reach the store together
 * (the SQLite store writes them in one transaction before the turn ends; with an immediate per
 * room it could only do so at the next turn, after reading another round of messages).
 */
function commitAtEndOfTurn(room: Room): void {
  dueRooms.add(room)
  endOfTurn ??= setImmediate(() => {
    endOfTurn = undefined
    const rooms = [...dueRooms]
    dueRooms.clear()
    for (const r of rooms) void r.commit()
  })
}
