/**
 * Runs `task` at most once per animation frame, however often `schedule` is called. A timer backs
 * the frame up, because browsers stop animation frames in background tabs and the work (sending
 * an edit, publishing a cursor) must still happen there.
 */
export class FrameScheduler {
  private readonly task: () => void
  private readonly fallbackMs: number
  private frame = 0
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(task: () => void, fallbackMs = 100) {
    this.task = task
    this.fallbackMs = fallbackMs
  }

  get isScheduled(): boolean {
    return this.timer !== undefined
  }

  schedule(): void {
    if (this.isScheduled) return
    this.frame = requestAnimationFrame(this.run)
    this.timer = setTimeout(this.run, this.fallbackMs)
  }

  cancel(): void {
    cancelAnimationFrame(this.frame)
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private run = () => {
    this.cancel()
    this.task()
  }
}
