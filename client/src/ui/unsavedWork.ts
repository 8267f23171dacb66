import { useEffect } from 'react'

/**
 * Something on the page holding what someone wrote and has not saved. Called when the page is
 * about to go: it saves what it can (a field being typed in) and returns what it could not, in
 * words ("the recommendation you were writing"), or null when nothing is left unsaved.
 */
export type UnsavedHolder = () => string | null

const holders = new Set<UnsavedHolder>()

/** Registers a holder until the returned function is called. */
export function holdUnsaved(holder: UnsavedHolder): () => void {
  holders.add(holder)
  return () => {
    holders.delete(holder)
  }
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

/**
 * For a form whose text is not saved until it is sent (a new recommendation, a hint): while
 * `unsaved` names what it holds, leaving the room or the page asks first.
 */
export function useUnsavedWork(unsaved: string | null): void {
  useEffect(() => (unsaved ? holdUnsaved(() => unsaved) : undefined), [unsaved])
}

// Closing the tab, reloading or following a link out: a field being typed in is saved then (it
// would be on leaving it), and the browser asks before what cannot be saved is lost.
if (typeof window !== 'undefined') {
  window.addEventListener('beforeunload', (event) => {
    if (flushUnsaved().length > 0) event.preventDefault()
  })
  window.addEventListener('pagehide', () => void flushUnsaved())
}
