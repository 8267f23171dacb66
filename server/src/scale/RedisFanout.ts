import { Redis } from 'ioredis'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import type { FastifyBaseLogger } from 'fastify'
import type { ControlMessage, Fanout, FanoutHealth, RoomMessage } from './Fanout.ts'

const KINDS = ['update', 'awareness'] as const

/** Deletes the lease only if this node still holds it (it may have expired and moved on). */
const RELEASE_LEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`

/**
 * The cluster bus over Redis pub/sub: one channel per room (`<prefix>room:<id>`), one control
 * channel, and leases as keys set with NX PX. Two connections, since a subscribed connection
 * can do nothing else. While Redis is away nothing queues: publishes are dropped (the store
 * has every change), and when both connections are back every room is subscribed again before
 * `onHealth('ok')`, after which the rooms catch up from the store.
 */
export class RedisFanout implements Fanout {
  readonly nodeId: string
  readonly clustered = true
  private readonly pub: Redis
  private readonly sub: Redis
  private readonly prefix: string
  private readonly log: FastifyBaseLogger
  private readonly handlers = new Map<string, (m: RoomMessage) => void>()
  private readonly controlHandlers: ((m: ControlMessage) => void)[] = []
  private readonly healthHandlers: ((h: FanoutHealth) => void)[] = []
  private state: FanoutHealth = 'down'
  private subReady = false
  private closed = false

  constructor(url: string, opts: { nodeId: string; prefix: string; log: FastifyBaseLogger }) {
    this.nodeId = opts.nodeId
    this.prefix = opts.prefix
    this.log = opts.log
    const options = {
      // Nothing waits for Redis: a command while it is away fails at once.
      enableOfflineQueue: false,
      autoResubscribe: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (times: number) => Math.min(times * 100, 1000),
      lazyConnect: true,
    }
    this.pub = new Redis(url, options)
    this.sub = new Redis(url, options)
    for (const client of [this.pub, this.sub]) {
      client.on('error', (err: Error) => {
        if (this.state === 'ok') this.log.warn({ err: err.message }, 'redis connection failed')
      })
      client.on('close', () => this.setHealth('down'))
    }
    this.pub.on('ready', () => this.checkReady())
    this.sub.on('ready', () => {
      void this.resubscribe().then(
        () => {
          this.subReady = true
          this.checkReady()
        },
        (err: unknown) => this.log.warn({ err }, 'redis resubscribe failed'),
      )
    })
    this.sub.on('close', () => (this.subReady = false))
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.receive(channel.toString(), message),
    )
  }

  /** Connects both clients; resolves when connected, or rejects (the node still starts). */
  async connect(): Promise<void> {
    await Promise.all([this.pub.connect(), this.sub.connect()])
  }

  get health(): FanoutHealth {
    return this.state
  }

  private roomChannel(room: string): string {
    return `${this.prefix}room:${room}`
  }

  private get controlChannel(): string {
    return `${this.prefix}control`
  }

  private async resubscribe(): Promise<void> {
    const channels = [
      this.controlChannel,
      ...[...this.handlers.keys()].map((r) => this.roomChannel(r)),
    ]
    await this.sub.subscribe(...channels)
  }

  private checkReady(): void {
    if (this.pub.status === 'ready' && this.sub.status === 'ready' && this.subReady) {
      this.setHealth('ok')
    }
  }

  private setHealth(health: FanoutHealth): void {
    if (this.state === health || this.closed) return
    this.state = health
    if (health === 'down') this.log.warn('redis unreachable: serving local clients only')
    else this.log.info('redis reachable: cross-node fan-out on')
    for (const h of this.healthHandlers) h(health)
  }

  private receive(channel: string, message: Buffer): void {
    if (channel === this.controlChannel) {
      let parsed: ControlMessage
      try {
        parsed = JSON.parse(message.toString()) as ControlMessage
      } catch {
        return this.log.warn('dropped a malformed control message')
      }
      for (const h of this.controlHandlers) h(parsed)
      return
    }
    const room = channel.slice(this.roomChannel('').length)
    const handler = this.handlers.get(room)
    if (!handler) return
    let decoded: RoomMessage
    try {
      const d = decoding.createDecoder(
        new Uint8Array(message.buffer, message.byteOffset, message.byteLength),
      )
      const node = decoding.readVarString(d)
      const kind = KINDS[decoding.readVarUint(d)]
      const sentAt = decoding.readVarUint(d)
      const payload = decoding.readVarUint8Array(d)
      if (!kind) throw new Error('unknown kind')
      decoded = { node, kind, payload, sentAt }
    } catch {
      return this.log.warn({ room }, 'dropped a malformed fan-out message')
    }
    if (decoded.node !== this.nodeId) handler(decoded)
  }

  async subscribe(room: string, handler: (message: RoomMessage) => void): Promise<void> {
    this.handlers.set(room, handler)
    try {
      await this.sub.subscribe(this.roomChannel(room))
    } catch (err) {
      // Redis is away: the room is subscribed again, and caught up, when it is back.
      this.log.debug({ err, room }, 'subscribe failed; retried when redis is back')
    }
  }

  unsubscribe(room: string): void {
    if (!this.handlers.delete(room)) return
    this.sub.unsubscribe(this.roomChannel(room)).catch(() => {})
  }

  publish(room: string, kind: RoomMessage['kind'], payload: Uint8Array): void {
    if (this.state !== 'ok') return
    const e = encoding.createEncoder()
    encoding.writeVarString(e, this.nodeId)
    encoding.writeVarUint(e, KINDS.indexOf(kind))
    encoding.writeVarUint(e, Date.now())
    encoding.writeVarUint8Array(e, payload)
    this.pub.publish(this.roomChannel(room), Buffer.from(encoding.toUint8Array(e))).catch(() => {})
  }

  control(message: ControlMessage): void {
    if (this.state !== 'ok') return
    this.pub.publish(this.controlChannel, JSON.stringify(message)).catch(() => {})
  }

  onControl(handler: (message: ControlMessage) => void): void {
    this.controlHandlers.push(handler)
  }

  onHealth(handler: (health: FanoutHealth) => void): void {
    this.healthHandlers.push(handler)
  }

  async lease(key: string, ms: number): Promise<(() => Promise<void>) | undefined> {
    const name = `${this.prefix}lease:${key}`
    try {
      const got = await this.pub.set(name, this.nodeId, 'PX', ms, 'NX')
      if (got !== 'OK') return undefined
    } catch {
      // Without Redis no node can be sure it is alone: wait until it is back.
      return undefined
    }
    return async () => {
      await this.pub.eval(RELEASE_LEASE, 1, name, this.nodeId).catch(() => {})
    }
  }

  /** The command connection, for other users of Redis (the shared rate limits). */
  get client(): Redis {
    return this.pub
  }

  async close(): Promise<void> {
    this.closed = true
    this.handlers.clear()
    this.pub.disconnect()
    this.sub.disconnect()
  }
}
