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
