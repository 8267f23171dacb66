import { useState } from 'react'
import { useConfirm } from '../ui/ConfirmDialog.tsx'
import type { RoomSummary } from '@threatboard/shared'
import { forgetRoomAccess, loadRoomAccess, type RoomAccess } from '../access/roomAccess.ts'
import { forgetTraining, loadTrainings } from '../access/trainings.ts'
import { deleteRoom } from '../api/roomsApi.ts'
import { Link } from '../routing/Link.tsx'
import { roomPath } from '../routing/matchRoute.ts'
import { formatBytes, formatRelativeTime } from './format.ts'
import { formatWhen } from '../ui/formatWhen.ts'
import { useKeepFocusInList } from '../ui/useKeepFocusInList.ts'

interface RoomListProps {
  rooms: RoomSummary[]
  onChanged: () => void
  /** What the list says when this browser holds no room (how to get one here). */
  emptyText: string
}

function ownerToken(access: RoomAccess | null): string | undefined {
  return access?.invites?.owner ?? (access?.role === 'owner' ? access.token : undefined)
}

export function RoomList({ rooms, onChanged, emptyText }: RoomListProps) {
  const [error, setError] = useState<string | null>(null)
  const [confirm, confirmDialog] = useConfirm()
  // A room deleted takes its Delete button with it.
  const keepFocus = useKeepFocusInList<HTMLUListElement>('rooms-heading')

  if (rooms.length === 0) {
    return (
      <p className="tb-muted" data-testid="rooms-empty">
        {emptyText}
      </p>
    )
  }

  const remove = async (room: RoomSummary, token: string) => {
    // A training is run from its facilitator's room, whose id it shares.
    const training = loadTrainings().find((t) => t.id === room.id)
    const yes = await confirm({
      title: `Delete “${room.title}”?`,
      body: `The room is deleted for everyone, with its versions and invite links.${
        training
          ? ` The training “${training.title}” is run from it: its comparison page goes too (the groups’ rooms stay).`
          : ''
      } This cannot be undone.`,
      confirm: 'Delete for everyone',
    })
    if (!yes) return
    setError(null)
    try {
      await deleteRoom(room.id, token)
      forgetRoomAccess(room.id)
      forgetTraining(room.id)
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    }
    onChanged()
  }

  return (
    <>
      {error && (
        <p className="tb-error" role="alert">
          {error}
        </p>
      )}
      {confirmDialog}
      <ul className="tb-rooms" data-testid="room-list" {...keepFocus}>
        {rooms.map((room) => {
          const access = loadRoomAccess(room.id)
          const owner = ownerToken(access)
          return (
            <li
              key={room.id}
              className="tb-room"
              data-testid="room-list-item"
              data-room-id={room.id}
            >
              <Link className="tb-room__link" href={roomPath(room.id)}>
                <span className="tb-room__title">{room.title}</span>
                <span className="tb-muted">
                  <time dateTime={room.updatedAt} title={formatWhen(room.updatedAt)}>
                    updated {formatRelativeTime(room.updatedAt)}
                  </time>
                  {' · '}
                  {formatBytes(room.sizeBytes)}
                  {' · '}
                  {access ? (access.role ?? 'invited') : 'no invite in this browser'}
                </span>
              </Link>
              {owner && (
                <button
                  type="button"
                  className="tb-button-quiet"
                  aria-label={`Delete ${room.title}`}
                  onClick={() => remove(room, owner)}
                >
                  Delete
                </button>
              )}
            </li>
          )
        })}
      </ul>
    </>
  )
}
