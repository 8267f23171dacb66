import { parentPort } from 'node:worker_threads'
import { renderReport, type RenderJob } from './renderReport.ts'

/** What the worker answers for each job. */
export type RenderReply = { ok: true; body: string | Uint8Array } | { ok: false; message: string }

/**
 * Entry point of a report worker thread (started by `ReportRenderer`): renders one job at a time
 * and answers with the body or the reason it failed. Running out of heap or time ends the
 * thread from outside; the server's event loop never waits on a render.
 */
parentPort?.on('message', (job: RenderJob) => {
  renderReport(job).then(
    (body) => parentPort?.postMessage({ ok: true, body } satisfies RenderReply),
    (err: unknown) =>
      parentPort?.postMessage({
        ok: false,
        message: err instanceof Error ? err.message : String(err),
      } satisfies RenderReply),
  )
})
