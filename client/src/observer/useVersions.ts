import { useCallback, useEffect, useState } from 'react'
import type * as Y from 'yjs'
import type { RoomApi, VersionSummary } from '../api/roomApi.ts'
import { useRoomLastVersion } from '../model/useModel.ts'
import { errorText } from '../panels/errorText.ts'

export interface Versions {
  list: VersionSummary[] | null
  error: string | null
  reload: () => void
}

/**
 * The room's named versions, kept live. Versions live on the server, not in the room document;
 * the server writes the id of the one saved last into the document's meta, so the list is
 * asked for once, then again each time that id changes (a version saved by anyone, on any node),
 * when the page comes back into view, and on demand. Nobody asks on a timer: a workshop behind
 * one address would spend its per-address allowance of API calls on it.
 */
export function useVersions(api: RoomApi, doc: Y.Doc): Versions {
  const [list, setList] = useState<VersionSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const lastSaved = useRoomLastVersion(doc)

  const reload = useCallback(() => {
    api.versions().then(
      (versions) => {
        setList(versions)
        setError(null)
      },
      (err: unknown) => setError(errorText(err)),
    )
  }, [api])

  // Once, then whenever the document names another version as the last saved.
  useEffect(() => reload(), [reload, lastSaved])

  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && reload()
    document.addEventListener('visibilitychange', onVisible)
    return () => document.removeEventListener('visibilitychange', onVisible)
  }, [reload])

  return { list, error, reload }
}
