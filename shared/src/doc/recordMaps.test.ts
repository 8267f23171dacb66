import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import {
  jsonEqual,
  readAllRecords,
  readRecord,
  writeRecord,
  type JsonRecord,
} from './recordMaps.ts'
import { getRecordsMap } from './roomDoc.ts'

const shape = (over: Partial<JsonRecord> = {}): JsonRecord => ({
  id: 'shape:a',
  typeName: 'shape',
  type: 'geo',
  x: 0,
  y: 0,
  rotation: 0,
  props: { w: 100, h: 50, geo: 'rectangle', color: 'black', richText: { type: 'doc' } },
  meta: {},
  ...over,
})

function pair(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc()
  const b = new Y.Doc()
  a.on(
    'update',
    (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, u, 'remote'),
  )
  b.on(
    'update',
    (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, u, 'remote'),
  )
  return [a, b]
}

/** Two docs that do not see each other's changes until `sync()`: concurrent edits. */
function offlinePair(): { a: Y.Doc; b: Y.Doc; sync(): void } {
  const a = new Y.Doc()
  const b = new Y.Doc()
  return {
    a,
    b,
    sync() {
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
    },
  }
}

describe('record maps', () => {
  it('round-trips a record', () => {
    const doc = new Y.Doc()
    writeRecord(getRecordsMap(doc), shape())
    expect(readRecord(getRecordsMap(doc).get('shape:a')!)).toEqual(shape())
  })

  it('writes only the fields that changed', () => {
    const doc = new Y.Doc()
    writeRecord(getRecordsMap(doc), shape())
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    writeRecord(getRecordsMap(doc), shape())
    expect(updates).toHaveLength(0)
    writeRecord(getRecordsMap(doc), shape({ x: 10 }))
    expect(updates).toHaveLength(1)
    // A move is a few dozen bytes, not the whole record again.
    expect(updates[0]!.byteLength).toBeLessThan(80)
  })

  it('keeps both edits when one person moves a shape and another renames it', () => {
    const { a, b, sync } = offlinePair()
    writeRecord(getRecordsMap(a), shape())
    sync()
    const onA = readRecord(getRecordsMap(a).get('shape:a')!)
    const onB = readRecord(getRecordsMap(b).get('shape:a')!)
    writeRecord(getRecordsMap(a), { ...onA, x: 300, y: 200 })
    writeRecord(getRecordsMap(b), { ...onB, props: { ...(onB.props as object), color: 'red' } })
    sync()
    for (const doc of [a, b]) {
      const merged = readRecord(getRecordsMap(doc).get('shape:a')!)
      expect(merged.x).toBe(300)
      expect(merged.y).toBe(200)
      expect((merged.props as { color: string }).color).toBe('red')
    }
  })

  it('never loses concurrently created shapes', () => {
    const { a, b, sync } = offlinePair()
    for (let i = 0; i < 10; i++) writeRecord(getRecordsMap(a), shape({ id: `shape:a${i}` }))
    for (let i = 0; i < 10; i++) writeRecord(getRecordsMap(b), shape({ id: `shape:b${i}` }))
    sync()
    expect(readAllRecords(getRecordsMap(a))).toHaveLength(20)
    expect(readAllRecords(getRecordsMap(b))).toHaveLength(20)
  })

  it('removes fields that disappear from the record', () => {
    const [a, b] = pair()
    writeRecord(getRecordsMap(a), shape({ props: { w: 1, h: 1, extra: true } }))
    writeRecord(getRecordsMap(a), shape({ props: { w: 1, h: 1 } }))
    expect(readRecord(getRecordsMap(b).get('shape:a')!).props).toEqual({ w: 1, h: 1 })
  })

  it('keeps the document small under a long drag', () => {
    const doc = new Y.Doc()
    writeRecord(getRecordsMap(doc), shape())
    const before = Y.encodeStateAsUpdate(doc).byteLength
    for (let i = 0; i < 5000; i++) writeRecord(getRecordsMap(doc), shape({ x: i, y: i / 2 }))
    const after = Y.encodeStateAsUpdate(doc).byteLength
    // Overwritten values are garbage-collected; what remains is a small, bounded overhead.
    expect(after - before).toBeLessThan(200)
  })

  it('compares JSON structurally', () => {
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true)
    expect(jsonEqual({ a: 1, u: undefined }, { a: 1 })).toBe(true)
    expect(jsonEqual([1, 2], { 0: 1, 1: 2 })).toBe(false)
    expect(jsonEqual({ a: 1 }, { a: 2 })).toBe(false)
  })
})
