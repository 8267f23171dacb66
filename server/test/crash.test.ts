import { afterEach, describe, expect, it } from 'vitest'
import { connectSynced, items, type TestClient } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import { spawnServer, stopProcess, type ServerProcess } from './helpers/process.ts'
import { createRoom, tempDataDir } from './helpers/server.ts'

/**
 * The promise in docs/durability.md: an update is on disk before any other client sees it, so
 * every update the observer received must survive, however close to the kill.
 */
const DURABILITY_WINDOW_MS = 0

describe('durability across a crash', () => {
  const procs: ServerProcess[] = []
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const p of procs.splice(0)) await stopProcess(p, 'SIGKILL')
  })

  it('keeps every update another client received after SIGKILL, up to the kill', async () => {
    const dataDir = tempDataDir()
    const first = await spawnServer({ DATA_DIR: dataDir })
    procs.push(first)
    const id = await createRoom(first.url)
    const writer = await connectSynced(first.wsBase, id)
    const observer = await connectSynced(first.wsBase, id)
    clients.push(writer, observer)

    // The observer receiving an update proves the server accepted (applied and relayed) it.
    const acceptedAt = new Map<string, number>()
    items(observer).observe((event) => {
      for (const key of event.keysChanged) acceptedAt.set(key, Date.now())
    })
    let n = 0
    const writing = setInterval(() => items(writer).set(`u${n++}`, n), 5)
    await waitFor(() => acceptedAt.size >= 200, '200 accepted updates', 10_000)
    clearInterval(writing)
    // Keep the stream going right up to the kill so some updates are inside the window.
    for (let i = 0; i < 20; i++) items(writer).set(`tail${i}`, i)
    await waitFor(() => acceptedAt.has('tail19'), 'tail accepted')
    const killedAt = Date.now()
    await stopProcess(first, 'SIGKILL')

    const mustSurvive = [...acceptedAt]
      .filter(([, t]) => killedAt - t >= DURABILITY_WINDOW_MS)
      .map(([key]) => key)
    expect(mustSurvive.length).toBeGreaterThan(200)

    const second = await spawnServer({ DATA_DIR: dataDir })
    procs.push(second)
    const reader = await connectSynced(second.wsBase, id)
    clients.push(reader)
    const missing = mustSurvive.filter((key) => !items(reader).has(key))
    expect(missing).toEqual([])
  })

  it('flushes every pending write on SIGTERM', async () => {
    const dataDir = tempDataDir()
    const first = await spawnServer({ DATA_DIR: dataDir })
    procs.push(first)
    const id = await createRoom(first.url)
    const writer = await connectSynced(first.wsBase, id)
    const observer = await connectSynced(first.wsBase, id)
    clients.push(writer, observer)
    for (let i = 0; i < 30; i++) items(writer).set(`k${i}`, i)
    await waitFor(() => items(observer).size === 30, 'all accepted')
    // Shutdown closes every socket and compacts every room before the process exits 0.
    await stopProcess(first, 'SIGTERM')
    expect(first.child.exitCode).toBe(0)

    const second = await spawnServer({ DATA_DIR: dataDir })
    procs.push(second)
    const reader = await connectSynced(second.wsBase, id)
    clients.push(reader)
    expect(items(reader).size).toBe(30)
  })
})
