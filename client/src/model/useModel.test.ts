import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { getCollection, ThreatSchema, writeEntity } from '@threatboard/shared'
import { collectionSource, createYSource } from './useModel.ts'

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

  it('tells every subscriber of a change, even one made before they subscribed', () => {
    const doc = new Y.Doc()
    const source = collectionSource(doc, 'threats')
    expect(source.get()).toEqual([])
    writeEntity(doc, 'threats', threat('t1'))
    const told: string[] = []
    const stops = ['a', 'b'].map((name) => source.subscribe(() => told.push(name)))
    expect(source.get().map((t) => t.id)).toEqual(['t1'])
    writeEntity(doc, 'threats', threat('t2'))
    expect(told).toEqual(['a', 'b'])
    const seen = [source.get(), source.get()]
    expect(seen[0]).toBe(seen[1])
    expect(seen[0]!.map((t) => t.id)).toEqual(['t1', 't2'])
    stops.forEach((stop) => stop())
  })

  it('keeps the object of every entity that did not change, so one card re-renders for its edit', () => {
    const doc = new Y.Doc()
    for (const id of ['t1', 't2', 't3']) writeEntity(doc, 'threats', threat(id))
    const source = collectionSource(doc, 'threats')
    const [t1, t2, t3] = source.get()
    expect(source.entity('t2')).toBe(t2)

    // Someone else changes one field of t2 (a remote update).
    const remote = new Y.Doc()
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc))
    writeEntity(remote, 'threats', { ...threat('t2'), severity: 'critical' })
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)))

    const after = source.get()
    expect(after.map((t) => t.id)).toEqual(['t1', 't2', 't3'])
    expect(after[0]).toBe(t1)
    expect(after[2]).toBe(t3)
    expect(after[1]).not.toBe(t2)
    expect(source.entity('t2')?.severity).toBe('critical')
    expect(source.entity('t1')).toBe(t1)

    // A deleted entity goes, one made invalid is skipped, the others stay as they were.
    getCollection(doc, 'threats').delete('t1')
    getCollection(doc, 'threats').get('t3')!.set('severity', 'not a severity')
    expect(source.get().map((t) => t.id)).toEqual(['t2'])
    expect(source.entity('t1')).toBeUndefined()
    expect(source.entity('t3')).toBeUndefined()
    expect(source.entity('t2')).toBe(after[1])
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
