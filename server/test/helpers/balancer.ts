import { createServer, connect, type Server, type Socket } from 'node:net'

/**
 * A TCP load balancer as a deployment would put in front of the nodes, reduced to what matters
 * here: each new connection goes to the next node in turn, skipping nodes that refuse it, and
 * no connection is sticky. When a node dies, its connections drop and reconnect elsewhere.
 */
export class Balancer {
  readonly url: string
  readonly wsBase: string
  private readonly server: Server
  private readonly sockets = new Set<Socket>()
  private next = 0

  private constructor(server: Server, port: number, ports: number[]) {
    this.server = server
    this.url = `http://127.0.0.1:${port}`
    this.wsBase = `ws://127.0.0.1:${port}`
    server.on('connection', (client) => this.route(client, ports, 0))
  }

  static async start(ports: number[]): Promise<Balancer> {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    return new Balancer(server, port, ports)
  }

  private route(client: Socket, ports: number[], tried: number): void {
    if (tried === 0) {
      this.sockets.add(client)
      client.once('close', () => this.sockets.delete(client))
    }
    if (tried >= ports.length) return void client.destroy()
    const port = ports[this.next++ % ports.length]!
    const upstream = connect(port, '127.0.0.1')
    client.pause()
    let connected = false
    // A node that refuses the connection (dead) is skipped; one that fails later drops it.
    upstream.on('error', () =>
      connected ? client.destroy() : this.route(client, ports, tried + 1),
    )
    upstream.once('connect', () => {
      connected = true
      this.sockets.add(upstream)
      upstream.once('close', () => (this.sockets.delete(upstream), client.destroy()))
      client.once('close', () => upstream.destroy())
      client.on('error', () => upstream.destroy())
      client.pipe(upstream)
      upstream.pipe(client)
      client.resume()
    })
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise((resolve) => this.server.close(resolve))
  }
}
