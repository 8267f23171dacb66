import { useEffect } from 'react'

/**
 * The browser tab's title while the page is shown: "<what> · Threatboard", or "Threatboard"
 * alone until `what` is known; back to "Threatboard" when the page goes. A tab list of rooms,
 * versions and trainings then says which is which, and a lost address says so in its tab too.
 */
export function useDocumentTitle(what: string | null | undefined): void {
  useEffect(() => {
    document.title = what ? `${what} · Threatboard` : 'Threatboard'
    return () => {
      document.title = 'Threatboard'
    }
  }, [what])
}
