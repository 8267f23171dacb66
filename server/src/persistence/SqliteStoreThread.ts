import { Worker } from 'node:worker_threads'
import type { Role } from '../auth/authorize.ts'
import type { StoredDoc } from './DocStore.ts'
import type { RoomDump, RoomRecord, RoomStore, VersionRecord } from './RoomStore.ts'
import { DataDirLockedError } from './SqliteRoomStore.ts'
import type { StoreCall, StoreOpened, StoreReply, ThreadError } from './sqliteThread.ts'
import { StoreOpenError } from './StoreOpenError.ts'

/** The error a call failed with, rebuilt on this side of the thread. */
function rebuild(e: ThreadError): Error {
  const err =
    e.name === 'DataDirLockedError'
      ? new DataDirLockedError(e.message)
      : e.name === 'StoreOpenError'
        ? new StoreOpenError(e.message)
        : Object.assign(new Error(e.message), { name: e.name })
  if (e.errcode !== undefined) Object.assign(err, { errcode: e.errcode })
  if (e.code !== undefined) Object.assign(err, { code: e.code })
  return err
}

/**
 * The SQLite store (`SqliteRoomStore`, same file, same rules) on a thread of its own: every call
 * is handed to the thread that owns the connection and answered when it is done there. A
 * commit (an append, a compaction) is on disk when its promise resolves, as before, but its
 * fsync no longer holds the event loop: the loop serves other sockets and rooms meanwhile.
 * Calls run one at a time in the order they were made, as they did on the loop. The thread
 * keeps the process alive only while calls are outstanding. If it dies, every call rejects (rooms
 * refuse writes, 4507) until the server is restarted.
 */
export class SqliteStoreThread implements RoomStore {
  private readonly worker: Worker
  private readonly waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (err: Error) => void }
  >()
  private nextId = 0
  private dead: Error | undefined

  private constructor(worker: Worker) {
    this.worker = worker
    worker.on('message', (reply: StoreReply) => {
      const waiter = this.waiting.get(reply.id)
      if (!waiter) return
      this.waiting.delete(reply.id)
      if (this.waiting.size === 0) worker.unref()
      if (reply.ok) waiter.resolve(reply.value)
      else waiter.reject(rebuild(reply.error))
    })
    const fail = (err: Error) => {
      this.dead ??= err
      for (const waiter of this.waiting.values()) waiter.reject(this.dead)
      this.waiting.clear()
    }
    worker.on('error', fail)
    worker.on('exit', () => fail(new Error('the SQLite thread stopped')))
    worker.unref()
  }

  /** Opens `rooms.db` in `dataDir` on a new thread; rejects as `SqliteRoomStore` throws. */
  static async open(
    dataDir: string,
    opts: { synchronous?: 'FULL' | 'NORMAL' } = {},
  ): Promise<SqliteStoreThread> {
    const worker = new Worker(new URL('./sqliteThread.ts', import.meta.url), {
      workerData: { dataDir, synchronous: opts.synchronous ?? 'FULL' },
    })
    const opened = await new Promise<StoreOpened>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
      worker.once('exit', (code) => reject(new Error(`the SQLite thread exited (${code})`)))
    })
    if (!opened.opened) {
      await worker.terminate()
      throw rebuild(opened.error)
    }
    return new SqliteStoreThread(worker)
  }

  private call<T>(method: keyof RoomStore, ...args: unknown[]): Promise<T> {
    if (this.dead) return Promise.reject(this.dead)
    const id = ++this.nextId
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject })
      this.worker.ref()
      this.worker.postMessage({ id, method, args } satisfies StoreCall)
    })
  }

  loadDoc(id: string) {
    return this.call<StoredDoc | undefined>('loadDoc', id)
  }
  appendUpdates(id: string, updates: Uint8Array[]) {
    return this.call<number | undefined>('appendUpdates', id, updates)
  }
  compact(id: string, snapshot: Uint8Array, upToSeq: number) {
    return this.call<void>('compact', id, snapshot, upToSeq)
  }
  createRoom(room: { id: string; title: string; snapshot: Uint8Array }) {
    return this.call<RoomRecord>('createRoom', room)
  }
  getRoom(id: string) {
    return this.call<RoomRecord | undefined>('getRoom', id)
  }
  listRooms() {
    return this.call<RoomRecord[]>('listRooms')
  }
  renameRoom(id: string, title: string) {
    return this.call<RoomRecord | undefined>('renameRoom', id, title)
  }
  deleteRoom(id: string) {
    return this.call<boolean>('deleteRoom', id)
  }
  setToken(roomId: string, role: Role, tokenHash: string) {
    return this.call<void>('setToken', roomId, role, tokenHash)
  }
  findToken(roomId: string, tokenHash: string) {
    return this.call<Role | undefined>('findToken', roomId, tokenHash)
  }
  revokeToken(roomId: string, role: Role) {
    return this.call<boolean>('revokeToken', roomId, role)
  }
  putStagedHint(roomId: string, hintId: string, json: string) {
    return this.call<void>('putStagedHint', roomId, hintId, json)
  }
  listStagedHints(roomId: string) {
    return this.call<string[]>('listStagedHints', roomId)
  }
  takeStagedHint(roomId: string, hintId: string) {
    return this.call<string | undefined>('takeStagedHint', roomId, hintId)
  }
  saveVersion(
    roomId: string,
    version: { id: string; name: string; createdBy: string; snapshot: Uint8Array },
  ) {
    return this.call<VersionRecord | undefined>('saveVersion', roomId, version)
  }
  listVersions(roomId: string) {
    return this.call<VersionRecord[]>('listVersions', roomId)
  }
  getVersion(roomId: string, versionId: string) {
    return this.call<(VersionRecord & { snapshot: Uint8Array }) | undefined>(
      'getVersion',
      roomId,
      versionId,
    )
  }
  exportRoom(id: string) {
    return this.call<RoomDump | undefined>('exportRoom', id)
  }
  importRoom(dump: RoomDump) {
    return this.call<void>('importRoom', dump)
  }

  /** Closes the connection (after the calls made before), then ends the thread. */
  async close(): Promise<void> {
    if (!this.dead) await this.call<void>('close').catch(() => undefined)
    this.dead ??= new Error('the store is closed')
    await this.worker.terminate()
  }
}
