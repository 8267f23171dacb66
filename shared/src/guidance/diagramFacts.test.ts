import { describe, expect, it } from 'vitest'
import { DiagramBuilder } from './diagramBuilder.ts'
import { diagramLayout, sameLayout, type FlowFacts } from './diagramFacts.ts'

describe('diagram facts', () => {
  it('places each node in the innermost box boundary that holds its center', () => {
    const facts = new DiagramBuilder()
      .box('outer', 0, 0, 1000, 1000)
      .box('inner', 100, 100, 300, 300)
      .node('a', 'process', { x: 150, y: 150 })
      .node('b', 'process', { x: 600, y: 600 })
      .node('c', 'external-entity', { x: 2000, y: 0 })
      .facts()
    const boundary = (id: string) =>
      (facts.byId.get(`shape:${id}`) as { boundary?: string }).boundary
    expect(boundary('a')).toBe('shape:inner')
    expect(boundary('b')).toBe('shape:outer')
    expect(boundary('c')).toBeUndefined()
  })

  it('knows the ends of a flow from its bindings and whether it crosses a boundary', () => {
    const facts = new DiagramBuilder()
      .box('zone', 0, 0, 500, 500)
      .node('in1', 'process', { x: 10, y: 10 })
      .node('in2', 'data-store', { x: 200, y: 200 })
      .node('out', 'external-entity', { x: 800, y: 10 })
      .flow('inside', 'in1', 'in2')
      .flow('across', 'out', 'in1', undefined, undefined, true)
      .facts()
    const flow = (id: string) => facts.byId.get(`shape:${id}`) as FlowFacts
    expect(flow('inside')).toMatchObject({
      source: 'shape:in1',
      target: 'shape:in2',
      crossesBoundary: false,
      bidirectional: false,
      name: 'the flow in1 → in2',
    })
    expect(flow('across')).toMatchObject({ crossesBoundary: true, bidirectional: true })
  })

  it('counts a flow that cuts a boundary line as crossing it, and one beside it as not', () => {
    const facts = new DiagramBuilder()
      .line('wall', [
        { x: 300, y: -100 },
        { x: 300, y: 100 },
      ])
      .node('left', 'process', { x: 100, y: 0 })
      .node('right', 'process', { x: 400, y: 0 })
      .node('below', 'process', { x: 400, y: 400 })
      .node('below2', 'process', { x: 100, y: 400 })
      .flow('cut', 'left', 'right')
      .flow('beside', 'below2', 'below')
      .facts()
    expect((facts.byId.get('shape:cut') as FlowFacts).crossesBoundary).toBe(true)
    expect((facts.byId.get('shape:beside') as FlowFacts).crossesBoundary).toBe(false)
  })

  it('ignores arrows that are plain drawing and adds a frame offset to a node inside it', () => {
    const b = new DiagramBuilder().box('zone', 1000, 1000, 400, 400)
    b.records.push(
      {
        id: 'shape:frame',
        typeName: 'shape',
        type: 'frame',
        parentId: 'page:page',
        x: 1000,
        y: 1000,
        props: { w: 500, h: 500 },
      },
      {
        id: 'shape:doodle',
        typeName: 'shape',
        type: 'arrow',
        parentId: 'page:page',
        x: 0,
        y: 0,
        props: {},
        meta: {},
      },
    )
    b.node('n', 'process', { x: 50, y: 50 })
    b.records.at(-1)!.parentId = 'shape:frame'
    const facts = b.facts()
    expect(facts.byId.has('shape:doodle')).toBe(false)
    // Its center is (1100, 1080) on the page, inside the zone; without the frame's offset it
    // would be (100, 80), in no boundary.
    expect(facts.byId.get('shape:n')).toMatchObject({ boundary: 'shape:zone' })
  })
})

/**
 * A drag compares layouts instead of building the facts on every frame, so the layout must
 * change exactly when the facts' boundaries, ends or crossings would.
 */
describe('diagram layout', () => {
  const board = (inX: number, outX = 800) =>
    new DiagramBuilder()
      .box('zone', 0, 0, 500, 500)
      .line('wall', [
        { x: 1500, y: -100 },
        { x: 1500, y: 100 },
      ])
      .node('api', 'process', { x: inX, y: 10 })
      .node('db', 'data-store', { x: 200, y: 200 })
      .node('user', 'external-entity', { x: outX, y: 10 })
      .flow('store', 'api', 'db')
      .flow('call', 'user', 'api')

  it('is the same while nodes move without leaving their boundaries or cutting a line', () => {
    const before = diagramLayout(board(10).records)
    expect(sameLayout(before, diagramLayout(board(250).records))).toBe(true)
    expect(sameLayout(before, diagramLayout(board(10, 1200).records))).toBe(true)
    expect(before.boundaryOf.get('shape:api')).toBe('shape:zone')
    expect(before.flows.get('shape:call')).toEqual({
      source: 'shape:user',
      target: 'shape:api',
      crosses: true,
    })
  })

  it('differs when a node leaves its boundary, a flow cuts a line or a flow gets other ends', () => {
    const before = diagramLayout(board(10).records)
    // The API leaves the zone: its boundary and both of its flows' crossings change.
    const out = diagramLayout(board(700).records)
    expect(out.boundaryOf.get('shape:api')).toBeUndefined()
    expect(sameLayout(before, out)).toBe(false)
    // The user moves past the wall: its flow now also cuts the line (it crossed already).
    const beyond = diagramLayout(board(10, 1800).records)
    expect(beyond.flows.get('shape:call')?.crosses).toBe(true)
    expect(
      sameLayout(diagramLayout(board(700, 800).records), diagramLayout(board(700, 1800).records)),
    ).toBe(false)
    // Another end: the flow's source is now the database.
    const rewired = board(10)
    const ends = rewired.records.filter(
      (r) => r.typeName === 'binding' && r.fromId === 'shape:call',
    )
    for (const b of ends) if (b.toId === 'shape:user') b.toId = 'shape:db'
    expect(sameLayout(before, diagramLayout(rewired.records))).toBe(false)
  })

  it('gives the facts their boundaries and crossings', () => {
    const b = board(10)
    const layout = diagramLayout(b.records)
    const facts = b.facts()
    for (const e of facts.elements) {
      if (e.kind === 'data-flow') expect(e.crossesBoundary).toBe(layout.flows.get(e.id)?.crosses)
      else expect(e.boundary).toBe(layout.boundaryOf.get(e.id))
    }
    expect(facts.elements.map((e) => e.id)).toEqual([
      ...layout.boundaryOf.keys(),
      ...layout.flows.keys(),
    ])
  })
})
