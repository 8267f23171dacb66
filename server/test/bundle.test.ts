import { mkdtempSync, rmSync } from 'node:fs'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleServer } from '../bundle.ts'
import { gridThreatDragonModel } from './helpers/bigModel.ts'
import { connectSynced, items, type TestClient } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import { spawnServer, stopProcess, type ServerProcess } from './helpers/process.ts'
import { roomTokens, tempDataDir, type Tokens } from './helpers/server.ts'

/**
 * `pnpm start` and the Docker image run the server bundled (server/bundle.ts), not its sources.
 * This builds the bundle beside `dist/` (same depth, so it finds the client the same way) and
 * uses it as people do: a Threat Dragon import (a worker thread), edits from a stock client, a
 * PDF report (another worker thread), a shutdown that folds a large room's log (a third), and a
 * restart that shows everything again.
 */
describe('the bundled server (what pnpm start runs)', () => {
  const SERVER = path.join(import.meta.dirname, '..')
  let outDir: string
  const procs: ServerProcess[] = []
  const clients: TestClient[] = []

  beforeAll(async () => {
    outDir = mkdtempSync(path.join(SERVER, 'dist-test-'))
    await bundleServer(outDir)
  }, 120_000)
  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const p of procs.splice(0)) await stopProcess(p, 'SIGKILL')
    rmSync(outDir, { recursive: true, force: true })
  })

  const start = async (dataDir: string) => {
    const p = await spawnServer(
      { DATA_DIR: dataDir },
      { entry: path.join(outDir, 'main.js'), nodeFlags: ['--max-semi-space-size=2'] },
    )
    procs.push(p)
    return p
  }

  it('imports, syncs, renders a PDF, folds the log on shutdown and shows it all after a restart', async () => {
    const dataDir = tempDataDir()
    const first = await start(dataDir)

    // 40 processes, 67 flows, 80 threats: a room of ~200 KiB, folded on a worker when it compacts.
    const imported = await fetch(`${first.url}/api/rooms/import?format=threat-dragon`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(gridThreatDragonModel(40)),
    })
    expect(imported.status, await imported.clone().text()).toBe(201)
    const room = (await imported.json()) as { id: string; tokens: Tokens }
    roomTokens.set(room.id, room.tokens)
    const report = (format: string, url = first.url) =>
      fetch(`${url}/api/rooms/${room.id}/report?format=${format}`, {
        headers: { authorization: `Bearer ${room.tokens.viewer}` },
      })
    const threatsIn = async (url: string) =>
      ((await (await report('json', url)).json()) as { counts: { threats: number } }).counts.threats
    expect(await threatsIn(first.url)).toBe(80)

    const editor = await connectSynced(first.wsBase, room.id, room.tokens.editor)
    clients.push(editor)
    for (let i = 0; i < 50; i++) items(editor).set(`note${i}`, `edit ${i}`)
    const observer = await connectSynced(first.wsBase, room.id, room.tokens.observer)
    clients.push(observer)
    await waitFor(() => items(observer).size === 50, "the observer to see the editor's edits")

    const pdf = await report('pdf')
    expect(pdf.status).toBe(200)
    const bytes = Buffer.from(await pdf.arrayBuffer())
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect(bytes.byteLength).toBeGreaterThan(10_000)

    await stopProcess(first, 'SIGTERM')
    expect(first.child.exitCode, first.output()).toBe(0)
    expect(first.output()).not.toMatch(/compaction failed|worker/i)
    // Shutdown compacted the room: its log is folded into the snapshot, nothing left over.
    const db = new DatabaseSync(path.join(dataDir, 'rooms.db'), { readOnly: true })
    const left = db
      .prepare('SELECT count(*) AS n FROM room_updates WHERE room_id = ?')
      .get(room.id) as { n: number }
    db.close()
    expect(left.n).toBe(0)

    const second = await start(dataDir)
    expect(await threatsIn(second.url)).toBe(80)
    const reader = await connectSynced(second.wsBase, room.id, room.tokens.viewer)
    clients.push(reader)
    expect(items(reader).size).toBe(50)
    expect(items(reader).get('note49')).toBe('edit 49')
    rmSync(dataDir, { recursive: true, force: true })
  })
})
