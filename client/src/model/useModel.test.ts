import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { createYSource } from './useModel.ts'

describe('createYSource', () => {
  it('sees a change made between the first read and the subscription', () => {
    const doc = new Y.Doc()
    const map = doc.getMap<number>('threats')
    const source = createYSource(map, () => map.toJSON())
    expect(source.get()).toEqual({})
    // The room's first sync lands after React rendered but before it subscribed.
    map.set('t1', 1)
    const unsubscribe = source.subscribe(() => {})
    expect(source.get()).toEqual({ t1: 1 })
    // Stable between changes (useSyncExternalStore requires it), fresh after one.
    const snapshot = source.get()
    expect(source.get()).toBe(snapshot)
    map.set('t2', 2)
    expect(source.get()).toEqual({ t1: 1, t2: 2 })
    unsubscribe()
  })
})
