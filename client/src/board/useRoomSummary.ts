import { useEffect, useState } from 'react'
import type { RoomSummary } from '@threatboard/shared'
import { ApiError, getRoom } from '../api/roomsApi.ts'

export type RoomSummaryState =
  | { status: 'loading' }
  | { status: 'ready'; room: RoomSummary }
  | { status: 'notFound' }
  | { status: 'error'; message: string }

/** The room's title and facts. A 404 here is how the board learns the room does not exist. */
export function useRoomSummary(roomId: string): RoomSummaryState {
  const [state, setState] = useState<RoomSummaryState>({ status: 'loading' })
  useEffect(() => {
    const controller = new AbortController()
    getRoom(roomId, controller.signal).then(
      (room) => setState({ status: 'ready', room }),
      (err: unknown) => {
        if (controller.signal.aborted) return
        if (err instanceof ApiError && err.status === 404) setState({ status: 'notFound' })
        else
          setState({ status: 'error', message: err instanceof Error ? err.message : String(err) })
      },
    )
    return () => controller.abort()
  }, [roomId])
  return state
}
