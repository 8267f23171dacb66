import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'

/**
 * A y-websocket awareness frame with one entry per `[client id, clock, state as JSON text]`; the
 * text goes in as it is, so a test can send JSON that does not parse.
 */
export function awarenessJsonFrame(entries: readonly [number, number, string][]): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, entries.length)
  for (const [id, clock, json] of entries) {
    encoding.writeVarUint(inner, id)
    encoding.writeVarUint(inner, clock)
    encoding.writeVarString(inner, json)
  }
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
  return encoding.toUint8Array(e)
}

/** A y-websocket awareness frame announcing several clients, each as `[id, clock, state]`. */
export function awarenessEntriesFrame(...entries: [number, number, unknown][]): Uint8Array {
  return awarenessJsonFrame(entries.map(([id, clock, state]) => [id, clock, JSON.stringify(state)]))
}

/** A y-websocket awareness frame announcing `state` for `clientId` at `clock`. */
export function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  return awarenessEntriesFrame([clientId, clock, state])
}

/** A raw socket and how it ended: the close code and reason, once closed. */
export interface RawSocket {
  ws: WebSocket
  /** Resolves when the server's first message arrives (its sync step 1: the socket is attached). */
  attached: Promise<void>
  closed: Promise<{ code: number; reason: string }>
}

/** Opens a raw WebSocket (no y-websocket client) to a sync URL. */
export function openRaw(url: string, opts?: WebSocket.ClientOptions): RawSocket {
  const ws = new WebSocket(url, opts)
  ws.on('error', () => {})
  const attached = new Promise<void>((resolve) => ws.once('message', () => resolve()))
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  return { ws, attached, closed }
}
