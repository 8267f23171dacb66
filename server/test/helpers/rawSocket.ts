import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { encodeUpdate } from '../../src/sync/protocol.ts'

/** A bare WebSocket on the sync endpoint, for sending frames no stock client would send. */
export interface RawSocket {
  ws: WebSocket
  /** Resolves with the close code once the server closes the socket. */
  closed: Promise<{ code: number; reason: string }>
  /** Messages the server sent, in order. */
  received: Uint8Array[]
  sendUpdate(update: Uint8Array): void
  close(): void
}

export async function openRawSocket(url: string): Promise<RawSocket> {
  const ws = new WebSocket(url)
  const received: Uint8Array[] = []
  ws.binaryType = 'nodebuffer'
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)))
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  return {
    ws,
    closed,
    received,
    sendUpdate: (update) => ws.send(encodeUpdate(update)),
    close: () => ws.close(),
  }
}

/** A Yjs (v1) update with no structs and one delete range: `len` clocks of `client` from `clock`. */
export function deleteOnlyUpdate(client: number, clock: number, len: number): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0) // no struct sections
  encoding.writeVarUint(e, 1) // one client in the delete set
  encoding.writeVarUint(e, client)
  encoding.writeVarUint(e, 1) // one range
  encoding.writeVarUint(e, clock)
  encoding.writeVarUint(e, len)
  return encoding.toUint8Array(e)
}

/**
 * Sends a sync step 1 and waits for the server's step 2 (or the socket's close): the server
 * handles one socket's messages in order, so everything sent before has been dealt with.
 */
export async function roundTrip(raw: RawSocket): Promise<void> {
  const before = raw.received.length
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0) // sync
  encoding.writeVarUint(e, 0) // step 1
  encoding.writeVarUint8Array(e, new Uint8Array([0])) // empty state vector
  if (raw.ws.readyState === WebSocket.OPEN) raw.ws.send(encoding.toUint8Array(e))
  await Promise.race([
    raw.closed,
    new Promise<void>((resolve) => {
      const check = () => {
        const step2 = raw.received.slice(before).some((m) => m[0] === 0 && m[1] === 1)
        if (step2) resolve()
        else setTimeout(check, 5)
      }
      check()
    }),
  ])
}

/** The reasons of y-websocket permission-denied messages the server sent on this socket. */
export function deniedReasons(raw: RawSocket): string[] {
  return raw.received
    .filter((m) => m[0] === 2 && m[1] === 0)
    .map((m) => {
      const d = decoding.createDecoder(m)
      decoding.readVarUint(d)
      decoding.readVarUint(d)
      return decoding.readVarString(d)
    })
}
