import { Worker } from 'node:worker_threads'
import type { RenderJob } from './renderReport.ts'
import type { RenderReply } from './renderWorker.ts'

export interface RenderLimits {
  /** Renders running at once; one more is refused as busy. */
  concurrency: number
  /** Wall-clock time one render may take before its thread is ended. */
  timeoutMs: number
  /** Heap of one render thread (V8 old generation), in MiB. */
  heapMb: number
}

/** Why a render did not produce a report. */
export type RenderErrorCode = 'BUSY' | 'TOO_BIG' | 'FAILED'

export class RenderError extends Error {
  override name = 'RenderError'
  readonly code: RenderErrorCode
  constructor(code: RenderErrorCode, message: string) {
    super(message)
    this.code = code
  }
}

const WORKER_URL = new URL('./renderWorker.ts', import.meta.url)
/**
 * A thread that rendered a document bigger than this is ended rather than kept: V8 keeps the
 * heap it grew, and an idle thread should not hold a big board's worth of memory.
 */
const KEEP_AFTER_BYTES = 2 * 1024 * 1024

/**
 * Renders reports and exports in worker threads, so a huge board costs a thread its heap and
 * time, never the server its event loop: at most `concurrency` renders at once (more are refused
 * as busy), each in a thread with a capped heap, ended when it runs out of heap or past
 * `timeoutMs`. Threads that finish cleanly are kept for the next render (starting one costs
 * about a second) unless the document was big; a thread that failed is ended and replaced on
 * demand.
 */
export class ReportRenderer {
  private readonly limits: RenderLimits
  private readonly idle: Worker[] = []
  private readonly busy = new Set<Worker>()
  private running = 0
  private closed = false

  constructor(limits: RenderLimits) {
    this.limits = limits
  }

  async render(job: RenderJob): Promise<Uint8Array> {
    if (this.closed) throw new RenderError('BUSY', 'the server is shutting down')
    if (this.running >= this.limits.concurrency) {
      throw new RenderError(
        'BUSY',
        `the server is already rendering ${this.limits.concurrency} report(s) or export(s); try again in a few seconds`,
      )
    }
    this.running++
    const worker = this.idle.pop() ?? this.spawn()
    worker.ref()
    this.busy.add(worker)
    try {
      const { body, healthy } = await this.run(worker, job)
      const size = job.updates.reduce((n, u) => n + u.byteLength, 0)
      if (healthy && !this.closed && size <= KEEP_AFTER_BYTES) {
        worker.unref()
        this.idle.push(worker)
      } else void worker.terminate()
      return body
    } catch (err) {
      void worker.terminate()
      throw err
    } finally {
      this.busy.delete(worker)
      this.running--
    }
  }

  /** Ends every thread; renders in progress fail. */
  async close(): Promise<void> {
    this.closed = true
    await Promise.all([...this.idle.splice(0), ...this.busy].map((w) => w.terminate()))
  }

  private spawn(): Worker {
    return new Worker(WORKER_URL, {
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb, stackSizeMb: 4 },
    })
  }

  private run(worker: Worker, job: RenderJob): Promise<{ body: Uint8Array; healthy: boolean }> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
      }
      const timer = setTimeout(() => {
        done()
        reject(
          new RenderError(
            'TOO_BIG',
            `rendering took longer than ${Math.round(this.limits.timeoutMs / 1000)} s; the board is too big to render`,
          ),
        )
      }, this.limits.timeoutMs)
      const onMessage = (message: unknown) => {
        // Node's watch mode (`pnpm dev`) posts its own messages on the same port: not ours.
        if (typeof (message as RenderReply | undefined)?.ok !== 'boolean') return
        const reply = message as RenderReply
        done()
        if (reply.ok) resolve({ body: reply.body, healthy: true })
        else reject(new RenderError('FAILED', reply.message))
      }
      const onError = (err: Error & { code?: string }) => {
        done()
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new RenderError(
                'TOO_BIG',
                `rendering needs more than ${this.limits.heapMb} MiB; the board is too big to render`,
              )
            : new RenderError('FAILED', err.message),
        )
      }
      const onExit = (code: number) => {
        done()
        reject(
          this.closed
            ? new RenderError('BUSY', 'the server is shutting down')
            : new RenderError('FAILED', `the render thread stopped (exit code ${code})`),
        )
      }
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('exit', onExit)
      worker.postMessage(job)
    })
  }
}
