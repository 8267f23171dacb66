// One server under one scenario of the side-by-side harness, with V8's CPU profiler on (issue 13):
// where the server's time goes, for Threatboard (T, as `pnpm start` runs it, SQLite in a temp
// dir, limits raised as in bench/sideBySide.ts) and the peers (A, B) under the same load.
//
//   node bench/profilePeers.ts [--peers T,A] [--scenario light|large|hot|rooms200] [--duration 10]
//                              [--checkout DIR] [--out DIR] [--top 25] [--store sqlite|memory]
//                              [--alloc]
//
// Each server gets `--cpu-prof` and exits on SIGTERM through process.exit (so the profile is
// written); its profile is summarised by self time per function and per package
// (bench/cpuProfileSummary.ts). With --alloc, V8's sampling heap profiler runs instead
// (bench/heapSampling.ts, preloaded): bytes allocated per function and per package, garbage
// included, and per function with its callees. Needs the harness in BENCH_PEERS_DIR (or ../shared/bench-peers).
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { startCommand } from './benchServer.ts'
import {
  allocated,
  formatBytes,
  formatRows,
  selfTime,
  totalTime,
  type CpuProfile,
  type HeapProfile,
} from './cpuProfileSummary.ts'

const repo = path.join(import.meta.dirname, '..')
const peersDir = process.env.BENCH_PEERS_DIR ?? path.join(repo, '..', 'shared', 'bench-peers')
const { values: opts } = parseArgs({
  options: {
    peers: { type: 'string', default: 'T,A' },
    scenario: { type: 'string', default: 'light' },
    duration: { type: 'string', default: '10' },
    checkout: { type: 'string', default: repo },
    out: { type: 'string' },
    top: { type: 'string', default: '25' },
    store: { type: 'string', default: 'sqlite' },
    alloc: { type: 'boolean', default: false },
  },
})

interface StartedPeer {
  pid: number
  url: string
  stop(): Promise<void>
}
interface PeersLib {
  builtinPeers(): Record<string, { argv: string[]; protocol: string }>
  startPeer(
    peer: { id: string; protocol: string; argv: string[] },
    o: { env?: Record<string, string> },
  ): Promise<StartedPeer>
}
const lib = (await import(pathToFileURL(path.join(peersDir, 'lib', 'peers.mjs')).href)) as PeersLib

const load = (clients: number, hz: number, rooms = 1) => [
  ...['--rooms', String(rooms), '--clients-per-room', String(clients), '--rate', String(hz)],
  ...['--duration', opts.duration, '--workers', '2'],
]
const SCENARIOS: Record<string, { script: string; args: string[] }> = {
  light: { script: 'loadgen.mjs', args: load(20, 5) },
  hot: { script: 'loadgen.mjs', args: load(50, 10) },
  rooms200: { script: 'loadgen.mjs', args: load(5, 1, 200) },
  large: { script: 'largedoc.mjs', args: ['--entries', '10000', '--entry-bytes', '200'] },
}
const scenario = SCENARIOS[opts.scenario]
if (!scenario) throw new Error(`unknown scenario ${opts.scenario}`)

const outDir = opts.out ?? mkdtempSync(path.join(tmpdir(), 'threatboard-prof-'))
/** Exits through process.exit on SIGTERM, so --cpu-prof writes the profile (peers have no handler). */
const EXIT_ON_TERM = `data:text/javascript,process.once('SIGTERM',()=>process.exit(0))`

function runScript(args: string[]): Promise<Record<string, unknown> | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(peersDir, scenario!.script), ...args], {
      cwd: peersDir,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('exit', () => {
      try {
        resolve(JSON.parse(out) as Record<string, unknown>)
      } catch {
        resolve(null)
      }
    })
  })
}

const builtin = lib.builtinPeers()
for (const id of opts.peers.split(',')) {
  const dir = path.join(outDir, id)
  mkdirSync(dir, { recursive: true })
  const heapFile = path.join(dir, 'allocations.heapprofile')
  const profFlags = opts.alloc
    ? ['--import', path.join(import.meta.dirname, 'heapSampling.ts')]
    : ['--cpu-prof', `--cpu-prof-dir=${dir}`]
  const isT = id === 'T'
  const base = isT ? undefined : builtin[id]
  if (!isT && !base) throw new Error(`unknown peer ${id}`)
  const tStart = startCommand(opts.checkout)
  const argv = isT
    ? [process.execPath, ...tStart.flags, ...profFlags, tStart.entry]
    : [base!.argv[0]!, ...profFlags, '--import', EXIT_ON_TERM, ...base!.argv.slice(1)]
  const protocol = isT ? 'y-websocket-rooms' : base!.protocol
  const env: Record<string, string> = {
    ...(opts.alloc ? { HEAP_SAMPLING_FILE: heapFile } : {}),
    ...(isT
      ? {
          DATA_DIR: mkdtempSync(path.join(tmpdir(), 'threatboard-prof-data-')),
          STORE: opts.store,
          LOG_LEVEL: 'warn',
          RATE_LIMIT_CREATE_PER_MIN: '100000',
          RATE_LIMIT_ROOM_PER_MIN: '1000000',
          MAX_CONNECTIONS_PER_IP: '100000',
        }
      : {}),
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
  const server = await lib.startPeer({ id, protocol, argv }, { env })
  await new Promise((r) => setTimeout(r, 1000))
  const http = server.url.replace(/^ws/, 'http').replace(/\/sync$/, '')
  const result = await runScript([
    ...scenario.args,
    ...(isT ? ['--create-rooms', http] : []),
    ...['--protocol', protocol === 'hocuspocus' ? 'hocuspocus' : 'y-websocket'],
    ...['--url', server.url, '--server-pid', String(server.pid)],
  ])
  await server.stop()
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
  console.log(`\n## ${id}, scenario ${opts.scenario} (load ${load})`)
  console.log(
    JSON.stringify({
      latencyMs: result?.latencyMs,
      fullDocMs: result?.fullDocMs,
      cpuPct: (result?.server as Record<string, unknown> | undefined)?.cpuPctSendWindow,
    }),
  )
  if (opts.alloc) {
    if (!existsSync(heapFile)) {
      console.log('no allocation profile written')
      continue
    }
    const heap = JSON.parse(readFileSync(heapFile, 'utf8')) as HeapProfile
    const top = Number(opts.top)
    console.log(`allocation profile: ${heapFile} (whole run, start included)`)
    console.log('allocated by package:')
    console.log(formatBytes(allocated(heap, 'package'), 12))
    console.log('allocated by function (self):')
    console.log(formatBytes(allocated(heap, 'function'), top))
    console.log('allocated by function with its callees:')
    console.log(formatBytes(allocated(heap, 'function', false), top))
    continue
  }
  if (!file) {
    console.log('no profile written')
    continue
  }
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile
  const top = Number(opts.top)
  console.log(`profile: ${path.join(dir, file)}`)
  console.log('self time by package (busy only):')
  console.log(formatRows(selfTime(profile, 'package', true), 12))
  console.log('self time by function (busy only):')
  console.log(formatRows(selfTime(profile, 'function', true), top))
  console.log('total time by function (busy only):')
  console.log(formatRows(totalTime(profile, true), top))
}
process.exit(0)
