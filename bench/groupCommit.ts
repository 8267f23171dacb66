// CPU of one group commit of the SQLite store as the server runs it (issue 13): `SqliteRoomStore`
// itself, from this checkout or another (--checkout, e.g. a `git archive` of an earlier commit),
// with 200 rooms, each turn appending one small update (60 bytes) to each of k rooms and waiting
// for the shared COMMIT. Reports CPU (user + system, the fsync's kernel work included) and wall
// time per commit, after 300 turns of warm-up that give every room a log.
//   node bench/groupCommit.ts [--checkout DIR] [--k 1,3,10] [--turns 3000]
// With `strace -f -c -e trace=pwrite64,fsync` in front, pwrite64 ÷ fsync is the log writes per
// commit (SQLite writes each page of the write-ahead log as a 24-byte header and the page).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { SqliteRoomStore as Store } from '../server/src/persistence/SqliteRoomStore.ts'
import { machine } from './benchServer.ts'

const { values: opts } = parseArgs({
  options: {
    checkout: { type: 'string', default: path.join(import.meta.dirname, '..') },
    k: { type: 'string', default: '1,3,10' },
    turns: { type: 'string', default: '3000' },
  },
})
const module = path.join(opts.checkout, 'server', 'src', 'persistence', 'SqliteRoomStore.ts')
const { SqliteRoomStore } = (await import(module)) as { SqliteRoomStore: typeof Store }
const TURNS = Number(opts.turns)
const update = new Uint8Array(60).fill(7)

async function run(k: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'threatboard-group-commit-'))
  const store = new SqliteRoomStore(dir)
  const ids: string[] = []
  for (let i = 0; i < 200; i++) {
    const id = `room-${String(i).padStart(3, '0')}-abcdefghijklmn`
    ids.push(id)
    await store.createRoom({ id, title: 'A threat model', snapshot: new Uint8Array(40) })
  }
  let next = 0
  const turn = () =>
    Promise.all(
      Array.from({ length: k }, () => store.appendUpdates(ids[(next++ * 37) % 200]!, [update])),
    )
  for (let t = 0; t < 300; t++) await turn()
  const commits = store.counts.commits
  const cpu = process.cpuUsage()
  const start = performance.now()
  for (let t = 0; t < TURNS; t++) await turn()
  const wall = performance.now() - start
  const used = process.cpuUsage(cpu)
  const n = store.counts.commits - commits
  await store.close()
  rmSync(dir, { recursive: true, force: true })
  const per = (us: number) => Math.round(us / n)
  return {
    k,
    commits: n,
    cpuMicrosPerCommit: per(used.user + used.system),
    userMicros: per(used.user),
    systemMicros: per(used.system),
    wallMicrosPerCommit: per(wall * 1000),
  }
}

const results = []
for (const k of opts.k.split(',').map(Number)) results.push(await run(k))
console.log(
  JSON.stringify(
    { date: new Date().toISOString(), machine: machine(), checkout: opts.checkout, results },
    null,
    2,
  ),
)
