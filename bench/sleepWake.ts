// What a sleeping room costs and saves (ROOM_SLEEP_AFTER_MS, issue 13), in this process, on the
// real Room class with a memory store: for rooms of --sizes entries (each a map entry of about
// 200 bytes, the shape of ../shared/bench-peers/memroom.mjs), the time to fall asleep (encode
// the document, its state vector), to wake (decode it into a fresh Y.Doc), and the live JS heap
// of --rooms such rooms awake and asleep, the store's own copy left out (after a forced GC; run
// with --expose-gc).
// Usage: node --expose-gc bench/sleepWake.ts [--sizes 100,1000,10000] [--rooms 50] [--runs 20]
import { parseArgs } from 'node:util'
import * as Y from 'yjs'
import { Room, type RoomOptions } from '../server/src/rooms/Room.ts'
import { MemoryRoomStore } from '../server/src/persistence/MemoryRoomStore.ts'
import { machine, percentile } from './benchServer.ts'

const { values: opts } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,10000' },
    rooms: { type: 'string', default: '50' },
    runs: { type: 'string', default: '20' },
  },
})
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with node --expose-gc')
const quiet = () => {}
const log = {
  error: quiet,
  warn: quiet,
  info: quiet,
  debug: quiet,
} as unknown as RoomOptions['log']
const store = new MemoryRoomStore()

/** The room's private sleep and wake, reached for timing (the timer would call them). */
interface Sleepy {
  trySleep(): void
  touchedAt: number
}

function documentOf(entries: number): Uint8Array {
  const doc = new Y.Doc()
  const map = doc.getMap('shapes')
  for (let i = 0; i < entries; i++) {
    doc.transact(() => map.set(`shape:${i}`, { x: i, y: i * 2, text: 'x'.repeat(160) }))
  }
  return Y.encodeStateAsUpdate(doc)
}

let nextId = 0
async function storedRoom(snapshot: Uint8Array): Promise<string> {
  const id = `sleep${nextId++}`
  await store.createRoom({ id, title: 'bench', snapshot })
  return id
}

async function openRoom(snapshot: Uint8Array, stored?: string): Promise<Room> {
  const id = stored ?? (await storedRoom(snapshot))
  const room = new Room(
    id,
    { store, log, storeRetryMs: 1000, compactAfterBytes: 1 << 20, compactAfterUpdates: 10_000 },
    {
      sizeBytes: snapshot.byteLength,
      snapshotBytes: snapshot.byteLength,
      logLength: 0,
      logBytes: 0,
    },
  )
  room.loadStored((await store.loadDoc(id))!)
  room.startLogging()
  return room
}

/** Puts a room to sleep now, as its timer would once it went unread long enough. */
function sleepNow(room: Room): void {
  const sleepy = room as unknown as Sleepy
  // Sleeping is on only with sleepAfterMs; the delay check passes once the last read is old.
  ;(room as unknown as { opts: { sleepAfterMs: number } }).opts.sleepAfterMs = 1
  sleepy.touchedAt = -1e12
  sleepy.trySleep()
  if (!room.asleep) throw new Error('the room did not sleep')
}

const heap = () => {
  gc!()
  gc!()
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

const rows: string[] = []
for (const entries of opts.sizes.split(',').map(Number)) {
  const snapshot = documentOf(entries)
  const sleepMs: number[] = []
  const wakeMs: number[] = []
  for (let run = 0; run < Number(opts.runs); run++) {
    const room = await openRoom(snapshot)
    let t = performance.now()
    sleepNow(room)
    sleepMs.push(performance.now() - t)
    t = performance.now()
    void room.doc
    wakeMs.push(performance.now() - t)
    await room.unload()
  }
  const n = Number(opts.rooms)
  // The store's copies are made first: the heap per room counts the loaded room alone.
  const ids = await Promise.all(Array.from({ length: n }, () => storedRoom(snapshot)))
  const before = heap()
  const rooms = await Promise.all(ids.map((id) => openRoom(snapshot, id)))
  const awake = (heap() - before) / n
  for (const room of rooms) sleepNow(room)
  const asleep = (heap() - before) / n
  for (const room of rooms) await room.unload()
  const kib = (b: number) => (b / 1024).toFixed(1)
  rows.push(
    `| ${entries} | ${kib(snapshot.byteLength)} | ${percentile(
      sleepMs.sort((a, b) => a - b),
      50,
    ).toFixed(2)} | ${percentile(
      wakeMs.sort((a, b) => a - b),
      50,
    ).toFixed(2)} | ${kib(awake)} | ${kib(asleep)} |`,
  )
}
console.log(`${new Date().toISOString()}; ${machine()}; Node ${process.version}; ${opts.runs} runs`)
console.log(
  '| entries | encoded KiB | sleep ms (median) | wake ms (median) | heap per room awake KiB | asleep KiB |',
)
console.log('|---|---|---|---|---|---|')
for (const row of rows) console.log(row)
