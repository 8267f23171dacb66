// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTLStore, type TLRecord } from 'tldraw'
import { boardBindingUtils, boardShapeUtils } from '../shapes/index.ts'
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
})
