import { describe, expect, it } from 'vitest'
import { DiagramBuilder } from './diagramBuilder.ts'
import type { FlowFacts } from './diagramFacts.ts'

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
