import { parentPort } from 'node:worker_threads'
import { foldStoredDoc } from './DocStore.ts'

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

parentPort?.on('message', (job: FoldJob) => {
  let reply: FoldReply
  try {
    const folded = foldStoredDoc({
      snapshot: job.snapshot,
      updates: job.updates.map((update, seq) => ({ seq, update })),
      lastSeq: 0,
    })
    reply = { id: job.id, ok: true, folded }
    parentPort!.postMessage(reply, [folded.buffer as ArrayBuffer])
  } catch (err) {
    reply = { id: job.id, ok: false, message: err instanceof Error ? err.message : String(err) }
    parentPort!.postMessage(reply)
  }
})
