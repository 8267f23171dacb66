import { useCallback, useEffect, useState } from 'react'
import type { RoomApi, VersionSummary } from '../api/roomApi.ts'
import { errorText } from '../panels/errorText.ts'

/**
 * How often the list is asked for again while the page is visible: soon enough that a saved
 * version shows up for the others within seconds, rare enough that a whole team behind one
 * office address stays far below the per-IP limit on room API calls.
 */
const POLL_MS = 8000

export interface Versions {
  list: VersionSummary[] | null
  error: string | null
  reload: () => void
}

/**
 * The room's named versions, kept live: versions live on the server, not in the room
 * document, so the list is asked for again every few seconds while the page is visible, when
 * the page comes back into view, and on demand (after this browser saves or restores one).
 */
export function useVersions(api: RoomApi): Versions {
  const [list, setList] = useState<VersionSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  const reload = useCallback(() => {
    api.versions().then(
      (versions) => {
        setList(versions)
        setError(null)
      },
      (err: unknown) => setError(errorText(err)),
    )
  }, [api])

  useEffect(() => {
    reload()
    const poll = setInterval(() => {
      if (document.visibilityState === 'visible') reload()
    }, POLL_MS)
    const onVisible = () => document.visibilityState === 'visible' && reload()
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      clearInterval(poll)
      document.removeEventListener('visibilitychange', onVisible)
    }
  }, [reload])

  return { list, error, reload }
}
