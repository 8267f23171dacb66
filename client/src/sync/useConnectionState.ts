import { useSyncExternalStore } from 'react'
import type { ConnectionState, RoomConnection } from './RoomConnection.ts'

export function useConnectionState(connection: RoomConnection): ConnectionState {
  return useSyncExternalStore(connection.subscribe, connection.getState)
}
