// Import and export benchmark: Threat Dragon models posted to the real server's
// POST /api/rooms/import, and exported back with GET /api/rooms/:id/export. Runs every fixture in
// ../shared/fixtures/threat-dragon and generated models of growing size (elements in a grid,
// flows between neighbours, two threats each). Reports the file size, the time to a 201, the
// stored room size, the export time, and the server's memory.
// Usage: node bench/import.ts [repeats=10]
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { machine, percentile, rssMiB, startBenchServer } from './benchServer.ts'
import { gridThreatDragonModel } from '../server/test/helpers/bigModel.ts'

const repeats = Number(process.argv[2] ?? 10)
const FIXTURES = path.join(import.meta.dirname, '..', '..', 'shared', 'fixtures', 'threat-dragon')

const models: [string, string][] = [
  ...readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json') && !f.includes('schema') && !f.includes('v1'))
    .sort()
    .map((f): [string, string] => [f, readFileSync(path.join(FIXTURES, f), 'utf8')]),
  ...[100, 300, 650].map((n): [string, string] => [
    `generated, ${n} elements`,
    JSON.stringify(gridThreatDragonModel(n)),
  ]),
]

const server = await startBenchServer({ RATE_LIMIT_CREATE_PER_MIN: '100000' })
try {
  const rows = []
  const rssIdle = rssMiB(server.pid)
  for (const [name, body] of models) {
    const importMs: number[] = []
    const exportMs: number[] = []
    let room: { id: string; sizeBytes: number; tokens: { viewer: string } } | undefined
    for (let i = 0; i < repeats; i++) {
      let t = performance.now()
      const res = await fetch(`${server.base}/api/rooms/import?format=threat-dragon`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      if (res.status !== 201) throw new Error(`${name}: ${res.status} ${await res.text()}`)
      room = (await res.json()) as typeof room
      importMs.push(performance.now() - t)
      t = performance.now()
      const out = await fetch(`${server.base}/api/rooms/${room!.id}/export?format=threat-dragon`, {
        headers: { authorization: `Bearer ${room!.tokens.viewer}` },
      })
      await out.arrayBuffer()
      exportMs.push(performance.now() - t)
    }
    importMs.sort((a, b) => a - b)
    exportMs.sort((a, b) => a - b)
    rows.push({
      model: name,
      fileKiB: (Buffer.byteLength(body) / 1024).toFixed(1),
      roomKiB: (room!.sizeBytes / 1024).toFixed(1),
      importMs: { p50: percentile(importMs, 50).toFixed(1), max: importMs.at(-1)!.toFixed(1) },
      exportMs: { p50: percentile(exportMs, 50).toFixed(1), max: exportMs.at(-1)!.toFixed(1) },
    })
  }
  console.log(
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: machine(),
        node: process.version,
        repeats,
        rows,
        serverRssMiB: { idle: rssIdle.toFixed(1), after: rssMiB(server.pid).toFixed(1) },
      },
      null,
      2,
    ),
  )
} finally {
  await server.stop()
}
