// Cost of committing accepted updates before they are relayed (docs/durability.md): one SQLite
// transaction per turn of the server's event loop, holding every update that turn accepted.
// Measures that transaction as the server's store runs it (WAL, exclusive locking, the same
// table and index) for batches of 1, 10 and 50 updates, with `synchronous=FULL` (the server's
// setting: fsynced, survives a power cut) and `NORMAL` (survives a process crash only) for
// comparison. Then the same append in a room whose snapshot is large, with the snapshot where the
// store kept it before migration 2 (a column of the room's row, which every append updates) and
// where it keeps it now (a table of its own): the CPU of one commit as the snapshot grows. Last,
// one-update commits paced as a room's updates arrive (0, 1, 5 and 10 ms apart; the light hot room
// of the side-by-side sends one every 10 ms): the wall time and the CPU of each commit, and for
// comparison the same pacing of work with no store at all (a small Yjs update applied to a doc).
// Usage: node bench/commit.ts [transactions=1000]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import * as Y from 'yjs'
import { machine, percentile } from './benchServer.ts'

const transactions = Number(process.argv[2] ?? 1000)

/** Blocks the thread for `ms`, as a loop with nothing to do would wait. */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

/**
 * Runs `step` `count` times, `gapMs` of idleness before each: each step's wall time (sorted) and
 * the process's CPU per step, both in ms.
 */
function timeSteps(count: number, gapMs: number, step: (i: number) => void) {
  const ms: number[] = []
  let cpuUs = 0
  for (let i = 0; i < count; i++) {
    if (gapMs > 0) pause(gapMs)
    const cpu0 = process.cpuUsage()
    const start = performance.now()
    step(i)
    ms.push(performance.now() - start)
    const cpu = process.cpuUsage(cpu0)
    cpuUs += cpu.user + cpu.system
  }
  ms.sort((a, b) => a - b)
  return { ms, cpuMs: cpuUs / 1000 / count }
}

function timeCommits(
  synchronous: 'FULL' | 'NORMAL',
  batch: number,
  updateBytes: number,
  gapMs = 0,
  count = transactions,
) {
  const dir = mkdtempSync(path.join(tmpdir(), 'threatboard-commit-'))
  const db = new DatabaseSync(path.join(dir, 'rooms.db'))
  db.exec(`PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL;
    PRAGMA synchronous = ${synchronous};
    CREATE TABLE rooms (id TEXT PRIMARY KEY, updated_at INTEGER, size_bytes INTEGER);
    CREATE TABLE room_updates (room_id TEXT NOT NULL, seq INTEGER PRIMARY KEY AUTOINCREMENT,
      data BLOB NOT NULL);
    CREATE INDEX room_updates_room ON room_updates(room_id, seq);
    INSERT INTO rooms VALUES ('r', 0, 0);`)
  const grow = db.prepare(
    'UPDATE rooms SET updated_at = ?, size_bytes = size_bytes + ? WHERE id = ?',
  )
  const append = db.prepare('INSERT INTO room_updates (room_id, data) VALUES (?, ?)')
  const update = new Uint8Array(updateBytes).fill(7)
  const timed = timeSteps(count, gapMs, () => {
    db.exec('BEGIN IMMEDIATE')
    grow.run(Date.now(), batch * updateBytes, 'r')
    for (let i = 0; i < batch; i++) append.run('r', update)
    db.exec('COMMIT')
  })
  db.close()
  rmSync(dir, { recursive: true, force: true })
  return timed
}

const f = (n: number) => n.toFixed(2)

function run(synchronous: 'FULL' | 'NORMAL', batch: number, updateBytes: number) {
  const { ms } = timeCommits(synchronous, batch, updateBytes)
  return `| ${synchronous.padEnd(6)} | ${String(batch).padStart(5)} | ${String(updateBytes).padStart(6)} | ${f(percentile(ms, 50))} | ${f(percentile(ms, 99))} | ${f(ms.at(-1)!)} |`
}

console.log(`${new Date().toISOString().slice(0, 10)} — ${machine()}, Node ${process.version}`)
console.log(`${transactions} transactions each\n`)
console.log(
  '| synchronous | updates per transaction | bytes per update | p50 (ms) | p99 (ms) | max (ms) |',
)
console.log(
  '| ----------- | ----------------------: | ---------------: | -------: | -------: | -------: |',
)
for (const sync of ['FULL', 'NORMAL'] as const) {
  for (const batch of [1, 10, 50]) console.log(run(sync, batch, 200))
  console.log(run(sync, 1, 20_000))
}

/** One append (grow the room's row, insert the update) per transaction, in a room of `snapshotBytes`. */
function runLayout(layout: 'row' | 'table', snapshotBytes: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'threatboard-commit-'))
  const db = new DatabaseSync(path.join(dir, 'rooms.db'))
  const inRow = layout === 'row'
  db.exec(`PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
    CREATE TABLE rooms (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL, ${inRow ? 'snapshot BLOB NOT NULL,' : ''} size_bytes INTEGER NOT NULL);
    CREATE TABLE room_snapshots (room_id TEXT PRIMARY KEY, snapshot BLOB NOT NULL);
    CREATE TABLE room_updates (room_id TEXT NOT NULL, seq INTEGER PRIMARY KEY AUTOINCREMENT,
      data BLOB NOT NULL);
    CREATE INDEX room_updates_room ON room_updates(room_id, seq);`)
  const snapshot = new Uint8Array(snapshotBytes).fill(3)
  if (inRow) {
    db.prepare('INSERT INTO rooms VALUES (?, ?, 0, 0, ?, ?)').run('r', 't', snapshot, snapshotBytes)
  } else {
    db.prepare('INSERT INTO rooms VALUES (?, ?, 0, 0, ?)').run('r', 't', snapshotBytes)
    db.prepare('INSERT INTO room_snapshots VALUES (?, ?)').run('r', snapshot)
  }
  const grow = db.prepare(
    'UPDATE rooms SET updated_at = ?, size_bytes = size_bytes + ? WHERE id = ?',
  )
  const append = db.prepare('INSERT INTO room_updates (room_id, data) VALUES (?, ?)')
  const update = new Uint8Array(200).fill(7)
  const { ms, cpuMs } = timeSteps(transactions, 0, () => {
    db.exec('BEGIN IMMEDIATE')
    grow.run(Date.now(), update.byteLength, 'r')
    append.run('r', update)
    db.exec('COMMIT')
  })
  db.close()
  rmSync(dir, { recursive: true, force: true })
  return `| ${(layout === 'row' ? 'in the room row' : 'own table').padEnd(15)} | ${String(snapshotBytes).padStart(9)} | ${f(percentile(ms, 50))} | ${f(percentile(ms, 99))} | ${f(cpuMs)} |`
}

console.log(`\nOne 200-byte append per transaction (FULL), by where the room's snapshot is kept\n`)
console.log('| snapshot kept   | snapshot bytes | p50 (ms) | p99 (ms) | CPU per commit (ms) |')
console.log('| --------------- | -------------: | -------: | -------: | ------------------: |')
for (const bytes of [1_000, 100_000, 2_000_000]) {
  for (const layout of ['row', 'table'] as const) console.log(runLayout(layout, bytes))
}

console.log(`\nOne 200-byte append per transaction, commits paced (500 each)\n`)
console.log(
  '| synchronous | ms between commits | p50 (ms) | p90 (ms) | p99 (ms) | CPU per commit (ms) |',
)
console.log(
  '| ----------- | -----------------: | -------: | -------: | -------: | ------------------: |',
)
for (const sync of ['FULL', 'NORMAL'] as const) {
  for (const gap of [0, 1, 5, 10]) {
    const { ms, cpuMs } = timeCommits(sync, 1, 200, gap, 500)
    console.log(
      `| ${sync.padEnd(6)} | ${String(gap).padStart(3)} | ${f(percentile(ms, 50))} | ${f(percentile(ms, 90))} | ${f(percentile(ms, 99))} | ${f(cpuMs)} |`,
    )
  }
}

/** One small Yjs update applied per step, paced as above: what the machine charges any work for the pause. */
function timeApplies(gapMs: number, count = 500) {
  const source = new Y.Doc()
  const updates: Uint8Array[] = []
  source.on('update', (u: Uint8Array) => updates.push(u))
  const map = source.getMap('shapes')
  for (let i = 0; i < count; i++) map.set(`shape${i % 50}`, { x: i, y: i, label: 'a process' })
  const doc = new Y.Doc()
  return timeSteps(updates.length, gapMs, (i) => Y.applyUpdate(doc, updates[i]!))
}

console.log(`\nNo store: one small Yjs update applied per step, paced the same way (500 each)\n`)
console.log('| ms between updates | p50 (ms) | p90 (ms) | CPU per update (ms) |')
console.log('| -----------------: | -------: | -------: | ------------------: |')
for (const gap of [0, 1, 5, 10]) {
  const { ms, cpuMs } = timeApplies(gap)
  console.log(
    `| ${String(gap).padStart(3)} | ${f(percentile(ms, 50))} | ${f(percentile(ms, 90))} | ${f(cpuMs)} |`,
  )
}
