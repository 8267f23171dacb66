import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { CloseCode, describeCloseCode, FATAL_CLOSE_CODES } from '@threatboard/shared'

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
  /** Why the last connection closed, in words for the user; null when there is nothing to say. */
  message: string | null
}

const KNOWN_CLOSE_CODES: ReadonlySet<number> = new Set(Object.values(CloseCode))

/** The sync endpoint on the page's own origin (`wss:` when the page is served over `https:`). */
export function syncServerUrl(loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/sync`
}

/** One room's Y.Doc, kept in sync by the stock y-websocket provider, and its connection state. */
export class RoomConnection {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  private state: ConnectionState = { status: 'connecting', hasSynced: false, message: null }
  private readonly listeners = new Set<() => void>()
  private closedOnce = false

  /** `token` is the room's invite token; the server checks it before the upgrade. */
  constructor(roomId: string, token: string) {
    this.provider = new WebsocketProvider(syncServerUrl(), roomId, this.doc, {
      params: { token },
      // For these codes y-websocket sets `shouldConnect = false` and stops retrying.
      shouldReconnect: (event) => !FATAL_CLOSE_CODES.includes(event.code),
    })
    this.provider.on('status', this.update)
    this.provider.on('sync', this.update)
    this.provider.on('connection-close', this.onClose)
  }

  getState = (): ConnectionState => this.state

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  destroy(): void {
    this.provider.destroy()
    this.doc.destroy()
    this.listeners.clear()
  }

  private onClose = (event: CloseEvent | null) => {
    this.closedOnce = true
    if (event && FATAL_CLOSE_CODES.includes(event.code)) {
      this.provider.shouldConnect = false
      this.setState({ status: 'fatal', message: describeCloseCode(event.code) })
      return
    }
    // Emitted before the provider clears `wsconnected`, so the status is set here, not derived.
    const known = event !== null && KNOWN_CLOSE_CODES.has(event.code)
    this.setState({
      status: 'offline',
      message: known ? describeCloseCode(event.code) : 'Connection lost. Reconnecting…',
    })
  }

  private update = () => {
    if (this.state.status === 'fatal') return
    const live = this.provider.wsconnected && this.provider.synced
    this.setState({
      status: live ? 'live' : this.closedOnce ? 'offline' : 'connecting',
      hasSynced: this.state.hasSynced || live,
      message: live ? null : this.state.message,
    })
  }

  private setState(patch: Partial<ConnectionState>) {
    const next = { ...this.state, ...patch }
    if (
      next.status === this.state.status &&
      next.hasSynced === this.state.hasSynced &&
      next.message === this.state.message
    ) {
      return
    }
    this.state = next
    for (const listener of this.listeners) listener()
  }
}
