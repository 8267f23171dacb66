import './lobby.css'
import { useEffect, useState } from 'react'
import { forgetAdminToken, loadAdminToken, saveAdminToken } from '../access/adminToken.ts'
import { loadTrainings } from '../access/trainings.ts'
import { Link } from '../routing/Link.tsx'
import { trainingPath } from '../routing/matchRoute.ts'
import { AdminTokenForm, type TokenRefused } from './AdminTokenForm.tsx'
import { CreateRoomForm } from './CreateRoomForm.tsx'
import { CreateTrainingForm } from './CreateTrainingForm.tsx'
import { ImportRoomForm } from './ImportRoomForm.tsx'
import { RoomList } from './RoomList.tsx'
import { useRooms } from './useRooms.ts'
import { useTemplates } from './useTemplates.ts'

/** The start page: create a room or open one. It never loads tldraw. */
export function Lobby() {
  const [adminToken, setAdminToken] = useState(loadAdminToken)
  const [tokenTyped, setTokenTyped] = useState(false)
  const { state, reload } = useRooms(adminToken)
  const templates = useTemplates()
  const [trainings, setTrainings] = useState(loadTrainings)
  const needsToken = state.status !== 'loading' && state.needsAdminToken
  // The server's last answer was about another token than the one now in use: it is being asked.
  const checked = state.status !== 'loading' && state.checkedToken === adminToken
  const refused: TokenRefused | null =
    needsToken && checked && adminToken !== undefined ? (tokenTyped ? 'typed' : 'saved') : null
  // A token is kept in this browser once the server has taken it, and forgotten once refused.
  useEffect(() => {
    if (!checked || adminToken === undefined) return
    if (needsToken) forgetAdminToken()
    else saveAdminToken(adminToken)
  }, [checked, needsToken, adminToken])
  const applyAdminToken = (token: string) => {
    setTokenTyped(true)
    setAdminToken(token)
  }

  return (
    <main className="tb-lobby">
      <header className="tb-lobby__header">
        <h1>Threatboard</h1>
        <p className="tb-muted">Threat-model together on a shared whiteboard.</p>
      </header>
      {needsToken ? (
        <AdminTokenForm onSave={applyAdminToken} checking={!checked} refused={refused} />
      ) : (
        <CreateRoomForm adminToken={adminToken} templates={templates} focusOnMount={tokenTyped} />
      )}
      {/* Someone coming back finds their rooms under the one form they need most, not below all. */}
      <section className="tb-lobby__rooms" aria-labelledby="rooms-heading">
        <h2 id="rooms-heading" tabIndex={-1}>
          Your rooms
        </h2>
        {state.status === 'loading' && (
          <p className="tb-muted" data-testid="rooms-loading">
            Loading rooms…
          </p>
        )}
        {state.status === 'error' && (
          <div className="tb-error" role="alert" data-testid="rooms-error">
            <p>Could not load the rooms: {state.message}</p>
            {!state.needsAdminToken && (
              <button type="button" onClick={reload}>
                Try again
              </button>
            )}
          </div>
        )}
        {state.status === 'ready' && (
          <RoomList
            rooms={state.rooms}
            onChanged={() => {
              reload()
              setTrainings(loadTrainings())
            }}
            emptyText={
              needsToken
                ? 'No rooms in this browser yet. Open one through its invite link, or enter the admin token above to create one.'
                : 'No rooms yet. Create the first one above.'
            }
          />
        )}
      </section>
      {!needsToken && (
        <>
          <ImportRoomForm adminToken={adminToken} onImported={reload} />
          <CreateTrainingForm adminToken={adminToken} templates={templates} />
        </>
      )}
      {trainings.length > 0 && (
        <section aria-labelledby="trainings-heading">
          <h2 id="trainings-heading">Your trainings</h2>
          <ul className="tb-rooms" data-testid="training-list">
            {trainings.map((t) => (
              <li key={t.id} className="tb-room">
                <Link className="tb-room__link" href={trainingPath(t.id)}>
                  <span className="tb-room__title">{t.title}</span>
                  <span className="tb-muted">Comparison and reveal</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  )
}
