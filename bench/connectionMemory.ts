// Memory per open sync connection (issue 13): what one more client on an already loaded room
// costs the server, Threatboard against the reference y-websocket server, each in its own
// process with its inspector on. Per peer and run: 200 rooms, each loaded by one stock
// y-websocket client; after a settle and a full GC forced through the inspector, the live JS heap
// (used heap + ArrayBuffer backing stores) and the RSS are read; then four more clients join every
// room and the same is read again. Per connection = (second - first) / 800. Peers run in turn,
// order reversed on every other run.
//
//   node bench/connectionMemory.ts [--runs 3] [--rooms 200] [--extra 4]
//                                  [--checkout DIR] [--base DIR] [--peers T,A]
//
// T is --checkout (default: this one), started as its start script starts it (its Node flags,
// e.g. --max-semi-space-size); T0 is --base, the code before a change, started the same way.
// A is `@y/websocket-server` from ../shared/bench-peers (or BENCH_PEERS_DIR).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { RAISED_RATE_LIMITS, until } from './benchClient.ts'
import { freePort, liveHeapAfterGc, machine, rssMiB, startCommand } from './benchServer.ts'

const repo = path.join(import.meta.dirname, '..')
const peersDir = process.env.BENCH_PEERS_DIR ?? path.join(repo, '..', 'shared', 'bench-peers')
const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    rooms: { type: 'string', default: '200' },
    extra: { type: 'string', default: '4' },
    checkout: { type: 'string', default: repo },
    base: { type: 'string' },
    peers: { type: 'string', default: 'T,A' },
  },
})
const RUNS = Number(opts.runs)
const ROOMS = Number(opts.rooms)
const EXTRA = Number(opts.extra)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const round = (n: number, digits = 1) => Number(n.toFixed(digits))

interface Peer {
  id: string
  /** Starts the server; resolves once it answers. */
  start(port: number, inspectPort: number): { pid: number; stop(): Promise<void> }
  /** Room names, made on the server first where it needs that, and how a client joins one. */
  rooms(port: number): Promise<{ name: string; params: Record<string, string>; url: string }[]>
}

function threatboard(id: string, checkout: string): Peer {
  const start = startCommand(checkout)
  return {
    id,
    start(port, inspectPort) {
      const child = spawn(
        process.execPath,
        [`--inspect=127.0.0.1:${inspectPort}`, ...start.flags, start.entry],
        {
          env: {
            ...process.env,
            ...RAISED_RATE_LIMITS,
            MAX_CONNECTIONS_PER_IP: '100000',
            PORT: String(port),
            DATA_DIR: mkdtempSync(path.join(tmpdir(), 'threatboard-bench-')),
            LOG_LEVEL: 'error',
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      )
      return { pid: child.pid!, stop: () => stopChild(child) }
    },
    async rooms(port) {
      const made = []
      for (let i = 0; i < ROOMS; i++) {
        const res = await fetch(`http://127.0.0.1:${port}/api/rooms`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: `room ${i}` }),
        })
        if (res.status !== 201) throw new Error(`POST /api/rooms: ${res.status}`)
        const room = (await res.json()) as { id: string; tokens: { editor: string } }
        made.push({
          name: room.id,
          params: { token: room.tokens.editor },
          url: `ws://127.0.0.1:${port}/sync`,
        })
      }
      return made
    },
  }
}

const reference: Peer = {
  id: 'A',
  start(port, inspectPort) {
    const child = spawn(
      process.execPath,
      [
        `--inspect=127.0.0.1:${inspectPort}`,
        path.join(peersDir, 'node_modules', '@y', 'websocket-server', 'src', 'server.js'),
      ],
      { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' },
    )
    return { pid: child.pid!, stop: () => stopChild(child) }
  },
  async rooms(port) {
    return Array.from({ length: ROOMS }, (_, i) => ({
      name: `room-${i}`,
      params: {},
      url: `ws://127.0.0.1:${port}`,
    }))
  },
}

async function stopChild(child: ReturnType<typeof spawn>): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

async function answers(port: number): Promise<void> {
  for (let tries = 0; tries < 400; tries++) {
    const up = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/`)
      ws.on('error', () => resolve(false))
      ws.on('unexpected-response', () => (ws.terminate(), resolve(true)))
      ws.on('open', () => (ws.terminate(), resolve(true)))
    })
    if (up) return
    await sleep(50)
  }
  throw new Error(`server on ${port} did not answer`)
}

async function measure(peer: Peer) {
  const port = await freePort()
  const inspectPort = await freePort()
  const server = peer.start(port, inspectPort)
  const clients: WebsocketProvider[] = []
  try {
    await answers(port)
    const rooms = await peer.rooms(port)
    const join = (room: (typeof rooms)[number]) => {
      const provider = new WebsocketProvider(room.url, room.name, new Y.Doc(), {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
        params: room.params,
      })
      clients.push(provider)
      return provider
    }
    const settle = async (joined: WebsocketProvider[]) => {
      await until(() => joined.every((p) => p.synced), 'clients synced')
      await sleep(2000)
      return { heap: await liveHeapAfterGc(inspectPort), rss: rssMiB(server.pid) }
    }
    const first = await settle(rooms.map(join))
    const second = await settle(
      rooms.flatMap((room) => Array.from({ length: EXTRA }, () => join(room))),
    )
    const added = ROOMS * EXTRA
    return {
      heapPerConnectionKiB: round((second.heap - first.heap) / added / 1024, 2),
      rssPerConnectionKiB: round(((second.rss - first.rss) * 1024) / added, 2),
      liveHeapMiB: [round(first.heap / 2 ** 20), round(second.heap / 2 ** 20)],
      rssMiB: [round(first.rss), round(second.rss)],
    }
  } finally {
    for (const p of clients) p.destroy()
    await server.stop()
  }
}

const peers = opts.peers.split(',').flatMap((id): Peer[] => {
  if (id === 'A') return [reference]
  if (id === 'T') return [threatboard('T', opts.checkout)]
  return []
})
if (opts.base) peers.push(threatboard('T0', opts.base))
const results: Record<string, Awaited<ReturnType<typeof measure>>[]> = {}
for (let run = 0; run < RUNS; run++) {
  const order = run % 2 === 0 ? peers : [...peers].reverse()
  for (const peer of order) {
    const result = await measure(peer)
    console.error(`${peer.id} run ${run + 1}: ${JSON.stringify(result)}`)
    ;(results[peer.id] ??= []).push(result)
  }
}
console.log(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: machine(),
      node: process.version,
      loadavg: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
      rooms: ROOMS,
      connectionsAdded: ROOMS * EXTRA,
      results,
    },
    null,
    2,
  ),
)
process.exit(0)
