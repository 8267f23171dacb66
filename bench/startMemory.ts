// What the server holds in memory (issue 13), against the real server in its own process (SQLite
// in a temp dir):
//   start   resident memory (RSS) 2 s after the server first answers /healthz, idle; one fresh
//           server per run, --runs times as `pnpm start` and the Docker image run it (the bundle
//           `pnpm build` writes, server/dist/main.js, with the start script's flags and Node's
//           compile cache in NODE_COMPILE_CACHE, warmed by one start first), then --runs times
//           from the sources with the cache alone, then --runs times as the tests run it (no
//           cache, no flag: every .ts file goes through Node's type stripper)
//   rooms   live JS heap per loaded small room: the server runs with its inspector on; after a
//           full GC forced through it the live heap (used JS heap + ArrayBuffer backing stores)
//           is read idle, with half of the rooms loaded and with all of them. Each room is made
//           over HTTP and loaded by one stock y-websocket client that writes --entries map
//           entries of about 200 bytes (the shape of ../shared/bench-peers/memroom.mjs) and
//           stays connected. Per room = (all - idle) / rooms; marginal = (all - half) / (rooms/2),
//           which leaves out one-off costs of the first room (modules loaded on first use).
//           Every room is then read back by a fresh client, which must see all its entries.
//           --snapshot FILE writes a heap snapshot of the server with every room loaded (for
//           DevTools' Memory tab; taken after the figures are read).
// Usage: node bench/startMemory.ts [--only start,rooms] [--runs 3] [--rooms 200] [--entries 100]
//                                  [--snapshot FILE]
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { connect, createRoom, RAISED_RATE_LIMITS, until, type BenchRoom } from './benchClient.ts'
import {
  freePort,
  heapSnapshot,
  liveHeapAfterGc,
  machine,
  rssMiB,
  startBenchServer,
  startCommand,
} from './benchServer.ts'

const repo = path.join(import.meta.dirname, '..')

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string', default: 'start,rooms' },
    runs: { type: 'string', default: '3' },
    rooms: { type: 'string', default: '200' },
    entries: { type: 'string', default: '100' },
    snapshot: { type: 'string' },
  },
})
const only = new Set(opts.only.split(','))
const RUNS = Number(opts.runs)
const ROOMS = Number(opts.rooms)
const ENTRIES = Number(opts.entries)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const round = (n: number, digits = 1) => Number(n.toFixed(digits))
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
const benchEnv = {
  ...RAISED_RATE_LIMITS,
  MAX_CONNECTIONS_PER_IP: '100000',
}

/** Deterministic text so every run writes the same bytes. */
function entry(room: number, i: number) {
  let seed = room * 1_000_003 + i
  let text = ''
  while (text.length < 110) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
    text += 'abcdefghijklmnopqrstuvwxyz '[seed % 27]
  }
  return {
    id: `shape:${i}`,
    type: 'geo',
    x: (i * 37) % 4000,
    y: (i * 53) % 3000,
    parentId: 'page:page',
    props: { w: 120, h: 80, geo: 'rectangle', text },
  }
}

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: machine(),
  node: process.version,
  loadavg: loadavg(),
}

if (only.has('start')) {
  const startRss = async (env: Record<string, string>, entry?: string) => {
    const server = await startBenchServer({ LOG_LEVEL: 'warn', ...env }, entry)
    await sleep(2000)
    const rss = round(rssMiB(server.pid))
    await server.stop()
    return rss
  }
  const cache = { NODE_COMPILE_CACHE: mkdtempSync(path.join(tmpdir(), 'threatboard-cc-')) }
  // As server/package.json's start script and the Dockerfile's CMD run it (the bundle, once
  // `pnpm build` has made it).
  const start = startCommand(repo)
  const asStarted = { ...cache, NODE_OPTIONS: start.flags.join(' ') }
  await startRss(asStarted, start.entry)
  const started: number[] = []
  const cacheOnly: number[] = []
  const bare: number[] = []
  for (let run = 0; run < RUNS; run++) started.push(await startRss(asStarted, start.entry))
  for (let run = 0; run < RUNS; run++) cacheOnly.push(await startRss(cache))
  for (let run = 0; run < RUNS; run++) bare.push(await startRss({}))
  results.start = {
    rssMiB: started,
    compileCacheOnlyRssMiB: cacheOnly,
    neitherRssMiB: bare,
  }
}

if (only.has('rooms')) {
  const inspectPort = await freePort()
  const server = await startBenchServer({
    ...benchEnv,
    NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPort} --max-semi-space-size=2`,
  })
  try {
    await sleep(1000)
    const idle = await liveHeapAfterGc(inspectPort)
    const idleRss = rssMiB(server.pid)
    const rooms: BenchRoom[] = []
    for (let i = 0; i < ROOMS; i++) rooms.push(await createRoom(server, 'memory'))
    const clients: ReturnType<typeof connect>[] = []
    const load = async (from: number, to: number) => {
      const batch = rooms.slice(from, to).map((room) => connect(server, room))
      clients.push(...batch)
      await until(() => batch.every((c) => c.provider.synced), 'rooms synced')
      batch.forEach((c, k) =>
        c.doc.transact(() => {
          const map = c.doc.getMap('shapes')
          for (let i = 0; i < ENTRIES; i++) map.set(`shape:${i}`, entry(from + k, i))
        }),
      )
      // The server has a room's entries once a second client sees them; here: once every
      // socket has flushed, then a settle.
      await until(
        () => batch.every((c) => (c.provider.ws?.bufferedAmount ?? 0) === 0),
        'sockets flushed',
      )
      await sleep(3000)
      return liveHeapAfterGc(inspectPort)
    }
    const half = Math.floor(ROOMS / 2)
    const halfLoaded = await load(0, half)
    const loaded = await load(half, ROOMS)
    const loadedRss = rssMiB(server.pid)
    if (opts.snapshot) await heapSnapshot(inspectPort, opts.snapshot)
    // Every room must hold what its client wrote.
    let verified = 0
    for (let i = 0; i < ROOMS; i += 20) {
      const readers = rooms.slice(i, i + 20).map((room) => connect(server, room))
      await until(
        () => readers.every((r) => r.doc.getMap('shapes').size === ENTRIES),
        'rooms read back',
      )
      verified += readers.length
      for (const r of readers) r.provider.destroy()
    }
    for (const c of clients) c.provider.destroy()
    results.rooms = {
      rooms: ROOMS,
      entriesPerRoom: ENTRIES,
      idleLiveHeapMiB: round(idle / 2 ** 20),
      loadedLiveHeapMiB: round(loaded / 2 ** 20),
      perRoomLiveHeapKiB: round((loaded - idle) / ROOMS / 1024),
      marginalPerRoomLiveHeapKiB: round((loaded - halfLoaded) / (ROOMS - half) / 1024),
      idleRssMiB: round(idleRss),
      loadedRssMiB: round(loadedRss),
      roomsVerified: verified,
    }
  } finally {
    await server.stop()
  }
}

console.log(JSON.stringify(results, null, 2))
process.exit(0)
