import { describe, expect, it } from 'vitest'
import { flowPath } from './flowPath.ts'

const FRAME = { x: 0, y: 0, rotation: 0 }
const flow = (props: Record<string, unknown>) => ({
  id: 'shape:f',
  typeName: 'shape',
  type: 'arrow',
  props: { start: { x: 0, y: 0 }, end: { x: 400, y: 0 }, bend: 0, ...props },
})

describe('a flow’s label in the report', () => {
  it('sits where the person dragged it along a straight flow, the middle by default', () => {
    expect(flowPath(flow({}), FRAME, {}, {}).middle).toEqual({ x: 200, y: 0 })
    expect(flowPath(flow({ labelPosition: 0.25 }), FRAME, {}, {}).middle).toEqual({ x: 100, y: 0 })
    // Out of range is held to the ends.
    expect(flowPath(flow({ labelPosition: 7 }), FRAME, {}, {}).middle).toEqual({ x: 400, y: 0 })
  })

  it('sits that far along a bent flow’s arc', () => {
    const middle = flowPath(flow({ bend: 100 }), FRAME, {}, {}).middle
    // The arc's middle is the bend's handle, 100 off the chord's midpoint.
    expect(middle.x).toBeCloseTo(200, 5)
    expect(Math.abs(middle.y)).toBeCloseTo(100, 5)
    const early = flowPath(flow({ bend: 100, labelPosition: 0.2 }), FRAME, {}, {}).middle
    expect(early.x).toBeLessThan(150)
    expect(Math.sign(early.y)).toBe(Math.sign(middle.y))
  })
})
