import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { waitFor } from './poll.ts'
import { roomTokens } from './server.ts'

export interface TestClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Close codes the provider saw, in order. */
  closes: number[]
  destroy(): void
}

/**
 * A stock y-websocket client, exactly as a script or the browser would connect: the token goes
 * in `params` (→ `?token=`). Defaults to the editor token of a room the test created.
 */
export function connectClient(
  wsBase: string,
  roomId: string,
  opts: { token?: string | null; connect?: boolean } = {},
): TestClient {
  const doc = new Y.Doc()
  const token = opts.token === undefined ? roomTokens.get(roomId)?.editor : opts.token
  const provider = new WebsocketProvider(`${wsBase}/sync`, roomId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    connect: opts.connect ?? true,
    disableBc: true,
    params: token ? { token } : {},
  })
  const closes: number[] = []
  provider.on('connection-close', (event) => {
    if (event) closes.push(event.code)
  })
  return {
    doc,
    provider,
    closes,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

export async function connectSynced(
  wsBase: string,
  roomId: string,
  token?: string,
): Promise<TestClient> {
  const client = connectClient(wsBase, roomId, { token })
  await waitFor(() => client.provider.synced, `client synced to ${roomId}`)
  return client
}

/** The test's own map in the room doc (the server accepts any Yjs content in this layer). */
export const items = (c: TestClient) => c.doc.getMap<unknown>('test-items')
