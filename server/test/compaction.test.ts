import { afterEach, describe, expect, it } from 'vitest'
import { FOLD_IN_THREAD_BELOW_BYTES } from '../src/persistence/foldOffLoop.ts'
import { connectSynced, items, type TestClient } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import { createRoomFull, startServer, tempDataDir, type TestServer } from './helpers/server.ts'

const THRESHOLD = 100_000

describe('compaction of a room on the real server', () => {
  const clients: TestClient[] = []
  const servers: TestServer[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const s of servers.splice(0)) await s.close()
  })
  const track = (c: TestClient) => (clients.push(c), c)
  const start = async (dataDir: string) => {
    const server = await startServer({
      dataDir,
      env: { COMPACT_AFTER_BYTES: String(THRESHOLD), COMPACT_AFTER_UPDATES: '1000000' },
    })
    servers.push(server)
    return server
  }

  it('folds the log once it passes COMPACT_AFTER_BYTES, not before, and loses nothing', async () => {
    const dataDir = tempDataDir()
    const server = await start(dataDir)
    const { id, tokens } = await createRoomFull(server.url)
    const writer = track(await connectSynced(server.wsBase, id, tokens.editor))
    const observer = track(await connectSynced(server.wsBase, id, tokens.viewer))
    const note = (i: number) => `note ${i} `.padEnd(1000, '.')
    const write = async (from: number, to: number) => {
      for (let i = from; i < to; i++) items(writer).set(`n${i}`, note(i))
      // Relayed means committed.
      await waitFor(() => items(observer).size === to, `the observer to hold ${to} notes`)
      // The room's writes, and any compaction they started, are done.
      await (await server.app.rooms.peek(id))!.flush()
    }
    const stored = async () => {
      const doc = (await server.app.store.loadDoc(id))!
      const logBytes = doc.updates.reduce((n, u) => n + u.update.byteLength, 0)
      return { snapshotBytes: doc.snapshot.byteLength, entries: doc.updates.length, logBytes }
    }

    // About 90 kB of notes: under the threshold, so still a log on a small snapshot.
    await write(0, 90)
    const before = await stored()
    expect(before.logBytes).toBeGreaterThan(90_000)
    expect(before.logBytes).toBeLessThanOrEqual(THRESHOLD)
    expect(before.entries).toBeGreaterThan(1)
    expect(before.snapshotBytes).toBeLessThan(20_000)

    // Past the threshold: the log so far is folded into the snapshot (large enough to be folded
    // on the fold thread); what was appended after the fold read it stays in the log.
    await write(90, 110)
    const after = await stored()
    expect(after.snapshotBytes).toBeGreaterThan(THRESHOLD)
    expect(after.snapshotBytes).toBeGreaterThan(FOLD_IN_THREAD_BELOW_BYTES)
    expect(after.logBytes).toBeLessThan(20_000)

    // A new server on the same data directory serves every note from the snapshot.
    for (const c of clients.splice(0)) c.destroy()
    for (const s of servers.splice(0)) await s.close()
    const again = await start(dataDir)
    const reader = track(await connectSynced(again.wsBase, id, tokens.viewer))
    expect(items(reader).size).toBe(110)
    expect(items(reader).get('n0')).toBe(note(0))
    expect(items(reader).get('n109')).toBe(note(109))
  })
})
