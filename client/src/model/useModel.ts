import { useMemo, useSyncExternalStore } from 'react'
import {
  getCollection,
  getMetaMap,
  getSessionMap,
  readCollection,
  readSession,
  readTrainingOf,
  type Collection,
  type Session,
  type TrainingOf,
} from '@threatboard/shared'
import { useRoomModel } from './RoomModelContext.tsx'

/** The part of a Y type this hook needs (Y.Map and friends have it). */
interface Observable {
  observeDeep(f: () => void): void
  unobserveDeep(f: () => void): void
}

/**
 * An external store over one Y type for `useSyncExternalStore`: re-reads after every change
 * (local or remote) and caches the value between changes so React sees a stable snapshot.
 * React subscribes after the first render; a change in between (the room's first sync often
 * lands there) would go unseen, so subscribing marks the value stale and React's check right
 * after it reads again.
 */
export function createYSource<T>(type: Observable, read: () => T) {
  let value = read()
  let stale = false
  return {
    subscribe(onChange: () => void) {
      const handler = () => {
        stale = true
        onChange()
      }
      type.observeDeep(handler)
      stale = true
      return () => type.unobserveDeep(handler)
    },
    get() {
      if (stale) {
        value = read()
        stale = false
      }
      return value
    },
  }
}

function useYValue<T>(type: Observable, read: () => T): T {
  // `read` reads the same doc and root as `type`: one source per Y type.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const source = useMemo(() => createYSource(type, read), [type])
  return useSyncExternalStore(source.subscribe, source.get)
}

/** Every valid entity of a collection, live. */
export function useCollection<C extends Collection>(name: C): ReturnType<typeof readCollection<C>> {
  const { doc } = useRoomModel()
  return useYValue(getCollection(doc, name), () => readCollection(doc, name))
}

/** In a training's group room: the training and the group's name (server-written, live). */
export function useTrainingOf(): TrainingOf | undefined {
  const { doc } = useRoomModel()
  return useYValue(getMetaMap(doc), () => readTrainingOf(doc))
}

/** The session (scope, goals, size…), live, with defaults for unset fields. */
export function useSession(): Session {
  const { doc } = useRoomModel()
  return useYValue(getSessionMap(doc), () => readSession(doc))
}
