import { useEffect, useRef, useState } from 'react'
import { inviteLink, ROLES, type RoomAccess, type Role } from '../access/roomAccess.ts'
import { CopyLinkButton } from './CopyLinkButton.tsx'

const ROLE_HELP: Record<Role, string> = {
  owner: 'Facilitator: renames, deletes, manages invites',
  editor: 'Participant: draws and edits',
  observer: 'Security reviewer: sees everything live, cannot change the board',
  viewer: 'Reads only',
}

/**
 * The owner's browser holds every role's invite and offers each; anyone else can pass on their
 * own link (the same role they have).
 */
export function ShareControl({ roomId, access }: { roomId: string; access: RoomAccess }) {
  const [open, setOpen] = useState(false)
  const root = useRef<HTMLDivElement>(null)
  const invites = access.invites

  useEffect(() => {
    if (!open) return
    const closeOutside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false)
    }
    const closeOnEscape = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false)
    document.addEventListener('pointerdown', closeOutside)
    document.addEventListener('keydown', closeOnEscape)
    return () => {
      document.removeEventListener('pointerdown', closeOutside)
      document.removeEventListener('keydown', closeOnEscape)
    }
  }, [open])

  if (!invites) return <CopyLinkButton url={inviteLink(roomId, access.token)} />

  return (
    <div className="tb-share" ref={root}>
      <button
        type="button"
        data-testid="invite-button"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        Invite…
      </button>
      {open && (
        <div className="tb-share__panel" role="dialog" aria-label="Invite links">
          <p className="tb-muted">Anyone with a link joins with its role.</p>
          <ul>
            {ROLES.map((role) => (
              <li key={role}>
                <span>
                  <strong>{role}</strong>
                  <span className="tb-muted">{ROLE_HELP[role]}</span>
                </span>
                <CopyLinkButton
                  url={inviteLink(roomId, invites[role])}
                  label="Copy link"
                  testId={`copy-invite-${role}`}
                />
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  )
}
