import { useCallback, useEffect, useRef, useState } from 'react'
import { CopyText } from '../ui/CopyText.tsx'

/** Text typed into a threat, asset or recommendation that was deleted before it could be saved. */
export interface LostDraft {
  kind: 'threat' | 'asset' | 'recommendation'
  /** Its title, name or text as the person last saw it. */
  name: string
  /** The field, as a sentence says it: "its description". */
  field: string
  text: string
}

/** The text fields of the side panel's rows, by the field names their saves write. */
const FIELDS: Record<string, string> = {
  title: 'its title',
  description: 'its description',
  mitigation: 'its mitigation',
  name: 'its name',
  owner: 'its owner',
  notes: 'its notes',
  text: 'its text',
  ticketUrl: 'its ticket',
  ticketKey: 'its ticket',
  exception: 'an exception to it',
}

/**
 * The field and text of a save that wrote text typed into one of a row's fields (a row's field
 * saves when the row goes, as a teammate's delete or a filter takes it), or null.
 */
export function typedText(patch: Record<string, unknown>): { field: string; text: string } | null {
  for (const [key, value] of Object.entries(patch)) {
    if (FIELDS[key] && typeof value === 'string' && value.trim()) {
      return { field: FIELDS[key], text: value }
    }
  }
  return null
}

/**
 * The drafts lost to a teammate's delete, and `lose(kind, name, patch)` for a save that found
 * its entity gone (anything but typed text is dropped: it was a change to something deleted).
 */
export function useLostDrafts() {
  const [lost, setLost] = useState<(LostDraft & { id: number })[]>([])
  const next = useRef(0)
  const lose = useCallback(
    (kind: LostDraft['kind'], name: string, patch: Record<string, unknown>) => {
      const typed = typedText(patch)
      if (!typed) return
      const id = next.current++
      setLost((all) => [...all, { id, kind, name, ...typed }])
    },
    [],
  )
  const dismiss = useCallback((id: number) => setLost((all) => all.filter((d) => d.id !== id)), [])
  return { lost, lose, dismiss }
}

/**
 * Says that what someone was typing went with a row a teammate deleted, and keeps the text for
 * them to copy. It takes the keyboard when it appears, so that the rest of what they type does
 * not land in another row's field.
 */
export function LostDraftNotice({
  draft,
  returnTo,
  onDismiss,
}: {
  draft: LostDraft
  /** The id of what takes the keyboard back when the notice goes (its list's heading). */
  returnTo: string
  onDismiss: () => void
}) {
  const textRef = useRef<HTMLTextAreaElement>(null)
  useEffect(() => {
    textRef.current?.focus()
    textRef.current?.select()
  }, [])
  const dismiss = () => {
    onDismiss()
    document.getElementById(returnTo)?.focus()
  }
  return (
    <div className="tb-lost-draft" role="alert" data-testid="lost-draft">
      <p>
        The {draft.kind} “{draft.name}” was deleted by someone else while you were writing{' '}
        {draft.field}. What you wrote was not saved:
      </p>
      <textarea
        ref={textRef}
        readOnly
        aria-label={`What you wrote in ${draft.field}`}
        data-testid="lost-draft-text"
        value={draft.text}
        rows={Math.min(6, draft.text.split('\n').length + 1)}
        onKeyDown={(e) => {
          e.stopPropagation()
          if (e.key === 'Escape') dismiss()
        }}
      />
      <CopyText text={draft.text} box={textRef}>
        <button type="button" onClick={dismiss}>
          Dismiss
        </button>
      </CopyText>
    </div>
  )
}
