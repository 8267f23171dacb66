// What the benchmarks share: the real server as its own process (SQLite in a temp dir), the
// machine's description, its memory, and percentiles.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, tmpdir, totalmem } from 'node:os'
import path from 'node:path'

/**
 * The Node flags a checkout's own start script (server/package.json) gives the server, so a
 * benchmark runs it as `pnpm start` would, whatever that checkout says.
 */
export function startFlags(checkout: string): string[] {
  const pkg = JSON.parse(readFileSync(path.join(checkout, 'server', 'package.json'), 'utf8')) as {
    scripts: { start: string }
  }
  const words = pkg.scripts.start.split(/\s+/)
  return words.slice(words.indexOf('node') + 1, words.indexOf('src/main.ts'))
}

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

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

export const machine = () =>
  `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`

export interface BenchServer {
  port: number
  base: string
  pid: number
  stop(): Promise<void>
}

/** Starts `server/src/main.ts` on a free port and waits until it answers /healthz. */
export async function startBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const port = await freePort()
  const server = spawn(
    process.execPath,
    [path.join(import.meta.dirname, '..', 'server', 'src', 'main.ts')],
    {
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'threatboard-bench-')),
        LOG_LEVEL: 'error',
        ...env,
      },
      stdio: 'inherit',
    },
  )
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
