// How long an export holds the server's event loop. A generated Threat Dragon model is imported
// and kept loaded (a stock y-websocket client stays on the room, as during a session); then each
// export format is fetched `repeats` times while a probe asks GET /healthz back to back. Every
// other room waits as long as the probe does, so the probe's longest wait during an export is the
// longest the loop was held by it (plus one probe round trip, ~0.2 ms). Also reports each
// export's time from request to last byte.
// Usage: [SIZES=100,300,650] [ONLY=OTM,…] node bench/exportLoop.ts [repeats=10] [--checkout DIR]
// (DIR: another checkout whose server/src/main.ts is run instead, for a before/after).
import path from 'node:path'
import { connect, RAISED_RATE_LIMITS } from './benchClient.ts'
import { machine, percentile, sourceEntry, startBenchServer } from './benchServer.ts'
import { gridThreatDragonModel } from '../server/test/helpers/bigModel.ts'

const args = process.argv.slice(2)
const at = args.indexOf('--checkout')
const checkout = at >= 0 ? path.resolve(args[at + 1]!) : path.join(import.meta.dirname, '..')
const repeats = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--checkout') ?? 10)

const EXPORTS = [
  ['Threat Dragon', 'export?format=threat-dragon'],
  ['OTM', 'export?format=otm'],
  ['PDF report', 'report?format=pdf'],
  ['JSON report', 'report?format=json'],
] as const

// ONLY="OTM,JSON report" runs those exports only.
const only = process.env.ONLY?.split(',')
const profileDir = process.env.PROFILE_DIR
const server = await startBenchServer(
  // PROFILE_DIR=… writes the server's CPU profile there when it stops.
  profileDir
    ? { ...RAISED_RATE_LIMITS, NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` }
    : RAISED_RATE_LIMITS,
  sourceEntry(checkout),
)

/** Fetches /healthz back to back until `stop`; resolves to the longest wait, in ms. */
async function probe(stop: { done: boolean }): Promise<number> {
  let longest = 0
  while (!stop.done) {
    const t = performance.now()
    await (await fetch(`${server.base}/healthz`)).arrayBuffer()
    longest = Math.max(longest, performance.now() - t)
  }
  return longest
}

try {
  const rows = []
  for (const n of (process.env.SIZES ?? '100,300,650').split(',').map(Number)) {
    const res = await fetch(`${server.base}/api/rooms/import?format=threat-dragon`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(gridThreatDragonModel(n)),
    })
    if (res.status !== 201) throw new Error(`import of ${n}: ${res.status} ${await res.text()}`)
    const room = (await res.json()) as {
      id: string
      sizeBytes: number
      tokens: { owner: string; editor: string; viewer: string }
    }
    const client = connect(server, room)
    await client.synced()
    for (const [name, path] of EXPORTS.filter(([n]) => !only || only.includes(n))) {
      const took: number[] = []
      const held: number[] = []
      for (let i = 0; i < repeats; i++) {
        const stop = { done: false }
        const probing = probe(stop)
        const t = performance.now()
        const out = await fetch(`${server.base}/api/rooms/${room.id}/${path}`, {
          headers: { authorization: `Bearer ${room.tokens.viewer}` },
        })
        if (!out.ok) throw new Error(`${name} of ${n}: ${out.status} ${await out.text()}`)
        await out.arrayBuffer()
        took.push(performance.now() - t)
        stop.done = true
        held.push(await probing)
      }
      took.sort((a, b) => a - b)
      held.sort((a, b) => a - b)
      rows.push({
        model: `generated, ${n} elements (${(room.sizeBytes / 1024).toFixed(0)} KiB)`,
        export: name,
        exportMs: { p50: percentile(took, 50).toFixed(1), max: took.at(-1)!.toFixed(1) },
        loopHeldMs: { p50: percentile(held, 50).toFixed(1), max: held.at(-1)!.toFixed(1) },
      })
    }
    client.provider.destroy()
  }
  console.log(
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: machine(),
        node: process.version,
        checkout,
        repeats,
        rows,
      },
      null,
      2,
    ),
  )
} finally {
  await server.stop()
}
// The stock client's timers would keep the process up after its provider is destroyed.
process.exit(0)
