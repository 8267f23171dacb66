import { describe, expect, it } from 'vitest'
import {
  CARD,
  cardSpots,
  COVERAGE_ROW,
  firstFreeSpot,
  lengthInside,
  overlaps,
  segmentsOf,
} from './cardSpots.ts'

const box = { x: 0, y: 0, w: 100, h: 100 }

/** A rectangle's corners, clockwise from its top-left. */
const corners = ({ x, y, w, h }: { x: number; y: number; w: number; h: number }) => [
  { x, y },
  { x: x + w, y },
  { x: x + w, y: y + h },
  { x, y: y + h },
]

describe('lengthInside', () => {
  it('measures the part of a line inside a rectangle, 0 for one beside it', () => {
    expect(lengthInside({ x1: -50, y1: 50, x2: 150, y2: 50 }, box)).toBeCloseTo(100)
    expect(lengthInside({ x1: -50, y1: -50, x2: 150, y2: 150 }, box)).toBeCloseTo(100 * Math.SQRT2)
    expect(lengthInside({ x1: 50, y1: 50, x2: 60, y2: 50 }, box)).toBeCloseTo(10)
    expect(lengthInside({ x1: 50, y1: 200, x2: 50, y2: 50 }, box)).toBeCloseTo(50)
    expect(lengthInside({ x1: -50, y1: 120, x2: 150, y2: 120 }, box)).toBe(0)
    expect(lengthInside({ x1: 150, y1: -50, x2: 150, y2: 150 }, box)).toBe(0)
    // Past the corner, diagonally: the line's extension would cross, the line does not.
    expect(lengthInside({ x1: 130, y1: 0, x2: 230, y2: -100 }, box)).toBe(0)
    // Across the corner.
    expect(lengthInside({ x1: 90, y1: 110, x2: 110, y2: 90 }, box)).toBeCloseTo(0)
    expect(lengthInside({ x1: 80, y1: 110, x2: 110, y2: 80 }, box)).toBeCloseTo(10 * Math.SQRT2)
  })
})

describe('firstFreeSpot', () => {
  // A process 160 × 80 at the origin; cards hang from its top-right corner.
  const target = { x: 0, y: 0, w: 160, h: 80 }
  const anchor = { x: target.x + target.w, y: target.y }
  const spots = cardSpots({ flow: false, w: target.w, h: target.h })
  const right = { dx: 12, dy: 0 }
  const left = { dx: -target.w - 12 - CARD.w, dy: 0 }

  it('puts a card right of an element with nothing around it', () => {
    expect(firstFreeSpot(anchor, spots, [target])).toEqual(right)
  })

  it('keeps a card off a flow leaving the element to the right: left of it instead', () => {
    const flow = segmentsOf([
      { x: 160, y: 40 },
      { x: 600, y: 40 },
    ])
    expect(firstFreeSpot(anchor, spots, [target], { lines: flow })).toEqual(left)
  })

  it('follows a bent flow by its points, and takes the next row down when it is clear', () => {
    // Up and down again to the right of the element's top edge, one out to the left, one down.
    const lines = [
      ...segmentsOf([
        { x: 150, y: 0 },
        { x: 300, y: -40 },
        { x: 500, y: 60 },
      ]),
      ...segmentsOf([
        { x: 0, y: 40 },
        { x: -600, y: 40 },
      ]),
      ...segmentsOf([
        { x: 80, y: 80 },
        { x: 80, y: 600 },
      ]),
    ]
    expect(firstFreeSpot(anchor, spots, [target], { lines })).toEqual({
      dx: 12,
      dy: CARD.h + CARD.gap,
    })
  })

  it('does not send a card far away to miss a line: near spots all crossed, the nearest free', () => {
    const lines = [
      ...segmentsOf([
        { x: 160, y: 40 },
        { x: 600, y: 40 },
        { x: 600, y: 1000 },
      ]),
      ...segmentsOf([
        { x: 170, y: 100 },
        { x: 500, y: 300 },
      ]),
      ...segmentsOf([
        { x: 0, y: 40 },
        { x: -600, y: 40 },
      ]),
      ...segmentsOf([
        { x: -10, y: 100 },
        { x: -400, y: 300 },
      ]),
      ...segmentsOf([
        { x: 80, y: 80 },
        { x: 80, y: 600 },
      ]),
    ]
    expect(firstFreeSpot(anchor, spots, [target], { lines })).toEqual(right)
  })

  it('keeps a card off a label on its right and a flow on its left: under the element', () => {
    const label = { x: 170, y: 0, w: 200, h: 30 }
    const flow = segmentsOf([
      { x: 0, y: 40 },
      { x: -600, y: 40 },
    ])
    const spot = firstFreeSpot(anchor, spots, [target, label], { lines: flow })
    expect(spot.dx).toBe(-target.w)
    expect(spot.dy).toBeGreaterThan(target.h)
    expect(spot.dy).toBeLessThan(target.h + CARD.h)
  })

  it('puts a card under an element or a flow below the row of coverage letters there', () => {
    const card = (at: { x: number; y: number }, { dx, dy }: { dx: number; dy: number }) => ({
      x: at.x + dx,
      y: at.y + dy,
      w: CARD.w,
      h: CARD.h,
    })
    // Under the element: its letters start at its bottom-left corner.
    // The nearest places right and left of it taken, nothing under it.
    const right = { x: target.w, y: -40, w: 300, h: 100 }
    const leftOf = { x: -400, y: -40, w: 400 - 1, h: 100 }
    const under = firstFreeSpot(anchor, spots, [target, right, leftOf])
    const nodeLetters = { x: 0, y: target.h + COVERAGE_ROW.underNode, w: 90, h: COVERAGE_ROW.h }
    expect(under.dx).toBe(-target.w)
    expect(under.dy).toBeLessThan(target.h + CARD.h)
    expect(overlaps(card(anchor, under), nodeLetters)).toBe(false)
    // Under a flow: its letters are under its one-line label (33 px tall about the middle).
    const mid = { x: 500, y: 300 }
    const underFlow = firstFreeSpot(mid, cardSpots({ flow: true }), [])
    const flowLetters = {
      x: mid.x - 45,
      y: mid.y + 16.5 + COVERAGE_ROW.underLabel,
      w: 90,
      h: COVERAGE_ROW.h,
    }
    expect(underFlow.dy).toBeGreaterThan(0)
    expect(overlaps(card(mid, underFlow), flowLetters)).toBe(false)
    // And not further than a card's height below them.
    expect(mid.y + underFlow.dy - (flowLetters.y + flowLetters.h)).toBeLessThan(CARD.h / 4)
  })

  it('puts a flow’s second card just above its badges, not a row further down', () => {
    const mid = { x: 500, y: 300 }
    const flowSpots = cardSpots({ flow: true })
    // The label about the middle, the badges over it, and a first card under it.
    const label = { x: 440, y: 288, w: 120, h: 24 }
    const badges = { x: 390, y: 258, w: 220, h: 26 }
    const first = { x: mid.x - CARD.w / 2, y: mid.y + flowSpots[0]!.dy, w: CARD.w, h: CARD.h }
    const spot = firstFreeSpot(mid, flowSpots, [label, badges, first])
    expect(spot.dx).toBe(-CARD.w / 2)
    // Above: its bottom over the badges' top, less than a card's height from them.
    const bottom = mid.y + spot.dy + CARD.h
    expect(bottom).toBeLessThan(badges.y)
    expect(badges.y - bottom).toBeLessThan(CARD.h)
  })

  it('lets a line cut a card’s corner rather than send the card a row further out', () => {
    // A flow leaves the element's right side downwards: it clips the nearest card's corner
    // (about 23 px of it inside).
    const flow = segmentsOf([
      { x: 150, y: 50 },
      { x: 230, y: 90 },
    ])
    expect(firstFreeSpot(anchor, spots, [target], { lines: flow })).toEqual(right)
  })

  it('keeps a card off a boundary’s edge when it can, but off a flow’s line first', () => {
    // A boundary's right edge 40 right of the element: the card on the right would lie across it.
    const edge = segmentsOf([
      { x: target.w + 40, y: -300 },
      { x: target.w + 40, y: 300 },
    ])
    expect(firstFreeSpot(anchor, spots, [target], { edges: edge })).toEqual(left)
    // The left taken, a flow leaving downwards under the element and one rightwards across the
    // nearest place on the right: across the edge (a row down on the right) beats across a flow.
    const leftTaken = { x: -600, y: -200, w: 599, h: 800 }
    const flows = [
      ...segmentsOf([
        { x: 80, y: 80 },
        { x: 80, y: 700 },
      ]),
      ...segmentsOf([
        { x: 160, y: 30 },
        { x: 1000, y: 30 },
      ]),
    ]
    expect(
      firstFreeSpot(anchor, spots, [target, leftTaken], { lines: flows, edges: edge }),
    ).toEqual({
      dx: 12,
      dy: CARD.h + CARD.gap,
    })
  })

  it('keeps a card on its element’s side of a boundary: across the edge, not wholly beyond it', () => {
    // A boundary whose left edge is 40 left of the element and whose bottom is 70 below it; the
    // right is taken. Left of the element a card would lie mostly outside; under it, the first
    // row crosses the bottom edge with its centre inside, the second lies wholly outside.
    const zone = { x: -40, y: -200, w: 800, h: 350 }
    const rightTaken = { x: 161, y: -200, w: 600, h: 290 }
    const under = (ring: number) => {
      const { dx, dy } = spots.find((s) => s.dx === -target.w && s.ring === ring)!
      return { dx, dy }
    }
    const keepClear = { edges: segmentsOf([...corners(zone), corners(zone)[0]!]) }
    // Edges alone: the second row under, clear of every edge but outside the boundary.
    expect(firstFreeSpot(anchor, spots, [target, rightTaken], keepClear)).toEqual(under(1))
    expect(
      firstFreeSpot(anchor, spots, [target, rightTaken], { ...keepClear, zones: [zone] }),
    ).toEqual(under(0))
    // With room inside, the card stays wholly inside: the right freed, it goes there.
    expect(firstFreeSpot(anchor, spots, [target], { ...keepClear, zones: [zone] })).toEqual(right)
  })

  it('puts a flow’s card just under it across an edge rather than two rows above, clear', () => {
    // A flow's middle 80 left of a boundary whose top is 190 above it: every place within a row
    // crosses the boundary's left edge; two rows above the flow, a card would be clear of it.
    const mid = { x: 0, y: 0 }
    const flowSpots = cardSpots({ flow: true })
    const zone = { x: 80, y: -190, w: 900, h: 700 }
    const edges = segmentsOf([...corners(zone), corners(zone)[0]!])
    const under = flowSpots.find((s) => s.ring === 0 && s.dy > 0)!
    expect(firstFreeSpot(mid, flowSpots, [], { edges, zones: [zone] })).toEqual({
      dx: under.dx,
      dy: under.dy,
    })
  })

  it('puts a card beside a boundary it is about, outside it, not across its edge', () => {
    const zone = { x: 0, y: 0, w: 480, h: 320 }
    const corner = { x: zone.x + zone.w, y: zone.y }
    const zoneSpots = cardSpots({ flow: false, w: zone.w, h: zone.h })
    const edges = segmentsOf([...corners(zone), corners(zone)[0]!])
    expect(firstFreeSpot(corner, zoneSpots, [zone], { edges, zones: [zone] })).toEqual(right)
  })

  it('gives plain offsets, whatever else a spot carries', () => {
    expect(Object.keys(firstFreeSpot(anchor, spots, [target]))).toEqual(['dx', 'dy'])
  })
})
