/**
 * WebSocket close codes used by the sync endpoint. Both sides import them: the server to close a
 * socket for a reason, the client to tell its user why the connection ended.
 *
 * 1000–1015 are the standard codes; 4000–4999 are ours.
 */
export const CloseCode = {
  /** The server is shutting down; reconnect later. */
  GOING_AWAY: 1001,
  /** A message exceeded `MAX_MESSAGE_BYTES` (ws closes with this standard code). */
  MESSAGE_TOO_BIG: 1009,
  /** A message could not be decoded as a y-websocket protocol message, or its update was corrupt. */
  BAD_MESSAGE: 4400,
  /**
   * An update would break the threat model's schema or write what only the server writes. It
   * was not applied (nothing of it is kept); the reason names the entity and the problem.
   */
  INVALID_UPDATE: 4422,
  /** The token was missing or invalid. */
  UNAUTHORIZED: 4401,
  /** The token does not allow this. */
  FORBIDDEN: 4403,
  /** The room does not exist (or was deleted while connected). */
  ROOM_NOT_FOUND: 4404,
  /** The token was revoked by the room owner. */
  TOKEN_REVOKED: 4409,
  /** Applying the update would make the room document larger than `MAX_DOC_BYTES`. */
  DOC_TOO_LARGE: 4413,
  /** The server could not load or store the room; retrying later may work. */
  INTERNAL_ERROR: 4500,
  /** No pong within the ping interval. */
  TIMEOUT: 4408,
  /** Too many connections from this client's address (`MAX_CONNECTIONS_PER_IP`). */
  TOO_MANY_CONNECTIONS: 4429,
  /**
   * The room holds all the connections its role may use (`MAX_CONNECTIONS_PER_ROOM`, less the
   * slots reserved for editors and owners). Retrying later may work.
   */
  ROOM_FULL: 4460,
  /**
   * The client did not read what the server sent fast enough (`MAX_SOCKET_BUFFER_BYTES` queued);
   * reconnecting starts afresh.
   */
  TOO_SLOW: 4461,
  /** A presence (awareness) update was larger than `MAX_AWARENESS_BYTES`. */
  PRESENCE_TOO_LARGE: 4462,
  /** Presence updates came faster than `AWARENESS_RATE_PER_SEC`. */
  PRESENCE_TOO_FAST: 4463,
  /** The server holds its maximum number of rooms (`MAX_LOADED_ROOMS`); retrying later may work. */
  SERVER_BUSY: 4503,
  /**
   * The server cannot write to its disk right now. The change was not saved and is not relayed;
   * the client keeps it and sends it again when it reconnects, which works once the store does.
   */
  STORE_UNAVAILABLE: 4507,
} as const

export type CloseCodeName = keyof typeof CloseCode
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName]

const byValue = new Map<number, CloseCodeName>(
  Object.entries(CloseCode).map(([k, v]) => [v, k as CloseCodeName]),
)

/** A human-readable explanation for a close code, for the connection indicator. */
export function describeCloseCode(code: number): string {
  switch (byValue.get(code)) {
    case 'GOING_AWAY':
      return 'The server restarted. Reconnecting…'
    case 'MESSAGE_TOO_BIG':
      return 'A change was too large for the server to accept.'
    case 'BAD_MESSAGE':
      return 'The server rejected a malformed message.'
    case 'INVALID_UPDATE':
      return 'The server refused a change that breaks the threat model.'
    case 'UNAUTHORIZED':
      return 'This link is not valid for this room. Ask its owner for a new one.'
    case 'FORBIDDEN':
      return 'You are not allowed to do that in this room.'
    case 'ROOM_NOT_FOUND':
      return 'This room does not exist or was deleted.'
    case 'TOKEN_REVOKED':
      return 'Your invite was revoked by the room owner. Ask them for a new link.'
    case 'DOC_TOO_LARGE':
      return 'The board has reached its maximum size; the last change was not saved.'
    case 'INTERNAL_ERROR':
      return 'The server could not load or save this room.'
    case 'TIMEOUT':
      return 'The connection timed out. Reconnecting…'
    case 'TOO_MANY_CONNECTIONS':
      return 'Too many connections from your network. Retrying…'
    case 'ROOM_FULL':
      return 'This room is full. Retrying…'
    case 'TOO_SLOW':
      return 'The connection was too slow to keep up. Reconnecting…'
    case 'PRESENCE_TOO_LARGE':
      return 'Your cursor and selection data was too large for the server.'
    case 'PRESENCE_TOO_FAST':
      return 'Too many cursor updates were sent. Reconnecting…'
    case 'SERVER_BUSY':
      return 'The server is at capacity. Retrying…'
    case 'STORE_UNAVAILABLE':
      return 'The server cannot save right now. Your edits are kept on this device and will be sent when it can.'
    default:
      return `Connection closed (code ${code}).`
  }
}

/**
 * Close codes that refuse a change the client made. The change stays in the client's document and
 * in its offline copy, so reconnecting, or reopening the room in the same browser, sends it again
 * and is refused again: the client has to drop its copy and take the server's.
 */
export const REFUSED_CHANGE_CLOSE_CODES: readonly number[] = [
  CloseCode.MESSAGE_TOO_BIG,
  CloseCode.BAD_MESSAGE,
  CloseCode.INVALID_UPDATE,
  CloseCode.DOC_TOO_LARGE,
]

/** Close codes after which reconnecting cannot help. */
export const FATAL_CLOSE_CODES: readonly number[] = [
  CloseCode.UNAUTHORIZED,
  CloseCode.FORBIDDEN,
  CloseCode.ROOM_NOT_FOUND,
  CloseCode.TOKEN_REVOKED,
  CloseCode.DOC_TOO_LARGE,
  CloseCode.MESSAGE_TOO_BIG,
  CloseCode.BAD_MESSAGE,
  CloseCode.INVALID_UPDATE,
  CloseCode.PRESENCE_TOO_LARGE,
]
