import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { Socket } from 'node:net'
import pino from 'pino'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebSocketServer, type WebSocket } from 'ws'
import type { FastifyBaseLogger } from 'fastify'
import { CloseCode, createRoomId } from '@threatboard/shared'
import type { Role } from '../auth/authorize.ts'
import { storedBytes } from '../persistence/DocStore.ts'
import { MemoryRoomStore } from '../persistence/MemoryRoomStore.ts'
import { Room } from '../rooms/Room.ts'
import { initialSnapshot } from '../usecases/rooms.ts'
import { awarenessEntriesFrame, awarenessFrame } from '../../test/helpers/frames.ts'
import { waitFor } from '../../test/helpers/poll.ts'
import {
  deleteOnlyUpdate,
  deniedReasons,
  openRawSocket,
  roundTrip,
  type RawSocket,
} from '../../test/helpers/rawSocket.ts'
import {
  SyncConnection,
  STORE_UNAVAILABLE_REASON,
  type RefusalReason,
  type SyncOptions,
} from './SyncConnection.ts'

/** The memory store, refusing document writes while `failWrites`. */
class FlakyStore extends MemoryRoomStore {
  failWrites = false
  override async appendUpdates(id: string, updates: Uint8Array[]) {
    if (this.failWrites) throw new Error('database or disk is full')
    return super.appendUpdates(id, updates)
  }
}

interface Logged {
  level: number
  msg: string
  room?: string
  role?: string
  reason?: string
  bytes?: number
  buffered?: number
  code?: number
  err?: unknown
}

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/**
 * One loaded room on a memory store, served on a real WebSocket server whose every socket is a
 * `SyncConnection` of `role` with `limits`. What the connections log and refuse is kept.
 */
async function serve(opts: { role?: Role; limits?: Partial<SyncOptions>; attach?: boolean } = {}) {
  const role = opts.role ?? 'editor'
  const store = new FlakyStore()
  const id = createRoomId()
  await store.createRoom({ id, title: 'Room', snapshot: await initialSnapshot() })
  const logged: Logged[] = []
  const lines: string[] = []
  // Bound to the room, as the sync route binds each connection's logger.
  const log = pino(
    { level: 'debug' },
    {
      write: (line: string) => {
        lines.push(line)
        logged.push(JSON.parse(line) as Logged)
      },
    },
  ).child({ room: id }) as unknown as FastifyBaseLogger
  const stored = (await store.loadDoc(id))!
  const room = new Room(
    id,
    { store, log, storeRetryMs: 10, compactAfterBytes: 1 << 20, compactAfterUpdates: 1000 },
    {
      sizeBytes: storedBytes(stored),
      snapshotBytes: stored.snapshot.byteLength,
      logLength: stored.updates.length,
      logBytes: storedBytes(stored) - stored.snapshot.byteLength,
    },
  )
  room.loadStored(stored)
  room.startLogging()
  const refused: RefusalReason[] = []
  const conns: SyncConnection[] = []
  const closedOnServer: SyncConnection[] = []
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', maxPayload: 64 * 1024 })
  await new Promise((resolve) => wss.once('listening', resolve))
  wss.on('connection', (ws: WebSocket) => {
    const conn: SyncConnection = new SyncConnection(
      ws,
      log,
      {
        maxDocBytes: 1024 * 1024,
        pingIntervalMs: 60_000,
        role,
        canWrite: role === 'editor' || role === 'owner',
        maxSocketBufferBytes: 1024 * 1024,
        maxAwarenessBytes: 4096,
        awarenessRatePerSec: 100,
        onRefused: (reason) => refused.push(reason),
        ...opts.limits,
      },
      () => {
        closedOnServer.push(conn)
        conn.detach()
      },
    )
    conns.push(conn)
    if (opts.attach !== false) conn.attach(room)
  })
  const { port } = wss.address() as { port: number }
  const sockets: RawSocket[] = []
  const connect = async () => {
    const raw = await openRawSocket(`ws://127.0.0.1:${port}`)
    sockets.push(raw)
    return raw
  }
  cleanups.push(async () => {
    for (const s of sockets) s.ws.terminate()
    await new Promise((resolve) => wss.close(resolve))
    await room.unload()
  })
  return { store, room, logged, lines, refused, conns, closedOnServer, connect, id }
}

/** A client's edit of the room's test map, as an update on top of what the room holds. */
function editOf(room: Room, key: string, value: unknown): Uint8Array {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc))
  const before = Y.encodeStateVector(doc)
  doc.getMap('test-items').set(key, value)
  const update = Y.encodeStateAsUpdate(doc, before)
  doc.destroy()
  return update
}

/** The messages a raw socket received, by kind: `sync-1`, `sync-2`, `awareness`, `auth`. */
const kinds = (raw: RawSocket) =>
  raw.received.map((m) =>
    m[0] === 0 ? `sync-${m[1]! + 1}` : m[0] === 1 ? 'awareness' : m[0] === 2 ? 'auth' : `${m[0]}`,
  )

/** What was logged at info level or above: message and the fields a test cares about. */
const said = (logged: Logged[]) =>
  logged
    .filter((l) => l.level >= 30)
    .map(({ level, msg, room, role, reason, bytes }) => ({
      level,
      msg,
      ...(room === undefined ? {} : { room }),
      ...(role === undefined ? {} : { role }),
      ...(reason === undefined ? {} : { reason }),
      ...(bytes === undefined ? {} : { bytes }),
    }))

/** Two updates of one client, the second building on the first (a list of two items). */
function dependentUpdates(): [Uint8Array, Uint8Array] {
  const doc = new Y.Doc()
  const list = doc.getArray('test-list')
  list.push(['first'])
  const first = Y.encodeStateAsUpdate(doc)
  const sv = Y.encodeStateVector(doc)
  list.push(['second'])
  return [first, Y.encodeStateAsUpdate(doc, sv)]
}

const INFO = 30
const WARN = 40

describe('a sync connection', () => {
  it('sends sync step 1 on joining, no presence while there is none, then answers step 1', async () => {
    const { connect } = await serve()
    const raw = await connect()
    await roundTrip(raw)
    expect(kinds(raw)).toEqual(['sync-1', 'sync-2'])
  })

  it('answers a client holding most of a large room with what it lacks, a fresh one with all', async () => {
    const { connect, room } = await serve()
    room.doc.getMap('test-items').set('big', 'x'.repeat(200 * 1024))
    await room.commit()
    const stateVector = Y.encodeStateVector(room.doc)
    const held = Y.encodeStateAsUpdate(room.doc)
    room.doc.getMap('test-items').set('small', 'y')
    await room.commit()
    const kept = vi.spyOn(room, 'fullStateReply')
    const raw = await connect()
    await roundTrip(raw) // a fresh client: the whole document, from the room's kept reply
    expect(kept).toHaveBeenCalledTimes(1)
    const whole = raw.received.at(-1)!
    expect(whole.byteLength).toBeGreaterThan(200 * 1024)
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 0) // sync
    encoding.writeVarUint(e, 0) // step 1
    encoding.writeVarUint8Array(e, stateVector)
    raw.ws.send(encoding.toUint8Array(e))
    await waitFor(() => raw.received.length > 2, 'the second sync step 2')
    expect(kinds(raw)).toEqual(['sync-1', 'sync-2', 'sync-2'])
    expect(kept).toHaveBeenCalledTimes(1)
    const lacking = raw.received.at(-1)!
    expect(lacking.byteLength).toBeLessThan(1024)
    // What it lacks, on top of what it had, is the room's document.
    const client = new Y.Doc()
    Y.applyUpdate(client, held)
    expect(client.getMap('test-items').has('small')).toBe(false)
    const d = decoding.createDecoder(lacking)
    decoding.readVarUint(d)
    decoding.readVarUint(d)
    Y.applyUpdate(client, decoding.readVarUint8Array(d))
    expect(client.getMap('test-items').get('small')).toBe('y')
  })

  it('sends the presence already in the room when it joins, and on a query', async () => {
    const { connect, room } = await serve()
    const first = await connect()
    first.ws.send(awarenessFrame(501, 1, { user: { name: 'Ann' } }))
    await waitFor(() => room.awareness.getStates().has(501), 'Ann’s presence')
    const second = await connect()
    await roundTrip(second)
    expect(kinds(second)).toEqual(['sync-1', 'awareness', 'sync-2'])
    second.ws.send(Uint8Array.from([3]))
    await waitFor(() => kinds(second).length === 4, 'the answer to the query')
    expect(kinds(second)[3]).toBe('awareness')
    expect(second.received[3]).toEqual(second.received[1])
  })

  it('queues what arrives before the room is attached, and handles it once attached', async () => {
    const { connect, conns, room, logged } = await serve({ attach: false })
    const raw = await connect()
    raw.sendUpdate(editOf(room, 'early', 1))
    await waitFor(() => conns.length === 1, 'the connection')
    // Once the server has read the update, join the room.
    const seen = new Promise((resolve) => conns[0]!['ws'].once('message', resolve))
    raw.sendUpdate(editOf(room, 'also-early', 2))
    await seen
    expect(room.doc.getMap('test-items').size).toBe(0)
    conns[0]!.attach(room)
    await roundTrip(raw)
    expect(room.doc.getMap('test-items').toJSON()).toEqual({ early: 1, 'also-early': 2 })
    expect(said(logged)).toEqual([])
  })

  it('handles nothing queued behind a message that closed it', async () => {
    const { connect, conns, room, refused } = await serve({ attach: false })
    const raw = await connect()
    await waitFor(() => conns.length === 1, 'the connection')
    const seen = new Promise((resolve) => {
      let n = 0
      conns[0]!['ws'].on('message', () => ++n === 2 && resolve(undefined))
    })
    raw.ws.send(Uint8Array.from([99, 0]))
    raw.sendUpdate(editOf(room, 'after-close', 1))
    await seen
    conns[0]!.attach(room)
    expect((await raw.closed).code).toBe(CloseCode.BAD_MESSAGE)
    expect(room.doc.getMap('test-items').size).toBe(0)
    expect(refused).toEqual(['malformed'])
  })

  it('logs a socket error at debug level instead of failing', async () => {
    const { connect, logged } = await serve()
    const raw = await connect()
    raw.ws.send(new Uint8Array(70_000))
    expect((await raw.closed).code).toBe(CloseCode.MESSAGE_TOO_BIG)
    await waitFor(() => logged.find((l) => l.msg === 'socket error'), 'the error logged')
    expect(logged.find((l) => l.msg === 'socket error')?.err).toBeTruthy()
  })

  it('does not join a room once its socket has closed', async () => {
    const { connect, conns, closedOnServer, room } = await serve({ attach: false })
    const raw = await connect()
    await waitFor(() => conns.length === 1, 'the connection')
    raw.ws.close()
    await waitFor(() => closedOnServer.length === 1, 'the server to see the close')
    conns[0]!.attach(room)
    expect(room.peers.size).toBe(0)
  })

  it('removes its presence for everyone when it leaves', async () => {
    const { connect, room } = await serve()
    const leaving = await connect()
    const staying = await connect()
    leaving.ws.send(awarenessFrame(601, 1, { user: { name: 'Lea' } }))
    await waitFor(() => room.awareness.getStates().has(601), 'Lea’s presence')
    leaving.ws.close()
    await waitFor(() => !room.awareness.getStates().has(601), 'Lea’s presence to go')
    expect(room.peers.size).toBe(1)
    await roundTrip(staying)
  })

  it('answers pings by staying open, and closes a socket that stops answering (4408)', async () => {
    const { connect, logged } = await serve({ limits: { pingIntervalMs: 250 } })
    const answering = await connect()
    const silent = await connect()
    silent.ws.pause()
    const closing = () => logged.filter((l) => l.msg === 'closing sync connection')
    await waitFor(() => closing().length > 0, 'the silent socket to be closed')
    // Still not reading for a few more pings: it is closed once, not again at every ping.
    await new Promise((resolve) => setTimeout(resolve, 600))
    silent.ws.resume()
    expect(await silent.closed).toEqual({ code: CloseCode.TIMEOUT, reason: 'no pong' })
    // Several pings later, the socket that answers them is still served.
    await new Promise((resolve) => setTimeout(resolve, 600))
    await roundTrip(answering)
    expect(answering.ws.readyState).toBe(answering.ws.OPEN)
    expect(closing().map(({ code, reason }) => ({ code, reason }))).toEqual([
      { code: CloseCode.TIMEOUT, reason: 'no pong' },
    ])
  })

  it('closes a socket that stops reading once its backlog passes the limit (4461)', async () => {
    const limit = 64 * 1024
    const { connect, conns, logged, room } = await serve({
      limits: { maxSocketBufferBytes: limit },
    })
    const raw = await connect()
    await waitFor(() => conns.length === 1, 'the connection')
    raw.ws.pause()
    const chunk = new Uint8Array(256 * 1024)
    // The kernel's socket buffers take some megabytes first; then the server's own queue grows.
    await waitFor(
      () => {
        if (room.peers.size === 0) return true
        conns[0]!.send(chunk)
        return false
      },
      'the server to drop the socket that does not read',
      20_000,
    )
    raw.ws.resume()
    expect(await raw.closed).toEqual({
      code: CloseCode.TOO_SLOW,
      reason: 'too slow: the connection did not keep up',
    })
    const line = logged.find((l) => l.msg === 'closing a socket that does not read')
    expect(line?.level).toBe(INFO)
    expect(line?.buffered).toBeGreaterThan(limit)
  })

  it('lets a reader fall behind by one whole-document reply beyond the limit', async () => {
    const limit = 64 * 1024
    const { connect, conns, room } = await serve({ limits: { maxSocketBufferBytes: limit } })
    // A document larger than the kernel's socket buffers can take.
    room.doc.getMap('test-items').set('big', 'x'.repeat(16 * 1024 * 1024))
    await room.commit()
    const raw = await connect()
    await waitFor(() => conns.length === 1, 'the connection')
    const ws = conns[0]!['ws']
    raw.ws.pause()
    raw.ws.send(Uint8Array.from([0, 0, 1, 0]))
    await waitFor(() => ws.bufferedAmount > limit, 'the whole-document reply to back up')
    conns[0]!.send(new Uint8Array(1024))
    expect(room.peers.has(conns[0]!)).toBe(true)
    raw.ws.terminate()
  })

  it('takes a connection whose write fails out of its room; the others are still served', async () => {
    const { connect, conns, room } = await serve()
    await connect()
    const other = await connect()
    await waitFor(() => room.peers.size === 2, 'both connections in the room')
    // The server's side of the first socket refuses every write, as a reset connection does.
    const socket = (conns[0]!['ws'] as unknown as { _socket: Socket })._socket
    const refuse = (...args: unknown[]) => {
      const done = args.at(-1) as (err: Error) => void
      done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))
    }
    Object.assign(socket, { _write: refuse, _writev: refuse })
    expect(() => conns[0]!.send(new Uint8Array([0, 2, 0]))).not.toThrow()
    await waitFor(() => !room.peers.has(conns[0]!), 'the failed connection to leave the room')
    expect(room.peers.size).toBe(1)
    // A change of the room still reaches the other client, relayed as a sync update.
    const before = other.received.length
    room.doc.getMap('test-items').set('after', 'the failed write')
    await room.commit()
    await waitFor(
      () => other.received.slice(before).some((m) => m[0] === 0 && m[1] === 2),
      'the relay to reach the other client',
    )
    expect(other.ws.readyState).toBe(other.ws.OPEN)
  })

  it('cuts a reason to what a close frame can carry', async () => {
    const { connect, conns, room } = await serve()
    const raw = await connect()
    await waitFor(() => conns.length === 1, 'the connection')
    expect(room.peers.size).toBe(1)
    conns[0]!.close(CloseCode.INVALID_UPDATE, 'why '.repeat(100))
    // Out of the room at once, before the client answers the close.
    expect(room.peers.size).toBe(0)
    const { code, reason } = await raw.closed
    expect(code).toBe(CloseCode.INVALID_UPDATE)
    expect(reason).toBe(`${'why '.repeat(30)}…`)
    // Counted in bytes: 100 "€" are 300 (ws threw on more than 123 and ended the process).
    const second = await connect()
    await waitFor(() => conns.length === 2, 'the second connection')
    conns[1]!.close(CloseCode.INVALID_UPDATE, `threats ${'€'.repeat(100)}: bad`)
    expect((await second.closed).reason).toBe(`threats ${'€'.repeat(37)}…`)
  })

  it('cuts off a peer that never completes the closing handshake', async () => {
    const { connect, conns, closedOnServer } = await serve()
    const raw = await connect()
    await waitFor(() => conns.length === 1, 'the connection')
    raw.ws.pause()
    conns[0]!.close(CloseCode.INVALID_UPDATE, 'bye')
    await waitFor(() => closedOnServer.length === 1, 'the server to drop the socket', 10_000)
    raw.ws.resume()
  })
})

describe('a sync connection refusing a message says why in its log and counts it', () => {
  it('a text frame or a malformed message: closed with 4400', async () => {
    const { connect, refused, logged, lines, id } = await serve()
    const text = await connect()
    text.ws.send('hello')
    expect(await text.closed).toEqual({
      code: CloseCode.BAD_MESSAGE,
      reason: 'binary messages only',
    })
    const garbage = await connect()
    garbage.ws.send(Uint8Array.from([99, 0]))
    expect(await garbage.closed).toEqual({
      code: CloseCode.BAD_MESSAGE,
      reason: 'unknown message type 99',
    })
    expect(refused).toEqual(['malformed', 'malformed'])
    expect(said(logged)).toEqual([{ level: INFO, msg: 'refused a malformed message', room: id }])
    expect(logged.find((l) => l.msg === 'refused a malformed message')?.err).toBe(
      'unknown message type 99',
    )
    // Each line names its room once (a key written twice is JSON a log pipeline may refuse).
    for (const line of lines) expect(line.match(/"room":/g)).toHaveLength(1)
  })

  it('an edit from a read-only role: dropped, counted each time, told once', async () => {
    const { connect, refused, logged, room, id } = await serve({ role: 'viewer' })
    const raw = await connect()
    // The empty sync step 2 of the handshake is no edit.
    raw.sendUpdate(Y.encodeStateAsUpdate(new Y.Doc()))
    await roundTrip(raw)
    expect(refused).toEqual([])
    // Nor is the step 2 of a client that received a room with deletions: Yjs repeats the whole
    // delete set in it, which the room has.
    room.doc.getMap('drafts').set('d', 1)
    room.doc.getMap('drafts').delete('d')
    const received = new Y.Doc()
    Y.applyUpdate(received, Y.encodeStateAsUpdate(room.doc))
    const step2 = Y.encodeStateAsUpdate(received, Y.encodeStateVector(room.doc))
    expect(Y.decodeUpdate(step2).ds.clients.size).toBe(1)
    raw.sendUpdate(step2)
    await roundTrip(raw)
    expect(refused).toEqual([])
    expect(deniedReasons(raw)).toEqual([])
    raw.sendUpdate(editOf(room, 'a', 1))
    raw.sendUpdate(deleteOnlyUpdate(room.doc.clientID + 1, 0, 1))
    await roundTrip(raw)
    expect(refused).toEqual(['read-only', 'read-only'])
    expect(deniedReasons(raw)).toEqual(['the viewer role cannot change this room'])
    expect(said(logged)).toEqual([
      {
        level: INFO,
        msg: 'dropped document updates from a read-only connection',
        room: id,
        role: 'viewer',
      },
    ])
    expect(room.doc.getMap('test-items').size).toBe(0)
    expect(raw.ws.readyState).toBe(raw.ws.OPEN)
  })

  it('an edit while the store refuses writes: closed with 4507; the empty handshake is fine', async () => {
    const { connect, refused, store, room } = await serve()
    store.failWrites = true
    const writer = await connect()
    writer.sendUpdate(editOf(room, 'a', 1))
    await waitFor(() => room.storeFailing, 'the store to refuse')
    const next = await connect()
    next.sendUpdate(Y.encodeStateAsUpdate(new Y.Doc()))
    await roundTrip(next)
    expect(next.ws.readyState).toBe(next.ws.OPEN)
    next.sendUpdate(deleteOnlyUpdate(room.doc.clientID + 1, 0, 1))
    expect(await next.closed).toEqual({
      code: CloseCode.STORE_UNAVAILABLE,
      reason: 'server cannot save; your edits are kept locally',
    })
    expect(STORE_UNAVAILABLE_REASON).toBe('server cannot save; your edits are kept locally')
    expect(refused).toEqual(['store-unavailable'])
  })

  it('an update that breaks the model: closed with 4422, saying what is wrong', async () => {
    const { connect, refused, logged, id } = await serve()
    const raw = await connect()
    const doc = new Y.Doc()
    doc.getMap('tb_hints').set('h1', 'forged')
    raw.sendUpdate(Y.encodeStateAsUpdate(doc))
    const reason = 'tb_hints is written by the server only'
    expect(await raw.closed).toEqual({ code: CloseCode.INVALID_UPDATE, reason })
    expect(refused).toEqual(['invalid-update'])
    expect(said(logged)).toEqual([
      { level: INFO, msg: 'refused an invalid update', room: id, reason },
    ])
  })

  it('an update missing what it builds on: dropped, counted each time, told once', async () => {
    const { connect, refused, logged, id, room } = await serve()
    const raw = await connect()
    const [, second] = dependentUpdates()
    raw.sendUpdate(second)
    raw.sendUpdate(second)
    await roundTrip(raw)
    expect(refused).toEqual(['missing-dependencies', 'missing-dependencies'])
    const told = deniedReasons(raw)
    expect(told).toHaveLength(1)
    expect(told[0]).toMatch(/^refused an update: ./)
    expect(said(logged).map((l) => [l.msg, l.room])).toEqual([
      ['refused an invalid update', id],
      ['refused an invalid update', id],
    ])
    expect(room.doc.getArray('test-list').length).toBe(0)
    expect(raw.ws.readyState).toBe(raw.ws.OPEN)
  })

  it('an update past the document limit: closed with 4413', async () => {
    const { connect, refused, logged, id, room } = await serve({ limits: { maxDocBytes: 4096 } })
    const raw = await connect()
    raw.sendUpdate(editOf(room, 'big', 'x'.repeat(8000)))
    expect(await raw.closed).toEqual({
      code: CloseCode.DOC_TOO_LARGE,
      reason: 'document size limit reached',
    })
    expect(refused).toEqual(['doc-too-large'])
    expect(said(logged)).toEqual([
      { level: WARN, msg: 'refused an update: document too large', room: id },
    ])
  })

  it('a presence update over the limit: closed with 4462; one right at it is taken', async () => {
    const inner = awarenessFrame(701, 1, { user: { name: 'Exact' } }).slice(2)
    const limit = inner.byteLength
    const { connect, refused, logged, id, room } = await serve({
      limits: { maxAwarenessBytes: limit },
    })
    const raw = await connect()
    raw.ws.send(awarenessFrame(701, 1, { user: { name: 'Exact' } }))
    await waitFor(() => room.awareness.getStates().has(701), 'the presence right at the limit')
    raw.ws.send(awarenessFrame(701, 2, { user: { name: 'Exact!' } }))
    expect(await raw.closed).toEqual({
      code: CloseCode.PRESENCE_TOO_LARGE,
      reason: 'presence update too large',
    })
    expect(refused).toEqual(['presence-too-large'])
    expect(said(logged)).toEqual([
      { level: INFO, msg: 'awareness too large', room: id, bytes: limit + 1 },
    ])
  })

  it('presence for a client id another connection holds: dropped, counted, socket kept', async () => {
    const { connect, refused, logged, id, room } = await serve()
    const owner = await connect()
    owner.ws.send(awarenessFrame(801, 1, { user: { name: 'Owen' } }))
    await waitFor(() => room.awareness.getStates().has(801), 'Owen’s presence')
    const forger = await connect()
    forger.ws.send(awarenessFrame(801, 2, { user: { name: 'Impostor' } }))
    await roundTrip(forger)
    expect(room.awareness.getStates().get(801)).toEqual({ user: { name: 'Owen' }, role: 'editor' })
    expect(refused).toEqual(['forged-presence'])
    expect(said(logged)).toEqual([
      { level: INFO, msg: 'dropped awareness claiming another client id', room: id },
    ])
    // Its own id is still its to take.
    forger.ws.send(awarenessFrame(802, 1, { user: { name: 'Fay' } }))
    await waitFor(() => room.awareness.getStates().has(802), 'the forger’s own presence')
  })

  it('presence for a client id another node announced: dropped', async () => {
    const { connect, refused, room } = await serve()
    room.remoteAwareness.set('node2', new Set([901]))
    const raw = await connect()
    raw.ws.send(awarenessFrame(901, 1, { user: { name: 'Remote twin' } }))
    await roundTrip(raw)
    expect(room.awareness.getStates().has(901)).toBe(false)
    expect(refused).toEqual(['forged-presence'])
  })

  it('presence for a second client id: dropped without counting, the first kept', async () => {
    const { connect, refused, logged, id, room } = await serve()
    const raw = await connect()
    raw.ws.send(awarenessFrame(1001, 1, { user: { name: 'One' } }))
    raw.ws.send(awarenessFrame(1002, 1, { user: { name: 'Two' } }))
    raw.ws.send(awarenessFrame(1001, 2, { user: { name: 'One again' } }))
    await waitFor(
      () => room.awareness.getStates().get(1001)?.user?.name === 'One again',
      'the first id’s later presence',
    )
    expect(room.awareness.getStates().has(1002)).toBe(false)
    expect(refused).toEqual([])
    // The stock provider echoes others' presence like this all the time: a debug line, no more.
    expect(said(logged)).toEqual([])
    expect(logged.filter((l) => l.msg === 'dropped awareness for another client id')).toEqual([
      expect.objectContaining({ level: 20, room: id }),
    ])
  })

  it('presence faster than the rate: closed with 4463 past a burst of two seconds’ worth', async () => {
    const { connect, refused, logged, id, room } = await serve({
      limits: { awarenessRatePerSec: 2 },
    })
    const shown: number[] = []
    room.awareness.on('update', ({ added, updated }: { added: number[]; updated: number[] }) => {
      if ([...added, ...updated].includes(1101)) {
        shown.push((room.awareness.getStates().get(1101) as { n: number }).n)
      }
    })
    const raw = await connect()
    for (let n = 1; n <= 5; n++) raw.ws.send(awarenessFrame(1101, n, { n }))
    expect(await raw.closed).toEqual({
      code: CloseCode.PRESENCE_TOO_FAST,
      reason: 'presence updates too fast',
    })
    // The burst of four went through; the fifth did not.
    expect(shown).toEqual([1, 2, 3, 4])
    expect(refused).toEqual(['presence-too-fast'])
    expect(said(logged)).toEqual([{ level: INFO, msg: 'awareness updates too fast', room: id }])
  })

  it('presence listing its own client id and another one: dropped whole', async () => {
    const { connect, room } = await serve()
    const raw = await connect()
    raw.ws.send(awarenessFrame(1201, 1, { user: { name: 'Me' } }))
    await waitFor(() => room.awareness.getStates().has(1201), 'its own presence')
    raw.ws.send(awarenessEntriesFrame([1201, 2, { user: { name: 'Me' } }], [1202, 1, { user: {} }]))
    await roundTrip(raw)
    expect(room.awareness.getStates().has(1202)).toBe(false)
    expect(room.awareness.getStates().get(1201)).toEqual({ user: { name: 'Me' }, role: 'editor' })
  })

  it('refills the presence allowance at the rate, no faster', async () => {
    const slow = await serve({ limits: { awarenessRatePerSec: 1 } })
    const one = await slow.connect()
    one.ws.send(awarenessFrame(1301, 1, { n: 1 }))
    one.ws.send(awarenessFrame(1301, 2, { n: 2 }))
    await new Promise((resolve) => setTimeout(resolve, 20))
    // A fiftieth of a second later, not a whole update's worth came back.
    one.ws.send(awarenessFrame(1301, 3, { n: 3 }))
    expect((await one.closed).code).toBe(CloseCode.PRESENCE_TOO_FAST)

    const fast = await serve({ limits: { awarenessRatePerSec: 4 } })
    const two = await fast.connect()
    for (let n = 1; n <= 8; n++) two.ws.send(awarenessFrame(1302, n, { n }))
    await waitFor(
      () => (fast.room.awareness.getStates().get(1302) as { n?: number } | undefined)?.n === 8,
      'the burst of eight',
    )
    // Over a quarter of a second, more than one update's worth came back at four a second.
    await new Promise((resolve) => setTimeout(resolve, 300))
    two.ws.send(awarenessFrame(1302, 9, { n: 9 }))
    await roundTrip(two)
    expect(two.ws.readyState).toBe(two.ws.OPEN)
    expect(fast.refused).toEqual([])
  })
})
