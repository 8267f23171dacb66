import { afterEach, describe, expect, it } from 'vitest'
import { connectSynced, items, type TestClient } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import { spawnServer, stopProcess, type ServerProcess } from './helpers/process.ts'
import { createRoomFull, tempDataDir } from './helpers/server.ts'

describe('one server per data directory', () => {
  const procs: ServerProcess[] = []
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const p of procs.splice(0)) await stopProcess(p, 'SIGKILL')
  })

  it('refuses to start a second server on the same DATA_DIR, and starts once the first is gone', async () => {
    const dataDir = tempDataDir()
    const first = await spawnServer({ DATA_DIR: dataDir })
    procs.push(first)
    const { id, tokens } = await createRoomFull(first.url)
    const writer = await connectSynced(first.wsBase, id, tokens.editor)
    clients.push(writer)
    items(writer).set('kept', 1)

    const refused = await spawnServer({ DATA_DIR: dataDir }).then(
      () => 'started',
      (err: Error) => err.message,
    )
    expect(refused).toContain('is in use by another Threatboard server')
    expect(refused).toContain('DATA_DIR')

    // The first server is unaffected and keeps writing.
    items(writer).set('later', 2)
    const reader = await connectSynced(first.wsBase, id, tokens.viewer)
    clients.push(reader)
    await waitFor(() => items(reader).get('later') === 2, 'first server still serving')

    // A killed server leaves no stale lock behind.
    await stopProcess(first, 'SIGKILL')
    const second = await spawnServer({ DATA_DIR: dataDir })
    procs.push(second)
    const after = await connectSynced(second.wsBase, id, tokens.viewer)
    clients.push(after)
    expect(items(after).toJSON()).toEqual({ kept: 1, later: 2 })
  })
})
