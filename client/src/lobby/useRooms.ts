import { useCallback, useEffect, useState } from 'react'
import type { RoomSummary } from '@threatboard/shared'
import { ApiError, listRooms } from '../api/roomsApi.ts'

export type RoomsState =
  | { status: 'loading' }
  | { status: 'error'; message: string; needsAdminToken: boolean }
  | { status: 'ready'; rooms: RoomSummary[] }

/** The room list, most recently changed first. `reload` fetches it again. */
export function useRooms(adminToken: string | undefined): {
  state: RoomsState
  reload: () => void
} {
  const [state, setState] = useState<RoomsState>({ status: 'loading' })
  const [generation, setGeneration] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    listRooms(adminToken, controller.signal).then(
      (rooms) => {
        const sorted = [...rooms].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
        setState({ status: 'ready', rooms: sorted })
      },
      (err: unknown) => {
        if (controller.signal.aborted) return
        setState({
          status: 'error',
          message: err instanceof Error ? err.message : String(err),
          needsAdminToken: err instanceof ApiError && err.status === 401,
        })
      },
    )
    return () => controller.abort()
  }, [adminToken, generation])

  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return { state, reload }
}
