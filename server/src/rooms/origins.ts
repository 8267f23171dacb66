import { SERVER_ORIGIN } from '@threatboard/shared/doc/roomDoc.ts'
import type { RoomPeer } from './Room.ts'

/**
 * Where a change to a room's document came from. Every transaction on a room's doc carries one
 * of these as its Yjs origin (a client's connection object stands for itself), and the origin
 * alone decides what happens to the change: see `routeOf`.
 */
export type OriginKind = 'client' | 'server' | 'import' | 'fanout'

/** A change another node accepted (and stored), or state read back from the shared store. */
export class FanoutOrigin {
  readonly kind = 'fanout'
  /** The node that accepted it (`store` for state read back from the store). */
  readonly node: string
  constructor(node: string) {
    this.node = node
  }
}

/** A bulk write by the server on behalf of a user: a restore from a saved version. */
export const IMPORT_ORIGIN = { kind: 'import' } as const

/** What the room does with a change: keep it in the store, and tell the other nodes. */
export interface Route {
  persist: boolean
  publish: boolean
}

const ROUTES: Record<OriginKind, Route> = {
  client: { persist: true, publish: true },
  server: { persist: true, publish: true },
  import: { persist: true, publish: true },
  // The node that accepted it stored it, and every node hears it from that node: storing it
  // again would double the log, publishing it again would echo it around the cluster forever.
  fanout: { persist: false, publish: false },
}

/**
 * The one rule: a change is relayed to every local peer but the one it came from, whatever its
 * origin; it is stored and published by the node that accepted it, and by no other.
 */
export function routeOf(kind: OriginKind): Route {
  return ROUTES[kind]
}

/**
 * The kind of a transaction origin. Peers are the room's connections; `SERVER_ORIGIN` (and no
 * origin at all) is the server writing; anything else unknown counts as the server too, so a
 * change is never silently left out of the store.
 */
export function originKind(origin: unknown, peers: ReadonlySet<RoomPeer>): OriginKind {
  if (origin instanceof FanoutOrigin) return 'fanout'
  if (origin === IMPORT_ORIGIN) return 'import'
  if (origin === SERVER_ORIGIN || origin == null) return 'server'
  if (peers.has(origin as RoomPeer)) return 'client'
  return 'server'
}
