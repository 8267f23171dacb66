// Update propagation benchmark: N stock y-websocket clients in one room on the real server
// (its own process, SQLite in a temp dir). Each round one client writes a timestamped value;
// every other client records how long it took to arrive. Reports p50/p99 latency and the server
// process's resident memory. Usage: node bench/propagation.ts [clients=20] [rounds=200]
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { machine, percentile, rssMiB, startBenchServer } from './benchServer.ts'

const clients = Number(process.argv[2] ?? 20)
const rounds = Number(process.argv[3] ?? 200)

const until = async (check: () => boolean, what: string, ms = 20_000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 2))
  }
}

const server = await startBenchServer()
const { base, port } = server
try {
  const rssIdle = rssMiB(server.pid)
  const res = await fetch(`${base}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'bench' }),
  })
  const { id, tokens } = (await res.json()) as { id: string; tokens: { editor: string } }

  const peers = Array.from({ length: clients }, () => {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/sync`, id, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: { token: tokens.editor },
    })
    return { doc, provider, map: doc.getMap<number>('bench') }
  })
  await until(() => peers.every((p) => p.provider.synced), 'all clients synced')

  const latencies: number[] = []
  for (let round = 0; round < rounds; round++) {
    const writer = peers[round % clients]!
    const key = `r${round}`
    const seen = new Set<number>()
    const sentAt = performance.now()
    const listeners = peers.map((p, i) => {
      const fn = (e: Y.YMapEvent<number>) => {
        if (p !== writer && e.keysChanged.has(key) && !seen.has(i)) {
          seen.add(i)
          latencies.push(performance.now() - sentAt)
        }
      }
      p.map.observe(fn)
      return fn
    })
    writer.map.set(key, round)
    await until(() => seen.size === clients - 1, `round ${round} delivered`)
    peers.forEach((p, i) => p.map.unobserve(listeners[i]!))
  }
  const rssLoaded = rssMiB(server.pid)
  latencies.sort((a, b) => a - b)
  const fmt = (n: number) => n.toFixed(2)
  console.log(
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: machine(),
        node: process.version,
        clients,
        rounds,
        deliveries: latencies.length,
        latencyMs: {
          p50: fmt(percentile(latencies, 50)),
          p99: fmt(percentile(latencies, 99)),
          max: fmt(latencies.at(-1)!),
        },
        serverRssMiB: { idle: fmt(rssIdle), withRoomLoaded: fmt(rssLoaded) },
      },
      null,
      2,
    ),
  )
  for (const p of peers) p.provider.destroy()
} finally {
  await server.stop()
}
// y-websocket leaves exit listeners and timers behind; the benchmark is done.
process.exit(0)
