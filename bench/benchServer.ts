// What the benchmarks share: the real server as its own process (SQLite in a temp dir), the
// machine's description, its memory, and percentiles.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, tmpdir, totalmem } from 'node:os'
import path from 'node:path'
import WebSocket from 'ws'

/**
 * How a checkout's own start script (server/package.json) runs the server: its Node flags and the
 * file it runs (`src/main.ts`, or `dist/main.js` once `pnpm build` bundles the server), so a
 * benchmark runs it as `pnpm start` would, whatever that checkout says. A bundled checkout must
 * have been built (`pnpm build`).
 */
export function startCommand(checkout: string): { flags: string[]; entry: string } {
  const pkg = JSON.parse(readFileSync(path.join(checkout, 'server', 'package.json'), 'utf8')) as {
    scripts: { start: string }
  }
  const words = pkg.scripts.start.split(/\s+/)
  const afterNode = words.slice(words.indexOf('node') + 1)
  const at = afterNode.findIndex((w) => !w.startsWith('-'))
  if (at < 0) throw new Error(`${checkout}: no file in the start script "${pkg.scripts.start}"`)
  return {
    flags: afterNode.slice(0, at),
    entry: path.join(checkout, 'server', afterNode[at]!),
  }
}

/** The source entry, as the tests run the server (no flags, no bundle). */
export const sourceEntry = (checkout: string) => path.join(checkout, 'server', 'src', 'main.ts')

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

/** Resident memory of a process, in MiB. */
export const rssMiB = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
}

/**
 * A process's CPU time so far (user + system), in ms: utime and stime, fields 14 and 15 of
 * /proc/PID/stat, in clock ticks (100 a second on Linux, so 10 ms steps).
 */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

/**
 * Prints one Markdown table row per variant: its median, minimum and maximum (one decimal), under
 * a header naming what a row is and what its figures measure.
 */
export function printMedianTable(row: string, unit: string, samples: Map<string, number[]>) {
  console.log(`| ${row} | ${unit} (median) | min | max |`)
  console.log('|---|---|---|---|')
  const fmt = (n: number) => n.toFixed(1)
  for (const [name, values] of samples) {
    const sorted = [...values].sort((a, b) => a - b)
    console.log(
      `| ${name} | ${fmt(percentile(sorted, 50))} | ${fmt(sorted[0]!)} | ${fmt(sorted.at(-1)!)} |`,
    )
  }
}

export const machine = () =>
  `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`

export interface BenchServer {
  port: number
  base: string
  pid: number
  stop(): Promise<void>
}

/**
 * Starts the server (`server/src/main.ts`, or `entry`: the bundle `pnpm start` runs, with the
 * start script's Node `flags`) on a free port and waits until it answers /healthz.
 */
export async function startBenchServer(
  env: Record<string, string> = {},
  entry = sourceEntry(path.join(import.meta.dirname, '..')),
  flags: string[] = [],
): Promise<BenchServer> {
  const port = await freePort()
  const server = spawn(process.execPath, [...flags, entry], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'threatboard-bench-')),
      LOG_LEVEL: 'error',
      ...env,
    },
    stdio: 'inherit',
  })
  const base = `http://127.0.0.1:${port}`
  for (let ok = false; !ok;) {
    ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
    if (!ok) await new Promise((r) => setTimeout(r, 50))
  }
  return {
    port,
    base,
    pid: server.pid!,
    async stop() {
      const exited = new Promise((resolve) => server.once('exit', resolve))
      server.kill('SIGTERM')
      await exited
    },
  }
}

/** A session with the server's inspector: `call` sends one command, `on` hears its events. */
export async function inspector(inspectPort: number) {
  const [target] = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as {
    webSocketDebuggerUrl: string
  }[]
  const ws = new WebSocket(target!.webSocketDebuggerUrl)
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  let id = 0
  const call = (method: string) =>
    new Promise<Record<string, number>>((resolve, reject) => {
      const mine = ++id
      const onMessage = (data: WebSocket.RawData) => {
        const msg = JSON.parse(String(data)) as {
          id?: number
          result?: Record<string, number>
          error?: { message: string }
        }
        if (msg.id !== mine) return
        ws.off('message', onMessage)
        if (msg.error) reject(new Error(msg.error.message))
        else resolve(msg.result ?? {})
      }
      ws.on('message', onMessage)
      ws.send(JSON.stringify({ id: mine, method }))
    })
  const on = (event: string, handler: (params: Record<string, string>) => void) =>
    ws.on('message', (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as { method?: string; params?: Record<string, string> }
      if (msg.method === event) handler(msg.params ?? {})
    })
  return { call, on, close: () => ws.close() }
}

/** Forces a full GC in the server through its inspector and reads the live heap, in bytes. */
export async function liveHeapAfterGc(inspectPort: number): Promise<number> {
  const { call, close } = await inspector(inspectPort)
  try {
    await call('HeapProfiler.collectGarbage')
    await call('HeapProfiler.collectGarbage')
    const heap = await call('Runtime.getHeapUsage')
    return heap.usedSize! + (heap.backingStorageSize ?? 0)
  } finally {
    close()
  }
}

export async function heapSnapshot(inspectPort: number, file: string) {
  const { call, on, close } = await inspector(inspectPort)
  const chunks: string[] = []
  on('HeapProfiler.addHeapSnapshotChunk', (p) => chunks.push(p.chunk!))
  await call('HeapProfiler.takeHeapSnapshot')
  close()
  writeFileSync(file, chunks.join(''))
}
