/** Every error the HTTP API answers with, and its status. */
export const ApiErrorStatus = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  ROOM_NOT_FOUND: 404,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  GONE: 410,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const

export type ApiErrorCode = keyof typeof ApiErrorStatus

/** An error meant for the client: its message is shown as is, its code maps to a status. */
export class ApiError extends Error {
  override name = 'ApiError'
  readonly code: ApiErrorCode
  constructor(code: ApiErrorCode, message: string) {
    super(message)
    this.code = code
  }
  get statusCode(): number {
    return ApiErrorStatus[this.code]
  }
}

/** Errors of the room lifecycle (loading, limits, storage) raised inside the server. */
export type RoomErrorCode =
  | 'ROOM_NOT_FOUND'
  | 'TOO_MANY_ROOMS'
  | 'LOAD_FAILED'
  /** The store refuses writes (disk full, I/O error); the room takes no changes until it works. */
  | 'STORE_UNAVAILABLE'

const roomErrorApiCode: Record<RoomErrorCode, ApiErrorCode> = {
  ROOM_NOT_FOUND: 'ROOM_NOT_FOUND',
  // Capacity and storage trouble is the server's, and passes: 503, so clients retry later.
  TOO_MANY_ROOMS: 'UNAVAILABLE',
  STORE_UNAVAILABLE: 'UNAVAILABLE',
  LOAD_FAILED: 'INTERNAL',
}

/**
 * A room error is also an API error, so an HTTP route that opens a room answers with its status
 * (404, 503, 500) and message; `reason` says which room error it was.
 */
export class RoomError extends ApiError {
  override name = 'RoomError'
  readonly reason: RoomErrorCode
  constructor(reason: RoomErrorCode, message: string) {
    super(roomErrorApiCode[reason], message)
    this.reason = reason
  }
}
