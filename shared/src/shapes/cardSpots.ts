/** A threat card's default size (the board's card shape), and the space kept around one. */
export const CARD = { w: 232, h: 64, gap: 8 } as const

/** From one card of a stack to the next. */
const STEP = CARD.h + CARD.gap

/** Room left above a flow's label (tldraw draws a one-line label 33 px tall) for its badges. */
const BADGES = 40

/**
 * The coverage overlay's row of STRIDE letters (client CoverageOverlay.tsx): `gap` under a
 * node's bottom (or its asset pins) and under a flow's label, about `h` tall. A card under
 * either goes below the row, so the letters, drawn over the shapes, never hide its title.
 */
export const COVERAGE_ROW = { underNode: 6, underLabel: 2, h: 20 } as const

/** From a node's bottom to a card under it: past its letters, and half a gap. */
const UNDER_NODE = COVERAGE_ROW.underNode + COVERAGE_ROW.h + CARD.gap / 2

/** From a flow's middle to a card under it: past half a one-line label, its letters, half a gap. */
const UNDER_FLOW = 17 + COVERAGE_ROW.underLabel + COVERAGE_ROW.h + CARD.gap / 2

/** A rectangle in page space (tldraw's `Box` is one). */
export interface Rect {
  x: number
  y: number
  w: number
  h: number
}

/** Where a card goes, as an offset from its target's anchor. */
export interface CardOffset {
  dx: number
  dy: number
}

/** A place `cardSpots` offers, and how many cards out from its target it is (0: the nearest). */
export interface CardSpot extends CardOffset {
  ring: number
}

/** A straight piece of a drawn flow, in page space. */
export interface Segment {
  x1: number
  y1: number
  x2: number
  y2: number
}

/** The pieces of a polyline (a flow's points, in order). */
export function segmentsOf(points: readonly { x: number; y: number }[]): Segment[] {
  return points.slice(1).map((p, i) => ({ x1: points[i]!.x, y1: points[i]!.y, x2: p.x, y2: p.y }))
}

/** A rectangle's four edges (a trust boundary's, as lines a card keeps off). */
export function edgesOf({ x, y, w, h }: Rect): Segment[] {
  return segmentsOf([
    { x, y },
    { x: x + w, y },
    { x: x + w, y: y + h },
    { x, y: y + h },
    { x, y },
  ])
}

/**
 * Spots this many cards out from their target or nearer are worth taking clear of flows' lines
 * before the nearest spot that crosses one; further out, a card would be too far from its
 * target to be read as its card.
 */
const CLEAR_RINGS = 3
/**
 * Spots this many cards out or nearer are worth taking clear of boundaries' edges too before a
 * nearer one across an edge (on the target's side): a card two rows out above a flow, clear of
 * an edge, read as nobody's.
 */
const EDGE_CLEAR_RINGS = 2

/**
 * The places a new card may go, in order of preference, as offsets from the target's anchor
 * (a flow's middle; a box's top-right corner): under a flow's middle, then above it (clear of
 * the badges over its label), stacking outwards; right of a box, then left of it, then under
 * it, stacking downwards. Under a flow or a box, below the row of coverage letters.
 */
export function cardSpots(target: { flow: true } | { flow: false; w: number; h: number }) {
  const spots: CardSpot[] = []
  if (target.flow) {
    for (let i = 0; i < 6; i++) {
      spots.push({ dx: -CARD.w / 2, dy: UNDER_FLOW + i * STEP, ring: i })
      spots.push({ dx: -CARD.w / 2, dy: -20 - BADGES - CARD.h - i * STEP, ring: i })
    }
  } else {
    for (let i = 0; i < 6; i++) spots.push({ dx: 12, dy: i * STEP, ring: i })
    for (let i = 0; i < 6; i++) spots.push({ dx: -target.w - 12 - CARD.w, dy: i * STEP, ring: i })
    for (let i = 0; i < 4; i++) {
      spots.push({ dx: -target.w, dy: target.h + UNDER_NODE + i * STEP, ring: i })
    }
  }
  return spots
}

/** Whether two rectangles share any area. */
export const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

/**
 * How much of a segment lies inside a rectangle, as a length (Liang–Barsky: the part of the
 * segment inside each pair of the rectangle's sides, intersected); 0 when it passes outside.
 */
export function lengthInside(line: Segment, r: Rect): number {
  const dx = line.x2 - line.x1
  const dy = line.y2 - line.y1
  let t0 = 0
  let t1 = 1
  const edges: [number, number][] = [
    [-dx, line.x1 - r.x],
    [dx, r.x + r.w - line.x1],
    [-dy, line.y1 - r.y],
    [dy, r.y + r.h - line.y1],
  ]
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return 0
      continue
    }
    const t = q / p
    if (p < 0) t0 = Math.max(t0, t)
    else t1 = Math.min(t1, t)
    if (t0 > t1) return 0
  }
  return (t1 - t0) * Math.hypot(dx, dy)
}

/**
 * A flow's line may cut this much across a card's corner: the card still leaves the line to be
 * followed, and a nearer place with such a cut beats a clear one a row or two further out.
 */
const CORNER_CUT = 24

/**
 * What a new card keeps clear of when it can: flows' lines (`lines`), trust boundaries' edges
 * (`edges`, a line boundary's pieces too), and the far side of a box boundary (`zones`): a card
 * is on its target's side of one when its centre is inside it exactly when the target's anchor
 * is (strictly: an anchor on a boundary's own corner is outside it).
 */
export interface KeepClearOf {
  lines?: readonly Segment[]
  edges?: readonly Segment[]
  zones?: readonly Rect[]
}

/**
 * Where a new card goes: of `spots` near its target (`EDGE_CLEAR_RINGS`), the first of the
 * nearest where the card, with half the gap around it, covers none of `taken`, on its target's
 * side of every zone, clear of the flows' lines and of the boundaries' edges, a corner cut let
 * pass; else, of those up to `CLEAR_RINGS` out, the nearest on its target's side across an edge
 * (a card across an edge blurs the side, one wholly across it puts its threat on the wrong
 * side); else the nearest clear of the flows' lines alone (a card across a line hides the flow);
 * else the first of `spots` that covers none of `taken`, lines or not; when every one is taken,
 * the free place of a grid around the first spot nearest to it (a crowded target gets a block
 * of cards beside it, not one long column nor cards on top of each other). Past the near
 * places, one on the target's side of every zone comes first, from the spots, then the grid.
 */
export function firstFreeSpot(
  anchor: { x: number; y: number },
  spots: readonly (CardOffset & { ring?: number })[],
  taken: readonly Rect[],
  { lines = [], edges = [], zones = [] }: KeepClearOf = {},
): CardOffset {
  const half = CARD.gap / 2
  const cardAt = ({ dx, dy }: CardOffset) => ({
    x: anchor.x + dx - half,
    y: anchor.y + dy - half,
    w: CARD.w + CARD.gap,
    h: CARD.h + CARD.gap,
  })
  const isFree = (spot: CardOffset) => {
    const card = cardAt(spot)
    return !taken.some((box) => overlaps(box, card))
  }
  const clearOf = (segments: readonly Segment[]) => (spot: CardOffset) => {
    const card = cardAt(spot)
    return segments.reduce((sum, line) => sum + lengthInside(line, card), 0) <= CORNER_CUT
  }
  const inside = (p: { x: number; y: number }, r: Rect) =>
    p.x > r.x && p.x < r.x + r.w && p.y > r.y && p.y < r.y + r.h
  const home = zones.map((zone) => inside(anchor, zone))
  const onTargetsSide = ({ dx, dy }: CardOffset) => {
    const centre = { x: anchor.x + dx + CARD.w / 2, y: anchor.y + dy + CARD.h / 2 }
    return zones.every((zone, i) => inside(centre, zone) === home[i])
  }
  const clearOfLines = clearOf(lines)
  const clearOfAll = clearOf([...lines, ...edges])
  const offset = ({ dx, dy }: CardOffset): CardOffset => ({ dx, dy })
  // Nearest first: a card just left of its element rather than a row down on its right.
  const near = spots
    .filter((s) => (s.ring ?? 0) < CLEAR_RINGS)
    .sort((a, b) => (a.ring ?? 0) - (b.ring ?? 0))
  const nearer = near.filter((s) => (s.ring ?? 0) < EDGE_CLEAR_RINGS)
  const tiers: [readonly CardOffset[], (s: CardOffset) => boolean][] = [
    [nearer, (s) => onTargetsSide(s) && clearOfAll(s)],
    [near, (s) => onTargetsSide(s) && clearOfLines(s)],
    [near, clearOfLines],
  ]
  for (const [among, isClear] of tiers) {
    const clear = among.find((s) => isFree(s) && isClear(s))
    if (clear) return offset(clear)
  }
  const first = offset(spots[0]!)
  const grid = OVERFLOW_ORDER.map(({ col, row }) => ({
    dx: first.dx + col * COLUMN_STEP,
    dy: first.dy + row * STEP,
  }))
  const free =
    spots.find((s) => isFree(s) && onTargetsSide(s)) ??
    grid.find((s) => isFree(s) && onTargetsSide(s)) ??
    spots.find(isFree) ??
    grid.find(isFree)
  return free ? offset(free) : first
}

/** From one column of an overflowing block of cards to the next. */
const COLUMN_STEP = CARD.w + CARD.gap

/**
 * The grid cells an overflowing target's cards may take: right of and below its first spot, up to
 * `MAX_COLUMNS` wide and `MAX_ROWS` deep, nearest first (by the distance between card centres),
 * so the block grows about as wide as it is tall on the page.
 */
const MAX_COLUMNS = 12
const MAX_ROWS = 60
const OVERFLOW_ORDER = Array.from({ length: MAX_COLUMNS * MAX_ROWS }, (_, i) => ({
  col: i % MAX_COLUMNS,
  row: Math.floor(i / MAX_COLUMNS),
}))
  .filter(({ col, row }) => col > 0 || row > 0)
  .sort(
    (a, b) =>
      Math.hypot(a.col * COLUMN_STEP, a.row * STEP) - Math.hypot(b.col * COLUMN_STEP, b.row * STEP),
  )
