import type { Awareness } from 'y-protocols/awareness'
import type { RoomPeer } from '../rooms/Room.ts'
import { encodeAwareness, encodeUpdate } from './protocol.ts'

/**
 * The y-websocket side of a room's relaying: a change is encoded once, as the protocol's
 * message, and sent to every peer but `except` (the one it came from).
 */
export function relayUpdate(peers: Iterable<RoomPeer>, update: Uint8Array, except?: unknown) {
  sendAll(peers, encodeUpdate(update), except)
}

/** Sends the awareness states of `clients` (the ones just changed) to every peer. */
export function relayAwareness(peers: Iterable<RoomPeer>, awareness: Awareness, clients: number[]) {
  sendAll(peers, encodeAwareness(awareness, clients))
}

function sendAll(peers: Iterable<RoomPeer>, message: Uint8Array, except?: unknown): void {
  for (const peer of peers) if (peer !== except) peer.send(message)
}
