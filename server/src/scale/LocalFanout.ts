import type { ControlMessage, Fanout, FanoutHealth, RoomMessage } from './Fanout.ts'

/**
 * An in-process bus. A server alone gets a bus of its own, so nothing it publishes reaches
 * anyone: no behaviour changes. Servers built in one process on one bus (tests) behave as the
 * nodes of a cluster do over Redis, minus the outages.
 */
export class LocalBus {
  readonly rooms = new Map<string, Set<(m: RoomMessage) => void>>()
  readonly controls = new Set<(m: ControlMessage) => void>()
  readonly leases = new Map<string, string>()
}

export class LocalFanout implements Fanout {
  readonly nodeId: string
  readonly health: FanoutHealth = 'ok'
  /** Only a bus handed in can have other nodes on it. */
  readonly clustered: boolean
  private readonly bus: LocalBus
  private readonly handlers = new Map<string, (m: RoomMessage) => void>()
  private readonly controlHandlers: ((m: ControlMessage) => void)[] = []

  private readonly onBusControl = (m: ControlMessage) => {
    for (const h of this.controlHandlers) h(m)
  }

  constructor(nodeId: string, bus?: LocalBus) {
    this.nodeId = nodeId
    this.clustered = bus !== undefined
    this.bus = bus ?? new LocalBus()
    this.bus.controls.add(this.onBusControl)
  }

  async subscribe(room: string, handler: (message: RoomMessage) => void): Promise<void> {
    this.unsubscribe(room)
    this.handlers.set(room, handler)
    let set = this.bus.rooms.get(room)
    if (!set) this.bus.rooms.set(room, (set = new Set()))
    set.add(handler)
  }

  unsubscribe(room: string): void {
    const handler = this.handlers.get(room)
    if (!handler) return
    this.handlers.delete(room)
    const set = this.bus.rooms.get(room)
    set?.delete(handler)
    if (set?.size === 0) this.bus.rooms.delete(room)
  }

  publish(room: string, kind: RoomMessage['kind'], payload: Uint8Array): void {
    const message = { kind, node: this.nodeId, payload, sentAt: Date.now() }
    // Delivered on a later turn, as a network bus would: never inside the sender's transaction.
    for (const handler of this.bus.rooms.get(room) ?? []) {
      if (handler !== this.handlers.get(room)) queueMicrotask(() => handler(message))
    }
  }

  control(message: ControlMessage): void {
    for (const handler of this.bus.controls) queueMicrotask(() => handler(message))
  }

  onControl(handler: (message: ControlMessage) => void): void {
    this.controlHandlers.push(handler)
  }

  onHealth(): void {}

  async lease(key: string): Promise<(() => Promise<void>) | undefined> {
    if (this.bus.leases.has(key)) return undefined
    this.bus.leases.set(key, this.nodeId)
    return async () => {
      if (this.bus.leases.get(key) === this.nodeId) this.bus.leases.delete(key)
    }
  }

  async close(): Promise<void> {
    for (const room of [...this.handlers.keys()]) this.unsubscribe(room)
    this.bus.controls.delete(this.onBusControl)
  }
}
