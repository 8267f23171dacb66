import { Worker, type ResourceLimits } from 'node:worker_threads'
import { foldStoredDoc, storedBytes, type StoredDoc } from './DocStore.ts'
import type { FoldJob, FoldReply } from './foldWorker.ts'

/**
 * Below this many stored bytes a document is folded on the calling thread: encoding it takes a
 * millisecond or two, less than handing it to a thread and back.
 */
export const FOLD_IN_THREAD_BELOW_BYTES = 64 * 1024
/** A thread with nothing to fold for this long is ended (its heap held a whole document). */
const IDLE_MS = 10_000

export interface FoldThreadOptions {
  /** How long a thread with nothing to fold is kept (default 10 s). */
  idleMs?: number
  /**
   * Memory limits of the thread (default: Node's). A fold that exceeds them ends that thread
   * only: its folds reject, the process and the next fold go on.
   */
  resourceLimits?: ResourceLimits
}

/**
 * Folds stored documents (snapshot + log) into one snapshot each on one worker thread, one at a
 * time in order. The thread starts with the first large fold, is ended after `IDLE_MS` without
 * work, and keeps the process alive only while it has work. If it dies, the folds it held
 * reject (the caller keeps the log) and the next fold starts a new one.
 */
export class FoldThread {
  private worker: Worker | undefined
  private readonly waiting = new Map<
    number,
    { worker: Worker; resolve: (folded: Uint8Array) => void; reject: (err: Error) => void }
  >()
  private nextId = 0
  private idleTimer: NodeJS.Timeout | undefined

  private readonly options: FoldThreadOptions

  constructor(options: FoldThreadOptions = {}) {
    this.options = options
  }

  /** Folds handed to a thread and not yet answered. */
  get pending(): number {
    return this.waiting.size
  }

  /** The running thread's id, or undefined while none runs (none yet, idle, or dead). */
  get threadId(): number | undefined {
    return this.worker?.threadId
  }

  fold(stored: StoredDoc): Promise<Uint8Array> {
    const worker = this.worker ?? this.start()
    clearTimeout(this.idleTimer)
    worker.ref()
    const id = ++this.nextId
    return new Promise<Uint8Array>((resolve, reject) => {
      this.waiting.set(id, { worker, resolve, reject })
      // Copied, not transferred: the caller's store may still hold these buffers.
      const job: FoldJob = {
        id,
        snapshot: stored.snapshot,
        updates: stored.updates.map((u) => u.update),
      }
      worker.postMessage(job)
    })
  }

  /** Ends the thread; folds it still held reject. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer)
    const worker = this.worker
    this.worker = undefined
    await worker?.terminate()
  }

  private start(): Worker {
    const worker = new Worker(new URL('./foldWorker.ts', import.meta.url), {
      resourceLimits: this.options.resourceLimits,
    })
    this.worker = worker
    worker.on('message', (reply: FoldReply) => {
      const waiter = this.waiting.get(reply.id)
      this.waiting.delete(reply.id)
      if (reply.ok) waiter?.resolve(reply.folded)
      else waiter?.reject(new Error(`folding the log failed: ${reply.message}`))
      if (this.worker === worker && ![...this.waiting.values()].some((w) => w.worker === worker)) {
        this.idle(worker)
      }
    })
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined
      // Only its own folds: a thread ended by close() may exit after the next one started.
      for (const [id, waiter] of this.waiting) {
        if (waiter.worker !== worker) continue
        this.waiting.delete(id)
        waiter.reject(err)
      }
    }
    worker.on('error', fail)
    worker.on('exit', () => fail(new Error('the fold thread stopped')))
    return worker
  }

  private idle(worker: Worker): void {
    worker.unref()
    this.idleTimer = setTimeout(() => {
      if (this.worker !== worker) return
      this.worker = undefined
      void worker.terminate()
    }, this.options.idleMs ?? IDLE_MS)
    this.idleTimer.unref()
  }
}

const shared = new FoldThread()

/**
 * The stored document as one snapshot, with what was deleted garbage-collected as in a live
 * document: a fresh `Y.Doc` (gc on) loads the snapshot and the log and is encoded
 * (`foldStoredDoc`). `Y.mergeUpdates` would be cheaper but keeps deleted content, so the
 * snapshot would grow with every edit ever made. Large documents are folded on a worker thread
 * shared by the process (or on `thread`); small ones here.
 */
export function foldOffLoop(stored: StoredDoc, thread: FoldThread = shared): Promise<Uint8Array> {
  if (storedBytes(stored) < FOLD_IN_THREAD_BELOW_BYTES) {
    return Promise.resolve(foldStoredDoc(stored))
  }
  return thread.fold(stored)
}
