import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'
import { waitFor } from './poll.ts'

const MAIN = path.join(import.meta.dirname, '..', '..', 'src', 'main.ts')

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

export interface ServerProcess {
  child: ChildProcess
  url: string
  wsBase: string
  output: () => string
}

/**
 * Runs `node server/src/main.ts` (or `opts.entry`, a bundle) as its own process and waits for it.
 * A free port unless `env.PORT` names one (a restart on the same address, for clients to find).
 */
export async function spawnServer(
  env: Record<string, string>,
  opts: { timeoutMs?: number; entry?: string; nodeFlags?: string[] } = {},
): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort()
  let output = ''
  const child = spawn(process.execPath, [...(opts.nodeFlags ?? []), opts.entry ?? MAIN], {
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  const url = `http://127.0.0.1:${port}`
  // A server that exits (bad config, locked data directory) fails at once, with its output.
  let onExit = () => {}
  const exited = new Promise<never>((_resolve, reject) => {
    onExit = () => reject(new Error(`server exited (${child.exitCode}): ${output}`))
    child.once('exit', onExit)
  })
  try {
    await Promise.race([
      exited,
      waitFor(
        async () => (await fetch(`${url}/healthz`)).ok,
        'server process to answer /healthz',
        opts.timeoutMs ?? 15_000,
      ),
    ])
  } catch (err) {
    // A server that never answered is of no use to anyone: stop it, and show what it said.
    child.kill('SIGKILL')
    throw new Error(`${(err as Error).message}\nserver output:\n${output.slice(-4000)}`, {
      cause: err,
    })
  } finally {
    child.off('exit', onExit)
  }
  return { child, url, wsBase: `ws://127.0.0.1:${port}`, output: () => output }
}

export async function stopProcess(p: ServerProcess, signal: NodeJS.Signals): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return
  const exited = new Promise((resolve) => p.child.once('exit', resolve))
  p.child.kill(signal)
  await exited
}
