import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import type { IndexeddbPersistence } from 'y-indexeddb'
import {
  CloseCode,
  DEFAULT_LIMITS,
  describeCloseCode,
  FATAL_CLOSE_CODES,
  REFUSED_CHANGE_CLOSE_CODES,
} from '@threatboard/shared'
import { clearLocalCopy } from './clearLocalCopy.ts'
import { keepLocalCopy } from './localRoomCopy.ts'
import { sendInPieces } from './sendInPieces.ts'

/**
 * - `connecting`: the first connection is being made.
 * - `live`: connected and in sync with the server.
 * - `offline`: the connection dropped (or never came up); y-websocket keeps retrying, and edits
 *   made meanwhile stay in the Y.Doc and are sent on reconnect.
 * - `fatal`: the server closed with a code after which retrying cannot help.
 */
export type ConnectionStatus = 'connecting' | 'live' | 'offline' | 'fatal'

export interface ConnectionState {
  status: ConnectionStatus
  /** True once the document has been in sync with the server at least once. */
  hasSynced: boolean
  /**
   * True once the document holds a board: from the server, or from this browser's own copy
   * (IndexedDB) when the server cannot be reached.
   */
  hasDocument: boolean
  /** Why the last connection closed, in words for the user; null when there is nothing to say. */
  message: string | null
  /**
   * Set when fatal because this browser may no longer open the room (deleted, link revoked or
   * not valid): reloading would only say so again.
   */
  accessLost?: boolean
  /**
   * Set when fatal because the server refused a change made here (too large, malformed, against
   * the model's rules). This browser's copy still holds it, so a plain reload would send it again;
   * `discardLocalCopy` and a reload open the room as the server has it.
   */
  changeRefused?: boolean
}

const KNOWN_CLOSE_CODES: ReadonlySet<number> = new Set(Object.values(CloseCode))

/** Close codes after which this browser has no business keeping the room's copy. */
const ACCESS_LOST: ReadonlySet<number> = new Set([
  CloseCode.UNAUTHORIZED,
  CloseCode.FORBIDDEN,
  CloseCode.ROOM_NOT_FOUND,
  CloseCode.TOKEN_REVOKED,
])

/** The sync endpoint on the page's own origin (`wss:` when the page is served over `https:`). */
export function syncServerUrl(loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/sync`
}

/**
 * One room's Y.Doc, kept in sync by the stock y-websocket provider and kept in this browser's
 * IndexedDB, and its connection state. Edits made offline live in both the doc and IndexedDB;
 * the provider sends them when it reconnects, also after the page was closed and reopened.
 */
export class RoomConnection {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  private readonly local: IndexeddbPersistence | null
  private readonly roomId: string
  private state: ConnectionState = {
    status: 'connecting',
    hasSynced: false,
    hasDocument: false,
    message: null,
  }
  private readonly listeners = new Set<() => void>()
  private closedOnce = false
  /** The server's `MAX_MESSAGE_BYTES`, once the room's details say it; its default until then. */
  private maxMessageBytes: number = DEFAULT_LIMITS.maxMessageBytes

  /** `token` is the room's invite token; the server checks it before the upgrade. */
  constructor(roomId: string, token: string) {
    this.roomId = roomId
    // Loaded before the provider connects, so the first sync already offers the offline edits.
    this.local = keepLocalCopy(roomId, this.doc)
    this.local?.on('synced', this.onLocalLoaded)
    this.provider = new WebsocketProvider(syncServerUrl(), roomId, this.doc, {
      params: { token },
      // For these codes y-websocket sets `shouldConnect = false` and stops retrying.
      shouldReconnect: (event) => !FATAL_CLOSE_CODES.includes(event.code),
    })
    // Offline work, or one large change, goes to the server in messages it accepts.
    sendInPieces(this.provider, () => this.maxMessageBytes)
    this.provider.on('status', this.update)
    this.provider.on('sync', this.update)
    this.provider.on('connection-close', this.onClose)
  }

  getState = (): ConnectionState => this.state

  /** The largest message the server accepts (`limits.maxMessageBytes` of the room's details). */
  setMaxMessageBytes(bytes: number): void {
    this.maxMessageBytes = bytes
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  destroy(): void {
    void this.local?.destroy()
    this.provider.destroy()
    this.doc.destroy()
    this.listeners.clear()
  }

  private onClose = (event: CloseEvent | null) => {
    this.closedOnce = true
    if (event && FATAL_CLOSE_CODES.includes(event.code)) {
      this.provider.shouldConnect = false
      const accessLost = ACCESS_LOST.has(event.code)
      if (accessLost) void this.discardLocalCopy()
      this.setState({
        status: 'fatal',
        message: describeCloseCode(event.code),
        accessLost,
        changeRefused: REFUSED_CHANGE_CLOSE_CODES.includes(event.code),
      })
      return
    }
    // Emitted before the provider clears `wsconnected`, so the status is set here, not derived.
    const known = event !== null && KNOWN_CLOSE_CODES.has(event.code)
    this.setState({
      status: 'offline',
      message: known ? describeCloseCode(event.code) : 'Connection lost. Reconnecting…',
    })
  }

  /**
   * Deletes this browser's copy of the room: the room was deleted or this browser's access ended,
   * so the copy must not stay behind; or the server refused a change the copy holds.
   */
  async discardLocalCopy(): Promise<void> {
    await this.local?.destroy()
    await clearLocalCopy(this.roomId)
  }

  private onLocalLoaded = () => {
    // An empty copy (first visit) is no board: wait for the server.
    if (this.doc.store.clients.size > 0) this.setState({ hasDocument: true })
  }

  private update = () => {
    if (this.state.status === 'fatal') return
    const live = this.provider.wsconnected && this.provider.synced
    this.setState({
      status: live ? 'live' : this.closedOnce ? 'offline' : 'connecting',
      hasSynced: this.state.hasSynced || live,
      hasDocument: this.state.hasDocument || live,
      message: live ? null : this.state.message,
    })
  }

  private setState(patch: Partial<ConnectionState>) {
    const next = { ...this.state, ...patch }
    if (
      next.status === this.state.status &&
      next.hasSynced === this.state.hasSynced &&
      next.hasDocument === this.state.hasDocument &&
      next.message === this.state.message
    ) {
      return
    }
    this.state = next
    for (const listener of this.listeners) listener()
  }
}
