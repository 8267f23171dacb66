import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { getCollection, ThreatSchema, writeEntity } from '@threatboard/shared'
import { collectionSource, createSharedYSource, createYSource } from './useModel.ts'

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

describe('createSharedYSource', () => {
  it('reads once per change however many components show the value, and tells each', () => {
    const doc = new Y.Doc()
    const map = doc.getMap<number>('threats')
    let reads = 0
    const source = createSharedYSource(map, () => {
      reads++
      return map.toJSON()
    })
    // A change before anyone subscribed is not missed: the source watches from the start.
    map.set('t1', 1)
    const told: string[] = []
    const stops = ['a', 'b', 'c'].map((name) => source.subscribe(() => told.push(name)))
    const seen = ['a', 'b', 'c'].map(() => source.get())
    expect(seen[0]).toEqual({ t1: 1 })
    expect(seen.every((v) => v === seen[0])).toBe(true)
    map.set('t2', 2)
    expect(told).toEqual(['a', 'b', 'c'])
    const after = ['a', 'b', 'c'].map(() => source.get())
    expect(after[0]).toEqual({ t1: 1, t2: 2 })
    expect(after.every((v) => v === after[0])).toBe(true)
    // The first read, and one after each of the two changes.
    expect(reads).toBe(3)
    stops.forEach((stop) => stop())
    map.set('t3', 3)
    expect(told).toEqual(['a', 'b', 'c'])
    expect(source.get()).toEqual({ t1: 1, t2: 2, t3: 3 })
  })
})

describe('collectionSource', () => {
  it('is one source per collection of a doc, with the valid entities, live', () => {
    const doc = new Y.Doc()
    const source = collectionSource(doc, 'threats')
    expect(collectionSource(doc, 'threats')).toBe(source)
    expect(collectionSource(doc, 'assets')).not.toBe(source)
    expect(collectionSource(new Y.Doc(), 'threats')).not.toBe(source)
    expect(source.get()).toEqual([])
    writeEntity(doc, 'threats', threat('t1'))
    // What another client could write that the schema refuses is skipped, as readCollection does.
    const bad = new Y.Map<unknown>()
    getCollection(doc, 'threats').set('broken', bad)
    bad.set('title', 42)
    expect(source.get().map((t) => t.id)).toEqual(['t1'])
  })
})

const threat = (id: string) =>
  ThreatSchema.parse({
    id,
    category: 'tampering',
    title: 'Order total changed in transit',
    description: 'An attacker on the path between the shop and the payment service.',
    targets: { elements: ['shape:a'], assets: [] },
    severity: 'high',
    status: 'open',
    createdAt: 1,
  })
