import { useEffect, useState } from 'react'
import { RoomConnection } from './RoomConnection.ts'

/** Connects to the room while the calling component is mounted; null until the first effect. */
export function useRoomConnection(roomId: string, token: string): RoomConnection | null {
  const [connection, setConnection] = useState<RoomConnection | null>(null)
  useEffect(() => {
    const created = new RoomConnection(roomId, token)
    // The connection is an external resource made by this effect; rendering it needs a second
    // pass. (Creating it during render would leak sockets from renders React discards.)
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setConnection(created)
    return () => {
      created.destroy()
      setConnection(null)
    }
  }, [roomId, token])
  return connection
}
