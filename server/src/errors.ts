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

/** Errors of the room lifecycle (loading, limits) raised inside the server. */
export type RoomErrorCode = 'ROOM_NOT_FOUND' | 'TOO_MANY_ROOMS' | 'ROOM_FULL' | 'LOAD_FAILED'

export class RoomError extends Error {
  override name = 'RoomError'
  readonly code: RoomErrorCode
  constructor(code: RoomErrorCode, message: string) {
    super(message)
    this.code = code
  }
}
