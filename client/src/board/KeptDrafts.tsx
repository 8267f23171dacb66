import { useEffect, useRef, useState } from 'react'
import type { RoomConnection } from '../sync/RoomConnection.ts'
import { heldDrafts, type HeldDraft } from '../ui/unsavedWork.ts'
import { CopyText } from '../ui/CopyText.tsx'

/**
 * What was being written when the server closed the room to this browser for good (its link
 * revoked, the room deleted, a change refused): read as the connection says so, before the
 * panel's forms and fields go with the board.
 */
export function useDraftsAtCutOff(connection: RoomConnection): HeldDraft[] {
  const [kept, setKept] = useState<HeldDraft[]>([])
  useEffect(() => {
    const stop = connection.subscribe(() => {
      if (connection.getState().status !== 'fatal') return
      const held = heldDrafts()
      if (held.length > 0) setKept((before) => (before.length > 0 ? before : held))
    })
    return () => void stop()
  }, [connection])
  return kept
}

/** The drafts kept at the cut-off, each in a box to copy from; the first takes the keyboard. */
export function KeptDrafts({ drafts }: { drafts: HeldDraft[] }) {
  if (drafts.length === 0) return null
  return (
    <div className="tb-kept-drafts" role="alert" data-testid="kept-drafts">
      <p>What you were writing was not saved. Copy it before you leave this page:</p>
      {drafts.map((draft, i) => (
        <KeptDraft key={i} draft={draft} first={i === 0} />
      ))}
    </div>
  )
}

function KeptDraft({ draft, first }: { draft: HeldDraft; first: boolean }) {
  const box = useRef<HTMLTextAreaElement>(null)
  useEffect(() => {
    if (!first) return
    box.current?.focus()
    box.current?.select()
  }, [first])
  return (
    <div className="tb-lost-draft" data-testid="kept-draft">
      <label>
        {draft.what.charAt(0).toUpperCase() + draft.what.slice(1)}
        <textarea
          ref={box}
          readOnly
          data-testid="kept-draft-text"
          value={draft.text}
          rows={Math.min(6, draft.text.split('\n').length + 1)}
        />
      </label>
      <CopyText text={draft.text} box={box} />
    </div>
  )
}
