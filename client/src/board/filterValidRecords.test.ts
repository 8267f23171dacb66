// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  CameraRecordType,
  createTLStore,
  InstancePageStateRecordType,
  InstancePresenceRecordType,
  PageRecordType,
  type TLPageId,
  type TLRecord,
} from 'tldraw'
import { boardBindingUtils, boardShapeUtils } from '../shapes/index.ts'
import { MAX_SHAPE_DEPTH } from '@threatboard/shared'
import { filterValidRecords } from './filterValidRecords.ts'

const store = createTLStore({ shapeUtils: boardShapeUtils, bindingUtils: boardBindingUtils })

const binding = (x: number) =>
  ({
    id: 'binding:end',
    typeName: 'binding',
    type: 'arrow',
    fromId: 'shape:flow',
    toId: 'shape:api',
    props: {
      terminal: 'end',
      normalizedAnchor: { x, y: 0.5 },
      isExact: false,
      isPrecise: true,
      snap: 'none',
    },
    meta: {},
  }) as unknown as TLRecord

afterEach(() => {
  vi.restoreAllMocks()
})

describe('records from the room', () => {
  it('takes a binding in range and skips one whose numbers are beyond the board', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(filterValidRecords(store, [binding(0.5)]).map((r) => r.id)).toEqual(['binding:end'])
    expect(filterValidRecords(store, [binding(1e300)])).toEqual([])
    expect(warn).toHaveBeenCalledTimes(1)
  })

  it('skips shapes inside themselves through their parents, and takes the rest', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const page = store.query.records('page').get()[0]?.id ?? 'page:page'
    const node = (id: string, parentId: string) =>
      ({
        id,
        typeName: 'shape',
        type: 'dfd-node',
        parentId,
        index: 'a1',
        x: 0,
        y: 0,
        rotation: 0,
        isLocked: false,
        opacity: 1,
        props: { w: 160, h: 80, kind: 'process', name: id, inScope: true, description: '' },
        meta: {},
      }) as unknown as TLRecord
    const kept = filterValidRecords(store, [
      node('shape:a', 'shape:b'),
      node('shape:b', 'shape:a'),
      node('shape:self', 'shape:self'),
      node('shape:fine', page),
      node('shape:child', 'shape:fine'),
    ])
    expect(kept.map((r) => r.id)).toEqual(['shape:fine', 'shape:child'])
    expect(warn).toHaveBeenCalledTimes(3)

    // A chain of shapes each inside the one before: kept to MAX_SHAPE_DEPTH deep, no further (a
    // chain of 3,000 overflowed the stack of every tab).
    warn.mockClear()
    const chain = Array.from({ length: MAX_SHAPE_DEPTH + 2 }, (_, i) =>
      node(`shape:c${i}`, i === 0 ? page : `shape:c${i - 1}`),
    )
    const drawn = filterValidRecords(store, chain).map((r) => r.id)
    expect(drawn).toEqual(chain.slice(0, MAX_SHAPE_DEPTH).map((r) => r.id))
    expect(warn).toHaveBeenCalledTimes(2)
  })

  it("skips another browser's camera, selection, mode or presence, and takes a page", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const pageId = 'page:page' as TLPageId
    const fromTheRoom = [
      // Each is valid as tldraw's validators see it: in a browser's store it would move that
      // browser's camera far away, select a shape, turn on focus mode or draw a false cursor.
      CameraRecordType.create({ id: CameraRecordType.createId(pageId), x: -50_000, z: 0.05 }),
      InstancePageStateRecordType.create({ pageId, selectedShapeIds: ['shape:api' as never] }),
      store.schema.types.instance.create({ currentPageId: pageId, isFocusMode: true }),
      InstancePresenceRecordType.create({
        id: InstancePresenceRecordType.createId('fake'),
        userId: 'user:fake' as never,
        userName: 'Admin',
        currentPageId: pageId,
      }),
      PageRecordType.create({
        id: 'page:second' as TLPageId,
        name: 'Second',
        index: 'a2' as never,
      }),
    ] as TLRecord[]
    expect(filterValidRecords(store, fromTheRoom).map((r) => r.id)).toEqual(['page:second'])
    expect(warn).toHaveBeenCalledTimes(4)
  })

  it('skips a binding that closes a loop: to itself, or back through other bindings', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const bound = (id: string, fromId: string, toId: string) =>
      ({ ...binding(0.5), id, fromId, toId }) as TLRecord
    const kept = filterValidRecords(store, [
      bound('binding:self', 'shape:self', 'shape:self'),
      bound('binding:ab', 'shape:a', 'shape:b'),
      bound('binding:ba', 'shape:b', 'shape:a'),
      // Flows into a node, and a chain of arrows that does not come back: taken.
      bound('binding:flow', 'shape:flow', 'shape:api'),
      bound('binding:cd', 'shape:c', 'shape:d'),
      bound('binding:de', 'shape:d', 'shape:e'),
    ])
    expect(kept.map((r) => r.id)).toEqual(['binding:flow', 'binding:cd', 'binding:de'])
    expect(warn).toHaveBeenCalledTimes(3)

    // A loop closed by a binding the store has already.
    store.put([bound('binding:xy', 'shape:x', 'shape:y')])
    try {
      expect(filterValidRecords(store, [bound('binding:yx', 'shape:y', 'shape:x')])).toEqual([])
    } finally {
      store.remove(['binding:xy' as TLRecord['id']])
    }
  })
})
