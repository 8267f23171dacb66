import type { Role } from '../auth/authorize.ts'

/** What one node tells the others about a room's document or presence. */
export interface RoomMessage {
  kind: 'update' | 'awareness'
  /** The node that sent it; a node drops its own (the bus may echo them back). */
  node: string
  /** A Yjs update, or an awareness update (y-protocols' encoding). */
  payload: Uint8Array
  /** When the sender published it (epoch ms, the sender's clock), for the fan-out lag. */
  sentAt: number
}

/** Cluster-wide orders, heard by every node (including, on some buses, the sender). */
export type ControlMessage =
  /** Close every socket of this role in the room: its token was revoked or re-issued. */
  | { type: 'close-role'; node: string; room: string; role: Role; reason: string }
  /** The room was deleted: close every socket and write nothing more of it. */
  | { type: 'evict'; node: string; room: string }
  /** The node is alive (sent every few seconds); silence means its presence states are stale. */
  | { type: 'alive'; node: string }
  /** The node is going away: drop the presence states of its clients now. */
  | { type: 'bye'; node: string }

export type FanoutHealth = 'ok' | 'down'

/**
 * How the nodes of a cluster hear each other. One node alone needs none of it: the in-process
 * bus (`LocalFanout`) delivers only to nodes in the same process, which in production is none.
 * With REDIS_URL, `RedisFanout` carries it over Redis pub/sub.
 *
 * Delivery is best effort and may stop (Redis down): a node never relies on it for durability
 * (every change is in the store before it is published) and, when it comes back (`onHealth`
 * 'ok'), reads its loaded rooms back from the store to catch up on what it missed.
 */
export interface Fanout {
  /** This node's id, unique in the cluster. */
  readonly nodeId: string
  readonly health: FanoutHealth
  /** True when other nodes may share this node's rooms (and their logs in the store). */
  readonly clustered: boolean
  /**
   * Starts delivering the room's messages to `handler`; resolves once the bus will deliver
   * everything published from now on (so a store read after it misses nothing).
   */
  subscribe(room: string, handler: (message: RoomMessage) => void): Promise<void>
  unsubscribe(room: string): void
  /** Sends to every other node with the room loaded. Dropped while the bus is down. */
  publish(room: string, kind: RoomMessage['kind'], payload: Uint8Array): void
  /** Sends a control message to every node. Dropped while the bus is down. */
  control(message: ControlMessage): void
  onControl(handler: (message: ControlMessage) => void): void
  onHealth(handler: (health: FanoutHealth) => void): void
  /**
   * Takes a cluster-wide lease on `key` for `ms` (compaction: one node per room at a time).
   * Resolves to a release function, or undefined if another node holds it. Without a bus to
   * ask, the lease is granted (a node alone has no one to race).
   */
  lease(key: string, ms: number): Promise<(() => Promise<void>) | undefined>
  close(): Promise<void>
}
