import type { JsonRecord } from '@threatboard/shared/doc/recordMaps.ts'
import { toPage, type Frame, type Point } from './pageFrame.ts'

type Placed = Map<string, { pageId: string; frame: Frame }>

const finite = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0)

/** The page bounds of a box shape (its rotated corners' extent). */
function bounds(record: JsonRecord, frame: Frame) {
  const p = (record.props ?? {}) as { w?: unknown; h?: unknown }
  const w = finite(p.w)
  const h = finite(p.h)
  const pts = [
    { x: 0, y: 0 },
    { x: w, y: 0 },
    { x: w, y: h },
    { x: 0, y: h },
  ].map((c) => toPage(frame, c))
  const xs = pts.map((c) => c.x)
  const ys = pts.map((c) => c.y)
  return {
    minX: Math.min(...xs),
    maxX: Math.max(...xs),
    minY: Math.min(...ys),
    maxY: Math.max(...ys),
  }
}
const centre = (b: ReturnType<typeof bounds>): Point => ({
  x: (b.minX + b.maxX) / 2,
  y: (b.minY + b.maxY) / 2,
})

/**
 * Where the board puts threat cards and asset pins that hang from something, from the target as
 * it is now: a `tb-anchor` binding hangs a card at its offset from the target's top-right
 * corner; a card on a data flow (`meta.anchorFlow`) at its offset from the middle between the
 * centres of the flow's two elements (client/src/shapes/anchor). So a card follows its element
 * even if its own stored position was not updated. Returns the frames that differ.
 */
export function anchoredFrames(
  shapes: ReadonlyMap<string, JsonRecord>,
  records: JsonRecord[],
  placed: Placed,
  arrowEnds: ReadonlyMap<string, { start?: JsonRecord; end?: JsonRecord }>,
): Map<string, Frame> {
  const out = new Map<string, Frame>()
  const onPage = (card: JsonRecord, target: JsonRecord) => {
    const c = placed.get(card.id)
    const t = placed.get(target.id)
    // Only cards sitting directly on the page they share with the target are moved.
    return c && t && c.pageId === t.pageId && card.parentId === c.pageId ? c : undefined
  }
  const move = (card: JsonRecord, anchor: Point, dx: unknown, dy: unknown) => {
    const c = placed.get(card.id)!
    const frame = { x: anchor.x + finite(dx), y: anchor.y + finite(dy), rotation: c.frame.rotation }
    if (frame.x !== c.frame.x || frame.y !== c.frame.y) out.set(card.id, frame)
  }
  for (const b of records) {
    if (b.typeName !== 'binding' || b.type !== 'tb-anchor') continue
    const card = shapes.get(String(b.fromId))
    const target = shapes.get(String(b.toId))
    if (!card || !target || target.type === 'arrow' || !onPage(card, target)) continue
    const box = bounds(target, placed.get(target.id)!.frame)
    const props = (b.props ?? {}) as { dx?: unknown; dy?: unknown }
    move(card, { x: box.maxX, y: box.minY }, props.dx, props.dy)
  }
  for (const card of shapes.values()) {
    const meta = (card.meta ?? {}) as { anchorFlow?: unknown; dx?: unknown; dy?: unknown }
    if (typeof meta.anchorFlow !== 'string') continue
    const flow = shapes.get(meta.anchorFlow)
    const ends = arrowEnds.get(meta.anchorFlow)
    const a = ends?.start && shapes.get(String(ends.start.toId))
    const z = ends?.end && shapes.get(String(ends.end.toId))
    if (!flow || !a || !z || !onPage(card, flow) || !placed.get(a.id) || !placed.get(z.id)) continue
    const ca = centre(bounds(a, placed.get(a.id)!.frame))
    const cz = centre(bounds(z, placed.get(z.id)!.frame))
    move(card, { x: (ca.x + cz.x) / 2, y: (ca.y + cz.y) / 2 }, meta.dx, meta.dy)
  }
  return out
}
