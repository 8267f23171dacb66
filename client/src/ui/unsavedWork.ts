import { useEffect, useRef, useState } from 'react'

/**
 * Something on the page holding what someone wrote and has not saved. Called when the page is
 * about to go: it saves what it can (a field being typed in) and returns what it could not, in
 * words ("the recommendation you were writing"), or null when nothing is left unsaved.
 */
export type UnsavedHolder = () => string | null

const holders = new Set<UnsavedHolder>()

/** Keeps `item` in `set` until the returned function is called. */
function keepIn<T>(set: Set<T>, item: T): () => void {
  set.add(item)
  return () => {
    set.delete(item)
  }
}

/** Registers a holder until the returned function is called. */
export function holdUnsaved(holder: UnsavedHolder): () => void {
  return keepIn(holders, holder)
}

/** Saves what can be saved; returns what would be lost by leaving the page now. */
export function flushUnsaved(): string[] {
  const left: string[] = []
  for (const holder of holders) {
    const what = holder()
    if (what && !left.includes(what)) left.push(what)
  }
  return left
}

/** What someone was writing: in words ("the hint you were writing"), and as typed. */
export interface HeldDraft {
  what: string
  text: string
}

const drafts = new Set<() => HeldDraft | null>()

/**
 * Registers text being written, until the returned function is called, for the moment the room
 * is closed to this browser (its link revoked, the room deleted): the forms and fields go then,
 * and what they held is shown for copying instead of being lost with them.
 */
export function holdDraft(read: () => HeldDraft | null): () => void {
  return keepIn(drafts, read)
}

/** The text being written on the page now, form by form and field by field. */
export function heldDrafts(): HeldDraft[] {
  const held: HeldDraft[] = []
  for (const read of drafts) {
    const draft = read()
    if (draft && draft.text.trim()) held.push(draft)
  }
  return held
}

/**
 * For a form whose text is not saved until it is sent (a new recommendation, a hint): while it
 * holds `text`, leaving the room or the page asks first (naming it as `what`), and a room closed
 * to this browser shows the text for copying.
 */
export function useUnsavedWork(what: string, text: string): void {
  const holding = text.trim() !== ''
  useEffect(() => {
    if (!holding) return
    const stopAsking = holdUnsaved(() => what)
    const stopKeeping = holdDraft(() => ({ what, text }))
    return () => {
      stopAsking()
      stopKeeping()
    }
  }, [holding, what, text])
}

/**
 * For a form whose text is sent to the server (a hint, a review): one send at a time (a second
 * click or Enter while the server answers would send it twice), `sending` meanwhile, and the
 * form emptied only if nothing was typed since (someone starting the next one keeps it).
 * `typed` records each change of the text; `send(text, run)` resolves true when the form
 * should be emptied.
 */
export function useSendOnce() {
  const last = useRef('')
  const [sending, setSending] = useState(false)
  const typed = (text: string) => {
    last.current = text
  }
  const send = async (text: string, run: () => Promise<boolean>): Promise<boolean> => {
    if (sending) return false
    setSending(true)
    const ok = await run()
    setSending(false)
    if (!ok || last.current !== text) return false
    last.current = ''
    return true
  }
  return { sending, typed, send }
}

// Closing the tab, reloading or following a link out: a field being typed in is saved then (it
// would be on leaving it), and the browser asks before what cannot be saved is lost.
if (typeof window !== 'undefined') {
  window.addEventListener('beforeunload', (event) => {
    if (flushUnsaved().length > 0) event.preventDefault()
  })
  window.addEventListener('pagehide', () => void flushUnsaved())
}
