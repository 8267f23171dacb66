import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { applyStoredDoc } from '../../src/persistence/DocStore.ts'
import type { RoomStore } from '../../src/persistence/RoomStore.ts'
import type { Fanout } from '../../src/scale/Fanout.ts'

export interface TestServer {
  app: FastifyInstance
  url: string
  wsBase: string
  dataDir: string
  close(): Promise<void>
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'threatboard-test-'))
}

/** The real server, in process, on a free port. `env` overrides config variables. */
export async function startServer(
  opts: { dataDir?: string; env?: Record<string, string>; store?: RoomStore; fanout?: Fanout } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDataDir()
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...opts.env })
  const app = await buildApp({ config, store: opts.store, fanout: opts.fanout })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}`,
    dataDir,
    close: () => app.close(),
  }
}

export type Tokens = Record<'owner' | 'editor' | 'observer' | 'viewer', string>

/** Invite tokens of every room a test created, so clients can default to the editor's. */
export const roomTokens = new Map<string, Tokens>()

/** Creates a room through the API and returns its id (its tokens go to `roomTokens`). */
export async function createRoom(url: string, title = 'Test room'): Promise<string> {
  return (await createRoomFull(url, title)).id
}

export async function createRoomFull(
  url: string,
  title = 'Test room',
): Promise<{ id: string; tokens: Tokens; links: Tokens }> {
  const res = await fetch(`${url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  })
  if (res.status !== 201) throw new Error(`create room: ${res.status} ${await res.text()}`)
  const room = (await res.json()) as { id: string; tokens: Tokens; links: Tokens }
  roomTokens.set(room.id, room.tokens)
  return room
}

/** Headers carrying a room token (the owner's unless another role is named). */
export function auth(roomId: string, role: keyof Tokens = 'owner'): Record<string, string> {
  const token = roomTokens.get(roomId)?.[role]
  return token ? { authorization: `Bearer ${token}` } : {}
}

/** Saves a named version of a room through the API, as its editor; its id and number. */
export async function saveVersion(
  url: string,
  roomId: string,
  name: string,
  createdBy = 'Alice',
): Promise<{ id: string; number: number }> {
  const res = await fetch(`${url}/api/rooms/${roomId}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth(roomId, 'editor') },
    body: JSON.stringify({ name, createdBy }),
  })
  if (res.status !== 201) throw new Error(`save version: ${res.status} ${await res.text()}`)
  return (await res.json()) as { id: string; number: number }
}

/** The sync URL of a room with a role's token, for raw WebSocket tests. */
export function syncUrl(wsBase: string, roomId: string, role: keyof Tokens = 'editor'): string {
  const token = roomTokens.get(roomId)?.[role]
  return `${wsBase}/sync/${roomId}${token ? `?token=${encodeURIComponent(token)}` : ''}`
}

/** The room's document as the store holds it (after flushing what is pending). */
export async function storedDoc(s: TestServer, roomId: string): Promise<Y.Doc> {
  await s.app.rooms.flushAll()
  const stored = await s.app.store.loadDoc(roomId)
  if (!stored) throw new Error(`room ${roomId} is not stored`)
  const doc = new Y.Doc()
  applyStoredDoc(doc, stored)
  return doc
}

/** Replaces the room's stored document with `doc`, behind the server's back (it must be unloaded). */
export async function replaceStoredDoc(s: TestServer, roomId: string, doc: Y.Doc): Promise<void> {
  const stored = await s.app.store.loadDoc(roomId)
  if (!stored) throw new Error(`room ${roomId} is not stored`)
  await s.app.store.compact(roomId, Y.encodeStateAsUpdate(doc), stored.lastSeq)
}
