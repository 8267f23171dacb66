import * as awarenessProtocol from 'y-protocols/awareness'
import type { WebSocket } from 'ws'
import type { FastifyBaseLogger } from 'fastify'
import { CloseCode, type CloseCodeValue } from '@threatboard/shared/protocol/closeCodes.ts'
import type { Room, RoomPeer } from '../rooms/Room.ts'
import type { Role } from '../auth/authorize.ts'
import type { ProtocolError } from './protocol.ts'
import {
  closeReason,
  decodeClientMessage,
  encodeAwareness,
  encodePermissionDenied,
  withServerRole,
  decodedUpdate,
} from './protocol.ts'
import { applyClientUpdate, checkClientUpdate } from './modelGuard.ts'

export interface SyncOptions {
  maxDocBytes: number
  pingIntervalMs: number
  /** The caller's role in the room (from the token checked before the upgrade). */
  role: Role
  /** False for observers and viewers: their document updates are dropped, never applied. */
  canWrite: boolean
  /** Bytes that may wait in the socket's send buffer (beyond the largest full-document reply). */
  maxSocketBufferBytes: number
  /** Largest awareness update accepted from this socket. */
  maxAwarenessBytes: number
  /** Awareness updates per second this socket may send on average (bursts up to twice). */
  awarenessRatePerSec: number
  /** Told of every message refused or dropped, with why (counted in /metrics). */
  onRefused?: (reason: RefusalReason) => void
}

/** Why a client's message was refused (closing the socket) or dropped. */
export type RefusalReason =
  | 'malformed'
  | 'read-only'
  | 'store-unavailable'
  | 'missing-dependencies'
  | 'invalid-update'
  | 'doc-too-large'
  | 'presence-too-large'
  | 'presence-too-fast'
  | 'forged-presence'

/**
 * One client's WebSocket in one room. Messages that arrive while the room is still loading are
 * queued, so the first sync step is always answered from the stored state.
 */
export class SyncConnection implements RoomPeer {
  /** Awareness client ids this connection has announced (removed when it leaves). */
  readonly awarenessIds = new Set<number>()
  readonly role: Role
  /** The one awareness client id this connection may speak for (the first it announced). */
  private ownClientId: number | undefined
  private toldReadOnly = false
  private toldDropped = false
  private room: Room | undefined
  private queue: Uint8Array[] = []
  private alive = true
  private pinger: NodeJS.Timeout
  private closed = false
  /** The largest full-document reply sent: a send buffer may hold that much more. */
  private largestDocReply = 0
  /** Token bucket of awareness updates: refilled at the rate, capped at two seconds' worth. */
  private awarenessTokens: number
  private awarenessRefilledAt = Date.now()
  private readonly ws: WebSocket
  /** The connection's logger, which names its room (routes/sync.ts binds it). */
  private readonly log: FastifyBaseLogger
  private readonly limits: SyncOptions

  constructor(ws: WebSocket, log: FastifyBaseLogger, limits: SyncOptions, onClose: () => void) {
    this.ws = ws
    this.log = log
    this.limits = limits
    this.role = limits.role
    this.awarenessTokens = 2 * limits.awarenessRatePerSec
    ws.binaryType = 'nodebuffer'
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        this.limits.onRefused?.('malformed')
        return this.close(CloseCode.BAD_MESSAGE, 'binary messages only')
      }
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      if (this.room) this.handle(bytes)
      else this.queue.push(bytes)
    })
    ws.on('pong', () => (this.alive = true))
    ws.on('close', () => {
      this.closed = true
      clearInterval(this.pinger)
      onClose()
    })
    // A socket error (a reset, a frame ws refuses) ends the connection at once, as
    // @fastify/websocket's default handler did before the sync route replaced it (routes/sync.ts).
    ws.on('error', (err) => {
      this.log.debug({ err }, 'socket error')
      ws.terminate()
    })
    this.pinger = setInterval(() => {
      if (!this.alive) return this.close(CloseCode.TIMEOUT, 'no pong')
      this.alive = false
      ws.ping()
    }, limits.pingIntervalMs)
  }

  /** Joins the loaded room: sends sync step 1 and current awareness, then drains the queue. */
  attach(room: Room): void {
    if (this.closed) return
    this.room = room
    room.peers.add(this)
    this.send(room.syncStep1())
    if (this.closed) return
    const states = [...room.awareness.getStates().keys()]
    if (states.length > 0) this.send(encodeAwareness(room.awareness, states))
    const queued = this.queue
    this.queue = []
    for (const message of queued) this.handle(message)
  }

  /** Leaves the room: its awareness states are removed for everyone else. */
  detach(): void {
    const room = this.room
    if (!room) return
    room.peers.delete(this)
    if (this.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(room.awareness, [...this.awarenessIds], this)
    }
    this.room = undefined
  }

  /**
   * Queues a message for the client. A client that does not read (or reads too slowly) would
   * make the server hold everything relayed to it: once more than `maxSocketBufferBytes` waits
   * beyond one full-document reply, the socket is closed instead (4461) and a reconnect starts
   * afresh with one sync.
   */
  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return
    if (this.ws.bufferedAmount > this.limits.maxSocketBufferBytes + this.largestDocReply) {
      this.log.info({ buffered: this.ws.bufferedAmount }, 'closing a socket that does not read')
      // Nothing more is queued; the close frame follows the unread data, and a peer that does
      // not read it within two seconds is cut off (see close).
      this.close(CloseCode.TOO_SLOW, 'too slow: the connection did not keep up')
      return
    }
    // No callback: a write that fails errors the socket, and ws then emits 'close', which takes
    // the connection out of its room (constructor). A callback per send cost a closure and a
    // tick of its own for every peer of every relay (bench/RESULTS.md, issue 13).
    this.ws.send(message)
  }

  close(code: CloseCodeValue, reason: string): void {
    if (this.closed) return
    this.closed = true
    this.log.debug({ code, reason }, 'closing sync connection')
    // Out of the room at once: nothing more is relayed to it while the close handshake runs.
    this.detach()
    this.ws.close(code, closeReason(reason))
    // A peer that never completes the closing handshake is cut off.
    setTimeout(() => this.ws.terminate(), 2000).unref()
  }

  /**
   * Observers and viewers may not change the document. Their updates are dropped whole; the
   * first time one carries a change of the client's own (structs or deletes past the room's
   * state), the client is told with a y-websocket permission-denied auth message (the stock
   * provider logs it). Their sync step 2 is the normal handshake: it repeats the delete set of
   * the document they received, which is nothing of their own.
   */
  private refuseReadOnly(room: Room, update: Uint8Array): void {
    if (!room.goesBeyond(decodedUpdate(update))) return
    this.limits.onRefused?.('read-only')
    if (this.toldReadOnly) return
    this.toldReadOnly = true
    this.log.info({ role: this.role }, 'dropped document updates from a read-only connection')
    this.send(encodePermissionDenied(`the ${this.role} role cannot change this room`))
  }

  /** Says once per connection that updates were dropped (the stock provider logs it). */
  private tellDropped(reason: string): void {
    this.limits.onRefused?.('missing-dependencies')
    if (this.toldDropped) return
    this.toldDropped = true
    this.send(encodePermissionDenied(`refused an update: ${reason}`))
  }

  private handle(data: Uint8Array): void {
    const room = this.room
    if (!room || this.closed) return
    let message
    try {
      message = decodeClientMessage(data)
    } catch (err) {
      this.log.info({ err: (err as Error).message }, 'refused a malformed message')
      this.limits.onRefused?.('malformed')
      return this.close(CloseCode.BAD_MESSAGE, (err as ProtocolError).message)
    }
    switch (message.type) {
      case 'sync-step1': {
        // The reply shows the whole document: it leaves once what it holds is committed, so it
        // shows only what is stored. Updates the room accepts meanwhile are relayed after it. A
        // fresh client gets the room's kept whole-document reply (encoded once per change).
        const reply = room.syncStep2(message.stateVector)
        this.largestDocReply = Math.max(this.largestDocReply, reply.byteLength)
        void room.commit().then(() => this.send(reply))
        return
      }
      case 'update':
        if (!this.limits.canWrite) return this.refuseReadOnly(room, message.update)
        // Changes nothing (the client's usual sync step 2): a sleeping room is not woken for it.
        if (isEmptyUpdate(message.update)) return
        if (room.storeFailing) {
          // Not applied, not relayed: the client keeps the change and sends it again when it
          // reconnects, which succeeds once the store takes writes.
          this.limits.onRefused?.('store-unavailable')
          return this.close(CloseCode.STORE_UNAVAILABLE, STORE_UNAVAILABLE_REASON)
        }
        {
          const verdict = checkClientUpdate(room.doc, message.update)
          if (!verdict.ok) {
            this.log.info({ reason: verdict.reason }, 'refused an invalid update')
            if (verdict.drop) return this.tellDropped(verdict.reason)
            this.limits.onRefused?.('invalid-update')
            return this.close(CloseCode.INVALID_UPDATE, verdict.reason)
          }
        }
        if (!room.admits(message.update.byteLength, this.limits.maxDocBytes)) {
          this.log.warn('refused an update: document too large')
          this.limits.onRefused?.('doc-too-large')
          return this.close(CloseCode.DOC_TOO_LARGE, 'document size limit reached')
        }
        try {
          if (!applyClientUpdate(room.doc, message.update, this)) {
            this.log.error('discarded the pending part of an update')
          }
        } catch (err) {
          this.log.warn({ err }, 'update could not be applied')
          this.limits.onRefused?.('malformed')
          return this.close(CloseCode.BAD_MESSAGE, 'update could not be applied')
        }
        return
      case 'awareness': {
        if (message.update.byteLength > this.limits.maxAwarenessBytes) {
          this.log.info({ bytes: message.update.byteLength }, 'awareness too large')
          this.limits.onRefused?.('presence-too-large')
          return this.close(CloseCode.PRESENCE_TOO_LARGE, 'presence update too large')
        }
        // A connection speaks for one awareness client id: the first it announces, if no other
        // connection holds it and no connection of another role ever claimed it in this room.
        // Anything else is a forged cursor and dropped.
        const ids = message.entries.map((entry) => entry.clientId)
        if (this.ownClientId === undefined) {
          const claimed = ids[0]!
          const firstRole = room.awarenessOwners.get(claimed)
          const held =
            [...room.peers].some((p) => p !== this && p.awarenessIds.has(claimed)) ||
            [...room.remoteAwareness.values()].some((ids) => ids.has(claimed))
          if (held || (firstRole !== undefined && firstRole !== this.role)) {
            this.log.info('dropped awareness claiming another client id')
            this.limits.onRefused?.('forged-presence')
            return
          }
          room.awarenessOwners.set(claimed, this.role)
          this.ownClientId = claimed
          this.awarenessIds.add(claimed)
        }
        if (ids.some((id) => id !== this.ownClientId)) {
          // What the stock provider does with everyone else's presence: it sends it back. Normal,
          // and one line per cursor move of every peer at info would flood the log.
          this.log.debug('dropped awareness for another client id')
          return
        }
        // Only what is applied and relayed counts against the rate: the stock provider echoes
        // every presence change it receives (others' cursors), and those echoes are dropped above.
        if (!this.takeAwarenessToken()) {
          this.log.info('awareness updates too fast')
          this.limits.onRefused?.('presence-too-fast')
          return this.close(CloseCode.PRESENCE_TOO_FAST, 'presence updates too fast')
        }
        awarenessProtocol.applyAwarenessUpdate(
          room.awareness,
          withServerRole(message.entries, this.role),
          this,
        )
        return
      }
      case 'query-awareness':
        // One byte asks for everyone's presence (tens of KB in a busy room): a script repeating
        // it had the server send 845 MB in 7 s. The stock client never asks over the socket (it
        // is sent everyone's on connect), so questions share the presence rate.
        if (!this.takeAwarenessToken()) {
          this.log.info('presence queries too fast')
          this.limits.onRefused?.('presence-too-fast')
          return this.close(CloseCode.PRESENCE_TOO_FAST, 'presence queries too fast')
        }
        return this.send(encodeAwareness(room.awareness, [...room.awareness.getStates().keys()]))
    }
  }

  private takeAwarenessToken(): boolean {
    const now = Date.now()
    const rate = this.limits.awarenessRatePerSec
    this.awarenessTokens = Math.min(
      2 * rate,
      this.awarenessTokens + ((now - this.awarenessRefilledAt) / 1000) * rate,
    )
    this.awarenessRefilledAt = now
    if (this.awarenessTokens < 1) return false
    this.awarenessTokens -= 1
    return true
  }
}

export const STORE_UNAVAILABLE_REASON = 'server cannot save; your edits are kept locally'

/** An update that changes nothing (the usual sync step 2 of a client with nothing new). */
function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = decodedUpdate(update)
  return structs.length === 0 && ds.clients.size === 0
}
