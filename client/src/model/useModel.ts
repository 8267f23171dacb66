import { useMemo, useSyncExternalStore } from 'react'
import {
  getCollection,
  getMetaMap,
  getSessionMap,
  readEntity,
  readLastVersion,
  readRoomTitle,
  readSession,
  readTraining,
  readTrainingOf,
  type Collection,
  type readCollection,
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

type Entity<C extends Collection> = ReturnType<typeof readCollection<C>>[number]

/** A collection's shared source: its valid entities, and one of them by id. */
export interface CollectionSource<C extends Collection> extends YSource<Entity<C>[]> {
  entity(id: string): Entity<C> | undefined
}

const collectionSources = new WeakMap<Y.Map<Y.Map<unknown>>, CollectionSource<Collection>>()

/**
 * Every valid entity of a collection of `doc`, as one shared source per collection: each threat
 * card shows its threat, and when each card read (and validated) the whole collection itself,
 * a board of 600 cards validated 600 threats 600 times over when it opened
 * (bench/RESULTS.md, "Big boards in the browser"). After a change it reads again only the
 * entities that changed: the others keep their objects, so a card re-renders only when its own
 * threat changes, and an edit of one threat validates that one.
 */
export function collectionSource<C extends Collection>(doc: Y.Doc, name: C): CollectionSource<C> {
  const type = getCollection(doc, name)
  let source = collectionSources.get(type)
  if (!source) {
    source = createCollectionSource(type, name)
    collectionSources.set(type, source)
  }
  return source as unknown as CollectionSource<C>
}

function createCollectionSource<C extends Collection>(
  type: Y.Map<Y.Map<unknown>>,
  name: C,
): CollectionSource<C> {
  /** Each stored entity by its key, as last read (undefined: not a valid one). */
  const read = new Map<string, Entity<C> | undefined>()
  /** The keys changed since the last read; null: read them all. */
  let changed: Set<string> | null = null
  let stale = true
  let value: Entity<C>[] = []
  let byId = new Map<string, Entity<C>>()
  const listeners = new Set<() => void>()
  type.observeDeep((events) => {
    for (const event of events) {
      if (!changed) break
      if (event.target === type) for (const key of event.keys.keys()) changed.add(key)
      else if (typeof event.path[0] === 'string') changed.add(event.path[0])
      else changed = null
    }
    stale = true
    for (const listener of [...listeners]) listener()
  })
  const fresh = () => {
    if (!stale) return
    const next: Entity<C>[] = []
    const keys = new Set<string>()
    for (const [key, map] of type.entries()) {
      keys.add(key)
      if (!changed || changed.has(key) || !read.has(key)) read.set(key, readEntity(name, map))
      const entity = read.get(key)
      if (entity) next.push(entity)
    }
    for (const key of read.keys()) if (!keys.has(key)) read.delete(key)
    value = next
    byId = new Map(next.map((e) => [e.id, e]))
    changed = new Set()
    stale = false
  }
  return {
    subscribe(onChange) {
      listeners.add(onChange)
      return () => {
        listeners.delete(onChange)
      }
    },
    get() {
      fresh()
      return value
    },
    entity(id) {
      fresh()
      return byId.get(id)
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

/** In a training's facilitator room: the training's name, or undefined for any other room. */
export function useTrainingRun(): { title?: string } | undefined {
  const { doc } = useRoomModel()
  return useYValue(getMetaMap(doc), () => {
    const training = readTraining(doc)
    return training && { title: training.title }
  })
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
