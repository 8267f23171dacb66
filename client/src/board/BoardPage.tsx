import './board.css'
import { useState } from 'react'
import { loadRoomAccess, type RoomAccess } from '../access/roomAccess.ts'
import { NotFound } from '../NotFound.tsx'
import { NeedInvite } from './NeedInvite.tsx'
import { RoomSession } from './RoomSession.tsx'
import { useRoomSummary } from './useRoomSummary.ts'

/** `/r/:roomId`. Lazy-loaded (it brings tldraw), hence the default export. */
export default function BoardPage({ roomId }: { roomId: string }) {
  const [access] = useState(() => loadRoomAccess(roomId))
  if (!access) return <NeedInvite reason={null} />
  return <InvitedBoardPage roomId={roomId} access={access} />
}

function InvitedBoardPage({ roomId, access }: { roomId: string; access: RoomAccess }) {
  const summary = useRoomSummary(roomId, access)
  switch (summary.status) {
    case 'notFound':
      return <NotFound message="This room does not exist, or it was deleted." />
    case 'unauthorized':
      return <NeedInvite reason={`The invite this browser has was refused: ${summary.message}`} />
    default:
      return (
        <RoomSession
          roomId={roomId}
          access={access}
          room={summary.status === 'ready' ? summary.room : null}
          summaryError={summary.status === 'error' ? summary.message : null}
        />
      )
  }
}
