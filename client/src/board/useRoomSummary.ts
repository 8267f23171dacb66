import { useEffect, useState } from 'react'
import { saveRoomAccess, type RoomAccess } from '../access/roomAccess.ts'
import { ApiError, getRoom, type RoomWithRole } from '../api/roomsApi.ts'
import { clearLocalCopy } from '../sync/clearLocalCopy.ts'

export type RoomSummaryState =
  | { status: 'loading' }
  | { status: 'ready'; room: RoomWithRole }
  | { status: 'notFound' }
  | { status: 'unauthorized'; message: string }
  | { status: 'error'; message: string }

/**
 * The room's title and this token's role. The answer is also how the board learns that the room
 * does not exist (404) or that the invite is not valid (401).
 */
export function useRoomSummary(roomId: string, access: RoomAccess): RoomSummaryState {
  const [state, setState] = useState<RoomSummaryState>({ status: 'loading' })
  useEffect(() => {
    const controller = new AbortController()
    getRoom(roomId, access.token, controller.signal).then(
      (room) => {
        if (room.role !== access.role) saveRoomAccess(roomId, { ...access, role: room.role })
        setState({ status: 'ready', room })
      },
      (err: unknown) => {
        if (controller.signal.aborted) return
        const message = err instanceof Error ? err.message : String(err)
        // A deleted room, or an invite that no longer works: drop this browser's copy of it.
        if (err instanceof ApiError && (err.status === 404 || err.status === 401)) {
          void clearLocalCopy(roomId)
        }
        if (err instanceof ApiError && err.status === 404) setState({ status: 'notFound' })
        else if (err instanceof ApiError && err.status === 401) {
          setState({ status: 'unauthorized', message })
        } else setState({ status: 'error', message })
      },
    )
    return () => controller.abort()
  }, [roomId, access])
  return state
}
