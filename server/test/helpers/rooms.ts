import * as Y from 'yjs'
import pino from 'pino'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { FastifyBaseLogger } from 'fastify'
import { createRoomId, type CloseCodeValue } from '@threatboard/shared'
import type { Role } from '../../src/auth/authorize.ts'
import type { StoredDoc } from '../../src/persistence/DocStore.ts'
import { MemoryRoomStore } from '../../src/persistence/MemoryRoomStore.ts'
import type { RoomStore } from '../../src/persistence/RoomStore.ts'
import type { Room, RoomPeer } from '../../src/rooms/Room.ts'
import { initialSnapshot } from '../../src/usecases/rooms.ts'

/**
 * The memory store as a room or registry test needs it: it counts its document writes (and
 * attempts) and compactions, refuses writes while `failWrites` and reads while `failLoads`, and
 * holds a write, a load or a compaction at its gate while one is set.
 */
export class TestStore extends MemoryRoomStore {
  failWrites = false
  /** Reading a document back fails (the store is unreachable for reads). */
  failLoads = false
  attempts = 0
  /** How many updates each write that went through held. */
  appends: number[] = []
  compactions = 0
  compactsStarted = 0
  /** While set, a write waits for it (a slow disk). */
  appendGate: Promise<void> | undefined
  /** While set, a load answers with what the store held when asked, once it opens (a slow database). */
  loadGate: Promise<void> | undefined
  /** While set, a compaction waits for it. */
  compactGate: Promise<void> | undefined
  override async appendUpdates(id: string, updates: Uint8Array[]) {
    this.attempts++
    if (this.failWrites) throw new Error('database or disk is full')
    await this.appendGate
    this.appends.push(updates.length)
    return super.appendUpdates(id, updates)
  }
  override async compact(id: string, snapshot: Uint8Array, upToSeq: number) {
    this.compactsStarted++
    await this.compactGate
    if (this.failWrites) throw new Error('database or disk is full')
    this.compactions++
    return super.compact(id, snapshot, upToSeq)
  }
  override async loadDoc(id: string): Promise<StoredDoc | undefined> {
    if (this.failLoads) throw new Error('connection terminated unexpectedly')
    const stored = await super.loadDoc(id)
    await this.loadGate
    return stored
  }
}

/** A connection as a room sees it: its role, what was sent to it and how it was closed. */
export class TestPeer implements RoomPeer {
  readonly sent: Uint8Array[] = []
  readonly awarenessIds = new Set<number>()
  readonly closes: { code: number; reason: string }[] = []
  readonly role: Role
  constructor(role: Role = 'editor') {
    this.role = role
  }
  send(message: Uint8Array) {
    this.sent.push(message)
  }
  close(code: CloseCodeValue, reason: string) {
    this.closes.push({ code, reason })
  }
}

/** A log line as pino writes it, with the fields the room tests look at. */
export interface Logged {
  level: number
  msg: string
  room?: string
  node?: string
  reason?: string
  sizeBytes?: number
}

/** A logger at `level` that keeps every line it writes in `logged`. */
export function capturedLog(level: 'debug' | 'warn'): {
  log: FastifyBaseLogger
  logged: Logged[]
} {
  const logged: Logged[] = []
  const log = pino(
    { level },
    { write: (line: string) => void logged.push(JSON.parse(line) as Logged) },
  ) as unknown as FastifyBaseLogger
  return { log, logged }
}

/** Creates a room in the store (a new room's document unless `snapshot`), and returns its id. */
export async function newRoom(
  store: Pick<RoomStore, 'createRoom'>,
  snapshot?: Uint8Array,
): Promise<string> {
  const id = createRoomId()
  await store.createRoom({ id, title: 'Room', snapshot: snapshot ?? (await initialSnapshot()) })
  return id
}

/**
 * An edit of the room's test map made on a copy of its document and applied with `origin`: a
 * peer's edit as its client would send it, or another node's as the bus delivers it.
 */
export function edit(room: Room, origin: unknown, key: string, value: unknown): void {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc))
  doc.on('update', (u: Uint8Array) => Y.applyUpdate(room.doc, u, origin))
  doc.getMap('items').set(key, value)
  doc.destroy()
}

/** What the store holds for the room, as a document. */
export async function storedDoc(store: MemoryRoomStore, id: string): Promise<Y.Doc> {
  const { snapshot, updates } = (await store.loadDoc(id))!
  const doc = new Y.Doc()
  Y.applyUpdate(doc, snapshot)
  for (const u of updates) Y.applyUpdate(doc, u.update)
  return doc
}

/** What the store holds of the test map `edit` writes to. */
export async function storedItems(
  store: MemoryRoomStore,
  id: string,
): Promise<Record<string, unknown>> {
  return (await storedDoc(store, id)).getMap('items').toJSON()
}

/** A presence (awareness) update announcing one client named `name`. */
export function presenceOf(name: string): { clientID: number; update: Uint8Array } {
  const client = new Y.Doc()
  const presence = new awarenessProtocol.Awareness(client)
  presence.setLocalState({ name })
  const update = awarenessProtocol.encodeAwarenessUpdate(presence, [client.clientID])
  presence.destroy()
  return { clientID: client.clientID, update }
}
