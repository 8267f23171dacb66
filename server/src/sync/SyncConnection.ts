import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { WebSocket } from 'ws'
import type { FastifyBaseLogger } from 'fastify'
import { CloseCode, type CloseCodeValue } from '@threatboard/shared'
import type { Room, RoomPeer } from '../rooms/Room.ts'
import type { Role } from '../auth/authorize.ts'
import type { ProtocolError } from './protocol.ts'
import {
  decodeClientMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodePermissionDenied,
  awarenessClientIds,
} from './protocol.ts'
import { applyClientUpdate, checkClientUpdate } from './modelGuard.ts'

export interface SyncOptions {
  maxDocBytes: number
  pingIntervalMs: number
  /** The caller's role in the room (from the token checked before the upgrade). */
  role: Role
  /** False for observers and viewers: their document updates are dropped, never applied. */
  canWrite: boolean
}

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
  private readonly ws: WebSocket
  private readonly log: FastifyBaseLogger
  private readonly limits: SyncOptions

  constructor(ws: WebSocket, log: FastifyBaseLogger, limits: SyncOptions, onClose: () => void) {
    this.ws = ws
    this.log = log
    this.limits = limits
    this.role = limits.role
    ws.binaryType = 'nodebuffer'
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return this.close(CloseCode.BAD_MESSAGE, 'binary messages only')
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
    ws.on('error', (err) => this.log.debug({ err }, 'socket error'))
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
    this.send(encodeSyncStep1(room.doc))
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

  send(message: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return
    this.ws.send(message, (err) => {
      if (err) this.close(CloseCode.INTERNAL_ERROR, 'send failed')
    })
  }

  close(code: CloseCodeValue, reason: string): void {
    if (this.closed) return
    this.closed = true
    this.log.debug({ code, reason }, 'closing sync connection')
    this.ws.close(code, reason.slice(0, 120))
    // A peer that never completes the closing handshake is cut off.
    setTimeout(() => this.ws.terminate(), 2000).unref()
  }

  /**
   * Observers and viewers may not change the document. Their updates are dropped whole; the
   * first time one carries content, the client is told with a y-websocket permission-denied
   * auth message (the stock provider logs it). An empty sync step 2 is the normal handshake.
   */
  private refuseReadOnly(update: Uint8Array): void {
    const { structs, ds } = Y.decodeUpdate(update)
    if (structs.length === 0 && ds.clients.size === 0) return
    if (this.toldReadOnly) return
    this.toldReadOnly = true
    this.log.info({ role: this.role }, 'dropped document updates from a read-only connection')
    this.send(encodePermissionDenied(`the ${this.role} role cannot change this room`))
  }

  /** Says once per connection that updates were dropped (the stock provider logs it). */
  private tellDropped(reason: string): void {
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
      this.log.info({ room: room.id, err: (err as Error).message }, 'refused a malformed message')
      return this.close(CloseCode.BAD_MESSAGE, (err as ProtocolError).message)
    }
    switch (message.type) {
      case 'sync-step1':
        return this.send(encodeSyncStep2(room.doc, message.stateVector))
      case 'update':
        if (!this.limits.canWrite) return this.refuseReadOnly(message.update)
        {
          const verdict = checkClientUpdate(room.doc, message.update)
          if (!verdict.ok) {
            this.log.info({ room: room.id, reason: verdict.reason }, 'refused an invalid update')
            if (verdict.drop) return this.tellDropped(verdict.reason)
            return this.close(CloseCode.INVALID_UPDATE, verdict.reason)
          }
        }
        if (!room.admits(message.update.byteLength, this.limits.maxDocBytes)) {
          this.log.warn({ room: room.id }, 'refused an update: document too large')
          return this.close(CloseCode.DOC_TOO_LARGE, 'document size limit reached')
        }
        try {
          if (!applyClientUpdate(room.doc, message.update, this)) {
            this.log.error({ room: room.id }, 'discarded the pending part of an update')
          }
        } catch (err) {
          this.log.warn({ room: room.id, err }, 'update could not be applied')
          return this.close(CloseCode.BAD_MESSAGE, 'update could not be applied')
        }
        return
      case 'awareness': {
        // A connection speaks for one awareness client id: the first it announces, unless
        // another connection already holds it. Anything else is a forged cursor and dropped.
        const ids = awarenessClientIds(message.update)
        if (this.ownClientId === undefined) {
          const claimed = ids[0]!
          if ([...room.peers].some((p) => p !== this && p.awarenessIds.has(claimed))) {
            this.log.info({ room: room.id }, 'dropped awareness claiming another client id')
            return
          }
          this.ownClientId = claimed
          this.awarenessIds.add(claimed)
        }
        if (ids.some((id) => id !== this.ownClientId)) {
          this.log.info({ room: room.id }, 'dropped awareness for another client id')
          return
        }
        awarenessProtocol.applyAwarenessUpdate(room.awareness, message.update, this)
        return
      }
      case 'query-awareness':
        return this.send(encodeAwareness(room.awareness, [...room.awareness.getStates().keys()]))
    }
  }
}
