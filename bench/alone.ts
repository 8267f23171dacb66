// Threatboard alone (issue 13): what no peer has to do. Against the real server in its own process
// (SQLite in a temp dir), with stock y-websocket clients:
//   persist   sustained persisted updates/s of one room (an update counts once another client has
//             it: the server relays only what is on disk), the server's event-loop delay over the
//             run (its /metrics: monitorEventLoopDelay, 10 ms resolution, reset at each scrape)
//             and the compactions it ran; --board N first fills the room with N records
//   compact   compaction of a 10,000-record room (Room.compact on the server's own store, in this
//             process): its duration, the longest the event loop was held meanwhile
//             (monitorEventLoopDelay at 1 ms resolution, one histogram per compaction: includes
//             waiting for a core on a busy machine), and the CPU time of the loop's thread alone
//             (process.threadCpuUsage) over the compaction; --fold-in-thread folds on the loop
//   edits     threat edits in a 10,000-record room: latency one at a time, then a burst of edits
//             per second, and the server's CPU per edit (from /proc), counted after 50 warm-up
//             edits and once the server is idle (the fill's compaction done)
//   reports   every report format of a 500-threat room, time to the last byte
// Usage: node bench/alone.ts [--only persist,compact,edits,reports] [--edits 300] [--board 0]
//        [--fold-in-thread] [--profile DIR]
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import * as Y from 'yjs'
import {
  getRecordsMap,
  readCollection,
  ThreatSchema,
  writeEntity,
  writeRecord,
  type Threat,
} from '../shared/src/index.ts'
import { Room, type RoomOptions } from '../server/src/rooms/Room.ts'
import { SqliteRoomStore } from '../server/src/persistence/SqliteRoomStore.ts'
import { foldStoredDoc, type StoredDoc } from '../server/src/persistence/DocStore.ts'
import { REPORT_FORMATS } from '../server/src/report/formats.ts'
import { connect, createRoom, RAISED_RATE_LIMITS, until } from './benchClient.ts'
import { cpuMs, machine, percentile, startBenchServer, type BenchServer } from './benchServer.ts'

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string', default: 'persist,compact,edits,reports' },
    edits: { type: 'string', default: '300' },
    /** Records the persist scenario's room holds before its updates (0: an empty room). */
    board: { type: 'string', default: '0' },
    /** Compaction folds on the event loop, as before the fold thread (for a before/after). */
    'fold-in-thread': { type: 'boolean', default: false },
    /** Folder for the server's CPU profiles (node --cpu-prof), one per server started. */
    profile: { type: 'string' },
  },
})
const only = new Set(opts.only.split(','))
const EDITS = Number(opts.edits)
const BOARD = Number(opts.board)

const fmt = (n: number) => Number(n.toFixed(n >= 100 ? 0 : 2))
const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b)
  return { p50: fmt(percentile(s, 50)), p99: fmt(percentile(s, 99)), max: fmt(s.at(-1)!) }
}
const WARM_UP_EDITS = 50

/**
 * Waits until the process has used less than one clock tick (10 ms) of CPU in each of two
 * 500 ms windows in a row, at most 30 s; resolves to how long that took.
 */
async function untilQuiet(pid: number): Promise<number> {
  const start = performance.now()
  let quietWindows = 0
  while (quietWindows < 2 && performance.now() - start < 30_000) {
    const before = cpuMs(pid)
    await new Promise((r) => setTimeout(r, 500))
    quietWindows = cpuMs(pid) - before < 10 ? quietWindows + 1 : 0
  }
  return Math.round(performance.now() - start)
}

/** One metric of the server's /metrics, by name and labels (undefined when absent). */
async function scrape(server: BenchServer): Promise<Map<string, number>> {
  const text = await (await fetch(`${server.base}/metrics`)).text()
  const out = new Map<string, number>()
  for (const line of text.split('\n')) {
    const m = /^(\S+) (\S+)$/.exec(line)
    if (m) out.set(m[1]!, Number(m[2]))
  }
  return out
}
const ms = (s: number | undefined) => (s === undefined ? undefined : fmt(s * 1000))

const benchEnv = {
  ...RAISED_RATE_LIMITS,
  ...(opts.profile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${opts.profile}` } : {}),
}

const shape = (i: number) => ({
  id: `shape:${i}`,
  typeName: 'shape',
  type: 'geo',
  parentId: 'page:page',
  index: 'a1',
  x: i % 100,
  y: Math.floor(i / 100),
  rotation: 0,
  props: { w: 100, h: 50, geo: 'rectangle' },
  meta: {},
})
const threat = (i: number): Threat =>
  ThreatSchema.parse({
    id: `t${i}`,
    category: 'tampering',
    title: `Threat ${i}: order total changed in transit`,
    description: 'An attacker on the path between the shop and the payment service.',
    targets: { elements: [`shape:${i}`], assets: [] },
    severity: (['critical', 'high', 'medium', 'low'] as const)[i % 4],
    status: 'open',
    createdAt: 1,
  })

/** Fills a doc with `records` shapes (1,000 per transaction, each one message under the limit). */
function fillBoard(doc: Y.Doc, records: number, threats: number) {
  for (let start = 0; start < records; start += 1000) {
    doc.transact(() => {
      for (let i = start; i < Math.min(records, start + 1000); i++)
        writeRecord(getRecordsMap(doc), shape(i))
    })
  }
  for (let start = 0; start < threats; start += 100) {
    doc.transact(() => {
      for (let i = start; i < Math.min(threats, start + 100); i++)
        writeEntity(doc, 'threats', threat(i))
    })
  }
}

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: machine(),
  node: process.version,
  loadavg: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
}

if (only.has('persist')) {
  const server = await startBenchServer(benchEnv)
  try {
    const room = await createRoom(server, 'bench')
    const a = connect(server, room)
    const b = connect(server, room)
    await Promise.all([a.synced(), b.synced()])
    if (BOARD > 0) {
      fillBoard(a.doc, BOARD, 0)
      await until(() => getRecordsMap(b.doc).size >= BOARD, 'board stored')
    }
    const N = 5000
    // Scraping resets the server's event-loop histogram: what the next scrape shows is the run.
    const before = await scrape(server)
    const map = a.doc.getMap<number>('bench')
    const seen = b.doc.getMap<number>('bench')
    const start = performance.now()
    for (let i = 0; i < N; i++) {
      map.set(`k${i}`, i)
      // Let the socket carry them in bursts, as a busy client would.
      if (i % 50 === 49) await new Promise((r) => setImmediate(r))
    }
    await until(() => seen.size === N, 'all updates relayed')
    const s = (performance.now() - start) / 1000
    const after = await scrape(server)
    const lag = (q: string) => ms(after.get(`threatboard_nodejs_eventloop_lag_${q}_seconds`))
    const compactions = 'threatboard_compaction_seconds'
    const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0)
    results.persist = {
      board: BOARD,
      updates: N,
      seconds: fmt(s),
      persistedUpdatesPerSec: Math.round(N / s),
      serverLoopDelayMs: { p50: lag('p50'), p99: lag('p99'), max: lag('max') },
      compactions: delta(`${compactions}_count`),
      compactionSecondsTotal: fmt(delta(`${compactions}_sum`)),
    }
    a.provider.destroy()
    b.provider.destroy()
  } finally {
    await server.stop()
  }
}

if (only.has('compact')) {
  const dir = mkdtempSync(path.join(tmpdir(), 'threatboard-compact-'))
  const store = new SqliteRoomStore(dir, { synchronous: 'FULL' })
  const source = new Y.Doc()
  fillBoard(source, 10_000, 100)
  const snapshot = Y.encodeStateAsUpdate(source)
  const durations: number[] = []
  const held: number[] = []
  const loopCpu: number[] = []
  const quiet = () => undefined
  const silent = { error: quiet, warn: quiet, info: quiet } as unknown as RoomOptions['log']
  for (let run = 0; run < 5; run++) {
    const id = `compact${run}`
    await store.createRoom({ id, title: 'bench', snapshot })
    const room = new Room(
      id,
      {
        store,
        log: silent,
        storeRetryMs: 1000,
        compactAfterBytes: 1024 * 1024,
        compactAfterUpdates: 10_000,
        ...(opts['fold-in-thread'] ? { fold: async (s: StoredDoc) => foldStoredDoc(s) } : {}),
      },
      {
        sizeBytes: snapshot.byteLength,
        snapshotBytes: snapshot.byteLength,
        logLength: 0,
        logBytes: 0,
      },
    )
    Y.applyUpdate(room.doc, snapshot)
    room.startLogging()
    getRecordsMap(room.doc).get('shape:1')!.set('x', run)
    await room.commit()
    const loop = monitorEventLoopDelay({ resolution: 1 })
    loop.enable()
    // Its first tick only sets its clock (as does reset()): let it tick before the compaction.
    await new Promise((r) => setTimeout(r, 20))
    const cpu = process.threadCpuUsage()
    const start = performance.now()
    await room.compact()
    durations.push(performance.now() - start)
    const used = process.threadCpuUsage(cpu)
    loopCpu.push((used.user + used.system) / 1000)
    // A late timer is recorded when it fires: let it fire before reading.
    await new Promise((r) => setTimeout(r, 5))
    loop.disable()
    held.push(loop.max / 1e6)
    await room.unload()
  }
  results.compact = {
    records: 10_000,
    snapshotKiB: fmt(snapshot.byteLength / 1024),
    durationMs: stats(durations),
    loopHeldMaxMs: stats(held),
    loopThreadCpuMs: stats(loopCpu),
  }
}

if (only.has('edits')) {
  const server = await startBenchServer(benchEnv)
  try {
    const room = await createRoom(server, 'bench')
    const a = connect(server, room)
    await a.synced()
    fillBoard(a.doc, 10_000, 20)
    const b = connect(server, room)
    await until(() => readCollection(b.doc, 'threats').length === 20, 'board loaded')
    const titleOf = (doc: Y.Doc, id: string) =>
      readCollection(doc, 'threats').find((t) => t.id === id)?.title
    // One at a time: latency from the edit to the other client seeing it.
    const editOne = async (title: string, i: number) => {
      const t = readCollection(a.doc, 'threats')[i % 20]!
      const start = performance.now()
      writeEntity(a.doc, 'threats', { ...t, title })
      await until(() => titleOf(b.doc, t.id) === title, `${title} seen`)
      return performance.now() - start
    }
    // Not counted: the first edits (the server's code is still being compiled) and the
    // compaction the fill started (its fold runs on a thread of the same process).
    for (let i = 0; i < WARM_UP_EDITS; i++) await editOne(`warm-up ${i}`, i)
    const quietAfterMs = await untilQuiet(server.pid)
    const latency: number[] = []
    const cpuBefore = cpuMs(server.pid)
    for (let i = 0; i < EDITS; i++) latency.push(await editOne(`edit ${i}`, i))
    const cpuPerEdit = (cpuMs(server.pid) - cpuBefore) / EDITS
    // A burst: every edit sent at once, time until the other client has the last.
    const burstStart = performance.now()
    for (let i = 0; i < EDITS; i++) {
      const t = readCollection(a.doc, 'threats')[i % 20]!
      writeEntity(a.doc, 'threats', { ...t, title: `burst ${i}` })
    }
    const last = readCollection(a.doc, 'threats')[(EDITS - 1) % 20]!
    await until(() => titleOf(b.doc, last.id) === `burst ${EDITS - 1}`, 'burst seen')
    const burstS = (performance.now() - burstStart) / 1000
    results.edits = {
      records: 10_000,
      edits: EDITS,
      latencyMs: stats(latency),
      serverCpuMsPerEdit: fmt(cpuPerEdit),
      warmUpEdits: WARM_UP_EDITS,
      quietAfterMs,
      burstEditsPerSec: Math.round(EDITS / burstS),
    }
    a.provider.destroy()
    b.provider.destroy()
  } finally {
    await server.stop()
  }
}

if (only.has('reports')) {
  const server = await startBenchServer(benchEnv)
  try {
    const room = await createRoom(server, 'bench')
    const a = connect(server, room)
    await a.synced()
    fillBoard(a.doc, 500, 500)
    const b = connect(server, room)
    await until(() => readCollection(b.doc, 'threats').length === 500, 'threats stored')
    b.provider.destroy()
    const reports: Record<string, unknown> = {}
    for (const format of REPORT_FORMATS) {
      const ms: number[] = []
      let bytes = 0
      for (let run = 0; run < 3; run++) {
        const start = performance.now()
        const res = await fetch(`${server.base}/api/rooms/${room.id}/report?format=${format}`, {
          headers: { authorization: `Bearer ${room.tokens.owner}` },
        })
        bytes = (await res.arrayBuffer()).byteLength
        if (!res.ok) throw new Error(`${format}: ${res.status}`)
        ms.push(performance.now() - start)
      }
      reports[format] = { KiB: fmt(bytes / 1024), firstMs: fmt(ms[0]!), ...stats(ms.slice(1)) }
    }
    results.reports = { threats: 500, shapes: 500, ...reports }
    a.provider.destroy()
  } finally {
    await server.stop()
  }
}

console.log(JSON.stringify(results, null, 2))
// y-websocket leaves timers behind; the benchmark is done.
process.exit(0)
