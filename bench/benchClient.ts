// What the script benchmarks share: rooms made over HTTP, stock y-websocket clients on them
// (exactly as a script or the browser connects), and waiting for something to hold.
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import type { BenchServer } from './benchServer.ts'

/** Limits raised so the load itself is admitted (rooms created, and room requests, per minute). */
export const RAISED_RATE_LIMITS = {
  RATE_LIMIT_CREATE_PER_MIN: '100000',
  RATE_LIMIT_ROOM_PER_MIN: '1000000',
}

/** Polls `check` every millisecond until it holds; throws after `ms`, naming `what`. */
export async function until(check: () => boolean, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 1))
  }
}

export interface BenchRoom {
  id: string
  tokens: { owner: string; editor: string }
}

/** Creates a room through the API, as the home page does. */
export async function createRoom(server: BenchServer, title: string): Promise<BenchRoom> {
  const res = await fetch(`${server.base}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  })
  if (res.status !== 201) throw new Error(`POST /api/rooms: ${res.status}`)
  return (await res.json()) as BenchRoom
}

/** A stock y-websocket client on the room, with the editor's token; `synced` waits for its sync. */
export function connect(server: BenchServer, room: { id: string; tokens: { editor: string } }) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}/sync`, room.id, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token: room.tokens.editor },
  })
  return { doc, provider, synced: () => until(() => provider.synced, 'synced') }
}
