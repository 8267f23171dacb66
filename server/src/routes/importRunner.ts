import { Worker } from 'node:worker_threads'
import type { InteropFormat } from '@threatboard/shared/interop/formats.ts'
import { ApiError } from '../errors.ts'
import type { ImportJob, ImportOutcome } from './importWorker.ts'

/** Longest an import may run before it is stopped and refused. */
export const IMPORT_TIMEOUT_MS = 20_000
/** Heap an import may use: the largest accepted file needs a fraction of it. */
const IMPORT_HEAP_MB = 512

type Success = Extract<ImportOutcome, { ok: true }>

/**
 * Builds imported rooms on one worker thread, one file at a time: the event loop only hands the
 * parsed body over and takes the finished snapshot back. The thread starts with the first import,
 * not with the server: it holds a second copy of the readers and the board schema (tens of MiB),
 * which a server that never imports should not pay for; the first import waits about a second.
 * A file that runs too long or exhausts the worker's heap is refused (the worker is replaced);
 * nothing else is affected.
 */
export class ImportRunner {
  private worker: Worker | undefined
  private queue: Promise<unknown> = Promise.resolve()
  private nextId = 0
  private closed = false

  run(format: InteropFormat, label: string, text: string): Promise<Success> {
    const result = this.queue.then(() =>
      this.runNow({ id: ++this.nextId, format, label, text, at: Date.now() }),
    )
    this.queue = result.catch(() => undefined)
    return result
  }

  async close(): Promise<void> {
    this.closed = true
    await this.worker?.terminate()
    this.worker = undefined
  }

  private start(): Worker {
    const worker = new Worker(new URL('./importWorker.ts', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: IMPORT_HEAP_MB },
    })
    worker.unref()
    this.worker = worker
    return worker
  }

  private runNow(job: ImportJob): Promise<Success> {
    if (this.closed) return Promise.reject(new ApiError('UNAVAILABLE', 'the server is stopping'))
    const worker = this.worker ?? this.start()
    return new Promise<Success>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
      }
      const replace = () => {
        if (this.worker === worker) this.worker = undefined
        void worker.terminate()
      }
      const timer = setTimeout(() => {
        done()
        replace()
        reject(
          new ApiError(
            'PAYLOAD_TOO_LARGE',
            `the file took more than ${IMPORT_TIMEOUT_MS / 1000} s to import; it was stopped`,
          ),
        )
      }, IMPORT_TIMEOUT_MS)
      const onMessage = (outcome: ImportOutcome) => {
        if (outcome.id !== job.id) return
        done()
        if (outcome.ok) resolve(outcome)
        else if (outcome.bad) reject(new ApiError('BAD_REQUEST', outcome.message))
        else reject(new Error(`import failed: ${outcome.message}`))
      }
      const onError = (err: Error) => {
        done()
        replace()
        const memory = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
        reject(
          memory
            ? new ApiError('PAYLOAD_TOO_LARGE', 'the file needs more memory to import than allowed')
            : err,
        )
      }
      const onExit = () => {
        done()
        if (this.worker === worker) this.worker = undefined
        reject(new Error('the import worker stopped'))
      }
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('exit', onExit)
      worker.postMessage(job)
    })
  }
}
