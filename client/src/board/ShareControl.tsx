import './shareControl.css'
import { useConfirm } from '../ui/ConfirmDialog.tsx'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import {
  inviteLink,
  ROLES,
  saveRoomAccess,
  type RoomAccess,
  type Role,
} from '../access/roomAccess.ts'
import { reissueInvite, renameRoom, revokeInvite } from '../api/roomsApi.ts'
import { errorText } from '../panels/errorText.ts'
import { CopyLinkButton } from './CopyLinkButton.tsx'
import { useKeepFocusInList } from '../ui/useKeepFocusInList.ts'

const INVITE_BUTTON_ID = 'tb-invite-button'

const ROLE_HELP: Record<Role, string> = {
  owner: 'Facilitator: renames, deletes, manages invites',
  editor: 'Participant: draws and edits',
  observer: 'Security reviewer: sees everything live, cannot change the board',
  viewer: 'Reads only',
}

/**
 * Sharing the room. Anyone can pass on their own link (the role they have). The owner gets a
 * panel with every role's link they hold, and the room's controls: rename it, issue a new link
 * for a role (the old one stops working and its people are disconnected), or revoke a role's
 * link outright. The server checks the owner token on every one of these.
 */
export function ShareControl({
  roomId,
  access,
  role,
  title,
  onRenamed,
}: {
  roomId: string
  access: RoomAccess
  /** This browser's role in the room, once the server has said. */
  role?: Role
  title?: string
  onRenamed?: (title: string) => void
}) {
  const [open, setOpen] = useState(false)
  const root = useRef<HTMLDivElement>(null)
  const [invites, setInvites] = useState(access.invites ?? {})
  const [status, setStatus] = useState<string | null>(null)
  const [confirm, confirmDialog] = useConfirm()
  const inviteButton = useRef<HTMLButtonElement>(null)
  // A revoked link takes its Revoke button with it: the row's New link has the keyboard then.
  const keepFocus = useKeepFocusInList<HTMLUListElement>(INVITE_BUTTON_ID)
  const isOwner = (role ?? access.role) === 'owner' || access.invites !== undefined
  const ownerToken = access.invites?.owner ?? access.token

  useEffect(() => {
    if (!open) return
    const closeOutside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false)
    }
    // Escape in the dialog asking to confirm answers the dialog, not the menu. Closed from the
    // keyboard, the menu gives it back to the button that opened it, not to the page.
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || (event.target as Element).closest?.('dialog')) return
      if (root.current?.contains(document.activeElement)) inviteButton.current?.focus()
      setOpen(false)
    }
    document.addEventListener('pointerdown', closeOutside)
    document.addEventListener('keydown', closeOnEscape)
    return () => {
      document.removeEventListener('pointerdown', closeOutside)
      document.removeEventListener('keydown', closeOnEscape)
    }
  }, [open])

  if (!isOwner) {
    return <CopyLinkButton url={inviteLink(roomId, access.token)} role={role ?? 'this'} />
  }

  const remember = (next: Partial<Record<Role, string>>, ownToken = access.token) => {
    setInvites(next)
    saveRoomAccess(roomId, { ...access, token: ownToken, invites: next })
  }

  const reissue = async (r: Role) => {
    const yes = await confirm({
      title: `Issue a new ${r} link?`,
      body:
        r === 'owner'
          ? 'The current owner link stops working; this browser switches to the new one and reconnects.'
          : `The current ${r} link stops working and everyone who joined with it is disconnected.`,
      confirm: 'Issue a new link',
    })
    if (!yes) return
    try {
      const { token } = await reissueInvite(roomId, ownerToken, r)
      const next = { ...invites, [r]: token }
      if (r === 'owner') {
        remember(next, token)
        // Our own socket was closed with the old token: start again with the new one.
        window.location.reload()
        return
      }
      remember(next)
      setStatus(`New ${r} link issued; the old one no longer works.`)
    } catch (err) {
      setStatus(`Could not issue a new ${r} link: ${errorText(err)}`)
    }
  }

  const revoke = async (r: Role) => {
    const yes = await confirm({
      title: `Revoke the ${r} link?`,
      body: 'Everyone who joined with it is disconnected.',
      confirm: 'Revoke',
    })
    if (!yes) return
    try {
      await revokeInvite(roomId, ownerToken, r)
      const next = { ...invites }
      delete next[r]
      remember(next)
      setStatus(`The ${r} link is revoked. Issue a new one to invite ${r}s again.`)
    } catch (err) {
      setStatus(`Could not revoke the ${r} link: ${errorText(err)}`)
    }
  }

  return (
    <div className="tb-share" ref={root}>
      <button
        ref={inviteButton}
        id={INVITE_BUTTON_ID}
        type="button"
        data-testid="invite-button"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        Invite…
      </button>
      {confirmDialog}
      {open && (
        <div className="tb-share__panel" role="dialog" aria-label="Invite links and room settings">
          <RenameForm
            title={title ?? ''}
            onRename={async (next) => {
              try {
                const room = await renameRoom(roomId, ownerToken, next)
                onRenamed?.(room.title)
                setStatus(`Renamed to “${room.title}”.`)
              } catch (err) {
                setStatus(`Could not rename the room: ${errorText(err)}`)
              }
            }}
          />
          <p className="tb-muted">Anyone with a link joins with its role.</p>
          <ul {...keepFocus}>
            {ROLES.map((r) => {
              const token = invites[r] ?? (r === 'owner' ? access.token : undefined)
              return (
                <li key={r} data-testid={`invite-${r}`}>
                  <span>
                    <strong>{r}</strong>
                    <span className="tb-muted">{ROLE_HELP[r]}</span>
                  </span>
                  <span className="tb-share__actions">
                    {token ? (
                      <CopyLinkButton
                        url={inviteLink(roomId, token)}
                        role={r}
                        testId={`copy-invite-${r}`}
                      />
                    ) : (
                      <span className="tb-muted" data-testid={`no-invite-${r}`}>
                        No link here
                      </span>
                    )}
                    <button
                      type="button"
                      data-testid={`reissue-${r}`}
                      aria-label={`New link for the ${r} role`}
                      onClick={() => void reissue(r)}
                    >
                      New link
                    </button>
                    {r !== 'owner' && token && (
                      <button
                        type="button"
                        data-testid={`revoke-${r}`}
                        aria-label={`Revoke the ${r} link`}
                        onClick={() => void revoke(r)}
                      >
                        Revoke
                      </button>
                    )}
                  </span>
                </li>
              )
            })}
          </ul>
          {status && (
            <p className="tb-muted" role="status" data-testid="share-status">
              {status}
            </p>
          )}
        </div>
      )}
    </div>
  )
}

function RenameForm(props: { title: string; onRename: (title: string) => Promise<void> }) {
  const [draft, setDraft] = useState(props.title)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (draft.trim() && draft.trim() !== props.title) await props.onRename(draft.trim())
  }
  return (
    <form className="tb-share__rename" onSubmit={submit} data-testid="rename-form">
      <label>
        Room name
        <input
          data-testid="rename-input"
          value={draft}
          maxLength={200}
          onChange={(e) => setDraft(e.target.value)}
          // Typed keys are not the canvas's shortcuts; Escape still closes the menu.
          onKeyDown={(e) => e.key !== 'Escape' && e.stopPropagation()}
        />
      </label>
      <button type="submit" data-testid="rename-save" disabled={!draft.trim()}>
        Rename
      </button>
    </form>
  )
}
