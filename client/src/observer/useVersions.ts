import { useCallback, useEffect, useState } from 'react'
import type * as Y from 'yjs'
import type { RoomApi, VersionSummary } from '../api/roomApi.ts'
import { errorText } from '../panels/errorText.ts'

/** How often the list is asked for again while the page is visible. */
const POLL_MS = 5000
/** How long the board must be still after an edit before the list is asked for. */
const AFTER_EDIT_MS = 800

export interface Versions {
  list: VersionSummary[] | null
  error: string | null
  reload: () => void
}

/**
 * The room's named versions, kept live: versions live on the server, not in the room
 * document, so the list is asked for again every few seconds while the page is visible, soon
 * after the board changes (a restore, or a teammate's edit around a save), and on demand.
 */
export function useVersions(api: RoomApi, doc: Y.Doc): Versions {
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
    let soon: ReturnType<typeof setTimeout> | undefined
    const onUpdate = () => {
      clearTimeout(soon)
      soon = setTimeout(reload, AFTER_EDIT_MS)
    }
    doc.on('update', onUpdate)
    document.addEventListener('visibilitychange', reload)
    return () => {
      clearInterval(poll)
      clearTimeout(soon)
      doc.off('update', onUpdate)
      document.removeEventListener('visibilitychange', reload)
    }
  }, [reload, doc])

  return { list, error, reload }
}
