// Threatboard side by side with the Yjs sync servers users would pick instead (issue 13): the
// harness in ../shared/bench-peers starts each server in its own process and drives it with its
// own load generators; this script adds Threatboard (the real server, SQLite in a temp dir) as
// peer T, runs every scenario on every peer with the order reversed on every other repetition,
// and prints one table with each Threatboard figure as a ratio to the best peer of the same run.
//
//   node bench/sideBySide.ts [--reps 3] [--scenarios hot,light,rooms200,rooms500,mem,large,start]
//                            [--peers A,B,T] [--duration 15] [--store sqlite|memory]
//                            [--checkout DIR] [--base DIR] [--base-as-started] [--from DIR]
//                            [--t-env KEY=VALUE,...]
//
// T runs as `pnpm start` and the Docker image run it: its start script's Node flags and Node's compile
// cache (in the run's folder, filled by one start before the first scenario). T0 runs bare, as
// before. --checkout runs T from another checkout of this repo (e.g. a `git archive` of a commit, so
// editing the tree during a run changes nothing); --base adds peer T0 from a second checkout,
// the code before a change, measured in the same run (bare, unless --base-as-started: then as T,
// with the flags and a compile cache of its own, so only the code differs). --from re-renders the table of an earlier
// (or interrupted) run from its per-run files, running nothing. --t-env sets environment variables
// for T alone (not T0), e.g. to measure a runtime setting against the same code as T0.
//
// Needs `npm ci --prefix ../shared/bench-peers` once (or BENCH_PEERS_DIR set to the harness). Raw results: bench/out/side-by-side-<stamp>/.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { machine, rssMiB, sourceEntry, startCommand } from './benchServer.ts'

const repo = path.join(import.meta.dirname, '..')
/** The harness beside the checkout; BENCH_PEERS_DIR points elsewhere (e.g. from a worktree). */
const peersDir = process.env.BENCH_PEERS_DIR ?? path.join(repo, '..', 'shared', 'bench-peers')

const { values: opts } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    scenarios: { type: 'string', default: 'hot,light,rooms200,rooms500,mem,large,start' },
    peers: { type: 'string', default: 'A,B,T' },
    duration: { type: 'string', default: '15' },
    store: { type: 'string', default: 'sqlite' },
    workers: { type: 'string', default: '2' },
    checkout: { type: 'string', default: repo },
    base: { type: 'string' },
    'base-as-started': { type: 'boolean', default: false },
    from: { type: 'string' },
    't-env': { type: 'string', default: '' },
  },
})
const tEnv = Object.fromEntries(
  opts['t-env']
    .split(',')
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
)
const reps = Number(opts.reps)
const duration = opts.duration
const workers = opts.workers

/** What the harness's lib/peers.mjs exports (plain JS, so described here). */
interface PeerSpec {
  id: string
  label: string
  protocol: 'y-websocket' | 'hocuspocus' | 'y-websocket-rooms'
  argv?: string[]
}
interface StartedPeer {
  pid: number
  url: string
  inspectorUrl(): string | null
  stop(): Promise<void>
}
interface PeersLib {
  builtinPeers(): Record<string, PeerSpec>
  startPeer(
    peer: PeerSpec,
    o: { logFile?: string; env?: Record<string, string> },
  ): Promise<StartedPeer>
}
const lib = (await import(pathToFileURL(path.join(peersDir, 'lib', 'peers.mjs')).href)) as PeersLib

const asStarted = (id: string) => id === 'T' || (id === 'T0' && opts['base-as-started'])
const threatboardPeer = (id: string, checkout: string): PeerSpec => {
  const { flags, entry } = asStarted(id)
    ? startCommand(checkout)
    : { flags: [], entry: sourceEntry(checkout) }
  return {
    id,
    label: `Threatboard (${entry}, STORE=${opts.store}${asStarted(id) ? `, ${flags.join(' ')}, compile cache` : ''}${id === 'T' && opts['t-env'] ? `, ${opts['t-env']}` : ''})`,
    protocol: 'y-websocket-rooms',
    argv: [process.execPath, ...flags, entry],
  }
}
const isThreatboard = (p: PeerSpec) => p.id === 'T' || p.id === 'T0'
/** Limits raised so the load itself is admitted (rooms made per minute, sockets per IP). */
const threatboardEnv = (p: PeerSpec) => ({
  ...(asStarted(p.id) ? { NODE_COMPILE_CACHE: path.join(outDir, `compile-cache-${p.id}`) } : {}),
  DATA_DIR: mkdtempSync(path.join(tmpdir(), 'threatboard-side-')),
  STORE: opts.store,
  LOG_LEVEL: 'warn',
  RATE_LIMIT_CREATE_PER_MIN: '100000',
  RATE_LIMIT_ROOM_PER_MIN: '1000000',
  MAX_CONNECTIONS_PER_IP: '100000',
  ...(p.id === 'T' ? tEnv : {}),
})

interface Scenario {
  title: string
  script?: string
  args: string[]
}
const load = (rooms: number, clients: number, hz: number): string[] => [
  ...['--rooms', String(rooms), '--clients-per-room', String(clients), '--rate', String(hz)],
  ...['--duration', duration, '--workers', workers],
]
const SCENARIOS: Record<string, Scenario> = {
  hot: {
    title: `1 room × 50 clients × 10 Hz, ${duration} s`,
    script: 'loadgen.mjs',
    args: load(1, 50, 10),
  },
  light: {
    title: `1 room × 20 clients × 5 Hz, ${duration} s`,
    script: 'loadgen.mjs',
    args: load(1, 20, 5),
  },
  rooms200: {
    title: `200 rooms × 5 clients × 1 Hz, ${duration} s`,
    script: 'loadgen.mjs',
    args: load(200, 5, 1),
  },
  rooms500: {
    title: `500 rooms × 6 clients × 1 Hz, ${duration} s`,
    script: 'loadgen.mjs',
    args: load(500, 6, 1),
  },
  mem: {
    title: 'memory per loaded room, 200 rooms × 100 entries',
    script: 'memroom.mjs',
    args: ['--rooms', '200', '--entries', '100'],
  },
  large: {
    title: 'initial sync of a 10,000-entry (1.8 MB) document',
    script: 'largedoc.mjs',
    args: ['--entries', '10000', '--entry-bytes', '200'],
  },
  start: { title: 'server RSS 2 s after start, idle', args: [] },
}

const builtin = lib.builtinPeers()
const peers = opts.peers.split(',').map((id) => {
  const p = id === 'T' ? threatboardPeer('T', opts.checkout) : builtin[id]
  if (!p) throw new Error(`unknown peer ${id} (A, B, A8 or T)`)
  return p
})
if (opts.base) peers.push(threatboardPeer('T0', opts.base))
const scenarios = opts.scenarios.split(',')
for (const s of scenarios) if (!SCENARIOS[s]) throw new Error(`unknown scenario ${s}`)

const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)
const outDir = opts.from ?? path.join(repo, 'bench', 'out', `side-by-side-${stamp}`)
mkdirSync(outDir, { recursive: true })

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function runScript(script: string, args: string[]): Promise<Record<string, unknown> | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(peersDir, script), ...args], {
      cwd: peersDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    const limit = setTimeout(() => child.kill('SIGKILL'), 180_000)
    child.on('exit', () => {
      clearTimeout(limit)
      try {
        resolve(JSON.parse(out) as Record<string, unknown>)
      } catch {
        process.stderr.write(`  failed: ${err.trim().split('\n').slice(-3).join(' | ')}\n`)
        resolve(null)
      }
    })
  })
}

interface Run {
  scenario: string
  peer: string
  rep: number
  loadavg: string
  result: Record<string, unknown> | null
}
const runs: Run[] = opts.from ? readRuns(opts.from) : []
// One start of T (and of T0 when run as started) fills its compile cache, as the first
// `pnpm start` does; it serves a few small rooms too, so the modules a server loads on first use
// (sync, the model guard) are in the cache, as on a server that has served before.
for (const t of peers.filter((p) => asStarted(p.id) && !opts.from)) {
  const warm = await lib.startPeer(t, { env: threatboardEnv(t) })
  const http = warm.url.replace(/^ws/, 'http').replace(/\/sync$/, '')
  await runScript(SCENARIOS.mem!.script!, [
    ...['--rooms', '4', '--entries', '10', '--settle', '0', '--create-rooms', http],
    ...['--protocol', 'y-websocket', '--url', warm.url, '--server-pid', String(warm.pid)],
  ])
  await warm.stop()
}
for (let rep = 1; rep <= (opts.from ? 0 : reps); rep++) {
  const order = rep % 2 === 1 ? peers : [...peers].reverse()
  for (const s of scenarios) {
    for (const peer of order) {
      const scenario = SCENARIOS[s]!
      const name = `${s}-${peer.id}-rep${rep}`
      const load = loadavg()
      process.stderr.write(`${name}: ${scenario.title} (load ${load})\n`)
      const inspect = s === 'mem'
      const env = {
        ...(isThreatboard(peer) ? threatboardEnv(peer) : {}),
        ...(inspect ? { NODE_OPTIONS: '--inspect=127.0.0.1:0' } : {}),
      }
      const server = await lib.startPeer(peer, {
        logFile: path.join(outDir, `${name}.server.log`),
        env,
      })
      let result: Record<string, unknown> | null
      if (!scenario.script) {
        await sleep(2000)
        result = { rssMiB: rssMiB(server.pid) }
      } else {
        await sleep(1000)
        const http = server.url.replace(/^ws/, 'http').replace(/\/sync$/, '')
        const inspectorUrl = server.inspectorUrl()
        result = await runScript(scenario.script, [
          ...scenario.args,
          ...(peer.protocol === 'y-websocket-rooms' ? ['--create-rooms', http] : []),
          ...['--protocol', peer.protocol === 'hocuspocus' ? 'hocuspocus' : 'y-websocket'],
          ...['--url', server.url, '--server-pid', String(server.pid)],
          ...(inspect && inspectorUrl ? ['--inspect-url', inspectorUrl] : []),
        ])
      }
      await server.stop()
      const run = { scenario: s, peer: peer.id, rep, loadavg: load, result }
      runs.push(run)
      writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(run, null, 2))
      await sleep(2000)
    }
  }
}
writeFileSync(path.join(outDir, 'runs.json'), JSON.stringify(runs, null, 2))

/** The runs of an earlier run's folder, from its per-run files (`<scenario>-<peer>-rep<n>.json`). */
function readRuns(dir: string): Run[] {
  return readdirSync(dir).flatMap((file) => {
    const m = /^(\w+)-(\w+)-rep(\d+)\.json$/.exec(file)
    if (!m) return []
    const data = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Run | null
    // Files of the first version of this script held the script's JSON alone.
    const run = data && 'scenario' in data ? data : { loadavg: '?', result: data }
    return [{ ...run, scenario: m[1]!, peer: m[2]!, rep: Number(m[3]) }]
  })
}

/** One figure of a run, lower is better; a path into the script's JSON. */
interface Metric {
  label: string
  get(r: Record<string, unknown>): number | undefined
}
const at =
  (...keys: string[]) =>
  (r: Record<string, unknown>) => {
    let v: unknown = r
    for (const k of keys) v = (v as Record<string, unknown> | undefined)?.[k]
    return typeof v === 'number' ? v : undefined
  }
const METRICS: Record<string, Metric[]> = {}
for (const s of ['hot', 'light', 'rooms200', 'rooms500']) {
  METRICS[s] = [
    { label: 'p50 ms', get: at('latencyMs', 'p50') },
    { label: 'p99 ms', get: at('latencyMs', 'p99') },
    { label: 'server CPU %', get: at('server', 'cpuPctSendWindow') },
    { label: 'peak RSS MiB', get: at('server', 'peakRssMiB') },
  ]
}
METRICS.mem = [
  { label: 'live heap per room KiB (forced GC)', get: at('afterForcedGc', 'perRoomLiveHeapKiB') },
  { label: 'RSS per room KiB (forced GC)', get: at('afterForcedGc', 'perRoomRssKiB') },
]
METRICS.large = [{ label: 'connect → full doc, median ms', get: at('fullDocMs', 'median') }]
METRICS.start = [{ label: 'RSS at start MiB', get: at('rssMiB') }]

const fmt = (n: number | undefined) =>
  n === undefined ? '–' : n >= 100 ? n.toFixed(0) : n.toFixed(n >= 10 ? 1 : 2)
const median = (v: number[]) =>
  v.length === 0 ? undefined : [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]
const ours = peers.filter(isThreatboard)
const lines = [
  `Side by side, ${new Date().toISOString()}; ${machine()}; Node ${process.version}; ${reps} runs each;`,
  `load average at the start of each run: ${runs.map((r) => r.loadavg.split(' ')[0]).join(', ')}`,
  '',
  `| scenario | metric | ${peers.map((p) => p.id).join(' | ')} | ${ours.map((p) => `${p.id} ÷ best peer (medians)`).join(' | ')} |`,
  `|---|---|${peers.map(() => '---|').join('')}${ours.map(() => '---|').join('')}`,
]
for (const s of scenarios) {
  for (const m of METRICS[s] ?? []) {
    const values = (p: PeerSpec) =>
      runs
        .filter((r) => r.scenario === s && r.peer === p.id && r.result)
        .map((r) => m.get(r.result!))
        .filter((v): v is number => v !== undefined)
    const others = peers
      .filter((p) => !isThreatboard(p))
      .map((p) => median(values(p)))
      .filter((v): v is number => v !== undefined)
    const best = others.length > 0 ? Math.min(...others) : undefined
    const ratios = ours.map((p) => {
      const v = median(values(p))
      return best && v !== undefined ? `${(v / best).toFixed(2)}×` : '–'
    })
    const shown = peers.map((p) => values(p).map(fmt).join(' / ') || '–')
    lines.push(
      `| ${SCENARIOS[s]!.title} | ${m.label} | ${shown.join(' | ')} | ${ratios.join(' | ')} |`,
    )
  }
}
const table = lines.join('\n')
writeFileSync(path.join(outDir, 'summary.md'), table + '\n')
console.log(table)
console.error(`raw results in ${outDir}`)
process.exit(0)
