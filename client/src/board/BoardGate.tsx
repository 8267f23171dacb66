import { useState, type ReactNode } from 'react'
import type { Editor } from 'tldraw'
import { Link } from '../routing/Link.tsx'
import type { RoomConnection } from '../sync/RoomConnection.ts'
import { useConnectionState } from '../sync/useConnectionState.ts'
import { Board } from './Board.tsx'
import { KeptDrafts, useDraftsAtCutOff } from './KeptDrafts.tsx'
import { checkDocSchema } from './checkDocSchema.ts'
import { RoomNotice } from './RoomNotice.tsx'

/** The board, or what stands in its place: loading, disconnected, wrong version. */
export function BoardGate(props: {
  connection: RoomConnection
  readOnly: boolean | null
  /** Called with the mounted editor, and with null when it unmounts. */
  onEditor?: (editor: Editor | null) => void
  /** The server's largest sync message, once the room's details have said it. */
  maxMessageBytes?: number | undefined
}) {
  const { connection, readOnly, onEditor, maxMessageBytes } = props
  const state = useConnectionState(connection)
  const kept = useDraftsAtCutOff(connection)

  if (state.status === 'fatal' && state.changeRefused) {
    return (
      <ChangeRefused connection={connection} message={state.message}>
        <KeptDrafts drafts={kept} />
      </ChangeRefused>
    )
  }
  if (state.status === 'fatal') {
    return (
      <RoomNotice testId="fatal" title="Disconnected from the room">
        <p>{state.message}</p>
        <KeptDrafts drafts={kept} />
        <p>
          <Link href="/">Back to the rooms</Link>
          {/* Where access is gone, reloading would only say so again. */}
          {!state.accessLost && (
            <>
              {' '}
              or{' '}
              <button type="button" onClick={() => location.reload()}>
                Reload
              </button>
            </>
          )}
        </p>
      </RoomNotice>
    )
  }
  if (!state.hasDocument || readOnly === null) {
    return (
      <RoomNotice testId="board-loading" title="Opening the board…">
        {state.status === 'offline' && <p>Cannot reach the server yet. Retrying…</p>}
      </RoomNotice>
    )
  }
  switch (checkDocSchema(connection.doc)) {
    case 'ok':
      return (
        <Board
          doc={connection.doc}
          awareness={connection.provider.awareness}
          readOnly={readOnly}
          onEditor={onEditor}
          maxMessageBytes={maxMessageBytes}
        />
      )
    case 'clientOutdated':
      return (
        <RoomNotice testId="client-outdated" title="A newer version of Threatboard is available">
          <p>This board was saved by a newer version. Reload the page to update.</p>
          <button type="button" onClick={() => location.reload()}>
            Reload
          </button>
        </RoomNotice>
      )
    case 'serverOutdated':
      return (
        <RoomNotice testId="server-outdated" title="The server is being updated">
          <p>This page is newer than the server. Reload in a minute, once the update is done.</p>
        </RoomNotice>
      )
    case 'noSchema':
      return (
        <RoomNotice testId="bad-document" title="This room cannot be opened">
          <p>Its document has no schema. The server may be misconfigured.</p>
        </RoomNotice>
      )
  }
}

/**
 * The server refused a change made in this browser. It keeps everything it accepted before; the
 * refused change is still in this browser's copy of the room, which a plain reload would send
 * again, so the way on is to drop the copy and open the room as the server has it.
 */
function ChangeRefused({
  connection,
  message,
  children,
}: {
  connection: RoomConnection
  message: string | null
  /** What was being written, kept for copying. */
  children?: ReactNode
}) {
  const [discarding, setDiscarding] = useState(false)
  const reloadFromServer = async () => {
    setDiscarding(true)
    await connection.discardLocalCopy()
    location.reload()
  }
  return (
    <RoomNotice testId="fatal" title="The server refused a change">
      <p>{message}</p>
      <p>
        Everything the server accepted before that change is saved. This browser still holds the
        refused change and would send it again: reload the board as the server has it to go on
        (changes made here that the server does not have yet are left out).
      </p>
      {children}
      <p>
        <button
          type="button"
          data-testid="reload-from-server"
          disabled={discarding}
          onClick={() => void reloadFromServer()}
        >
          {discarding ? 'Reloading…' : 'Reload from the server'}
        </button>{' '}
        or <Link href="/">back to the rooms</Link>
      </p>
    </RoomNotice>
  )
}
