import { writeFileSync } from 'node:fs'
import * as Y from 'yjs'
import { afterAll, describe, expect, it } from 'vitest'
import { applyStoredDoc } from '../src/persistence/DocStore.ts'
import { SqliteRoomStore } from '../src/persistence/SqliteRoomStore.ts'
import { gridThreatDragonModel } from './helpers/bigModel.ts'
import { connectClient, items, type TestClient } from './helpers/clients.ts'
import { pause, waitFor } from './helpers/poll.ts'
import { freePort, spawnServer, stopProcess, type ServerProcess } from './helpers/process.ts'
import { createRoomFull, tempDataDir } from './helpers/server.ts'

/**
 * Chaos: editing clients keep writing while the server process is SIGKILLed at random moments
 * and restarted on the same port and data directory. CI runs a small size; the long run is
 * `CHAOS_CLIENTS=50 CHAOS_KILLS=100 pnpm vitest run --project server test/chaos.test.ts`, its
 * figures are in docs/reliability.md. `CHAOS_REPORT=<file>` writes the counts as JSON.
 *
 * "Acknowledged" is concrete: an update is acknowledged once the server relayed it to another
 * client (a viewer that only watches). The server relays an update only after committing it, so
 * every acknowledged update must be on disk at every kill: the test opens the database after
 * each kill, before the restart (when the editors could send it again), and counts what is not.
 */
const CLIENTS = Number(process.env.CHAOS_CLIENTS ?? 12)
const KILLS = Number(process.env.CHAOS_KILLS ?? 10)
const REPORT = process.env.CHAOS_REPORT

const between = (min: number, max: number) => min + Math.random() * (max - min)

/** The room's keys as the database holds them (the server is dead: nothing else has it open). */
async function keysOnDisk(dataDir: string, roomId: string): Promise<Set<string>> {
  const store = new SqliteRoomStore(dataDir)
  try {
    const stored = (await store.loadDoc(roomId))!
    const doc = new Y.Doc()
    applyStoredDoc(doc, stored)
    return new Set(doc.getMap('test-items').keys())
  } finally {
    await store.close()
  }
}

describe('chaos', () => {
  const clients: TestClient[] = []
  let server: ServerProcess | undefined
  afterAll(async () => {
    for (const c of clients) c.destroy()
    if (server) await stopProcess(server, 'SIGKILL')
  })

  it(
    `loses no acknowledged update across ${KILLS} SIGKILLs of a server with ${CLIENTS} editors`,
    async () => {
      // Every stock y-websocket client adds a process 'exit' listener.
      process.setMaxListeners(CLIENTS + 20)
      const dataDir = tempDataDir()
      const port = String(await freePort())
      const env = { DATA_DIR: dataDir, PORT: port, RATE_LIMIT_ROOM_PER_MIN: '1000000' }
      server = await spawnServer(env, { timeoutMs: 180_000 })
      const { url, wsBase } = server
      const { id, tokens } = await createRoomFull(url, 'Chaos')
      // A big room whose export keeps the server's loop busy: the "long render" kill.
      const big = await fetch(`${url}/api/rooms/import?format=threat-dragon`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(gridThreatDragonModel(500)),
      })
      expect(big.status).toBe(201)
      const heavy = (await big.json()) as { id: string; tokens: { viewer: string } }

      const watcher = connectClient(wsBase, id, { token: tokens.viewer })
      clients.push(watcher)
      const acknowledged = new Set<string>()
      items(watcher).observe((event) => {
        for (const key of event.keysChanged) acknowledged.add(key)
      })
      const editors = Array.from({ length: CLIENTS }, () =>
        connectClient(wsBase, id, { token: tokens.editor }),
      )
      clients.push(...editors)
      let written = 0
      let writing = true
      const writers = editors.map(async (c, i) => {
        for (let n = 0; writing; n++) {
          items(c).set(`e${i}-${n}`, n)
          written++
          // About 200 updates a second in all, whatever the number of clients.
          await pause(between(40, 160) * Math.max(1, CLIENTS / 12))
        }
      })

      const heavyKillAt = Math.floor(KILLS / 2)
      let lostAtKills = 0
      let heavyKillBlocked = false
      const perKill: { acknowledged: number; lost: number; restartMs: number }[] = []
      for (let k = 0; k < KILLS; k++) {
        // Each kill lands while the clients are back and editing: the watcher has synced with
        // this server and seen a new update through it, then a random while longer.
        const before = acknowledged.size
        await waitFor(
          () =>
            watcher.provider.synced && watcher.provider.wsconnected && acknowledged.size > before,
          'the clients to be back and editing',
          120_000,
        )
        await pause(between(200, 1500))
        if (k === heavyKillAt) {
          // Exports of the big room run back to back on the loop; kill in the middle of them.
          const exports = Array.from({ length: 4 }, () =>
            fetch(`${url}/api/rooms/${heavy.id}/export?format=threat-dragon`, {
              headers: { authorization: `Bearer ${heavy.tokens.viewer}` },
            }).catch(() => undefined),
          )
          await pause(150)
          // A health check that cannot be answered now shows the loop is busy.
          heavyKillBlocked = await Promise.race([
            fetch(`${url}/healthz`).then(
              () => false,
              () => false,
            ),
            pause(100).then(() => true),
          ])
          void Promise.all(exports)
        }
        await stopProcess(server, 'SIGKILL')
        const onDisk = await keysOnDisk(dataDir, id)
        const lost = [...acknowledged].filter((key) => !onDisk.has(key))
        lostAtKills += lost.length
        const restartAt = Date.now()
        // Startup competes with every client's reconnect loop for two cores: give it time.
        server = await spawnServer(env, { timeoutMs: 180_000 })
        perKill.push({
          acknowledged: acknowledged.size,
          lost: lost.length,
          restartMs: Date.now() - restartAt,
        })
        if (REPORT) writeFileSync(REPORT, JSON.stringify({ partial: true, perKill }, null, 2))
      }

      writing = false
      await Promise.all(writers)
      const everyone = [watcher, ...editors]
      // Every client has every acknowledged update, and nothing an editor wrote is missing.
      const allWritten = new Set<string>()
      for (const c of editors) for (const key of items(c).keys()) allWritten.add(key)
      await waitFor(
        () => everyone.every((c) => [...allWritten].every((key) => items(c).has(key))),
        'every client to converge after the last restart',
        60_000,
      )
      await stopProcess(server, 'SIGTERM')
      const finalDisk = await keysOnDisk(dataDir, id)
      const missingOnDisk = [...allWritten].filter((key) => !finalDisk.has(key))

      const counts = {
        clients: CLIENTS,
        kills: KILLS,
        heavyKillBlocked,
        written,
        acknowledged: acknowledged.size,
        lostAtKills,
        missingOnDiskAtEnd: missingOnDisk.length,
        perKill,
      }
      console.log(`chaos: ${JSON.stringify({ ...counts, perKill: undefined })}`)
      if (REPORT) writeFileSync(REPORT, JSON.stringify(counts, null, 2))
      expect(acknowledged.size).toBeGreaterThan(KILLS * CLIENTS)
      expect(lostAtKills).toBe(0)
      expect(missingOnDisk).toEqual([])
      expect(written).toBe(allWritten.size)
    },
    KILLS * 30_000 + 120_000,
  )
})
