import type { RoomStore } from '../persistence/RoomStore.ts'
import type { RoomRegistry } from '../rooms/RoomRegistry.ts'

/**
 * What a use case works with: the store and the live rooms. Use cases know no HTTP; a route
 * parses and authorizes, calls one, and maps its result (or its ApiError) to a response.
 */
export interface RoomDeps {
  store: RoomStore
  rooms: RoomRegistry
}

/** Where a use case notes what it did (the request's logger, when a route calls it). */
export interface UseCaseLog {
  info(fields: object, message: string): void
}
