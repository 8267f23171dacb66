import { useState } from 'react'
import { useValue } from 'tldraw'
import { roomPath } from '../routing/matchRoute.ts'
import { ConnectionIndicator } from '../sync/ConnectionIndicator.tsx'
import type { RoomConnection } from '../sync/RoomConnection.ts'
import { useConnectionState } from '../sync/useConnectionState.ts'
import { useRoomConnection } from '../sync/useRoomConnection.ts'
import { $userPreferences, hasChosenName, setUserPreferences } from '../user/localUser.ts'
import { UserDialog } from '../user/UserDialog.tsx'
import { BoardGate } from './BoardGate.tsx'
import { BoardHeader } from './BoardHeader.tsx'
import { PresenceList } from './PresenceList.tsx'
import { usePeople } from './usePeople.ts'

interface RoomSessionProps {
  roomId: string
  title: string | null
  summaryError: string | null
}

/** One visit to a room: the connection, the header, and the board once it may be shown. */
export function RoomSession({ roomId, title, summaryError }: RoomSessionProps) {
  const connection = useRoomConnection(roomId)
  const prefs = useValue('user preferences', () => $userPreferences.get(), [])
  const [editingUser, setEditingUser] = useState(false)
  const askName = !hasChosenName(prefs) || editingUser

  return (
    <div className="tb-board-page">
      <BoardHeader title={title} shareUrl={`${location.origin}${roomPath(roomId)}`}>
        {connection && (
          <SessionStatus connection={connection} onEditUser={() => setEditingUser(true)} />
        )}
      </BoardHeader>
      {summaryError && (
        <p className="tb-banner" role="alert">
          Could not load the room’s details: {summaryError}
        </p>
      )}
      <main className="tb-board-main">{connection && <BoardGate connection={connection} />}</main>
      {askName && (
        <UserDialog
          prefs={prefs}
          onSave={(next) => {
            setUserPreferences(next)
            setEditingUser(false)
          }}
          onCancel={hasChosenName(prefs) ? () => setEditingUser(false) : undefined}
        />
      )}
    </div>
  )
}

function SessionStatus(props: { connection: RoomConnection; onEditUser: () => void }) {
  const state = useConnectionState(props.connection)
  const people = usePeople(props.connection.provider.awareness)
  return (
    <>
      <ConnectionIndicator state={state} />
      <PresenceList people={people} onEditSelf={props.onEditUser} />
    </>
  )
}
