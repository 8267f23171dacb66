import { parentPort, workerData } from 'node:worker_threads'
import { SqliteRoomStore } from './SqliteRoomStore.ts'

/**
 * Runs on a worker thread (SqliteStoreThread.ts): owns the server's one connection to
 * `rooms.db` and runs the store's calls on it in the order they arrive, so a commit's fsync
 * holds this thread, not the event loop.
 */

export interface StoreCall {
  id: number
  method: string
  args: unknown[]
}

/** An error as it crosses threads: what the caller needs to tell one failure from another. */
export interface ThreadError {
  name: string
  message: string
  errcode?: number
  code?: string
}

export type StoreReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ThreadError }

export type StoreOpened = { opened: true } | { opened: false; error: ThreadError }

const describe = (err: unknown): ThreadError => {
  const e = err as Partial<ThreadError>
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(err),
    ...(typeof e.errcode === 'number' ? { errcode: e.errcode } : {}),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
  }
}

const port = parentPort!
const { dataDir, synchronous } = workerData as {
  dataDir: string
  synchronous: 'FULL' | 'NORMAL'
}
let store: SqliteRoomStore | undefined
try {
  store = new SqliteRoomStore(dataDir, { synchronous })
  port.postMessage({ opened: true } satisfies StoreOpened)
} catch (err) {
  port.postMessage({ opened: false, error: describe(err) } satisfies StoreOpened)
}

if (store) {
  const methods = store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
  port.on('message', (call: StoreCall) => {
    let result: Promise<unknown>
    try {
      result = methods[call.method]!(...call.args)
    } catch (err) {
      result = Promise.reject(err)
    }
    result.then(
      (value) => port.postMessage({ id: call.id, ok: true, value } satisfies StoreReply),
      (err: unknown) =>
        port.postMessage({ id: call.id, ok: false, error: describe(err) } satisfies StoreReply),
    )
  })
}
