import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { messageSync, type WebsocketProvider } from 'y-websocket'
import { splitUpdate } from './splitUpdate.ts'

/** What a sync message adds around its update: its two message types and the update's length. */
const FRAME_BYTES = 16

/**
 * Makes the stock provider send no document message larger than `maxMessageBytes()` to the
 * server, which closes the socket (1009) on one that is. Two messages can be: the sync step 2 that
 * answers the server's step 1 after a reconnect (all the work made offline, in one message) and a
 * local change made in one transaction (images pasted together). Each is sent as `splitUpdate`
 * pieces, in order, each applied by the server as it comes. Sync replies to other tabs of this
 * browser (BroadcastChannel) are left whole.
 */
export function sendInPieces(provider: WebsocketProvider, maxMessageBytes: () => number): void {
  const limit = () => maxMessageBytes() - FRAME_BYTES
  const sendStep2 = (update: Uint8Array) => {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, messageSync)
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2)
    encoding.writeVarUint8Array(encoder, update)
    provider.ws?.send(encoding.toUint8Array(encoder))
  }

  const answerSync = provider.messageHandlers[messageSync]!
  provider.messageHandlers[messageSync] = (encoder, decoder, p, fromServer, messageType) => {
    if (!fromServer || decoding.peekVarUint(decoder) !== syncProtocol.messageYjsSyncStep1) {
      return answerSync(encoder, decoder, p, fromServer, messageType)
    }
    decoding.readVarUint(decoder)
    const missing = Y.encodeStateAsUpdate(p.doc, decoding.readVarUint8Array(decoder))
    // Nothing written to `encoder`: the provider sends only a reply longer than one byte.
    for (const piece of splitUpdate(missing, limit())) sendStep2(piece)
  }

  const sendUpdate = provider._updateHandler
  provider.doc.off('update', sendUpdate)
  // Kept where the provider keeps its own, so that `destroy()` removes it.
  provider._updateHandler = (update, origin) => {
    for (const piece of splitUpdate(update, limit())) sendUpdate(piece, origin)
  }
  provider.doc.on('update', provider._updateHandler)
}
