/** Polls `check` until it returns a truthy value or `timeoutMs` passes; throws with `what`. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 5000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value) return value as NonNullable<T>
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: last })
    }
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** Lets `ms` pass: for scenarios that must last a while (an outage), never as an assertion. */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
