import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DiagramBuilder } from '../guidance/diagramBuilder.ts'
import type { JsonRecord } from './recordMaps.ts'
import { writeRecord } from './recordMaps.ts'
import { getRecordsMap } from './roomDoc.ts'
import { drawnRecords, isDrawnShape, MAX_SHAPE_DEPTH, readDrawnRecords } from './drawnRecords.ts'
import { initialBoardRecords } from './tldrawSchema.ts'

const node = (id: string, change: (r: JsonRecord) => JsonRecord = (r) => r) =>
  change(new DiagramBuilder().node(id, 'process').records[0]!)

const anchor = (id: string, fromId: string, toId: string): JsonRecord => ({
  id,
  typeName: 'binding',
  type: 'tb-anchor',
  fromId,
  toId,
  props: { dx: 0, dy: 0 },
  meta: {},
})

describe('drawnRecords', () => {
  it('keeps the document, its pages and whole shapes and bindings', () => {
    const records = [
      ...initialBoardRecords(),
      node('api'),
      node('db'),
      anchor('binding:pin', 'shape:api', 'shape:db'),
    ]
    expect(drawnRecords(records)).toEqual(records)
  })

  it('leaves out each record a browser skips', () => {
    const kept = node('api')
    const skipped = [
      // another browser's camera: not a document record
      { id: 'camera:page:page', typeName: 'camera', x: 0, y: 0, z: 1, meta: {} },
      // a type tldraw does not know
      { id: 'thing:x', typeName: 'thing' },
      // refused by tldraw's validators: a name past 200 characters, a missing prop
      node('long', (r) => ({ ...r, props: { ...(r.props as object), name: 'x'.repeat(201) } })),
      node('half', (r) => ({ ...r, props: { ...(r.props as object), kind: undefined } })),
      // beyond the board's range
      node('far', (r) => ({ ...r, x: 1e12 })),
      // inside itself, through its parents
      node('a', (r) => ({ ...r, parentId: 'shape:b' })),
      node('b', (r) => ({ ...r, parentId: 'shape:a' })),
      // bindings that close a loop
      anchor('binding:self', 'shape:api', 'shape:api'),
    ] as JsonRecord[]
    expect(drawnRecords([kept, ...skipped]).map((r) => r.id)).toEqual([kept.id])
  })

  it('keeps a chain of shapes, each inside the one before, to MAX_SHAPE_DEPTH deep', () => {
    const chain = Array.from({ length: 3000 }, (_, i) =>
      node(`c${i}`, (r) => ({ ...r, parentId: i === 0 ? 'page:page' : `shape:c${i - 1}` })),
    )
    const drawn = drawnRecords(chain).map((r) => r.id)
    expect(drawn).toEqual(chain.slice(0, MAX_SHAPE_DEPTH).map((r) => r.id))
  })

  it('leaves out the bindings of a loop however long, and keeps those that only meet', () => {
    const chain = (n: number, prefix: string) =>
      Array.from({ length: n - 1 }, (_, i) =>
        anchor(`binding:${prefix}${i}`, `shape:${prefix}${i}`, `shape:${prefix}${i + 1}`),
      )
    const nodes = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => node(`${prefix}${i}`))
    // 20,000 bindings in a row: none closes a loop (checked one by one, this took ~30 s).
    const line = [...nodes(20_000, 'l'), ...chain(20_000, 'l')]
    expect(drawnRecords(line)).toHaveLength(line.length)
    // The same row of 5 closed back on itself: every binding of it is in the loop.
    const ring = [
      ...nodes(5, 'r'),
      ...chain(5, 'r'),
      anchor('binding:r-back', 'shape:r4', 'shape:r0'),
    ]
    expect(drawnRecords(ring).map((r) => r.id)).toEqual(nodes(5, 'r').map((r) => r.id))
    // Two ways from a to d that meet there: no loop.
    const diamond = [
      ...['a', 'b', 'c', 'd'].map((id) => node(id)),
      anchor('binding:ab', 'shape:a', 'shape:b'),
      anchor('binding:ac', 'shape:a', 'shape:c'),
      anchor('binding:bd', 'shape:b', 'shape:d'),
      anchor('binding:cd', 'shape:c', 'shape:d'),
    ]
    expect(drawnRecords(diamond)).toHaveLength(diamond.length)
  })

  it('reads a room document the same way', () => {
    const doc = new Y.Doc()
    doc.transact(() => {
      writeRecord(getRecordsMap(doc), node('api'))
      writeRecord(
        getRecordsMap(doc),
        node('far', (r) => ({ ...r, y: -1e12 })),
      )
    })
    expect(readDrawnRecords(doc).map((r) => r.id)).toEqual(['shape:api'])
  })

  it('tells whether one id is a shape a browser draws, reading only it and its parents', () => {
    const doc = new Y.Doc()
    const records = getRecordsMap(doc)
    doc.transact(() => {
      for (const r of initialBoardRecords()) writeRecord(records, r)
      writeRecord(records, node('api'))
      writeRecord(
        records,
        node('half', (r) => ({ ...r, props: { ...(r.props as object), kind: 7 } })),
      )
      writeRecord(
        records,
        node('a', (r) => ({ ...r, parentId: 'shape:b' })),
      )
      writeRecord(
        records,
        node('b', (r) => ({ ...r, parentId: 'shape:a' })),
      )
      writeRecord(
        records,
        node('in-api', (r) => ({ ...r, parentId: 'shape:api' })),
      )
    })
    expect(isDrawnShape(doc, 'shape:api')).toBe(true)
    expect(isDrawnShape(doc, 'shape:in-api')).toBe(true)
    // the page is drawn, but is not a shape; the others are not drawn at all
    for (const id of ['page:page', 'shape:half', 'shape:a', 'shape:nowhere']) {
      expect(isDrawnShape(doc, id), id).toBe(false)
    }
  })
})
