/** The first varint of every y-websocket message (as in y-websocket's own server and client). */
export const MessageType = {
  SYNC: 0,
  AWARENESS: 1,
  AUTH: 2,
  QUERY_AWARENESS: 3,
} as const

export type MessageTypeValue = (typeof MessageType)[keyof typeof MessageType]
