import { useRef, useState, type FormEvent } from 'react'
import { MAX_TITLE_LENGTH, type TemplateSummary } from '@threatboard/shared'
import { saveRoomAccess } from '../access/roomAccess.ts'
import { createRoom } from '../api/roomsApi.ts'
import { roomPath } from '../routing/matchRoute.ts'
import { navigate } from '../routing/navigate.ts'

/**
 * Creates a room, blank or from a starter template, and opens it. The server hands out the
 * room's invite tokens this once: they are kept in this browser, which makes it the owner's.
 * A missing name is said here; other errors are the server's own words.
 */
export function CreateRoomForm({
  adminToken,
  templates,
  focusOnMount = false,
}: {
  adminToken: string | undefined
  templates: TemplateSummary[]
  /** Puts the keyboard in the name field when shown (in place of the admin token form just used). */
  focusOnMount?: boolean
}) {
  const [title, setTitle] = useState('')
  const [template, setTemplate] = useState('')
  const chosen = templates.find((t) => t.id === template)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const titleInput = useRef<HTMLInputElement>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!title.trim()) {
      setError('Name the threat model first: the system or feature you are modelling.')
      titleInput.current?.focus()
      return
    }
    setBusy(true)
    setError(null)
    try {
      const room = await createRoom(title, adminToken, template || undefined)
      saveRoomAccess(room.id, { token: room.tokens.owner, role: 'owner', invites: room.tokens })
      navigate(roomPath(room.id))
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
      setBusy(false)
    }
  }

  return (
    <form className="tb-create" onSubmit={submit}>
      <label htmlFor="room-title">New threat model</label>
      <div className="tb-create__row">
        <input
          id="room-title"
          ref={titleInput}
          autoFocus={focusOnMount}
          data-testid="room-title-input"
          value={title}
          maxLength={MAX_TITLE_LENGTH}
          placeholder="e.g. Payments API, login flow"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'create-room-error' : undefined}
          onChange={(e) => setTitle(e.target.value)}
        />
        <button type="submit" data-testid="create-room-button" disabled={busy}>
          {busy ? 'Creating…' : 'Create room'}
        </button>
      </div>
      {templates.length > 0 && (
        <div className="tb-create__template">
          <label htmlFor="room-template">Start from a template</label>
          <select
            id="room-template"
            data-testid="room-template-select"
            value={template}
            aria-describedby="room-template-summary"
            onChange={(e) => setTemplate(e.target.value)}
          >
            <option value="">Blank board</option>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          <p id="room-template-summary" className="tb-muted" data-testid="room-template-summary">
            {chosen ? chosen.summary : 'An empty board: draw your system from scratch.'}
          </p>
        </div>
      )}
      {error && (
        <p id="create-room-error" className="tb-error" role="alert" data-testid="create-room-error">
          {error}
        </p>
      )}
    </form>
  )
}
