import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { Socket } from 'node:net'
import { freePort } from './process.ts'
import { waitFor } from './poll.ts'

/**
 * Whether a `redis-server` binary is here. Without one a test that needs it is skipped, with a
 * message; on CI (`CI=true`) that is an error, since CI must run it.
 */
export function haveRedisServer(): boolean {
  const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0
  if (!found && process.env.CI === 'true') {
    throw new Error('redis-server is missing on CI: install Redis (the multi-node tests need it)')
  }
  if (!found) console.warn('skipping: no redis-server on PATH (the multi-node tests need one)')
  return found
}

/**
 * A Redis of the test's own on a free port, keeping nothing on disk, so the test can stop and
 * restart it without disturbing anyone else's.
 */
export class PrivateRedis {
  readonly port: number
  private child: ChildProcess | undefined

  private constructor(port: number) {
    this.port = port
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort())
    await redis.restart()
    return redis
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  async restart(): Promise<void> {
    if (this.child) return
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    )
    this.child = child
    await waitFor(() => canConnect(this.port), `redis on port ${this.port}`, 10_000)
  }

  /** Kills the server outright, as a crash would. */
  async stop(): Promise<void> {
    const child = this.child
    this.child = undefined
    if (!child || child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => (socket.destroy(), resolve(false)))
    socket.connect(port, '127.0.0.1')
  })
}
