import { describe, expect, it } from 'vitest'
import { dataFlowIds } from './boardShapes.ts'

const shape = (id: string, type: string, meta: object = {}) => ({
  id,
  typeName: 'shape',
  type,
  meta,
})
const arrowBinding = (arrow: string, to: string) => ({
  id: `binding:${arrow}-${to}`,
  typeName: 'binding',
  type: 'arrow',
  fromId: arrow,
  toId: to,
})

describe('dataFlowIds', () => {
  it('counts arrows with flow facts and arrows joined to a DFD node, not other arrows', () => {
    const records = [
      shape('shape:api', 'dfd-node'),
      shape('shape:db', 'dfd-node'),
      shape('shape:note', 'geo'),
      shape('shape:drawn', 'arrow'), // drawn between two nodes, flags never edited
      arrowBinding('shape:drawn', 'shape:api'),
      arrowBinding('shape:drawn', 'shape:db'),
      shape('shape:flagged', 'arrow', { dataFlow: { protocol: 'TLS' } }), // free-standing
      shape('shape:doodle', 'arrow'), // points at a sticky note
      arrowBinding('shape:doodle', 'shape:note'),
    ]
    expect([...dataFlowIds(records)].sort()).toEqual(['shape:drawn', 'shape:flagged'])
  })
})
