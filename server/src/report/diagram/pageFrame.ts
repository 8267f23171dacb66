import type { JsonRecord } from '@threatboard/shared/doc/recordMaps.ts'

/** Where a shape's own origin sits on its page, and how it is turned (radians). */
export interface Frame {
  x: number
  y: number
  rotation: number
}

export interface Point {
  x: number
  y: number
}

const finite = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0)

/** A point of a shape's own space, on its page. */
export function toPage(frame: Frame, p: Point): Point {
  const c = Math.cos(frame.rotation)
  const s = Math.sin(frame.rotation)
  return { x: frame.x + c * p.x - s * p.y, y: frame.y + s * p.x + c * p.y }
}

/** A page point in a shape's own space. */
export function toLocal(frame: Frame, p: Point): Point {
  const c = Math.cos(frame.rotation)
  const s = Math.sin(frame.rotation)
  const dx = p.x - frame.x
  const dy = p.y - frame.y
  return { x: c * dx + s * dy, y: -s * dx + c * dy }
}

/** Deepest parent chain followed; deeper (or cyclic) chains are treated as off every page. */
const MAX_DEPTH = 64

/**
 * Resolves every shape to its page and its page frame, composing the transforms of the frames
 * and groups it sits in (tldraw stores x/y relative to the parent). Shapes whose chain does not
 * end at a page are left out: tldraw would not draw them either.
 */
export function resolveFrames(
  shapes: JsonRecord[],
  pageIds: ReadonlySet<string>,
): Map<string, { pageId: string; frame: Frame }> {
  const byId = new Map(shapes.map((s) => [s.id, s]))
  const out = new Map<string, { pageId: string; frame: Frame }>()
  const resolve = (shape: JsonRecord, depth: number): { pageId: string; frame: Frame } | null => {
    const known = out.get(shape.id)
    if (known) return known
    if (depth > MAX_DEPTH) return null
    const own: Frame = {
      x: finite(shape.x),
      y: finite(shape.y),
      rotation: finite(shape.rotation),
    }
    const parentId = String(shape.parentId)
    let placed: { pageId: string; frame: Frame } | null = null
    if (pageIds.has(parentId)) placed = { pageId: parentId, frame: own }
    else {
      const parent = byId.get(parentId)
      const up = parent ? resolve(parent, depth + 1) : null
      if (up) {
        const origin = toPage(up.frame, own)
        placed = {
          pageId: up.pageId,
          frame: { ...origin, rotation: up.frame.rotation + own.rotation },
        }
      }
    }
    if (placed) out.set(shape.id, placed)
    return placed
  }
  for (const s of shapes) resolve(s, 0)
  return out
}
