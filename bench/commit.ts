// Cost of committing accepted updates before they are relayed (docs/durability.md): one SQLite
// transaction per turn of the server's event loop, holding every update that turn accepted.
// Measures that transaction as the server's store runs it (WAL, exclusive locking, the same
// table and index) for batches of 1, 10 and 50 updates, with `synchronous=FULL` (the server's
// setting: fsynced, survives a power cut) and `NORMAL` (survives a process crash only) for
// comparison. Usage: node bench/commit.ts [transactions=1000]
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
