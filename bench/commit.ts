// Cost of committing accepted updates before they are relayed (docs/durability.md): one SQLite
// transaction per turn of the server's event loop, holding every update that turn accepted.
// Measures that transaction as the server's store runs it (WAL, exclusive locking, the same
// table and index) for batches of 1, 10 and 50 updates, with `synchronous=FULL` (the server's
// setting: fsynced, survives a power cut) and `NORMAL` (survives a process crash only) for
// comparison. Then the same append in a room whose snapshot is large, with the snapshot where the
// store kept it before migration 2 (a column of the room's row, which every append updates) and
// where it keeps it now (a table of its own): the CPU of one commit as the snapshot grows.
// Usage: node bench/commit.ts [transactions=1000]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { machine, percentile } from './benchServer.ts'

const transactions = Number(process.argv[2] ?? 1000)

function run(synchronous: 'FULL' | 'NORMAL', batch: number, updateBytes: number) {
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
  const ms: number[] = []
  for (let t = 0; t < transactions; t++) {
    const start = performance.now()
    db.exec('BEGIN IMMEDIATE')
    grow.run(Date.now(), batch * updateBytes, 'r')
    for (let i = 0; i < batch; i++) append.run('r', update)
    db.exec('COMMIT')
    ms.push(performance.now() - start)
  }
  db.close()
  rmSync(dir, { recursive: true, force: true })
  ms.sort((a, b) => a - b)
  const f = (n: number) => n.toFixed(2)
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
  const ms: number[] = []
  const cpu0 = process.cpuUsage()
  for (let t = 0; t < transactions; t++) {
    const start = performance.now()
    db.exec('BEGIN IMMEDIATE')
    grow.run(Date.now(), update.byteLength, 'r')
    append.run('r', update)
    db.exec('COMMIT')
    ms.push(performance.now() - start)
  }
  const cpu = process.cpuUsage(cpu0)
  db.close()
  rmSync(dir, { recursive: true, force: true })
  ms.sort((a, b) => a - b)
  const f = (n: number) => n.toFixed(2)
  const cpuMs = (cpu.user + cpu.system) / 1000 / transactions
  return `| ${(layout === 'row' ? 'in the room row' : 'own table').padEnd(15)} | ${String(snapshotBytes).padStart(9)} | ${f(percentile(ms, 50))} | ${f(percentile(ms, 99))} | ${f(cpuMs)} |`
}

console.log(`\nOne 200-byte append per transaction (FULL), by where the room's snapshot is kept\n`)
console.log('| snapshot kept   | snapshot bytes | p50 (ms) | p99 (ms) | CPU per commit (ms) |')
console.log('| --------------- | -------------: | -------: | -------: | ------------------: |')
for (const bytes of [1_000, 100_000, 2_000_000]) {
  for (const layout of ['row', 'table'] as const) console.log(runLayout(layout, bytes))
}
