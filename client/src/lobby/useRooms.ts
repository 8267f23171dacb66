import { useCallback, useEffect, useState } from 'react'
import type { RoomSummary } from '@threatboard/shared'
import { ApiError, getRoom, listRooms } from '../api/roomsApi.ts'
import { forgetRoomAccess, listRoomAccess } from '../access/roomAccess.ts'

/**
 * The rooms this browser holds invites for, each read with its own token (so a shared server
 * with ADMIN_TOKEN still shows people their rooms). Invites the server no longer knows (room
 * deleted, token revoked) are forgotten.
 */
async function invitedRooms(signal: AbortSignal): Promise<RoomSummary[]> {
  const held = listRoomAccess()
  const results = await Promise.allSettled(
    held.map(({ roomId, access }) => getRoom(roomId, access.token, signal)),
  )
  const rooms: RoomSummary[] = []
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') rooms.push(r.value)
    else if (r.reason instanceof ApiError && (r.reason.status === 401 || r.reason.status === 404)) {
      forgetRoomAccess(held[i]!.roomId)
    }
  })
  return rooms
}

export type RoomsState =
  | { status: 'loading' }
  | { status: 'error'; message: string; needsAdminToken: boolean; checkedToken?: string }
  | { status: 'ready'; rooms: RoomSummary[]; needsAdminToken: boolean; checkedToken?: string }

/**
 * The lobby's room list: the rooms this browser holds invites for, most recently changed first.
 * The server's full list is only used to learn whether this server wants an admin token for
 * creating rooms (`checkedToken`: the admin token that answer was for). `reload` fetches it again.
 */
export function useRooms(adminToken: string | undefined): {
  state: RoomsState
  reload: () => void
} {
  const [state, setState] = useState<RoomsState>({ status: 'loading' })
  const [generation, setGeneration] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    // A 401 here only means that creating rooms needs the admin token; the rest still shows.
    const adminCheck = listRooms(adminToken, controller.signal).then(
      () => false,
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) return true
        throw err
      },
    )
    Promise.all([invitedRooms(controller.signal), adminCheck]).then(
      ([rooms, needsAdminToken]) => {
        const sorted = [...rooms].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
        setState({ status: 'ready', rooms: sorted, needsAdminToken, checkedToken: adminToken })
      },
      (err: unknown) => {
        if (controller.signal.aborted) return
        setState({
          status: 'error',
          message: err instanceof Error ? err.message : String(err),
          needsAdminToken: err instanceof ApiError && err.status === 401,
          checkedToken: adminToken,
        })
      },
    )
    return () => controller.abort()
  }, [adminToken, generation])

  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return { state, reload }
}
