import { NotFound } from '../NotFound.tsx'
import { useRoomSummary } from './useRoomSummary.ts'
import { RoomSession } from './RoomSession.tsx'

/** `/r/:roomId`. Lazy-loaded (it brings tldraw), hence the default export. */
export default function BoardPage({ roomId }: { roomId: string }) {
  const summary = useRoomSummary(roomId)
  if (summary.status === 'notFound') {
    return <NotFound message="This room does not exist, or it was deleted." />
  }
  return (
    <RoomSession
      roomId={roomId}
      title={summary.status === 'ready' ? summary.room.title : null}
      summaryError={summary.status === 'error' ? summary.message : null}
    />
  )
}
