/**
 * Room for the image's asset record and the sync message's own framing, beside the file's bytes.
 */
const RECORD_MARGIN_BYTES = 16 * 1024

/**
 * The largest image or video file the board takes in, for a server that refuses sync messages
 * over `maxMessageBytes`. tldraw keeps a dropped or pasted file in the room's document as a
 * `data:` URL (base64: four bytes for every three), and the document's update that carries it
 * goes to the server in one message, which the server refuses by closing the connection. So a
 * larger file is refused here, with tldraw's own "file too big" notice, and never leaves the page.
 */
export function maxAssetBytes(maxMessageBytes: number): number {
  return Math.max(0, Math.floor(((maxMessageBytes - RECORD_MARGIN_BYTES) * 3) / 4))
}

/**
 * The largest text the board takes in one text shape, for the same server: a text is one value
 * of the document, sent in one message with its record.
 */
export function maxTextBytes(maxMessageBytes: number): number {
  return Math.max(0, maxMessageBytes - RECORD_MARGIN_BYTES)
}
