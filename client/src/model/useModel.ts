import { useMemo, useSyncExternalStore } from 'react'
import {
  getCollection,
  getMetaMap,
  getSessionMap,
  readCollection,
  readLastVersion,
  readRoomTitle,
  readSession,
  readTrainingOf,
  type Collection,
  type Session,
  type TrainingOf,
} from '@threatboard/shared'
import * as Y from 'yjs'
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

/** One type's live value, for `useSyncExternalStore`. */
export interface YSource<T> {
  subscribe(onChange: () => void): () => void
  get(): T
}

/**
 * Like `createYSource`, but for a value many components show at once: it is read once per change
 * whoever asks, and one observer (installed now, kept for the doc's life) tells every subscriber.
 * Nothing is missed between the first read and a subscription, since the observer is already on.
 */
export function createSharedYSource<T>(type: Observable, read: () => T): YSource<T> {
  let value = read()
  let stale = false
  const listeners = new Set<() => void>()
  type.observeDeep(() => {
    stale = true
    for (const listener of [...listeners]) listener()
  })
  return {
    subscribe(onChange) {
      listeners.add(onChange)
      return () => {
        listeners.delete(onChange)
      }
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

const collectionSources = new WeakMap<Y.Map<Y.Map<unknown>>, YSource<unknown>>()

/**
 * Every valid entity of a collection of `doc`, as one shared source per collection: each threat
 * card shows the threats, and when each card read (and validated) the whole collection itself,
 * a board of 600 cards validated 600 threats 600 times over when it opened
 * (bench/RESULTS.md, "Big boards in the browser").
 */
export function collectionSource<C extends Collection>(
  doc: Y.Doc,
  name: C,
): YSource<ReturnType<typeof readCollection<C>>> {
  const type = getCollection(doc, name)
  let source = collectionSources.get(type)
  if (!source) {
    source = createSharedYSource(type, () => readCollection(doc, name))
    collectionSources.set(type, source)
  }
  return source as YSource<ReturnType<typeof readCollection<C>>>
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
  const source = collectionSource(doc, name)
  return useSyncExternalStore(source.subscribe, source.get)
}

/** Read before a room's document exists: nothing in it. */
const NO_DOC = new Y.Doc()

/** The room's name as last renamed (server-written, live), or undefined before any rename. */
export function useRoomTitle(doc: Y.Doc | undefined): string | undefined {
  const d = doc ?? NO_DOC
  return useYValue(getMetaMap(d), () => readRoomTitle(d))
}

/** The id of the version saved last (server-written, live), or undefined before the first. */
export function useRoomLastVersion(doc: Y.Doc): string | undefined {
  return useYValue(getMetaMap(doc), () => readLastVersion(doc))
}

/** In a training's group room: the training and the group's name (server-written, live). */
export function useTrainingOf(): TrainingOf | undefined {
  const { doc } = useRoomModel()
  return useYValue(getMetaMap(doc), () => readTrainingOf(doc))
}

/** The session (scope, goals, size…), live, with defaults for unset fields. */
export function useSession(): Session {
  return useSessionOf(useRoomModel().doc)
}

/** The session of a room's document, where no room model is at hand (the board's header). */
export function useSessionOf(doc: Y.Doc): Session {
  return useYValue(getSessionMap(doc), () => readSession(doc))
}
