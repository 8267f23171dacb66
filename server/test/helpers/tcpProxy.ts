import { createServer, connect, type Server, type Socket } from 'node:net'
import { freePort } from './process.ts'

/**
 * A TCP forwarder to a real service that a test can cut and restore, as a network partition or
 * a stopped database looks to the server: cut refuses new connections and drops open ones.
 */
export class TcpProxy {
  readonly port: number
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()
  private readonly target: { host: string; port: number }

  private constructor(port: number, target: { host: string; port: number }) {
    this.port = port
    this.target = target
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(await freePort(), target)
    await proxy.restore()
    return proxy
  }

  /** Accepts connections again, on the same port. */
  async restore(): Promise<void> {
    if (this.server) return
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host)
      for (const s of [client, upstream]) {
        this.sockets.add(s)
        s.on('close', () => this.sockets.delete(s))
        s.on('error', () => {})
      }
      client.pipe(upstream).pipe(client)
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve))
    this.server = server
  }

  /** Stops accepting and drops every open connection. */
  async cut(): Promise<void> {
    const server = this.server
    this.server = undefined
    for (const s of this.sockets) s.destroy()
    if (server) await new Promise((resolve) => server.close(resolve))
  }
}
