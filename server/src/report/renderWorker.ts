import { parentPort } from 'node:worker_threads'
import { renderReport, type RenderJob } from './renderReport.ts'

/** What the worker answers for each job. */
export type RenderReply = { ok: true; body: Uint8Array } | { ok: false; message: string }

/**
 * Entry point of a report worker thread (started by `ReportRenderer`): renders one job at a time
 * and answers with the body, as UTF-8 bytes handed over without a copy (so the event loop does
 * not encode a text body of several MB while sending it), or the reason it failed. Running out
 * of heap or time ends the thread from outside; the server's event loop never waits on a render.
 */
parentPort?.on('message', (job: RenderJob) => {
  renderReport(job).then(
    (rendered) => {
      const body = typeof rendered === 'string' ? new TextEncoder().encode(rendered) : rendered
      // Only a buffer of its own is handed over (a view into a shared pool would take the pool).
      const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength
      parentPort?.postMessage(
        { ok: true, body } satisfies RenderReply,
        own ? [body.buffer as ArrayBuffer] : [],
      )
    },
    (err: unknown) =>
      parentPort?.postMessage({
        ok: false,
        message: err instanceof Error ? err.message : String(err),
      } satisfies RenderReply),
  )
})
