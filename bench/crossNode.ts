// The cost of the cross-node hop (issue 12): two server processes sharing one PostgreSQL schema
// and one Redis (as in docs/deploy.md), stock y-websocket clients.
//
// 1. Hop latency: one writer on node A, one reader on A and one on B; each round the writer sets a
//    key and both readers time its arrival. The difference between B and A is what the hop adds.
// 2. One room spread over two nodes: N clients, half on each node, each writing at a rate for a
//    while; every client times every other client's writes (same process clock). Compared with
//    the same clients all on node A of the same cluster.
//
// Needs PostgreSQL and Redis (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test;
// BENCH_REDIS_URL, default redis://127.0.0.1:6379). Each run uses its own schema and key prefix.
// Usage: node bench/crossNode.ts [rounds=400] [clients=20] [rateHz=10] [seconds=10]
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import * as Y from 'yjs'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { machine, percentile, startBenchServer, type BenchServer } from './benchServer.ts'

const rounds = Number(process.argv[2] ?? 400)
const clients = Number(process.argv[3] ?? 20)
const rateHz = Number(process.argv[4] ?? 10)
const seconds = Number(process.argv[5] ?? 10)
const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'
const run = randomBytes(4).toString('hex')
const schema = `tb_bench_${run}`

const until = async (check: () => boolean, what: string, ms = 30_000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 2))
  }
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return {
    n: sorted.length,
    p50: Number(percentile(sorted, 50).toFixed(2)),
    p99: Number(percentile(sorted, 99).toFixed(2)),
  }
}

function connect(node: BenchServer, room: { id: string; token: string }) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`ws://127.0.0.1:${node.port}/sync`, room.id, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token: room.token },
  })
  return { doc, provider, map: doc.getMap<number>('bench') }
}
type Client = ReturnType<typeof connect>

async function newRoom(node: BenchServer): Promise<{ id: string; token: string }> {
  const res = await fetch(`${node.base}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'bench' }),
  })
  const { id, tokens } = (await res.json()) as { id: string; tokens: { editor: string } }
  return { id, token: tokens.editor }
}

/** Rounds of one write on A, timed at a reader on A and a reader on B. */
async function hop(a: BenchServer, b: BenchServer) {
  const room = await newRoom(a)
  const writer = connect(a, room)
  const readers = { sameNode: connect(a, room), otherNode: connect(b, room) }
  const all = [writer, readers.sameNode, readers.otherNode]
  await until(() => all.every((c) => c.provider.synced), 'hop clients synced')
  const times = { sameNode: [] as number[], otherNode: [] as number[] }
  for (let round = 0; round < rounds; round++) {
    const key = `r${round}`
    const sentAt = performance.now()
    let left = 2
    for (const name of ['sameNode', 'otherNode'] as const) {
      const map = readers[name].map
      const seen = (e: Y.YMapEvent<number>) => {
        if (!e.keysChanged.has(key)) return
        times[name].push(performance.now() - sentAt)
        map.unobserve(seen)
        left--
      }
      map.observe(seen)
    }
    writer.map.set(key, round)
    await until(() => left === 0, `round ${round} delivered`)
  }
  for (const c of all) c.provider.destroy()
  const same = stats(times.sameNode)
  const other = stats(times.otherNode)
  return {
    sameNodeMs: same,
    otherNodeMs: other,
    addedMs: {
      p50: Number((other.p50 - same.p50).toFixed(2)),
      p99: Number((other.p99 - same.p99).toFixed(2)),
    },
  }
}

/** Every client writes at `rateHz` for `seconds`; every other client times each write. */
async function load(nodes: BenchServer[]) {
  const room = await newRoom(nodes[0]!)
  const peers: Client[] = Array.from({ length: clients }, (_, i) =>
    connect(nodes[i % nodes.length]!, room),
  )
  await until(() => peers.every((c) => c.provider.synced), 'load clients synced')
  const sentAt = new Map<string, number>()
  const latencies: number[] = []
  for (const peer of peers) {
    peer.map.observe((e) => {
      if (e.transaction.local) return
      const now = performance.now()
      for (const key of e.keysChanged) {
        const t = sentAt.get(key)
        if (t !== undefined) latencies.push(now - t)
      }
    })
  }
  let sent = 0
  const started = performance.now()
  const timers = peers.map((peer, i) =>
    setInterval(() => {
      const key = `c${i}-${sent++}`
      sentAt.set(key, performance.now())
      peer.map.set(key, sent)
    }, 1000 / rateHz),
  )
  await new Promise((r) => setTimeout(r, seconds * 1000))
  for (const t of timers) clearInterval(t)
  const expected = sent * (clients - 1)
  await until(() => latencies.length >= expected, 'every write delivered', 60_000).catch(
    () => undefined,
  )
  const elapsed = (performance.now() - started) / 1000
  for (const c of peers) c.provider.destroy()
  return {
    writes: sent,
    deliveredPercent: Number(((100 * latencies.length) / expected).toFixed(1)),
    deliveriesPerSecond: Math.round(latencies.length / elapsed),
    latencyMs: stats(latencies),
  }
}

const env = {
  DATABASE_URL: databaseUrl,
  DATABASE_SCHEMA: schema,
  REDIS_URL: redisUrl,
  REDIS_KEY_PREFIX: `tb-bench-${run}:`,
  RATE_LIMIT_ROOM_PER_MIN: '1000000',
  MAX_CONNECTIONS_PER_IP: '10000',
}
const a = await startBenchServer({ ...env, NODE_ID: 'bench-a' })
const b = await startBenchServer({ ...env, NODE_ID: 'bench-b' })
try {
  const result = {
    date: new Date().toISOString(),
    machine: machine(),
    node: process.version,
    loadAverageAtStart: (await import('node:os')).loadavg().map((l) => Number(l.toFixed(2))),
    hop: await hop(a, b),
    roomOnOneNode: await load([a]),
    roomOverTwoNodes: await load([a, b]),
    params: { rounds, clients, rateHz, seconds },
  }
  console.log(JSON.stringify(result, null, 2))
} finally {
  await a.stop()
  await b.stop()
  // `pg` is the server's dependency, not the workspace root's.
  const pg = createRequire(new URL('../server/package.json', import.meta.url))('pg') as {
    Client: new (o: { connectionString: string }) => {
      connect(): Promise<void>
      query(sql: string): Promise<unknown>
      end(): Promise<void>
    }
  }
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await db.end()
}
// The clients' reconnect timers would keep the process alive after the servers stopped.
process.exit(0)
