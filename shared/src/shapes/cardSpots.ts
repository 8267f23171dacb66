/** A threat card's default size (the board's card shape), and the space kept around one. */
export const CARD = { w: 232, h: 64, gap: 8 } as const

/** From one card of a stack to the next. */
const STEP = CARD.h + CARD.gap

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

/**
 * The places a new card may go, in order of preference, as offsets from the target's anchor
 * (a flow's middle; a box's top-right corner): under a flow's middle, then above it, stacking
 * outwards; right of a box, then left of it, then under it, stacking downwards.
 */
export function cardSpots(target: { flow: true } | { flow: false; w: number; h: number }) {
  const spots: CardOffset[] = []
  if (target.flow) {
    for (let i = 0; i < 6; i++) {
      spots.push({ dx: -CARD.w / 2, dy: 20 + i * STEP })
      spots.push({ dx: -CARD.w / 2, dy: -20 - CARD.h - i * STEP })
    }
  } else {
    for (let i = 0; i < 6; i++) spots.push({ dx: 12, dy: i * STEP })
    for (let i = 0; i < 6; i++) spots.push({ dx: -target.w - 12 - CARD.w, dy: i * STEP })
    for (let i = 0; i < 4; i++) spots.push({ dx: -target.w, dy: target.h + CARD.gap + i * STEP })
  }
  return spots
}

/** Whether two rectangles share any area. */
export const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

/**
 * The first of `spots` where a card, with half the gap around it, covers none of `taken`; when
 * every one is taken, the free place of a grid around the first spot nearest to it (a crowded
 * target gets a block of cards beside it, not one long column nor cards on top of each other).
 */
export function firstFreeSpot(
  anchor: { x: number; y: number },
  spots: CardOffset[],
  taken: readonly Rect[],
): CardOffset {
  const half = CARD.gap / 2
  const isFree = ({ dx, dy }: CardOffset) => {
    const card = {
      x: anchor.x + dx - half,
      y: anchor.y + dy - half,
      w: CARD.w + CARD.gap,
      h: CARD.h + CARD.gap,
    }
    return !taken.some((box) => overlaps(box, card))
  }
  const free = spots.find(isFree)
  if (free) return free
  const first = spots[0]!
  for (const { col, row } of OVERFLOW_ORDER) {
    const further = { dx: first.dx + col * COLUMN_STEP, dy: first.dy + row * STEP }
    if (isFree(further)) return further
  }
  return first
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
