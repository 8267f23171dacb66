import './UserDialog.css'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { TLUserPreferences } from 'tldraw'
import { COLOR_NAMES, freeColor, USER_COLORS } from './localUser.ts'

interface UserDialogProps {
  prefs: TLUserPreferences
  onSave: (prefs: TLUserPreferences) => void
  /** Absent on the first visit: a name must be chosen before joining. */
  onCancel?: () => void
  /** The others in the room, by the colour they wear: a first visit starts on a free one. */
  others?: readonly { name: string; color: string }[]
}

/**
 * Asks for the name (and colour) others see next to this user's cursor. A modal `<dialog>`: the
 * page behind it is inert while it is open, so Tab stays in the dialog and a screen reader reads
 * nothing else.
 */
export function UserDialog({ prefs, onSave, onCancel, others = [] }: UserDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = dialogRef.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])
  const [name, setName] = useState(prefs.name ?? '')
  const preferred = prefs.color ?? USER_COLORS[0]
  // Until one is picked: on a first visit, a colour no one here wears yet (the others' presence
  // may arrive after the dialog opens); when changing, the one worn now.
  const [picked, setColor] = useState<string | null>(onCancel ? preferred : null)
  const wornBy = new Map(others.map((p) => [p.color, p.name]))
  const color = picked ?? freeColor(preferred, new Set(wornBy.keys()))

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!name.trim()) return
    onSave({ ...prefs, name: name.trim(), color })
  }

  return (
    <dialog
      ref={dialogRef}
      className="tb-user-dialog"
      aria-labelledby="user-dialog-title"
      // Escape leaves the dialog only when there is somewhere to go back to: a first visit must
      // choose a name. Handled on the key itself, as the browser may close a modal dialog on a
      // second Escape even when its cancel event is refused.
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return
        e.preventDefault()
        onCancel?.()
      }}
      onCancel={(e) => e.preventDefault()}
    >
      <form className="tb-dialog" onSubmit={submit}>
        <h2 id="user-dialog-title">{onCancel ? 'Your name and colour' : 'Who are you?'}</h2>
        <p className="tb-muted">Others in the room see this name next to your cursor.</p>
        <label htmlFor="user-name">Name</label>
        <input
          id="user-name"
          data-testid="user-name-input"
          value={name}
          maxLength={40}
          autoFocus
          autoComplete="nickname"
          onChange={(e) => setName(e.target.value)}
        />
        <fieldset className="tb-swatches">
          <legend>Colour</legend>
          {USER_COLORS.map((c) => (
            <label key={c} className="tb-swatch" style={{ background: c }}>
              <input
                type="radio"
                name="color"
                value={c}
                checked={c === color}
                aria-label={
                  wornBy.has(c)
                    ? `${COLOR_NAMES[c] ?? c} (${wornBy.get(c)}’s)`
                    : (COLOR_NAMES[c] ?? c)
                }
                onChange={() => setColor(c)}
              />
            </label>
          ))}
        </fieldset>
        <div className="tb-dialog__actions">
          {onCancel && (
            <button type="button" className="tb-button-quiet" onClick={onCancel}>
              Cancel
            </button>
          )}
          <button type="submit" data-testid="user-save" disabled={!name.trim()}>
            {onCancel ? 'Save' : 'Join the board'}
          </button>
        </div>
      </form>
    </dialog>
  )
}
