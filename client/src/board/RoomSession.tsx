import { useEffect, useMemo, useState, type ReactNode } from 'react'
import { useValue, type Editor } from 'tldraw'
import { RoomModelContext, type RoomModel } from '../model/RoomModelContext.tsx'
import { useRoomTitle } from '../model/useModel.ts'
import { SecurityPanel } from '../observer/SecurityPanel.tsx'
import { canEdit, type RoomAccess } from '../access/roomAccess.ts'
import type { RoomWithRole } from '../api/roomsApi.ts'
import { ConnectionIndicator } from '../sync/ConnectionIndicator.tsx'
import type { RoomConnection } from '../sync/RoomConnection.ts'
import { useConnectionState } from '../sync/useConnectionState.ts'
import { useRoomConnection } from '../sync/useRoomConnection.ts'
import { $userPreferences, hasChosenName, setUserPreferences } from '../user/localUser.ts'
import { UserDialog } from '../user/UserDialog.tsx'
import { BoardGate } from './BoardGate.tsx'
import { useDocumentTitle } from '../ui/useDocumentTitle.ts'
import { BoardHeader } from './BoardHeader.tsx'
import { keepKeysFromCanvas } from './keepKeysFromCanvas.ts'
import { HeaderTimebox } from '../panels/timebox.tsx'
import { PresenceList } from './PresenceList.tsx'
import { ShareControl } from './ShareControl.tsx'
import { SidePanel } from './SidePanel.tsx'
import { usePeople } from './usePeople.ts'
import { guardLeaving } from '../routing/navigate.ts'
import { useConfirm } from '../ui/ConfirmDialog.tsx'
import { flushUnsaved } from '../ui/unsavedWork.ts'

interface RoomSessionProps {
  roomId: string
  access: RoomAccess
  /** The room and this browser's role in it; null until the API has answered. */
  room: RoomWithRole | null
  summaryError: string | null
}

/** One visit to a room: the connection, the header, and the board once it may be shown. */
export function RoomSession({ roomId, access, room, summaryError }: RoomSessionProps) {
  const connection = useRoomConnection(roomId, access.token)
  const maxMessageBytes = room?.limits.maxMessageBytes
  useEffect(() => {
    if (connection && maxMessageBytes) connection.setMaxMessageBytes(maxMessageBytes)
  }, [connection, maxMessageBytes])
  const prefs = useValue('user preferences', () => $userPreferences.get(), [])
  const [editingUser, setEditingUser] = useState(false)
  const askName = !hasChosenName(prefs) || editingUser
  const others = usePeople(connection?.provider.awareness).filter((p) => !p.isSelf)
  const [editor, setEditor] = useState<Editor | null>(null)
  const [renamed, setRenamed] = useState<string | null>(null)
  // A rename anyone made reaches the document; until one has, the name the API gave.
  const title = useRoomTitle(connection?.doc) ?? renamed ?? room?.title
  // Leaving by one of the page's links saves the field being typed in, as leaving it would;
  // what is not saved until sent (a recommendation or hint being written) is asked about.
  const [confirmLeave, leaveDialog] = useConfirm()
  useEffect(
    () =>
      guardLeaving((go) => {
        const unsaved = flushUnsaved()
        if (unsaved.length === 0) return go()
        void confirmLeave({
          title: 'Leave the room with work not saved?',
          body: `Not saved yet: ${unsaved.join('; ')}. It is lost if you leave now.`,
          confirm: 'Leave without it',
        }).then((yes) => yes && go())
      }),
    [confirmLeave],
  )
  useDocumentTitle(title)
  // Without the room's details (offline), the role this browser last saw.
  const knownRole = room?.role ?? (summaryError ? access.role : undefined)
  const model = useMemo<RoomModel | null>(
    () =>
      connection && knownRole
        ? {
            roomId,
            token: access.token,
            doc: connection.doc,
            role: knownRole,
            canEdit: canEdit(knownRole),
            userName: prefs.name?.trim() || 'Anonymous',
            editor,
            awareness: connection.provider.awareness,
          }
        : null,
    [connection, knownRole, roomId, access.token, prefs.name, editor],
  )
  // Without any role known, let the server, which enforces it, decide.
  const readOnly = knownRole ? !canEdit(knownRole) : summaryError ? false : null

  return (
    <div className="tb-board-page" onKeyDown={keepKeysFromCanvas}>
      <BoardHeader title={title ?? null}>
        {room && !canEdit(room.role) && (
          <span className="tb-role" data-testid="read-only-badge">
            {room.role}
            <span className="tb-narrow-hide"> · read-only</span>
          </span>
        )}
        {connection && <HeaderTimebox doc={connection.doc} />}
        {connection && (
          <SessionStatus connection={connection} onEditUser={() => setEditingUser(true)} />
        )}
        <UnlessCutOff connection={connection}>
          <ShareControl
            roomId={roomId}
            access={access}
            role={room?.role}
            title={title}
            onRenamed={setRenamed}
          />
        </UnlessCutOff>
      </BoardHeader>
      {summaryError && (
        <p className="tb-banner" role="alert">
          Could not load the room’s details: {summaryError}
        </p>
      )}
      <main className="tb-board-main">
        {connection && (
          <RoomModelContext.Provider value={model}>
            <div className="tb-board-area">
              <BoardGate
                connection={connection}
                readOnly={readOnly}
                onEditor={setEditor}
                maxMessageBytes={maxMessageBytes}
              />
            </div>
            {model && (
              <CutOffGate connection={connection}>
                <SidePanel>
                  <SecurityPanel />
                </SidePanel>
              </CutOffGate>
            )}
          </RoomModelContext.Provider>
        )}
      </main>
      {askName && (
        <UserDialog
          prefs={prefs}
          onSave={(next) => {
            setUserPreferences(next)
            setEditingUser(false)
          }}
          onCancel={hasChosenName(prefs) ? () => setEditingUser(false) : undefined}
          others={others}
        />
      )}
      {leaveDialog}
    </div>
  )
}

/**
 * Its children, unless the server cut this browser off for good (its link revoked, the room
 * deleted): the board then says so, and neither the model's panel (empty, with fields that
 * would save nowhere) nor the share control (a dead link) stays beside it.
 */
function UnlessCutOff(props: { connection: RoomConnection | null; children: ReactNode }) {
  return props.connection ? (
    <CutOffGate connection={props.connection}>{props.children}</CutOffGate>
  ) : (
    props.children
  )
}

/** Its children while the connection has not been closed for good (see UnlessCutOff). */
function CutOffGate(props: { connection: RoomConnection; children: ReactNode }) {
  const state = useConnectionState(props.connection)
  return state.status === 'fatal' ? null : props.children
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
