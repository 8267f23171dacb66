import { parentPort } from 'node:worker_threads'
import { foldLog } from './DocStore.ts'

/**
 * Runs on a worker thread (foldOffLoop.ts): folds a room's stored snapshot and log into one
 * snapshot, so that encoding a large document costs this thread's time, never the event loop
 * that serves every room.
 */

export interface FoldJob {
  id: number
  snapshot: Uint8Array
  updates: Uint8Array[]
}

export type FoldReply =
  { id: number; ok: true; folded: Uint8Array } | { id: number; ok: false; message: string }

/**
 * The reply to one job, and the buffers to transfer with it (the folded snapshot is moved to
 * the calling thread, not copied). A log that cannot be read is a failed reply, never a throw:
 * the thread stays up for the next job.
 */
export function answerFoldJob(job: FoldJob): { reply: FoldReply; transfer: ArrayBuffer[] } {
  try {
    const folded = foldLog(job.snapshot, job.updates)
    return { reply: { id: job.id, ok: true, folded }, transfer: [folded.buffer as ArrayBuffer] }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    return { reply: { id: job.id, ok: false, message }, transfer: [] }
  }
}

parentPort?.on('message', (job: FoldJob) => {
  const { reply, transfer } = answerFoldJob(job)
  parentPort!.postMessage(reply, transfer)
})
